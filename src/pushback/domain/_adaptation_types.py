"""The values adaptation works on (private; import them from
:mod:`pushback.domain.adaptation`): the rules and profile, the logged sets and
sessions, the planned sessions, and the decisions made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pushback.domain._plan_slots import Context, Test
from pushback.domain.catalog import Catalog
from pushback.domain.person import Person, person_of
from pushback.domain.plans import Prescription
from pushback.domain.profile import Profile
from pushback.domain.programming import load_programming

__all__ = [
    "Adaptation",
    "Decision",
    "PlannedSession",
    "Rules",
    "SessionLog",
    "SetLog",
]


@dataclass(frozen=True)
class Rules:
    """What adaptation needs besides the logs: the catalog, whether the profile
    calls for conservative settings (a PAR-Q+ yes, pregnancy) and the profile the
    plan was built from (its test, equipment, conditions and age decide how the
    push slots move; without one, a profile with no equipment or conditions)."""

    catalog: Catalog
    conservative: bool = False
    profile: Profile | None = None

    @property
    def person(self) -> Person:
        """The person rules of the profile."""
        profile = self.profile or Profile(max_pushups=0)
        return person_of(profile, self.catalog, load_programming())

    def context(self, test: Test | None = None) -> Context:
        """What exercise choice needs, with ``test`` (default: the profile's)."""
        person = self.person
        profile = person.profile
        test = test or Test(profile.variant, profile.max_pushups)
        return Context(person, self.catalog, load_programming(), test)


@dataclass(frozen=True)
class SetLog:
    """One logged set as adaptation sees it. ``count`` is reps (or reps per side)."""

    slug: str | None
    count: int | None
    target: int | None = None
    rep_range: tuple[int, int] | None = None
    rir: int | None = None
    form_broke: bool = False
    pain: bool = False
    pain_location: str | None = None
    hard: bool = True  # work (or failure) set, not a warm-up
    target_rir: int | None = None
    filmed: bool = False  # analysed by the camera (live or video)
    camera_reps: int | None = None  # clean reps the camera counted, if filmed


@dataclass(frozen=True)
class SessionLog:
    """One logged session: its local date, readiness (1-5) and sets."""

    on: date
    sets: tuple[SetLog, ...]
    sleep_score: int | None = None
    soreness_score: int | None = None
    planned_key: int | None = None  # the planned session it was logged against


@dataclass(frozen=True)
class PlannedSession:
    """One session of the schedule; ``key`` identifies it for the caller."""

    key: int
    week: int
    on: date
    exercises: tuple[Prescription, ...]
    deload: bool = False
    title: str = ""
    done: bool = False
    day: int = 0  # day of the plan week (1-7), 0 when unknown


@dataclass(frozen=True)
class Decision:
    """One change to the plan: a stable ``code`` and the reason shown to the user."""

    code: str
    reason: str
    effective_on: date
    slug: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Adaptation:
    """The schedule after adaptation and the decisions that changed it."""

    sessions: tuple[PlannedSession, ...]
    decisions: tuple[Decision, ...]
    retest_due: bool = False

    def changed(self, before: Sequence[PlannedSession]) -> tuple[PlannedSession, ...]:
        """The sessions that differ from ``before`` (same keys)."""
        old = {s.key: s for s in before}
        return tuple(s for s in self.sessions if old.get(s.key) != s)
