"""What the journal service returns: plain views with their JSON form (private;
import them from :mod:`pushback.services.training.journal`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pushback.journal.records import (
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    ScheduleSlot,
    SessionEntry,
    SetEntry,
    UserRecord,
)

__all__ = [
    "HistoryView",
    "LogResult",
    "RetestResult",
    "TodayView",
    "change_dict",
    "session_dict",
]


@dataclass(frozen=True)
class TodayView:
    """What ``pushback today`` shows: the session, the plan's latest changes."""

    user: str
    date: date
    session: ScheduledEntry | None
    is_today: bool
    retest_due: bool
    changes: tuple[PlanChangeEntry, ...]
    new_changes: tuple[PlanChangeEntry, ...]
    open_session_id: int | None = None
    message: str = ""
    #: The active plan's dated sessions (any status, no exercises), in plan order.
    schedule: tuple[ScheduleSlot, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``pushback today --json``, ``GET /api/v1/sessions/today``)."""
        session = None
        if self.session is not None:
            session = {
                "id": self.session.id,
                "date": self.session.scheduled_on.isoformat(),
                "week": self.session.week,
                "day": self.session.day,
                "deload": self.session.deload,
                "title": self.session.title,
                "exercises": [dict(x) for x in self.session.exercises],
            }
        return {
            "user": self.user,
            "date": self.date.isoformat(),
            "is_today": self.is_today,
            "retest_due": self.retest_due,
            "message": self.message,
            "session": session,
            "open_session_id": self.open_session_id,
            "changes": [change_dict(c) for c in self.changes],
        }


def change_dict(change: PlanChangeEntry) -> dict[str, Any]:
    """JSON form of one plan change."""
    return {
        "date": change.effective_on.isoformat(),
        "code": change.code,
        "reason": change.reason,
        "slug": change.slug,
    }


@dataclass(frozen=True)
class LogResult:
    """A logged session and the plan changes it caused."""

    session: SessionEntry
    changes: tuple[PlanChangeEntry, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the result."""
        return {
            "session": session_dict(self.session),
            "changes": [change_dict(c) for c in self.changes],
        }


def session_dict(entry: SessionEntry) -> dict[str, Any]:
    """JSON form of a logged session (ids included, for the API and ``--json``)."""
    return {
        "id": entry.id,
        "uuid": entry.uuid,
        "started_at": entry.started_at.isoformat(),
        "ended_at": entry.ended_at.isoformat() if entry.ended_at else None,
        "sleep": entry.sleep_score,
        "soreness": entry.soreness_score,
        "title": entry.title,
        "notes": entry.notes,
        "source": entry.source,
        "sets": [
            {k: v for k, v in _set_json(s).items() if v not in (None, "", False)}
            for s in entry.sets
        ],
    }


def _set_json(entry: SetEntry) -> dict[str, Any]:
    data = {name: getattr(entry, name) for name in SetEntry.__dataclass_fields__}
    data["logged_at"] = entry.logged_at.isoformat()
    for name in ("descent_times_s", "faults"):
        if data[name] is not None:
            data[name] = list(data[name])
    return data


@dataclass(frozen=True)
class HistoryView:
    """Logged sessions (newest first) and the plan's changes."""

    user: UserRecord
    sessions: tuple[SessionEntry, ...]
    changes: tuple[PlanChangeEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``pushback history --json``, ``GET /api/v1/sessions``)."""
        return {
            "user": self.user.name,
            "sessions": [session_dict(s) for s in self.sessions],
            "changes": [change_dict(c) for c in self.changes],
        }


@dataclass(frozen=True)
class RetestResult:
    """A max-rep retest: the new profile, the ladder step and the new plan."""

    profile: ProfileEntry
    previous_max: int | None
    step: int
    step_slug: str
    plan: PlanEntry

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``pushback test --json``)."""
        return {
            "max_pushups": self.profile.max_pushups,
            "variant": self.profile.variant,
            "previous_max": self.previous_max,
            "ladder_step": self.step,
            "ladder_variant": self.step_slug,
            "plan_start": self.plan.start_date.isoformat(),
        }
