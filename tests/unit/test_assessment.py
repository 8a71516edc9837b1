"""Assessment: validation, ladder placement, CSEP/ACSM norms, PAR-Q+ and safety."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.assessment import (
    BODY_MASS_KG_RANGE,
    AssessmentAnswers,
    answers_of,
    assess,
    build_profile,
    is_conservative,
    ladder_step,
    norm_category,
    parq_advice,
    parse_parq,
    require_plan_allowed,
    safety_advice,
)
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput, NotAllowed
from pushback.domain.profile import ParQ, Profile


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def answers(**overrides: object) -> AssessmentAnswers:
    values: dict[str, object] = {"max_pushups": 12, "age": 30, "sex": "male"}
    values.update(overrides)
    return AssessmentAnswers(**values)  # type: ignore[arg-type]


# --- PAR-Q+ parsing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("nnnnnnn", ()),
        ("NYNNNNN", ("chest_pain",)),
        ("no,no,yes,no,no,no,no", ("dizziness",)),
        (" y , n , n , n , n , n , y ", ("heart_condition", "supervised_only")),
    ],
)
def test_parq_accepts_letters_and_comma_separated_words(
    text: str, yes: tuple[str, ...]
) -> None:
    assert parse_parq(text).yes_answers() == yes


@pytest.mark.parametrize("text", ["nnnnnn", "nnnnnnnn", "nnnnnnx", "yes,no", ""])
def test_parq_with_wrong_count_or_words_is_rejected_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_parq(text)
    assert error.value.field == "parq"
    assert "7 answers" in error.value.message


# --- validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"max_pushups": -1}, "max_pushups"),
        ({"max_pushups": 5000}, "max_pushups"),
        ({"max_pushups": "ten"}, "max_pushups"),
        ({"max_pushups": None}, "max_pushups"),
        ({"age": 7}, "age"),
        ({"age": 140}, "age"),
        ({"sex": "other"}, "sex"),
        ({"weight_kg": -80}, "weight_kg"),
        ({"weight_kg": "heavy"}, "weight_kg"),
        ({"weight_lb": 2000}, "weight_lb"),
        ({"weight_kg": 80, "weight_lb": 176}, "weight"),
        ({"equipment": ("barbell",)}, "equipment"),
        ({"days_per_week": 1}, "days"),
        ({"days_per_week": 6}, "days"),
        ({"conditions": ("knee",)}, "condition"),
        ({"variant": "bench-press"}, "variant"),
        ({"variant": "trx-row"}, "variant"),
    ],
)
def test_bad_answers_raise_invalid_input_naming_field_value_and_range(
    catalog: Catalog, override: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        build_profile(answers(**override), catalog)
    assert error.value.field == field
    assert "must be" in error.value.message and "got" in error.value.message


def test_weight_in_pounds_is_stored_in_kilograms(catalog: Catalog) -> None:
    profile = build_profile(answers(weight_lb=176), catalog)
    assert profile.body_mass_kg == pytest.approx(79.8, abs=0.05)


@pytest.mark.parametrize("weight_lb", ["66", "662"])
def test_pounds_that_convert_outside_the_kg_range_are_refused(
    catalog: Catalog, weight_lb: str
) -> None:
    # 66 lb is 29.9 kg: below BODY_MASS_KG_RANGE, so nutrition would refuse the profile.
    with pytest.raises(InvalidInput) as error:
        build_profile(answers(weight_lb=weight_lb), catalog)
    assert error.value.field == "weight_lb"


# Weighted towards both ends of the range, where the conversion can round outside.
@given(weight_lb=st.floats(60, 670) | st.floats(65.5, 66.5) | st.floats(660.5, 661.5))
def test_every_accepted_pound_value_is_stored_inside_the_kg_range(
    catalog: Catalog, weight_lb: float
) -> None:
    try:
        profile = build_profile(answers(weight_lb=weight_lb), catalog)
    except InvalidInput:
        return
    low, high = BODY_MASS_KG_RANGE
    assert profile.body_mass_kg is not None
    assert low <= profile.body_mass_kg <= high


def test_equipment_none_is_dropped_when_real_equipment_is_declared(
    catalog: Catalog,
) -> None:
    profile = build_profile(answers(equipment=("trx", "none", "bands")), catalog)
    assert profile.equipment == ("trx", "bands")
    assert build_profile(answers(), catalog).equipment == ("none",)


def test_missing_parq_counts_as_all_no_and_is_said(catalog: Catalog) -> None:
    profile = build_profile(answers(), catalog)
    assert not profile.parq_answered
    assert profile.parq == ParQ()
    assert "taken as no" in parq_advice(profile)[0]


def test_profile_round_trips_through_its_dict(catalog: Catalog) -> None:
    profile = build_profile(
        answers(equipment=("trx",), conditions=("wrist",), parq="nnnnnyn"), catalog
    )
    assert Profile.from_dict(profile.to_dict()) == profile


# --- ladder step ----------------------------------------------------------------


def test_max_reps_inside_the_window_keep_the_tested_step(catalog: Catalog) -> None:
    profile = build_profile(answers(max_pushups=14), catalog)
    result = ladder_step(profile, catalog)
    assert result.slug == "push-up"
    assert result.step == catalog.get("push-up").ladder_step


def test_too_few_reps_drop_one_step(catalog: Catalog) -> None:
    profile = build_profile(answers(max_pushups=4), catalog)
    result = ladder_step(profile, catalog)
    push_up = catalog.get("push-up")
    assert result.slug == push_up.easier
    assert result.step == (push_up.ladder_step or 0) - 1


def test_reps_past_the_gate_move_up_one_step_only(catalog: Catalog) -> None:
    profile = build_profile(answers(max_pushups=200), catalog)
    result = ladder_step(profile, catalog)
    assert result.slug == catalog.get("push-up").harder
    assert result.step == (catalog.get("push-up").ladder_step or 0) + 1


def test_parq_yes_never_moves_up_the_ladder(catalog: Catalog) -> None:
    profile = build_profile(answers(max_pushups=40, parq="ynnnnnn"), catalog)
    assert ladder_step(profile, catalog).slug == "push-up"


def test_wall_push_up_is_the_floor_of_the_ladder(catalog: Catalog) -> None:
    profile = build_profile(answers(max_pushups=0, variant="wall-push-up"), catalog)
    assert ladder_step(profile, catalog).step == 1


# --- norms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "variant", "age", "reps", "category"),
    [
        ("male", "push-up", 25, 36, "excellent"),
        ("male", "push-up", 25, 35, "very good"),
        ("male", "push-up", 25, 22, "good"),
        ("male", "push-up", 25, 17, "fair"),
        ("male", "push-up", 25, 16, "needs improvement"),
        ("male", "push-up", 65, 4, "needs improvement"),
        ("male", "push-up", 15, 39, "excellent"),
        ("female", "knee-push-up", 45, 24, "excellent"),
        ("female", "knee-push-up", 45, 5, "fair"),
        ("female", "knee-push-up", 69, 1, "needs improvement"),
    ],
)
def test_csep_categories_follow_the_brief_tables(
    catalog: Catalog, sex: str, variant: str, age: int, reps: int, category: str
) -> None:
    profile = build_profile(
        answers(sex=sex, variant=variant, age=age, max_pushups=reps), catalog
    )
    result = norm_category(profile)
    assert result.applies
    assert result.category == category


@pytest.mark.parametrize(
    ("override", "why"),
    [
        ({"age": 72}, "15-69"),
        ({"sex": None}, "sex"),
        ({"age": None}, "age"),
        ({"sex": "female"}, "knee-push-up"),
        ({"variant": "knee-push-up"}, "push-up"),
    ],
)
def test_norms_say_why_they_do_not_apply(
    catalog: Catalog, override: dict[str, object], why: str
) -> None:
    result = norm_category(build_profile(answers(**override), catalog))
    assert not result.applies
    assert result.category is None
    assert why in result.note


# --- PAR-Q+ rules and safety ----------------------------------------------------


def test_any_parq_yes_gives_clearance_advice_first_and_conservative_settings(
    catalog: Catalog,
) -> None:
    profile = build_profile(answers(parq="nnnnnyn"), catalog)
    result = assess(profile, catalog)
    assert result.conservative
    assert result.plan_allowed
    assert "bone joint" in result.parq_advice[0]
    assert "doctor" in result.parq_advice[0]


@pytest.mark.parametrize("parq", ["ynnnnnn", "nynnnnn", "nnynnnn", "nnnnnny"])
def test_heart_chest_pain_fainting_or_supervision_block_the_plan_until_cleared(
    catalog: Catalog, parq: str
) -> None:
    profile = build_profile(answers(parq=parq), catalog)
    assert not assess(profile, catalog).plan_allowed
    with pytest.raises(NotAllowed, match="has cleared you"):
        require_plan_allowed(profile)
    require_plan_allowed(replace(profile, cleared=True))


def test_pregnancy_needs_clearance_and_conservative_settings(catalog: Catalog) -> None:
    profile = build_profile(answers(sex="female", conditions=("pregnancy",)), catalog)
    assert is_conservative(profile)
    with pytest.raises(NotAllowed):
        require_plan_allowed(profile)


def test_each_condition_gets_its_advice_from_the_safety_table(catalog: Catalog) -> None:
    profile = build_profile(
        answers(conditions=("wrist", "shoulder", "lower-back")), catalog
    )
    advice = " ".join(safety_advice(profile))
    assert "neutral wrist" in advice
    assert "45 degrees" in advice
    assert "Marcolin" in advice
    assert "Stop a set" in advice
    assert "scapular" in advice or "shoulder-blade" in advice


def test_a_heart_condition_gets_the_breathing_and_effort_advice(
    catalog: Catalog,
) -> None:
    profile = build_profile(answers(parq="ynnnnnn", cleared=True), catalog)
    advice = " ".join(safety_advice(profile))
    assert "breathe out as you push" in advice and "never hold your breath" in advice
    assert "Williams 2007" in advice


# --- goal and training age ----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("goal", "bulk"), ("training_age", "expert")]
)
def test_goal_and_training_age_accept_only_their_choices(
    catalog: Catalog, field: str, value: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        build_profile(answers(**{field: value}), catalog)
    assert caught.value.field == field and value in str(caught.value)


def test_goal_and_training_age_reach_the_profile_and_the_assessment_json(
    catalog: Catalog,
) -> None:
    profile = build_profile(answers(goal="endurance", training_age="advanced"), catalog)
    data = assess(profile, catalog).to_dict()
    assert data["goal"] == "endurance" and data["training_age"] == "advanced"
    assert data["profile"]["goal"] == "endurance"
    rebuilt = build_profile(answers_of(profile), catalog)
    assert replace(rebuilt, parq_answered=profile.parq_answered) == profile
    assert Profile.from_dict({"max_pushups": 3}).goal is None  # older saved files


# --- the ladder rule for a max tested on another variation ----------------------------


@pytest.mark.parametrize(
    ("variant", "reps", "slug"),
    [
        ("wide-push-up", 0, "wall-push-up"),  # a 0 says nothing easier: the floor
        ("wide-push-up", 12, "push-up"),  # a side variant counts as its step
        ("knee-push-up", 1, "wall-push-up"),  # 1 -> 2 -> 4 -> 8 along the ladder
        ("push-up", 4, "eccentric-push-up"),  # 4 on the toes: negatives (about 8)
        ("push-up", 1, "incline-push-up"),  # 1 on the toes: about 16 on a table
    ],
)
def test_a_max_on_one_variation_is_carried_along_the_ladder(
    catalog: Catalog, variant: str, reps: int, slug: str
) -> None:
    profile = build_profile(answers(max_pushups=reps, variant=variant), catalog)
    assert ladder_step(profile, catalog).slug == slug


def test_after_a_block_a_retest_may_move_a_health_yes_up_one_step(
    catalog: Catalog,
) -> None:
    profile = build_profile(answers(max_pushups=40, parq="nnnnnyn"), catalog)
    assert ladder_step(profile, catalog).slug == "push-up"
    after = ladder_step(profile, catalog, after_training=True)
    assert after.slug == "close-push-up"
