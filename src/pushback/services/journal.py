"""Journal use cases: today's session, logging, history, retests, backups.

Each front end opens a :class:`Journal` once (settings, database, clock) and
calls one function per request. The plan reacts to what is logged: after every
finished session (``adaptation.adapt_to_session``) and whenever today's session
is asked for (``adaptation.adapt_to_calendar``); every change is stored with its
reason and returned so the front end can show it.

Progress series: :func:`progress` (charts in :mod:`pushback.services.charts`);
data in and out: :func:`export_backup`, :func:`export_csv`, :func:`import_file`.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pushback.domain.adaptation import adapt_to_calendar, calendar_is_current
from pushback.domain.assessment import AssessmentAnswers, build_profile, ladder_step
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from pushback.journal import repository as repo
from pushback.journal.records import (
    BodyWeightEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)
from pushback.journal.repository import set_keys
from pushback.services import _journal_exchange as _exchange
from pushback.services._journal_adapt import (
    adapt_after,
    load_schedule,
    local_date,
    recent_codes,
    save_adaptation,
)
from pushback.services._journal_core import (
    DEFAULT_PLAN_WEEKS,
    Journal,
    ensure_plan,
    migrate_profile,
    new_plan,
    open_journal,
    profile_of,
    record_assessment,
    store_profile,
    today_of,
    upgrade_database,
    user_of,
)
from pushback.services._journal_exchange import ImportResult
from pushback.services._journal_input import (
    SESSION_KEYS,
    SET_KEYS,
    SessionContext,
    parse_session,
    parse_set,
)
from pushback.services._journal_progress import (
    ProgressReport,
    build_report,
    since_for,
    streak_weeks,
)
from pushback.services._journal_views import (
    HistoryView,
    LogResult,
    RetestResult,
    TodayView,
    change_dict,
    session_dict,
)

__all__ = [
    "DEFAULT_PLAN_WEEKS",
    "SESSION_KEYS",
    "SET_KEYS",
    "HistoryView",
    "ImportResult",
    "Journal",
    "LogResult",
    "ProgressReport",
    "RetestResult",
    "TodayView",
    "begin_session",
    "change_dict",
    "ensure_plan",
    "export_backup",
    "export_csv",
    "finish_session",
    "history",
    "import_file",
    "local_date",
    "log_body_weight",
    "log_sessions",
    "log_set",
    "migrate_profile",
    "open_journal",
    "parse_set",
    "progress",
    "record_assessment",
    "retest",
    "session_dict",
    "set_preferences",
    "streak_weeks",
    "today",
    "training_days",
    "upgrade_database",
]


# ---------------------------------------------------------------------------- today


def today(journal: Journal, *, user: str | UserRecord) -> TodayView:
    """Today's session (or the next one), after adapting the plan to the calendar.

    The schedule is read once and only adapted when ``calendar_is_current`` says
    the adaptation could change something (a missed session or a long break).
    ``user`` is a name, or the user's record when the caller already has it.
    """
    record = user_of(journal, user)
    plan = ensure_plan(journal, user=record)
    on = today_of(journal, record)
    # A break counts from the last session, or from the plan (a retest starts one).
    trained = repo.last_session_start(db=journal.db, user_id=record.id)
    last = max(trained, plan.created_at) if trained else None
    last_on = local_date(last, record.time_zone) if last else None
    schedule = repo.list_schedule(db=journal.db, plan_id=plan.id or 0)
    earliest = min(
        (e.scheduled_on for e in schedule if e.status == "planned"), default=None
    )
    retest_due, new = False, []
    if not calendar_is_current(earliest, today=on, last_trained=last_on):
        loaded = load_schedule(journal.db, plan, journal.clock())
        adaptation = adapt_to_calendar(
            loaded.sessions,
            today=on,
            last_trained=last_on,
            recent_codes=recent_codes(journal.db, record, last) if last else (),
        )
        retest_due = adaptation.retest_due
        new = save_adaptation(journal.db, record, loaded, adaptation)
        schedule = repo.list_schedule(db=journal.db, plan_id=plan.id or 0)
    ahead = [e for e in schedule if e.status == "planned" and e.scheduled_on >= on]
    # Only the session shown needs its exercises.
    upcoming = (
        set_keys.scheduled_session(
            db=journal.db, user_id=record.id, scheduled_id=ahead[0].id
        )
        if ahead
        else None
    )
    opened = set_keys.newest_open_session(db=journal.db, user_id=record.id)
    return TodayView(
        user=record.name,
        date=on,
        session=upcoming,
        is_today=upcoming is not None and upcoming.scheduled_on == on,
        retest_due=retest_due,
        changes=tuple(
            repo.list_plan_changes(db=journal.db, user_id=record.id, limit=5)
        ),
        new_changes=tuple(new),
        open_session_id=opened.id if opened is not None else None,
        message=_today_message(upcoming, on, retest_due),
        schedule=tuple(schedule),
    )


def _today_message(upcoming: ScheduledEntry | None, on: date, retest_due: bool) -> str:
    if retest_due:
        return "Long break: retest first with `pushback test --reps N`."
    if upcoming is None:
        return (
            "Plan done: retest with `pushback test --reps N` to start the next block."
        )
    if upcoming.scheduled_on == on:
        return (
            f"Week {upcoming.week}, day {upcoming.day}: {upcoming.title or 'session'}."
        )
    return f"Rest day. Next session on {upcoming.scheduled_on.isoformat()}."


# ------------------------------------------------------------------------- logging


def begin_session(
    journal: Journal,
    *,
    user: str,
    sleep: int | None = None,
    soreness: int | None = None,
) -> SessionEntry:
    """Open today's session (or resume one left open today, e.g. after a crash)."""
    record = user_of(journal, user)
    on = today_of(journal, record)
    opened = repo.open_session(db=journal.db, user_id=record.id)
    if opened is not None and local_date(opened.started_at, record.time_zone) == on:
        return opened
    view = today(journal, user=user)
    scheduled = view.session if view.is_today else None
    entry = SessionEntry(
        uuid=str(uuid.uuid4()),
        started_at=journal.clock(),
        sleep_score=sleep,
        soreness_score=soreness,
        title=scheduled.title if scheduled else "",
        scheduled_session_id=scheduled.id if scheduled else None,
    )
    return repo.start_session(db=journal.db, user_id=record.id, entry=entry)


