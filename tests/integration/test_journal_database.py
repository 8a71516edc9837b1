"""The PostgreSQL engine survives connections the server dropped (a restart,
an idle timeout) without pinging on every checkout; a unit of work is one
session: it reads until ``begin_write``, then writes in one transaction, and
keeps nothing it did not commit."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import OperationalError

from pushback.domain.errors import NotFound, StorageError
from pushback.journal import open_url
from pushback.journal import repository as repo
from pushback.journal.database import Database, begin_write, make_engine_for_url
from pushback.journal.models import User
from pushback.services.training.journal import resolve_user
from pushback.services.unit import Journal, Work
from pushback.settings import Settings
from tests._units import in_unit, read, run


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
    run(db, repo.ensure_user, name="pinged")
    for _ in range(3):  # each checkout is "idle" and pinged first
        assert run(db, repo.get_user, name="pinged").name == "pinged"
    db.dispose()


def test_a_reading_unit_refuses_to_write(database_url: str) -> None:
    db = open_url(database_url)
    run(db, repo.ensure_user, name="reader")
    with pytest.raises(StorageError, match="begin_write"), db.session() as session:
        row = session.scalars(select(User).where(User.name == "reader")).one()
        row.units = "lb"
        session.flush()
    assert read(db, repo.get_user, name="reader").units == "kg"
    db.dispose()


def test_what_a_unit_did_not_commit_is_rolled_back(database_url: str) -> None:
    db = open_url(database_url)
    user = run(db, repo.ensure_user, name="undone")
    with db.session(write=True) as session:
        repo.update_user_settings(session, user_id=user.id, units="lb")
        assert repo.get_user(session, name="undone").units == "lb"  # seen inside
    assert read(db, repo.get_user, name="undone").units == "kg"  # never committed
    db.dispose()


def test_a_unit_uses_one_connection_for_all_its_reads_and_writes(
    database_url: str,
) -> None:
    db = open_url(database_url)
    run(db, repo.ensure_user, name="sharer")
    checkouts = []
    event.listen(db.engine, "checkout", lambda *_: checkouts.append(1))
    with db.session(write=True) as session:
        before = repo.get_user(session, name="sharer")
        assert repo.list_users(session) == [before]
        repo.update_user_settings(session, user_id=before.id, units="lb")
        with pytest.raises(NotFound):  # a failed read leaves the unit usable
            repo.get_session(session, user_id=before.id, session_id=10**6)
        assert repo.get_user(session, name="sharer").units == "lb"
        session.commit()
    assert len(checkouts) == 1
    assert read(db, repo.get_user, name="sharer").units == "lb"
    db.dispose()


def test_begin_write_on_sqlite_starts_again_with_the_write_lock(
    tmp_path: object,
) -> None:
    """A read transaction that later writes can fail with "database is locked"
    whatever the timeout; begin_write ends the read first, then the next
    statement starts with BEGIN IMMEDIATE."""
    db = open_url(f"sqlite:///{tmp_path}/j.sqlite3")
    run(db, repo.ensure_user, name="writer")
    begins: list[str] = []
    event.listen(
        db.engine,
        "before_cursor_execute",
        lambda *args: begins.append(str(args[2])) if "BEGIN" in str(args[2]) else None,
    )
    with db.session() as session:
        repo.get_user(session, name="writer")
        begin_write(session)
        repo.get_user(session, name="writer")
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
    db.dispose()


def test_run_repeats_a_step_that_must_write_inside_a_write_transaction(
    database_url: str, tmp_path: Path
) -> None:
    journal = Journal(Settings(data_dir=tmp_path), open_url(database_url))
    user = in_unit(journal, lambda work: resolve_user(work, "runner"))
    tries: list[bool] = []

    def step(work: Work) -> str:
        tries.append(work.writing)
        if read_units(work) == "kg":
            work.require_write()
            repo.update_user_settings(work.session, user_id=user.id, units="lb")
        return read_units(work)

    def read_units(work: Work) -> str:
        return repo.get_user(work.session, name="runner").units

    with journal.work() as work:
        assert work.run(lambda: step(work)) == "lb"
    assert tries == [False, True]
    with journal.work() as work:  # committed; a second run only reads
        assert work.run(lambda: step(work)) == "lb"
    assert tries == [False, True, False]
    journal.close()
