"""The training log as a workout app keeps it: history, records, summaries, edits.

* :func:`history_page`: sessions newest first, each with its sets and the videos
  analysed for them, a page at a time.
* :func:`log_day`: a whole session on any day up to today, planned or not (a rest
  day, a forgotten session, extra exercises): any catalog exercise, any number
  of sets; the plan adapts to it as to any logged session, in the same commit.
* :func:`add_sets`, :func:`edit_set`, :func:`delete_set`, :func:`delete_session`:
  fix the log afterwards. The plan has already adapted to what was logged then;
  records, charts and the history follow the corrected log.
* :func:`personal_records` and :func:`session_summary`: the standing records
  (``domain.records``) and what one session did: its duration, sets and reps,
  the records it beat, its descents against the tempo, and what the plan changed
  because of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.records import RecordBreak, Records, SetFacts, track_records
from pushback.domain.tempo import parse_tempo
from pushback.journal import repository as repo
from pushback.journal.records import (
    PlanChangeEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)
from pushback.journal.repository import jobs as job_store
from pushback.services.training import journal as journal_service
from pushback.services.training.journal import LogResult, Work, parse_set

__all__ = [
    "HISTORY_PAGE_SIZE",
    "HistoryPage",
    "SessionSummary",
    "add_sets",
    "check_day",
    "delete_session",
    "delete_set",
    "edit_set",
    "history_page",
    "log_day",
    "personal_records",
    "planned_on",
    "session_of_set",
    "session_summary",
]

#: Sessions shown per history page.
HISTORY_PAGE_SIZE = 20
#: A session logged for a past day is dated at this local time.
PAST_DAY_TIME = time(18, 0)
#: The fields of a set that can be corrected afterwards.
EDITABLE_KEYS: tuple[str, ...] = (
    "reps", "reps_per_side", "duration_s", "rir", "form_broke", "pain",
    "pain_location", "notes",
)  # fmt: skip
#: Timed exercises whose time is a "hold" record (catalog categories).
_HOLD_CATEGORIES = ("push", "pull", "scapular", "core")


# -------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryPage:
    """Sessions newest first; ``older`` starts the next page (None: no more)."""

    sessions: tuple[SessionEntry, ...]
    videos: dict[int, int]  # set id -> job id of its analysed video
    older: datetime | None


def history_page(
    work: Work, user: UserRecord, *, before: datetime | None = None
) -> HistoryPage:
    """One page of the history: the sessions started before ``before``."""
    found = repo.list_sessions(
        work.session, user_id=user.id, until=before, limit=HISTORY_PAGE_SIZE + 1
    )
    shown = found[:HISTORY_PAGE_SIZE]
    set_ids = [item.id for s in shown for item in s.sets if item.id is not None]
    videos = job_store.videos_of_sets(work.session, user_id=user.id, set_ids=set_ids)
    older = shown[-1].started_at if len(found) > HISTORY_PAGE_SIZE else None
    return HistoryPage(tuple(shown), videos, older)


# -------------------------------------------------------------------- records


def _is_hold(catalog: Catalog, item: SetEntry) -> bool:
    if item.slug:
        exercise = catalog.exercises.get(item.slug)
        return (
            exercise is not None
            and exercise.unit == "duration_s"
            and exercise.category in _HOLD_CATEGORIES
        )
    return "plank" in (item.exercise_name or "").lower()  # imported from other apps


def _facts(catalog: Catalog, entry: SessionEntry) -> list[SetFacts]:
    return [
        SetFacts(
            set_id=item.id,
            session_id=entry.id,
            exercise=item.slug or item.exercise_name or "",
            logged_at=item.logged_at,
            reps=item.reps if item.reps is not None else item.reps_per_side,
            duration_s=item.duration_s,
            descent_times_s=tuple(item.descent_times_s or ()),
            clean=item.kind in ("work", "failure")
            and not item.form_broke
            and not item.pain,
            timed=_is_hold(catalog, item),
        )
        for item in entry.sets
    ]


def _records_of(sessions: list[SessionEntry]) -> Records:
    catalog = load_catalog()
    return track_records(fact for s in sessions for fact in _facts(catalog, s))


def personal_records(work: Work, user: UserRecord) -> Records:
    """The user's standing records and every time one was beaten."""
    return _records_of(repo.list_sessions(work.session, user_id=user.id))


# -------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SessionSummary:
    """What one logged session did (the end-of-workout screen)."""

    session: SessionEntry
    duration_s: int | None
    sets: int
    reps: int
    records: tuple[RecordBreak, ...]
    descents_s: tuple[float, ...]
    target_descent_s: float | None
    changes: tuple[PlanChangeEntry, ...]
    videos: dict[int, int]

    @property
    def median_descent_s(self) -> float | None:
        """The median filmed descent of the session (None: nothing filmed)."""
        return round(median(self.descents_s), 2) if self.descents_s else None


def _target_descent(entry: SessionEntry) -> float | None:
    for item in entry.sets:
        if item.target_tempo:
            return parse_tempo(item.target_tempo).down_s
    return None


