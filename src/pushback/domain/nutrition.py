"""Nutrition targets: protein per day and per meal, vitamin D by age, a day of foods
that reaches the protein target and an optional energy estimate.

Every figure comes from ``data/nutrition.toml`` and ``data/foods.toml`` with a source
id (domain brief, section 5; seed article, section 5). Units are in the names: grams
(``_g``), micrograms (``_ug``), kilocalories (``_kcal``), body mass in kg, age in years.

Public JSON (:meth:`NutritionTargets.to_dict`: the CLI's ``--json`` and the web API)
keeps these keys stable: ``protein_g_per_day`` ``{"min", "max"}`` (the seed's
1.6-2.2 g/kg times body mass), ``vitamin_d_ug_per_day`` ``{"min", "max"}`` (min: the
NIH/IOM intake for the age, 15 ug for 1-70 y and 20 ug over 70; max: the seed's 20 ug)
and ``vitamin_d_upper_limit_ug_per_day`` (100 ug for adults). Other keys may be added,
never removed or renamed.

Bad user values raise :class:`InvalidInput` naming the field (the CLI flag name), the
value and the accepted range; a broken data file raises :class:`CatalogError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pushback.domain._nutrition_data import (
    EnergyModel,
    Food,
    NutritionReference,
    ProteinRange,
    VitaminDBand,
    load_foods,
    load_nutrition_reference,
    parse_foods,
    parse_nutrition_reference,
)
from pushback.domain._nutrition_report import (
    ADULT_AGE_Y,
    Note,
    evidence_notes,
    targets_to_dict,
)
from pushback.domain.assessment import (
    AGE_RANGE,
    BODY_MASS_KG_RANGE,
    BODY_MASS_LB_RANGE,
)
from pushback.domain.errors import InvalidInput
from pushback.domain.units import lb_to_kg

__all__ = [
    "ADULT_AGE_Y",
    "AGE_RANGE_Y",
    "BODY_MASS_RANGE_KG",
    "SEXES",
    "DayOfFoods",
    "EnergyEstimate",
    "Food",
    "FoodPortion",
    "Note",
    "NutritionReference",
    "NutritionRequest",
    "NutritionTargets",
    "ProteinRange",
    "VitaminDBand",
    "body_mass_kg_from",
    "build_targets",
    "estimate_energy",
    "load_foods",
    "load_nutrition_reference",
    "parse_foods",
    "parse_nutrition_reference",
    "plan_day_of_foods",
    "validate_request",
    "vitamin_d_band",
]

SEXES: tuple[str, ...] = ("female", "male")
#: Accepted body mass and age: the assessment's plausibility bounds [design], so a
#: saved profile is always accepted here too.
BODY_MASS_RANGE_KG: tuple[float, float] = BODY_MASS_KG_RANGE
AGE_RANGE_Y: tuple[int, int] = AGE_RANGE


def _fmt(value: float) -> str:
    """A number for messages: ``30`` rather than ``30.0``, at most one decimal."""
    return f"{value:g}" if value == round(value, 1) else f"{value:.1f}"


def _check_range(
    field: str, value: object, bounds: tuple[float, float], unit: str
) -> None:
    """Raise InvalidInput unless ``value`` is a finite number within ``bounds``."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(
            field, value, f"a number between {_fmt(low)} and {_fmt(high)}"
        )
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(field, value, f"between {_fmt(low)} and {_fmt(high)}{unit}")


def body_mass_kg_from(weight_kg: float | None, weight_lb: float | None) -> float | None:
    """Body mass in kg from either flag (None if neither); checks the accepted range.

    Pounds are checked in pounds, so the message quotes what the user typed.
    Raises InvalidInput when both are given or a value is out of range.
    """
    if weight_kg is not None and weight_lb is not None:
        raise InvalidInput("weight_lb", weight_lb, "omitted when weight_kg is given")
    if weight_lb is not None:
        _check_range("weight_lb", weight_lb, BODY_MASS_LB_RANGE, " lb")
        return lb_to_kg(weight_lb)
    if weight_kg is not None:
        _check_range("weight_kg", weight_kg, BODY_MASS_RANGE_KG, " kg")
    return weight_kg


@dataclass(frozen=True)
class NutritionRequest:
    """What the targets are computed from. ``meals`` None means the [design] default.

    ``from_profile`` names the fields read from the saved profile (for display).
    """

    body_mass_kg: float
    age_y: int | None = None
    sex: str | None = None
    meals: int | None = None
    height_cm: float | None = None
    activity: str | None = None
    excluded_foods: tuple[str, ...] = ()
    from_profile: tuple[str, ...] = ()


