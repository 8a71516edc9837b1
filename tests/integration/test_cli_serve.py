"""``pushback serve``: one process by default, ``--workers N`` for a shared server.

Runs the real command in a subprocess: with two workers every request of a
logged-in user is served whichever process takes it (the session cookie is
signed with the shared key, the journal is shared), and a set logged once stays
logged once.
"""

from __future__ import annotations

import gc
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pushback.web.app import app_from_environment
from pushback.web.auth import SESSION_COOKIE
from tests.integration._server import PUSHBACK, new_account, running_server


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with running_server(tmp_path, workers=2) as server:
        yield server


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def test_two_workers_serve_one_logged_in_user(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = two_workers
    deadline = time.monotonic() + 30
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_children(process.pid)) >= 2, "two worker processes"

    account = new_account(url, "shared")
    cookie, token = account.cookies[SESSION_COOKIE], account.csrf

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


def test_the_served_app_keeps_its_startup_objects_out_of_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full collection walking them stalled every request in flight (86 ms).
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(tmp_path / "data"))
    gc.unfreeze()
    try:
        app = app_from_environment()
        frozen = gc.get_freeze_count()
        assert app.title == "pushback"
        assert frozen > 10_000, frozen
    finally:
        gc.unfreeze()
