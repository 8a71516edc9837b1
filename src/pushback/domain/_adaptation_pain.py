"""Pain during a workout: the journal's pain rules applied to the rest of today's
session at once (private: import from :mod:`pushback.domain.adaptation`).

The same rules that adapt the plan after a session with pain (the push pattern to
the catalog's safer step, or one step easier; a pulling drill to the catalog's
substitute or another back exercise; else removed) are run on today's session
alone, and the result is given back position by position, so a workout in
progress can swap or skip exactly the exercises the rule touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pushback.domain._adaptation_push import push_rule
from pushback.domain._adaptation_restep import is_push, slot_of
from pushback.domain._adaptation_rules import Change, _drop, pull_rule
from pushback.domain._adaptation_types import PlannedSession, Rules, SetLog
from pushback.domain.errors import NotFound
from pushback.domain.phrases import exercise_phrase
from pushback.domain.plans import Prescription
from pushback.domain.progression import PULL_CATEGORIES

__all__ = ["PainChange", "adapt_workout_to_pain"]


@dataclass(frozen=True)
class PainChange:
    """Today's exercises after pain, aligned with the session's: ``exercises[i]``
    is the prescription that replaces position ``i`` (itself when untouched, None
    when removed). ``code`` is ``substitute`` or ``drop``; ``reason`` says why."""

    code: str
    reason: str
    slug: str | None
    exercises: tuple[Prescription | None, ...]


def _rule(pain: SetLog, today: PlannedSession, rules: Rules) -> Change | None:
    ctx = rules.context()
    try:
        exercise = ctx.catalog.get(pain.slug or "")
    except NotFound:
        return None
    if exercise.category == "push":
        return push_rule((pain,), (), (today,), ctx)
    if exercise.category in PULL_CATEGORIES and exercise.unit != "duration_s":
        return pull_rule(exercise.slug, (pain,), None, ctx)
    # Holds and mobility: no safer variant in the rules, so pain removes them.
    name = exercise_phrase(exercise.slug, exercise.name)
    return _drop(exercise.slug, name, pain.pain_location, None)


def _aligned(
    before: Sequence[Prescription], after: Sequence[Prescription]
) -> tuple[Prescription | None, ...]:
    """Each old position's new prescription: itself when its slug is kept; a push
    item the new item of its slot (the pattern moved); another item the one now
    at its place (swapped in place), or None (removed)."""
    kept = {p.slug for p in after}
    by_slot: dict[str, Prescription] = {}
    for item in after:
        if is_push(item):
            by_slot.setdefault(slot_of(item), item)
    in_place = len(after) == len(before)
    out: list[Prescription | None] = []
    for i, item in enumerate(before):
        if item.slug in kept:
            out.append(item)
        elif is_push(item):
            out.append(by_slot.get(slot_of(item)))
        else:
            out.append(after[i] if in_place else None)
    return tuple(out)


def adapt_workout_to_pain(
    session: PlannedSession, *, pain: SetLog, rules: Rules
) -> PainChange | None:
    """What pain logged during today's ``session`` changes for the rest of it.

    ``pain`` is the set logged with pain (its ``slug`` and ``pain_location``).
    Returns None when the rules change nothing (no pain, an unknown exercise).
    """
    if not pain.pain:
        return None
    # Today is being trained: not done, and changed even on a deload day.
    today = replace(session, done=False, deload=False)
    change = _rule(pain, today, rules)
    if change is None:
        return None
    (after,) = change.transform((today,))
    exercises = _aligned(session.exercises, after.exercises)
    if all(a is b for a, b in zip(exercises, session.exercises, strict=True)):
        return None
    return PainChange(change.code, change.reason, change.slug, exercises)
