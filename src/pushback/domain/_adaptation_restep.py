"""Moving a whole push pattern to another ladder step in the sessions ahead
(private to :mod:`pushback.domain.adaptation`).

Every push prescription carries its movement ``slot`` and the main ``step`` it
follows. :func:`restep` re-chooses each push slot of each session still ahead at the
new step, exactly as the plan generator chooses it (:func:`._plan_slots.choose`), so
the variations keep hanging off the main ladder: no wide push-up from the toes
while the main push-up is on the knees. A slot whose exercise does not change keeps
its prescription (only its ``step`` is updated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from pushback.domain._plan_slots import (
    TEMPLATES,
    Context,
    Slot,
    choose,
    slot_dose,
    test_target,
    window_of,
)
from pushback.domain._plan_volume import Load, volume_limit
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.phrases import exercise_phrase, msg
from pushback.domain.plans import Prescription

if TYPE_CHECKING:
    from pushback.domain._adaptation_types import PlannedSession

__all__ = ["Mode", "current_step", "is_push", "restep", "slot_of", "with_items"]

Mode = Literal["keep", "dose"]
#: Every slot by id (push, test) as the templates define it.
_SLOTS: dict[str, Slot] = {
    slot.id: slot for _, slots in TEMPLATES.values() for slot in slots
}
#: Side variants and the slot they were the seed's choice for (older plans
#: stored no slot).
_SIDE_SLOTS = {
    "wide-push-up": "push-wide",
    "arched-push-up": "push-arched",
    "explosive-push-up": "push-power",
    "suspension-push-up": "push-power",
}


def slot_of(item: Prescription) -> str:
    """The movement slot of ``item`` (inferred for plans stored before slots)."""
    if item.slot:
        return item.slot
    if item.role == "test":
        return "test"
    return _SIDE_SLOTS.get(item.slug, "push-main")


def is_push(item: Prescription) -> bool:
    """True for hard push-up work and retests (the moving push pattern)."""
    return item.category == "push" and item.hard


def current_step(sessions: Sequence[PlannedSession], catalog: Catalog) -> int | None:
    """The main step the push work ahead follows (the first one stored)."""
    for session in sessions:
        if session.done:
            continue
        for item in session.exercises:
            if is_push(item):
                if item.step is not None:
                    return item.step
                exercise = catalog.get(item.slug)
                if exercise.branch == "main":
                    return exercise.ladder_step
    return None


def restep(
    sessions: Sequence[PlannedSession],
    *,
    step: int,
    ctx: Context,
    mode: Mode,
) -> tuple[PlannedSession, ...]:
    """Every push slot of the sessions ahead re-chosen at main ``step``.

    ``mode``: ``keep`` (a step down: the same sets and reps, inside the new window)
    or ``dose`` (a step up or a retest: reps from the test in ``ctx``).
    """
    return tuple(s if s.done else _restep_session(s, step, ctx, mode) for s in sessions)


def _restep_session(
    session: PlannedSession, step: int, ctx: Context, mode: Mode
) -> PlannedSession:
    groups: dict[str, list[Prescription]] = {}
    for item in session.exercises:
        if is_push(item):
            groups.setdefault(slot_of(item), []).append(item)
    if not groups:
        return session
    used: set[str] = set()
    rir = _rir(groups)
    new: dict[str, list[Prescription]] = {}
    for slot_id, items in groups.items():
        slot = _SLOTS.get(slot_id, _SLOTS["push-main"])
        choice = choose(slot, step, ctx, used=used, rir=rir)
        if choice is None:
            new[slot_id] = []
            continue
        used.add(choice.exercise.slug)
        new[slot_id] = _moved(items, choice.exercise, step, ctx, mode)
    return with_items(session, groups, new)


def _rir(groups: dict[str, list[Prescription]]) -> int:
    values = [i.rir for items in groups.values() for i in items if i.rir is not None]
    return min(values) if values else 1


def with_items(
    session: PlannedSession,
    old: dict[str, list[Prescription]],
    new: dict[str, list[Prescription]],
) -> PlannedSession:
    """``session`` with each slot's old items replaced by its new ones, in place."""
    replaced: set[str] = set()
    items: list[Prescription] = []
    for item in session.exercises:
        slot = next((k for k, group in old.items() if item in group), None)
        if slot is None:
            items.append(item)
        elif slot not in replaced:
            replaced.add(slot)
            items += new[slot]
    return replace(session, exercises=tuple(items))


def _moved(
    items: list[Prescription], exercise: Exercise, step: int, ctx: Context, mode: Mode
) -> list[Prescription]:
    first = items[0]
    if first.slug == exercise.slug:
        return [replace(i, step=step) for i in items]
    if first.role == "test":
        return [_as_test(first, exercise, step, ctx)]
    sets = sum(i.sets for i in items)
    before = sum(i.sets * i.count for i in items)
    low, high = window_of(exercise, ctx)
    if mode == "keep":
        volume = min(max(before, sets * low), sets * high)
    else:
        dose = slot_dose(exercise, ctx, first.rir or 0)
        volume = sets * min(high, dose.reps if dose.fits else low)
    # The move itself keeps the 20% rule: fewer sets rather than reps below the
    # window when the new dose would be a bigger jump.
    volume = min(volume, volume_limit(before, ctx.rules.weekly_increase))
    if volume < sets * low:
        sets = max(1, volume // low)
    load = Load(sets, max(sets, volume))
    return [_as(first, exercise, step, n, reps, ctx) for n, reps in load.split()]


def _as(  # noqa: PLR0913 - one prescription's new fields
    item: Prescription,
    exercise: Exercise,
    step: int,
    sets: int,
    reps: int,
    ctx: Context,
) -> Prescription:
    per_side = exercise.unit == "reps_per_side"
    return replace(
        item,
        slug=exercise.slug,
        name=exercise.name,
        category=exercise.category,
        sets=sets,
        reps=None if per_side else reps,
        reps_per_side=reps if per_side else None,
        duration_s=None,
        rep_range=window_of(exercise, ctx),
        tempo=exercise.tempo or item.tempo,
        rest_s=exercise.rest_s if item.rest_s == 0 else item.rest_s,
        cues=exercise.cues,
        seed=item.seed,
        step=step,
        short_range=False,
        reason=msg(
            "Moved with the main exercise to step %(step)d: %(name)s (see the plan "
            "changes).",
            step=step,
            name=exercise_phrase(exercise.slug, exercise.name),
        ),
    )


def _as_test(
    item: Prescription, exercise: Exercise, step: int, ctx: Context
) -> Prescription:
    target = test_target(exercise, ctx, item.rir or ctx.rules.work_rir)
    per_side = exercise.unit == "reps_per_side"
    return replace(
        item,
        slug=exercise.slug,
        name=f"{exercise.name} (test)",
        reps=None if per_side else target,
        reps_per_side=target if per_side else None,
        cues=exercise.cues,
        step=step,
        reason=msg(
            "Retest on %(name)s, your main exercise now.",
            name=exercise_phrase(exercise.slug, exercise.name),
        ),
    )
