"""Alembic migrations, run from code: no ``alembic.ini`` on the user's machine.

The scripts live in ``journal/migrations/versions`` inside the package.
:func:`upgrade` runs them inside one transaction that first takes a lock
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so two
processes starting on a fresh database at once cannot both create the tables:
the second waits, sees the schema current and does nothing. Both backends run
DDL transactionally, so a failed upgrade leaves the previous schema intact.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, text

from pushback.domain.errors import StorageError
from pushback.domain.phrases import msg
from pushback.journal._base import Base

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revision",
    "ensure_current",
    "head_revision",
    "require_current",
    "revisions",
    "target_metadata",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: Every module defining journal tables; migrations must cover all of them.
MODEL_MODULES: tuple[str, ...] = (
    "pushback.journal.models",
    "pushback.journal.web_models",
    "pushback.journal.jobs_models",
)
#: Arbitrary constant naming the PostgreSQL advisory lock held while migrating.
_PG_LOCK_KEY = 0x70757368  # "push"


def target_metadata() -> MetaData:
    """The metadata of every journal table: the modules of :data:`MODEL_MODULES`
    and any other ``pushback.journal.*models`` module, so none is forgotten."""
    found = (
        f"pushback.journal.{module.name}"
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if module.name.endswith("models")
    )
    for name in dict.fromkeys((*MODEL_MODULES, *found)):
        importlib.import_module(name)
    return Base.metadata


def alembic_config(connection: Connection | None = None) -> Config:
    """An in-memory Alembic config pointing at the shipped scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The newest revision id the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the journal ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade the database to ``revision`` under a lock; returns the new revision."""
    locked = engine.execution_options(pushback_write=True)
    with locked.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
            )
        command.upgrade(alembic_config(connection), revision)
        return MigrationContext.configure(connection).get_current_revision()


def ensure_current(engine: Engine) -> None:
    """Create or upgrade the schema when it is behind the code (first use).

    Raises :class:`StorageError` when the database was made by a newer pushback.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is not None and current not in revisions():
        raise _unknown_revision(current, head)
    upgrade(engine)


def _unknown_revision(current: str, head: str) -> StorageError:
    return StorageError(
        msg(
            "The journal database is at revision %(current)s, which this "
            "version of pushback does not know (newest known: %(head)s). "
            "Upgrade pushback.",
            current=repr(current),
            head=repr(head),
        )
    )


def require_current(engine: Engine) -> None:
    """Refuse a database whose schema is not the code's (PostgreSQL: the schema
    changes only in the release step, ``pushback db upgrade``).

    Raises :class:`StorageError` naming both revisions and what to run.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is not None and current not in revisions():
        raise _unknown_revision(current, head)
    raise StorageError(
        msg(
            "The journal database is at revision %(value)s, behind this pushback "
            "(%(head)s). On PostgreSQL the schema changes only in the release "
            "step: run `pushback db upgrade` once, then start the web and worker "
            "processes.",
            value=current or "none (empty)",
            head=head,
        )
    )
