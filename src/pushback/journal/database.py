"""Engines and transactions for the journal.

``make_engine(settings)`` builds the engine for ``settings.resolved_database_url()``:

* **SQLite** (the default, a file in the data dir): WAL journal so readers never
  block the writer, ``foreign_keys=ON``, ``synchronous=FULL`` so a confirmed
  commit survives a crash, and a 30 s ``busy_timeout`` so two processes logging
  at once wait for each other instead of failing. Write transactions start with
  ``BEGIN IMMEDIATE``: a deferred transaction that later upgrades to a write
  lock can fail with "database is locked" whatever the timeout.
* **PostgreSQL** via psycopg 3; a pooled connection idle for more than
  ``IDLE_PING_S`` is pinged before use. Reads run in autocommit mode (see
  :meth:`Database.read`).

:class:`Database` hands out sessions: ``db.write()`` is one transaction that
commits on success and rolls back on any error; ``db.read()`` never commits.
Driver errors become :class:`StorageError`, so front ends show one clear line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from pushback.domain.errors import CoachError, StorageError
from pushback.settings import Settings

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IDLE_PING_S",
    "POOL_OVERFLOW",
    "POOL_SIZE",
    "REQUEST_SLOTS",
    "Database",
    "make_engine",
    "make_engine_for_url",
    "storage_errors",
]

#: How long an SQLite writer waits for another process's lock before failing.
BUSY_TIMEOUT_MS = 30_000
#: A pooled PostgreSQL connection idle longer than this is checked before use (s).
IDLE_PING_S = 10.0
#: Web requests one server process works on at once; the others wait their turn
#: (``SharedReadsMiddleware``). Each holds at most two connections (its shared
#: read session and a write), so the pool below always has one for it.
REQUEST_SLOTS = 8
#: Connections a process keeps open (``POOL_SIZE``) and may open beyond those
#: (``POOL_OVERFLOW``): two per request slot plus the job worker's, with room to
#: spare for uploads (they run outside the slots).
POOL_SIZE = 10
POOL_OVERFLOW = 10
_WRITE_OPTION = "pushback_write"
_T = TypeVar("_T")


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
        f"Unsupported journal database {parsed.get_backend_name()!r}: "
        "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/NAME."
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
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _begin_sqlite_transaction(connection: Any) -> None:
    writing = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@dataclass(frozen=True)
class Database:
    """The journal's engine plus the two ways to use it: read or write."""

    engine: Engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commit when the block ends, roll back on error.

        Inside :meth:`shared_reads` the shared read session's transaction ends
        first: its SQLite read lock must not stand in this write's way (were WAL
        unavailable), and the reads that follow must see what was written.
        """
        shared = _SHARED.get()
        if shared is None or shared.db is not self:
            shared = None
        elif shared.session is not None:
            with storage_errors():
                shared.session.rollback()
        try:
            with (
                storage_errors(),
                Session(self._write_bind, expire_on_commit=False) as session,
            ):
                with session.begin():
                    yield session
        finally:
            if shared is not None:
                # What was remembered, or read while the write was open, is old.
                shared.remembered.clear()

    def remember(self, key: Hashable, load: Callable[[], _T]) -> _T:
        """``load()``, kept for the rest of this :meth:`shared_reads` block (one web
        request) under ``key``, until a :meth:`write` in the block. Outside a
        block, just ``load()``.

        For small, immutable results that several services of one request read
        (the user, the newest profile): each is a database round trip
        (``bench web``). ``key`` names the query and its arguments.
        """
        shared = _SHARED.get()
        if shared is None or shared.db is not self:
            return load()
        if key not in shared.remembered:
            shared.remembered[key] = load()
        value: _T = shared.remembered[key]
        return value

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: it never commits, and a flush (an ORM change)
        in it raises :class:`StorageError`.

        On PostgreSQL it runs in autocommit mode: READ COMMITTED gives each
        statement its own snapshot whether or not a transaction is open, so the
        BEGIN and ROLLBACK round trips around every read bought nothing (they were
        64 of a dashboard request's 81 round trips, counted with a profiler).
        """
        shared = _SHARED.get()
        if shared is not None and shared.db is self:
            with storage_errors(), shared.use() as session:
                yield session
            return
        with storage_errors(), self._new_read_session() as session:
            yield session

    def _new_read_session(self) -> _ReadSession:
        return _ReadSession(self._read_bind, expire_on_commit=False)

    @contextmanager
    def shared_reads(self) -> Iterator[Callable[[], None]]:
        """Let every :meth:`read` in the block (one web request) use one session and
        connection instead of opening its own.

        Opening and closing a session is about 40% of a one-query read's CPU, and
        a page makes ten such reads. The reads see one snapshot on SQLite (one
        statement at a time on PostgreSQL) until a :meth:`write` in the block ends
        it. Objects are detached when each read ends, so none outlives its read.
        Nested calls join the outer block. Yields ``release``, which gives the
        connection back early (a later read takes a new one).
        """
        if _SHARED.get() is not None:
            yield lambda: None
            return
        shared = _SharedReads(self)
        token = _SHARED.set(shared)
        try:
            yield shared.release
        finally:
            _SHARED.reset(token)
            shared.release()

    @cached_property
    def _write_bind(self) -> Engine:
        return self.engine.execution_options(**{_WRITE_OPTION: True})

    @cached_property
    def _read_bind(self) -> Engine:
        if self.engine.dialect.name == "postgresql":
            return self.engine.execution_options(isolation_level="AUTOCOMMIT")
        return self.engine

    def dispose(self) -> None:
        """Close every pooled connection (end of a CLI run or a test)."""
        self.engine.dispose()


class _ReadSession(Session):
    """The session :meth:`Database.read` hands out (it refuses to flush)."""


@dataclass
class _SharedReads:
    """The read session of a :meth:`Database.shared_reads` block (made on first use)."""

    db: Database
    session: _ReadSession | None = None
    depth: int = 0
    remembered: dict[Hashable, Any] = field(default_factory=dict)

    @contextmanager
    def use(self) -> Iterator[Session]:
        if self.session is None:
            self.session = self.db._new_read_session()
        session = self.session
        self.depth += 1
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            self.depth -= 1
            if self.depth == 0:
                session.expunge_all()

    def release(self) -> None:
        """Close the session (if open and not in use) and return its connection."""
        if self.session is not None and self.depth == 0:
            session, self.session = self.session, None
            with storage_errors():
                session.close()


_SHARED: ContextVar[_SharedReads | None] = ContextVar(
    "pushback_shared_reads", default=None
)


def _refuse_flush(_session: Session, _context: Any, _instances: Any) -> None:
    raise StorageError(
        "Internal error: a read-only journal session tried to write; nothing was saved."
    )


event.listen(_ReadSession, "before_flush", _refuse_flush)


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn driver errors raised in the block into :class:`StorageError`."""
    try:
        yield
    except CoachError:
        raise
    except OperationalError as error:
        raise StorageError(
            f"The journal database could not be used: {_first_line(error)}. "
            "Check PUSHBACK_DATABASE_URL and that the server is running."
        ) from error
    except DBAPIError as error:
        raise StorageError(
            f"The journal refused the change: {_first_line(error)}."
        ) from error


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)
