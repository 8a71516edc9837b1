"""Background jobs in the journal: queue, claim, heartbeat, finish, recover.

Functions take the caller's session; each step of a worker is its own unit of
work. :func:`claim_next_job` takes the oldest queued job atomically: ``SELECT ...
FOR UPDATE SKIP LOCKED`` on PostgreSQL (many workers never take the same job) and
``BEGIN IMMEDIATE`` on SQLite (one writer at a time). A worker only changes a job
it owns (``worker`` matches and the job is running), so a worker that was presumed
dead and comes back cannot overwrite the retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.journal.jobs_models import FINAL_STATUSES, Job
from pushback.journal.models import TrainingSession, TrainingSet

__all__ = [
    "JobEntry",
    "add_finished_job",
    "add_job",
    "attach_job_to_set",
    "claim_job",
    "claim_next_job",
    "finish_job",
    "get_job",
    "has_queued_job",
    "has_stale_jobs",
    "heartbeat_job",
    "list_jobs",
    "queue_position",
    "recover_stale_jobs",
    "request_cancel",
    "requeue_job",
    "set_owner",
    "videos_of_sets",
]


@dataclass(frozen=True)
class JobEntry:
    """A stored job as services see it (no ORM object)."""

    id: int
    user_id: int
    kind: str
    status: str
    payload: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    progress: float
    stage: str
    attempts: int
    max_attempts: int
    cancel_requested: bool
    training_set_id: int | None
    created_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None

    @property
    def is_final(self) -> bool:
        """True once the job is done, failed or cancelled (it never changes again)."""
        return self.status in FINAL_STATUSES


def _entry(row: Job) -> JobEntry:
    return JobEntry(
        id=row.id,
        user_id=row.user_id,
        kind=row.kind,
        status=row.status,
        payload=dict(row.payload),
        result=dict(row.result) if row.result is not None else None,
        error=row.error,
        progress=row.progress,
        stage=row.stage,
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        cancel_requested=row.cancel_requested,
        training_set_id=row.training_set_id,
        created_at=row.created_at,
        started_at=row.started_at,
        heartbeat_at=row.heartbeat_at,
        finished_at=row.finished_at,
    )


def _own_row(session: Session, user_id: int, job_id: int) -> Job:
    row = session.get(Job, job_id, with_for_update=True)
    if row is None or row.user_id != user_id:
        raise NotFound(
            msg("No job %(job_id)s for this user.", job_id=job_id), field="job"
        )
    return row


def add_job(  # noqa: PLR0913 - keyword-only fields of a new job
    session: Session,
    *,
    user_id: int,
    kind: str,
    payload: dict[str, Any],
    max_attempts: int,
    now: datetime,
) -> JobEntry:
    """Queue a new job; committed when this returns."""
    if max_attempts < 1:
        raise InvalidInput("max_attempts", max_attempts, msg("at least 1"))
    row = Job(
        user_id=user_id,
        kind=kind,
        status="queued",
        payload=payload,
        max_attempts=max_attempts,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def add_finished_job(  # noqa: PLR0913 - keyword-only fields of a finished job
    session: Session,
    *,
    user_id: int,
    kind: str,
    result: dict[str, Any],
    now: datetime,
    set_id: int | None = None,
) -> JobEntry:
    """Record work already done elsewhere (a set counted live by the camera) as a
    finished job, so its analysis is listed with the uploaded ones."""
    row = Job(
        user_id=user_id,
        kind=kind,
        status="done",
        payload={},
        result=result,
        max_attempts=1,
        progress=1.0,
        stage="done",
        training_set_id=set_id,
        created_at=now,
        started_at=now,
        finished_at=now,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def get_job(session: Session, *, user_id: int, job_id: int) -> JobEntry:
    """One of the user's jobs; NotFound for anyone else's."""
    row = session.get(Job, job_id)
    if row is None or row.user_id != user_id:
        raise NotFound(
            msg("No job %(job_id)s for this user.", job_id=job_id), field="job"
        )
    return _entry(row)


def list_jobs(
    session: Session, *, user_id: int, limit: int = 20, kind: str | None = None
) -> list[JobEntry]:
    """The user's jobs, newest first."""
    query = select(Job).where(Job.user_id == user_id)
    if kind is not None:
        query = query.where(Job.kind == kind)
    query = query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    return [_entry(row) for row in session.scalars(query)]


