"""A real ``pushback serve`` in a subprocess, for tests that need real concurrency
(several worker processes, many requests at once), and an account on it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from pushback.web.auth import SESSION_COOKIE
from tests.integration._web_client import PASSWORD

__all__ = [
    "ASSESSMENT",
    "PASSWORD",
    "PUSHBACK",
    "Account",
    "free_port",
    "new_account",
    "running_server",
    "wait_for_health",
]

#: The installed ``pushback`` command of this environment.
PUSHBACK = str(Path(sys.executable).with_name("pushback"))
ASSESSMENT = {"max_pushups": 12, "variant": "push-up", "age": 34, "sex": "male",
              "weight_kg": 80, "equipment": ["table"], "days": 3,
              "parq": "nnnnnnn"}  # fmt: skip


@dataclass(frozen=True)
class Account:
    """A registered, assessed user: their session cookie and CSRF token."""

    cookies: dict[str, str]
    csrf: str


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: Seconds a starting server may take to answer ``/healthz``.
STARTUP_S = 180


@contextmanager
def running_server(
    folder: Path, *, database_url: str = "", workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start ``pushback serve`` on a free port with its data in ``folder``;
    yields its URL and process once ``/healthz`` answers, stops it afterwards."""
    port = free_port()
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(folder / "data"),
           "PUSHBACK_DATABASE_URL": database_url}  # fmt: skip
    log_path = folder / "server.log"
    if database_url.startswith("postgresql"):  # the release step comes first
        subprocess.run([PUSHBACK, "db", "upgrade"], env=env, check=True,
                       capture_output=True)  # fmt: skip
    log = log_path.open("wb")
    command = [PUSHBACK, "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, log_path)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def wait_for_health(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Wait until ``/healthz`` answers (``STARTUP_S`` at most; the log tells why
    not). Generous: processes importing everything on a busy 2-core host took
    over a minute; this waits for start-up, it measures nothing."""
    deadline = time.monotonic() + STARTUP_S
    while True:
        assert process.poll() is None, log_path.read_text()
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, f"no answer within {STARTUP_S} s"
            time.sleep(0.2)


def _csrf(client: httpx.Client, path: str) -> str:
    return client.get(path).text.split('"X-CSRF-Token": "')[1].split('"')[0]


def new_account(url: str, name: str) -> Account:
    """Register ``name`` through the form and take the assessment (so a plan exists)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        form = {"name": name, "password": PASSWORD, "password_confirm": PASSWORD,
                "csrf_token": _csrf(client, "/login")}  # fmt: skip
        assert client.post("/register", data=form).status_code == 303
        token = _csrf(client, "/onboarding")
        response = client.post(
            "/api/v1/assessment", json=ASSESSMENT, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 201, response.text
        return Account({SESSION_COOKIE: client.cookies[SESSION_COOKIE]}, token)
