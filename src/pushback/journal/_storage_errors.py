"""Driver errors in words a user can act on (private to :mod:`.database`, whose
``storage_errors`` uses :func:`storage_error`).

Two failures get their own sentence, naming the database (the SQLite file, or the
PostgreSQL database and server), because "check PUSHBACK_DATABASE_URL" would send
the user the wrong way:

* **full**: SQLite's ``SQLITE_FULL``, or ``SQLITE_IOERR``/``SQLITE_CANTOPEN``
  on a disk with no free block left (it could not create its ``-shm`` file);
  PostgreSQL's ``disk_full`` (SQLSTATE 53100);
* **read-only**: SQLite's ``SQLITE_READONLY``, or ``SQLITE_CANTOPEN`` when the
  file's folder is on a read-only file system or cannot be written (SQLite must
  write its ``-wal``/``-shm`` files next to the database even to read it);
  PostgreSQL's ``read_only_sql_transaction`` (SQLSTATE 25006: a read-only
  database or a standby server).

Everything else keeps the general messages. The database is known from the engine
that raised: a ``handle_error`` listener on every :class:`~sqlalchemy.Engine`
notes it on the exception.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import URL, Engine, event
from sqlalchemy.exc import DBAPIError, OperationalError

from pushback.domain.errors import StorageError

__all__ = ["storage_error"]

_WHERE = "_pushback_database"
_DISK_FULL = "53100"
_READ_ONLY = "25006"


def _describe(url: URL) -> tuple[str, Path | None]:
    """How to name the database, and its file (SQLite) or None."""
    if url.get_backend_name() == "sqlite":
        name = url.database or ":memory:"
        if name.startswith("file:"):  # a URI filename: file:PATH?mode=ro
            name = name[len("file:") :].split("?", 1)[0]
        return name, None if name == ":memory:" else Path(name)
    port = url.port or 5432
    return f"{url.database} on {url.host or 'localhost'}:{port}", None


def _note_database(context: Any) -> None:
    """``handle_error`` listener: remember which database raised."""
    if context.sqlalchemy_exception is not None and context.engine is not None:
        setattr(context.sqlalchemy_exception, _WHERE, _describe(context.engine.url))


event.listen(Engine, "handle_error", _note_database)


def _folder_read_only(file: Path) -> bool:
    folder = file.parent
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
    return read_only or not os.access(folder, os.W_OK)


def _disk_full(file: Path) -> bool:
    try:
        return os.statvfs(file.parent).f_bavail == 0
    except OSError:
        return False


def _problem(orig: BaseException | None, file: Path | None) -> str | None:
    """``full``, ``read-only`` or None for a driver exception."""
    if isinstance(orig, psycopg.Error):
        return {_DISK_FULL: "full", _READ_ONLY: "read-only"}.get(orig.sqlstate or "")
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorname", "")
    if code.startswith("SQLITE_FULL"):
        return "full"
    if code.startswith("SQLITE_READONLY"):
        return "read-only"
    if file is None or not code.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")):
        return None
    # SQLite could not open or write its files: find out why from the disk.
    if code.startswith("SQLITE_CANTOPEN") and _folder_read_only(file):
        return "read-only"
    return "full" if _disk_full(file) else None


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


def storage_error(error: DBAPIError) -> StorageError:
    """The :class:`StorageError` a user reads for a driver error."""
    where, file = getattr(error, _WHERE, ("", None))
    named = f"The journal database {where}" if where else "The journal database"
    problem = _problem(error.orig, file)
    if problem == "full":
        return StorageError(
            f"{named} is full: its disk has no room left, so nothing was saved. "
            "Free some space on that disk, then try again."
        )
    if problem == "read-only":
        return StorageError(
            f"{named} is read-only, so pushback cannot use it; nothing was saved. "
            "Make the file, its folder and the disk they are on writable, then "
            "try again."
        )
    if isinstance(error, OperationalError):
        return StorageError(
            f"The journal database could not be used: {_first_line(error)}. "
            "Check PUSHBACK_DATABASE_URL and that the server is running."
        )
    return StorageError(f"The journal refused the change: {_first_line(error)}.")
