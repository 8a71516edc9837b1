"""How the journal service runs adaptation on the stored plan (private).

Loads the active plan's sessions as :class:`PlannedSession` values, converts
logged sessions to :class:`SessionLog`, and writes back what changed with the
reasons, in the caller's unit of work. A logged retest (a ``test-result``
decision) is also stored as the user's newest profile (kind ``retest``), so the
next block is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pushback.domain.adaptation import (
    Adaptation,
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
    adapt_to_session,
    adapt_to_test,
    prescription_from_dict,
)
from pushback.domain.assessment import is_conservative, ladder_step
from pushback.domain.catalog import load_catalog
from pushback.domain.plans import PlanHistory, Week, history_of
from pushback.domain.plans import Session as PlanSession
from pushback.domain.profile import Profile
from pushback.journal import Session
from pushback.journal import repository as repo
from pushback.journal.records import (
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    UserRecord,
)

__all__ = [
    "Schedule",
    "adapt_after",
    "adapt_to_film",
    "current_profile",
    "load_schedule",
    "local_date",
    "plan_history",
    "profile_entry",
    "recent_codes",
    "rules_for",
    "save_adaptation",
    "session_log",
]

#: How far back adaptation looks for an exercise's previous session.
HISTORY_DAYS = 90


def local_date(moment: datetime, time_zone: str) -> date:
    """The calendar date of ``moment`` in the user's time zone."""
    return moment.astimezone(ZoneInfo(time_zone)).date()


@dataclass(frozen=True)
class Schedule:
    """The active plan's sessions (not skipped), as stored and as planned values."""

    plan: PlanEntry
    entries: dict[int, ScheduledEntry]
    sessions: tuple[PlannedSession, ...]
    loaded_at: datetime  # also the time stamp of the changes made to it


def load_schedule(session: Session, plan: PlanEntry, now: datetime) -> Schedule:
    """The plan's sessions, read at ``now``."""
    entries = [
        e
        for e in repo.list_scheduled(session, plan_id=plan.id or 0)
        if e.status != "skipped"
    ]
    sessions = tuple(
        PlannedSession(
            key=e.id or 0,
            week=e.week,
            on=e.scheduled_on,
            exercises=tuple(prescription_from_dict(x) for x in e.exercises),
            deload=e.deload,
            title=e.title,
            done=e.status == "done",
            day=e.day,
        )
        for e in entries
    )
    return Schedule(plan, {e.id or 0: e for e in entries}, sessions, now)


def save_adaptation(
    session: Session,
    user: UserRecord,
    schedule: Schedule,
    adaptation: Adaptation,
    session_id: int | None = None,
) -> list[PlanChangeEntry]:
    """Write the sessions adaptation changed and its decisions (not committed)."""
    updates = [
        replace(
            schedule.entries[s.key],
            scheduled_on=s.on,
            exercises=tuple(p.to_dict() for p in s.exercises),
            deload=s.deload,
            title=s.title,
        )
        for s in adaptation.changed(schedule.sessions)
    ]
    changes = [
        PlanChangeEntry(
            effective_on=d.effective_on,
            code=d.code,
            reason=d.reason,
            slug=d.slug,
            details=d.details or None,
            training_session_id=session_id,
            created_at=schedule.loaded_at,
        )
        for d in adaptation.decisions
    ]
    if updates or changes:
        repo.apply_schedule_changes(
            session,
            user_id=user.id,
            plan_id=schedule.plan.id or 0,
            updates=updates,
            changes=changes,
        )
    return changes


def session_log(entry: SessionEntry, time_zone: str) -> SessionLog:
    """A logged session as adaptation sees it (local date, counted sets; a set the
    camera analysed counts its clean reps: those before a lasting breakdown)."""
    return SessionLog(
        on=local_date(entry.started_at, time_zone),
        sleep_score=entry.sleep_score,
        soreness_score=entry.soreness_score,
        planned_key=entry.scheduled_session_id,
        sets=tuple(
            SetLog(
                slug=s.slug,
                count=s.reps if s.reps is not None else s.reps_per_side,
                target=s.target_reps
                if s.target_reps is not None
                else s.target_reps_per_side,
                rep_range=(s.target_rep_low, s.target_rep_high)
                if s.target_rep_low is not None and s.target_rep_high is not None
                else None,
                rir=s.effective_rir,
                form_broke=s.form_broke,
                pain=s.pain,
                pain_location=s.pain_location,
                hard=s.kind in ("work", "failure"),
                target_rir=s.target_rir,
                filmed=s.descent_times_s is not None,
                camera_reps=s.stop_at_rep - 1 if s.stop_at_rep else None,
            )
            for s in entry.sets
        ),
    )


def recent_codes(session: Session, user: UserRecord, since: datetime) -> set[str]:
    changes = repo.list_plan_changes(session, user_id=user.id, limit=50)
    return {
        c.code for c in changes if c.created_at is not None and c.created_at >= since
    }


