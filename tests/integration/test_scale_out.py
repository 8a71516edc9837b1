"""Scale-out on real servers: 2 ``pushback serve`` + 2 ``pushback worker`` processes
on PostgreSQL (external queue) with an S3-compatible server (moto), all started here.

Ten short clips (cut from ../shared/data/clips at 320 px, 10 fps) go through the
API straight to the bucket (presigned PUT, then "complete upload"), alternating
between the two web processes. One worker is killed with SIGKILL mid-job and a
new one starts; later another is stopped with SIGTERM mid-job. Every job must
finish once, with its results stored once in the bucket, no upload left behind,
and progress visible on both web processes while the jobs run. The login limit
holds across both web processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.integration._server import (
    PASSWORD,
    PUSHBACK,
    free_port,
    new_account,
    wait_for_health,
)

pytestmark = [pytest.mark.postgres, pytest.mark.clips, pytest.mark.vision]

CLIPS = 10
BUCKET = "pushback-test"
#: A worker silent this long is dead (the tests' value; production: 30 s).
STALLED_S = 6


def _moto_server() -> Any:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    return server


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server (moto) with an empty bucket."""
    import boto3

    server = _moto_server()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, **_AWS)
    client.create_bucket(Bucket=BUCKET)
    try:
        yield endpoint
    finally:
        server.stop()


_AWS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "region_name": "us-east-1",
}


def _make_clips(clips_dir: Path, folder: Path, count: int = CLIPS) -> list[Path]:
    """Short, small clips cut from the real ones (a few seconds of analysis each)."""
    sources = ["P01.mp4", "P02.mp4", "P03.mp4", "P04.mp4", "P05.mp4"]
    made = []
    for number in range(count):
        out = folder / f"clip{number}.mp4"
        subprocess.run(
            ["/usr/bin/ffmpeg", "-v", "error", "-y", "-ss", str(1 + number % 3),
             "-t", "3", "-i", str(clips_dir / sources[number % len(sources)]),
             "-vf", "scale=320:-2,fps=10", "-an", "-c:v", "libx264",
             "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
            check=True,
        )  # fmt: skip
        made.append(out)
    return made


@dataclass
class Cluster:
    """The processes of one deployment, all on this machine."""

    folder: Path
    env: dict[str, str]
    webs: list[str] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [PUSHBACK, *args], env=self.env, stdout=log, stderr=log
        )
        self.processes.append(process)
        return process

    def web(self, name: str) -> str:
        port = free_port()
        process = self.start(name, "serve", "--no-worker", "--port", str(port))
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, process, self.folder / f"{name}.log")
        self.webs.append(url)
        return url

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        process = self.start(
            name, "worker", "--concurrency", "1", "--stop-timeout", "0"
        )
        self.workers.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str, s3_endpoint: str) -> Iterator[Cluster]:
    env = {
        **os.environ,
        "PUSHBACK_DATA_DIR": str(tmp_path / "data"),
        "PUSHBACK_DATABASE_URL": postgres_url,
        "PUSHBACK_JOB_QUEUE": "external",
        "PUSHBACK_STORAGE": "s3",
        "PUSHBACK_S3_BUCKET": BUCKET,
        "PUSHBACK_S3_ENDPOINT_URL": s3_endpoint,
        "PUSHBACK_WORKER_STALLED_S": str(STALLED_S),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    found = Cluster(tmp_path, env)
    try:
        yield found
    finally:
        found.stop()


def _upload(web: str, account: Any, clip: Path) -> int:
    """Presigned PUT to the bucket, then "complete upload" (as the browser does)."""
    headers = {"X-CSRF-Token": account.csrf}
    with httpx.Client(base_url=web, cookies=account.cookies, timeout=60) as client:
        begun = client.post(
            "/api/v1/uploads",
            json={"size_bytes": clip.stat().st_size, "content_type": "video/mp4"},
            headers=headers,
        )
        assert begun.status_code == 201, begun.text
        target = begun.json()
        put = httpx.put(
            target["url"], content=clip.read_bytes(), headers=target["headers"]
        )
        assert put.status_code == 200, put.text
        done = client.post(
            f"/api/v1/uploads/{target['upload_id']}/complete",
            json={"filename": clip.name},
            headers=headers,
        )
        assert done.status_code == 202, done.text
        return int(done.json()["id"])


def _running(database: str) -> list[tuple[int, int, float]]:
    """(job id, worker pid, progress) of the running jobs."""
    with psycopg.connect(database) as connection:
        rows = connection.execute(
            "SELECT id, worker, progress FROM jobs WHERE status = 'running'"
        ).fetchall()
    return [(row[0], int(row[1].split(":")[1]), row[2]) for row in rows if row[1]]


@dataclass
class Watch:
    """What the API showed while the jobs ran."""

    progress_seen: dict[str, float] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)


def _poll(cluster: Cluster, account: Any, jobs: list[int], watch: Watch) -> None:
    """Ask each web process about every job once; remember running progress."""
    for index, job_id in enumerate(jobs):
        web = cluster.webs[index % len(cluster.webs)]
        got = httpx.get(
            f"{web}/api/v1/jobs/{job_id}", cookies=account.cookies, timeout=30
        ).json()
        watch.statuses[job_id] = got["status"]
        if got["status"] == "running" and 0 < got["progress"] < 1:
            watch.progress_seen[web] = max(
                watch.progress_seen.get(web, 0.0), got["progress"]
            )


def _wait_for_job_on(
    database: str, process: subprocess.Popen[bytes], poll: Any, deadline: float
) -> int:
    """The id of a job ``process`` is running, past its first stage and far from
    its end (so the signal lands mid-job)."""
    while time.monotonic() < deadline:
        poll()
        for job_id, pid, progress in _running(database):
            if pid == process.pid and 0.05 <= progress <= 0.6:
                return job_id
        time.sleep(0.2)
    raise AssertionError("the worker took no job in time")


