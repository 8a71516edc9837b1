"""Plan generator: structure, the seed's dose, the person, blocks, the JSON contract."""

from __future__ import annotations

from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers, build_profile
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput, NotAllowed
from pushback.domain.plans import SCHEDULES, Plan, build_plan, history_of
from pushback.domain.profile import Profile


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def make_profile(catalog: Catalog, **overrides: object) -> Profile:
    values: dict[str, object] = {"max_pushups": 12, "age": 30, "sex": "male"}
    values.update(overrides)
    return build_profile(AssessmentAnswers(**values), catalog)  # type: ignore[arg-type]


def plan_dict(catalog: Catalog, weeks: int = 4, **overrides: object) -> dict[str, Any]:
    return build_plan(
        make_profile(catalog, **overrides), catalog, weeks=weeks
    ).to_dict()


def work(session: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in session["exercises"] if e["role"] in ("main", "accessory")]


def slugs(week: dict[str, Any]) -> set[str]:
    return {e["slug"] for s in week["sessions"] for e in s["exercises"]}


def by_slot(session: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["slot"]: e for e in work(session)}


def push_sets(week: dict[str, Any]) -> int:
    return sum(
        e["sets"]
        for s in week["sessions"]
        for e in work(s)
        if e["category"] == "push" and e["hard"]
    )


def test_json_contract_has_the_documented_keys(catalog: Catalog) -> None:
    plan = plan_dict(catalog, equipment=("trx", "dumbbells"), goal="strength")
    assert {"weeks", "notes", "goal", "training_age", "person"} <= set(plan)
    assert plan["goal"] == "strength" and plan["training_age"] == "novice"
    # "words": the recipe of the text, to show it in the reader's language.
    assert all(set(rule) == {"text", "sources", "words"} for rule in plan["person"])
    week = plan["weeks"][0]
    assert week["week"] == 1 and week["deload"] is False and week["retest"] is False
    session = week["sessions"][0]
    assert 1 <= session["day"] <= 7 and session["kind"] == "train"
    for item in session["exercises"]:
        units = [k for k in ("reps", "reps_per_side", "duration_s") if k in item]
        assert len(units) == 1
        assert {"slug", "sets", "rest_s", "reason"} <= set(item)
        if "duration_s" not in item:
            low, high = item["rep_range"]
            assert item.get("reps", item.get("reps_per_side")) <= high
            assert len(item["tempo"].split("-")) == 4
            assert item["slot"]


@pytest.mark.parametrize(("days", "expected"), [(2, [1, 4]), (3, [1, 3, 5])])
def test_hard_days_follow_the_seed_with_rest_between(
    catalog: Catalog, days: int, expected: list[int]
) -> None:
    plan = plan_dict(catalog, days_per_week=days)
    assert [s["day"] for s in plan["weeks"][0]["sessions"]] == expected


def test_four_and_five_days_add_easy_scapular_days_only(catalog: Catalog) -> None:
    plan = plan_dict(catalog, days_per_week=5)
    sessions = plan["weeks"][0]["sessions"]
    assert [s["day"] for s in sessions] == [d for d, _ in SCHEDULES[5]]
    easy = [s for s in sessions if s["day"] in (2, 6)]
    assert all(s["kind"] == "easy" for s in easy)
    assert all(not e["hard"] for s in easy for e in s["exercises"])


def test_a_trained_user_gets_the_seeds_own_dose_from_week_one(catalog: Catalog) -> None:
    plan = plan_dict(catalog, max_pushups=40, age=35, equipment=("dumbbells", "trx"))
    day1, day3, day5 = plan["weeks"][0]["sessions"]
    assert plan["training_age"] == "intermediate"  # not stated: inferred
    wide, arched = by_slot(day1)["push-wide"], by_slot(day1)["push-arched"]
    assert (wide["slug"], wide["sets"], wide["reps"]) == ("wide-push-up", 4, 12)
    assert (arched["slug"], arched["sets"], arched["reps"]) == ("arched-push-up", 3, 8)
    assert "the article's own dose" in wide["reason"]
    power = by_slot(day5)["push-power"]
    assert (power["slug"], power["sets"], power["reps"]) == ("explosive-push-up", 3, 8)
    assert by_slot(day5)["pull-fly"]["slug"] == "dumbbell-reverse-fly"
    assert by_slot(day3)["pull-row"]["slug"] == "trx-row"
    assert push_sets(plan["weeks"][0]) == 13  # the seed's 4 + 3 + 3 + 3


def test_a_beginner_starts_at_two_sets_with_the_seed_shown(catalog: Catalog) -> None:
    day1 = plan_dict(catalog)["weeks"][0]["sessions"][0]
    wide = by_slot(day1)["push-wide"]
    assert wide["slug"] == "wide-push-up" and wide["sets"] == 2
    assert wide["seed"].startswith("Wide push-up 4x12")
    assert "beginner limits" in wide["reason"]


