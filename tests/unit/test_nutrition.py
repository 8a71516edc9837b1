"""Nutrition targets: the shipped data, the rules, and properties over random inputs."""

from __future__ import annotations

import copy
import json
import math
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushback.domain import nutrition
from pushback.domain.errors import CatalogError, InvalidInput
from pushback.domain.nutrition import (
    AGE_RANGE_Y,
    BODY_MASS_RANGE_KG,
    NutritionRequest,
    body_mass_kg_from,
    build_targets,
    estimate_energy,
    load_foods,
    load_nutrition_reference,
    parse_foods,
    parse_nutrition_reference,
    plan_day_of_foods,
    vitamin_d_band,
)

REFERENCE = load_nutrition_reference()
FOODS = load_foods()
FOOD_SLUGS = [food.slug for food in FOODS]
MAX_DENSITY_G_PER_G = max(food.protein_g_per_100g for food in FOODS) / 100


def _raw(name: str) -> dict[str, Any]:
    text = resources.files("pushback.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _targets(body_mass_kg: float = 70.0, **fields: Any) -> nutrition.NutritionTargets:
    return build_targets(NutritionRequest(body_mass_kg=body_mass_kg, **fields))


# --------------------------------------------------------------------------- data


def test_every_public_name_exists() -> None:
    for name in nutrition.__all__:
        assert hasattr(nutrition, name), name


def test_every_food_and_figure_source_resolves_to_the_bibliography() -> None:
    known = set(REFERENCE.sources)
    cited = [s for food in FOODS for s in food.sources]
    cited += [s for item in REFERENCE.protein_ranges for s in item.sources]
    cited += [s for item in REFERENCE.per_meal_figures for s in item.sources]
    cited += [s for band in REFERENCE.vitamin_d_bands for s in band.sources]
    cited += list(REFERENCE.energy.sources)
    assert set(cited) <= known


def test_every_nutrition_and_food_source_id_resolves_in_sources_toml() -> None:
    # One bibliography for the project: data/sources.toml, shared with the catalog.
    bibliography = tomllib.loads(
        resources.files("pushback.data").joinpath("sources.toml").read_text("utf-8")
    )["sources"]
    listed = _raw("nutrition.toml")["sources"]
    cited = [s for row in _raw("foods.toml")["food"] for s in row["sources"]]
    cited += [s for food in FOODS for s in food.sources]
    cited += [
        s for note in _targets(70.0, age_y=30, sex="male").notes() for s in note.sources
    ]
    assert set(listed) <= set(bibliography)
    assert set(cited) <= set(listed)
    for source_id in listed:
        assert (
            REFERENCE.sources[source_id].citation == bibliography[source_id]["citation"]
        )


def test_a_source_missing_from_the_bibliography_is_refused() -> None:
    data = copy.deepcopy(_raw("nutrition.toml"))
    data["sources"].append("made-up-2024")
    with pytest.raises(
        CatalogError, match=r"nutrition.toml: sources: unknown source id 'made-up-2024'"
    ):
        parse_nutrition_reference(data)


def test_a_figure_citing_a_source_not_listed_is_refused() -> None:
    data = copy.deepcopy(_raw("nutrition.toml"))
    data["sources"].remove("medscape")
    with pytest.raises(
        CatalogError, match=r"energy.activity_factors.sources: unknown source"
    ):
        parse_nutrition_reference(data)


# Values per 100 g exactly as in the brief's table (low and high end of ranges).
BRIEF_FOODS = [
    ("chicken-breast", 31.0, None, 0.1, None),
    ("whey-protein", 80.0, 90.0, 0.0, None),
    ("salmon", 22.0, 25.0, 2.9, 18.5),
    ("egg", 12.6, None, 2.0, None),
    ("greek-yoghurt", 10.0, None, 0.0, None),
    ("milk", 3.4, None, 1.0, 1.3),
    ("tofu", 15.0, 17.0, 0.0, None),
    ("lentils", 9.0, None, 0.0, None),
    ("mushrooms", 3.0, None, 0.1, 32.0),
]


@pytest.mark.parametrize(
    ("slug", "protein", "protein_high", "vit_d", "vit_d_high"), BRIEF_FOODS
)
def test_food_values_match_the_brief(
    slug: str,
    protein: float,
    protein_high: float | None,
    vit_d: float,
    vit_d_high: float | None,
) -> None:
    food = next(food for food in FOODS if food.slug == slug)
    assert food.protein_g_per_100g == protein
    assert food.protein_g_per_100g_high == protein_high
    assert food.vitamin_d_ug_per_100g == vit_d
    assert food.vitamin_d_ug_per_100g_high == vit_d_high
    assert food.verify  # the brief marks every protein value [verify against FDC IDs]


def test_the_seeds_foods_are_all_in_the_table() -> None:
    seed_names = {food.seed_name for food in FOODS}
    assert {"chicken breast", "protein powder", "salmon", "egg yolk"} <= seed_names


def test_a_broken_range_names_file_and_key() -> None:
    data = copy.deepcopy(_raw("nutrition.toml"))
    del data["protein"]["ranges"][1]["min_g_per_kg"]
    with pytest.raises(
        CatalogError, match=r"nutrition.toml: protein.ranges\[1\].min_g_per_kg"
    ):
        parse_nutrition_reference(data)


def test_a_gap_between_vitamin_d_age_bands_is_refused() -> None:
    data = copy.deepcopy(_raw("nutrition.toml"))
    data["vitamin_d"]["nih"][3]["from_months"] = 50
    with pytest.raises(CatalogError, match=r"vitamin_d.nih\[3\].from_months"):
        parse_nutrition_reference(data)


def test_a_food_citing_an_unknown_source_is_refused() -> None:
    data = copy.deepcopy(_raw("foods.toml"))
    data["food"][2]["sources"] = ["made-up-2024"]
    with pytest.raises(
        CatalogError, match=r"foods.toml: food\[2\].sources: unknown source"
    ):
        parse_foods(data, REFERENCE.sources)


def test_a_zero_portion_is_refused() -> None:
    data = copy.deepcopy(_raw("foods.toml"))
    data["food"][0]["portion_g"] = 0
    with pytest.raises(CatalogError, match=r"food\[0\].portion_g"):
        parse_foods(data, REFERENCE.sources)


# --------------------------------------------------------------------------- protein


def test_protein_per_day_is_the_seeds_range_times_body_mass() -> None:
    data = _targets(70.0).to_dict()
    assert data["protein_g_per_day"] == {"min": 112.0, "max": 154.0}
    assert data["protein_target_g_per_day"] == 112.0  # [design] 1.6 g/kg


@given(st.floats(min_value=30, max_value=150))
def test_protein_targets_scale_with_body_mass(body_mass_kg: float) -> None:
    single = _targets(body_mass_kg).protein_range_g("seed")
    double = _targets(body_mass_kg * 2).protein_range_g("seed")
    assert double == pytest.approx((single[0] * 2, single[1] * 2))
    assert single == pytest.approx((1.6 * body_mass_kg, 2.2 * body_mass_kg))


def test_evidence_ranges_sit_beside_the_seeds() -> None:
    evidence = {
        item["id"]: item for item in _targets(100.0).to_dict()["protein_evidence"]
    }
    assert evidence["issn"]["g_per_day"] == {"min": 140.0, "max": 200.0}
    assert evidence["issn-deficit"]["g_per_day"] == {"min": 230.0, "max": 310.0}
    assert evidence["morton-plateau"]["g_per_day"] == {"min": 162.0, "max": 162.0}
    assert evidence["morton-plateau"]["ci_g_per_kg"] == [1.03, 2.2]
    assert evidence["rda"]["g_per_day"] == {"min": 80.0, "max": 80.0}


@given(st.integers(min_value=1, max_value=8), st.floats(min_value=30, max_value=300))
def test_per_meal_split_adds_up_to_the_day(meals: int, body_mass_kg: float) -> None:
    targets = _targets(body_mass_kg, meals=meals)
    split = targets.to_dict()["protein_g_per_meal"]
    assert split["meals"] == meals
    assert split["target"] * meals == pytest.approx(
        targets.protein_target_g, abs=0.05 * meals
    )


def test_default_split_is_four_meals_of_about_0_4_g_per_kg() -> None:
    split = _targets(80.0).to_dict()["protein_g_per_meal"]
    assert split["meals"] == 4
    assert split["target"] == 32.0  # 0.4 g/kg x 80 kg


def test_two_meals_note_that_each_is_above_the_per_meal_evidence() -> None:
    note = next(n for n in _targets(80.0, meals=2).notes() if n.topic == "per-meal")
    assert "above 0.55 g/kg" in note.text


def test_protein_note_shows_seed_and_evidence_side_by_side() -> None:
    note = next(n for n in _targets(70.0).notes() if n.topic == "protein")
    for figure in ("1.6-2.2", "1.4-2.0", "2.3-3.1", "1.62", "1.03-2.2"):
        assert figure in note.text
    assert {"seed", "jager2017", "morton2018"} <= set(note.sources)


def test_under_18_get_a_note_that_the_figures_come_from_adults() -> None:
    note = next(n for n in _targets(60.0, age_y=16).notes() if n.topic == "protein")
    assert "adults" in note.text
    adult = next(n for n in _targets(60.0, age_y=30).notes() if n.topic == "protein")
    assert "adults" not in adult.text


# --------------------------------------------------------------------------- vitamin D


@pytest.mark.parametrize(
    ("age_y", "minimum_ug"),
    [
        (15, 15.0),
        (18, 15.0),
        (45, 15.0),
        (70, 15.0),
        (71, 20.0),
        (85, 20.0),
        (100, 20.0),
        (None, 15.0),
    ],
)
def test_vitamin_d_minimum_is_the_rda_for_the_age(
    age_y: int | None, minimum_ug: float
) -> None:
    data = _targets(70.0, age_y=age_y).to_dict()
    assert data["vitamin_d_ug_per_day"] == {"min": minimum_ug, "max": 20.0}
    assert data["vitamin_d_upper_limit_ug_per_day"] == 100.0
    assert data["vitamin_d_basis"]["age_assumed"] is (age_y is None)


@pytest.mark.parametrize(
    ("age_y", "intake_ug", "upper_ug"),
    [
        (0, 10.0, 25.0),
        (0.75, 10.0, 38.0),
        (2, 15.0, 63.0),
        (5, 15.0, 75.0),
        (9, 15.0, 100.0),
    ],
)
def test_children_bands_follow_the_nih_table(
    age_y: float, intake_ug: float, upper_ug: float
) -> None:
    band = vitamin_d_band(age_y, REFERENCE)
    assert (band.intake_ug, band.upper_limit_ug) == (intake_ug, upper_ug)


def test_vitamin_d_in_iu_uses_40_iu_per_ug() -> None:
    data = _targets(70.0, age_y=75).to_dict()
    assert data["vitamin_d_iu_per_day"] == {"min": 800, "max": 800}
    assert data["vitamin_d_upper_limit_iu_per_day"] == 4000


def test_a_clinician_note_is_always_there() -> None:
    topics = [note.topic for note in _targets(70.0).notes()]
    assert "clinician" in topics
    note = next(n for n in _targets(70.0).notes() if n.topic == "clinician")
    assert "intake targets only" in note.text and "clinician" in note.text


# --------------------------------------------------------------------------- foods


def _feasible_exclusions() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(FOOD_SLUGS), max_size=3, unique=True).map(tuple)


