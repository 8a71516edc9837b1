"""A burst of simultaneous requests on a real server, on SQLite and PostgreSQL.

Each request holds one session (one pooled connection) across FastAPI's thread
hops. Before requests took turns for a session (``REQUEST_SLOTS``, waiting on the
event loop), a burst larger than the pool deadlocked it: 60 simultaneous page
requests left 40 waiting for the pool's 30 s timeout, then failing. Every request
of a burst of three times that must be answered, well within the client's
timeout, and every set logged in it stored once.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx

from tests.integration._server import Account, new_account, running_server

PAGES = 120
SETS = 40
#: Well under the pool's 30 s wait, so a stalled pool fails the test.
TIMEOUT_S = 20.0


async def _burst(url: str, account: Account) -> list[tuple[str, int]]:
    limits = httpx.Limits(max_connections=PAGES + SETS)
    async with httpx.AsyncClient(
        base_url=url, cookies=account.cookies, timeout=TIMEOUT_S, limits=limits
    ) as client:

        async def page() -> tuple[str, int]:
            response = await client.get("/")
            return "page", response.status_code

        async def log_set(reps: int) -> tuple[str, int]:
            body = {"client_key": uuid.uuid4().hex, "exercise": "push-up",
                    "reps": reps, "rir": 2}  # fmt: skip
            response = await client.post(
                "/api/v1/workout/sets", json=body,
                headers={"X-CSRF-Token": account.csrf},
            )  # fmt: skip
            return "set", response.status_code

        calls = [page() for _ in range(PAGES)]
        calls += [log_set(5 + n % 8) for n in range(SETS)]
        return await asyncio.gather(*calls)


def test_a_burst_far_beyond_the_pool_is_served(
    tmp_path: Path, database_url: str
) -> None:
    with running_server(tmp_path, database_url=database_url) as (url, _process):
        account = new_account(url, "burst")
        results = asyncio.run(_burst(url, account))
        with httpx.Client(base_url=url, cookies=account.cookies, timeout=30) as client:
            stored = client.get("/api/v1/sets", params={"limit": 100}).json()["sets"]

    assert sorted(set(results)) == [("page", 200), ("set", 201)], sorted(set(results))
    assert len(results) == PAGES + SETS
    assert sorted(s["reps"] for s in stored) == sorted(5 + n % 8 for n in range(SETS))


FIRST_SETS = 50
STARTS = 5


async def _first_sets(url: str, account: Account) -> list[int]:
    """Everything that opens today's session, sent at the same moment."""
    limits = httpx.Limits(max_connections=FIRST_SETS + STARTS)
    headers = {"X-CSRF-Token": account.csrf}
    async with httpx.AsyncClient(
        base_url=url, cookies=account.cookies, timeout=TIMEOUT_S, limits=limits
    ) as client:

        async def log_set(reps: int) -> int:
            body = {"client_key": uuid.uuid4().hex, "exercise": "push-up",
                    "reps": reps, "rir": 2}  # fmt: skip
            response = await client.post(
                "/api/v1/workout/sets", json=body, headers=headers
            )
            return response.status_code

        async def start() -> int:
            response = await client.post(
                "/api/v1/sessions/start", json={}, headers=headers
            )
            return response.status_code

        calls = [log_set(n) for n in range(1, FIRST_SETS + 1)]
        calls += [start() for _ in range(STARTS)]
        return await asyncio.gather(*calls)


def test_concurrent_first_sets_of_a_day_open_one_session(
    tmp_path: Path, database_url: str
) -> None:
    """Two server processes, 50 first sets of the day and 5 session starts at
    once: one open session holds every set exactly once."""
    with running_server(tmp_path, database_url=database_url, workers=2) as (url, _):
        account = new_account(url, "racer")
        statuses = asyncio.run(_first_sets(url, account))
        with httpx.Client(base_url=url, cookies=account.cookies, timeout=30) as client:
            sessions = client.get("/api/v1/sessions").json()["sessions"]
    assert statuses == [201] * (FIRST_SETS + STARTS)
    (session,) = sessions
    assert session["ended_at"] is None
    assert sorted(s["reps"] for s in session["sets"]) == list(range(1, FIRST_SETS + 1))