def test_two_webs_two_workers_lose_no_job(
    cluster: Cluster, clips_dir: Path, postgres_url: str, tmp_path: Path
) -> None:
    import boto3

    database = postgres_url.replace("postgresql+psycopg", "postgresql")
    done = subprocess.run(
        [PUSHBACK, "db", "upgrade"], env=cluster.env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    clips = _make_clips(clips_dir, tmp_path)
    first, second = cluster.web("web1"), cluster.web("web2")
    killed, stopped = cluster.worker("worker1"), cluster.worker("worker2")
    account = new_account(first, "alice")

    jobs = [
        _upload(cluster.webs[number % 2], account, clip)
        for number, clip in enumerate(clips)
    ]
    watch = Watch()
    deadline = time.monotonic() + 300

    def poll() -> None:
        _poll(cluster, account, jobs, watch)

    # SIGKILL worker 1 mid-job; a new worker takes its place.
    killed_job = _wait_for_job_on(database, killed, poll, deadline)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    cluster.worker("worker3")
    # SIGTERM worker 2 mid-job: it hands the job back and exits.
    stopped_job = _wait_for_job_on(database, stopped, poll, deadline)
    stopped.send_signal(signal.SIGTERM)
    assert stopped.wait(timeout=30) == 0
    cluster.worker("worker4")

    while time.monotonic() < deadline:
        poll()
        if all(status == "done" for status in watch.statuses.values()):
            break
        assert not {"failed", "cancelled"} & set(watch.statuses.values()), watch
        time.sleep(0.5)
    assert set(watch.statuses.values()) == {"done"}, watch.statuses
    assert set(watch.progress_seen) == {first, second}  # progress on both webs

    with psycopg.connect(database) as connection:
        attempts = dict(connection.execute("SELECT id, attempts FROM jobs").fetchall())
        engine_jobs = connection.execute(
            "SELECT (args->>'job_id')::int, status FROM procrastinate_jobs "
            "WHERE task_name = 'pushback.run_job'"
        ).fetchall()
    assert attempts[killed_job] == 2
    # SIGTERM: the worker finishes a job that ends within its stop timeout, or
    # hands it back; either way it runs to the end once (checked below).
    assert attempts[stopped_job] in (1, 2)
    assert sorted(job_id for job_id, _ in engine_jobs) == sorted(jobs)  # one each
    assert {status for _, status in engine_jobs} == {"succeeded"}

    s3 = boto3.client(
        "s3", endpoint_url=cluster.env["PUSHBACK_S3_ENDPOINT_URL"], **_AWS
    )
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    keys = sorted(item["Key"] for item in listed)
    user_id = _user_id(database)
    expected = sorted(
        f"videos/{user_id}/{job_id}.{suffix}" for job_id in jobs
        for suffix in ("mp4", "html")
    )  # fmt: skip
    assert keys == expected  # every result once, no upload left behind
    for web in (first, second):  # results served from the bucket by any web process
        report = httpx.get(
            f"{web}/videos/{jobs[0]}/report.html", cookies=account.cookies, timeout=30
        )
        assert report.status_code == 200 and b"<html" in report.content[:500].lower()

    _login_limit_holds_across_processes(first, second)


def _user_id(database: str) -> int:
    with psycopg.connect(database) as connection:
        row = connection.execute("SELECT id FROM users WHERE name = 'alice'").fetchone()
    assert row is not None
    return int(row[0])


def _login_form(web: str) -> tuple[dict[str, str], str]:
    with httpx.Client(base_url=web, timeout=30) as client:
        page = client.get("/login").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        return dict(client.cookies), token


def _login_limit_holds_across_processes(first: str, second: str) -> None:
    """Five failures spread over both processes lock the name on both."""
    cookies, token = _login_form(first)
    for attempt in range(5):
        web = (first, second)[attempt % 2]
        response = httpx.post(
            f"{web}/login",
            data={"name": "alice", "password": "wrong guess", "csrf_token": token},
            cookies=cookies,
            timeout=30,
        )
        assert response.status_code == 401, response.text
    for web in (first, second):
        locked = httpx.post(
            f"{web}/login",
            data={"name": "alice", "password": PASSWORD, "csrf_token": token},
            cookies=cookies,
            timeout=30,
        )
        assert locked.status_code == 429


def test_serve_without_worker_leaves_jobs_to_pushback_worker(
    tmp_path: Path, clips_dir: Path
) -> None:
    """The in-process queue on SQLite: ``serve --no-worker`` only queues; a
    ``pushback worker`` on the same journal runs the job and stops on SIGTERM."""
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(tmp_path / "data"),
           "PUSHBACK_DATABASE_URL": ""}  # fmt: skip
    cluster = Cluster(tmp_path, env)
    try:
        web = cluster.web("web")
        account = new_account(web, "solo")
        (clip,) = _make_clips(clips_dir, tmp_path, count=1)
        with httpx.Client(base_url=web, cookies=account.cookies, timeout=60) as client:
            sent = client.post(
                "/api/v1/videos",
                files={"video": (clip.name, clip.read_bytes(), "video/mp4")},
                headers={"X-CSRF-Token": account.csrf},
            )
            assert sent.status_code == 202, sent.text
            job_id = sent.json()["id"]
            time.sleep(3)
            assert client.get(f"/api/v1/jobs/{job_id}").json()["status"] == "queued"
            worker = cluster.worker("worker")
            deadline = time.monotonic() + 180
            while client.get(f"/api/v1/jobs/{job_id}").json()["status"] != "done":
                assert time.monotonic() < deadline, "the worker did not run the job"
                time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        cluster.stop()
