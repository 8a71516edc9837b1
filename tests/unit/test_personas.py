"""The five people of issue 15, each checked the way a coach reads their plan: the
first week, then 16 weeks of logging through the journal's rules."""

from __future__ import annotations

from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers, assess, build_profile
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import NotAllowed
from pushback.domain.plans import build_plan
from pushback.domain.profile import Profile
from tests.unit._coach_sim import Simulation, adherent

#: What the coach checks them for (issue 15, "done when").
PERSONAS: dict[str, dict[str, Any]] = {
    "sedentary-50": {
        "max_pushups": 0,
        "variant": "knee-push-up",
        "age": 50,
        "sex": "female",
    },
    "fifteen-no-kit": {
        "max_pushups": 15,
        "age": 25,
        "sex": "male",
        "equipment": ("none",),
    },
    "forty-dumbbells-trx": {
        "max_pushups": 40,
        "age": 35,
        "sex": "male",
        "equipment": ("dumbbells", "trx"),
    },
    "shoulder": {
        "max_pushups": 20,
        "age": 40,
        "sex": "male",
        "conditions": ("shoulder",),
        "parq": "nnnnnyn",
    },
    "seventy-heart": {
        "max_pushups": 8,
        "variant": "knee-push-up",
        "age": 70,
        "sex": "female",
        "parq": "ynnnnnn",
    },
}
ONE_ARM_OR_JUMPING = {
    "explosive-push-up",
    "archer-push-up",
    "incline-one-arm-push-up",
    "one-arm-push-up",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def persona(catalog: Catalog, name: str, **extra: Any) -> Profile:
    return build_profile(AssessmentAnswers(**{**PERSONAS[name], **extra}), catalog)


def first_week(catalog: Catalog, profile: Profile) -> list[dict[str, Any]]:
    plan = build_plan(profile, catalog, weeks=4).to_dict()
    return plan["weeks"][0]["sessions"]  # type: ignore[no-any-return]


def work(sessions: list[dict[str, Any]], category: str) -> list[dict[str, Any]]:
    return [
        e
        for s in sessions
        for e in s["exercises"]
        if e["hard"] and e["category"] == category and e["role"] != "test"
    ]


def sixteen_weeks(catalog: Catalog, profile: Profile) -> Simulation:
    sim = Simulation(profile, catalog, adherent)
    sim.run(16)
    return sim


def assert_still_coherent(sim: Simulation, catalog: Catalog) -> None:
    """After 16 weeks: push variations never outrun the main step, every push
    session has back work, nothing excluded for the person shows up."""
    restricted = (sim.profile.age or 0) >= 65 or bool(sim.profile.parq.yes_answers())
    for session in sim.sessions:
        hard = [p for p in session.exercises if p.hard]
        push = [p for p in hard if p.category == "push"]
        if push:
            assert any(p.category in ("pull", "scapular") for p in hard)
        steps = {p.step for p in push if p.role != "test"}
        assert len(steps) <= 1, (session.week, steps)
        for item in push:
            exercise = catalog.get(item.slug)
            assert exercise.ladder_step is not None and item.step is not None
            assert exercise.ladder_step <= item.step
        for item in session.exercises:
            exercise = catalog.get(item.slug)
            assert not set(exercise.contraindications) & set(sim.profile.conditions)
            assert exercise.is_doable_with(sim.profile.equipment)
            if restricted:
                assert item.slug not in ONE_ARM_OR_JUMPING


def weekly_push_sets(sim: Simulation) -> dict[int, int]:
    weeks: dict[int, int] = {}
    for session in sim.sessions:
        if session.deload:
            continue
        sets = sum(
            p.sets for p in session.exercises
            if p.hard and p.category == "push" and p.role != "test"
        )  # fmt: skip
        weeks[session.week] = weeks.get(session.week, 0) + sets
    return weeks


def test_sedentary_fifty_year_old_with_no_push_up(catalog: Catalog) -> None:
    profile = persona(catalog, "sedentary-50")
    assert assess(profile, catalog).step.slug == "wall-push-up"
    sessions = first_week(catalog, profile)
    first = [e for e in sessions[0]["exercises"] if e["hard"]]
    assert first[0]["role"] == "test" and first[0]["slug"] == "wall-push-up"
    push = work(sessions, "push")
    assert {e["slug"] for e in push} == {"wall-push-up"}
    assert sum(e["sets"] for e in push) <= 10 and all(e["rir"] >= 2 for e in push)
    sim = sixteen_weeks(catalog, profile)
    assert_still_coherent(sim, catalog)
    assert "test-result" in sim.codes()
    sets = weekly_push_sets(sim)
    assert (
        max(v for w, v in sets.items() if w > 8) > sets[max(w for w in sets if w <= 8)]
    )


def test_twenty_five_year_old_with_fifteen_and_no_equipment(catalog: Catalog) -> None:
    profile = persona(catalog, "fifteen-no-kit")
    sessions = first_week(catalog, profile)
    push = work(sessions, "push")
    assert {e["slug"] for e in push} == {"wide-push-up", "arched-push-up", "push-up"}
    assert all(e["reps"] + e["rir"] <= 15 for e in push)  # inside the tested max
    back = {e["slug"] for e in work(sessions, "pull") + work(sessions, "scapular")}
    assert back == {"prone-ytw", "scapular-push-up"}  # floor drills: no kit
    plan = build_plan(profile, catalog, weeks=4)
    assert any("a sturdy table" in note for note in plan.notes)
    sim = sixteen_weeks(catalog, profile)
    assert_still_coherent(sim, catalog)
    sets = weekly_push_sets(sim)
    assert sets[max(sets)] > sets[1]  # volume keeps rising past the first blocks


def test_thirty_five_year_old_with_forty_dumbbells_and_trx(catalog: Catalog) -> None:
    profile = persona(catalog, "forty-dumbbells-trx")
    sessions = first_week(catalog, profile)
    dose = {(e["slug"], e["sets"], e.get("reps")) for e in work(sessions, "push")}
    assert {("wide-push-up", 4, 12), ("arched-push-up", 3, 8),
            ("explosive-push-up", 3, 8)} <= dose  # fmt: skip
    pull = {e["slug"] for e in work(sessions, "pull")}
    assert {"trx-row", "dumbbell-reverse-fly"} <= pull
    assert sum(e["sets"] for e in work(sessions, "push")) == 13
    sim = sixteen_weeks(catalog, profile)
    assert_still_coherent(sim, catalog)


def test_shoulder_condition(catalog: Catalog) -> None:
    profile = persona(catalog, "shoulder")
    result = assess(profile, catalog)
    assert any("45 degrees" in line for line in result.safety_advice)
    sessions = first_week(catalog, profile)
    push = work(sessions, "push")
    used = {e["slug"] for e in push}
    assert used <= {"knee-push-up", "low-incline-push-up", "incline-push-up"}
    assert all(e["sets"] <= 2 and e["rir"] >= 3 for e in push)  # health yes
    sim = sixteen_weeks(catalog, profile)
    assert_still_coherent(sim, catalog)
    assert (
        max(
            catalog.get(p.slug).ladder_step or 0
            for s in sim.sessions
            for p in s.exercises
            if p.category == "push"
        )
        <= 4
    )  # never past the knee push-up with a sore shoulder


def test_seventy_year_old_with_a_heart_condition(catalog: Catalog) -> None:
    profile = persona(catalog, "seventy-heart")
    with pytest.raises(NotAllowed, match="heart condition"):
        build_plan(profile, catalog)
    cleared = persona(catalog, "seventy-heart", cleared=True)
    advice = assess(cleared, catalog).safety_advice
    assert any("never hold your breath" in line for line in advice)
    plan = build_plan(cleared, catalog, weeks=8).to_dict()
    assert plan["notes"][0].startswith("PAR-Q+: you answered yes to heart condition")
    hard = [e for w in plan["weeks"] for s in w["sessions"] for e in s["exercises"]
            if e["hard"] and e["role"] != "test"]  # fmt: skip
    assert all(e["sets"] <= 2 and e["rir"] >= 3 for e in hard)
    tests = [e for w in plan["weeks"] for s in w["sessions"] for e in s["exercises"]
             if e["role"] == "test"]  # fmt: skip
    assert tests and all(e["rir"] == 3 for e in tests)  # stops 3 reps early
    main = [s for s in plan["weeks"][0]["sessions"] if s["day"] == 3][0]
    reps = [
        [e["reps"] for e in s["exercises"] if e.get("slot") == "push-main"][0]
        for w in plan["weeks"][:3]
        for s in w["sessions"]
        if s["day"] == main["day"]
    ]
    assert reps[0] == reps[1] < reps[2]  # an older beginner: every second week
    sim = sixteen_weeks(catalog, cleared)
    assert_still_coherent(sim, catalog)
