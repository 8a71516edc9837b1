"""Loading and checking of ``data/nutrition.toml`` and ``data/foods.toml``.

Private to :mod:`pushback.domain.nutrition`, which re-exports the public names. Every
problem in a shipped file raises :class:`CatalogError` naming the file and the key path
(e.g. ``foods.toml: food[2].portion_g: must be between 1 and 1000 (got 0)``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pushback.domain._toml_reader import TableReader
from pushback.domain.catalog import Source, load_catalog
from pushback.domain.errors import CatalogError

__all__ = [
    "FOODS_FILE",
    "NUTRITION_FILE",
    "EnergyModel",
    "Food",
    "Limits",
    "NutritionReference",
    "PerMealFigure",
    "ProteinRange",
    "VitaminDBand",
    "VitaminDContext",
    "load_foods",
    "load_nutrition_reference",
    "parse_foods",
    "parse_nutrition_reference",
]

NUTRITION_FILE = "nutrition.toml"
FOODS_FILE = "foods.toml"


@dataclass(frozen=True)
class ProteinRange:
    """A daily protein figure in g per kg body mass per day (min == max for a point)."""

    id: str
    label: str
    min_g_per_kg: float
    max_g_per_kg: float
    grade: str
    sources: tuple[str, ...]
    note: str
    ci_g_per_kg: tuple[float, float] | None = None
    target_g_per_kg: float | None = None


@dataclass(frozen=True)
class PerMealFigure:
    """A per-meal protein figure in g per kg body mass per meal."""

    id: str
    label: str
    g_per_kg: float
    grade: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class VitaminDBand:
    """One NIH/IOM age band: ages from ``from_months`` up to, not incl., ``to_months``.

    ``to_months`` None: open-ended.
    """

    label: str
    kind: str
    intake_ug: float
    upper_limit_ug: float
    from_months: int
    to_months: int | None
    sources: tuple[str, ...]
    #: Names the band in the per-language tables (``data/i18n``).
    id: str = ""

    def contains(self, age_months: float) -> bool:
        """True when an age in months falls in this band."""
        above = age_months >= self.from_months
        return above and (self.to_months is None or age_months < self.to_months)


@dataclass(frozen=True)
class VitaminDContext:
    """Another body's vitamin D figure, shown for context only."""

    body: str
    group: str
    kind: str
    intake_ug: float
    upper_limit_note: str
    sources: tuple[str, ...]
    upper_limit_ug: float | None = None
    #: Names the entry in the per-language tables (``data/i18n``).
    id: str = ""


@dataclass(frozen=True)
class EnergyModel:
    """Mifflin-St Jeor coefficients (kcal/day), activity factors, lean-gain margin."""

    weight_kcal_per_kg: float
    height_kcal_per_cm: float
    age_kcal_per_y: float
    sex_kcal: Mapping[str, float]
    activity_factors: Mapping[str, float]
    lean_gain_fraction: tuple[float, float]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Limits:
    """Accepted input ranges [design], inclusive."""

    height_cm: tuple[float, float]
    meals: tuple[int, int]


@dataclass(frozen=True)
class NutritionReference:
    """Everything ``data/nutrition.toml`` holds, checked."""

    #: The bibliography entries (``data/sources.toml``) nutrition and foods may cite.
    sources: Mapping[str, Source]
    limits: Limits
    protein_ranges: tuple[ProteinRange, ...]
    per_meal_figures: tuple[PerMealFigure, ...]
    default_meals: int
    max_portions_per_food: int
    trim_step_g: float
    iu_per_ug: float
    seed_vitamin_d_ug: tuple[float, float]
    vitamin_d_bands: tuple[VitaminDBand, ...]
    vitamin_d_context: tuple[VitaminDContext, ...]
    energy: EnergyModel

    @property
    def target_g_per_kg(self) -> float:
        """The [design] default daily protein target (1.6 g/kg/day)."""
        default = self.protein_range("design-default")
        return default.target_g_per_kg or default.min_g_per_kg

    def protein_range(self, range_id: str) -> ProteinRange:
        """The protein range with this id (``seed``, ``issn``, ``design-default``)."""
        for item in self.protein_ranges:
            if item.id == range_id:
                return item
        raise KeyError(range_id)


@dataclass(frozen=True)
class Food:
    """One food of ``data/foods.toml``; values per 100 g (low end of a range)."""

    slug: str
    name: str
    protein_g_per_100g: float
    vitamin_d_ug_per_100g: float
    portion_g: float
    portion_label: str
    portion_grade: str
    verify: bool
    sources: tuple[str, ...]
    note: str
    seed_name: str | None = None
    protein_g_per_100g_high: float | None = None
    vitamin_d_ug_per_100g_high: float | None = None

    @property
    def portion_protein_g(self) -> float:
        """Protein in one typical portion, g."""
        return self.portion_g * self.protein_g_per_100g / 100


