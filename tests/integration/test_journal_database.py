"""The PostgreSQL engine survives connections the server dropped (a restart,
an idle timeout) without pinging on every checkout."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from pushback.journal.database import make_engine_for_url

pytestmark = pytest.mark.postgres


def _pooled_backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def _terminate(postgres_url: str, pid: int) -> None:
    plain = postgres_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_an_idle_connection_the_server_dropped_is_replaced(postgres_url: str) -> None:
    engine = make_engine_for_url(postgres_url, idle_ping_s=0.0)
    dropped = _pooled_backend_pid(engine)
    _terminate(postgres_url, dropped)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
        now = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert now != dropped
    engine.dispose()


def test_a_recently_used_connection_is_not_pinged(postgres_url: str) -> None:
    # The other side of the trade-off: within idle_ping_s the pool trusts the
    # connection, so a drop shows as one failed statement (the pool is then reset).
    engine = make_engine_for_url(postgres_url, idle_ping_s=3600.0)
    _terminate(postgres_url, _pooled_backend_pid(engine))
    with pytest.raises(OperationalError), engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    engine.dispose()
