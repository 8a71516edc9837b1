"""The PostgreSQL engine survives connections the server dropped (a restart,
an idle timeout) without pinging on every checkout; read sessions run in
autocommit mode there and never write, on either backend."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import OperationalError

from pushback.domain.errors import NotFound, StorageError
from pushback.journal import open_url
from pushback.journal import repository as repo
from pushback.journal.database import Database, make_engine_for_url
from pushback.journal.models import User


def _pooled_backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def _terminate(postgres_url: str, pid: int) -> None:
    plain = postgres_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.mark.postgres
def test_an_idle_connection_the_server_dropped_is_replaced(postgres_url: str) -> None:
    engine = make_engine_for_url(postgres_url, idle_ping_s=0.0)
    dropped = _pooled_backend_pid(engine)
    _terminate(postgres_url, dropped)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
        now = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert now != dropped
    engine.dispose()


@pytest.mark.postgres
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


@pytest.mark.postgres
def test_a_read_on_a_pinged_connection_works(postgres_url: str) -> None:
    # The idle ping opens a transaction on the raw connection; a read then needs
    # the connection in autocommit mode, which psycopg refuses mid-transaction.
    open_url(postgres_url).dispose()  # the schema
    db = Database(make_engine_for_url(postgres_url, idle_ping_s=0.0))
    repo.ensure_user(db=db, name="pinged")
    for _ in range(3):  # each checkout is "idle" and pinged first
        assert repo.get_user(db=db, name="pinged").name == "pinged"
    db.dispose()


@pytest.mark.postgres
def test_a_read_session_holds_no_transaction_on_postgresql(postgres_url: str) -> None:
    db = Database(make_engine_for_url(postgres_url))
    with db.read() as session:
        session.execute(text("SELECT 1"))
        status = session.connection().connection.dbapi_connection.info
        assert status.transaction_status == psycopg.pq.TransactionStatus.IDLE
    db.dispose()


def test_a_read_session_refuses_to_write(database_url: str) -> None:
    db = open_url(database_url)
    repo.ensure_user(db=db, name="reader")
    with pytest.raises(StorageError, match="read-only"), db.read() as session:
        row = session.scalars(select(User).where(User.name == "reader")).one()
        row.units = "lb"
        session.flush()
    assert repo.get_user(db=db, name="reader").units == "kg"
    db.dispose()


def test_reads_in_one_request_share_a_connection_and_see_its_writes(
    database_url: str,
) -> None:
    db = open_url(database_url)
    repo.ensure_user(db=db, name="sharer")
    checkouts = []
    event.listen(db.engine, "checkout", lambda *_: checkouts.append(1))
    with db.shared_reads():
        before = repo.get_user(db=db, name="sharer")
        assert repo.list_users(db=db) == [before]
        assert len(checkouts) == 1, "the second read reused the first's connection"
        repo.update_user_settings(db=db, user_id=before.id, units="lb")
        assert repo.get_user(db=db, name="sharer").units == "lb"
        with pytest.raises(NotFound):  # a failed read leaves the session usable
            repo.get_session(db=db, user_id=before.id, session_id=10**6)
        assert repo.get_user(db=db, name="sharer").units == "lb"
    assert repo.get_user(db=db, name="sharer").units == "lb"
    db.dispose()


def test_a_shared_session_released_early_is_reopened_by_the_next_read(
    database_url: str,
) -> None:
    db = open_url(database_url)
    repo.ensure_user(db=db, name="early")
    with db.shared_reads() as release:
        with db.read() as outer:  # a read inside a read keeps the outer's objects
            row = outer.scalars(select(User).where(User.name == "early")).one()
            assert repo.get_user(db=db, name="early").id == row.id
            assert row.name == "early"
        release()
        # list_users is not remembered: it must query on a new connection.
        assert [user.name for user in repo.list_users(db=db)] == ["early"]
    db.dispose()


def test_a_request_reads_the_user_once_until_it_writes(database_url: str) -> None:
    db = open_url(database_url)
    user = repo.ensure_user(db=db, name="memo")
    selects: list[str] = []

    def count(*args: object) -> None:
        statement = str(args[2])
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    with db.shared_reads():
        assert repo.get_user(db=db, name="memo") == repo.ensure_user(db=db, name="memo")
        assert repo.latest_profile(db=db, user_id=user.id) is None
        assert repo.latest_profile(db=db, user_id=user.id) is None
        assert len(selects) == 2, "one query for the user, one for the profile"
        repo.update_user_settings(db=db, user_id=user.id, units="lb")
        selects.clear()
        assert repo.get_user(db=db, name="memo").units == "lb"
        assert len(selects) == 1, "the write made the next read query again"
    repo.update_user_settings(db=db, user_id=user.id, units="kg")
    with db.shared_reads():  # the next request does not see the last one's values
        assert repo.get_user(db=db, name="memo").units == "kg"
    selects.clear()
    repo.get_user(db=db, name="memo")
    repo.get_user(db=db, name="memo")
    assert len(selects) == 2, "outside a request every read queries"
    db.dispose()
