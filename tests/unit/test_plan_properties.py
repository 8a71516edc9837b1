"""Hypothesis: the rules of the brief (and of issue 15) hold for thousands of random
profiles. The numbers below are restated from the brief and the issue on purpose,
not imported from the code: the code must meet the rules, not its own constants.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pushback.domain.assessment import AssessmentAnswers, build_profile, ladder_step
from pushback.domain.catalog import CONDITIONS, EQUIPMENT, Exercise, load_catalog
from pushback.domain.plans import build_plan
from pushback.domain.profile import PARQ_QUESTIONS, ParQ, Profile

CATALOG = load_catalog()
#: Every variant a user may test on: the main ladder and its side variants.
TESTABLE = [e.slug for e in CATALOG.exercises.values() if e.ladder_step is not None]

# --- the rules, restated ------------------------------------------------------------
#: Brief section 4, novice volume cap: weeks 1-4, at most 10 hard push-up sets a
#: week and 3 sets per exercise, no sets to failure in the first 2 weeks.
NOVICE_WEEKS, NOVICE_PUSH_SETS, NOVICE_SETS_PER_EXERCISE, NO_FAILURE_WEEKS = 4, 10, 3, 2
#: The seed never asks more than 4 sets of one exercise.
SEED_MOST_SETS = 4
#: Issue 15: reps x sets per movement slot, and of all push-ups, rise at most 20%
#: over the last normal week (deload and retest weeks aside); the smallest step
#: possible, one rep in the week, is allowed when 20% is less than one rep.
WEEKLY_RISE = 0.20
#: Brief section 4: a deload every 4-8 weeks at about half the sets, 3-4 RIR.
DELOAD_EVERY, DELOAD_RIR = 4, 3
#: Issue 15 / ACSM-AHA (older adults are 65+): no jumping or one-arm work from 65
#: on unless cleared, nor after any health yes or in pregnancy.
OLDER_FROM = 65
RESTRICTED = {
    "explosive-push-up",
    "archer-push-up",
    "incline-one-arm-push-up",
    "one-arm-push-up",
}
#: The ladder rule stated with the plan: twice the reps one step easier.
PER_STEP = 2


#: No yes, each single yes, and two combinations (kept small: drawing seven
#: booleans per example costs more than building the plan).
PARQS = [
    ParQ(),
    *(ParQ(**{name: True}) for name, _ in PARQ_QUESTIONS),
    ParQ(heart_condition=True, medication=True),
    ParQ(bone_joint=True, chronic_condition=True),
]


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    parq = draw(st.sampled_from(PARQS))
    answers = AssessmentAnswers(
        max_pushups=draw(st.integers(0, 60) | st.integers(0, 200)),
        variant=draw(st.sampled_from(TESTABLE)),
        age=draw(st.none() | st.integers(15, 100)),
        sex=draw(st.sampled_from([None, "female", "male"])),
        weight_kg=draw(st.none() | st.integers(30, 300)),
        equipment=tuple(draw(st.sets(st.sampled_from(EQUIPMENT)))),
        days_per_week=draw(st.integers(2, 5)),
        conditions=tuple(draw(st.sets(st.sampled_from(CONDITIONS), max_size=2))),
        parq=parq,
        cleared=draw(st.booleans()),
        goal=draw(st.sampled_from([None, "strength", "endurance", "posture"])),
        training_age=draw(
            st.sampled_from([None, "novice", "intermediate", "advanced"])
        ),
    )
    profile = build_profile(answers, CATALOG)
    if "pregnancy" in profile.conditions or profile.parq.yes_answers():
        return replace(profile, cleared=True)  # blocked plans are tested elsewhere
    return profile


def conservative(profile: Profile) -> bool:
    return bool(profile.parq.yes_answers()) or "pregnancy" in profile.conditions


def items(session: dict[str, Any], *roles: str) -> list[dict[str, Any]]:
    return [i for i in session["exercises"] if not roles or i["role"] in roles]


def category(item: dict[str, Any]) -> str:
    return CATALOG.get(item["slug"]).category


def is_work(item: dict[str, Any]) -> bool:
    return item["hard"] and item["role"] != "test"


def reps(item: dict[str, Any]) -> int:
    return int(item.get("reps") or item.get("reps_per_side") or 0)


def volumes(week: dict[str, Any]) -> dict[str, int]:
    """Reps x sets per movement slot of the week, and all push-ups under '*'."""
    found: dict[str, int] = {"*": 0}
    for session in week["sessions"]:
        for item in session["exercises"]:
            if not is_work(item) or "duration_s" in item:
                continue
            volume = item["sets"] * reps(item)
            found[item["slot"]] = found.get(item["slot"], 0) + volume
            if category(item) == "push":
                found["*"] += volume
    return found


def limit(previous: int) -> int:
    return max(previous + 1, math.floor(previous * (1 + WEEKLY_RISE)))


def carried_max(exercise: Exercise, profile: Profile) -> int | None:
    """The tested max carried to ``exercise`` by the stated ladder rule."""
    tested = CATALOG.get(profile.variant)
    assert exercise.ladder_step is not None and tested.ladder_step is not None
    steps = tested.ladder_step - exercise.ladder_step
    if profile.max_pushups == 0 and steps > 0:
        return None
    return math.floor(profile.max_pushups * PER_STEP**steps)


def check_caps(profile: Profile, plan: dict[str, Any]) -> None:
    novice = plan["training_age"] == "novice"
    for week in plan["weeks"]:
        work = [i for s in week["sessions"] for i in s["exercises"] if is_work(i)]
        most = 2 if conservative(profile) else SEED_MOST_SETS
        assert all(i["sets"] <= most for i in work)
        if novice and week["week"] <= NOVICE_WEEKS:
            push = sum(i["sets"] for i in work if category(i) == "push")
            assert push <= NOVICE_PUSH_SETS
            assert all(i["sets"] <= NOVICE_SETS_PER_EXERCISE for i in work)
        if week["week"] <= NO_FAILURE_WEEKS:
            assert all(i["rir"] >= 1 for i in work if "rir" in i)
        if week["deload"]:
            assert all(i["rir"] >= DELOAD_RIR for i in work if "rir" in i)
        if window := [i for i in work if "rep_range" in i]:
            assert all(reps(i) <= i["rep_range"][1] for i in window)


def check_twenty_percent(plan: dict[str, Any]) -> None:
    last: dict[str, int] | None = None
    for week in plan["weeks"]:
        now = volumes(week)
        normal = not week["deload"] and not week["retest"]
        if normal and last is not None:
            for key, volume in now.items():
                if key in last:
                    assert volume <= limit(last[key]), (week["week"], key)
        if normal:
            last = now


def check_deloads(plan: dict[str, Any]) -> None:
    for week in plan["weeks"]:
        assert week["deload"] == (week["week"] % DELOAD_EVERY == 0)
        tests = [s for s in week["sessions"] if s["kind"] == "test"]
        assert len(tests) == (1 if week["deload"] else 0)


def check_first_week_dose(profile: Profile, plan: dict[str, Any]) -> None:
    """Week 1: no rep count above the tested max carried to that exercise; the
    tested exercise itself keeps its reps in reserve inside the max."""
    first = plan["weeks"][0]
    tests = {i["slug"] for s in first["sessions"] for i in items(s, "test")}
    for session in first["sessions"]:
        for item in session["exercises"]:
            exercise = CATALOG.get(item["slug"])
            if not is_work(item) or exercise.category != "push":
                continue
            estimate = carried_max(exercise, profile)
            if estimate is None:  # a 0 says nothing about easier steps: tested first
                assert item["slug"] in tests
                continue
            if item.get("short_range"):
                assert reps(item) == 1
                continue
            assert reps(item) <= estimate
            if item["slug"] == profile.variant:
                assert reps(item) + item["rir"] <= profile.max_pushups


def check_ladder(profile: Profile, plan: dict[str, Any]) -> None:
    """Variations follow the main ladder; nothing past the step the tests allow."""
    placed = ladder_step(profile, CATALOG).step
    retests = 0
    for week in plan["weeks"]:
        used = [
            CATALOG.get(i["slug"]) for s in week["sessions"] for i in s["exercises"]
        ]
        main = [e.ladder_step or 0 for e in used if e.branch == "main"]
        for exercise in used:
            if exercise.ladder_step is None:
                continue
            assert exercise.ladder_step <= placed + retests
            if exercise.branch == "side" and exercise.category == "push":
                assert main and exercise.ladder_step <= max(main)
        retests += week["retest"]


def check_person(profile: Profile, plan: dict[str, Any]) -> None:
    older = profile.age is not None and profile.age >= OLDER_FROM
    restricted = conservative(profile) or (older and not profile.cleared)
    for week in plan["weeks"]:
        for session in week["sessions"]:
            for item in session["exercises"]:
                exercise = CATALOG.get(item["slug"])
                assert not set(exercise.contraindications) & set(profile.conditions)
                assert exercise.is_doable_with(profile.equipment)
                if restricted:
                    assert item["slug"] not in RESTRICTED


def check_back_work(plan: dict[str, Any]) -> None:
    """Every session with push work, retests included, has pull or scapular work."""
    for week in plan["weeks"]:
        for session in week["sessions"]:
            hard = [i for i in session["exercises"] if i["hard"]]
            if any(category(i) == "push" for i in hard):
                assert any(category(i) in ("pull", "scapular") for i in hard)


#: 1,000 profiles with plans of 1-9 weeks, 1,000 more on the first week alone, and
#: 40 year-long plans: thousands per run, in about 10 s on a quiet machine.
BOUNDED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(BOUNDED, max_examples=1000)
@given(profile=profiles(), weeks=st.integers(1, 9))
def test_every_rule_holds_for_random_profiles(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    check_caps(profile, plan)
    check_twenty_percent(plan)
    check_deloads(plan)
    check_first_week_dose(profile, plan)
    check_ladder(profile, plan)
    check_person(profile, plan)
    check_back_work(plan)


@settings(BOUNDED, max_examples=1000)
@given(profile=profiles())
# Found by Hypothesis: 9 eccentric push-ups carry to 4 push-ups, yet the slot
# that did not fit its window was given the window's 6.
@example(
    profile=Profile(
        max_pushups=9,
        variant="eccentric-push-up",
        equipment=("none",),
        days_per_week=3,
        parq_answered=True,
    )  # fmt: skip
)
def test_the_first_week_never_asks_more_than_the_test_allows(profile: Profile) -> None:
    plan = build_plan(profile, CATALOG, weeks=1).to_dict()
    check_first_week_dose(profile, plan)
    check_caps(profile, plan)
    check_person(profile, plan)
    check_back_work(plan)


@settings(BOUNDED, max_examples=40)
@given(profile=profiles())
def test_a_year_long_plan_keeps_every_rule(profile: Profile) -> None:
    plan = build_plan(profile, CATALOG, weeks=52).to_dict()
    assert [w["week"] for w in plan["weeks"]] == list(range(1, 53))
    check_caps(profile, plan)
    check_twenty_percent(plan)
    check_deloads(plan)
    check_ladder(profile, plan)
    check_person(profile, plan)
    check_back_work(plan)


@settings(max_examples=60, deadline=None)
@given(profile=profiles(), weeks=st.integers(1, 8))
def test_same_inputs_give_the_same_plan(profile: Profile, weeks: int) -> None:
    first = build_plan(profile, CATALOG, weeks=weeks).to_dict()
    again = build_plan(Profile.from_dict(profile.to_dict()), CATALOG, weeks=weeks)
    assert again.to_dict() == first


@settings(max_examples=60, deadline=None)
@given(profile=profiles())
def test_sessions_open_with_warm_up_and_close_with_stretching(profile: Profile) -> None:
    plan = build_plan(profile, CATALOG, weeks=4).to_dict()
    for week in plan["weeks"]:
        for session in week["sessions"]:
            roles = [item["role"] for item in session["exercises"]]
            assert roles[0] == "warm-up" and roles[-1] == "cool-down"
            assert all(
                "duration_s" in item
                for item in session["exercises"]
                if item["role"] in ("warm-up", "cool-down")
            )
