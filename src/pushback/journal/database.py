"""Engines and transactions for the journal.

``make_engine(settings)`` builds the engine for ``settings.resolved_database_url()``:

* **SQLite** (the default, a file in the data dir): WAL journal so readers never
  block the writer, ``foreign_keys=ON``, ``synchronous=FULL`` so a confirmed
  commit survives a crash, and a 30 s ``busy_timeout`` so two processes logging
  at once wait for each other instead of failing. Write transactions start with
  ``BEGIN IMMEDIATE``: a deferred transaction that later upgrades to a write
  lock can fail with "database is locked" whatever the timeout.
* **PostgreSQL** via psycopg 3; a pooled connection idle for more than
  ``IDLE_PING_S`` is pinged before use.

:meth:`Database.session` is one unit of work (a web request, a CLI command, one
step of a job worker): repository functions take that session, a use case
commits once, and what is not committed is rolled back when the unit ends.
Driver errors become :class:`StorageError`, so front ends show one clear line.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session

from pushback.domain.errors import CoachError, StorageError
from pushback.domain.phrases import msg
from pushback.journal._storage_errors import storage_error
from pushback.settings import Settings

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IDLE_PING_S",
    "POOL_OVERFLOW",
    "POOL_SIZE",
    "REQUEST_SLOTS",
    "Database",
    "begin_write",
    "is_writing",
    "libpq_url",
    "make_engine",
    "make_engine_for_url",
    "raw_connection",
    "storage_errors",
]

#: How long an SQLite writer waits for another process's lock before failing.
BUSY_TIMEOUT_MS = 30_000
#: A pooled PostgreSQL connection idle longer than this is checked before use (s).
IDLE_PING_S = 10.0
#: Web requests one server process lets use the database at once; the others
#: wait on the event loop, holding nothing. Each request holds one session (one
#: connection), so the pool below always has a connection for it, with room for
#: the job worker (two) and uploads (which authenticate outside the slots).
REQUEST_SLOTS = 14
#: Connections a process keeps open (``POOL_SIZE``) and may open beyond those
#: (``POOL_OVERFLOW``).
POOL_SIZE = 10
POOL_OVERFLOW = 10
_WRITE_OPTION = "pushback_write"


def make_engine(settings: Settings) -> Engine:
    """Build the journal engine for ``settings`` (no connection is opened yet)."""
    return make_engine_for_url(settings.resolved_database_url())


def make_engine_for_url(url: str, *, idle_ping_s: float = IDLE_PING_S) -> Engine:
    """Build the journal engine for a SQLAlchemy URL (SQLite or PostgreSQL).

    On PostgreSQL a pooled connection that sat idle for more than ``idle_ping_s``
    seconds is pinged before use and replaced if the server dropped it.
    Raises :class:`StorageError` for any other backend.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(url, idle_ping_s)
    raise StorageError(
        msg(
            "Unsupported journal database %(value)s: use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/NAME.",
            value=repr(parsed.get_backend_name()),
        )
    )


def _postgresql_engine(url: str, idle_ping_s: float) -> Engine:
    # SQLAlchemy's pool_pre_ping pings on every checkout: a page opens 10-15 short
    # sessions, and those round trips doubled the dashboard's p95 under load
    # (bench web). A connection in steady use is alive; only an idle one may have
    # been dropped by a server restart, so only an idle one is pinged.
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)

    def stamp_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_s = time.monotonic() - record.info.get("checked_in_at", 0.0)
        if idle_s <= idle_ping_s:
            return
        try:
            dbapi_connection.execute("SELECT 1")
            # End the ping's implicit transaction: a read then switches the
            # connection to autocommit, which psycopg refuses mid-transaction.
            dbapi_connection.rollback()
        except psycopg.Error as error:
            # The pool discards this connection and checks out a fresh one.
            raise DisconnectionError(str(error)) from error

    event.listen(engine, "checkin", stamp_checkin)
    event.listen(engine, "checkout", ping_if_idle)
    return engine


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    pool: dict[str, int] = {}
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # A file database gets the same pool as PostgreSQL (an in-memory one
        # keeps SQLAlchemy's one connection per thread).
        pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the file.

    Switching a fresh file to WAL needs an exclusive lock, and SQLite answers
    "database is locked" at once, without its busy handler, when another process
    is creating the same journal: two first commands at the same moment hit it.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _begin_sqlite_transaction(connection: Any) -> None:
    writing = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@dataclass(frozen=True)
class Database:
    """The journal's engine; :meth:`session` opens one unit of work on it."""

    engine: Engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: a web request or a CLI command.

        The session never commits on its own: a use case calls ``commit()`` once
        its changes are complete, and whatever was not committed when the block
        ends is rolled back. It starts as a reader; a use case that writes calls
        :func:`begin_write` before its first read (``write=True`` does that at
        once). A flush in a reader raises :class:`StorageError`, so a forgotten
        :func:`begin_write` fails loudly on both backends instead of racing.
        """
        with storage_errors():
            session = Session(self.engine, expire_on_commit=False)
            session.info[_DATABASE] = self
            session.info[_WRITING] = False
        try:
            if write:
                begin_write(session)
            with storage_errors():
                yield session
        finally:
            with storage_errors():
                session.close()

    @cached_property
    def _write_bind(self) -> Engine:
        return self.engine.execution_options(**{_WRITE_OPTION: True})

    def dispose(self) -> None:
        """Close every pooled connection (end of a CLI run or a test)."""
        self.engine.dispose()


def begin_write(session: Session) -> None:
    """Make the session's transactions write transactions from here on.

    On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` (it waits for
    the write lock up front): a read transaction that later writes can fail with
    "database is locked" whatever the timeout, because its snapshot is older
    than another writer's commit. So an open read transaction is ended first,
    and the use case reads again inside the write transaction (what it decides
    is then based on current data). On PostgreSQL a transaction may write at
    any time; nothing changes but the flag.
    """
    if session.info.get(_WRITING):
        return
    database: Database = session.info[_DATABASE]
    if database.dialect == "sqlite":
        if session.in_transaction():
            with storage_errors():
                session.rollback()
        session.bind = database._write_bind
    session.info[_WRITING] = True


def is_writing(session: Session) -> bool:
    """True once :func:`begin_write` was called on ``session``."""
    return bool(session.info.get(_WRITING))


_DATABASE = "pushback_database"
_WRITING = "pushback_writing"


def _refuse_reader_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not session.info.get(_WRITING, True):
        raise StorageError(
            msg(
                "Internal error: a change was made without begin_write(); nothing "
                "was saved."
            )
        )


event.listen(Session, "before_flush", _refuse_reader_flush)


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn driver errors raised in the block into :class:`StorageError`; a full
    disk and a read-only database say so, naming the database (``_storage_errors``).
    """
    try:
        yield
    except CoachError:
        raise
    except DBAPIError as error:
        raise storage_error(error) from error


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg and libpq take it
    (``postgresql://...``, without the ``+psycopg`` driver part)."""
    return (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def raw_connection(session: Session) -> Any:
    """The psycopg connection under the session's current transaction (for a
    library that writes in the same transaction, such as the job engine)."""
    with storage_errors():
        return session.connection().connection.driver_connection
