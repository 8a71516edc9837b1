"""Plain, frozen records the repository takes and returns.

Services and front ends never see ORM objects: these dataclasses carry the same
fields, check their values on construction (raising :class:`InvalidInput` with
the field, the value and what is accepted) and stay valid after the database
session is gone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "CLI_USER",
    "MAX_LABEL_CHARS",
    "MAX_TITLE_CHARS",
    "SESSION_SOURCES",
    "TEMPO_PATTERN",
    "BodyWeightEntry",
    "PlanChangeEntry",
    "PlanEntry",
    "ProfileEntry",
    "ScheduleSlot",
    "ScheduledEntry",
    "SessionEntry",
    "SetAnalysis",
    "SetEntry",
    "UserRecord",
    "check_text",
]

#: A tempo: four phases of 1-2 digits or X (explosive), like ``3-1-1-0``.
TEMPO_PATTERN = r"^[0-9X]{1,2}(-[0-9X]{1,2}){3}$"
_TEMPO = re.compile(TEMPO_PATTERN)
#: Plausibility bounds for logged values (bad input, not physiology).
MAX_REPS = 1000
MAX_DURATION_S = 6 * 3600
MAX_LOAD_KG = 1000.0
#: Where a session was logged: here, an app's CSV export, or a backup.
SESSION_SOURCES: tuple[str, ...] = ("pushback", "strong", "hevy", "fitnotes", "backup")
#: Longest texts the journal's columns hold (a title, a pain location).
MAX_TITLE_CHARS = 200
MAX_LABEL_CHARS = 64


def _check_int(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        raise InvalidInput(
            name,
            value,
            msg("a whole number from %(low)s to %(high)s", low=low, high=high),
        )


def _check_float(name: str, value: float | None, low: float, high: float) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise InvalidInput(
            name,
            value,
            msg(
                "a number from %(low)s to %(high)s",
                low=format(low, "g"),
                high=format(high, "g"),
            ),
        )


def check_text(name: str, value: str | None, longest: int | None = None) -> None:
    """Text the database can store: no NUL character (PostgreSQL refuses it), no
    unpaired surrogate (not UTF-8), and at most ``longest`` characters."""
    if value is None:
        return
    fits = isinstance(value, str) and (longest is None or len(value) <= longest)
    if not fits or "\x00" in value or not _is_utf8(value):
        expected = (
            msg("text without NUL characters")
            if longest is None
            else msg(
                "text of at most %(longest)d characters without NUL characters",
                longest=longest,
            )
        )
        raise InvalidInput(name, value, expected)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_aware(name: str, value: datetime | None) -> None:
    if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
        raise InvalidInput(name, value, msg("a date and time with a time zone"))


#: The user the CLI acts as without ``--user``; the first web account may claim it.
CLI_USER = "local"


@dataclass(frozen=True)
class UserRecord:
    """A journal user and their settings."""

    id: int
    name: str
    units: str
    time_zone: str
    created_at: datetime
    has_password: bool = False
    #: The language picked for pages; None follows the browser.
    language: str | None = None


@dataclass(frozen=True)
class ProfileEntry:
    """A stored profile snapshot; ``data`` is ``Profile.to_dict()``."""

    taken_at: datetime
    kind: str
    max_pushups: int
    variant: str
    data: dict[str, Any]
    ladder_step: int | None = None
    body_mass_kg: float | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("taken_at", self.taken_at)
        if self.kind not in ("assessment", "retest", "migrated", "imported"):
            raise InvalidInput(
                "kind", self.kind, msg("assessment, retest, migrated or imported")
            )
        _check_int("max_pushups", self.max_pushups, 0, MAX_REPS)
        _check_float("body_mass_kg", self.body_mass_kg, 20.0, 400.0)


@dataclass(frozen=True)
class BodyWeightEntry:
    """One body-mass reading in kilograms."""

    measured_at: datetime
    body_mass_kg: float
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("measured_at", self.measured_at)
        _check_float("body_mass_kg", self.body_mass_kg, 20.0, 400.0)


@dataclass(frozen=True)
class PlanEntry:
    """A stored plan: the generator's JSON, its inputs and version."""

    uuid: str
    start_date: date
    generator_version: str
    inputs: dict[str, Any]
    plan: dict[str, Any]
    created_at: datetime
    reason: str = ""
    superseded_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class ScheduledEntry:
    """One dated session of a plan; ``exercises`` are prescription dicts."""

    position: int
    week: int
    day: int
    scheduled_on: date
    exercises: tuple[dict[str, Any], ...]
    deload: bool = False
    title: str = ""
    status: str = "planned"
    id: int | None = None
    plan_id: int | None = None

    def __post_init__(self) -> None:
        if self.status not in ("planned", "done", "skipped"):
            raise InvalidInput("status", self.status, msg("planned, done or skipped"))
        _check_int("day", self.day, 1, 7)
        _check_int("week", self.week, 1, 520)


@dataclass(frozen=True)
class ScheduleSlot:
    """A scheduled session without its exercises: what a calendar shows (the
    date, status and title), read without decoding each session's prescriptions."""

    id: int
    position: int
    week: int
    day: int
    scheduled_on: date
    deload: bool
    title: str
    status: str


