"""Crashes and concurrency with real subprocesses on SQLite and PostgreSQL.

* A process killed with SIGKILL while logging loses no set it had confirmed and
  leaves no whole-session write half done.
* Two processes logging at the same time lose nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from pushback.journal import open_url
from pushback.journal import repository as repo
from tests._units import run

_LOGGER = textwrap.dedent(
    """
    import sys, uuid
    from datetime import UTC, datetime
    from pushback.journal import open_url, repository as repo
    from pushback.journal.records import SessionEntry, SetEntry
    from tests._units import run

    url, user_name, mode = sys.argv[1:4]
    count = int(sys.argv[4])
    db = open_url(url)
    user = run(db, repo.ensure_user, name=user_name)

    def a_set(reps):
        return SetEntry(logged_at=datetime.now(UTC), slug="push-up", reps=reps, rir=2)

    if mode == "sets":
        opened = run(db, repo.start_session, user_id=user.id, entry=SessionEntry(
            uuid=str(uuid.uuid4()), started_at=datetime.now(UTC)),
            day=datetime.now(UTC).date())
        for n in range(count):
            run(db, repo.add_set, user_id=user.id, session_id=opened.id, entry=a_set(n))
            print(f"confirmed {n}", flush=True)
    else:
        for n in range(count):
            now = datetime.now(UTC)
            sets = tuple(a_set(r) for r in range(3))
            entry = SessionEntry(
                uuid=str(uuid.uuid4()), started_at=now, ended_at=now, sets=sets
            )
            run(db, repo.log_session, user_id=user.id, entry=entry)
            print(f"confirmed {n}", flush=True)
    print("done", flush=True)
    """
)


def _start(url: str, user: str, mode: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _LOGGER, url, user, mode, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def _kill_after(process: subprocess.Popen[str], confirmations: int) -> list[int]:
    confirmed: list[int] = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("confirmed"):
            confirmed.append(int(line.split()[1]))
        if len(confirmed) == confirmations:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, (
        process.stderr.read() if process.stderr else ""
    )
    return confirmed


def test_a_killed_interactive_log_keeps_every_confirmed_set(database_url: str) -> None:
    process = _start(database_url, "local", "sets", 100_000)
    confirmed = _kill_after(process, 25)
    db = open_url(database_url)
    user = run(db, repo.get_user, name="local")
    opened = run(db, repo.open_session, user_id=user.id)
    assert opened is not None
    stored = [s.reps for s in opened.sets]
    assert stored[: len(confirmed)] == confirmed  # nothing confirmed is lost
    assert len(stored) <= len(confirmed) + 1  # at most the set being written
    db.dispose()


def test_a_killed_session_write_is_all_or_nothing(database_url: str) -> None:
    process = _start(database_url, "local", "sessions", 100_000)
    confirmed = _kill_after(process, 10)
    db = open_url(database_url)
    user = run(db, repo.get_user, name="local")
    sessions = run(db, repo.list_sessions, user_id=user.id)
    assert len(confirmed) <= len(sessions) <= len(confirmed) + 1
    assert all([s.reps for s in session.sets] == [0, 1, 2] for session in sessions)
    db.dispose()


def test_two_processes_logging_at_once_lose_nothing(database_url: str) -> None:
    open_url(database_url).dispose()  # schema first, so both start logging at once
    count = 40
    processes = [
        _start(database_url, name, "sessions", count) for name in ("ann", "bea")
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    db = open_url(database_url)
    for name in ("ann", "bea"):
        sessions = run(
            db, repo.list_sessions, user_id=run(db, repo.get_user, name=name).id
        )
        assert len(sessions) == count
        assert sum(len(s.sets) for s in sessions) == 3 * count
    db.dispose()


def test_two_processes_creating_a_fresh_database_at_once_both_succeed(
    database_url: str,
) -> None:
    processes = [_start(database_url, name, "sessions", 1) for name in ("ann", "bea")]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    db = open_url(database_url)
    assert [u.name for u in run(db, repo.list_users)] == ["ann", "bea"]
    db.dispose()
