"""Personal records: the best a person has done, and when a set beat it.

Three kinds, each kept per exercise:

* ``reps``: most clean reps in one set (per side for one-sided exercises). A set
  counts when it was a working set done without pain and without the form
  breaking: a rep count bought with bad form is not a record worth chasing.
* ``descent``: the slowest controlled lowering, from a filmed set: the median of
  its reps' descent times (the article asks for 3 s down). Only clean sets count.
* ``hold``: the longest hold of a timed exercise such as a plank.

:func:`track_records` walks the sets in the order they were done and reports every
time one of them strictly beat the standing best (a tie does not move a record).
The first set of an exercise sets its record without "beating" anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

__all__ = [
    "RECORD_KINDS",
    "Record",
    "RecordBreak",
    "Records",
    "SetFacts",
    "track_records",
]

#: Record kinds, in the order they are shown.
RECORD_KINDS: tuple[str, ...] = ("reps", "descent", "hold")


@dataclass(frozen=True)
class SetFacts:
    """What records need to know about one logged set."""

    set_id: int | None
    session_id: int | None
    exercise: str
    logged_at: datetime
    reps: int | None = None
    duration_s: int | None = None
    descent_times_s: tuple[float, ...] = ()
    clean: bool = True
    timed: bool = False


@dataclass(frozen=True)
class Record:
    """The best value of one kind for one exercise, and the set that made it."""

    kind: str
    exercise: str
    value: float
    set_id: int | None
    session_id: int | None
    at: datetime


@dataclass(frozen=True)
class RecordBreak:
    """A set that beat the standing record (``previous``) with ``record``."""

    record: Record
    previous: Record


@dataclass(frozen=True)
class Records:
    """The standing records and every time one was beaten, oldest first."""

    best: dict[tuple[str, str], Record] = field(default_factory=dict)
    breaks: tuple[RecordBreak, ...] = ()

    def in_session(self, session_id: int) -> tuple[RecordBreak, ...]:
        """The records a session's sets beat."""
        return tuple(b for b in self.breaks if b.record.session_id == session_id)

    def standing(self) -> list[Record]:
        """The current records, by kind then exercise."""
        return sorted(
            self.best.values(),
            key=lambda r: (RECORD_KINDS.index(r.kind), r.exercise),
        )


def _values(facts: SetFacts) -> Iterable[tuple[str, float]]:
    if not facts.clean:
        return
    if facts.timed and facts.duration_s:
        yield "hold", float(facts.duration_s)
    elif facts.reps:
        yield "reps", float(facts.reps)
    if facts.descent_times_s:
        yield "descent", round(median(facts.descent_times_s), 2)


def track_records(sets: Iterable[SetFacts]) -> Records:
    """Standing records and record breaks of ``sets`` (any order given)."""
    best: dict[tuple[str, str], Record] = {}
    breaks: list[RecordBreak] = []
    for facts in sorted(sets, key=lambda s: (s.logged_at, s.set_id or 0)):
        for kind, value in _values(facts):
            key = (kind, facts.exercise)
            made = Record(
                kind, facts.exercise, value, facts.set_id, facts.session_id,
                facts.logged_at,
            )  # fmt: skip
            standing = best.get(key)
            if standing is None:
                best[key] = made
            elif value > standing.value:
                best[key] = made
                breaks.append(RecordBreak(made, standing))
    return Records(best, tuple(breaks))
