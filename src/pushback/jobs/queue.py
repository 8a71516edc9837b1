"""Background jobs: a small queue interface and its in-process implementation.

Front ends depend on :class:`JobQueue` only (submit, get, list for a user, cancel,
start, stop). The default, :class:`InProcessJobQueue`, runs one worker thread in the
web app's process (started and stopped by the app's lifespan), so ``make run``
needs nothing else. Jobs live in the journal database (``jobs`` table), so they
survive a restart:

* a job queued before the restart runs after it;
* a job that was running when the process died stops beating; once its lease
  (``lease_s``, 30 s by default [design]) has run out it is queued again, until it
  has been started ``max_attempts`` times (3 by default [design]), then it fails.

A job *kind* (:class:`JobKind`) is a function ``run(job, context) -> result dict``
plus an optional ``cleanup(job)`` called exactly once when the job reaches a final
state (done, failed or cancelled, including after the last interrupted attempt):
the video-analysis kind deletes the uploaded file there unless the user keeps it.
Inside ``run``, ``context.report(progress, stage)`` publishes progress and raises
:class:`JobCancelled` once the user cancelled the job.

Errors inside ``run``: a :class:`CoachError` (bad video, no person found, ...) is
final, because running it again gives the same answer; a :class:`StorageError` or
any other exception is retried while attempts remain.

A distributed queue (e.g. Redis + RQ) can replace the in-process worker later: it
implements :class:`JobQueue` with the same kinds, and ``start``/``stop`` become
no-ops in the web process while separate worker processes call ``run``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

from pushback.domain.errors import CoachError, Conflict, InvalidInput, StorageError
from pushback.domain.phrases import msg
from pushback.journal import Database, Session, begin_write, storage_errors
from pushback.journal._base import utc_now
from pushback.journal.repository import jobs as store
from pushback.journal.repository.jobs import JobEntry

__all__ = [
    "DEFAULT_HEARTBEAT_S",
    "DEFAULT_LEASE_S",
    "DEFAULT_MAX_ATTEMPTS",
    "InProcessJobQueue",
    "JobCancelled",
    "JobContext",
    "JobEntry",
    "JobKind",
    "JobQueue",
    "job_dict",
]

logger = logging.getLogger(__name__)

#: Seconds between two heartbeats of a running job [design].
DEFAULT_HEARTBEAT_S = 1.0
#: A running job silent for this long belongs to a dead worker [design]: long
#: enough for a busy 2-core machine to miss a few beats, short enough to recover
#: a crashed job soon after a restart.
DEFAULT_LEASE_S = 30.0
#: How often a job may be started before it fails for good [design].
DEFAULT_MAX_ATTEMPTS = 3


class JobCancelled(Conflict):
    """Raised inside a job's ``run`` (by ``context.report``) once it was cancelled."""


class JobContext:
    """What a running job sees: progress reporting and the cancellation flag."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._progress = 0.0
        self._stage = "starting"
        self._cancelled = threading.Event()

    def report(self, progress: float, stage: str | None = None) -> None:
        """Publish progress (0-1) and an optional stage text; raise if cancelled."""
        with self._lock:
            self._progress = min(1.0, max(0.0, float(progress)))
            if stage is not None:
                self._stage = stage
        if self._cancelled.is_set():
            raise JobCancelled("The job was cancelled.")

    @property
    def cancelled(self) -> bool:
        """True once the job was cancelled (or handed to another worker)."""
        return self._cancelled.is_set()

    def snapshot(self) -> tuple[float, str]:
        """The latest (progress, stage)."""
        with self._lock:
            return self._progress, self._stage

    def cancel(self) -> None:
        """Ask ``run`` to stop at its next ``report``."""
        self._cancelled.set()


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its name, what it runs and how it cleans up afterwards.

    ``explain(job, message)`` words every error message stored on a job of this
    kind for the user who reads it (the video kind names the user's file, not
    the stored one); without it messages are stored as raised.
    """

    name: str
    run: Callable[[JobEntry, JobContext], dict[str, Any]]
    cleanup: Callable[[JobEntry], None] | None = None
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    explain: Callable[[JobEntry, str], str] | None = None
    #: The engine's queue (``pushback worker --queue``) of the external queue.
    queue: str = "default"


class JobQueue(Protocol):
    """The job interface front ends use; the worker behind it may be anywhere.

    Calls made for a request take the request's session (its unit of work):
    ``submit`` adds the job to it without committing, so the job is stored with
    the rest of the use case or not at all; call :meth:`wake` after the commit.
    ``cancel`` commits (it is a use case of its own).
    """

    def submit(
        self, session: Session, *, user_id: int, kind: str, payload: dict[str, Any]
    ) -> JobEntry: ...

    def wake(self) -> None: ...

    def get(self, session: Session, *, user_id: int, job_id: int) -> JobEntry: ...

    def list_for_user(
        self,
        session: Session,
        *,
        user_id: int,
        limit: int = 20,
        kind: str | None = None,
    ) -> list[JobEntry]: ...

    def cancel(self, session: Session, *, user_id: int, job_id: int) -> JobEntry: ...

    def queue_position(self, session: Session, job_id: int) -> int: ...

    def start(self) -> None: ...

    def stop(self, timeout_s: float = 10.0) -> None: ...


