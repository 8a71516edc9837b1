"""Logged training sessions and sets.

``log_session`` writes a whole session with its sets in one transaction (files,
imports, the web form). The interactive CLI instead commits each set as it is
confirmed: ``start_session``, then ``add_set`` per set, then ``finish_session``;
a crash in between keeps every confirmed set and leaves the session open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.journal.models import (
    ScheduledSession,
    TrainingSession,
    TrainingSet,
    User,
)
from pushback.journal.records import SessionEntry, SetAnalysis, SetEntry, check_text
from pushback.journal.repository._convert import (
    session_entry,
    session_row,
    set_entry,
    set_row_values,
)

__all__ = [
    "add_set",
    "add_sets",
    "append_set",
    "delete_session",
    "delete_set",
    "existing_session_uuids",
    "finish_session",
    "get_session",
    "get_set",
    "last_session_start",
    "list_sessions",
    "local_day",
    "log_session",
    "log_sessions",
    "open_session",
    "open_session_on",
    "record_set_analysis",
    "replace_set",
    "session_starts",
    "start_session",
]


def _session_row(session: Session, user_id: int, session_id: int) -> TrainingSession:
    row = session.get(TrainingSession, session_id, with_for_update=True)
    if row is None or row.user_id != user_id:
        raise NotFound(
            msg(
                "No logged session %(session_id)s for this user.", session_id=session_id
            ),
            field="session",
        )
    return row


def _new_session_row(
    session: Session, user_id: int, entry: SessionEntry
) -> TrainingSession:
    _check_new(session, user_id, entry)
    row = session_row(entry, user_id, entry.scheduled_session_id)
    if entry.ended_at is None:
        row.open_on = local_day(session, user_id, entry.started_at)
    session.add(row)
    session.flush()
    return row


def _check_new(session: Session, user_id: int, entry: SessionEntry) -> None:
    taken = session.scalar(
        select(TrainingSession.id).where(TrainingSession.uuid == entry.uuid)
    )
    if taken is not None:
        raise Conflict(
            msg(
                "A session with id %(uuid)s is already in the journal.", uuid=entry.uuid
            )
        )
    _scheduled_row(session, user_id, entry.scheduled_session_id)


def local_day(session: Session, user_id: int, moment: datetime) -> date:
    """The calendar date of ``moment`` in the user's time zone."""
    zone = session.scalar(select(User.time_zone).where(User.id == user_id)) or "UTC"
    return moment.astimezone(ZoneInfo(zone)).date()


def _scheduled_row(
    session: Session, user_id: int, scheduled_session_id: int | None
) -> ScheduledSession | None:
    if scheduled_session_id is None:
        return None
    row = session.get(ScheduledSession, scheduled_session_id)
    if row is None or row.user_id != user_id:
        raise NotFound(
            msg(
                "No scheduled session %(scheduled_session_id)s for this user.",
                scheduled_session_id=scheduled_session_id,
            ),
            field="session",
        )
    return row


def _mark_done(
    session: Session, user_id: int, scheduled_session_id: int | None
) -> None:
    row = _scheduled_row(session, user_id, scheduled_session_id)
    if row is not None:
        row.status = "done"


def _insert_session(
    session: Session, user_id: int, entry: SessionEntry
) -> SessionEntry:
    row = _new_session_row(session, user_id, entry)
    stored: tuple[SetEntry, ...] = ()
    if entry.sets:
        # One executemany (insertmanyvalues) instead of an ORM object per set.
        values = [
            {"session_id": row.id, "position": index, **set_row_values(item)}
            for index, item in enumerate(entry.sets)
        ]
        statement = insert(TrainingSet).returning(
            TrainingSet.id, sort_by_parameter_order=True
        )
        ids = session.scalars(statement, values).all()
        stored = tuple(
            replace(item, id=set_id, position=index)
            for index, (item, set_id) in enumerate(zip(entry.sets, ids, strict=True))
        )
    if entry.ended_at is not None:
        _mark_done(session, user_id, entry.scheduled_session_id)
    session.flush()
    return replace(session_entry(row, []), sets=stored)


def log_session(session: Session, *, user_id: int, entry: SessionEntry) -> SessionEntry:
    """Store a whole session and its sets (positions in the given order)."""
    return _insert_session(session, user_id, entry)


def log_sessions(
    session: Session, *, user_id: int, entries: Sequence[SessionEntry]
) -> list[SessionEntry]:
    """Store many sessions in one transaction: all of them or none (imports)."""
    return [_insert_session(session, user_id, entry) for entry in entries]


