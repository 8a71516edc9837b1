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
