"""Schema of ``/api/v1/nutrition`` (``pushback nutrition --json``)."""

from __future__ import annotations

from pydantic import Field

from pushback.web.api.schemas.common import Number, OutModel

__all__ = ["NutritionOut"]


class RangeOut(OutModel):
    """A range of a figure."""

    min: Number
    max: Number


class InputsOut(OutModel):
    """What the targets were computed from (``from_profile``: read from your
    newest assessment)."""

    body_mass_kg: Number
    age_y: int | None
    sex: str | None
    meals: int
    height_cm: Number | None
    activity: str | None
    excluded_foods: list[str]
    from_profile: list[str]


class ProteinEvidenceOut(OutModel):
    """One published protein range and what it gives for you."""

    id: str
    label: str
    g_per_kg: RangeOut
    g_per_day: RangeOut
    grade: str
    sources: list[str]
    note: str | None
    ci_g_per_kg: list[Number] | None = None


class PerMealOut(OutModel):
    """Protein per meal: your target and range."""

    meals: int
    target: Number
    min: Number
    max: Number


class PerMealEvidenceOut(OutModel):
    """One published per-meal figure and what it gives for you."""

    id: str
    label: str
    g_per_kg: Number
    g_per_meal: Number
    grade: str
    sources: list[str]


class VitaminDContextOut(OutModel):
    """Another body's vitamin D figure, for comparison."""

    body: str
    group: str
    kind: str
    intake_ug: Number | None
    upper_limit_ug: Number | None
    upper_limit_note: str | None
    sources: list[str]


class VitaminDBasisOut(OutModel):
    """Where the vitamin D target comes from."""

    body: str
    group: str
    kind: str
    age_assumed: bool
    sources: list[str]
    seed_ug: list[Number]
    context: list[VitaminDContextOut]


class FoodOut(OutModel):
    """One food of the day and its amount."""

    food: str
    name: str
    grams: Number
    portions: Number
    protein_g: Number
    vitamin_d_ug: Number
    verify: bool
    sources: list[str]


class FoodTotalsOut(OutModel):
    """Sums of the rounded rows."""

    grams: Number
    protein_g: Number
    vitamin_d_ug: Number
    target_protein_g: Number


class EnergyOut(OutModel):
    """The energy estimate (only with height, age and sex)."""

    estimate: bool
    equation: str
    resting: int
    activity: str | None
    activity_factor: Number | None
    total: int | None
    by_activity: dict[str, int]
    lean_gain: RangeOut | None
    sources: list[str]


class NoteOut(OutModel):
    """A short evidence note with its sources."""

    topic: str
    text: str
    sources: list[str]


class NutritionOut(OutModel):
    """Protein and vitamin D targets, a day of foods, and the evidence."""

    inputs: InputsOut
    protein_g_per_day: RangeOut
    protein_g_per_kg_per_day: RangeOut
    protein_target_g_per_day: Number
    protein_evidence: list[ProteinEvidenceOut]
    protein_g_per_meal: PerMealOut
    protein_per_meal_evidence: list[PerMealEvidenceOut]
    vitamin_d_ug_per_day: RangeOut
    vitamin_d_iu_per_day: RangeOut
    vitamin_d_upper_limit_ug_per_day: Number
    vitamin_d_upper_limit_iu_per_day: int
    vitamin_d_basis: VitaminDBasisOut
    day_of_foods: list[FoodOut]
    day_of_foods_totals: FoodTotalsOut
    energy_kcal_per_day: EnergyOut | None
    notes: list[NoteOut]
    sources: dict[str, str] = Field(description="Citation of each source id.")
