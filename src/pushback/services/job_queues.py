"""Which job queue a process uses: ``PUSHBACK_JOB_QUEUE`` (in-process or external).

Web processes and ``pushback worker`` build their queue here, with the same job
kinds and file store, so both sides agree on what a job is.
"""

from __future__ import annotations

from pushback.domain.errors import StorageError
from pushback.domain.phrases import msg
from pushback.jobs.queue import InProcessJobQueue, JobQueue
from pushback.journal import Database
from pushback.services.filming import uploads
from pushback.services.storage import FileStore, make_store
from pushback.services.unit import open_journal
from pushback.settings import Settings

__all__ = ["check_ready", "make_job_queue"]


def make_job_queue(
    settings: Settings, db: Database, store: FileStore | None = None
) -> JobQueue:
    """The queue ``settings`` name, with the video-analysis kind.

    Raises:
        InvalidInput: ``external`` on an SQLite journal.
        StorageError: ``external`` before ``pushback db upgrade`` created the
            engine's tables.
    """
    kinds = [uploads.video_job_kind(settings, db, store or make_store(settings))]
    if settings.job_queue != "external":
        return InProcessJobQueue(db, kinds)
    from pushback.jobs import engine as external_jobs

    queue = external_jobs.make_external_queue(settings, db, kinds)
    if not external_jobs.has_engine_schema(settings):
        raise StorageError(
            msg(
                "The job engine's tables are missing from the journal database: "
                "run `pushback db upgrade` (the release step) with "
                "PUSHBACK_JOB_QUEUE=external, then start the web and worker "
                "processes."
            )
        )
    return queue


def check_ready(settings: Settings) -> None:
    """What a web or worker process checks before it starts, so a wrong setup
    stops it with one clear line: the external queue on PostgreSQL only, the
    journal at the code's revision (PostgreSQL), the engine's tables there.

    Raises:
        InvalidInput: the external queue with an SQLite journal.
        StorageError: the database is behind (run ``pushback db upgrade``).
    """
    from pushback.jobs.engine import check_external

    check_external(settings)
    journal = open_journal(settings, shared=True)
    try:
        make_job_queue(settings, journal.db, make_store(settings))
    finally:
        journal.close()
