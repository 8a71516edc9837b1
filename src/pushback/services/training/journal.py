"""Journal use cases: today's session, logging, history, retests, backups.

Each front end opens a :class:`Journal` once (settings, database, clock), then a
:class:`Work` per request or command (``journal.work()``), resolves the user once
and calls one use case per request; each use case commits once. The plan reacts
to what is logged: after every finished session, in the same transaction
(``adaptation.adapt_to_session``), and whenever today's session is asked for
(``adaptation.adapt_to_calendar``); every change is stored with its reason and
returned so the front end can show it.

Progress series: :func:`progress` (charts in :mod:`pushback.render.charts`);
data in and out: :func:`export_backup`, :func:`export_csv`, :func:`import_file`.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pushback.domain._data_words import stored_phrase
from pushback.domain.adaptation import adapt_to_calendar, calendar_is_current
from pushback.domain.assessment import AssessmentAnswers, build_profile, ladder_step
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.phrases import exercise_phrase, msg
from pushback.domain.profile import Profile
from pushback.journal import repository as repo
from pushback.journal.records import (
    BodyWeightEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)
from pushback.journal.repository import set_keys
from pushback.services.training import _exchange
from pushback.services.training._adapt import (
    adapt_after,
    load_schedule,
    local_date,
    recent_codes,
    save_adaptation,
)
from pushback.services.training._core import (
    DEFAULT_PLAN_WEEKS,
    Journal,
    Work,
    ensure_plan,
    migrate_profile,
    new_plan,
    open_journal,
    profile_of,
    resolve_user,
    store_profile,
    today_of,
    upgrade_database,
)
from pushback.services.training._exchange import ImportResult
from pushback.services.training._input import (
    SESSION_KEYS,
    SET_KEYS,
    SessionContext,
    parse_session,
    parse_set,
)
from pushback.services.training._progress import (
    ProgressReport,
    build_report,
    since_for,
    streak_weeks,
)
from pushback.services.training._views import (
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
    "Work",
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
    "open_today",
    "parse_set",
    "progress",
    "record_assessment",
    "resolve_user",
    "retest",
    "session_dict",
    "set_preferences",
    "streak_weeks",
    "today",
    "today_of",
    "today_view",
    "training_days",
    "upgrade_database",
]


# ---------------------------------------------------------------------------- today


def today(work: Work, user: UserRecord) -> TodayView:
    """Use case: today's session (or the next one), after adapting the plan to
    the calendar. Reads only, unless the plan must change (then one commit)."""
    return work.run(lambda: today_view(work, user))


def today_view(work: Work, user: UserRecord) -> TodayView:
    """Today's view inside a larger use case (its writes are not committed here).

    The schedule is read once and only adapted when ``calendar_is_current`` says
    the adaptation could change something (a missed session or a long break).
    """
    session = work.session
    plan = ensure_plan(work, user)
    on = today_of(work, user)
    # A break counts from the last session, or from the plan (a retest starts one).
    trained = repo.last_session_start(session, user_id=user.id)
    last = max(trained, plan.created_at) if trained else None
    last_on = local_date(last, user.time_zone) if last else None
    schedule = repo.list_schedule(session, plan_id=plan.id or 0)
    earliest = min(
        (e.scheduled_on for e in schedule if e.status == "planned"), default=None
    )
    retest_due, new = False, []
    if not calendar_is_current(earliest, today=on, last_trained=last_on):
        loaded = load_schedule(session, plan, work.clock())
        adaptation = adapt_to_calendar(
            loaded.sessions,
            today=on,
            last_trained=last_on,
            recent_codes=recent_codes(session, user, last) if last else (),
        )
        retest_due = adaptation.retest_due
        if adaptation.decisions or adaptation.changed(loaded.sessions):
            work.require_write()
        new = save_adaptation(session, user, loaded, adaptation)
        schedule = repo.list_schedule(session, plan_id=plan.id or 0)
    ahead = [e for e in schedule if e.status == "planned" and e.scheduled_on >= on]
    # Only the session shown needs its exercises.
    upcoming = (
        set_keys.scheduled_session(session, user_id=user.id, scheduled_id=ahead[0].id)
        if ahead
        else None
    )
    opened = set_keys.newest_open_session(session, user_id=user.id)
    return TodayView(
        user=user.name,
        date=on,
        session=upcoming,
        is_today=upcoming is not None and upcoming.scheduled_on == on,
        retest_due=retest_due,
        changes=tuple(repo.list_plan_changes(session, user_id=user.id, limit=5)),
        new_changes=tuple(new),
        open_session_id=opened.id if opened is not None else None,
        message=_today_message(upcoming, on, retest_due),
        schedule=tuple(schedule),
    )


def _named(catalog: Catalog, slug: str) -> str:
    return exercise_phrase(slug, catalog.get(slug).name)


def _today_message(upcoming: ScheduledEntry | None, on: date, retest_due: bool) -> str:
    if retest_due:
        return msg(
            "Long break: retest your max first, so your plan starts from where "
            "you are now."
        )
    if upcoming is None:
        return msg(
            "Plan done: retest with `pushback test --reps N` to start the next block."
        )
    if upcoming.scheduled_on == on:
        return msg(
            "Week %(week)d, day %(day)d: %(title)s.",
            week=upcoming.week,
            day=upcoming.day,
            title=stored_phrase(upcoming.title) or msg("session"),
        )
    return msg(
        "Rest day. Next session on %(date)s.", date=upcoming.scheduled_on.isoformat()
    )


# ------------------------------------------------------------------------- logging


def begin_session(
    work: Work,
    user: UserRecord,
    *,
    sleep: int | None = None,
    soreness: int | None = None,
) -> SessionEntry:
    """Use case: open today's session (or resume the one open today)."""
    work.write()
    opened = open_today(work, user, sleep=sleep, soreness=soreness)
    work.commit()
    return opened


