"""Unit conversions and rounding for body mass (kg / lb).

The pound is the international avoirdupois pound, defined as exactly
0.45359237 kg (International Yard and Pound Agreement, 1959).
"""

from __future__ import annotations

from typing import Literal

from pushback.domain.errors import InvalidInput

__all__ = [
    "KG_PER_LB",
    "MASS_UNITS",
    "MassUnit",
    "format_mass",
    "kg_to_lb",
    "lb_to_kg",
    "to_kg",
]

#: Exact, by definition (1959 agreement).
KG_PER_LB = 0.45359237

MassUnit = Literal["kg", "lb"]
MASS_UNITS: tuple[str, ...] = ("kg", "lb")


def lb_to_kg(mass_lb: float) -> float:
    """Convert pounds to kilograms (exact factor, no rounding)."""
    return mass_lb * KG_PER_LB


def kg_to_lb(mass_kg: float) -> float:
    """Convert kilograms to pounds (exact factor, no rounding)."""
    return mass_kg / KG_PER_LB


def to_kg(value: float, unit: str) -> float:
    """Convert a body mass given in ``unit`` (``kg`` or ``lb``) to kilograms.

    Raises :class:`InvalidInput` for an unknown unit.
    """
    if unit == "kg":
        return float(value)
    if unit == "lb":
        return lb_to_kg(value)
    raise InvalidInput("unit", unit, "one of kg, lb")


def format_mass(mass_kg: float, unit: str = "kg") -> str:
    """Render a mass for people: one decimal, with its unit (``80.0 kg``, ``176.4 lb``).

    Raises :class:`InvalidInput` for an unknown unit.
    """
    if unit == "kg":
        return f"{mass_kg:.1f} kg"
    if unit == "lb":
        return f"{kg_to_lb(mass_kg):.1f} lb"
    raise InvalidInput("unit", unit, "one of kg, lb")
