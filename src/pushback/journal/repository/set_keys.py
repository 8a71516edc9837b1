"""The guided workout's storage: sets stored once per client key, fast look-ups.

The guided workout gives every set a random key when it is entered and resends it
until the server confirms (offline queue, reload, flaky network). The key lives in
``training_sets.client_key`` under a unique index (revision ``0004``), so even two
requests racing with the same key store one row: the loser's savepoint rolls back
and it returns the winner's set.

:func:`newest_open_session` and :func:`scheduled_session` are the two small reads
the workout needs per set (no sets, no whole schedule loaded), so logging a set
stays cheap under load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.journal.models import ScheduledSession, TrainingSession, TrainingSet
from pushback.journal.records import ScheduledEntry, SetEntry
from pushback.journal.repository._convert import (
    scheduled_entry,
    set_entry,
)
from pushback.journal.repository.training import append_set

__all__ = [
    "MAX_KEY_CHARS",
    "KeyedSet",
    "OpenSession",
    "add_set_once",
    "find_set_by_key",
    "newest_open_session",
    "scheduled_session",
]

#: Longest client key accepted (a UUID has 36 characters).
MAX_KEY_CHARS = 64


@dataclass(frozen=True)
class KeyedSet:
    """A set stored under a client key, its session, and whether this call made it."""

    entry: SetEntry
    session_id: int
    created: bool


@dataclass(frozen=True)
class OpenSession:
    """A logged session not finished yet (no sets loaded)."""

    id: int
    started_at: datetime
    scheduled_session_id: int | None


def newest_open_session(session: Session, *, user_id: int) -> OpenSession | None:
    """The user's newest unfinished session, or None."""
    query = (
        select(
            TrainingSession.id,
            TrainingSession.started_at,
            TrainingSession.scheduled_session_id,
        )
        .where(TrainingSession.user_id == user_id, TrainingSession.ended_at.is_(None))
        .order_by(TrainingSession.started_at.desc(), TrainingSession.id.desc())
        .limit(1)
    )
    row = session.execute(query).one_or_none()
    return OpenSession(row[0], row[1], row[2]) if row is not None else None


def scheduled_session(
    session: Session, *, user_id: int, scheduled_id: int
) -> ScheduledEntry | None:
    """One of the user's scheduled sessions by id, or None."""
    row = session.get(ScheduledSession, scheduled_id)
    if row is None or row.user_id != user_id:
        return None
    return scheduled_entry(row)


def _check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_CHARS or not key.isprintable():
        raise InvalidInput(
            "client_key",
            key,
            msg(
                "1 to %(max_key_chars)s printable characters",
                max_key_chars=MAX_KEY_CHARS,
            ),
        )


def find_set_by_key(session: Session, *, user_id: int, key: str) -> KeyedSet | None:
    """The user's set stored under ``key`` (``created`` False), or None."""
    _check_key(key)
    query = (
        select(TrainingSet, TrainingSession.user_id)
        .join(TrainingSession, TrainingSet.session_id == TrainingSession.id)
        .where(TrainingSet.client_key == key)
    )
    found = session.execute(query).one_or_none()
    if found is None:
        return None
    row, owner = found
    if owner != user_id:
        raise Conflict(msg("This set key belongs to another account; make a new one."))
    return KeyedSet(set_entry(row), row.session_id, created=False)


def _insert(
    session: Session, user_id: int, session_id: int, key: str, entry: SetEntry
) -> SetEntry:
    parent = session.get(TrainingSession, session_id, with_for_update=True)
    if parent is None or parent.user_id != user_id:
        raise NotFound(
            msg(
                "No logged session %(session_id)s for this user.", session_id=session_id
            ),
            field="session",
        )
    return append_set(session, parent, entry, client_key=key)


def add_set_once(
    session: Session, *, user_id: int, session_id: int, key: str, entry: SetEntry
) -> KeyedSet:
    """Store ``entry`` under ``key`` unless that key is stored already.

    Unlike ``add_set`` this also accepts a finished session: a set entered offline
    belongs to the workout it was done in, even when it arrives after the end.
    ``created`` is False for a resent set (which keeps its first session).

    Raises:
        NotFound: not the user's session.
        Conflict: the key belongs to another user's set.
    """
    existing = find_set_by_key(session, user_id=user_id, key=key)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():  # a savepoint: a lost race undoes only this
            stored = _insert(session, user_id, session_id, key, entry)
    except IntegrityError:
        # raced with the same key: the other request stored it first
        existing = find_set_by_key(session, user_id=user_id, key=key)
        if existing is None:
            raise
        return existing
    return KeyedSet(stored, session_id, created=True)
