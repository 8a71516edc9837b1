"""The web app's background jobs: the queue on ``app.state.jobs`` and its lifespan.

``create_app`` builds the queue ``PUSHBACK_JOB_QUEUE`` names
(``services.job_queues``): the in-process queue, whose worker thread
:func:`jobs_lifespan` starts with the server and stops on shutdown (a job cut
short is queued again and runs on the next start) unless ``run_worker`` is off
(``pushback serve --no-worker``), or the external queue, whose jobs only
``pushback worker`` processes run. Routes get the queue through ``JobsDep`` and
only see the :class:`~pushback.jobs.queue.JobQueue` interface.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from starlette.concurrency import run_in_threadpool

from pushback.jobs.queue import JobQueue
from pushback.journal.database import Database
from pushback.services import job_queues
from pushback.services.storage import FileStore
from pushback.settings import Settings

__all__ = ["JobsDep", "jobs_lifespan", "make_job_queue"]


def make_job_queue(settings: Settings, db: Database, store: FileStore) -> JobQueue:
    """The queue of ``settings`` (see ``services.job_queues``)."""
    return job_queues.make_job_queue(settings, db, store)


@asynccontextmanager
async def jobs_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the job worker with the server; stop it (and wait) on shutdown."""
    queue: JobQueue = app.state.jobs
    if app.state.web.settings.run_worker:
        queue.start()
    try:
        yield
    finally:
        await run_in_threadpool(queue.stop)


async def _jobs(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.jobs
    return queue


JobsDep = Annotated[JobQueue, Depends(_jobs)]
