"""Unit conversions: the exact 1959 factors, round trips, refused units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.errors import InvalidInput
from pushback.domain.units import (
    format_mass,
    kg_to_lb,
    kg_to_unit,
    lb_to_kg,
    to_kg,
    to_metres,
)


def test_a_pound_is_exactly_0_45359237_kg() -> None:
    assert lb_to_kg(100) == pytest.approx(45.359237, abs=1e-12)
    assert kg_to_unit(45.359237, "lb") == pytest.approx(100, abs=1e-12)
    assert to_kg(135, "lb") == pytest.approx(61.23496995, abs=1e-9)


@pytest.mark.parametrize(
    ("value", "unit", "metres"),
    [(1, "m", 1.0), (2.5, "km", 2500.0), (1, "mi", 1609.344), (3, "ft", 0.9144),
     (1, "yd", 0.9144)],
)  # fmt: skip
def test_distances_convert_to_metres(value: float, unit: str, metres: float) -> None:
    assert to_metres(value, unit) == pytest.approx(metres, abs=1e-9)


@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_kilograms_survive_a_trip_through_pounds(mass_kg: float) -> None:
    assert lb_to_kg(kg_to_lb(mass_kg)) == pytest.approx(mass_kg, rel=1e-12, abs=1e-12)
    assert kg_to_unit(mass_kg, "kg") == mass_kg


def test_a_mass_is_shown_in_the_users_unit() -> None:
    assert format_mass(80, "kg") == "80.0 kg"
    assert format_mass(80, "lb") == "176.4 lb"


@pytest.mark.parametrize(
    "convert",
    [
        lambda: to_kg(1, "stone"),
        lambda: kg_to_unit(1, "st"),
        lambda: to_metres(1, "league"),
    ],
)
def test_an_unknown_unit_is_refused_naming_what_is_accepted(convert) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="must be one of"):
        convert()
