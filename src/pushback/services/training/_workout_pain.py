"""Pain logged during the guided workout changes the rest of it at once.

Today's planned exercises are replayed through every set logged with pain in
today's open session, in order, with the journal's own pain rules
(:func:`pushback.domain.adaptation.adapt_workout_to_pain`): each touched exercise
is substituted (same number of sets, the substitute's reps, tempo and cues) or
removed. Nothing is stored: the steps are derived from the journal, so a reload,
a second phone and the API all see the same workout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pushback.domain.adaptation import (
    PlannedSession,
    SetLog,
    adapt_workout_to_pain,
    prescription_from_dict,
)
from pushback.domain.plans import Prescription
from pushback.journal import repository as repo
from pushback.journal.records import ScheduledEntry, UserRecord
from pushback.services.training._adapt import current_profile, rules_for
from pushback.services.unit import Work

__all__ = ["AfterPain", "after_pain"]


@dataclass(frozen=True)
class AfterPain:
    """Today's exercises after the pain logged so far: ``items[i]`` replaces the
    planned exercise ``i`` (the planned dict when untouched, None when removed);
    ``reasons`` say what changed and why, in order."""

    items: tuple[dict[str, Any] | None, ...]
    reasons: tuple[str, ...]


def after_pain(
    work: Work, user: UserRecord, scheduled: ScheduledEntry, day: date
) -> AfterPain:
    """Today's exercises after every set logged with pain today (module docstring)."""
    planned = tuple(scheduled.exercises)
    opened = repo.open_session_on(work.session, user_id=user.id, day=day)
    pained = [s for s in (opened.sets if opened else ()) if s.pain and s.slug]
    if not pained:
        return AfterPain(planned, ())
    plan = repo.active_plan(work.session, user_id=user.id)
    rules = rules_for(current_profile(work.session, user, plan) if plan else None)
    # (planned position, prescription) of the exercises still in the workout
    alive: list[tuple[int, Prescription]] = [
        (i, prescription_from_dict(item)) for i, item in enumerate(planned)
    ]
    changed: dict[int, Prescription | None] = {}
    reasons: list[str] = []
    for pain in pained:
        session = PlannedSession(
            key=scheduled.id or 0,
            week=scheduled.week,
            on=day,
            exercises=tuple(p for _, p in alive),
            title=scheduled.title,
        )
        found = adapt_workout_to_pain(
            session,
            pain=SetLog(
                slug=pain.slug,
                count=pain.reps if pain.reps is not None else pain.reps_per_side,
                pain=True,
                pain_location=pain.pain_location,
            ),
            rules=rules,
        )
        if found is None:
            continue
        reasons.append(found.reason)
        survivors: list[tuple[int, Prescription]] = []
        for (position, old), new in zip(alive, found.exercises, strict=True):
            if new is not old:
                changed[position] = new
            if new is not None:
                survivors.append((position, new))
        alive = survivors
    items = tuple(
        planned[i] if i not in changed else _as_dict(changed[i], planned[i])
        for i in range(len(planned))
    )
    return AfterPain(items, tuple(reasons))


def _as_dict(new: Prescription | None, old: dict[str, Any]) -> dict[str, Any] | None:
    """The substitute as a planned dict, keeping the planned number of sets and
    role (the workout's steps stay where they were)."""
    if new is None:
        return None
    return new.to_dict() | {"sets": old.get("sets"), "role": old.get("role", new.role)}
