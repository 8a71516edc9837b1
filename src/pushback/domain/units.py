"""Unit conversions and rounding: body mass and loads (kg / lb), distances (m).

The pound is the international avoirdupois pound, defined as exactly
0.45359237 kg, and the yard as exactly 0.9144 m (foot = 0.3048 m, mile = 1760
yards = 1609.344 m): International Yard and Pound Agreement, 1959. This module is
the one place those factors live; other layers convert through it (pages get
values already converted, or the factor from :func:`kg_to_unit`).
"""

from __future__ import annotations

from typing import Literal

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "KG_PER_LB",
    "LENGTH_UNITS",
    "MASS_UNITS",
    "M_PER_FOOT",
    "M_PER_MILE",
    "M_PER_YARD",
    "MassUnit",
    "format_mass",
    "kg_to_lb",
    "kg_to_unit",
    "lb_to_kg",
    "to_kg",
    "to_metres",
]

#: Exact, by definition (1959 agreement).
KG_PER_LB = 0.45359237
#: Exact, by definition (1959 agreement: 1 yard = 0.9144 m = 3 feet; a mile is
#: 1760 yards).
M_PER_YARD = 0.9144
M_PER_FOOT = 0.3048
M_PER_MILE = 1609.344

MassUnit = Literal["kg", "lb"]
MASS_UNITS: tuple[str, ...] = ("kg", "lb")
#: Length unit -> metres per unit.
LENGTH_UNITS: dict[str, float] = {
    "m": 1.0,
    "km": 1000.0,
    "mi": M_PER_MILE,
    "yd": M_PER_YARD,
    "ft": M_PER_FOOT,
}


def lb_to_kg(mass_lb: float) -> float:
    """Convert pounds to kilograms (exact factor, no rounding)."""
    return mass_lb * KG_PER_LB


def kg_to_lb(mass_kg: float) -> float:
    """Convert kilograms to pounds (exact factor, no rounding)."""
    return mass_kg / KG_PER_LB


def to_kg(value: float, unit: str) -> float:
    """Convert a mass given in ``unit`` (``kg`` or ``lb``) to kilograms.

    Raises :class:`InvalidInput` for an unknown unit.
    """
    if unit == "kg":
        return float(value)
    if unit == "lb":
        return lb_to_kg(value)
    raise InvalidInput("unit", unit, msg("one of kg, lb"))


def kg_to_unit(mass_kg: float, unit: str) -> float:
    """Convert a mass in kilograms to ``unit`` (``kg`` or ``lb``), no rounding.

    ``kg_to_unit(1.0, unit)`` is the factor a chart multiplies kilograms by.
    Raises :class:`InvalidInput` for an unknown unit.
    """
    if unit == "kg":
        return float(mass_kg)
    if unit == "lb":
        return kg_to_lb(mass_kg)
    raise InvalidInput("unit", unit, msg("one of kg, lb"))


def to_metres(value: float, unit: str) -> float:
    """Convert a distance given in ``unit`` (a key of :data:`LENGTH_UNITS`) to metres.

    Raises :class:`InvalidInput` for an unknown unit.
    """
    try:
        return value * LENGTH_UNITS[unit]
    except KeyError:
        raise InvalidInput(
            "unit", unit, msg("one of %(choices)s", choices=", ".join(LENGTH_UNITS))
        ) from None


def format_mass(mass_kg: float, unit: str = "kg") -> str:
    """Render a mass for people: one decimal, with its unit (``80.0 kg``, ``176.4 lb``).

    Raises :class:`InvalidInput` for an unknown unit.
    """
    return f"{kg_to_unit(mass_kg, unit):.1f} {unit}"
