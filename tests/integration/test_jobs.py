"""The job queue on real SQLite and PostgreSQL: run, retry, cancel, survive a kill.

The restart test runs a real worker process, kills it with SIGKILL in the middle
of a job, then starts a new queue on the same database: the half-done job runs
again (second attempt) and the job queued behind it runs too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.jobs.queue import (
    InProcessJobQueue,
    JobCancelled,
    JobContext,
    JobEntry,
    JobKind,
    job_dict,
)
from pushback.journal import Database, open_url
from pushback.journal import repository as repo
from pushback.journal.repository import jobs as store
from tests._units import run


@pytest.fixture
def db(database_url: str) -> Database:
    return open_url(database_url)


def _user(db: Database, name: str = "ann") -> int:
    return run(db, repo.ensure_user, name=name).id


def _wait_for(predicate: Any, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


class Recorder:
    """A job kind that records its runs and cleanups."""

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.runs: list[int] = []
        self.cleanups: list[tuple[int, str]] = []
        self.fail_with = fail_with

    def run(self, job: JobEntry, context: JobContext) -> dict[str, Any]:
        self.runs.append(job.attempts)
        context.report(0.5, "half way")
        if self.fail_with is not None:
            raise self.fail_with
        return {"doubled": job.payload["n"] * 2}

    def cleanup(self, job: JobEntry) -> None:
        self.cleanups.append((job.id, job.status))

    def kind(self, name: str = "double") -> JobKind:
        return JobKind(name=name, run=self.run, cleanup=self.cleanup)


def test_a_queued_job_runs_and_its_result_is_stored(db: Database) -> None:
    recorder = Recorder()
    queue = InProcessJobQueue(db, [recorder.kind()])
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="double", payload={"n": 21})
    assert job.status == "queued" and run(db, queue.queue_position, job_id=job.id) == 0
    assert queue.run_pending() == 1
    done = run(db, queue.get, user_id=user, job_id=job.id)
    assert done.status == "done" and done.result == {"doubled": 42}
    assert done.progress == 1.0 and done.attempts == 1
    assert recorder.cleanups == [(job.id, "done")]
    assert job_dict(done)["result"] == {"doubled": 42}


def test_the_worker_thread_runs_a_submitted_job(db: Database) -> None:
    recorder = Recorder()
    queue = InProcessJobQueue(db, [recorder.kind()], poll_s=5.0)
    user = _user(db)
    queue.start()
    try:
        job = run(db, queue.submit, user_id=user, kind="double", payload={"n": 1})
        _wait_for(
            lambda: run(db, queue.get, user_id=user, job_id=job.id).status == "done"
        )
    finally:
        queue.stop()
    assert recorder.runs == [1]


def test_an_unknown_job_kind_is_refused(db: Database) -> None:
    queue = InProcessJobQueue(db, [Recorder().kind()])
    with pytest.raises(InvalidInput, match="double"):
        run(db, queue.submit, user_id=_user(db), kind="mine-bitcoin", payload={})


def test_a_crashing_job_is_retried_then_fails_after_its_attempts(
    db: Database,
) -> None:
    recorder = Recorder(fail_with=RuntimeError("disk on fire"))
    queue = InProcessJobQueue(db, [recorder.kind()])
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="double", payload={"n": 1})
    queue.run_pending()
    failed = run(db, queue.get, user_id=user, job_id=job.id)
    assert recorder.runs == [1, 2, 3]
    assert failed.status == "failed" and failed.attempts == 3
    assert failed.error == "Failed after 3 attempts: RuntimeError: disk on fire"
    assert recorder.cleanups == [(job.id, "failed")]  # once, at the end


def test_a_bad_input_fails_at_once_without_a_retry(db: Database) -> None:
    error = InvalidInput("video", "x.mp4", "a video showing one person")
    recorder = Recorder(fail_with=error)
    queue = InProcessJobQueue(db, [recorder.kind()])
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="double", payload={"n": 1})
    queue.run_pending()
    failed = run(db, queue.get, user_id=user, job_id=job.id)
    assert recorder.runs == [1]
    assert failed.status == "failed" and failed.error == error.message


def test_a_kind_words_every_stored_message_for_its_user(db: Database) -> None:
    # The video kind names the user's file instead of the stored one; here a
    # kind words "/srv/x/7f3a.mp4" as "my set.mp4", on the retries' messages
    # and on the final one.
    recorder = Recorder(fail_with=RuntimeError("cannot read /srv/x/7f3a.mp4"))
    messages: list[str] = []

    def explain(job: JobEntry, message: str) -> str:
        messages.append(message)
        return message.replace("/srv/x/7f3a.mp4", job.payload["name"])

    kind = JobKind(name="double", run=recorder.run, explain=explain, max_attempts=2)
    queue = InProcessJobQueue(db, [kind])
    user = _user(db)
    payload = {"n": 1, "name": "my set.mp4"}
    job = run(db, queue.submit, user_id=user, kind="double", payload=payload)
    queue.run_pending()
    failed = run(db, queue.get, user_id=user, job_id=job.id)
    assert recorder.runs == [1, 2]
    assert (
        failed.error == "Failed after 2 attempts: RuntimeError: cannot read my set.mp4"
    )
    assert all("/srv/x/7f3a.mp4" in m for m in messages) and len(messages) == 2


def test_cancelling_a_queued_job_means_it_never_runs(db: Database) -> None:
    recorder = Recorder()
    queue = InProcessJobQueue(db, [recorder.kind()])
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="double", payload={"n": 1})
    assert run(db, queue.cancel, user_id=user, job_id=job.id).status == "cancelled"
    assert queue.run_pending() == 0
    assert recorder.runs == [] and recorder.cleanups == [(job.id, "cancelled")]
    with pytest.raises(Conflict, match="already finished"):
        run(db, queue.cancel, user_id=user, job_id=job.id)


def test_cancelling_a_running_job_stops_it_at_its_next_report(db: Database) -> None:
    started = threading.Event()
    cleanups: list[str] = []

    def forever(job: JobEntry, context: JobContext) -> dict[str, Any]:
        started.set()
        while True:
            context.report(0.1, "looping")
            time.sleep(0.02)

    kind = JobKind("forever", forever, cleanup=lambda job: cleanups.append(job.status))
    queue = InProcessJobQueue(db, [kind], heartbeat_s=0.1, lease_s=5.0)
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="forever", payload={})
    queue.start()
    try:
        assert started.wait(20)
        run(db, queue.cancel, user_id=user, job_id=job.id)
        _wait_for(
            lambda: (
                run(db, queue.get, user_id=user, job_id=job.id).status == "cancelled"
            )
        )
    finally:
        queue.stop()
    assert cleanups == ["cancelled"]


def test_a_user_sees_only_their_own_jobs(db: Database) -> None:
    queue = InProcessJobQueue(db, [Recorder().kind()])
    ann, bob = _user(db, "ann"), _user(db, "bob")
    job = run(db, queue.submit, user_id=bob, kind="double", payload={"n": 1})
    assert run(db, queue.list_for_user, user_id=ann) == []
    assert [j.id for j in run(db, queue.list_for_user, user_id=bob)] == [job.id]
    with pytest.raises(NotFound):
        run(db, queue.get, user_id=ann, job_id=job.id)
    with pytest.raises(NotFound):
        run(db, queue.cancel, user_id=ann, job_id=job.id)
    assert run(db, queue.get, user_id=bob, job_id=job.id).status == "queued"


def test_a_silent_job_on_its_last_attempt_fails_and_is_cleaned_up(
    db: Database,
) -> None:
    recorder = Recorder()
    user = _user(db)
    past = datetime.now(UTC) - timedelta(minutes=5)
    job = run(
        db,
        store.add_job,
        user_id=user,
        kind="double",
        payload={"n": 1},
        max_attempts=1,
        now=past,
    )
    claimed = run(db, store.claim_next_job, worker="dead", now=past, kinds=("double",))
    assert claimed is not None and claimed.id == job.id
    queue = InProcessJobQueue(db, [recorder.kind()], lease_s=30.0)
    assert queue.run_pending() == 0
    failed = run(db, queue.get, user_id=user, job_id=job.id)
    assert failed.status == "failed" and "gave up" in (failed.error or "")
    assert recorder.runs == [] and recorder.cleanups == [(job.id, "failed")]
    # the dead worker coming back cannot overwrite the outcome
    assert not run(db, store.heartbeat_job, job_id=job.id, worker="dead", now=past)
    assert (
        run(db, store.finish_job, job_id=job.id, worker="dead", status="done", now=past)
        is None
    )


_WORKER = textwrap.dedent(
    """
    import sys, time
    from pushback.journal import open_url, repository as repo
    from pushback.jobs.queue import InProcessJobQueue, JobKind
    from tests._units import run

    url = sys.argv[1]
    db = open_url(url)

    def slow(job, context):
        for step in range(10_000):
            context.report(step / 10_000, f"step {step}")
            time.sleep(0.01)
        return {}

    queue = InProcessJobQueue(db, [JobKind("slow", slow)], heartbeat_s=0.1, lease_s=1.0)
    user = run(db, repo.ensure_user, name="ann").id
    first = run(db, queue.submit, user_id=user, kind="slow", payload={"n": 1})
    second = run(db, queue.submit, user_id=user, kind="slow", payload={"n": 2})
    print(f"queued {first.id} {second.id}", flush=True)
    queue.start()
    while True:
        time.sleep(1)
    """
)


def test_a_job_killed_mid_run_is_retried_after_a_restart(
    db: Database, database_url: str
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER, database_url],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stdout is not None
    first, second = map(int, process.stdout.readline().split()[1:])
    user = run(db, repo.get_user, name="ann").id

    def half_done() -> bool:
        job = run(db, store.get_job, user_id=user, job_id=first)
        return job.status == "running" and job.progress > 0

    _wait_for(half_done, timeout_s=60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert run(db, store.get_job, user_id=user, job_id=first).status == "running"
    assert run(db, store.get_job, user_id=user, job_id=second).status == "queued"

    runs: list[tuple[int, int]] = []

    def quick(job: JobEntry, context: JobContext) -> dict[str, Any]:
        runs.append((job.payload["n"], job.attempts))
        return {"n": job.payload["n"]}

    queue = InProcessJobQueue(
        db, [JobKind("slow", quick)], lease_s=1.0, heartbeat_s=0.1
    )
    time.sleep(1.2)  # the dead worker's lease runs out
    assert queue.run_pending() == 2
    assert sorted(runs) == [(1, 2), (2, 1)]  # the interrupted job is on attempt 2
    for job_id in (first, second):
        job = run(db, store.get_job, user_id=user, job_id=job_id)
        assert job.status == "done" and job.result is not None


def test_stopping_the_queue_hands_a_running_job_back_to_the_queue(
    db: Database,
) -> None:
    started = threading.Event()

    def slow(job: JobEntry, context: JobContext) -> dict[str, Any]:
        started.set()
        for _ in range(2000):
            context.report(0.5)
            time.sleep(0.01)
        return {}

    queue = InProcessJobQueue(db, [JobKind("slow", slow)], heartbeat_s=0.05)
    user = _user(db)
    job = run(db, queue.submit, user_id=user, kind="slow", payload={})
    queue.start()
    assert started.wait(20)
    queue.stop()
    again = run(db, queue.get, user_id=user, job_id=job.id)
    assert again.status == "queued" and again.error == "Interrupted by a server stop."


def test_a_job_context_raises_once_cancelled() -> None:
    context = JobContext()
    context.report(0.25, "a quarter")
    assert context.snapshot() == (0.25, "a quarter")
    context.cancel()
    with pytest.raises(JobCancelled):
        context.report(2.0)
    assert context.snapshot() == (1.0, "a quarter")  # clamped to 0-1