def current_profile(
    session: Session, user: UserRecord, plan: PlanEntry
) -> Profile | None:
    """The profile adaptation works from: the newest one, else the plan's own."""
    newest = repo.latest_profile(session, user_id=user.id)
    if newest is not None:
        return Profile.from_dict(newest.data)
    if "profile" in plan.inputs:
        return Profile.from_dict(plan.inputs["profile"])
    return None


def rules_for(profile: Profile | None) -> Rules:
    """The adaptation rules for ``profile`` (conservative after a PAR-Q+ yes)."""
    conservative = is_conservative(profile) if profile else False
    return Rules(load_catalog(), conservative, profile=profile)


def adapt_after(
    session: Session, now: datetime, user: UserRecord, entry: SessionEntry
) -> list[PlanChangeEntry]:
    """Adapt the active plan to the session just logged; returns the changes
    (in the caller's unit of work, committed with the session it adapts to)."""
    plan = repo.active_plan(session, user_id=user.id)
    if plan is None:
        return []
    schedule = load_schedule(session, plan, now)
    earlier = repo.list_sessions(
        session,
        user_id=user.id,
        since=entry.started_at - timedelta(days=HISTORY_DAYS),
        until=entry.started_at,
    )
    profile = current_profile(session, user, plan)
    adaptation = adapt_to_session(
        schedule.sessions,
        latest=session_log(entry, user.time_zone),
        history=[session_log(s, user.time_zone) for s in earlier if s.id != entry.id],
        rules=rules_for(profile),
        recent_codes=recent_codes(session, user, now - timedelta(days=7)),
    )
    _store_retest(session, user, profile, adaptation, now)
    return save_adaptation(session, user, schedule, adaptation, entry.id)


def adapt_to_film(
    session: Session, now: datetime, user: UserRecord, session_id: int
) -> list[PlanChangeEntry]:
    """After a film's analysis is stored on a logged retest: the camera's clean-rep
    count becomes the test (in the caller's unit of work); nothing otherwise."""
    plan = repo.active_plan(session, user_id=user.id)
    if plan is None:
        return []
    entry = repo.get_session(session, user_id=user.id, session_id=session_id)
    schedule = load_schedule(session, plan, now)
    newest = repo.latest_profile(session, user_id=user.id)
    profile = Profile.from_dict(newest.data) if newest is not None else None
    adaptation = adapt_to_test(
        schedule.sessions,
        latest=session_log(entry, user.time_zone),
        rules=rules_for(profile),
    )
    _store_retest(session, user, profile, adaptation, now)
    return save_adaptation(session, user, schedule, adaptation, session_id)


def profile_entry(profile: Profile, *, kind: str, at: datetime) -> ProfileEntry:
    """The journal's record of ``profile`` (its ladder step included)."""
    return ProfileEntry(
        taken_at=at,
        kind=kind,
        max_pushups=profile.max_pushups,
        variant=profile.variant,
        ladder_step=ladder_step(profile, load_catalog()).step,
        body_mass_kg=profile.body_mass_kg,
        data=profile.to_dict(),
    )


def _store_retest(
    session: Session,
    user: UserRecord,
    profile: Profile | None,
    adaptation: Adaptation,
    now: datetime,
) -> None:
    """A logged retest becomes the newest profile (the next block starts from it)."""
    for decision in adaptation.decisions:
        if decision.code != "test-result" or profile is None:
            continue
        tested = replace(
            profile,
            variant=decision.details["slug"],
            max_pushups=decision.details["max_reps"],
        )
        repo.add_profile(
            session, user_id=user.id, entry=profile_entry(tested, kind="retest", at=now)
        )


def plan_history(
    session: Session, plan: PlanEntry, *, new_test: bool
) -> PlanHistory | None:
    """What a new block continues from: the plan's weeks up to the last one trained
    (None when nothing was trained). ``new_test``: a new assessment or retest
    places the step, so the history keeps the volume but not the step."""
    entries = [
        e for e in repo.list_scheduled(session, plan_id=plan.id or 0)
        if e.status != "skipped"
    ]  # fmt: skip
    done = [e.week for e in entries if e.status == "done"]
    if not done:
        return None
    last = (
        max(e.week for e in entries)
        if all(e.status == "done" for e in entries)
        else max(done)
    )
    weeks: dict[int, list[ScheduledEntry]] = {}
    for e in entries:
        if e.week <= last:
            weeks.setdefault(e.week, []).append(e)
    history = history_of(
        (
            Week(
                week=number,
                deload=any(e.deload for e in items),
                sessions=tuple(
                    PlanSession(
                        day=e.day,
                        exercises=tuple(prescription_from_dict(x) for x in e.exercises),
                    )
                    for e in items
                ),
            )
            for number, items in weeks.items()
        ),
        weeks_done=last,
    )
    return replace(history, step=None) if new_test else history