def session_summary(work: Work, user: UserRecord, session_id: int) -> SessionSummary:
    """The summary of one of the user's sessions (NotFound for anyone else's)."""
    entry = repo.get_session(work.session, user_id=user.id, session_id=session_id)
    until = entry.ended_at or work.clock()
    everything = repo.list_sessions(
        work.session, user_id=user.id, until=until + timedelta(seconds=1)
    )
    done = entry.sets
    set_ids = [item.id for item in done if item.id is not None]
    return SessionSummary(
        session=entry,
        duration_s=(
            round((entry.ended_at - entry.started_at).total_seconds())
            if entry.ended_at
            else None
        ),
        sets=len(done),
        reps=sum((item.reps or item.reps_per_side or 0) for item in done),
        records=_records_of(everything).in_session(session_id),
        descents_s=tuple(d for item in done for d in item.descent_times_s or ()),
        target_descent_s=_target_descent(entry),
        changes=tuple(
            repo.list_plan_changes(
                work.session,
                user_id=user.id,
                limit=None,
                training_session_id=session_id,
            )
        ),
        videos=job_store.videos_of_sets(work.session, user_id=user.id, set_ids=set_ids),
    )


# -------------------------------------------------------------------- logging


def _started_at(work: Work, user: UserRecord, on: date) -> datetime:
    zone = ZoneInfo(user.time_zone)
    now = work.clock().astimezone(zone)
    if on > now.date():
        raise InvalidInput("date", on.isoformat(), msg("today or an earlier day"))
    if on == now.date():
        return now
    return datetime.combine(on, PAST_DAY_TIME, tzinfo=zone)


def log_day(
    work: Work, user: UserRecord, *, on: date, data: dict[str, Any]
) -> LogResult:
    """Use case: log a whole session on ``on`` (today or earlier), planned or
    not; the plan adapts to it, in the same commit."""
    started = _started_at(work, user, on)
    session = {**data, "started_at": started.isoformat()}
    session.setdefault("ended_at", started.isoformat())
    work.write()
    (result,) = journal_service.store_sessions(work, user, data=session)
    work.commit()
    return result


def add_sets(
    work: Work, user: UserRecord, *, session_id: int, sets: list[dict[str, Any]]
) -> list[SetEntry]:
    """Use case: add sets to one of the user's sessions, finished or not."""
    if not sets:
        raise InvalidInput("sets", sets, msg("at least one set"))
    work.write()
    entry = repo.get_session(work.session, user_id=user.id, session_id=session_id)
    when = entry.ended_at or work.clock()
    parsed = [
        parse_set(item, logged_at=when, scheduled=None, where=f"sets[{index}]")
        for index, item in enumerate(sets)
    ]
    added = repo.add_sets(
        work.session, user_id=user.id, session_id=session_id, entries=parsed
    )
    work.commit()
    return added


def edit_set(
    work: Work, user: UserRecord, *, set_id: int, changes: dict[str, Any]
) -> SetEntry:
    """Use case: correct what was done in one of the user's sets (the fields of
    :data:`EDITABLE_KEYS`; a field given as None is cleared)."""
    unknown = sorted(set(changes) - set(EDITABLE_KEYS))
    if unknown:
        raise InvalidInput(
            unknown[0],
            changes[unknown[0]],
            msg("one of %(choices)s", choices=", ".join(EDITABLE_KEYS)),
        )
    work.write()
    current, _session_id = repo.get_set(work.session, user_id=user.id, set_id=set_id)
    changes = _counted_as_logged(current, changes)
    if changes.get("pain") is False:
        changes = {**changes, "pain_location": None}
    try:
        corrected = replace(current, **changes)
    except TypeError as error:  # a value of the wrong kind
        raise InvalidInput(
            "set", changes, msg("numbers, true/false and text")
        ) from error
    stored = repo.replace_set(
        work.session, user_id=user.id, set_id=set_id, entry=corrected
    )
    work.commit()
    return stored


def _counted_as_logged(current: SetEntry, changes: dict[str, Any]) -> dict[str, Any]:
    """A form's one count goes where the set keeps its count (per side, seconds)."""
    if "reps" not in changes or current.reps is not None:
        return changes
    for key in ("reps_per_side", "duration_s"):
        if getattr(current, key) is not None:
            moved = dict(changes)
            moved[key] = moved.pop("reps")
            return moved
    return changes


def delete_set(work: Work, user: UserRecord, *, set_id: int) -> int:
    """Use case: delete one of the user's sets; returns its session's id."""
    work.write()
    session_id = repo.delete_set(work.session, user_id=user.id, set_id=set_id)
    work.commit()
    return session_id


def delete_session(
    work: Work, user: UserRecord, *, session_id: int, confirmed: bool
) -> None:
    """Use case: delete one of the user's sessions with all its sets, once the
    person confirmed it (NotFound first for anyone else's session)."""
    work.write()
    repo.get_session(work.session, user_id=user.id, session_id=session_id)
    if not confirmed:
        raise InvalidInput("confirm", False, msg("yes, to delete the session"))
    repo.delete_session(work.session, user_id=user.id, session_id=session_id)
    work.commit()


def check_day(text: str | None, today: date) -> date:
    """A day to log for, from an ISO date (default: ``today``)."""
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("date", text, msg("a date such as 2026-03-02")) from None


def session_of_set(work: Work, user: UserRecord, *, set_id: int) -> int:
    """The id of the session holding one of the user's sets."""
    _entry, session_id = repo.get_set(work.session, user_id=user.id, set_id=set_id)
    return session_id


def planned_on(work: Work, user: UserRecord, on: date) -> ScheduledEntry | None:
    """The active plan's session on the user's local date ``on``, if any."""
    plan = repo.active_plan(work.session, user_id=user.id)
    if plan is None:
        return None
    sessions = repo.list_scheduled(work.session, plan_id=plan.id or 0)
    return next(
        (s for s in sessions if s.scheduled_on == on and s.status != "skipped"), None
    )
