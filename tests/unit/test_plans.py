"""Plan generator: structure, seed comparison, progression and the JSON contract."""

from __future__ import annotations

from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers, build_profile
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput, NotAllowed
from pushback.domain.plans import SCHEDULES, Plan, build_plan
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


def main_items(session: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in session["exercises"] if e["role"] in ("main", "accessory")]


def slugs(week: dict[str, Any]) -> set[str]:
    return {e["slug"] for s in week["sessions"] for e in main_items(s)}


def test_json_contract_has_the_documented_keys(catalog: Catalog) -> None:
    plan = plan_dict(catalog, equipment=("trx", "dumbbells"))
    assert set(plan) >= {"weeks"}
    week = plan["weeks"][0]
    assert week["week"] == 1 and week["deload"] is False
    session = week["sessions"][0]
    assert 1 <= session["day"] <= 7
    for item in session["exercises"]:
        units = [k for k in ("reps", "reps_per_side", "duration_s") if k in item]
        assert len(units) == 1
        assert {"slug", "sets", "rest_s", "reason"} <= set(item)
        if "duration_s" not in item:
            low, high = item["rep_range"]
            assert low <= item.get("reps", item.get("reps_per_side")) <= high
            assert len(item["tempo"].split("-")) == 4


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
    assert all(not e["hard"] for s in easy for e in s["exercises"])


def test_a_full_push_up_user_gets_the_seed_day_one_exercises(catalog: Catalog) -> None:
    day_one = plan_dict(catalog)["weeks"][0]["sessions"][0]
    items = {e["slug"]: e for e in main_items(day_one)}
    assert "wide-push-up" in items and "arched-push-up" in items
    assert items["wide-push-up"]["seed"].startswith("Wide push-up 4x12")
    assert "not 4" in items["wide-push-up"]["reason"]
    assert "novice caps" in items["wide-push-up"]["reason"]


def test_seed_exercises_above_the_step_are_replaced_with_a_reason(
    catalog: Catalog,
) -> None:
    day_three = plan_dict(catalog)["weeks"][0]["sessions"][1]
    push = main_items(day_three)[0]
    assert push["slug"] == "push-up"
    assert "Incline one-arm push-up 3x5 per side" in push["seed"]
    assert "needs ladder step 11" in push["reason"]


def test_explosive_push_ups_need_the_three_by_fifteen_entry_standard(
    catalog: Catalog,
) -> None:
    assert "explosive-push-up" not in slugs(plan_dict(catalog)["weeks"][0])
    assert "explosive-push-up" in slugs(plan_dict(catalog, max_pushups=30)["weeks"][0])


def test_missing_equipment_is_substituted(catalog: Catalog) -> None:
    with_kit = slugs(plan_dict(catalog, equipment=("trx", "dumbbells"))["weeks"][0])
    assert {"trx-row", "dumbbell-reverse-fly"} <= with_kit
    table = slugs(plan_dict(catalog, equipment=("table",))["weeks"][0])
    assert "table-row" in table and "trx-row" not in table
    bare = slugs(plan_dict(catalog, equipment=("none",))["weeks"][0])
    assert "prone-ytw" in bare and "dumbbell-reverse-fly" not in bare


def test_pulling_sets_match_pushing_sets_session_by_session(catalog: Catalog) -> None:
    plan = plan_dict(catalog, equipment=("trx", "dumbbells", "bands"))
    for week in plan["weeks"]:
        for session in week["sessions"]:
            push = sum(
                e["sets"] for e in session["exercises"] if e.get("category") == "push"
            )
            pull = sum(
                e["sets"]
                for e in session["exercises"]
                if e.get("category") in ("pull", "scapular") and e["hard"]
            )
            assert pull == push


def test_reps_rise_by_one_a_week_and_the_deload_halves_sets(catalog: Catalog) -> None:
    plan = plan_dict(catalog, weeks=5)
    reps = [w["sessions"][1]["exercises"][3]["reps"] for w in plan["weeks"]]
    assert reps[:3] == [8, 9, 10]  # 65% of 12, then double progression
    push = [
        sum(
            e["sets"]
            for s in w["sessions"]
            for e in s["exercises"]
            if e.get("category") == "push"
        )
        for w in plan["weeks"]
    ]
    assert push[:3] == [5, 6, 7]
    assert push[3] == 4  # deload: half of 7, rounded up
    assert push[4] == 8  # 20% over week 3, the last build week
    assert plan["weeks"][3]["deload"] is True


def test_reps_hold_at_the_top_of_the_window_with_a_retest_note(
    catalog: Catalog,
) -> None:
    plan = plan_dict(catalog, max_pushups=22, weeks=3)
    reps = [w["sessions"][1]["exercises"][3]["reps"] for w in plan["weeks"]]
    assert reps == [14, 15, 15]
    assert "retest" in plan["weeks"][1]["note"]


def test_weeks_outside_one_to_twelve_are_rejected(catalog: Catalog) -> None:
    profile = make_profile(catalog)
    for weeks in (0, 13):
        with pytest.raises(InvalidInput, match="weeks"):
            build_plan(profile, catalog, weeks=weeks)


def test_no_plan_after_chest_pain_until_cleared(catalog: Catalog) -> None:
    with pytest.raises(NotAllowed):
        build_plan(make_profile(catalog, parq="nynnnnn"), catalog)
    plan = build_plan(make_profile(catalog, parq="nynnnnn", cleared=True), catalog)
    assert isinstance(plan, Plan)


def test_parq_advice_leads_the_plan_notes(catalog: Catalog) -> None:
    plan = build_plan(make_profile(catalog, parq="ynnnnnn"), catalog)
    assert plan.notes[0].startswith("PAR-Q+: you answered yes")
    assert any("not a hypertrophy multiplier" in note for note in plan.notes)
