"""Units of work for tests: call one repository function or use case the way a
front end does (one session, the user resolved once, committed by the use case).

``run(db, repo.add_set, user_id=1, ...)`` opens a writing session, calls
``repo.add_set(session, ...)`` and commits; ``read(db, repo.list_sessions, ...)``
only reads. ``call(journal, service.today, user="local")`` opens a unit, resolves
the user by name and calls ``service.today(work, user)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pushback.journal import Database, Session
from pushback.journal.records import UserRecord
from pushback.services.unit import Journal, Work

_T = TypeVar("_T")


def run(db: Database, function: Callable[..., _T], /, **arguments: Any) -> _T:
    """``function(session, **arguments)`` in a writing session, then commit."""
    with db.session(write=True) as session:
        result = function(session, **arguments)
        session.commit()
        return result


def read(db: Database, function: Callable[..., _T], /, **arguments: Any) -> _T:
    """``function(session, **arguments)`` in a reading session."""
    with db.session() as session:
        return function(session, **arguments)


def call(
    journal: Journal,
    function: Callable[..., _T],
    /,
    *,
    user: str = "local",
    **arguments: Any,
) -> _T:
    """``function(work, user_record, **arguments)`` in one unit of work, as
    ``Work.run`` runs it (a step that must write runs again, then commits)."""
    from pushback.services.training.journal import resolve_user

    with journal.work() as work:
        record = resolve_user(work, user)
        return work.run(lambda: function(work, record, **arguments))


def user_of(journal: Journal, name: str = "local") -> UserRecord:
    """The journal user called ``name`` (created on first use)."""
    from pushback.services.training.journal import resolve_user

    with journal.work() as work:
        return resolve_user(work, name)


def in_unit(journal: Journal, function: Callable[[Work], _T]) -> _T:
    """``function(work)`` in one unit of work (calls that need no user)."""
    with journal.work() as work:
        return function(work)


def submit_job(
    journal: Journal,
    queue: Any,
    *,
    user_id: int,
    payload: dict[str, Any],
    kind: str = "analyse-video",
) -> Any:
    """Queue a job the way a request does: added in a unit, committed, woken."""
    with journal.db.session(write=True) as session:
        job = queue.submit(session, user_id=user_id, kind=kind, payload=payload)
        session.commit()
    queue.wake()
    return job


__all__ = ["Session", "call", "in_unit", "read", "run", "submit_job", "user_of"]
