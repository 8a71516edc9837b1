"""Jobs on Procrastinate (PostgreSQL): the ``external`` queue behind :class:`JobQueue`.

``PUSHBACK_JOB_QUEUE=external`` keeps our ``jobs`` table as the record the user
sees (status, progress, stage, attempts, cancel flag, result) and lets
Procrastinate (docs/decisions/0001-job-engine.md) hand each job to exactly one
``pushback worker`` process, on any machine that reaches the database:

* :meth:`ExternalJobQueue.submit` adds our row and defers the Procrastinate job
  ``pushback.run_job(job_id=...)`` **in the same transaction** (Procrastinate's
  external-connection defer on the request's own connection): the upload's job
  is stored with its Procrastinate job or not at all.
* A worker runs :meth:`ExternalJobQueue.run_job`: it claims our row
  (``repository.jobs.claim_job``: a job handed over twice runs once; a job whose
  attempts are used up fails), beats every second with progress and checks the
  cancel flag, exactly like the in-process worker (the code is shared).
* A failed attempt that may be retried, and a job released by a stopping worker,
  put our row back to ``queued`` and raise :class:`JobReleased`, which the task's
  retry strategy turns into a new Procrastinate attempt.
* A worker killed mid-job stops its Procrastinate heartbeat; every live worker
  runs :func:`retry_stalled_jobs` every ``worker_stalled_s / 3`` seconds, which
  hands jobs of workers silent for ``worker_stalled_s`` to the queue again
  (Procrastinate finds them, ``get_stalled_jobs``, but leaves the retry to the
  application). A video that kills every worker fails after ``max_attempts``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import procrastinate
import psycopg
from procrastinate.retry import RetryStrategy
from procrastinate.schema import SchemaManager

from pushback.domain.errors import InvalidInput, StorageError
from pushback.domain.phrases import msg
from pushback.jobs.queue import InProcessJobQueue, JobContext, JobEntry, JobKind
from pushback.journal import Database, Session, libpq_url, raw_connection
from pushback.journal.repository import jobs as store
from pushback.settings import Settings

__all__ = [
    "TASK_NAME",
    "ExternalJobQueue",
    "JobReleased",
    "apply_engine_schema",
    "check_external",
    "has_engine_schema",
    "retry_stalled_jobs",
]

logger = logging.getLogger(__name__)

#: The Procrastinate task that runs one of our jobs.
TASK_NAME = "pushback.run_job"
#: Procrastinate attempts of one job; our ``max_attempts`` decides first.
_ENGINE_ATTEMPTS = 1000


class JobReleased(Exception):  # noqa: N818 - a signal to the engine, not an error
    """Our row is queued again: the engine schedules another attempt."""


def check_external(settings: Settings) -> None:
    """Refuse ``job_queue=external`` on anything but PostgreSQL."""
    if settings.job_queue != "external":
        return
    url = settings.resolved_database_url()
    if not url.startswith("postgresql"):
        raise InvalidInput(
            "PUSHBACK_JOB_QUEUE",
            "external",
            msg(
                "in-process, or external with PUSHBACK_DATABASE_URL=postgresql+psycopg://…"
            ),
            message=(
                msg(
                    "PUSHBACK_JOB_QUEUE=external needs the journal on PostgreSQL "
                    "(set "
                    "PUSHBACK_DATABASE_URL=postgresql+psycopg://USER@HOST/NAME); "
                    "this journal is SQLite, which keeps the in-process queue "
                    "(PUSHBACK_JOB_QUEUE=in-process)."
                )
            ),
        )


def has_engine_schema(settings: Settings) -> bool:
    """True when Procrastinate's tables exist in the journal database."""
    with psycopg.connect(libpq_url(settings.resolved_database_url())) as connection:
        row = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
    return row is not None and row[0] is not None


def apply_engine_schema(settings: Settings) -> bool:
    """Create Procrastinate's tables (``pushback db upgrade``); False when present."""
    check_external(settings)
    if has_engine_schema(settings):
        return False
    url = libpq_url(settings.resolved_database_url())
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(SchemaManager.get_schema().encode())
    return True


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