def job_dict(job: JobEntry, *, position: int | None = None) -> dict[str, Any]:
    """The JSON of a job (API and progress polling)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": round(job.progress, 3),
        "stage": job.stage,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "error": job.error,
        "queue_position": position,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "training_set_id": job.training_set_id,
        "result": job.result,
    }


@dataclass
class InProcessJobQueue:
    """Jobs stored in the journal and run by worker threads of this process."""

    db: Database
    kinds: Iterable[JobKind]
    lease_s: float = DEFAULT_LEASE_S
    heartbeat_s: float = DEFAULT_HEARTBEAT_S
    poll_s: float = 2.0
    workers: int = 1
    clock: Callable[[], datetime] = utc_now
    #: The error a job handed back by a stopping worker carries.
    stop_message: ClassVar[str] = "Interrupted by a server stop."
    _kinds: dict[str, JobKind] = field(init=False, default_factory=dict)
    _stop: threading.Event = field(init=False, default_factory=threading.Event)
    _wake: threading.Event = field(init=False, default_factory=threading.Event)
    _threads: list[threading.Thread] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._kinds = {kind.name: kind for kind in self.kinds}
        if self.heartbeat_s >= self.lease_s:
            raise InvalidInput(
                "heartbeat_s", self.heartbeat_s, msg("less than lease_s")
            )

    # ----------------------------------------------------------------- interface

    def submit(
        self, session: Session, *, user_id: int, kind: str, payload: dict[str, Any]
    ) -> JobEntry:
        """Add a job of a known kind to the caller's (writing) unit of work."""
        known = self._kinds.get(kind)
        if known is None:
            raise InvalidInput(
                "kind",
                kind,
                msg("one of %(choices)s", choices=", ".join(sorted(self._kinds))),
            )
        return store.add_job(
            session,
            user_id=user_id,
            kind=kind,
            payload=payload,
            max_attempts=known.max_attempts,
            now=self.clock(),
        )

    def wake(self) -> None:
        """Let a worker look for new jobs now (after the submitting commit)."""
        self._wake.set()

    def get(self, session: Session, *, user_id: int, job_id: int) -> JobEntry:
        """One of the user's jobs (NotFound for anyone else's)."""
        return store.get_job(session, user_id=user_id, job_id=job_id)

    def list_for_user(
        self,
        session: Session,
        *,
        user_id: int,
        limit: int = 20,
        kind: str | None = None,
    ) -> list[JobEntry]:
        """The user's jobs, newest first."""
        return store.list_jobs(session, user_id=user_id, limit=limit, kind=kind)

    def cancel(self, session: Session, *, user_id: int, job_id: int) -> JobEntry:
        """Cancel a queued job now, a running one at its next progress report
        (committed here); a job that ends is cleaned up after the commit."""
        begin_write(session)
        job = store.request_cancel(
            session, user_id=user_id, job_id=job_id, now=self.clock()
        )
        with storage_errors():
            session.commit()
        if job.is_final:
            self._cleanup(job)
        return job

    def queue_position(self, session: Session, job_id: int) -> int:
        """Queued jobs ahead of this one."""
        return store.queue_position(session, job_id=job_id)

    @contextmanager
    def _step(self, *, write: bool = True) -> Iterator[Session]:
        """One step of the worker: its own unit of work, committed at the end."""
        with self.db.session(write=write) as session:
            yield session
            if write:
                with storage_errors():
                    session.commit()

    def start(self) -> None:
        """Start the worker threads (idempotent)."""
        if self._threads:
            return
        self._stop.clear()
        for number in range(self.workers):
            thread = threading.Thread(
                target=self._work, name=f"pushback-jobs-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the workers to stop and wait for them; a running job is cancelled
        and, having not finished, is queued again by the next start's recovery."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads.clear()

    # -------------------------------------------------------------------- worker

    def run_pending(self) -> int:
        """Recover stale jobs, then run queued jobs until none is left (tests, CLI).

        Returns how many jobs were run.
        """
        worker = _worker_name()
        self._recover()
        count = 0
        while self._run_one(worker):
            count += 1
        return count

    def _work(self) -> None:
        worker = _worker_name()
        while not self._stop.is_set():
            try:
                self._recover()
                ran = self._run_one(worker)
            except StorageError as error:  # database down: wait, then try again
                logger.warning("job worker: %s", error.message)
                ran = False
            except Exception:  # noqa: BLE001 - keep the worker alive; log the bug
                logger.exception("job worker error")
                ran = False
            if not ran:
                self._wake.wait(self.poll_s)
                self._wake.clear()

    def _recover(self) -> None:
        now = self.clock()
        with self._step(write=False) as session:  # usually nothing is stale
            if not store.has_stale_jobs(session, now=now, lease_s=self.lease_s):
                return
        with self._step() as session:
            changed = store.recover_stale_jobs(session, now=now, lease_s=self.lease_s)
        for job in changed:
            logger.warning("job %s interrupted: now %s", job.id, job.status)
            if job.is_final:
                self._cleanup(job)

    def _run_one(self, worker: str) -> bool:
        kinds = tuple(self._kinds)
        with self._step(write=False) as session:  # idle polls take no write lock
            if not store.has_queued_job(session, kinds=kinds):
                return False
        with self._step() as session:
            job = store.claim_next_job(
                session, worker=worker, now=self.clock(), kinds=kinds
            )
        if job is None:
            return False
        context = JobContext()
        beating = threading.Event()
        beater = threading.Thread(
            target=self._beat, args=(job, worker, context, beating), daemon=True
        )
        beater.start()
        try:
            self._execute(job, worker, context)
        finally:
            beating.set()
            beater.join()
        return True

    def _beat(
        self, job: JobEntry, worker: str, context: JobContext, done: threading.Event
    ) -> None:
        while not done.wait(self.heartbeat_s):
            progress, stage = context.snapshot()
            try:
                with self._step() as session:
                    keep_going = store.heartbeat_job(
                        session,
                        job_id=job.id,
                        worker=worker,
                        now=self.clock(),
                        progress=progress,
                        stage=stage,
                    )
            except StorageError as error:
                logger.warning("job %s heartbeat failed: %s", job.id, error.message)
                continue
            if not keep_going or self._stopping(job):
                context.cancel()

    def _execute(self, job: JobEntry, worker: str, context: JobContext) -> None:
        kind = self._kinds[job.kind]
        try:
            result = kind.run(job, context)
        except JobCancelled:
            if self._stopping(job) and not self._cancel_requested(job):
                # the worker is stopping: queue the job again for the next worker
                self._requeue(job, worker, self.stop_message)
                return
            self._finish(job, worker, "cancelled", error="Cancelled.")
        except StorageError as error:
            self._retry_or_fail(job, worker, error.message)
        except CoachError as error:
            self._finish(job, worker, "failed", error=error.message)
        except Exception as error:  # noqa: BLE001 - any bug in a job is retried
            logger.exception("job %s (%s) failed", job.id, job.kind)
            self._retry_or_fail(job, worker, f"{type(error).__name__}: {error}")
        else:
            self._finish(job, worker, "done", result=result)

    def _retry_or_fail(self, job: JobEntry, worker: str, error: str) -> None:
        if job.attempts < job.max_attempts:
            self._requeue(job, worker, self._explained(job, error))
            return
        message = f"Failed after {job.attempts} attempts: {error}"
        self._finish(job, worker, "failed", error=message)

    def _stopping(self, job: JobEntry) -> bool:
        """True when this worker is stopping and should hand ``job`` back."""
        del job
        return self._stop.is_set()

    def _requeue(self, job: JobEntry, worker: str, error: str) -> None:
        """Give the job back to the queue after an attempt that did not finish."""
        with self._step() as session:
            store.requeue_job(session, job_id=job.id, worker=worker, error=error)
        self._wake.set()

    def _finish(
        self,
        job: JobEntry,
        worker: str,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        with self._step() as session:
            final = store.finish_job(
                session,
                job_id=job.id,
                worker=worker,
                status=status,
                now=self.clock(),
                result=result,
                error=None if error is None else self._explained(job, error),
            )
        if final is not None:
            self._cleanup(final)

    def _explained(self, job: JobEntry, message: str) -> str:
        kind = self._kinds.get(job.kind)
        if kind is None or kind.explain is None:
            return message
        return kind.explain(job, message)

    def _cancel_requested(self, job: JobEntry) -> bool:
        with self._step(write=False) as session:
            current = store.get_job(session, user_id=job.user_id, job_id=job.id)
        return current.cancel_requested

    def _cleanup(self, job: JobEntry) -> None:
        kind = self._kinds.get(job.kind)
        if kind is None or kind.cleanup is None:
            return
        try:
            kind.cleanup(job)
        except Exception:  # noqa: BLE001 - a failed cleanup must not stop the worker
            logger.exception("cleanup of job %s failed", job.id)


def _worker_name() -> str:
    """``host:pid:random``: unique per worker thread, readable in the table."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