@settings(max_examples=150, deadline=None)
@given(
    st.floats(min_value=30, max_value=300),
    st.integers(min_value=1, max_value=8),
    _feasible_exclusions(),
)
def test_day_of_foods_reaches_the_target_without_absurd_amounts(
    body_mass_kg: float, meals: int, excluded: tuple[str, ...]
) -> None:
    request = NutritionRequest(
        body_mass_kg=body_mass_kg, meals=meals, excluded_foods=excluded
    )
    try:
        targets = build_targets(request)
    except InvalidInput as error:
        # Refused only when the kept foods truly cannot reach the target.
        assert error.field == "exclude"
        kept = [food for food in FOODS if food.slug not in excluded]
        most_g = sum(
            REFERENCE.max_portions_per_food * f.portion_protein_g for f in kept
        )
        assert most_g < REFERENCE.target_g_per_kg * body_mass_kg
        return
    day = targets.day
    assert day.protein_g >= targets.protein_target_g
    assert (
        day.protein_g
        < targets.protein_target_g + REFERENCE.trim_step_g * MAX_DENSITY_G_PER_G
    )
    assert day.protein_g <= targets.protein_range_g("seed")[1]
    for item in day.items:
        assert item.food.slug not in excluded
        assert 0 < item.grams <= REFERENCE.max_portions_per_food * item.food.portion_g


