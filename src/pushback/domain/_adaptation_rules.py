"""The per-exercise rules of :mod:`pushback.domain.adaptation` and the schedule
edits they make (private: import from ``adaptation``).

Each rule returns a :class:`Change`: a decision code, the reason shown to the
user, and a function rewriting the sessions still ahead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.errors import NotFound
from pushback.domain.plans import Prescription
from pushback.domain.progression import DEFAULT_REP_WINDOW, Target, next_target

if TYPE_CHECKING:
    from pushback.domain.adaptation import PlannedSession, SetLog

__all__ = ["CUT_FRACTION", "Change", "count_of", "rule_for", "with_count"]

#: [design] brief section 4: "keep the variant and cut sets ~30%".
CUT_FRACTION = 0.30
#: Words in a pain location and the catalog condition they point to.
_PAIN_CONDITIONS: tuple[tuple[str, str], ...] = (
    ("wrist", "wrist"),
    ("shoulder", "shoulder"),
    ("back", "lower-back"),
    ("lumbar", "lower-back"),
)

Sessions = tuple["PlannedSession", ...]
Transform = Callable[[Sessions], Sessions]


@dataclass(frozen=True)
class Change:
    """What one rule decided for one exercise."""

    code: str
    reason: str
    slug: str
    transform: Transform
    details: dict[str, Any] = field(default_factory=dict)


def _exercise(catalog: Catalog, slug: str | None) -> Exercise | None:
    if slug is None:
        return None
    try:
        return catalog.get(slug)
    except NotFound:
        return None


def _window(sets: Sequence[SetLog], exercise: Exercise) -> tuple[int, int]:
    for item in sets:
        if item.rep_range is not None:
            return item.rep_range
    return exercise.rep_range or DEFAULT_REP_WINDOW


def _missed(sets: Sequence[SetLog], window: tuple[int, int]) -> bool:
    return any((s.count or 0) < window[0] for s in sets)


def _at_top(sets: Sequence[SetLog], window: tuple[int, int]) -> bool:
    return all((s.count or 0) >= window[1] and (s.rir or 0) >= 1 for s in sets)


def _target_of(sets: Sequence[SetLog], window: tuple[int, int]) -> int:
    targets = [s.target for s in sets if s.target is not None]
    return max(targets) if targets else window[0]


def rule_for(
    slug: str,
    sets: tuple[SetLog, ...],
    before: tuple[SetLog, ...] | None,
    catalog: Catalog,
) -> Change | None:
    exercise = _exercise(catalog, slug)
    if exercise is None or exercise.unit == "duration_s":
        return None
    window = _window(sets, exercise)
    target = _target_of(sets, window)
    pained = [s for s in sets if s.pain]
    if pained:
        return _substitute(exercise, pained[0].pain_location, catalog)
    broke = any(s.form_broke and (s.count or 0) < (s.target or window[1]) for s in sets)
    missed = _missed(sets, window)
    if broke or (missed and before is not None and _missed(before, window)):
        return _regress(exercise, window, target, broke, catalog)
    if missed:
        return _repeat(exercise, window, target)
    if _at_top(sets, window) and before is not None and _at_top(before, window):
        step = _progress_step(exercise, window, len(sets), catalog)
        if step is not None:
            return step
    if (
        all((s.count or 0) >= target and (s.rir or 0) >= 1 for s in sets)
        and target < window[1]
    ):
        return _progress_reps(exercise, window, target)
    return None


def _condition_for(location: str | None) -> str | None:
    text = (location or "").lower()
    return next(
        (condition for word, condition in _PAIN_CONDITIONS if word in text), None
    )


def _substitute(exercise: Exercise, location: str | None, catalog: Catalog) -> Change:
    condition = _condition_for(location)
    where = location or "unspecified place"
    replacement = _exercise(catalog, exercise.substitutions.get(condition or ""))
    why = f"the catalog's substitution for {condition} problems"
    if replacement is None:
        replacement = _exercise(catalog, exercise.easier)
        why = "the easier ladder step"
    warning = (
        "Pain, unlike muscle burn, is a stop signal (brief section 4); see a clinician "
        "if it persists."
    )
    if replacement is None:
        return Change(
            "drop",
            f"Pain ({where}) during {exercise.name} and no safer variant in the "
            f"catalog: removed from the plan. {warning}",
            exercise.slug,
            lambda sessions: _remove(sessions, exercise.slug),
            {"location": location},
        )
    new = replacement
    return Change(
        "substitute",
        f"Pain ({where}) during {exercise.name}: replaced by {new.name}, {why}. "
        f"{warning}",
        exercise.slug,
        lambda sessions: _swap(sessions, exercise.slug, new, lambda count: count),
        {"location": location, "condition": condition, "to": new.slug},
    )


def _regress(
    exercise: Exercise,
    window: tuple[int, int],
    target: int,
    broke: bool,
    catalog: Catalog,
) -> Change:
    low, high = window
    cause = (
        f"Form broke before the target on {exercise.name}"
        if broke
        else f"Bottom of the {low}-{high} window missed in two sessions running on "
        f"{exercise.name}"
    )
    easier = _exercise(catalog, exercise.easier) if exercise.branch == "main" else None
    if easier is not None:
        new = easier
        return Change(
            "regress-step",
            f"{cause}: one ladder step down to {new.name} (brief section 4).",
            exercise.slug,
            lambda sessions: _swap(sessions, exercise.slug, new, lambda _count: target),
            {"to": new.slug, "form_broke": broke},
        )

    def cut(sets: int) -> int:
        return max(1, math.floor(sets * (1 - CUT_FRACTION) + 0.5))

    return Change(
        "cut-sets",
        f"{cause}: same exercise, sets cut by about 30% (brief section 4).",
        exercise.slug,
        lambda sessions: _edit(
            sessions, exercise.slug, lambda p: replace(p, sets=cut(p.sets))
        ),
        {"form_broke": broke},
    )


def _repeat(exercise: Exercise, window: tuple[int, int], target: int) -> Change:
    low, high = window
    return Change(
        "repeat",
        f"Bottom of the {low}-{high} window missed once on {exercise.name}: repeat "
        f"{target} reps next time before adding more (brief section 4).",
        exercise.slug,
        lambda sessions: _edit(
            sessions, exercise.slug, lambda p: with_count(p, min(count_of(p), target))
        ),
        {"reps": target},
    )


def _progress_step(
    exercise: Exercise, window: tuple[int, int], sets: int, catalog: Catalog
) -> Change | None:
    harder = _exercise(catalog, exercise.harder) if exercise.branch == "main" else None
    if harder is None:
        return None
    harder_window = harder.rep_range or DEFAULT_REP_WINDOW
    progress = next_target(
        Target(exercise.slug, sets, window[1], window, exercise.ladder_step),
        harder=Target(
            harder.slug, sets, harder_window[0], harder_window, harder.ladder_step
        ),
        gate_reps=exercise.gate.reps if exercise.gate else None,
    )
    if progress.action != "next-step":
        return None
    start = progress.target.reps
    return Change(
        "progress-step",
        f"Every set of {exercise.name} at the top of the {window[0]}-{window[1]} "
        f"window with at least 1 RIR in two sessions: gate reached, next ladder "
        f"step {harder.name} ({harder.slug}), starting at {start} reps "
        "(double progression, brief 2.1 and 4).",
        exercise.slug,
        lambda sessions: _swap(sessions, exercise.slug, harder, lambda _count: start),
        {"to": harder.slug, "reps": start},
    )


def _progress_reps(exercise: Exercise, window: tuple[int, int], target: int) -> Change:
    reps = min(window[1], target + 1)
    return Change(
        "progress-reps",
        f"Every set of {exercise.name} reached {target} reps with at least 1 RIR: "
        f"{reps} reps next time (double progression, brief section 4).",
        exercise.slug,
        lambda sessions: _edit(
            sessions, exercise.slug, lambda p: with_count(p, max(count_of(p), reps))
        ),
        {"reps": reps},
    )


def count_of(item: Prescription) -> int:
    return item.reps_per_side if item.reps_per_side is not None else (item.reps or 0)


def with_count(item: Prescription, count: int) -> Prescription:
    if item.reps_per_side is not None:
        return replace(item, reps_per_side=count)
    if item.reps is not None:
        return replace(item, reps=count)
    return item


def _edit(
    sessions: Sessions,
    slug: str,
    change: Callable[[Prescription], Prescription],
) -> Sessions:
    """Apply ``change`` to ``slug`` in the sessions ahead that are not deloads."""
    return tuple(
        s
        if s.done or s.deload
        else replace(
            s, exercises=tuple(change(p) if p.slug == slug else p for p in s.exercises)
        )
        for s in sessions
    )


def _remove(sessions: Sessions, slug: str) -> Sessions:
    return tuple(
        s
        if s.done
        else replace(s, exercises=tuple(p for p in s.exercises if p.slug != slug))
        for s in sessions
    )


def _swap(
    sessions: Sessions,
    slug: str,
    new: Exercise,
    count: Callable[[int], int],
) -> Sessions:
    """Replace ``slug`` by ``new`` ahead (dropped where ``new`` is already there)."""

    def swap_in(session: PlannedSession) -> PlannedSession:
        if session.done or all(p.slug != slug for p in session.exercises):
            return session
        present = any(p.slug == new.slug for p in session.exercises)
        items = tuple(
            _as(p, new, count(count_of(p))) if p.slug == slug else p
            for p in session.exercises
            if p.slug != slug or not present
        )
        return replace(session, exercises=items)

    return tuple(swap_in(s) for s in sessions)


def _as(item: Prescription, new: Exercise, count: int) -> Prescription:
    window = new.rep_range or DEFAULT_REP_WINDOW
    per_side = new.unit == "reps_per_side"
    timed = new.unit == "duration_s"
    reps = min(window[1], max(window[0], count))
    return replace(
        item,
        slug=new.slug,
        name=new.name,
        category=new.category,
        reps=None if per_side or timed else reps,
        reps_per_side=reps if per_side else None,
        duration_s=new.duration_s if timed else None,
        rep_range=None if timed else window,
        tempo=None if timed else (new.tempo or item.tempo),
        rest_s=new.rest_s,
        cues=new.cues,
        seed=None,
        reason=f"Adapted from {item.name or item.slug} (see the plan changes).",
    )