# --------------------------------------------------------------------------- loading


def _read_data_file(name: str) -> dict[str, Any]:
    text = resources.files("pushback.data").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(name, "(file)", f"not valid TOML: {error}") from None


def _parse_sources(
    top: TableReader, bibliography: Mapping[str, Source]
) -> dict[str, Source]:
    """The entries of ``data/sources.toml`` that the top-level ``sources`` names."""
    ids = top.ids("sources", bibliography)
    if len(set(ids)) != len(ids):
        raise top.fail("sources", "lists a source id twice")
    return {source_id: bibliography[source_id] for source_id in ids}


def _parse_protein(
    top: TableReader, known: Collection[str]
) -> tuple[ProteinRange, ...]:
    ranges = []
    for row in top.sub("protein").rows("ranges"):
        low, high = (
            row.number("min_g_per_kg", 0.1, 5),
            row.number("max_g_per_kg", 0.1, 5),
        )
        if low > high:
            raise row.fail("max_g_per_kg", f"below min_g_per_kg {low}")
        ci = row.pair("ci_g_per_kg", 0.1, 5) if "ci_g_per_kg" in row.table else None
        ranges.append(
            ProteinRange(
                id=row.text("id"),
                label=row.text("label"),
                min_g_per_kg=low,
                max_g_per_kg=high,
                grade=row.grade(),
                sources=row.ids("sources", known),
                note=row.text("note"),
                ci_g_per_kg=ci,
                target_g_per_kg=row.maybe_number("target_g_per_kg", low, high),
            )
        )
    ids = {item.id for item in ranges}
    for required in ("seed", "design-default"):
        if required not in ids:
            raise top.fail("protein.ranges", f"needs a range with id {required!r}")
    return tuple(ranges)


def _parse_per_meal(
    top: TableReader, known: Collection[str]
) -> tuple[PerMealFigure, ...]:
    rows = top.sub("protein").sub("per_meal").rows("figures")
    return tuple(
        PerMealFigure(
            id=row.text("id"),
            label=row.text("label"),
            g_per_kg=row.number("g_per_kg", 0.05, 2),
            grade=row.grade(),
            sources=row.ids("sources", known),
        )
        for row in rows
    )


def _parse_vitamin_d_bands(
    section: TableReader, known: Collection[str]
) -> tuple[VitaminDBand, ...]:
    bands: list[VitaminDBand] = []
    for row in section.rows("nih"):
        start = row.integer("from_months", 0, 1500)
        expected = bands[-1].to_months if bands else 0
        if start != expected:
            raise row.fail(
                "from_months", f"bands must be contiguous from 0 (expected {expected})"
            )
        end = (
            row.integer("to_months", start + 1, 1500)
            if "to_months" in row.table
            else None
        )
        if bands and bands[-1].to_months is None:
            raise row.fail("from_months", "follows an open-ended band")
        bands.append(
            VitaminDBand(
                label=row.text("label"),
                kind=row.text("kind"),
                intake_ug=row.number("intake_ug", 1, 100),
                upper_limit_ug=row.number("upper_limit_ug", 1, 250),
                from_months=start,
                to_months=end,
                sources=row.ids("sources", known),
                id=row.text("id", ""),
            )
        )
    if bands[-1].to_months is not None:
        raise section.fail("nih", "the last band must be open-ended (no to_months)")
    return tuple(bands)


def _parse_context(
    section: TableReader, known: Collection[str]
) -> tuple[VitaminDContext, ...]:
    return tuple(
        VitaminDContext(
            body=row.text("body"),
            group=row.text("group"),
            kind=row.text("kind"),
            intake_ug=row.number("intake_ug", 1, 100),
            upper_limit_ug=row.maybe_number("upper_limit_ug", 1, 250),
            upper_limit_note=row.text("upper_limit_note"),
            sources=row.ids("sources", known),
            id=row.text("id", ""),
        )
        for row in section.rows("context")
    )


