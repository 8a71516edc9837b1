"""The caps every adapted schedule is brought back inside (private to
:mod:`pushback.domain.adaptation`, which exports :func:`enforce_caps`).

Per week, in order: sets per exercise, reps inside the window, the minimum RIR;
then, against the last normal week (no deload, no retest): the beginner push cap,
weekly hard sets rising at most 20%, and reps x sets of each movement slot and of
all push work rising at most 20% (or one rep when 20% is less). Done sessions
count but are never changed. Never adds work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pushback.domain._adaptation_rules import count_of, with_count
from pushback.domain.plans import Prescription
from pushback.domain.progression import (
    PULL_CATEGORIES,
    PUSH_CATEGORIES,
    TRAINED_MAX_SETS_PER_EXERCISE,
    max_sets_per_exercise,
    max_weekly_sets,
    rir_for_week,
    volume_limit,
    weekly_volume,
)

if TYPE_CHECKING:
    from pushback.domain._adaptation_types import PlannedSession

__all__ = ["enforce_caps"]

_HARD = PUSH_CATEGORIES + PULL_CATEGORIES


def enforce_caps(
    sessions: Sequence[PlannedSession],
    *,
    conservative: bool = False,
    novice: bool = True,
) -> tuple[PlannedSession, ...]:
    """Bring the sessions ahead inside the shared caps (see the module docstring)."""
    result = list(sessions)
    previous_sets: dict[bool, int | None] = {True: None, False: None}
    previous_volume: dict[str, int] = {}
    for week in sorted({s.week for s in result}):
        indexes = [i for i, s in enumerate(result) if s.week == week]
        for i in indexes:
            if not result[i].done:
                result[i] = _cap_session(result[i], conservative, novice)
        normal = not any(result[i].deload or _has_test(result[i]) for i in indexes)
        for categories, push in ((PUSH_CATEGORIES, True), (PULL_CATEGORIES, False)):
            last = previous_sets[push] if normal else None
            limit = max_weekly_sets(week, last, push=push, novice=novice)
            if limit is not None:
                _trim_sets(result, indexes, categories, limit)
        if normal and previous_volume:
            _trim_volume(result, indexes, previous_volume)
        if normal:
            previous_sets = {
                True: _hard_sets(result, indexes, PUSH_CATEGORIES),
                False: _hard_sets(result, indexes, PULL_CATEGORIES),
            }
            previous_volume = _volumes(result, indexes)
    return tuple(s if s.done else _merged(s) for s in result)


def _merged(session: PlannedSession) -> PlannedSession:
    """Items that differ only in their sets become one (trimming splits them)."""
    items: list[Prescription] = []
    for item in session.exercises:
        same = next(
            (k for k, p in enumerate(items) if replace(p, sets=item.sets) == item),
            None,
        )
        if same is None:
            items.append(item)
        else:
            items[same] = replace(items[same], sets=items[same].sets + item.sets)
    merged = tuple(items)
    return (
        session if merged == session.exercises else replace(session, exercises=merged)
    )


def _has_test(session: PlannedSession) -> bool:
    return any(p.role == "test" for p in session.exercises)


def _cap_session(
    session: PlannedSession, conservative: bool, novice: bool
) -> PlannedSession:
    per_exercise = max_sets_per_exercise(
        session.week,
        conservative=conservative,
        novice=novice,
        seed_sets=TRAINED_MAX_SETS_PER_EXERCISE,
    )
    floor_rir = rir_for_week(
        session.week, deload=session.deload, conservative=conservative
    )
    items = []
    for item in session.exercises:
        if item.hard:
            rir = None if item.rir is None else max(item.rir, floor_rir)
            item = replace(item, sets=min(item.sets, per_exercise), rir=rir)
            if item.rep_range is not None and item.role != "test":
                item = with_count(item, min(count_of(item), item.rep_range[1]))
        if item.sets > 0:
            items.append(item)
    return replace(session, exercises=tuple(items))


def _items(sessions: list[PlannedSession], indexes: list[int]) -> list[Prescription]:
    return [p for i in indexes for p in sessions[i].exercises]


def _hard_sets(
    sessions: list[PlannedSession], indexes: list[int], categories: tuple[str, ...]
) -> int:
    return sum(
        p.sets
        for p in _items(sessions, indexes)
        if p.hard and p.category in categories and p.role != "test"
    )


def _volumes(sessions: list[PlannedSession], indexes: list[int]) -> dict[str, int]:
    """Reps x sets per slot, plus all push work under ``push:*``."""
    items = _items(sessions, indexes)
    found = {k: v for k, v in weekly_volume(items, _HARD).items() if k != "*"}
    found["push:*"] = weekly_volume(items, PUSH_CATEGORIES)["*"]
    return found


def _trim_sets(
    sessions: list[PlannedSession],
    indexes: list[int],
    categories: tuple[str, ...],
    limit: int,
) -> None:
    """Take sets off the biggest planned exercises until the week fits ``limit``."""
    while _hard_sets(sessions, indexes, categories) > limit:
        if not _take(sessions, indexes, lambda p: p.category in categories, "sets"):
            return


def _trim_volume(
    sessions: list[PlannedSession], indexes: list[int], previous: dict[str, int]
) -> None:
    """One rep at a time off the slot that is over its 20% (then the push total)."""
    for key, last in previous.items():
        if key == "push:*":
            continue
        in_slot = _in_slot(key)
        while _volumes(sessions, indexes).get(key, 0) > volume_limit(last):
            if not _take(sessions, indexes, in_slot, "reps"):
                break
    last_push = previous.get("push:*")
    if not last_push:
        return
    while _volumes(sessions, indexes)["push:*"] > volume_limit(last_push):
        if not _take(
            sessions, indexes, lambda p: p.category in PUSH_CATEGORIES, "reps"
        ):
            return


def _in_slot(slot: str) -> Callable[[Prescription], bool]:
    return lambda item: item.slot == slot


def _low(item: Prescription) -> int:
    return item.rep_range[0] if item.rep_range is not None else 1


def _take(
    sessions: list[PlannedSession],
    indexes: list[int],
    wanted: Callable[[Prescription], bool],
    what: str,
) -> bool:
    """One set, or one rep of one set, off the biggest matching planned item. Reps
    never go below the window: a set goes instead."""
    candidates = [
        (p.sets * max(1, count_of(p)), i, j)
        for i in indexes
        if not sessions[i].done
        for j, p in enumerate(sessions[i].exercises)
        if p.hard and p.role != "test" and p.sets > 0 and wanted(p)
        and (what == "sets" or count_of(p) > _low(p) or p.sets > 1)
    ]  # fmt: skip
    if not candidates:
        return False
    _, i, j = max(candidates)
    items = list(sessions[i].exercises)
    item = items[j]
    if what == "sets" or count_of(item) <= _low(item):
        items[j] = replace(item, sets=item.sets - 1)
    elif item.sets == 1:
        items[j] = with_count(item, count_of(item) - 1)
    else:  # one set one rep lighter: split the item in two
        items[j : j + 1] = [
            replace(item, sets=item.sets - 1),
            with_count(replace(item, sets=1), count_of(item) - 1),
        ]
    sessions[i] = replace(sessions[i], exercises=tuple(p for p in items if p.sets > 0))
    return True
