"""Plans, their scheduled sessions and the changes made to them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pushback.domain.errors import NotFound
from pushback.domain.phrases import msg
from pushback.journal._base import utc_now
from pushback.journal.models import PlanChange, PlanRecord, ScheduledSession
from pushback.journal.records import (
    PlanChangeEntry,
    PlanEntry,
    ScheduledEntry,
    ScheduleSlot,
)
from pushback.journal.repository._convert import (
    change_details,
    change_entry,
    plan_entry,
    plan_row,
    scheduled_entry,
)

__all__ = [
    "active_plan",
    "apply_schedule_changes",
    "list_plan_changes",
    "list_schedule",
    "list_scheduled",
    "save_plan",
]


def _active_row(session: Session, user_id: int) -> PlanRecord | None:
    return session.scalars(
        select(PlanRecord)
        .where(PlanRecord.user_id == user_id, PlanRecord.superseded_at.is_(None))
        .order_by(PlanRecord.created_at.desc(), PlanRecord.id.desc())
        .limit(1)
    ).one_or_none()


def _add_change(
    session: Session, *, user_id: int, plan_id: int | None, change: PlanChangeEntry
) -> None:
    session.add(
        PlanChange(
            user_id=user_id,
            plan_id=plan_id,
            training_session_id=change.training_session_id,
            created_at=change.created_at or utc_now(),
            effective_on=change.effective_on,
            code=change.code,
            reason=change.reason,
            slug=change.slug,
            details=change_details(change),
        )
    )


def save_plan(
    session: Session,
    *,
    user_id: int,
    entry: PlanEntry,
    sessions: Sequence[ScheduledEntry],
    change: PlanChangeEntry | None = None,
) -> PlanEntry:
    """Store a new active plan with its dated sessions, in one transaction.

    The previous active plan is superseded and its sessions still ahead are
    marked ``skipped``; ``change`` (why the plan was made) is recorded too.
    """
    previous = _active_row(session, user_id)
    now = utc_now()
    if previous is not None:
        previous.superseded_at = now
        session.execute(
            update(ScheduledSession)
            .where(ScheduledSession.plan_id == previous.id)
            .where(ScheduledSession.status == "planned")
            .values(status="skipped")
        )
    row = plan_row(entry, user_id)
    session.add(row)
    session.flush()
    session.add_all(_scheduled_row(row.id, user_id, item) for item in sessions)
    if change is not None:
        _add_change(session, user_id=user_id, plan_id=row.id, change=change)
    session.flush()
    return plan_entry(row)


def _scheduled_row(
    plan_id: int, user_id: int, item: ScheduledEntry
) -> ScheduledSession:
    return ScheduledSession(
        plan_id=plan_id,
        user_id=user_id,
        position=item.position,
        week=item.week,
        day=item.day,
        scheduled_on=item.scheduled_on,
        deload=item.deload,
        title=item.title,
        exercises=[dict(exercise) for exercise in item.exercises],
        status=item.status,
    )


def active_plan(session: Session, *, user_id: int) -> PlanEntry | None:
    """The user's current plan, or None before the first one."""
    row = _active_row(session, user_id)
    return plan_entry(row) if row is not None else None


def list_scheduled(
    session: Session, *, plan_id: int, status: str | None = None
) -> list[ScheduledEntry]:
    """The plan's sessions in plan order (optionally only those in ``status``)."""
    query = select(ScheduledSession).where(ScheduledSession.plan_id == plan_id)
    if status is not None:
        query = query.where(ScheduledSession.status == status)
    rows = session.scalars(query.order_by(ScheduledSession.position))
    return [scheduled_entry(row) for row in rows]


def list_schedule(session: Session, *, plan_id: int) -> list[ScheduleSlot]:
    """The plan's sessions in plan order, without their exercises (calendars)."""
    query = (
        select(
            ScheduledSession.id,
            ScheduledSession.position,
            ScheduledSession.week,
            ScheduledSession.day,
            ScheduledSession.scheduled_on,
            ScheduledSession.deload,
            ScheduledSession.title,
            ScheduledSession.status,
        )
        .where(ScheduledSession.plan_id == plan_id)
        .order_by(ScheduledSession.position)
    )
    return [ScheduleSlot(*row) for row in session.execute(query)]


def apply_schedule_changes(
    session: Session,
    *,
    user_id: int,
    plan_id: int,
    updates: Sequence[ScheduledEntry],
    changes: Sequence[PlanChangeEntry],
) -> None:
    """Rewrite scheduled sessions (date, exercises, deload, title, status) and
    record why, all in one transaction."""
    for item in updates:
        row = session.get(ScheduledSession, item.id)
        if row is None or row.plan_id != plan_id:
            raise NotFound(
                msg(
                    "No scheduled session %(id)s in plan %(plan_id)s.",
                    id=item.id,
                    plan_id=plan_id,
                )
            )
        row.scheduled_on = item.scheduled_on
        row.exercises = [dict(exercise) for exercise in item.exercises]
        row.deload = item.deload
        row.title = item.title
        row.status = item.status
    for change in changes:
        _add_change(session, user_id=user_id, plan_id=plan_id, change=change)


def list_plan_changes(
    session: Session,
    *,
    user_id: int,
    limit: int | None = 20,
    training_session_id: int | None = None,
) -> list[PlanChangeEntry]:
    """The latest plan changes, newest first (or those a logged session caused)."""
    query = (
        select(PlanChange)
        .where(PlanChange.user_id == user_id)
        .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
    )
    if training_session_id is not None:
        query = query.where(PlanChange.training_session_id == training_session_id)
    if limit is not None:
        query = query.limit(limit)
    return [change_entry(row) for row in session.scalars(query)]