@given(st.floats(min_value=30, max_value=300), _feasible_exclusions())
def test_day_of_foods_totals_add_up(
    body_mass_kg: float, excluded: tuple[str, ...]
) -> None:
    try:
        data = _targets(body_mass_kg, excluded_foods=excluded).to_dict()
    except InvalidInput:
        return
    rows, totals = data["day_of_foods"], data["day_of_foods_totals"]
    assert totals["protein_g"] == pytest.approx(sum(row["protein_g"] for row in rows))
    assert totals["vitamin_d_ug"] == pytest.approx(
        sum(row["vitamin_d_ug"] for row in rows)
    )
    assert totals["grams"] == pytest.approx(sum(row["grams"] for row in rows))
    for row in rows:
        food = next(food for food in FOODS if food.slug == row["food"])
        assert row["protein_g"] == pytest.approx(
            row["grams"] * food.protein_g_per_100g / 100, abs=0.0501
        )


def test_a_70_kg_day_uses_the_seeds_foods_first() -> None:
    slugs = [item.food.slug for item in _targets(70.0).day.items]
    assert slugs[:4] == ["chicken-breast", "whey-protein", "salmon", "egg"]


def test_foods_that_cannot_reach_the_target_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_day_of_foods(500.0, FOODS[-2:], max_portions=4, trim_step_g=5.0)
    assert caught.value.field == "exclude"