def open_today(
    work: Work,
    user: UserRecord,
    *,
    sleep: int | None = None,
    soreness: int | None = None,
) -> SessionEntry:
    """Today's open session, opened now if there is none (a writing unit; not
    committed here). The journal holds one open session per user and day (a
    unique index), so every way in joins the same one: the guided workout's
    first set, ``POST /api/v1/sessions/start`` and ``pushback log -i``. Without an
    assessment (no plan) the session is opened unscheduled."""
    on = today_of(work, user)
    opened = repo.open_session_on(work.session, user_id=user.id, day=on)
    if opened is not None:
        return opened
    try:
        view: TodayView | None = today_view(work, user)
    except NotFound as error:
        if error.field != "profile":
            raise
        view = None  # no assessment yet: a free set (the live coach) opens a session
    scheduled = view.session if view is not None and view.is_today else None
    entry = SessionEntry(
        uuid=str(uuid.uuid4()),
        started_at=work.clock(),
        sleep_score=sleep,
        soreness_score=soreness,
        title=scheduled.title if scheduled else "",
        scheduled_session_id=scheduled.id if scheduled else None,
    )
    return repo.start_session(work.session, user_id=user.id, entry=entry, day=on)


def log_set(
    work: Work, user: UserRecord, *, session_id: int, data: dict[str, Any]
) -> SetEntry:
    """Use case: log one set into an open session; committed when this returns."""
    work.write()
    entry = repo.get_session(work.session, user_id=user.id, session_id=session_id)
    scheduled = None
    if entry.scheduled_session_id is not None:
        scheduled = set_keys.scheduled_session(
            work.session, user_id=user.id, scheduled_id=entry.scheduled_session_id
        )
    parsed = parse_set(data, logged_at=work.clock(), scheduled=scheduled)
    stored = repo.add_set(
        work.session, user_id=user.id, session_id=session_id, entry=parsed
    )
    work.commit()
    return stored


def finish_session(
    work: Work, user: UserRecord, *, session_id: int, notes: str | None = None
) -> LogResult:
    """Use case: close a session and adapt the plan to it, in one transaction."""
    work.write()
    result = close_session(work, user, session_id=session_id, notes=notes)
    work.commit()
    return result


def close_session(
    work: Work, user: UserRecord, *, session_id: int, notes: str | None = None
) -> LogResult:
    """Close a session and adapt the plan (a writing unit; not committed here)."""
    done = repo.finish_session(
        work.session,
        user_id=user.id,
        session_id=session_id,
        ended_at=work.clock(),
        notes=notes,
    )
    changes = adapt_after(work.session, work.clock(), user, done)
    return LogResult(done, tuple(changes))


def _scheduled_on(work: Work, user: UserRecord, on: date) -> ScheduledEntry | None:
    plan = repo.active_plan(work.session, user_id=user.id)
    if plan is None:
        return None
    planned = repo.list_scheduled(work.session, plan_id=plan.id or 0, status="planned")
    return next((s for s in planned if s.scheduled_on == on), None)


def log_sessions(work: Work, user: UserRecord, *, data: Any) -> list[LogResult]:
    """Use case: log whole sessions (one object or a list, keys
    :data:`SESSION_KEYS`), each followed by the plan's adaptation to it.

    Everything is checked before anything is stored, and all of it is committed
    together: the sessions and the plan changes, or nothing.
    """
    work.write()
    results = store_sessions(work, user, data=data)
    work.commit()
    return results


def store_sessions(work: Work, user: UserRecord, *, data: Any) -> list[LogResult]:
    """:func:`log_sessions` inside a larger use case (not committed here)."""
    items = data if isinstance(data, list) else [data]
    context = SessionContext(
        user.time_zone, work.clock(), lambda on: _scheduled_on(work, user, on)
    )
    entries = [
        parse_session(item, where=f"sessions[{i}]", context=context)
        for i, item in enumerate(items)
    ]
    results = []
    for entry in sorted(entries, key=lambda e: e.started_at):
        stored = repo.log_session(work.session, user_id=user.id, entry=entry)
        changes = adapt_after(work.session, work.clock(), user, stored)
        results.append(LogResult(stored, tuple(changes)))
    return results