def _check_energy_inputs(
    request: NutritionRequest, reference: NutritionReference
) -> None:
    """Height, age and sex must come together; activity needs height."""
    factors = reference.energy.activity_factors
    if request.activity is not None and request.activity not in factors:
        raise InvalidInput("activity", request.activity, "one of " + ", ".join(factors))
    if request.height_cm is None:
        if request.activity is not None:
            expected = "given with activity (the energy estimate needs height)"
            raise InvalidInput("height_cm", None, expected)
        return
    _check_range("height_cm", request.height_cm, reference.limits.height_cm, " cm")
    if request.age_y is None:
        raise InvalidInput("age", None, "given to estimate energy from height_cm")
    if request.sex is None:
        raise InvalidInput("sex", None, "female or male to estimate energy")


def validate_request(
    request: NutritionRequest, reference: NutritionReference, foods: Sequence[Food]
) -> NutritionRequest:
    """Check every field against the limits; returns the request with ``meals`` set.

    Raises InvalidInput naming the field, the value and what is accepted.
    """
    _check_range("weight_kg", request.body_mass_kg, BODY_MASS_RANGE_KG, " kg")
    if request.age_y is not None:
        _check_range("age", request.age_y, AGE_RANGE_Y, " years")
    if request.sex is not None and request.sex not in SEXES:
        raise InvalidInput("sex", request.sex, "female or male (or omitted)")
    meals = reference.default_meals if request.meals is None else request.meals
    _check_range("meals", meals, reference.limits.meals, " meals a day")
    _check_energy_inputs(request, reference)
    slugs = [food.slug for food in foods]
    for slug in request.excluded_foods:
        if slug not in slugs:
            raise InvalidInput("exclude", slug, "one of " + ", ".join(slugs))
    return replace(request, meals=meals)


def vitamin_d_band(age_y: float | None, reference: NutritionReference) -> VitaminDBand:
    """The NIH/IOM band for an age in years; None assumes an adult of 18-70 (15 ug)."""
    age_months = 30 * 12 if age_y is None else age_y * 12
    for band in reference.vitamin_d_bands:
        if band.contains(age_months):
            return band
    raise InvalidInput("age", age_y, "a non-negative number of years")


@dataclass(frozen=True)
class FoodPortion:
    """An amount of one food in the day of foods."""

    food: Food
    grams: float

    @property
    def protein_g(self) -> float:
        """Protein in this amount, g."""
        return self.grams * self.food.protein_g_per_100g / 100

    @property
    def vitamin_d_ug(self) -> float:
        """Vitamin D in this amount, ug."""
        return self.grams * self.food.vitamin_d_ug_per_100g / 100


@dataclass(frozen=True)
class DayOfFoods:
    """Foods and amounts for one day that reach ``target_protein_g``."""

    target_protein_g: float
    items: tuple[FoodPortion, ...]

    @property
    def protein_g(self) -> float:
        """Total protein, g."""
        return sum(item.protein_g for item in self.items)

    @property
    def vitamin_d_ug(self) -> float:
        """Total vitamin D, ug."""
        return sum(item.vitamin_d_ug for item in self.items)


def plan_day_of_foods(
    target_protein_g: float,
    foods: Sequence[Food],
    *,
    max_portions: int,
    trim_step_g: float,
) -> DayOfFoods:
    """Whole portions of ``foods``, in order, round after round, up to the target.

    No food gets more than ``max_portions`` portions; the last portion is trimmed in
    ``trim_step_g`` steps, so the total lands in [target, target + one step's protein).
    Raises InvalidInput (field ``exclude``) when the foods cannot reach the target.
    """
    grams = dict.fromkeys((food.slug for food in foods), 0.0)
    total_g, last = 0.0, None
    usable = [food for food in foods if food.protein_g_per_100g > 0]
    for _ in range(max_portions):
        for food in usable:
            if total_g >= target_protein_g:
                break
            grams[food.slug] += food.portion_g
            total_g += food.portion_protein_g
            last = food
    if total_g < target_protein_g:
        expected = f"foods able to reach {_fmt(target_protein_g)} g protein a day"
        raise InvalidInput("exclude", [food.slug for food in foods], expected)
    if last is not None:
        spare_g = (total_g - target_protein_g) / (last.protein_g_per_100g / 100)
        grams[last.slug] -= math.floor(spare_g / trim_step_g) * trim_step_g
    items = tuple(
        FoodPortion(food, grams[food.slug]) for food in foods if grams[food.slug] > 0
    )
    return DayOfFoods(target_protein_g=target_protein_g, items=items)


