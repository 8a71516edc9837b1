"""The web app's background jobs: the queue on ``app.state.jobs`` and its lifespan.

``create_app`` builds an :class:`~pushback.jobs.queue.InProcessJobQueue` with the
video-analysis kind; :func:`jobs_lifespan` starts its worker thread when the server
starts and stops it on shutdown (a job cut short is queued again and runs on the
next start). Routes get the queue through ``JobsDep`` and only see the
:class:`~pushback.jobs.queue.JobQueue` interface, so a distributed queue can
replace it without touching them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from starlette.concurrency import run_in_threadpool

from pushback.jobs.queue import InProcessJobQueue, JobQueue
from pushback.journal.database import Database
from pushback.services.filming import uploads
from pushback.settings import Settings

__all__ = ["JobsDep", "jobs_lifespan", "make_job_queue"]


def make_job_queue(settings: Settings, db: Database) -> JobQueue:
    """The default queue: jobs in the journal, one worker thread in this process."""
    return InProcessJobQueue(db, [uploads.video_job_kind(settings, db)])


@asynccontextmanager
async def jobs_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the job worker with the server; stop it (and wait) on shutdown."""
    queue: JobQueue = app.state.jobs
    queue.start()
    try:
        yield
    finally:
        await run_in_threadpool(queue.stop)


async def _jobs(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.jobs
    return queue


JobsDep = Annotated[JobQueue, Depends(_jobs)]
