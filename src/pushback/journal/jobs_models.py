"""Background jobs (video analysis) stored in the journal, so they survive a restart.

A job row is the whole state of one unit of background work: what to do (``kind``
and ``payload``), where it stands (``status``, ``progress``, ``stage``), how often it
was started (``attempts`` out of ``max_attempts``) and what came out (``result`` or
``error``). A running job's worker writes ``heartbeat_at`` every few seconds; a
running job whose heartbeat is older than the lease belongs to a dead worker and is
queued again (or failed once its attempts are used up). Revision ``0004``.

``training_set_id`` links the job to the logged set its video was attached to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pushback.journal._base import Base, utc_now

__all__ = ["FINAL_STATUSES", "JOB_STATUSES", "Job"]

#: ``queued`` waits for a worker; ``running`` has one; the rest are final.
JOB_STATUSES: tuple[str, ...] = ("queued", "running", "done", "failed", "cancelled")
#: Statuses a job never leaves.
FINAL_STATUSES: tuple[str, ...] = ("done", "failed", "cancelled")


class Job(Base):
    """One background job of one user."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'cancelled')",
            name="status",
        ),
        CheckConstraint("attempts >= 0 AND max_attempts >= 1", name="attempts"),
        CheckConstraint("progress BETWEEN 0 AND 1", name="progress"),
        Index("ix_jobs_status_created_at", "status", "created_at"),
        Index("ix_jobs_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    payload: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    progress: Mapped[float] = mapped_column(default=0.0)
    stage: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    worker: Mapped[str | None] = mapped_column(String(100), default=None)
    training_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sets.id", ondelete="SET NULL"), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