@dataclass
class ExternalJobQueue(InProcessJobQueue):
    """Our ``jobs`` rows, run by Procrastinate workers (see the module docstring).

    In a web process ``start``/``stop``/``wake`` do nothing; a worker process
    runs :meth:`engine`'s worker, whose task calls :meth:`run_job`.
    """

    conninfo: str = ""
    stop_message: ClassVar[str] = "Interrupted by a worker stop."
    _aborts: dict[int, Callable[[], bool]] = field(init=False, default_factory=dict)
    _app: procrastinate.App | None = field(init=False, default=None)

    @property
    def engine(self) -> procrastinate.App:
        """The Procrastinate app with the ``pushback.run_job`` task."""
        if self._app is None:
            self._app = self._make_app()
        return self._app

    def _make_app(self) -> procrastinate.App:
        app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=self.conninfo)
        )

        @app.task(
            name=TASK_NAME,
            pass_context=True,
            retry=RetryStrategy(
                max_attempts=_ENGINE_ATTEMPTS, wait=1, retry_exceptions={JobReleased}
            ),
        )
        def run_job(context: procrastinate.JobContext, job_id: int) -> None:
            self.run_job(job_id, context.should_abort)

        return app

    def submit(
        self, session: Session, *, user_id: int, kind: str, payload: dict[str, Any]
    ) -> JobEntry:
        """Add our row and defer its engine job in the caller's transaction."""
        job = super().submit(session, user_id=user_id, kind=kind, payload=payload)
        task = self.engine.tasks[TASK_NAME]
        queue_name = self._kinds[kind].queue
        try:
            task.configure(connection=raw_connection(session), queue=queue_name).defer(
                job_id=job.id
            )
        except procrastinate.exceptions.ConnectorException as error:
            raise StorageError(
                msg("Could not queue job %(id)s: %(error)s", id=job.id, error=error)
            ) from None
        return job

    def wake(self) -> None:
        """Nothing: the engine notifies its workers (LISTEN/NOTIFY)."""

    def start(self) -> None:
        """Nothing: ``pushback worker`` processes run the jobs."""

    def stop(self, timeout_s: float = 10.0) -> None:
        """Nothing to stop in a web process."""
        del timeout_s

    def run_job(self, job_id: int, should_abort: Callable[[], bool]) -> None:
        """Run our job ``job_id`` (the engine's task; a worker thread).

        Raises:
            JobReleased: the attempt ended without a final state (retried).
        """
        worker = _worker_name()
        with self._step() as session:
            claimed, ended = store.claim_job(
                session, job_id=job_id, worker=worker, now=self.clock()
            )
        if ended is not None:
            logger.warning("job %s ended on claim: %s", ended.id, ended.status)
            self._cleanup(ended)
        if claimed is None:
            return
        self._aborts[job_id] = should_abort
        context = JobContext()
        beating = threading.Event()
        beater = threading.Thread(
            target=self._beat, args=(claimed, worker, context, beating), daemon=True
        )
        beater.start()
        try:
            self._execute(claimed, worker, context)
        finally:
            beating.set()
            beater.join()
            self._aborts.pop(job_id, None)

    def _stopping(self, job: JobEntry) -> bool:
        abort = self._aborts.get(job.id)
        return abort is not None and abort()

    def _requeue(self, job: JobEntry, worker: str, error: str) -> None:
        with self._step() as session:
            store.requeue_job(session, job_id=job.id, worker=worker, error=error)
        raise JobReleased(error)


def make_external_queue(
    settings: Settings, db: Database, kinds: Iterable[JobKind]
) -> ExternalJobQueue:
    """The external queue of ``settings`` (PostgreSQL only)."""
    check_external(settings)
    return ExternalJobQueue(
        db, kinds, conninfo=libpq_url(settings.resolved_database_url())
    )


async def retry_stalled_jobs(app: procrastinate.App, stalled_s: float) -> int:
    """Hand the jobs of workers silent for ``stalled_s`` seconds back to the
    queue; returns how many. Several workers may race: a job already retried by
    another is skipped."""
    retried = 0
    for job in await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=stalled_s
    ):
        try:
            await app.job_manager.retry_job(job)
        except procrastinate.exceptions.ProcrastinateException as error:
            logger.info("stalled job %s already handled: %s", job.id, error)
            continue
        logger.warning("job %s of a dead worker queued again", job.id)
        retried += 1
    return retried


async def _retry_forever(app: procrastinate.App, stalled_s: float) -> None:
    while True:
        await asyncio.sleep(stalled_s / 3)
        try:
            await retry_stalled_jobs(app, stalled_s)
        except Exception:  # noqa: BLE001 - the database may be down for a moment
            logger.exception("retrying stalled jobs failed")


def run_worker(
    queue: ExternalJobQueue,
    *,
    stalled_s: float,
    concurrency: int = 1,
    queues: list[str] | None = None,
    stop_timeout_s: float | None = 30.0,
) -> None:
    """Run a Procrastinate worker until SIGTERM or SIGINT.

    On a stop signal the worker takes no new job and gives its running jobs
    ``stop_timeout_s`` seconds to finish (None: as long as they need); a job
    still running then is released (queued again for another worker).
    """
    app = queue.engine

    async def main() -> None:
        async with app.open_async():
            retrier = asyncio.create_task(_retry_forever(app, stalled_s))
            options: dict[str, Any] = {
                "queues": queues or None,
                "concurrency": concurrency,
                "name": f"{socket.gethostname()}:{os.getpid()}",
                "shutdown_graceful_timeout": stop_timeout_s,
                "update_heartbeat_interval": max(1.0, stalled_s / 3),
                "stalled_worker_timeout": stalled_s,
            }
            try:
                await app.run_worker_async(**options)
            finally:
                retrier.cancel()

    asyncio.run(main())
