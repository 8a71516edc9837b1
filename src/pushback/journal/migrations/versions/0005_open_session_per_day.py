"""One open training session per user and day: ``training_sessions.open_on``.

A session's ``open_on`` is the user's local date while it is open and NULL once it
is finished; a unique (user_id, open_on) constraint then allows one open session
a day on both backends (NULLs never collide). Before it, two first sets of a day
sent at once could open two sessions: open sessions of the same user and day are
merged into the earliest one here (its sets follow in the order they were logged),
so nothing logged is lost.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SESSIONS = sa.table(
    "training_sessions",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("ended_at", sa.DateTime(timezone=True)),
    sa.column("open_on", sa.Date),
)
_SETS = sa.table(
    "training_sets",
    sa.column("id", sa.Integer),
    sa.column("session_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("logged_at", sa.DateTime(timezone=True)),
)
_USERS = sa.table(
    "users", sa.column("id", sa.Integer), sa.column("time_zone", sa.String)
)


def _local_day(moment: datetime, time_zone: str) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return aware.astimezone(zone).date()


def _merge(connection: sa.Connection, keeper: int, others: list[int]) -> None:
    """Move the sets of ``others`` after those of ``keeper``, then drop them."""
    rows = connection.execute(
        sa.select(_SETS.c.id, _SETS.c.session_id, _SETS.c.position)
        .where(_SETS.c.session_id.in_([keeper, *others]))
        .order_by(_SETS.c.logged_at, _SETS.c.session_id, _SETS.c.position)
    ).all()
    # Positions are unique per session: park them out of the way, then renumber.
    for index, row in enumerate(rows):
        connection.execute(
            sa.update(_SETS)
            .where(_SETS.c.id == row.id)
            .values(session_id=keeper, position=-1 - index)
        )
    for index, row in enumerate(rows):
        connection.execute(
            sa.update(_SETS).where(_SETS.c.id == row.id).values(position=index)
        )
    connection.execute(sa.delete(_SESSIONS).where(_SESSIONS.c.id.in_(others)))


def upgrade() -> None:
    op.add_column("training_sessions", sa.Column("open_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    zones = dict(connection.execute(sa.select(_USERS.c.id, _USERS.c.time_zone)).all())
    groups: dict[tuple[int, date], list[tuple[datetime, int]]] = defaultdict(list)
    for row in connection.execute(
        sa.select(_SESSIONS.c.id, _SESSIONS.c.user_id, _SESSIONS.c.started_at).where(
            _SESSIONS.c.ended_at.is_(None)
        )
    ):
        day = _local_day(row.started_at, zones.get(row.user_id, "UTC"))
        groups[(row.user_id, day)].append((row.started_at, row.id))
    for day_key, sessions in groups.items():
        ordered = [session_id for _, session_id in sorted(sessions)]
        keeper = ordered[0]
        if len(ordered) > 1:
            _merge(connection, keeper, ordered[1:])
        connection.execute(
            sa.update(_SESSIONS)
            .where(_SESSIONS.c.id == keeper)
            .values(open_on=day_key[1])
        )
    # A unique index, not a constraint: SQLite adds it without rebuilding the
    # table (a rebuild drops the old table, which cascades to the sets).
    op.create_index(
        "uq_training_sessions_user_id_open_on",
        "training_sessions",
        ["user_id", "open_on"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_training_sessions_user_id_open_on", "training_sessions")
    op.drop_column("training_sessions", "open_on")  # native on SQLite >= 3.35
