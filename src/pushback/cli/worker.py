"""``pushback worker``: run video jobs outside the web processes.

With ``PUSHBACK_JOB_QUEUE=external`` (PostgreSQL) it runs a Procrastinate worker
(``jobs.engine``): start as many as you have cores, on any machine that
reaches the database and the file store. With the in-process queue it runs the
same worker threads a web process would (for ``pushback serve --no-worker`` on
one machine).

SIGTERM or SIGINT stops it gracefully: no new job is taken, a running job gets
``--stop-timeout`` seconds to finish and is then handed back to the queue (it
runs again, from the start, on the next free worker).

A worker lowers its own CPU priority (``--nice``, 10 by default): an analysis is
batch work, and a web process on the same machine should answer first.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Annotated

import typer

from pushback.jobs.queue import InProcessJobQueue
from pushback.services.training import journal as journal_service
from pushback.settings import Settings

__all__ = ["register"]

#: Most jobs one worker process runs at once.
MAX_CONCURRENCY = 64


def worker(
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_CONCURRENCY,
            help="Jobs this process runs at once (video analysis: 1 per core).",
        ),
    ] = 1,
    queue: Annotated[
        list[str] | None,
        typer.Option(
            "--queue",
            help="Only run jobs of this queue (repeatable; default: every queue).",
        ),
    ] = None,
    stop_timeout: Annotated[
        float,
        typer.Option(
            min=0,
            help="Seconds a running job may take to finish after SIGTERM before "
            "it is handed back to the queue.",
        ),
    ] = 30.0,
    nice: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="Lower this process's CPU priority by this much, so web processes "
            "on the same machine keep answering quickly (0: leave it).",
        ),
    ] = 10,
) -> None:
    """Run background jobs (video analysis) until stopped with SIGTERM or Ctrl+C.

    Example: pushback worker --concurrency 1
    """
    # The job engine is imported here: other commands start without it.
    from pushback.jobs.engine import (
        ExternalJobQueue,
        check_external,
        run_worker,
    )
    from pushback.services.job_queues import make_job_queue

    settings = Settings()
    check_external(settings)
    if nice:
        os.nice(nice)
    journal = journal_service.open_journal(settings, shared=True)
    try:
        jobs = make_job_queue(settings, journal.db)
        mode = settings.job_queue
        print(f"pushback worker: {mode} queue, {concurrency} at a time (SIGTERM stops)")
        if isinstance(jobs, ExternalJobQueue):
            run_worker(
                jobs,
                stalled_s=settings.worker_stalled_s,
                concurrency=concurrency,
                queues=queue or None,
                stop_timeout_s=stop_timeout,
            )
        elif isinstance(jobs, InProcessJobQueue):
            _run_threads(jobs, concurrency, stop_timeout)
    finally:
        journal.close()


def _run_threads(jobs: InProcessJobQueue, concurrency: int, stop_s: float) -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    jobs.workers = concurrency
    jobs.start()
    stop.wait()
    jobs.stop(timeout_s=max(stop_s, 1.0))


def register(app: typer.Typer) -> None:
    """Add ``worker`` to the pushback CLI."""
    app.command("worker")(worker)
