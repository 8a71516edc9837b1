"""``pushback serve``: one process by default, ``--workers N`` for a shared server.

Runs the real command in a subprocess: with two workers every request of a
logged-in user is served whichever process takes it (the session cookie is
signed with the shared key, the journal is shared), and a set logged once stays
logged once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pushback.web.auth import SESSION_COOKIE
from tests.integration._web_client import PASSWORD

#: The installed ``pushback`` command of this environment.
PUSHBACK = str(Path(sys.executable).with_name("pushback"))
ASSESSMENT = {"max_pushups": 12, "variant": "push-up", "age": 34, "sex": "male",
              "weight_kg": 80, "equipment": ["table"], "days": 3,
              "parq": "nnnnnnn"}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(tmp_path / "data"),
           "PUSHBACK_DATABASE_URL": ""}  # fmt: skip
    log = (tmp_path / "server.log").open("wb")
    command = [PUSHBACK, "serve", "--port", str(port),
               "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "no answer within 60 s"
                time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _csrf(client: httpx.Client, path: str) -> str:
    return client.get(path).text.split('"X-CSRF-Token": "')[1].split('"')[0]


def test_two_workers_serve_one_logged_in_user(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = two_workers
    deadline = time.monotonic() + 30
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_children(process.pid)) >= 2, "two worker processes"

    with httpx.Client(base_url=url, timeout=30) as client:
        form = {"name": "shared", "password": PASSWORD, "password_confirm": PASSWORD,
                "csrf_token": _csrf(client, "/login")}  # fmt: skip
        assert client.post("/register", data=form).status_code == 303
        token = _csrf(client, "/onboarding")
        response = client.post(
            "/api/v1/assessment", json=ASSESSMENT, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 201, response.text
        cookie = client.cookies[SESSION_COOKIE]

    key = uuid.uuid4().hex
    body = {"client_key": key, "exercise": "push-up", "reps": 8, "rir": 2}
    statuses = []
    for _ in range(12):
        # A new connection each time, so the kernel spreads them over the workers.
        with httpx.Client(
            base_url=url, cookies={SESSION_COOKIE: cookie}, timeout=30
        ) as fresh:
            statuses.append(fresh.get("/", follow_redirects=False).status_code)
            statuses.append(
                fresh.post(
                    "/api/v1/workout/sets", json=body, headers={"X-CSRF-Token": token}
                ).status_code
            )
            sets = fresh.get("/api/v1/sets").json()["sets"]
    assert set(statuses) <= {200, 201}, statuses
    assert [s["reps"] for s in sets] == [8], "the set is stored once"


def test_reload_with_several_workers_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [PUSHBACK, "serve", "--reload", "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "workers" in result.stderr and "--reload" in result.stderr
