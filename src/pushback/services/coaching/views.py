"""Use cases of the web app for one account (a journal user).

The web app and the CLI share the journal: an account is the journal user of the
same name, so ``pushback --user NAME today`` and the dashboard show one plan. An
assessment made on the web is stored in the journal and starts a new plan there
(the CLI keeps its profile in a file until ``migrate_profile`` copies it in).

JSON outputs match the CLI's: :func:`plan_json` is ``pushback plan --json`` for the
same profile and start, :func:`exercises_json` / :func:`exercise_json` are
``pushback exercises [show SLUG] --json``, :func:`nutrition_json` is
``pushback nutrition --json``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pushback.domain.adaptation import prescription_from_dict
from pushback.domain.assessment import Assessment, AssessmentAnswers, answers_of
from pushback.domain.errors import InvalidInput, NotAllowed, NotFound
from pushback.domain.phrases import msg
from pushback.domain.profile import PARQ_QUESTIONS, Profile
from pushback.journal import repository as repo
from pushback.journal.records import (
    PlanChangeEntry,
    PlanEntry,
    ScheduledEntry,
    ScheduleSlot,
    UserRecord,
)
from pushback.render import plan_formats
from pushback.services.coaching import coach, nutrition
from pushback.services.coaching.nutrition import NutritionQuery
from pushback.services.training import journal as journal_service
from pushback.services.training.journal import LogResult, Work

__all__ = [
    "Dashboard",
    "PlanView",
    "answers_from_profile",
    "assessment_form_values",
    "current_ladder_step",
    "dashboard",
    "latest_assessment",
    "latest_profile",
    "log_workout",
    "nutrition_json",
    "parse_start",
    "plan_ics",
    "plan_json",
    "plan_view",
    "profile_json",
    "save_assessment",
    "session_json",
    "sets_json",
    "today_for",
]


def today_for(work: Work, time_zone: str) -> date:
    """Today's date in ``time_zone`` by the unit's clock."""
    return journal_service.local_date(work.clock(), time_zone)


# ------------------------------------------------------------------------ profile


def latest_profile(work: Work, user: UserRecord) -> Profile | None:
    """The user's newest profile, or None before the first assessment."""
    entry = repo.latest_profile(work.session, user_id=user.id)
    return Profile.from_dict(entry.data) if entry is not None else None


def answers_from_profile(profile: Profile) -> AssessmentAnswers:
    """The answers that rebuild ``profile`` (to re-check it or plan from it)."""
    return replace(
        answers_of(profile), parq=profile.parq if profile.parq_answered else None
    )


def latest_assessment(work: Work, user: UserRecord) -> Assessment | None:
    """The assessment of the newest profile (ladder step, norms, advice)."""
    profile = latest_profile(work, user)
    return _assessment_of(profile) if profile is not None else None


def _assessment_of(profile: Profile) -> Assessment:
    return coach.preview_assessment(answers_from_profile(profile))


def current_ladder_step(work: Work, user: UserRecord) -> int | None:
    """The ladder step of the newest assessment, or None."""
    entry = repo.latest_profile(work.session, user_id=user.id)
    return entry.ladder_step if entry is not None else None


def assessment_form_values(work: Work, user: UserRecord) -> dict[str, Any]:
    """The last answers as form values (empty before the first assessment)."""
    profile = latest_profile(work, user)
    if profile is None:
        return {}
    values: dict[str, Any] = {
        "max_pushups": profile.max_pushups,
        "variant": profile.variant,
        "age": profile.age,
        "sex": profile.sex,
        "weight": profile.body_mass_kg,
        "weight_unit": "kg",
        "days": profile.days_per_week,
        "equipment": [e for e in profile.equipment if e != "none"],
        "condition": list(profile.conditions),
        "cleared": "yes" if profile.cleared else None,
        "goal": profile.goal,
    }
    if profile.parq_answered:
        for key, _ in PARQ_QUESTIONS:
            values[f"parq_{key}"] = "yes" if getattr(profile.parq, key) else "no"
    return values


def save_assessment(
    work: Work, user: UserRecord, answers: AssessmentAnswers
) -> Assessment:
    """Check and assess the answers, store the profile and start a new plan.

    Nothing is stored when an answer is invalid (InvalidInput naming the field).
    While clearance is pending the profile is stored but no plan is made.
    """
    assessment = coach.preview_assessment(answers)
    journal_service.record_assessment(
        work,
        user,
        profile=assessment.profile,
        start_plan=assessment.plan_allowed,
    )
    return assessment


