"""The training journal: storage with SQLAlchemy 2 and Alembic migrations.

The only package that imports SQLAlchemy. Open it with :func:`open_database`
(creates or upgrades the schema on first use), open one unit of work with
``db.session()`` and pass its :class:`Session` to the functions of
:mod:`pushback.journal.repository`, which take and return the plain records of
:mod:`pushback.journal.records`. ``Session`` is re-exported for type hints, so
callers never import SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from pushback.journal import limits_models
from pushback.journal.database import (
    Database,
    begin_write,
    is_writing,
    libpq_url,
    make_engine,
    make_engine_for_url,
    raw_connection,
    storage_errors,
)
from pushback.journal.migrate import ensure_current, require_current, upgrade
from pushback.settings import Settings

__all__ = [
    "Database",
    "Session",
    "begin_write",
    "is_writing",
    "libpq_url",
    "limits_models",
    "make_engine",
    "make_engine_for_url",
    "open_database",
    "open_url",
    "raw_connection",
    "storage_errors",
    "upgrade",
]


def open_database(
    settings: Settings, *, create: bool = True, shared: bool = False
) -> Database:
    """The journal of ``settings``; with ``create`` the schema is brought to head
    on first use. A ``shared`` process (a web or worker process of a deployment)
    never migrates a PostgreSQL journal behind the others' backs: it must already
    be at head (``pushback db upgrade`` is the release step), or this raises
    :class:`StorageError` naming the command. SQLite still upgrades itself."""
    url = settings.resolved_database_url()
    if not create or not shared or url.startswith("sqlite"):
        return open_url(url, create=create)
    db = open_url(url, create=False)
    try:
        with storage_errors():
            require_current(db.engine)
    except BaseException:
        db.dispose()
        raise
    return db


def open_url(url: str, *, create: bool = True) -> Database:
    """The journal at a SQLAlchemy URL; ``create`` brings the schema to head."""
    db = Database(make_engine_for_url(url))
    if create:
        with storage_errors():
            ensure_current(db.engine)
    return db