@dataclass(frozen=True)
class EnergyEstimate:
    """Mifflin-St Jeor resting energy and totals per activity level, kcal/day.

    Estimates only; ``activity`` picks :attr:`total_kcal` (None: no total).
    """

    resting_kcal: float
    by_activity_kcal: Mapping[str, float]
    activity: str | None
    lean_gain_fraction: tuple[float, float]

    @property
    def total_kcal(self) -> float | None:
        """Resting energy times the chosen activity factor; None without an activity."""
        return None if self.activity is None else self.by_activity_kcal[self.activity]


def estimate_energy(
    *,
    body_mass_kg: float,
    height_cm: float,
    age_y: float,
    sex: str,
    model: EnergyModel,
) -> EnergyEstimate:
    """REE = 10 kg + 6.25 cm - 5 age + 5 (men) / - 161 (women), Mifflin et al. 1990.

    Returns an estimate with no activity chosen; ``replace(estimate, activity=...)``
    picks the total.
    """
    resting_kcal = (
        model.weight_kcal_per_kg * body_mass_kg
        + model.height_kcal_per_cm * height_cm
        + model.age_kcal_per_y * age_y
        + model.sex_kcal[sex]
    )
    by_activity = {
        name: resting_kcal * factor for name, factor in model.activity_factors.items()
    }
    return EnergyEstimate(
        resting_kcal=resting_kcal,
        by_activity_kcal=by_activity,
        activity=None,
        lean_gain_fraction=model.lean_gain_fraction,
    )


@dataclass(frozen=True)
class NutritionTargets:
    """The computed targets for one request; :meth:`to_dict` is the public JSON."""

    request: NutritionRequest
    reference: NutritionReference
    vitamin_d: VitaminDBand
    day: DayOfFoods
    energy: EnergyEstimate | None

    @property
    def meals(self) -> int:
        """Meals a day the per-meal split uses."""
        return self.request.meals or self.reference.default_meals

    def protein_range_g(self, range_id: str = "seed") -> tuple[float, float]:
        """A protein range (default: the seed's 1.6-2.2 g/kg) times body mass, g/day."""
        item = self.reference.protein_range(range_id)
        mass_kg = self.request.body_mass_kg
        return item.min_g_per_kg * mass_kg, item.max_g_per_kg * mass_kg

    @property
    def protein_target_g(self) -> float:
        """The [design] default daily target (1.6 g/kg), g/day."""
        default = self.reference.protein_range("design-default")
        return (
            default.target_g_per_kg or default.min_g_per_kg
        ) * self.request.body_mass_kg

    @property
    def vitamin_d_ug(self) -> tuple[float, float]:
        """Vitamin D target, ug/day: the NIH/IOM figure for the age to the seed's 20."""
        seed_max_ug = self.reference.seed_vitamin_d_ug[1]
        return self.vitamin_d.intake_ug, max(self.vitamin_d.intake_ug, seed_max_ug)

    def notes(self) -> tuple[Note, ...]:
        """Evidence notes: where seed and evidence differ; what to ask a clinician."""
        return evidence_notes(self)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON (see the module docstring for the stable keys)."""
        return targets_to_dict(self)


def _energy_for(
    request: NutritionRequest, reference: NutritionReference
) -> EnergyEstimate | None:
    """The energy estimate when height, age and sex are all known (else None)."""
    if request.height_cm is None or request.age_y is None or request.sex is None:
        return None
    energy = estimate_energy(
        body_mass_kg=request.body_mass_kg,
        height_cm=request.height_cm,
        age_y=request.age_y,
        sex=request.sex,
        model=reference.energy,
    )
    return replace(energy, activity=request.activity)


def build_targets(
    request: NutritionRequest,
    reference: NutritionReference | None = None,
    foods: Sequence[Food] | None = None,
) -> NutritionTargets:
    """Validate ``request`` and compute every target (shipped data unless given).

    Raises InvalidInput for a bad value or exclusions that leave too little protein.
    """
    reference = reference or load_nutrition_reference()
    all_foods = tuple(foods if foods is not None else load_foods())
    request = validate_request(request, reference, all_foods)
    kept = [food for food in all_foods if food.slug not in request.excluded_foods]
    target_g = reference.target_g_per_kg * request.body_mass_kg
    try:
        day = plan_day_of_foods(
            target_g,
            kept,
            max_portions=reference.max_portions_per_food,
            trim_step_g=reference.trim_step_g,
        )
    except InvalidInput:
        expected = (
            f"foods whose exclusion still leaves {_fmt(target_g)} g protein a day "
            f"within {reference.max_portions_per_food} portions of each other food"
        )
        raise InvalidInput("exclude", list(request.excluded_foods), expected) from None
    band = vitamin_d_band(request.age_y, reference)
    return NutritionTargets(
        request, reference, band, day, _energy_for(request, reference)
    )
