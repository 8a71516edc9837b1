"""Plan value objects and the plan generator.

The JSON form (:meth:`Plan.to_dict`) is a public contract (issue 2):
top-level ``weeks``; each week ``week`` (from 1), ``deload`` (bool), ``sessions``;
each session ``day`` (1-7, counted from the plan start) and ``exercises``; each
exercise ``slug``, ``sets``, one of ``reps`` / ``reps_per_side`` / ``duration_s``,
``rep_range`` ([low, high], rep work only), ``tempo`` ("3-1-1-0", rep work only),
``rest_s`` and ``reason``. Extra keys may be added, never removed or renamed.

Added by issue 15: top-level ``goal``, ``training_age`` and ``person`` (what the
person changed, each ``{"text", "sources"}``); week ``retest``; session ``kind``
(``train``, ``easy``, ``test``); exercise ``slot`` (the movement slot), ``step``
(the main ladder step push work follows), ``level`` / ``level_name`` (the setting
of a pulling drill) and ``short_range`` (true: reps over a shorter range). One
exercise may appear twice in a session when its sets differ by one rep (``1 x 4``
and ``2 x 3``): that is how low-rep work grows within the 20% rule.

How a plan is built is described in :mod:`pushback.domain._planner`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pushback.domain._plan_slots import SCHEDULES
from pushback.domain._plan_volume import Load
from pushback.domain.catalog import Catalog
from pushback.domain.person import PersonRule
from pushback.domain.phrases import with_words
from pushback.domain.profile import Profile
from pushback.domain.tempo import DEFAULT_TEMPO

__all__ = [
    "DEFAULT_TEMPO",
    "GENERATOR_VERSION",
    "SCHEDULES",
    "WEEKS_RANGE",
    "Plan",
    "PlanHistory",
    "Prescription",
    "Session",
    "Week",
    "build_plan",
    "history_of",
]

GENERATOR_VERSION = "pushback-plan-2"
#: A rolling sequence of blocks: up to a year.
WEEKS_RANGE = (1, 52)


@dataclass(frozen=True)
class Prescription:
    """One exercise in a session: what to do and why."""

    slug: str
    sets: int
    reason: str
    reps: int | None = None
    reps_per_side: int | None = None
    duration_s: int | None = None
    rep_range: tuple[int, int] | None = None
    tempo: str | None = None
    rest_s: int = 60
    role: str = "main"  # "warm-up", "main", "accessory", "test", "cool-down"
    seed: str | None = None  # the seed article's prescription where ours differs
    hard: bool = True  # counts towards weekly hard sets
    category: str = ""  # the catalog category (push, pull, scapular, ...)
    name: str = ""
    rir: int | None = None  # reps in reserve to stop at (rep work only)
    cues: tuple[str, ...] = ()
    slot: str = ""  # the movement slot (push-main, pull-row, ...)
    step: int | None = None  # the main ladder step this push work follows
    level: int | None = None  # the setting of a pulling drill (1 = easiest)
    level_name: str | None = None
    short_range: bool = False

    @property
    def count(self) -> int:
        """Reps (or reps per side) per set; 0 for timed work."""
        return self.reps if self.reps is not None else (self.reps_per_side or 0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract; keys with no value are left out."""
        data: dict[str, Any] = {"slug": self.slug, "sets": self.sets}
        for key in ("reps", "reps_per_side", "duration_s"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.rep_range is not None:
            data["rep_range"] = list(self.rep_range)
        if self.tempo is not None:
            data["tempo"] = self.tempo
        data["rest_s"] = self.rest_s
        data["reason"] = self.reason
        extras: dict[str, Any] = {
            "name": self.name or None,
            "category": self.category or None,
            "role": self.role,
            "hard": self.hard,
            "rir": self.rir,
            "seed": self.seed,
            "cues": list(self.cues) or None,
            "slot": self.slot or None,
            "step": self.step,
            "level": self.level,
            "level_name": self.level_name,
            "short_range": self.short_range or None,
        }
        data.update({k: v for k, v in extras.items() if v is not None})
        return with_words(data)


@dataclass(frozen=True)
class Session:
    """One training day."""

    day: int
    exercises: tuple[Prescription, ...]
    title: str = ""
    kind: str = "train"  # "train", "easy" or "test"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``day``, ``title``, ``kind`` and ``exercises``."""
        return with_words(
            {
                "day": self.day,
                "title": self.title,
                "kind": self.kind,
                "exercises": [item.to_dict() for item in self.exercises],
            }
        )


@dataclass(frozen=True)
class Week:
    """One week of a plan."""

    week: int
    deload: bool
    sessions: tuple[Session, ...]
    note: str = ""
    retest: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``week``, ``deload``, ``retest``, ``note``, ``sessions``."""
        return with_words(
            {
                "week": self.week,
                "deload": self.deload,
                "retest": self.retest,
                "note": self.note,
                "sessions": [session.to_dict() for session in self.sessions],
            }
        )


@dataclass(frozen=True)
class Plan:
    """A multi-week plan. ``generator_version`` changes when the rules change."""

    weeks: tuple[Week, ...]
    generator_version: str
    notes: tuple[str, ...] = ()
    goal: str | None = None
    training_age: str = "novice"
    person: tuple[PersonRule, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract (see the module docstring)."""
        return with_words(
            {
                "generator_version": self.generator_version,
                "goal": self.goal,
                "training_age": self.training_age,
                "person": [with_words(rule.to_dict()) for rule in self.person],
                "notes": list(self.notes),
                "weeks": [week.to_dict() for week in self.weeks],
            }
        )


@dataclass(frozen=True)
class PlanHistory:
    """What a plan continues from: weeks already trained, the main step reached and
    each slot's load in the last normal (not deload) week, keyed by (day, slot)."""

    weeks_done: int
    step: int | None = None
    loads: Mapping[tuple[int, str], tuple[str, Load]] = field(default_factory=dict)
    push_sets: int | None = None


def _placement_loads(week: Week) -> dict[tuple[int, str], tuple[str, Load]]:
    """Each hard (day, slot) of ``week``: its exercise and total sets and reps."""
    found: dict[tuple[int, str], tuple[str, Load]] = {}
    for session in week.sessions:
        for item in session.exercises:
            if not item.hard or not item.slot or item.role == "test" or not item.count:
                continue
            key = (session.day, item.slot)
            slug, load = found.get(key, (item.slug, Load(0, 0, item.level or 1)))
            found[key] = (
                slug,
                Load(load.sets + item.sets, load.volume + item.sets * item.count,
                     item.level or load.level),
            )  # fmt: skip
    return found


def history_of(weeks: Iterable[Week], *, weeks_done: int | None = None) -> PlanHistory:
    """The history a new block continues from (``weeks`` in order, adapted or not).

    The loads come from the last normal week: no deload (a week with any lighter
    session counts as one) and no retest. ``weeks_done`` defaults to the last week
    number given.
    """
    ordered = sorted(weeks, key=lambda w: w.week)
    normal = [
        w for w in ordered if not w.deload and not _has_test(w) and _placement_loads(w)
    ]
    loads = _placement_loads(normal[-1]) if normal else {}
    steps = [
        item.step
        for week in ordered
        for session in week.sessions
        for item in session.exercises
        if item.step is not None
    ]
    push_sets = sum(
        load.sets for (_, slot), (_, load) in loads.items() if slot.startswith("push")
    )
    return PlanHistory(
        weeks_done=weeks_done if weeks_done is not None else _last(ordered),
        step=steps[-1] if steps else None,
        loads=loads,
        push_sets=push_sets or None,
    )


def _has_test(week: Week) -> bool:
    return any(i.role == "test" for s in week.sessions for i in s.exercises)


def _last(weeks: list[Week]) -> int:
    return weeks[-1].week if weeks else 0


def build_plan(
    profile: Profile,
    catalog: Catalog,
    *,
    weeks: int = 4,
    deload_every_weeks: int | None = None,
    history: PlanHistory | None = None,
) -> Plan:
    """Build the ``weeks``-week plan for a checked profile (pure, deterministic).

    ``history`` continues a plan already trained (week numbers, the main step and
    the volume of the last normal week carry on; nothing resets). Raises
    :class:`InvalidInput` for ``weeks`` outside 1-52 or a deload spacing outside
    4-8, and :class:`NotAllowed` when a PAR-Q+ answer or pregnancy needs
    confirmed clearance.
    """
    from pushback.domain._planner import plan_for  # the planner imports this module

    return plan_for(
        profile,
        catalog,
        weeks=weeks,
        deload_every_weeks=deload_every_weeks,
        history=history,
    )
