"""The journal service's core (private; use :mod:`pushback.services.training.journal`):
users, profiles (migrated from ``pushback assess``, or recorded by a front end)
and the plans built from them. Nothing here commits: the use case that calls it
does, once (:mod:`pushback.services.unit`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from pushback.domain.catalog import load_catalog
from pushback.domain.errors import NotFound
from pushback.domain.phrases import msg
from pushback.domain.plans import GENERATOR_VERSION, build_plan
from pushback.domain.profile import Profile
from pushback.journal import Database, open_database, storage_errors
from pushback.journal import repository as repo
from pushback.journal.migrate import upgrade
from pushback.journal.records import (
    CLI_USER,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    UserRecord,
)
from pushback.services.coaching import coach
from pushback.services.training._adapt import local_date, plan_history, profile_entry
from pushback.services.unit import Journal, Work, open_journal
from pushback.settings import Settings

__all__ = [
    "DEFAULT_PLAN_WEEKS",
    "Journal",
    "Work",
    "ensure_plan",
    "migrate_profile",
    "new_plan",
    "open_journal",
    "profile_of",
    "resolve_user",
    "store_profile",
    "today_of",
    "upgrade_database",
]


#: Weeks of a plan the journal builds on its own (issue 2's ``--weeks`` default).
DEFAULT_PLAN_WEEKS = 4


def upgrade_database(settings: Settings) -> str | None:
    """``pushback db upgrade``: bring the schema to the newest revision (and,
    with the external job queue, create the job engine's tables)."""
    db = Database(open_database(settings, create=False).engine)
    try:
        with storage_errors():  # a full or read-only disk: one line, not a traceback
            revision = upgrade(db.engine)
    finally:
        db.dispose()
    if settings.job_queue == "external":
        from pushback.jobs.engine import apply_engine_schema

        apply_engine_schema(settings)
    return revision


def resolve_user(work: Work, name: str) -> UserRecord:
    """The journal user called ``name``, created (and committed) on first use:
    what a CLI command does once, before its use case."""
    found = repo.find_user(work.session, name=name)
    if found is not None:
        return found
    work.write()
    created = repo.ensure_user(work.session, name=name)
    work.commit()
    return created


def today_of(work: Work, user: UserRecord) -> date:
    return local_date(work.clock(), user.time_zone)


# ------------------------------------------------------------------------ profile


def migrate_profile(work: Work, user: UserRecord) -> ProfileEntry | None:
    """Copy the profile ``pushback assess`` saved into the journal, each time it is
    newer than the user's latest profile (calls ``work.require_write`` first).

    Only command-line users take it: users with no profile yet, or who took one
    from the file before. Web accounts (a password set) never take it, except
    ``local`` once an account has claimed it: on a shared machine the CLI's file
    must not leak into somebody else's account.
    Returns the journal's newest profile afterwards (None if there is none).
    """
    if user.has_password and user.name != CLI_USER:
        return repo.latest_profile(work.session, user_id=user.id)
    known = repo.list_profiles(work.session, user_id=user.id)
    latest = max(known, key=lambda p: (p.taken_at, p.id or 0)) if known else None
    path = work.settings.profile_path
    if not path.is_file() or (known and all(p.kind != "migrated" for p in known)):
        return latest
    saved_at = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    if latest is not None and latest.taken_at >= saved_at:
        return latest
    work.require_write()
    profile = coach.load_profile(work.settings)
    return store_profile(work, user, profile, kind="migrated", at=saved_at)


def store_profile(
    work: Work, user: UserRecord, profile: Profile, *, kind: str, at: datetime
) -> ProfileEntry:
    entry = profile_entry(profile, kind=kind, at=at)
    return repo.add_profile(work.session, user_id=user.id, entry=entry)


def profile_of(work: Work, user: UserRecord) -> Profile:
    entry = migrate_profile(work, user)
    if entry is None:
        raise NotFound(
            msg("No profile yet: run `pushback assess` first."),
            field="profile",
        )
    return Profile.from_dict(entry.data)


# --------------------------------------------------------------------------- plans


def ensure_plan(work: Work, user: UserRecord) -> PlanEntry:
    """The user's active plan; builds one from their profile when there is none
    or when a new assessment arrived since (``pushback assess``, the web form),
    and the next block when every session of the plan is behind (continuing the
    volume reached; from the retest when one was logged).
    Calls ``work.require_write`` before building one."""
    latest = migrate_profile(work, user)
    active = repo.active_plan(work.session, user_id=user.id)
    if active is not None and (
        latest is None
        or latest.kind not in _ASSESSMENT_KINDS
        or active.inputs.get("profile_id") == latest.id
    ):
        if latest is None or _has_sessions_ahead(work, active):
            return active
        work.require_write()
        return new_plan(
            work, user, latest, reason=msg("the next block"), code="next-block"
        )
    if latest is None:
        raise NotFound(
            msg("No profile yet: run `pushback assess` first."), field="profile"
        )
    work.require_write()
    reason = (
        msg("first plan from your assessment")
        if active is None
        else msg("new assessment")
    )
    return new_plan(work, user, latest, reason=reason)


#: Profile kinds that come from an assessment (a new one starts a new plan).
_ASSESSMENT_KINDS = ("assessment", "migrated")


def _has_sessions_ahead(work: Work, plan: PlanEntry) -> bool:
    schedule = repo.list_schedule(work.session, plan_id=plan.id or 0)
    return not schedule or any(slot.status == "planned" for slot in schedule)


def new_plan(
    work: Work,
    user: UserRecord,
    source: ProfileEntry | Profile,
    *,
    reason: str,
    code: str = "new-plan",
) -> PlanEntry:
    if isinstance(source, Profile):  # callers that stored the profile themselves
        latest = repo.latest_profile(work.session, user_id=user.id)
        if latest is not None and latest.data == source.to_dict():
            source = latest
    profile = source if isinstance(source, Profile) else Profile.from_dict(source.data)
    weeks = DEFAULT_PLAN_WEEKS
    active = repo.active_plan(work.session, user_id=user.id)
    history = None
    if active is not None:  # continue the volume trained so far: nothing resets
        same = not isinstance(source, Profile) and (
            active.inputs.get("profile_id") == source.id
        )
        history = plan_history(work.session, active, new_test=not same)
    plan = build_plan(profile, load_catalog(), weeks=weeks, history=history)
    start = today_of(work, user)
    data = plan.to_dict()
    # Week numbers carry on; the plan's dates count from its (earlier) week 1.
    origin = start - timedelta(days=7 * (plan.weeks[0].week - 1))
    entry = PlanEntry(
        uuid=str(uuid.uuid4()),
        start_date=origin,
        generator_version=plan.generator_version or GENERATOR_VERSION,
        inputs={
            "profile_id": None if isinstance(source, Profile) else source.id,
            "profile": profile.to_dict(),
            "weeks": weeks,
            "start": start.isoformat(),
        },
        plan=data,
        created_at=work.clock(),
        reason=reason,
    )
    sessions = _materialise(data, origin)
    change = PlanChangeEntry(
        effective_on=start,
        code=code,
        reason=msg("New %(weeks)d-week plan: %(reason)s.", weeks=weeks, reason=reason),
    )
    return repo.save_plan(
        work.session, user_id=user.id, entry=entry, sessions=sessions, change=change
    )


def _materialise(plan: dict[str, Any], start: date) -> list[ScheduledEntry]:
    """Dated sessions of a plan JSON: week w, day d falls on start + 7(w-1) + d-1."""
    sessions: list[ScheduledEntry] = []
    for week in plan["weeks"]:
        for session in week["sessions"]:
            sessions.append(
                ScheduledEntry(
                    position=len(sessions),
                    week=week["week"],
                    day=session["day"],
                    scheduled_on=start
                    + timedelta(days=7 * (week["week"] - 1) + session["day"] - 1),
                    exercises=tuple(session["exercises"]),
                    deload=bool(week["deload"]),
                    title=session.get("title", ""),
                )
            )
    return sessions