def log_body_weight(
    work: Work, user: UserRecord, *, body_mass_kg: float
) -> BodyWeightEntry:
    """Use case: record today's body weight (kilograms)."""
    work.write()
    entry = BodyWeightEntry(measured_at=work.clock(), body_mass_kg=body_mass_kg)
    stored = repo.add_body_weight(work.session, user_id=user.id, entry=entry)
    work.commit()
    return stored


def set_preferences(
    work: Work,
    user: UserRecord,
    *,
    units: str | None = None,
    time_zone: str | None = None,
    language: str | None = None,
) -> UserRecord:
    """Use case: change the user's display units (kg/lb), time zone and page
    language (``""``: follow the browser)."""
    work.write()
    updated = repo.update_user_settings(
        work.session,
        user_id=user.id,
        units=units,
        time_zone=time_zone,
        language=language,
    )
    work.commit()
    return updated


def history(work: Work, user: UserRecord, *, limit: int = 20) -> HistoryView:
    """The latest ``limit`` sessions with their sets, and the latest plan changes."""
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or not 1 <= limit <= 10_000
    ):
        raise InvalidInput("limit", limit, msg("a whole number from 1 to 10000"))
    sessions = repo.list_sessions(work.session, user_id=user.id, limit=limit)
    changes = repo.list_plan_changes(work.session, user_id=user.id, limit=limit)
    return HistoryView(user, tuple(sessions), tuple(changes))


# ---------------------------------------------------------------------- assessment


def record_assessment(
    work: Work, user: UserRecord, *, profile: Profile, start_plan: bool = True
) -> tuple[ProfileEntry, PlanEntry | None]:
    """Use case: store a checked assessment's profile and (``start_plan``) a new
    plan from it, together.

    For front ends that assess themselves (the web form); ``pushback assess``
    profiles arrive through :func:`migrate_profile` instead.
    """
    work.write()
    stored = store_profile(work, user, profile, kind="assessment", at=work.clock())
    plan = (
        new_plan(work, user, stored, reason=msg("new assessment"))
        if start_plan
        else None
    )
    work.commit()
    return stored, plan


def retest(
    work: Work, user: UserRecord, *, max_reps: object, variant: str | None = None
) -> RetestResult:
    """Use case: record a max-rep test, update the assessment and start a new
    plan from today."""
    work.write()
    base = profile_of(work, user)
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
        goal=base.goal,
        training_age=base.training_age,
    )
    profile = replace(build_profile(answers, catalog), parq_answered=base.parq_answered)
    stored = store_profile(work, user, profile, kind="retest", at=work.clock())
    step = ladder_step(profile, catalog)
    reason = msg(
        "retest: %(reps)s × %(name)s (before: %(before)s × %(before_name)s), "
        "push-up level %(step)d (%(step_name)s)",
        reps=profile.max_pushups,
        name=_named(catalog, profile.variant),
        before=base.max_pushups,
        before_name=_named(catalog, base.variant),
        step=step.step,
        step_name=_named(catalog, step.slug),
    )
    plan = new_plan(work, user, stored, reason=reason, code="retest")
    work.commit()
    return RetestResult(stored, base.max_pushups, step.step, step.slug, plan)


# ------------------------------------------------------------------------ progress


def progress(work: Work, user: UserRecord, *, weeks: int = 12) -> ProgressReport:
    """Progress series over the last ``weeks`` weeks (1-520)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise InvalidInput("weeks", weeks, msg("a whole number from 1 to 520"))
    since = since_for(work.clock(), weeks)
    sessions = repo.list_sessions(work.session, user_id=user.id, since=since)
    weights = repo.list_body_weights(work.session, user_id=user.id, since=since)
    profiles = repo.list_profiles(work.session, user_id=user.id)
    return build_report(
        user,
        sessions=list(reversed(sessions)),
        weights=weights,
        assessed=[p for p in profiles if p.taken_at >= since],
        today=today_of(work, user),
        catalog=load_catalog(),
    )


def training_days(work: Work, user: UserRecord, *, weeks: int = 12) -> list[date]:
    """The local date of every session started in the last ``weeks`` weeks, newest
    first (one entry per session; sets are not loaded)."""
    starts = repo.session_starts(
        work.session, user_id=user.id, since=since_for(work.clock(), weeks)
    )
    return [local_date(moment, user.time_zone) for moment in starts]


# ---------------------------------------------------------------------- exchange


def export_backup(work: Work, user: UserRecord) -> dict[str, Any]:
    """The user's full JSON backup (restores exactly with :func:`import_file`)."""
    return _exchange.export_backup(work.session, user)


def export_csv(work: Work, user: UserRecord) -> str:
    """Every logged set as CSV with Strong's export columns."""
    return _exchange.export_csv(work.session, user)


def import_file(
    work: Work, user: UserRecord, *, path: Path, replace_data: bool = False
) -> ImportResult:
    """Use case: import a pushback JSON backup or a Strong, Hevy or FitNotes CSV.

    A bad or foreign file raises :class:`InvalidInput` and changes nothing; a
    backup into a user who already has data raises :class:`Conflict` unless
    ``replace_data``.
    """
    work.write()
    result = _exchange.import_file(work.session, user, path, replace_data=replace_data)
    work.commit()
    return result