def start_session(
    session: Session, *, user_id: int, entry: SessionEntry, day: date
) -> SessionEntry:
    """The user's open session of ``day`` (their local date), opened from ``entry``
    when there is none (its sets, if any, are ignored: add them with ``add_set``).

    Two requests opening the day's session at once get the same one: the unique
    (user, open_on) index makes the second insert do nothing (on PostgreSQL it
    waits for the first to commit), and both then read the one row.
    """
    opened = open_session_on(session, user_id=user_id, day=day)
    if opened is not None:
        return opened
    _check_new(session, user_id, entry)
    values = _row_values(session_row(entry, user_id, entry.scheduled_session_id))
    session.execute(
        _dialect_insert(session)(TrainingSession)
        .values(**values, open_on=day, ended_at=None)
        .on_conflict_do_nothing(index_elements=["user_id", "open_on"])
    )
    opened = open_session_on(session, user_id=user_id, day=day)
    assert opened is not None, "the day's session was just opened"
    return opened


def open_session_on(
    session: Session, *, user_id: int, day: date
) -> SessionEntry | None:
    """The user's open session of ``day`` (their local date), or None."""
    row = session.scalars(
        select(TrainingSession).where(
            TrainingSession.user_id == user_id, TrainingSession.open_on == day
        )
    ).one_or_none()
    return _with_sets(session, [row])[0] if row is not None else None


def _row_values(row: TrainingSession) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in TrainingSession.__table__.columns
        if column.key != "id" and getattr(row, column.key) is not None
    }


def _dialect_insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def add_set(
    session: Session, *, user_id: int, session_id: int, entry: SetEntry
) -> SetEntry:
    """Append one set to an open session of the user's."""
    row = _session_row(session, user_id, session_id)
    if row.ended_at is not None:
        raise Conflict(
            msg(
                "Session %(session_id)s is already finished; start a new one.",
                session_id=session_id,
            )
        )
    return append_set(session, row, entry)


def append_set(
    session: Session,
    parent: TrainingSession,
    entry: SetEntry,
    *,
    client_key: str | None = None,
) -> SetEntry:
    """Store ``entry`` after the last set of ``parent`` (a locked, checked row)."""
    last = session.scalar(
        select(func.max(TrainingSet.position)).where(
            TrainingSet.session_id == parent.id
        )
    )
    row = TrainingSet(
        session_id=parent.id,
        position=0 if last is None else last + 1,
        client_key=client_key,
        **set_row_values(entry),
    )
    session.add(row)
    session.flush()
    return set_entry(row)


def finish_session(
    session: Session,
    *,
    user_id: int,
    session_id: int,
    ended_at: datetime,
    notes: str | None = None,
) -> SessionEntry:
    """Close a session and mark the scheduled session it fulfils as done."""
    check_text("notes", notes)  # before the row changes: a flush would store it
    row = _session_row(session, user_id, session_id)
    if ended_at < row.started_at:
        raise InvalidInput(
            "ended_at", ended_at.isoformat(), msg("at or after the start")
        )
    row.ended_at = ended_at
    row.open_on = None  # the day may open another session now
    if notes is not None:
        row.notes = notes
    _mark_done(session, user_id, row.scheduled_session_id)
    sets = list(
        session.scalars(select(TrainingSet).where(TrainingSet.session_id == row.id))
    )
    return session_entry(row, sets)


def _with_sets(session: Session, rows: Sequence[TrainingSession]) -> list[SessionEntry]:
    by_session: dict[int, list[TrainingSet]] = defaultdict(list)
    ids = [row.id for row in rows]
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for set_row in session.scalars(
            select(TrainingSet).where(TrainingSet.session_id.in_(chunk))
        ):
            by_session[set_row.session_id].append(set_row)
    return [session_entry(row, by_session[row.id]) for row in rows]


def get_session(session: Session, *, user_id: int, session_id: int) -> SessionEntry:
    """One logged session with its sets; NotFound if it is not this user's."""
    row = session.get(TrainingSession, session_id)
    if row is None or row.user_id != user_id:
        raise NotFound(
            msg(
                "No logged session %(session_id)s for this user.", session_id=session_id
            ),
            field="session",
        )
    return _with_sets(session, [row])[0]


