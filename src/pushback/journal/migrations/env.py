"""Alembic environment of the journal, run programmatically by ``journal.migrate``.

The caller hands over an open connection in ``config.attributes["connection"]``
(already inside a transaction holding the migration lock), so no ``alembic.ini``
and no URL are needed here.
"""

from __future__ import annotations

from alembic import context

from pushback.journal.migrate import target_metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a bare `alembic` call
    raise RuntimeError(
        "run journal migrations through pushback.journal.migrate.upgrade()"
    )

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