def test_seed_exercises_above_the_step_are_replaced_with_a_reason(
    catalog: Catalog,
) -> None:
    day3 = plan_dict(catalog)["weeks"][0]["sessions"][1]
    main = by_slot(day3)["push-main"]
    assert main["slug"] == "push-up"
    assert "Incline one-arm push-up 3x5 per side" in main["seed"]
    assert "needs push-up level 11" in main["reason"]


def test_variations_follow_the_main_step(catalog: Catalog) -> None:
    """A knee push-up user gets no wide or arched push-ups from the toes."""
    day1 = plan_dict(catalog, max_pushups=12, variant="knee-push-up")["weeks"][0][
        "sessions"
    ][0]
    used = {e["slug"] for e in work(day1) if e["category"] == "push"}
    assert used == {"knee-push-up", "low-incline-push-up"}
    assert all(e["step"] == 4 for e in work(day1) if e["category"] == "push")


def test_explosive_push_ups_need_the_three_by_fifteen_entry_standard(
    catalog: Catalog,
) -> None:
    assert "explosive-push-up" not in slugs(plan_dict(catalog)["weeks"][0])
    assert "explosive-push-up" in slugs(plan_dict(catalog, max_pushups=30)["weeks"][0])


def test_missing_equipment_is_substituted_and_every_pull_slot_has_a_row_fallback(
    catalog: Catalog,
) -> None:
    with_kit = slugs(plan_dict(catalog, equipment=("trx", "dumbbells"))["weeks"][0])
    assert {"trx-row", "dumbbell-reverse-fly"} <= with_kit
    table = plan_dict(catalog, equipment=("table",))["weeks"][0]
    assert by_slot(table["sessions"][2])["pull-fly"]["slug"] == "table-row"
    bare = slugs(plan_dict(catalog, equipment=("none",))["weeks"][0])
    assert "prone-ytw" in bare and "dumbbell-reverse-fly" not in bare


def test_nobody_is_told_that_equipment_they_own_would_help(catalog: Catalog) -> None:
    plan = plan_dict(catalog, equipment=("table",), conditions=("pregnancy",),
                     cleared=True)  # fmt: skip
    assert not any("table" in note for note in plan["notes"])
    bare = plan_dict(catalog, equipment=("none",))
    assert any("a sturdy table" in note for note in bare["notes"])


def test_the_trx_push_up_stands_in_for_explosive_work(catalog: Catalog) -> None:
    plan = plan_dict(
        catalog, max_pushups=30, variant="feet-elevated-push-up", age=70,
        equipment=("trx",),
    )  # fmt: skip
    power = by_slot(plan["weeks"][0]["sessions"][2])["push-power"]
    assert power["slug"] == "suspension-push-up"
    assert "explosive-push-up" not in slugs(plan["weeks"][0])


def test_the_upper_back_roll_closes_sessions_for_towel_owners(catalog: Catalog) -> None:
    session = plan_dict(catalog, equipment=("towel",))["weeks"][0]["sessions"][0]
    cool_down = [e["slug"] for e in session["exercises"] if e["role"] == "cool-down"]
    assert cool_down[0] == "foam-roll-upper-back"


def test_pulling_sets_match_pushing_sets_session_by_session(catalog: Catalog) -> None:
    plan = plan_dict(catalog, equipment=("trx", "dumbbells", "bands"))
    for session in plan["weeks"][0]["sessions"]:
        push = sum(e["sets"] for e in work(session) if e["category"] == "push")
        pull = sum(e["sets"] for e in work(session) if e["category"] != "push")
        assert pull == push


def test_reps_rise_by_one_a_week_and_the_deload_week_ends_with_a_retest(
    catalog: Catalog,
) -> None:
    plan = plan_dict(catalog, weeks=5)
    reps = [by_slot(w["sessions"][1]).get("push-main", {}).get("reps")
            for w in plan["weeks"]]  # fmt: skip
    assert reps[:3] == [8, 9, 10]  # 65% of 12, then one more a week
    deload = plan["weeks"][3]
    assert deload["deload"] and deload["retest"]
    test = deload["sessions"][-1]
    assert test["kind"] == "test"
    tested = [e for e in test["exercises"] if e["role"] == "test"]
    assert tested[0]["slug"] == "push-up" and tested[0]["reps"] == 24  # 15 / 0.65
    assert any(e["category"] in ("pull", "scapular") for e in work(test))
    assert push_sets(deload) <= push_sets(plan["weeks"][2]) / 2 + 2


