"""Plans, the sessions they schedule, and every change made to them.

A plan row keeps the generator's output untouched (``plan``) with the inputs
and the generator version that made it. Its sessions are copied into
``scheduled_sessions`` with a date; adaptation edits those copies and records
each edit, with its reason, in ``plan_changes``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pushback.journal._base import Base, utc_now

__all__ = ["SESSION_STATUSES", "PlanChange", "PlanRecord", "ScheduledSession"]

#: ``planned``: still ahead; ``done``: a logged session fulfilled it;
#: ``skipped``: replaced (e.g. by a retest) and never to be done.
SESSION_STATUSES: tuple[str, ...] = ("planned", "done", "skipped")


class PlanRecord(Base):
    """One generated plan; the newest one not superseded is the active plan."""

    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    start_date: Mapped[date]
    generator_version: Mapped[str] = mapped_column(String(32))
    inputs: Mapped[dict[str, Any]]
    plan: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(Text, default="")
    superseded_at: Mapped[datetime | None]


class ScheduledSession(Base):
    """One session of a plan on a date; ``exercises`` are prescription dicts."""

    __tablename__ = "scheduled_sessions"
    __table_args__ = (
        UniqueConstraint("plan_id", "position"),
        CheckConstraint("status IN ('planned', 'done', 'skipped')", name="status"),
        CheckConstraint("day BETWEEN 1 AND 7", name="day"),
        Index("ix_scheduled_sessions_user_id_scheduled_on", "user_id", "scheduled_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int]
    week: Mapped[int]
    day: Mapped[int]
    scheduled_on: Mapped[date]
    deload: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    exercises: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16), default="planned")


class PlanChange(Base):
    """One change the coach made to the plan, with the reason shown to the user."""

    __tablename__ = "plan_changes"
    __table_args__ = (
        Index("ix_plan_changes_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE")
    )
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    effective_on: Mapped[date]
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    slug: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(default=None)