def _open_session(
    journal: Journal, user: UserRecord, session_id: int
) -> tuple[SessionEntry, ScheduledEntry | None]:
    entry = repo.get_session(db=journal.db, user_id=user.id, session_id=session_id)
    scheduled = None
    if entry.scheduled_session_id is not None:
        plan = repo.active_plan(db=journal.db, user_id=user.id)
        if plan is not None:
            scheduled = next(
                (
                    s
                    for s in repo.list_scheduled(db=journal.db, plan_id=plan.id or 0)
                    if s.id == entry.scheduled_session_id
                ),
                None,
            )
    return entry, scheduled


def log_set(
    journal: Journal, *, user: str, session_id: int, data: dict[str, Any]
) -> SetEntry:
    """Log one set into an open session; it is committed when this returns."""
    record = user_of(journal, user)
    _, scheduled = _open_session(journal, record, session_id)
    entry = parse_set(data, logged_at=journal.clock(), scheduled=scheduled)
    return repo.add_set(
        db=journal.db, user_id=record.id, session_id=session_id, entry=entry
    )


def finish_session(
    journal: Journal, *, user: str, session_id: int, notes: str | None = None
) -> LogResult:
    """Close a session, then adapt the plan to it; returns the changes made."""
    record = user_of(journal, user)
    done = repo.finish_session(
        db=journal.db,
        user_id=record.id,
        session_id=session_id,
        ended_at=journal.clock(),
        notes=notes,
    )
    return LogResult(
        done, tuple(adapt_after(journal.db, journal.clock(), record, done))
    )


def _scheduled_on(
    journal: Journal, user: UserRecord, on: date
) -> ScheduledEntry | None:
    plan = repo.active_plan(db=journal.db, user_id=user.id)
    if plan is None:
        return None
    planned = repo.list_scheduled(db=journal.db, plan_id=plan.id or 0, status="planned")
    return next((s for s in planned if s.scheduled_on == on), None)


def log_sessions(journal: Journal, *, user: str, data: Any) -> list[LogResult]:
    """Log whole sessions (one object or a list, keys :data:`SESSION_KEYS`).

    Everything is checked before anything is stored; each session is then one
    transaction, followed by the plan's adaptation to it.
    """
    record = user_of(journal, user)
    items = data if isinstance(data, list) else [data]
    context = SessionContext(
        record.time_zone, journal.clock(), lambda on: _scheduled_on(journal, record, on)
    )
    entries = [
        parse_session(item, where=f"sessions[{i}]", context=context)
        for i, item in enumerate(items)
    ]
    results = []
    for entry in sorted(entries, key=lambda e: e.started_at):
        stored = repo.log_session(db=journal.db, user_id=record.id, entry=entry)
        changes = adapt_after(journal.db, journal.clock(), record, stored)
        results.append(LogResult(stored, tuple(changes)))
    return results