def _parse_energy(top: TableReader, known: Collection[str]) -> EnergyModel:
    energy = top.sub("energy")
    factors_table = energy.sub("activity_factors")
    factors = {
        name: factors_table.number(name, 1.0, 2.5)
        for name in factors_table.table
        if name != "sources"
    }
    gain = energy.sub("lean_gain")
    return EnergyModel(
        weight_kcal_per_kg=energy.number("weight_kcal_per_kg", 0, 50),
        height_kcal_per_cm=energy.number("height_kcal_per_cm", 0, 50),
        age_kcal_per_y=energy.number("age_kcal_per_y", -50, 0),
        sex_kcal={
            "male": energy.number("male_kcal", -500, 500),
            "female": energy.number("female_kcal", -500, 500),
        },
        activity_factors=factors,
        lean_gain_fraction=(
            gain.number("min_fraction", 0, 1),
            gain.number("max_fraction", 0, 1),
        ),
        sources=energy.ids("sources", known) + factors_table.ids("sources", known),
    )


def _parse_limits(top: TableReader) -> Limits:
    limits = top.sub("limits")
    meals = limits.pair("meals", 1, 12)
    return Limits(
        height_cm=limits.pair("height_cm", 30, 300),
        meals=(int(meals[0]), int(meals[1])),
    )


def parse_nutrition_reference(
    data: Mapping[str, Any],
    file: str = NUTRITION_FILE,
    *,
    bibliography: Mapping[str, Source] | None = None,
) -> NutritionReference:
    """Check and convert a parsed ``nutrition.toml``; CatalogError(file, key).

    Source ids resolve against ``bibliography``, by default the project
    bibliography ``data/sources.toml`` that the exercise catalog also cites.
    """
    top = TableReader(file, data)
    if bibliography is None:
        bibliography = load_catalog().sources
    sources = _parse_sources(top, bibliography)
    vitamin_d = top.sub("vitamin_d")
    day = top.sub("day_of_foods")
    day.ids("sources", sources)
    limits = _parse_limits(top)
    default_meals = (
        top.sub("protein").sub("per_meal").integer("default_meals", *limits.meals)
    )
    return NutritionReference(
        sources=sources,
        limits=limits,
        protein_ranges=_parse_protein(top, sources),
        per_meal_figures=_parse_per_meal(top, sources),
        default_meals=default_meals,
        max_portions_per_food=day.integer("max_portions_per_food", 1, 10),
        trim_step_g=day.number("trim_step_g", 1, 100),
        iu_per_ug=vitamin_d.number("iu_per_ug", 1, 100),
        seed_vitamin_d_ug=(
            vitamin_d.number("seed_min_ug", 1, 100),
            vitamin_d.number("seed_max_ug", 1, 100),
        ),
        vitamin_d_bands=_parse_vitamin_d_bands(vitamin_d, sources),
        vitamin_d_context=_parse_context(vitamin_d, sources),
        energy=_parse_energy(top, sources),
    )


def _parse_food(row: TableReader, known: Collection[str]) -> Food:
    verify = row.raw("verify")
    if not isinstance(verify, bool):
        raise row.fail("verify", f"must be true or false (got {verify!r})")
    seed_name = row.text("seed_name") if "seed_name" in row.table else None
    return Food(
        slug=row.text("slug"),
        name=row.text("name"),
        protein_g_per_100g=row.number("protein_g_per_100g", 0, 100),
        protein_g_per_100g_high=row.maybe_number("protein_g_per_100g_high", 0, 100),
        vitamin_d_ug_per_100g=row.number("vitamin_d_ug_per_100g", 0, 100),
        vitamin_d_ug_per_100g_high=row.maybe_number(
            "vitamin_d_ug_per_100g_high", 0, 100
        ),
        portion_g=row.number("portion_g", 1, 1000),
        portion_label=row.text("portion_label"),
        portion_grade=row.grade("portion_grade"),
        verify=verify,
        sources=row.ids("sources", known),
        note=row.text("note"),
        seed_name=seed_name,
    )


def parse_foods(
    data: Mapping[str, Any], sources: Collection[str], file: str = FOODS_FILE
) -> tuple[Food, ...]:
    """Check and convert a parsed ``foods.toml``; source ids must be in ``sources``."""
    foods: list[Food] = []
    for row in TableReader(file, data).rows("food"):
        food = _parse_food(row, sources)
        if any(other.slug == food.slug for other in foods):
            raise row.fail("slug", f"duplicate slug {food.slug!r}")
        foods.append(food)
    return tuple(foods)


@cache
def load_nutrition_reference() -> NutritionReference:
    """The shipped ``data/nutrition.toml``, checked (cached)."""
    return parse_nutrition_reference(_read_data_file(NUTRITION_FILE))


@cache
def load_foods() -> tuple[Food, ...]:
    """The shipped ``data/foods.toml``, checked against the nutrition sources."""
    return parse_foods(_read_data_file(FOODS_FILE), load_nutrition_reference().sources)