def list_sessions(
    session: Session,
    *,
    user_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[SessionEntry]:
    """Logged sessions with their sets, newest first, filtered by start time."""
    query = select(TrainingSession).where(TrainingSession.user_id == user_id)
    if since is not None:
        query = query.where(TrainingSession.started_at >= since)
    if until is not None:
        query = query.where(TrainingSession.started_at < until)
    query = query.order_by(TrainingSession.started_at.desc(), TrainingSession.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return _with_sets(session, list(session.scalars(query)))


def open_session(session: Session, *, user_id: int) -> SessionEntry | None:
    """The newest session not yet finished (e.g. after a crash), if any."""
    row = session.scalars(
        select(TrainingSession)
        .where(TrainingSession.user_id == user_id, TrainingSession.ended_at.is_(None))
        .order_by(TrainingSession.started_at.desc())
        .limit(1)
    ).one_or_none()
    return _with_sets(session, [row])[0] if row is not None else None


def last_session_start(session: Session, *, user_id: int) -> datetime | None:
    """When the newest logged session started, or None."""
    return session.scalar(
        select(func.max(TrainingSession.started_at)).where(
            TrainingSession.user_id == user_id
        )
    )


def session_starts(
    session: Session, *, user_id: int, since: datetime
) -> list[datetime]:
    """When each session since ``since`` started, newest first (no sets loaded)."""
    return list(
        session.scalars(
            select(TrainingSession.started_at)
            .where(
                TrainingSession.user_id == user_id,
                TrainingSession.started_at >= since,
            )
            .order_by(TrainingSession.started_at.desc())
        )
    )


def existing_session_uuids(session: Session, *, uuids: Iterable[str]) -> set[str]:
    """Which of ``uuids`` are already stored (to skip re-imported sessions)."""
    wanted = list(uuids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(
                select(TrainingSession.uuid).where(TrainingSession.uuid.in_(chunk))
            )
        )
    return found


def record_set_analysis(
    session: Session,
    *,
    user_id: int,
    set_id: int,
    analysis: SetAnalysis,
) -> SetEntry:
    """Attach video-analysis results to a logged set (the form-analysis hook)."""
    row = session.get(TrainingSet, set_id)
    if row is None or _session_row(session, user_id, row.session_id) is None:
        raise NotFound(
            msg("No logged set %(set_id)s for this user.", set_id=set_id), field="set"
        )
    row.descent_times_s = list(analysis.descent_times_s)
    row.faults = list(analysis.faults)
    row.stop_at_rep = analysis.stop_at_rep
    session.flush()
    return set_entry(row)


def _owned_set(session: Session, user_id: int, set_id: int) -> TrainingSet:
    row = session.get(TrainingSet, set_id, with_for_update=True)
    if row is None or _session_row(session, user_id, row.session_id) is None:
        raise NotFound(
            msg("No logged set %(set_id)s for this user.", set_id=set_id), field="set"
        )
    return row


def get_set(session: Session, *, user_id: int, set_id: int) -> tuple[SetEntry, int]:
    """One of the user's sets and the id of its session."""
    row = _owned_set(session, user_id, set_id)
    return set_entry(row), row.session_id


def replace_set(
    session: Session, *, user_id: int, set_id: int, entry: SetEntry
) -> SetEntry:
    """Overwrite what was done in one of the user's sets with ``entry`` (its
    position and session stay)."""
    row = _owned_set(session, user_id, set_id)
    for name, value in set_row_values(entry).items():
        setattr(row, name, value)
    session.flush()
    return set_entry(row)


def delete_set(session: Session, *, user_id: int, set_id: int) -> int:
    """Delete one of the user's sets; returns the id of its session."""
    row = _owned_set(session, user_id, set_id)
    session_id = row.session_id
    session.delete(row)
    session.flush()
    return session_id


def delete_session(session: Session, *, user_id: int, session_id: int) -> None:
    """Delete one of the user's sessions with its sets; the scheduled session it
    fulfilled is planned again (the calendar adaptation treats it as missed once
    its day has passed)."""
    row = _session_row(session, user_id, session_id)
    scheduled = _scheduled_row(session, user_id, row.scheduled_session_id)
    if scheduled is not None and scheduled.status == "done":
        scheduled.status = "planned"
    session.delete(row)
    session.flush()


def add_sets(
    session: Session, *, user_id: int, session_id: int, entries: Sequence[SetEntry]
) -> list[SetEntry]:
    """Append sets to one of the user's sessions, finished or not (a set
    forgotten on the day, added from the history)."""
    row = _session_row(session, user_id, session_id)
    return [append_set(session, row, entry) for entry in entries]