def log_body_weight(
    journal: Journal, *, user: str, body_mass_kg: float
) -> BodyWeightEntry:
    """Record today's body weight (kilograms)."""
    record = user_of(journal, user)
    entry = BodyWeightEntry(measured_at=journal.clock(), body_mass_kg=body_mass_kg)
    return repo.add_body_weight(db=journal.db, user_id=record.id, entry=entry)


def set_preferences(
    journal: Journal,
    *,
    user: str,
    units: str | None = None,
    time_zone: str | None = None,
) -> UserRecord:
    """Change the user's display units (kg/lb) and time zone."""
    record = user_of(journal, user)
    return repo.update_user_settings(
        db=journal.db, user_id=record.id, units=units, time_zone=time_zone
    )


def history(journal: Journal, *, user: str, limit: int = 20) -> HistoryView:
    """The latest ``limit`` sessions with their sets, and the latest plan changes."""
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or not 1 <= limit <= 10_000
    ):
        raise InvalidInput("limit", limit, "a whole number from 1 to 10000")
    record = user_of(journal, user)
    sessions = repo.list_sessions(db=journal.db, user_id=record.id, limit=limit)
    changes = repo.list_plan_changes(db=journal.db, user_id=record.id, limit=limit)
    return HistoryView(record, tuple(sessions), tuple(changes))


def retest(
    journal: Journal, *, user: str, max_reps: object, variant: str | None = None
) -> RetestResult:
    """Record a max-rep test, update the assessment and start a new plan from today."""
    record = user_of(journal, user)
    base = profile_of(journal, record)
    catalog = load_catalog()
    answers = AssessmentAnswers(
        max_pushups=max_reps,
        variant=variant or base.variant,
        age=base.age,
        sex=base.sex,
        weight_kg=base.body_mass_kg,
        equipment=base.equipment,
        days_per_week=base.days_per_week,
        conditions=base.conditions,
        parq=base.parq,
        cleared=base.cleared,
    )
    profile = replace(build_profile(answers, catalog), parq_answered=base.parq_answered)
    stored = store_profile(journal, record, profile, kind="retest", at=journal.clock())
    step = ladder_step(profile, catalog)
    reason = (
        f"retest: {profile.max_pushups} reps on {profile.variant} "
        f"(was {base.max_pushups} on {base.variant}), "
        f"ladder step {step.step} ({step.slug})"
    )
    plan = new_plan(journal, record, stored, reason=reason, code="retest")
    return RetestResult(stored, base.max_pushups, step.step, step.slug, plan)


def progress(journal: Journal, *, user: str, weeks: int = 12) -> ProgressReport:
    """Progress series over the last ``weeks`` weeks (1-520)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise InvalidInput("weeks", weeks, "a whole number from 1 to 520")
    record = user_of(journal, user)
    since = since_for(journal.clock(), weeks)
    sessions = repo.list_sessions(db=journal.db, user_id=record.id, since=since)
    weights = repo.list_body_weights(db=journal.db, user_id=record.id, since=since)
    return build_report(
        record,
        sessions=list(reversed(sessions)),
        weights=weights,
        today=today_of(journal, record),
        catalog=load_catalog(),
    )


def training_days(
    journal: Journal, *, user: str | UserRecord, weeks: int = 12
) -> list[date]:
    """The local date of every session started in the last ``weeks`` weeks, newest
    first (one entry per session; sets are not loaded). ``user``: a name or the
    user's record."""
    record = user_of(journal, user)
    starts = repo.session_starts(
        db=journal.db, user_id=record.id, since=since_for(journal.clock(), weeks)
    )
    return [local_date(moment, record.time_zone) for moment in starts]


def export_backup(journal: Journal, *, user: str) -> dict[str, Any]:
    """The user's full JSON backup (restores exactly with :func:`import_file`)."""
    return _exchange.export_backup(journal.db, user_of(journal, user))


def export_csv(journal: Journal, *, user: str) -> str:
    """Every logged set as CSV with Strong's export columns."""
    return _exchange.export_csv(journal.db, user_of(journal, user))


def import_file(
    journal: Journal, *, user: str, path: Path, replace_data: bool = False
) -> ImportResult:
    """Import a pushback JSON backup or a Strong / Hevy CSV export.

    A bad or foreign file raises :class:`InvalidInput` and changes nothing; a
    backup into a user who already has data raises :class:`Conflict` unless
    ``replace_data``.
    """
    return _exchange.import_file(
        journal.db, user_of(journal, user), path, replace_data=replace_data
    )