@dataclass(frozen=True)
class PlanChangeEntry:
    """One change the coach made to the plan, with its reason."""

    effective_on: date
    code: str
    reason: str
    slug: str | None = None
    details: dict[str, Any] | None = None
    created_at: datetime | None = None
    training_session_id: int | None = None
    plan_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class SetEntry:
    """One set: the target beside what was actually done.

    Give ``slug`` (a catalog exercise) or ``exercise_name`` (imports). ``rir``
    is reps in reserve (0-10); ``rpe`` the RIR-based RPE (1-10, half steps).
    """

    logged_at: datetime
    slug: str | None = None
    exercise_name: str | None = None
    kind: str = "work"
    target_reps: int | None = None
    target_reps_per_side: int | None = None
    target_duration_s: int | None = None
    target_rep_low: int | None = None
    target_rep_high: int | None = None
    target_tempo: str | None = None
    target_rir: int | None = None
    reps: int | None = None
    reps_per_side: int | None = None
    duration_s: int | None = None
    tempo: str | None = None
    rir: int | None = None
    rpe: float | None = None
    load_kg: float | None = None
    distance_m: float | None = None
    form_broke: bool = False
    pain: bool = False
    pain_location: str | None = None
    notes: str = ""
    descent_times_s: tuple[float, ...] | None = None
    faults: tuple[str, ...] | None = None
    stop_at_rep: int | None = None
    position: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("logged_at", self.logged_at)
        if not (self.slug or self.exercise_name):
            raise InvalidInput(
                "exercise", None, msg("a catalog slug or an exercise name")
            )
        if self.kind not in ("warm-up", "work", "failure", "drop"):
            raise InvalidInput(
                "kind", self.kind, msg("one of warm-up, work, failure, drop")
            )
        for name in (
            "target_reps",
            "target_reps_per_side",
            "target_rep_low",
            "target_rep_high",
        ):
            _check_int(name, getattr(self, name), 0, MAX_REPS)
        for name in ("reps", "reps_per_side", "stop_at_rep"):
            _check_int(name, getattr(self, name), 0, MAX_REPS)
        _check_int("target_duration_s", self.target_duration_s, 0, MAX_DURATION_S)
        _check_int("duration_s", self.duration_s, 0, MAX_DURATION_S)
        _check_int("target_rir", self.target_rir, 0, 10)
        _check_int("rir", self.rir, 0, 10)
        self._check_rpe()
        _check_float("load_kg", self.load_kg, 0.0, MAX_LOAD_KG)
        _check_float("distance_m", self.distance_m, 0.0, 1_000_000.0)
        for name in ("tempo", "target_tempo"):
            value = getattr(self, name)
            if value is not None and not _TEMPO.match(value):
                raise InvalidInput(
                    name, value, msg('four phases like "3-1-1-0" (X = explosive)')
                )
        check_text("exercise_name", self.exercise_name, MAX_TITLE_CHARS)
        check_text("pain_location", self.pain_location, MAX_LABEL_CHARS)
        check_text("notes", self.notes)
        if self.pain_location and not self.pain:
            raise InvalidInput(
                "pain_location", self.pain_location, msg("given only with pain")
            )

    def _check_rpe(self) -> None:
        _check_float("rpe", self.rpe, 1.0, 10.0)
        if self.rpe is not None and (self.rpe * 2) != int(self.rpe * 2):
            raise InvalidInput(
                "rpe", self.rpe, msg("a number from 1 to 10 in half steps")
            )

    @property
    def effective_rir(self) -> int | None:
        """RIR as logged, or derived from RPE (RPE 10 = 0 RIR; Zourdos 2016)."""
        if self.rir is not None:
            return self.rir
        if self.rpe is not None:
            return max(0, math.floor(10 - self.rpe))
        return None


@dataclass(frozen=True)
class SessionEntry:
    """A logged training session with its sets in order."""

    uuid: str
    started_at: datetime
    ended_at: datetime | None = None
    sleep_score: int | None = None
    soreness_score: int | None = None
    title: str = ""
    notes: str = ""
    source: str = "pushback"
    scheduled_session_id: int | None = None
    sets: tuple[SetEntry, ...] = field(default_factory=tuple)
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("started_at", self.started_at)
        _check_aware("ended_at", self.ended_at)
        check_text("title", self.title, MAX_TITLE_CHARS)
        check_text("notes", self.notes)
        _check_int("sleep", self.sleep_score, 1, 5)
        _check_int("soreness", self.soreness_score, 1, 5)
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise InvalidInput(
                "ended_at", self.ended_at.isoformat(), msg("at or after started_at")
            )
        if self.source not in SESSION_SOURCES:
            raise InvalidInput(
                "source",
                self.source,
                msg("one of %(choices)s", choices=", ".join(SESSION_SOURCES)),
            )


@dataclass(frozen=True)
class SetAnalysis:
    """Video-analysis results for one set: seconds each descent took, the
    faults seen, and the rep at which the set should have stopped (if any)."""

    descent_times_s: tuple[float, ...]
    faults: tuple[str, ...]
    stop_at_rep: int | None = None

    def __post_init__(self) -> None:
        for value in self.descent_times_s:
            _check_float("descent_times_s", value, 0.0, 60.0)
        _check_int("stop_at_rep", self.stop_at_rep, 0, MAX_REPS)