def videos_of_sets(
    session: Session, *, user_id: int, set_ids: list[int]
) -> dict[int, int]:
    """Set id -> the newest finished analysis (job id) attached to that set."""
    found: dict[int, int] = {}
    for start in range(0, len(set_ids), 500):
        query = (
            select(Job.training_set_id, Job.id)
            .where(
                Job.user_id == user_id,
                Job.status == "done",
                Job.training_set_id.in_(set_ids[start : start + 500]),
            )
            .order_by(Job.id)
        )
        found.update(
            {set_id: job_id for set_id, job_id in session.execute(query) if set_id}
        )
    return found


def queue_position(session: Session, *, job_id: int) -> int:
    """How many queued jobs were queued before this one (0 = next to run)."""
    row = session.get(Job, job_id)
    if row is None or row.status != "queued":
        return 0
    ahead = session.scalar(
        select(func.count())
        .select_from(Job)
        .where(Job.status == "queued", Job.id < row.id)
    )
    return int(ahead or 0)


def has_queued_job(session: Session, *, kinds: tuple[str, ...]) -> bool:
    """True when a job of ``kinds`` waits (a read: idle polls take no write lock)."""
    waiting = session.scalar(
        select(Job.id).where(Job.status == "queued", Job.kind.in_(kinds)).limit(1)
    )
    return waiting is not None


def has_stale_jobs(session: Session, *, now: datetime, lease_s: float) -> bool:
    """True when a running job's worker stopped beating for ``lease_s`` seconds."""
    cutoff = now - timedelta(seconds=lease_s)
    stale = select(Job.id).where(Job.status == "running", Job.heartbeat_at < cutoff)
    return session.scalar(stale.limit(1)) is not None


