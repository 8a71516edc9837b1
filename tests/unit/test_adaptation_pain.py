"""Pain during a workout: the journal's pain rules on the rest of today's session."""

from __future__ import annotations

from datetime import date

import pytest

from pushback.domain.adaptation import (
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_session,
    adapt_workout_to_pain,
)
from pushback.domain.catalog import load_catalog
from pushback.domain.plans import build_plan
from pushback.domain.profile import Profile

CATALOG = load_catalog()
PROFILE = Profile(max_pushups=12, age=30, equipment=("table",), parq_answered=True)
DAY = date(2026, 12, 7)


def _today() -> PlannedSession:
    plan = build_plan(PROFILE, CATALOG, weeks=2)
    first = plan.weeks[0].sessions[0]
    return PlannedSession(key=1, week=1, on=DAY, exercises=first.exercises)


def _rules() -> Rules:
    return Rules(CATALOG, profile=PROFILE)


def _pain(slug: str, where: str | None) -> SetLog:
    return SetLog(slug=slug, count=5, pain=True, pain_location=where)


def test_no_pain_changes_nothing() -> None:
    today = _today()
    slug = today.exercises[3].slug
    calm = SetLog(slug=slug, count=5)
    assert adapt_workout_to_pain(today, pain=calm, rules=_rules()) is None


@pytest.mark.parametrize("where", ["wrist", "shoulder", "lower back", None])
def test_pain_on_push_work_moves_it_as_the_journal_would(where: str | None) -> None:
    today = _today()
    push = next(p for p in today.exercises if p.category == "push" and p.hard)
    change = adapt_workout_to_pain(today, pain=_pain(push.slug, where), rules=_rules())
    assert change is not None and change.code in ("substitute", "drop")
    assert len(change.exercises) == len(
        today.exercises
    )  # aligned, position by position
    new = change.exercises[today.exercises.index(push)]
    assert new is None or new.slug != push.slug
    # the same decision the journal makes after the session
    later = PlannedSession(
        key=2, week=1, on=DAY.replace(day=9), exercises=today.exercises
    )
    logged = adapt_to_session(
        (later,),
        latest=_session_log(push.slug, where),
        history=(),
        rules=_rules(),
    )
    assert change.code == logged.decisions[0].code
    if new is not None:
        assert new.slug in {p.slug for p in logged.sessions[0].exercises}


def _session_log(slug: str, where: str | None) -> SessionLog:
    return SessionLog(DAY, (_pain(slug, where),))


def test_pain_on_a_pulling_drill_swaps_it_in_place() -> None:
    today = _today()
    pull = next(
        p for p in today.exercises if p.category in ("pull", "scapular") and p.hard
    )
    change = adapt_workout_to_pain(
        today, pain=_pain(pull.slug, "shoulder"), rules=_rules()
    )
    assert change is not None
    index = today.exercises.index(pull)
    untouched = [
        p for i, p in enumerate(today.exercises) if i != index and p.slug != pull.slug
    ]
    assert all(p in change.exercises for p in untouched)  # the others stay as planned
    new = change.exercises[index]
    assert new is None or new.slug != pull.slug