def profile_json(work: Work, user: UserRecord) -> dict[str, Any]:
    """The account's settings and newest profile (``profile`` null before one)."""
    profile = latest_profile(work, user)
    return {
        "name": user.name,
        "units": user.units,
        "time_zone": user.time_zone,
        "profile": profile.to_dict() if profile is not None else None,
    }


# --------------------------------------------------------------------------- plans


def parse_start(text: str | None) -> date | None:
    """An ISO start date, None when not given; InvalidInput naming ``start``."""
    return None if text is None else coach.parse_date(text, date.today())


def plan_json(
    work: Work, user: UserRecord, *, weeks: object = 4, start: date | None = None
) -> coach.PlanResult:
    """``pushback plan`` for this user: built from the newest profile, starting on
    ``start`` (default: the active plan's first day, else today).

    Raises NotFound before the first assessment, NotAllowed while clearance is
    pending, InvalidInput for bad ``weeks``.
    """
    profile = latest_profile(work, user)
    if profile is None:
        raise NotFound(msg("No assessment yet: POST /api/v1/assessment first."))
    if start is None:
        active = repo.active_plan(work.session, user_id=user.id)
        start = active.start_date if active else today_for(work, user.time_zone)
    answers = answers_from_profile(profile)
    return coach.make_plan(work.settings, answers=answers, weeks=weeks, start=start)


@dataclass(frozen=True)
class PlanView:
    """The active plan as the journal holds it: dated (and adapted) sessions."""

    plan: PlanEntry
    sessions: tuple[ScheduledEntry, ...]
    changes: tuple[PlanChangeEntry, ...]
    today: date

    @property
    def weeks(self) -> list[tuple[int, bool, list[ScheduledEntry]]]:
        """``(week, deload, sessions)`` in plan order (skipped sessions left out)."""
        grouped: dict[int, list[ScheduledEntry]] = {}
        for item in self.sessions:
            if item.status != "skipped":
                grouped.setdefault(item.week, []).append(item)
        return [
            (week, any(s.deload for s in items), items)
            for week, items in grouped.items()
        ]


def plan_view(work: Work, user: UserRecord) -> PlanView:
    """Use case: the active plan (made from the newest profile on first use).

    Raises NotFound before the first assessment, NotAllowed while clearance is
    pending.
    """
    return work.run(lambda: _plan_view(work, user))


def _plan_view(work: Work, user: UserRecord) -> PlanView:
    if repo.latest_profile(work.session, user_id=user.id) is None:
        # Checked here so ensure_plan never copies the CLI's profile file into a
        # web account that has not been assessed (it belongs to the CLI user).
        raise NotFound(msg("No assessment yet: take the assessment first."))
    plan = journal_service.ensure_plan(work, user)
    return PlanView(
        plan=plan,
        sessions=tuple(repo.list_scheduled(work.session, plan_id=plan.id or 0)),
        changes=tuple(repo.list_plan_changes(work.session, user_id=user.id, limit=10)),
        today=today_for(work, user.time_zone),
    )


