"""Hypothesis: every guardrail holds for random valid profiles (checked on the JSON)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pushback.domain.assessment import AssessmentAnswers, build_profile, ladder_step
from pushback.domain.catalog import CONDITIONS, EQUIPMENT, load_catalog
from pushback.domain.plans import build_plan
from pushback.domain.profile import PARQ_QUESTIONS, ParQ, Profile

CATALOG = load_catalog()
LADDER = [e.slug for e in CATALOG.ladder()]


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    parq = ParQ(**{name: draw(st.booleans()) for name, _ in PARQ_QUESTIONS})
    answers = AssessmentAnswers(
        max_pushups=draw(st.integers(0, 200)),
        variant=draw(st.sampled_from(LADDER)),
        age=draw(st.none() | st.integers(15, 100)),
        sex=draw(st.sampled_from([None, "female", "male"])),
        weight_kg=draw(st.none() | st.floats(30, 300)),
        equipment=tuple(draw(st.sets(st.sampled_from(EQUIPMENT)))),
        days_per_week=draw(st.integers(2, 5)),
        conditions=tuple(draw(st.sets(st.sampled_from(CONDITIONS)))),
        parq=parq,
        cleared=True,  # blocked profiles get no plan at all (tested elsewhere)
    )
    return build_profile(answers, CATALOG)


def hard_items(
    week: dict[str, Any], categories: tuple[str, ...]
) -> list[dict[str, Any]]:
    return [
        item
        for session in week["sessions"]
        for item in session["exercises"]
        if item["hard"] and CATALOG.get(item["slug"]).category in categories
    ]


def weekly_sets(week: dict[str, Any], categories: tuple[str, ...]) -> int:
    return sum(item["sets"] for item in hard_items(week, categories))


def conservative(profile: Profile) -> bool:
    return bool(profile.parq.yes_answers()) or "pregnancy" in profile.conditions


PLAN_SETTINGS = settings(max_examples=60, deadline=None)


@PLAN_SETTINGS
@given(profile=profiles(), weeks=st.integers(1, 12))
def test_novice_caps_are_never_exceeded(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    per_exercise = 2 if conservative(profile) else 3
    for week in plan["weeks"][:4]:
        assert weekly_sets(week, ("push",)) <= 10
        assert all(
            i["sets"] <= per_exercise
            for i in hard_items(week, ("push", "pull", "scapular"))
        )
        if week["week"] <= 2:
            assert all(
                i["rir"] >= 1 for i in hard_items(week, ("push", "pull", "scapular"))
            )


@PLAN_SETTINGS
@given(profile=profiles(), weeks=st.integers(1, 12))
def test_nothing_contraindicated_past_the_step_or_without_equipment(
    profile: Profile, weeks: int
) -> None:
    step = ladder_step(profile, CATALOG).step
    plan = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    for week in plan["weeks"]:
        for session in week["sessions"]:
            for item in session["exercises"]:
                exercise = CATALOG.get(item["slug"])
                assert not set(exercise.contraindications) & set(profile.conditions)
                assert exercise.ladder_step is None or exercise.ladder_step <= step
                assert exercise.is_doable_with(profile.equipment)
                if conservative(profile):
                    assert exercise.requires is None  # no plyometrics


@PLAN_SETTINGS
@given(profile=profiles(), weeks=st.integers(2, 12))
def test_weekly_hard_sets_rise_at_most_20_percent(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    for categories in (("push",), ("pull", "scapular")):
        last: int | None = None
        for week in plan["weeks"]:
            sets = weekly_sets(week, categories)
            if last is not None:
                assert sets <= math.floor(last * 1.2)
            if not week["deload"]:
                last = sets


@PLAN_SETTINGS
@given(profile=profiles(), weeks=st.integers(1, 12))
def test_same_inputs_give_the_same_plan(profile: Profile, weeks: int) -> None:
    first = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    again = build_plan(Profile.from_dict(profile.to_dict()), CATALOG, weeks=weeks)
    assert again.to_dict() == first


@PLAN_SETTINGS
@given(profile=profiles())
def test_sessions_open_with_warm_up_and_close_with_stretching(profile: Profile) -> None:
    plan = build_plan(profile, CATALOG, weeks=4).to_dict()
    for week in plan["weeks"]:
        assert week["deload"] == (week["week"] == 4)
        for session in week["sessions"]:
            roles = [item["role"] for item in session["exercises"]]
            assert roles[0] == "warm-up" and roles[-1] == "cool-down"
            assert all(
                "duration_s" in item
                for item in session["exercises"]
                if item["role"] in ("warm-up", "cool-down")
            )