def test_excluding_all_but_mushrooms_is_refused_naming_the_exclusions() -> None:
    excluded = tuple(slug for slug in FOOD_SLUGS if slug != "mushrooms")
    with pytest.raises(InvalidInput, match="exclude") as caught:
        _targets(70.0, excluded_foods=excluded)
    assert caught.value.value == list(excluded)


# --------------------------------------------------------------------------- energy


def test_mifflin_st_jeor_matches_the_published_equation() -> None:
    male = estimate_energy(
        body_mass_kg=70, height_cm=178, age_y=30, sex="male", model=REFERENCE.energy
    )
    assert male.resting_kcal == pytest.approx(10 * 70 + 6.25 * 178 - 5 * 30 + 5)
    assert male.by_activity_kcal["moderate"] == pytest.approx(male.resting_kcal * 1.55)
    assert male.total_kcal is None  # no activity chosen


@given(
    st.floats(min_value=30, max_value=300),
    st.floats(min_value=120, max_value=230),
    st.integers(min_value=15, max_value=100),
)
def test_men_and_women_differ_by_166_kcal_at_rest(
    mass: float, height: float, age: int
) -> None:
    def rest(sex: str) -> float:
        model = REFERENCE.energy
        return estimate_energy(
            body_mass_kg=mass, height_cm=height, age_y=age, sex=sex, model=model
        ).resting_kcal

    assert rest("male") - rest("female") == pytest.approx(166)


def test_energy_is_only_estimated_with_height_age_and_sex() -> None:
    assert _targets(70.0, age_y=30, sex="male").energy is None
    energy = _targets(
        70.0, age_y=30, sex="female", height_cm=165, activity="light"
    ).to_dict()["energy_kcal_per_day"]
    resting = 10 * 70 + 6.25 * 165 - 5 * 30 - 161
    assert energy["resting"] == round(resting)
    assert energy["total"] == round(resting * 1.375)
    assert energy["lean_gain"] == {
        "min": round(resting * 1.375 * 1.05),
        "max": round(resting * 1.375 * 1.10),
    }
    assert energy["estimate"] is True


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body_mass_kg": 29.9}, "weight_kg"),
        ({"body_mass_kg": 300.1}, "weight_kg"),
        ({"body_mass_kg": -70.0}, "weight_kg"),
        ({"body_mass_kg": math.nan}, "weight_kg"),
        ({"body_mass_kg": math.inf}, "weight_kg"),
        ({"age_y": 14}, "age"),
        ({"age_y": 101}, "age"),
        ({"sex": "other"}, "sex"),
        ({"meals": 0}, "meals"),
        ({"meals": 9}, "meals"),
        ({"height_cm": 119.0, "age_y": 30, "sex": "male"}, "height_cm"),
        ({"height_cm": 175.0, "sex": "male"}, "age"),
        ({"height_cm": 175.0, "age_y": 30}, "sex"),
        ({"activity": "moderate"}, "height_cm"),
        (
            {"activity": "couch", "height_cm": 175.0, "age_y": 30, "sex": "male"},
            "activity",
        ),
        ({"excluded_foods": ("pizza",)}, "exclude"),
    ],
)
def test_bad_values_name_field_value_and_accepted_range(
    fields: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {"body_mass_kg": 70.0, **fields}
    with pytest.raises(InvalidInput) as caught:
        build_targets(NutritionRequest(**values))
    assert caught.value.field == field
    assert caught.value.message.startswith(f"Invalid value for {field}: must be")
    assert "(got " in caught.value.message


def test_bounds_are_the_assessments_so_a_saved_profile_always_fits() -> None:
    from pushback.domain import assessment

    assert BODY_MASS_RANGE_KG == assessment.BODY_MASS_KG_RANGE
    assert AGE_RANGE_Y == assessment.AGE_RANGE


def test_pounds_convert_and_are_checked_in_pounds() -> None:
    assert body_mass_kg_from(None, 154.0) == pytest.approx(154.0 * 0.45359237)
    with pytest.raises(
        InvalidInput, match=r"weight_lb: must be between 66.2 and 661.3 lb"
    ):
        body_mass_kg_from(None, 66.1)
    with pytest.raises(InvalidInput, match="weight_lb"):
        body_mass_kg_from(70.0, 154.0)
    assert body_mass_kg_from(None, None) is None


def test_the_json_is_serialisable_and_keeps_the_public_keys() -> None:
    data = json.loads(json.dumps(_targets(70.0, age_y=30, sex="female").to_dict()))
    assert set(data["protein_g_per_day"]) == {"min", "max"}
    assert set(data["vitamin_d_ug_per_day"]) == {"min", "max"}
    assert isinstance(data["vitamin_d_upper_limit_ug_per_day"], float)
    assert {"food", "grams", "protein_g", "vitamin_d_ug"} <= set(
        data["day_of_foods"][0]
    )
    cited = {s for note in data["notes"] for s in note["sources"]}
    assert cited <= set(data["sources"])