def plan_ics(view: PlanView, now: datetime | None = None) -> str:
    """The active plan as iCalendar text: one all-day event per session still
    planned or done, on its (possibly moved) date."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//pushback//plan//EN",
             "CALSCALE:GREGORIAN"]  # fmt: skip
    for item in view.sessions:
        if item.status == "skipped":
            continue
        body = [
            plan_formats.describe(prescription_from_dict(dict(x)))
            for x in item.exercises
        ]
        summary = f"pushback week {item.week} day {item.day}: {item.title}"
        next_day = item.scheduled_on + timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:pushback-{view.plan.uuid}-{item.position}@pushback",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{item.scheduled_on.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{next_day.strftime('%Y%m%d')}",
            f"SUMMARY:{plan_formats.escape_text(summary)}",
            f"DESCRIPTION:{plan_formats.escape_text(chr(10).join(body))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(plan_formats.fold_line(line) + "\r\n" for line in lines)


# ------------------------------------------------------------------------ dashboard


@dataclass(frozen=True)
class Dashboard:
    """The dashboard: today (or the next session), the week, streak, deload, changes."""

    assessment: Assessment
    today: journal_service.TodayView | None
    week: tuple[tuple[date, ScheduleSlot | None], ...]
    streak_weeks: int
    sessions_this_week: int
    next_deload_on: date | None
    blocked: str | None = None


def dashboard(work: Work, user: UserRecord) -> Dashboard | None:
    """Use case: what the dashboard shows; None before the first assessment.

    The week view reuses the schedule ``today`` read: the page is one of the
    busiest, and each lookup is a database round trip (``bench web``).
    """
    return work.run(lambda: _dashboard(work, user))


def _dashboard(work: Work, user: UserRecord) -> Dashboard | None:
    profile = latest_profile(work, user)
    if profile is None:
        return None
    assessment = _assessment_of(profile)
    local_today = today_for(work, user.time_zone)
    monday = local_today - timedelta(days=local_today.weekday())
    trained = journal_service.training_days(work, user, weeks=_STREAK_WEEKS)
    streak = journal_service.streak_weeks(set(trained), local_today)
    this_week = sum(1 for day in trained if day >= monday)
    try:
        view = journal_service.today_view(work, user)
    except NotAllowed as error:
        return Dashboard(assessment, None, (), streak, this_week, None,
                         blocked=error.message)  # fmt: skip
    scheduled = view.schedule
    by_date = {s.scheduled_on: s for s in scheduled if s.status != "skipped"}
    days = [monday + timedelta(days=n) for n in range(7)]
    deloads = [
        s.scheduled_on for s in scheduled if s.deload and s.scheduled_on >= local_today
    ]
    return Dashboard(
        assessment=assessment,
        today=view,
        week=tuple((day, by_date.get(day)) for day in days),
        streak_weeks=streak,
        sessions_this_week=this_week,
        next_deload_on=min(deloads) if deloads else None,
    )


#: How far back the dashboard's week streak looks (a year of weeks).
_STREAK_WEEKS = 52


# ---------------------------------------------------------------------- nutrition


def nutrition_json(
    work: Work, user: UserRecord, query: NutritionQuery
) -> dict[str, Any]:
    """``pushback nutrition --json`` for this user.

    With no weight in ``query``, weight, age and sex come from the newest
    assessment (never from the CLI's profile file) and ``from_profile`` says so.
    Raises InvalidInput (``weight_kg``) when there is no weight anywhere.
    """
    filled, from_profile = _with_profile(work, user, query)
    data = nutrition.targets_dict(nutrition.nutrition_targets(work.settings, filled))
    data["inputs"]["from_profile"] = from_profile
    return data


def _with_profile(
    work: Work, user: UserRecord, query: NutritionQuery
) -> tuple[NutritionQuery, list[str]]:
    if query.weight_kg is not None or query.weight_lb is not None:
        return query, []
    profile = latest_profile(work, user)
    if profile is None or profile.body_mass_kg is None:
        raise InvalidInput(
            "weight_kg",
            None,
            msg(
                "given (30-300 kg, or weight_lb) because your assessment has no weight"
            ),
        )
    used = ["weight_kg"]
    age, sex = query.age, query.sex
    if age is None and profile.age is not None:
        age = profile.age
        used.append("age")
    if sex is None and profile.sex is not None:
        sex = profile.sex
        used.append("sex")
    return replace(query, weight_kg=profile.body_mass_kg, age=age, sex=sex), used


# ------------------------------------------------------------------------ journal


def session_json(work: Work, user: UserRecord, session_id: int) -> dict[str, Any]:
    """One of the user's logged sessions; NotFound when it is not theirs."""
    entry = repo.get_session(work.session, user_id=user.id, session_id=session_id)
    return journal_service.session_dict(entry)


def sets_json(work: Work, user: UserRecord, *, limit: int = 50) -> dict[str, Any]:
    """The user's latest sets (newest session first), each with its session id."""
    view = journal_service.history(work, user, limit=limit)
    rows = []
    for session in view.to_dict()["sessions"]:
        for item in session["sets"]:
            rows.append({"session_id": session["id"], **item})
    return {"user": user.name, "sets": rows[:limit]}


def log_workout(work: Work, user: UserRecord, session: dict[str, Any]) -> LogResult:
    """Use case: log one whole session (keys of ``journal.SESSION_KEYS``) and
    adapt the plan, together."""
    return journal_service.log_sessions(work, user, data=session)[0]
