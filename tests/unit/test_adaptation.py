"""Adaptive progression: the plan reacts to the log with a reason, moving the push
pattern as one unit, within the caps; 16-week journal simulations as properties."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pushback.domain.adaptation import (
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_calendar,
    adapt_to_session,
    calendar_is_current,
    enforce_caps,
    prescription_from_dict,
)
from pushback.domain.assessment import AssessmentAnswers, build_profile
from pushback.domain.catalog import load_catalog
from pushback.domain.plans import Plan, Prescription, build_plan
from pushback.domain.profile import ParQ, Profile
from tests.unit._coach_sim import (
    START,
    Behaviour,
    Simulation,
    adherent,
    failing,
    pained,
)

CATALOG = load_catalog()
KNEE_USER = Profile(max_pushups=10, variant="knee-push-up", age=30, parq_answered=True)
PROFILES = (
    KNEE_USER,
    Profile(max_pushups=12, age=30, equipment=("table",), parq_answered=True),
    Profile(
        max_pushups=5,
        variant="incline-push-up",
        age=62,
        parq=ParQ(bone_joint=True),
        parq_answered=True,
        cleared=True,
    ),
    Profile(max_pushups=40, age=35, equipment=("trx", "dumbbells"), parq_answered=True),
)
RESTRICTED = {"explosive-push-up", "archer-push-up", "incline-one-arm-push-up",
              "one-arm-push-up"}  # fmt: skip


@functools.cache
def _plan(profile: Profile) -> Plan:
    return build_plan(profile, CATALOG, weeks=12)


def _schedule(plan: Plan) -> tuple[PlannedSession, ...]:
    sessions = []
    for week in plan.weeks:
        for session in week.sessions:
            sessions.append(
                PlannedSession(
                    key=len(sessions),
                    week=week.week,
                    on=START + timedelta(days=7 * (week.week - 1) + session.day - 1),
                    exercises=session.exercises,
                    deload=week.deload,
                    title=session.title,
                    day=session.day,
                )
            )
    return tuple(sessions)


def _rules(profile: Profile) -> Rules:
    return Rules(CATALOG, bool(profile.parq.yes_answers()), profile=profile)


def _log(
    session: PlannedSession, make: Callable[[Prescription], list[SetLog]]
) -> SessionLog:
    sets = [s for item in session.exercises if item.hard for s in make(item)]
    return SessionLog(session.on, tuple(sets), planned_key=session.key)


def _train(
    sessions: tuple[PlannedSession, ...],
    index: int,
    make: Callable[[Prescription], list[SetLog]],
    profile: Profile = KNEE_USER,
    history: tuple[SessionLog, ...] = (),
) -> tuple[tuple[PlannedSession, ...], list[str], SessionLog]:
    due = [s for s in sessions if not s.done][index]
    log = _log(due, make)
    done = tuple(replace(s, done=True) if s.key == due.key else s for s in sessions)
    result = adapt_to_session(
        done, latest=log, history=list(history), rules=_rules(profile)
    )
    return result.sessions, [d.code for d in result.decisions], log


def _push_ahead(sessions: tuple[PlannedSession, ...]) -> list[Prescription]:
    return [
        p
        for s in sessions
        if not s.done
        for p in s.exercises
        if p.hard and p.category == "push" and p.role != "test"
    ]


def _sets_of(item: Prescription, count: int, **extra: object) -> list[SetLog]:
    return [
        SetLog(item.slug, count, target=item.count, rep_range=item.rep_range,
               rir=extra.pop("rir", 1), target_rir=item.rir, **extra)  # type: ignore[arg-type]
        for _ in range(item.sets)
    ]  # fmt: skip


def _push_only(count: Callable[[Prescription], int], **extra: object):  # type: ignore[no-untyped-def]
    def make(item: Prescription) -> list[SetLog]:
        if item.category != "push" or item.role == "test":
            return adherent(item, 1)
        return _sets_of(item, count(item), **dict(extra))

    return make


def _miss(item: Prescription) -> int:
    return (item.rep_range or (6, 15))[0] - 2


# --------------------------------------------------------------------- the rules


def test_the_generated_plan_already_satisfies_the_caps_checker() -> None:
    for profile in PROFILES:
        schedule = _schedule(_plan(profile))
        novice = _rules(profile).person.novice
        capped = enforce_caps(
            schedule, conservative=_rules(profile).conservative, novice=novice
        )
        assert capped == schedule


def test_two_misses_step_the_whole_push_pattern_down_together() -> None:
    profile = Profile(max_pushups=12, age=30, parq_answered=True)
    sessions = _schedule(_plan(profile))
    sessions, codes, first = _train(sessions, 0, _push_only(_miss), profile)
    assert "repeat" in codes
    sessions, codes, _ = _train(sessions, 0, _push_only(_miss), profile, (first,))
    assert "regress-step" in codes
    ahead = _push_ahead(sessions)
    assert {p.step for p in ahead} == {5}
    assert all((CATALOG.get(p.slug).ladder_step or 0) <= 5 for p in ahead)
    assert not {"wide-push-up", "arched-push-up", "push-up"} & {p.slug for p in ahead}


def test_form_breaking_on_camera_steps_down_and_says_so() -> None:
    profile = Profile(max_pushups=12, age=30, parq_answered=True)
    sessions = _schedule(_plan(profile))
    make = _push_only(lambda item: item.count - 2, form_broke=True, filmed=True)
    sessions, codes, _ = _train(sessions, 0, make, profile)
    assert "regress-step" in codes
    assert {p.step for p in _push_ahead(sessions)} == {5}


def test_the_gate_met_twice_moves_the_whole_pattern_up() -> None:
    """Twice every set of the main exercise at its gate with reps in reserve (the
    main exercise comes once a week, so two weeks running)."""
    profile = Profile(max_pushups=40, age=35, equipment=("trx",), parq_answered=True)
    sessions = _schedule(_plan(profile))
    main = [p for p in sessions[1].exercises if p.slot == "push-main"][0]
    assert (main.slug, main.sets, main.count) == ("close-push-up", 3, 12)
    history: tuple[SessionLog, ...] = ()
    codes: list[str] = []
    for _ in range(5):  # days 1, 3, 5 of week 1, days 1 and 3 of week 2
        make = _push_only(lambda item: item.count, rir=2)
        sessions, codes, log = _train(sessions, 0, make, profile, history)
        history = (log, *history)
    assert "progress-step" in codes
    assert {p.step for p in _push_ahead(sessions)} == {8}


def test_changes_that_change_nothing_are_neither_made_nor_reported() -> None:
    row = Prescription("table-row", 1, "", reps=10, rep_range=(8, 12),
                       category="pull")  # fmt: skip
    sessions = (
        PlannedSession(0, 5, START, (row,), done=True),
        PlannedSession(1, 5, START + timedelta(days=2), (row,)),
    )
    broke = SessionLog(START, (SetLog("table-row", 6, target=10, rep_range=(8, 12),
                                      form_broke=True),))  # fmt: skip
    result = adapt_to_session(sessions, latest=broke, history=[],
                              rules=Rules(CATALOG))  # fmt: skip
    assert result.decisions == ()  # 30% fewer than 1 set is still 1 set
    three = tuple(replace(s, exercises=(replace(row, sets=3),)) for s in sessions)
    result = adapt_to_session(three, latest=broke, history=[], rules=Rules(CATALOG))
    assert [d.code for d in result.decisions] == ["cut-sets"]
    assert result.sessions[1].exercises[0].sets == 2  # about 30% fewer


def test_pain_moves_the_push_pattern_to_the_safer_step() -> None:
    profile = Profile(max_pushups=12, age=30, parq_answered=True)
    sessions = _schedule(_plan(profile))
    make = _push_only(lambda item: item.count, pain=True, pain_location="left wrist")
    sessions, codes, _ = _train(sessions, 0, make, profile)
    assert codes[0] == "substitute"
    assert {p.step for p in _push_ahead(sessions)} == {2}  # the incline push-up


def test_pain_with_no_safer_variant_drops_the_exercise() -> None:
    item = Prescription("wall-push-up", 2, "", reps=10, rep_range=(6, 15),
                        category="push", step=1)  # fmt: skip
    sessions = (
        PlannedSession(0, 1, START, (item,), done=True),
        PlannedSession(1, 1, START + timedelta(days=2), (item,)),
    )
    log = SessionLog(START, (SetLog("wall-push-up", 5, target=10, pain=True,
                                    pain_location="elbow"),))  # fmt: skip
    result = adapt_to_session(sessions, latest=log, history=[], rules=Rules(CATALOG))
    assert [d.code for d in result.decisions] == ["drop"]
    assert result.sessions[1].exercises == ()


def test_a_logged_retest_re_doses_the_plan_and_prefers_the_camera() -> None:
    profile = Profile(max_pushups=12, age=30, parq_answered=True)
    schedule = _schedule(_plan(profile))
    test_day = next(s for s in schedule if any(p.role == "test" for p in s.exercises))
    before = [s for s in schedule if s.on < test_day.on]
    sessions = tuple(replace(s, done=True) if s in before else s for s in schedule)

    def filmed(item: Prescription) -> list[SetLog]:
        if item.role != "test":
            return adherent(item, 4)
        return [SetLog(item.slug, 30, filmed=True, camera_reps=25)]

    index = [s for s in sessions if not s.done].index(test_day)
    sessions, codes, _ = _train(sessions, index, filmed, profile)
    assert codes[0] == "test-result"
    ahead = _push_ahead(sessions)
    assert {p.step for p in ahead} == {7}  # 25 clean reps: work sets of 16 > 15


def test_a_week_of_fatigue_triggers_a_deload() -> None:
    profile = Profile(max_pushups=12, age=30, parq_answered=True)
    sessions = _schedule(_plan(profile))
    drift = _push_only(lambda item: item.count, rir=0)
    history: tuple[SessionLog, ...] = ()
    codes: list[str] = []
    for _ in range(2):
        sessions, codes, log = _train(sessions, 0, drift, profile, history)
        history = (log, *history)
    assert "deload" in codes


# ------------------------------------------------------- 16 weeks of the journal


def _persona(**answers: object) -> Profile:
    return build_profile(AssessmentAnswers(**answers), CATALOG)  # type: ignore[arg-type]


SIM_PROFILES = {
    "sedentary": _persona(max_pushups=0, variant="knee-push-up", age=50, sex="female"),
    "fifteen": _persona(max_pushups=15, age=25),
    "forty": _persona(max_pushups=40, age=35, equipment=("dumbbells", "trx")),
    "older-heart": _persona(
        max_pushups=8, variant="knee-push-up", age=70, parq="ynnnnnn", cleared=True
    ),  # fmt: skip
    "knee-ten-table": _persona(
        max_pushups=10, variant="knee-push-up", age=28, equipment=("table", "bands")
    ),  # fmt: skip
}


@functools.cache
def _simulated(name: str, behaviour: str, skip: tuple[int, ...] = ()) -> Simulation:
    chosen: dict[str, Behaviour] = {
        "adherent": adherent, "failing": failing, "pained": pained,
    }  # fmt: skip
    sim = Simulation(SIM_PROFILES[name], CATALOG, chosen[behaviour], frozenset(skip))
    sim.run(16)
    return sim


def _steps_of(session: PlannedSession) -> set[int]:
    return {p.step for p in session.exercises if p.category == "push" and p.step}


def _assert_coherent(sim: Simulation) -> None:
    """Every session: one main step for all push work, side variants within it,
    back work with every push session, nothing excluded for the person, and the
    caps already met."""
    profile = sim.profile
    restricted = bool(profile.parq.yes_answers()) or (profile.age or 0) >= 65
    for session in sim.sessions:
        steps = _steps_of(session)
        assert len(steps) <= 1, (session.week, session.day, steps)
        hard = [p for p in session.exercises if p.hard]
        push = [p for p in hard if p.category == "push"]
        if push:
            assert any(p.category in ("pull", "scapular") for p in hard)
        for item in push:
            assert (CATALOG.get(item.slug).ladder_step or 0) <= (item.step or 0)
        for item in session.exercises:
            exercise = CATALOG.get(item.slug)
            assert exercise.is_doable_with(profile.equipment)
            assert not restricted or item.slug not in RESTRICTED
    rules = sim.rules
    assert (
        enforce_caps(
            sim.sessions, conservative=rules.conservative, novice=rules.person.novice
        )
        == sim.sessions
    )


def _weekly_push(sim: Simulation) -> dict[int, int]:
    """Reps x sets of push work in each normal week (deloads and retests aside)."""
    weeks: dict[int, int] = {}
    for session in sim.sessions:
        if session.deload or any(p.role == "test" for p in session.exercises):
            continue
        weeks[session.week] = weeks.get(session.week, 0) + sum(
            p.sets * p.count for p in session.exercises
            if p.hard and p.category == "push"
        )  # fmt: skip
    return weeks


def _weekly_push_sets(sim: Simulation) -> dict[int, int]:
    weeks: dict[int, int] = {}
    for session in sim.sessions:
        if session.deload:
            continue
        weeks[session.week] = weeks.get(session.week, 0) + sum(
            p.sets for p in session.exercises
            if p.hard and p.category == "push" and p.role != "test"
        )  # fmt: skip
    return weeks


@pytest.mark.parametrize("name", sorted(SIM_PROFILES))
def test_an_adherent_user_keeps_progressing_past_week_eight(name: str) -> None:
    sim = _simulated(name, "adherent")
    _assert_coherent(sim)
    volume = _weekly_push(sim)
    early = max(v for w, v in volume.items() if w <= 8)
    later = max(v for w, v in volume.items() if 8 < w <= 17)
    steps = [min(_steps_of(s)) for s in sim.sessions if _steps_of(s)]
    assert later > early or steps[-1] > steps[0]  # more volume or a harder step
    assert steps == sorted(steps)  # never a step down without a reason
    assert "regress-step" not in sim.codes() and "cut-sets" not in sim.codes()
    assert not any(code in ("new-plan", "reset") for code in sim.codes())


@pytest.mark.parametrize("name", sorted(SIM_PROFILES))
def test_a_failing_user_steps_the_whole_pattern_down_together(name: str) -> None:
    sim = _simulated(name, "failing")
    _assert_coherent(sim)
    steps = [min(_steps_of(s)) for s in sim.sessions if _steps_of(s)]
    assert steps == sorted(steps, reverse=True)  # never up while failing
    assert steps[-1] == 1 or "regress-step" in sim.codes()


@pytest.mark.parametrize("name", sorted(SIM_PROFILES))
def test_missed_weeks_shift_the_plan_without_resetting_volume(name: str) -> None:
    sim = _simulated(name, "adherent", (5, 6))
    _assert_coherent(sim)
    assert "shift" in sim.codes() and "re-entry" in sim.codes()
    sets = _weekly_push_sets(sim)
    assert max(v for w, v in sets.items() if w >= 6) >= sets[3]


@pytest.mark.parametrize("name", sorted(SIM_PROFILES))
def test_pain_moves_the_pattern_and_the_plan_goes_on(name: str) -> None:
    sim = _simulated(name, "pained")
    _assert_coherent(sim)
    assert {"substitute", "drop"} & set(sim.codes())
    assert sim.sessions[-1].week >= 16  # blocks keep coming after the pain


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(SIM_PROFILES)),
    outcomes=st.lists(
        st.sampled_from(["target", "miss", "form", "pain", "rir0"]),
        min_size=6,
        max_size=30,
    ),  # fmt: skip
)
def test_any_sequence_of_outcomes_keeps_the_plan_coherent(
    name: str, outcomes: list[str]
) -> None:
    log = iter(outcomes * 4)

    def mixed(item: Prescription, week: int) -> list[SetLog]:
        outcome = next(log, "target")
        if outcome == "miss":
            return failing(item, week)
        sets = adherent(item, week)
        changes = {"form": {"form_broke": True, "count": max(0, item.count - 2)},
                   "pain": {"pain": True, "pain_location": "shoulder"},
                   "rir0": {"rir": 0}}.get(outcome, {})  # fmt: skip
        return [replace(s, **changes) for s in sets]  # type: ignore[arg-type]

    sim = Simulation(SIM_PROFILES[name], CATALOG, mixed)
    sim.run(8)
    _assert_coherent(sim)


# ----------------------------------------------------------------- the calendar


def test_prescriptions_round_trip_through_their_json_form() -> None:
    for session in _schedule(_plan(KNEE_USER)):
        for item in session.exercises:
            assert prescription_from_dict(item.to_dict()) == item


@settings(max_examples=80, deadline=None)
@given(
    profile=st.sampled_from(PROFILES),
    today_offset_d=st.integers(min_value=-10, max_value=100),
    done_count=st.integers(min_value=0, max_value=36),
    gap_d=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    recent=st.sets(st.sampled_from(["shift", "re-entry", "retest"])),
)
def test_calendar_adaptation_changes_nothing_whenever_the_calendar_is_current(
    profile: Profile,
    today_offset_d: int,
    done_count: int,
    gap_d: int | None,
    recent: set[str],
) -> None:
    """The shortcut ``today`` takes: a current calendar means a no-op adaptation,
    and any schedule that is not current is one the full adaptation may change."""
    schedule = tuple(
        replace(s, done=s.key < done_count) for s in _schedule(_plan(profile))
    )
    today = START + timedelta(days=today_offset_d)
    last_trained = None if gap_d is None else today - timedelta(days=gap_d)
    planned = [s.on for s in schedule if not s.done]
    earliest = min(planned, default=None)
    result = adapt_to_calendar(
        schedule, today=today, last_trained=last_trained, recent_codes=recent
    )
    if calendar_is_current(earliest, today=today, last_trained=last_trained):
        assert result.decisions == () and result.changed(schedule) == ()
        assert not result.retest_due
    elif earliest is not None and earliest < today:
        assert result.changed(schedule)  # a missed session always moves the plan


def test_a_long_break_asks_for_a_retest_and_a_short_one_for_a_re_entry_week() -> None:
    schedule = _schedule(_plan(KNEE_USER))
    today = START + timedelta(days=40)
    result = adapt_to_calendar(schedule, today=today, last_trained=START)
    assert result.retest_due and "retest" in [d.code for d in result.decisions]
    short = adapt_to_calendar(
        schedule, today=START + timedelta(days=10), last_trained=START
    )
    assert [d.code for d in short.decisions] == ["shift", "re-entry"]
    assert isinstance(short.decisions[0].effective_on, date)
