"""How the journal service runs adaptation on the stored plan (private).

Loads the active plan's sessions as :class:`PlannedSession` values, converts
logged sessions to :class:`SessionLog`, and writes back what changed with the
reasons, in the caller's unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pushback.domain.adaptation import (
    Adaptation,
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_session,
    prescription_from_dict,
)
from pushback.domain.assessment import is_conservative
from pushback.domain.catalog import load_catalog
from pushback.domain.profile import Profile
from pushback.journal import Session
from pushback.journal import repository as repo
from pushback.journal.records import (
    PlanChangeEntry,
    PlanEntry,
    ScheduledEntry,
    SessionEntry,
    UserRecord,
)

__all__ = [
    "Schedule",
    "adapt_after",
    "load_schedule",
    "local_date",
    "recent_codes",
    "save_adaptation",
    "session_log",
]

#: How far back adaptation looks for an exercise's previous session.
HISTORY_DAYS = 90


def local_date(moment: datetime, time_zone: str) -> date:
    """The calendar date of ``moment`` in the user's time zone."""
    return moment.astimezone(ZoneInfo(time_zone)).date()


@dataclass(frozen=True)
class Schedule:
    """The active plan's sessions (not skipped), as stored and as planned values."""

    plan: PlanEntry
    entries: dict[int, ScheduledEntry]
    sessions: tuple[PlannedSession, ...]
    loaded_at: datetime  # also the time stamp of the changes made to it


def load_schedule(session: Session, plan: PlanEntry, now: datetime) -> Schedule:
    """The plan's sessions, read at ``now``."""
    entries = [
        e
        for e in repo.list_scheduled(session, plan_id=plan.id or 0)
        if e.status != "skipped"
    ]
    sessions = tuple(
        PlannedSession(
            key=e.id or 0,
            week=e.week,
            on=e.scheduled_on,
            exercises=tuple(prescription_from_dict(x) for x in e.exercises),
            deload=e.deload,
            title=e.title,
            done=e.status == "done",
        )
        for e in entries
    )
    return Schedule(plan, {e.id or 0: e for e in entries}, sessions, now)


def save_adaptation(
    session: Session,
    user: UserRecord,
    schedule: Schedule,
    adaptation: Adaptation,
    session_id: int | None = None,
) -> list[PlanChangeEntry]:
    """Write the sessions adaptation changed and its decisions (not committed)."""
    updates = [
        replace(
            schedule.entries[s.key],
            scheduled_on=s.on,
            exercises=tuple(p.to_dict() for p in s.exercises),
            deload=s.deload,
            title=s.title,
        )
        for s in adaptation.changed(schedule.sessions)
    ]
    changes = [
        PlanChangeEntry(
            effective_on=d.effective_on,
            code=d.code,
            reason=d.reason,
            slug=d.slug,
            details=d.details or None,
            training_session_id=session_id,
            created_at=schedule.loaded_at,
        )
        for d in adaptation.decisions
    ]
    if updates or changes:
        repo.apply_schedule_changes(
            session,
            user_id=user.id,
            plan_id=schedule.plan.id or 0,
            updates=updates,
            changes=changes,
        )
    return changes


def session_log(entry: SessionEntry, time_zone: str) -> SessionLog:
    """A logged session as adaptation sees it (local date, counted sets)."""
    return SessionLog(
        on=local_date(entry.started_at, time_zone),
        sleep_score=entry.sleep_score,
        soreness_score=entry.soreness_score,
        sets=tuple(
            SetLog(
                slug=s.slug,
                count=s.reps if s.reps is not None else s.reps_per_side,
                target=s.target_reps
                if s.target_reps is not None
                else s.target_reps_per_side,
                rep_range=(s.target_rep_low, s.target_rep_high)
                if s.target_rep_low is not None and s.target_rep_high is not None
                else None,
                rir=s.effective_rir,
                form_broke=s.form_broke,
                pain=s.pain,
                pain_location=s.pain_location,
                hard=s.kind in ("work", "failure"),
            )
            for s in entry.sets
        ),
    )


def recent_codes(session: Session, user: UserRecord, since: datetime) -> set[str]:
    changes = repo.list_plan_changes(session, user_id=user.id, limit=50)
    return {
        c.code for c in changes if c.created_at is not None and c.created_at >= since
    }


def adapt_after(
    session: Session, now: datetime, user: UserRecord, entry: SessionEntry
) -> list[PlanChangeEntry]:
    """Adapt the active plan to the session just logged; returns the changes
    (in the caller's unit of work, committed with the session it adapts to)."""
    plan = repo.active_plan(session, user_id=user.id)
    if plan is None:
        return []
    schedule = load_schedule(session, plan, now)
    earlier = repo.list_sessions(
        session,
        user_id=user.id,
        since=entry.started_at - timedelta(days=HISTORY_DAYS),
        until=entry.started_at,
    )
    profile = (
        Profile.from_dict(plan.inputs["profile"]) if "profile" in plan.inputs else None
    )
    adaptation = adapt_to_session(
        schedule.sessions,
        latest=session_log(entry, user.time_zone),
        history=[session_log(s, user.time_zone) for s in earlier if s.id != entry.id],
        rules=Rules(load_catalog(), is_conservative(profile) if profile else False),
        recent_codes=recent_codes(session, user, now - timedelta(days=7)),
    )
    return save_adaptation(session, user, schedule, adaptation, entry.id)