def claim_next_job(
    session: Session, *, worker: str, now: datetime, kinds: tuple[str, ...]
) -> JobEntry | None:
    """Mark the oldest queued job of ``kinds`` running for ``worker``; None if idle
    (a writing session: see :func:`has_queued_job` for the cheap check first)."""
    query = (
        select(Job)
        .where(Job.status == "queued", Job.kind.in_(kinds))
        .order_by(Job.created_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = session.scalars(query).one_or_none()
    if row is None:
        return None
    row.status = "running"
    row.attempts += 1
    row.worker = worker
    row.started_at = row.heartbeat_at = now
    row.progress = 0.0
    row.stage = "starting"
    session.flush()
    return _entry(row)


def claim_job(
    session: Session, *, job_id: int, worker: str, now: datetime
) -> tuple[JobEntry | None, JobEntry | None]:
    """Take job ``job_id`` for ``worker`` when an external engine hands it over.

    Returns ``(claimed, ended)``: ``claimed`` is the job now running for
    ``worker``; ``ended`` is set when the claim itself ended the job (cancelled
    while it waited, or started ``max_attempts`` times already: each earlier
    worker died). Both are None when the job is gone or already final, so a job
    handed over twice runs once. A running job belongs to a worker the engine
    declared dead, and is taken over.
    """
    row = session.get(Job, job_id, with_for_update=True)
    if row is None or row.status in FINAL_STATUSES:
        return None, None
    if row.cancel_requested:
        row.status, row.finished_at, row.stage = "cancelled", now, "cancelled"
        row.worker = None
        return None, _entry(row)
    if row.attempts >= row.max_attempts:
        row.status, row.finished_at, row.worker = "failed", now, None
        row.error = (
            f"The worker stopped during each of {row.attempts} attempts; gave up."
        )
        return None, _entry(row)
    row.status = "running"
    row.attempts += 1
    row.worker = worker
    row.started_at = row.heartbeat_at = now
    row.progress = 0.0
    row.stage = "starting"
    session.flush()
    return _entry(row), None


def _owned_running(session: Session, job_id: int, worker: str) -> Job | None:
    row = session.get(Job, job_id, with_for_update=True)
    if row is None or row.status != "running" or row.worker != worker:
        return None
    return row


def heartbeat_job(  # noqa: PLR0913 - keyword-only fields of one beat
    session: Session,
    *,
    job_id: int,
    worker: str,
    now: datetime,
    progress: float | None = None,
    stage: str | None = None,
) -> bool:
    """Record that ``worker`` is still on the job (and its progress).

    Returns False when the worker should stop: the job was cancelled, deleted or
    handed to another worker after its lease ran out.
    """
    row = _owned_running(session, job_id, worker)
    if row is None:
        return False
    row.heartbeat_at = now
    if progress is not None:
        row.progress = min(1.0, max(0.0, progress))
    if stage is not None:
        row.stage = stage[:200]
    return not row.cancel_requested


def finish_job(  # noqa: PLR0913 - keyword-only fields of one final state
    session: Session,
    *,
    job_id: int,
    worker: str,
    status: str,
    now: datetime,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> JobEntry | None:
    """Move the worker's running job to a final status; None if it is not theirs."""
    if status not in FINAL_STATUSES:
        raise InvalidInput(
            "status",
            status,
            msg("one of %(choices)s", choices=", ".join(FINAL_STATUSES)),
        )
    row = _owned_running(session, job_id, worker)
    if row is None:
        return None
    row.status = status
    row.result = result
    row.error = error
    row.finished_at = now
    row.heartbeat_at = now
    if status == "done":
        row.progress = 1.0
        row.stage = "done"
    return _entry(row)


def requeue_job(
    session: Session, *, job_id: int, worker: str, error: str
) -> JobEntry | None:
    """Give the worker's running job back to the queue after a failed attempt."""
    row = _owned_running(session, job_id, worker)
    if row is None:
        return None
    row.status = "queued"
    row.worker = None
    row.error = error
    row.stage = "waiting to retry"
    return _entry(row)


def recover_stale_jobs(
    session: Session, *, now: datetime, lease_s: float
) -> list[JobEntry]:
    """Requeue running jobs whose worker stopped beating for ``lease_s`` seconds.

    A job whose attempts are used up fails instead. Returns the changed jobs.
    """
    cutoff = now - timedelta(seconds=lease_s)
    stale = (Job.status == "running", Job.heartbeat_at < cutoff)
    query = select(Job).where(*stale).with_for_update(skip_locked=True)
    changed: list[JobEntry] = []
    for row in session.scalars(query):
        row.worker = None
        if row.cancel_requested:
            row.status, row.finished_at = "cancelled", now
        elif row.attempts >= row.max_attempts:
            row.status, row.finished_at = "failed", now
            row.error = (
                f"The worker stopped during each of {row.attempts} attempts; gave up."
            )
        else:
            row.status, row.stage = "queued", "interrupted; waiting to retry"
        changed.append(_entry(row))
    return changed


def request_cancel(
    session: Session, *, user_id: int, job_id: int, now: datetime
) -> JobEntry:
    """Cancel a queued job at once; ask a running one to stop at its next beat.

    Raises:
        NotFound: not this user's job.
        Conflict: the job already finished.
    """
    row = _own_row(session, user_id, job_id)
    if row.status in FINAL_STATUSES:
        raise Conflict(
            msg(
                "Job %(job_id)s already finished (%(status)s).",
                job_id=job_id,
                status=row.status,
            )
        )
    if row.status == "queued":
        row.status, row.finished_at, row.stage = "cancelled", now, "cancelled"
    else:
        row.cancel_requested = True
        row.stage = "cancelling"
    return _entry(row)


def set_owner(session: Session, *, set_id: int) -> int | None:
    """The id of the user who logged set ``set_id`` (None: no such set)."""
    return session.scalar(
        select(TrainingSession.user_id)
        .join(TrainingSet, TrainingSet.session_id == TrainingSession.id)
        .where(TrainingSet.id == set_id)
    )


def attach_job_to_set(
    session: Session, *, user_id: int, job_id: int, set_id: int
) -> JobEntry:
    """Link a job (its video and report) to one of the user's logged sets."""
    row = _own_row(session, user_id, job_id)
    owner = session.scalar(
        select(TrainingSession.user_id)
        .join(TrainingSet, TrainingSet.session_id == TrainingSession.id)
        .where(TrainingSet.id == set_id)
    )
    if owner != user_id:
        raise NotFound(
            msg("No logged set %(set_id)s for this user.", set_id=set_id), field="set"
        )
    row.training_set_id = set_id
    return _entry(row)
