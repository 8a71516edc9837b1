"""One unit of work: what a web request or a CLI command does, in one session.

:class:`Journal` is the long-lived handle a front end opens once (settings, the
database, a clock). :meth:`Journal.work` opens a :class:`Work` per request or
command: one database session that every service of that request shares.

Each use case commits once, when its work is complete, so a use case either
happens entirely or not at all (finishing a workout and adapting the plan to it
succeed or fail together). A use case that writes says so before its first read
(:meth:`Work.write`). A use case that usually only reads but sometimes must write
(today's session adapts the plan to a missed day) runs through :meth:`Work.run`:
its step calls :meth:`Work.require_write` before writing, which, in a reading
unit, starts the step again in a write transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pushback.journal import (
    Database,
    Session,
    begin_write,
    is_writing,
    open_database,
    storage_errors,
)
from pushback.journal._base import utc_now
from pushback.settings import Settings

__all__ = ["Journal", "Work", "WriteNeeded", "open_journal"]

_T = TypeVar("_T")


class WriteNeeded(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :meth:`Work.require_write` in a reading unit (see :meth:`Work.run`)."""


@dataclass(frozen=True)
class Work:
    """One unit of work: the session, the settings and the clock of a request."""

    session: Session
    settings: Settings
    clock: Callable[[], datetime] = utc_now

    def write(self) -> None:
        """This use case writes: its reads from here on see current data and its
        writes go in the same transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        begin_write(self.session)

    @property
    def writing(self) -> bool:
        """True once :meth:`write` was called."""
        return is_writing(self.session)

    def require_write(self) -> None:
        """Called before a write inside :meth:`run`: in a reading unit it raises
        :class:`WriteNeeded`, so ``run`` repeats the step in a write transaction."""
        if not self.writing:
            raise WriteNeeded

    def commit(self) -> None:
        """Make the use case's changes permanent (once, at its end)."""
        with storage_errors():
            self.session.commit()

    def release(self) -> None:
        """End the current transaction (nothing uncommitted may be pending) and
        give its connection back to the pool, before a long wait such as an
        upload; the next query takes one again."""
        with storage_errors():
            self.session.close()

    def run(self, step: Callable[[], _T]) -> _T:
        """Run one use case that reads and only sometimes writes.

        The step runs as a reader; if it calls :meth:`require_write`, it runs
        again from the start in a write transaction, which is then committed.
        """
        if not self.writing:
            try:
                return step()
            except WriteNeeded:
                self.write()
        result = step()
        self.commit()
        return result


@dataclass(frozen=True)
class Journal:
    """The journal as one front end uses it: settings, database and a clock."""

    settings: Settings
    db: Database
    clock: Callable[[], datetime] = utc_now

    @contextmanager
    def work(self, *, write: bool = False) -> Iterator[Work]:
        """One unit of work (a request or a command); uncommitted work is
        rolled back when the block ends."""
        with self.db.session(write=write) as session:
            yield Work(session, self.settings, self.clock)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()


def open_journal(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    shared: bool = False,
) -> Journal:
    """Open (and on first use create or upgrade) the journal of ``settings``; a
    ``shared`` process (web, worker) refuses a PostgreSQL journal behind the code
    instead of migrating it (``journal.open_database``)."""
    return Journal(settings, open_database(settings, shared=shared), clock or utc_now)
