"""Which job queue a process uses: ``PUSHBACK_JOB_QUEUE`` (in-process or external).

Web processes and ``pushback worker`` build their queue here, with the same job
kinds and file store, so both sides agree on what a job is.
"""

from __future__ import annotations

from pushback.domain.errors import StorageError
from pushback.journal import Database
from pushback.services import uploads
from pushback.services.jobs import InProcessJobQueue, JobQueue
from pushback.services.storage import FileStore, make_store
from pushback.settings import Settings

__all__ = ["make_job_queue"]


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
    from pushback.services import external_jobs

    queue = external_jobs.make_external_queue(settings, db, kinds)
    if not external_jobs.has_engine_schema(settings):
        raise StorageError(
            "The job engine's tables are missing from the journal database: run "
            "`pushback db upgrade` (the release step) with PUSHBACK_JOB_QUEUE="
            "external, then start the web and worker processes."
        )
    return queue