def test_a_static_plan_moves_up_a_step_after_a_block_at_the_gate(
    catalog: Catalog,
) -> None:
    plan = plan_dict(catalog, max_pushups=40, age=35, weeks=5)
    assert plan["weeks"][0]["note"].startswith("Close (diamond) push-up: the 3x12")
    assert by_slot(plan["weeks"][0]["sessions"][1])["push-main"]["slug"] == (
        "close-push-up"
    )
    assert by_slot(plan["weeks"][4]["sessions"][1])["push-main"]["slug"] == (
        "feet-elevated-push-up"
    )


def test_a_continued_plan_keeps_week_numbers_and_volume(catalog: Catalog) -> None:
    profile = make_profile(catalog)
    first = build_plan(profile, catalog, weeks=8)
    following = build_plan(
        profile, catalog, weeks=4, history=history_of(first.weeks)
    ).to_dict()
    assert [w["week"] for w in following["weeks"]] == [9, 10, 11, 12]
    assert push_sets(following["weeks"][0]) >= push_sets(first.to_dict()["weeks"][6])


def test_weeks_outside_one_to_fifty_two_are_rejected(catalog: Catalog) -> None:
    profile = make_profile(catalog)
    assert len(build_plan(profile, catalog, weeks=52).weeks) == 52
    for weeks in (0, 53):
        with pytest.raises(InvalidInput, match="weeks"):
            build_plan(profile, catalog, weeks=weeks)


@pytest.mark.parametrize("parq", ["nynnnnn", "ynnnnnn", "nnnnnny"])
def test_no_plan_after_chest_pain_heart_or_supervision_until_cleared(
    catalog: Catalog, parq: str
) -> None:
    with pytest.raises(NotAllowed):
        build_plan(make_profile(catalog, parq=parq), catalog)
    plan = build_plan(make_profile(catalog, parq=parq, cleared=True), catalog)
    assert isinstance(plan, Plan)


def test_parq_advice_leads_the_plan_notes(catalog: Catalog) -> None:
    plan = build_plan(make_profile(catalog, parq="nnnnnyn"), catalog)
    assert plan.notes[0].startswith("PAR-Q+: you answered yes")
    assert any("not a growth trick" in note for note in plan.notes)
    assert any("our own rule: no study gives a number" in note for note in plan.notes)


def test_goals_change_reps_rest_and_shoulder_blade_work(catalog: Catalog) -> None:
    base = by_slot(plan_dict(catalog)["weeks"][0]["sessions"][1])["push-main"]
    strength = by_slot(plan_dict(catalog, goal="strength")["weeks"][0]["sessions"][1])
    endurance = by_slot(plan_dict(catalog, goal="endurance")["weeks"][0]["sessions"][1])
    assert base["rep_range"] == [6, 15] and base["rest_s"] == 120
    assert strength["push-main"]["rep_range"] == [6, 10]
    assert strength["push-main"]["rest_s"] == 180
    assert endurance["push-main"]["rep_range"] == [6, 20]
    assert endurance["push-main"]["rest_s"] == 60
    posture = plan_dict(catalog, goal="posture")["weeks"][0]
    for session in posture["sessions"]:
        push = sum(e["sets"] for e in work(session) if e["category"] == "push")
        back = sum(e["sets"] for e in work(session) if e["category"] != "push")
        assert back == push + 1  # one more shoulder-blade set than the 1:1 pairing
    assert "scapular-extra" in by_slot(posture["sessions"][1])


def test_older_beginners_skip_jumping_and_progress_every_second_week(
    catalog: Catalog,
) -> None:
    plan = plan_dict(catalog, max_pushups=30, age=68, training_age="novice", weeks=3)
    assert "explosive-push-up" not in slugs(plan["weeks"][0])
    reps = [by_slot(w["sessions"][1])["push-main"]["reps"] for w in plan["weeks"]]
    assert reps[0] == reps[1] < reps[2]
    cleared = plan_dict(catalog, max_pushups=30, age=68, cleared=True)
    assert "explosive-push-up" in slugs(cleared["weeks"][0])


def test_one_wall_push_up_gets_a_shorter_range_not_three_by_six(
    catalog: Catalog,
) -> None:
    day1 = plan_dict(catalog, max_pushups=1, variant="wall-push-up")["weeks"][0][
        "sessions"
    ][0]
    wall = [e for e in work(day1) if e["slug"] == "wall-push-up"]
    assert wall and all(e["reps"] == 1 and e["short_range"] for e in wall)


def test_zero_on_a_harder_variant_starts_with_a_wall_push_up_test(
    catalog: Catalog,
) -> None:
    plan = plan_dict(catalog, max_pushups=0, variant="knee-push-up")
    first = plan["weeks"][0]["sessions"][0]
    assert [e["role"] for e in first["exercises"] if e["hard"]][0] == "test"
    assert all(e["slug"] == "wall-push-up" for e in work(first)
               if e["category"] == "push")  # fmt: skip
