"""Adaptive progression: the plan reacts to what was logged (pure functions).

Two entry points, both returning an :class:`Adaptation` (the new schedule and
the :class:`Decision` list, each with a stable ``code`` and a human reason):

* :func:`adapt_to_calendar` (run when the user asks for today's session):
  missed sessions **shift** the rest of the plan instead of piling up; back after
  more than 7 days: a **re-entry** week at reduced volume; after more than 4
  weeks: a **retest** first (issue 3).
* :func:`adapt_to_session` (run after a session is logged), per exercise, first
  matching rule wins (brief section 4, the [design] failed-target rule):

  1. pain on a set: **substitute** per the catalog's substitution for the
     matching condition (else the easier ladder step; else drop it) and say why;
  2. form broke before the target, or the bottom of the window missed in two
     consecutive sessions: **regress-step** (one ladder step down) or, with no
     easier step, **cut-sets** by about 30%;
  3. the bottom of the window missed once: **repeat** the last target;
  4. every set at the top of the window with >= 1 RIR in two consecutive
     sessions: **progress-step** to the next ladder step when its gate is met
     (``progression.next_target``); otherwise all sets at the target with >= 1
     RIR: **progress-reps** (one more rep, inside the window).

  Then a **deload** is triggered when every session of the last 7 days (at least
  two) had low readiness (sleep <= 2 or soreness >= 4 on the 1-5 scales) or a set
  at RPE 10 / 0 RIR: the next 7 days get about half the sets at 3-4 RIR
  (``progression.deload_sets``, ``DELOAD_RIR``).

Whatever the logs say, :func:`enforce_caps` then applies the shared rules of
``progression.py`` to the schedule: sets per exercise, the novice push cap,
the 20% weekly rule and the minimum RIR. Adaptation never adds sets.
Every threshold here is **[design]**: the brief gives the rules, not the cut-offs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from pushback.domain._adaptation_rules import (
    CUT_FRACTION,
    count_of,
    rule_for,
    with_count,
)
from pushback.domain.catalog import Catalog
from pushback.domain.plans import Prescription
from pushback.domain.progression import (
    DELOAD_RIR,
    NOVICE_WEEKS,
    PULL_CATEGORIES,
    PUSH_CATEGORIES,
    deload_sets,
    max_sets_per_exercise,
    max_weekly_sets,
    rir_for_week,
)

__all__ = [
    "CODES",
    "CUT_FRACTION",
    "HIGH_SORENESS",
    "LOW_SLEEP",
    "RETEST_AFTER_DAYS",
    "RE_ENTRY_AFTER_DAYS",
    "Adaptation",
    "Decision",
    "PlannedSession",
    "Rules",
    "SessionLog",
    "SetLog",
    "adapt_to_calendar",
    "adapt_to_session",
    "calendar_is_current",
    "enforce_caps",
    "prescription_from_dict",
]

#: Every decision code, in the order of the rules above.
CODES: tuple[str, ...] = (
    "shift",
    "re-entry",
    "retest",
    "substitute",
    "drop",
    "regress-step",
    "cut-sets",
    "repeat",
    "progress-step",
    "progress-reps",
    "deload",
)
#: [design] issue 3: "back after more than 7 days: a re-entry week".
RE_ENTRY_AFTER_DAYS = 7
#: [design] issue 3: "after more than 4 weeks: a retest first".
RETEST_AFTER_DAYS = 28
#: [design] readiness on 1-5 scales: sleep at or below / soreness at or above.
LOW_SLEEP = 2
HIGH_SORENESS = 4
#: [design] "for a week": at least this many sessions, all flagged, in 7 days.
TRIGGER_WINDOW_DAYS = 7
MIN_TRIGGER_SESSIONS = 2


@dataclass(frozen=True)
class Rules:
    """What adaptation needs besides the logs: the catalog and whether the
    profile calls for conservative settings (a PAR-Q+ yes, pregnancy)."""

    catalog: Catalog
    conservative: bool = False


@dataclass(frozen=True)
class SetLog:
    """One logged set as adaptation sees it. ``count`` is reps (or reps per side)."""

    slug: str | None
    count: int | None
    target: int | None = None
    rep_range: tuple[int, int] | None = None
    rir: int | None = None
    form_broke: bool = False
    pain: bool = False
    pain_location: str | None = None
    hard: bool = True  # work (or failure) set, not a warm-up


@dataclass(frozen=True)
class SessionLog:
    """One logged session: its local date, readiness (1-5) and sets."""

    on: date
    sets: tuple[SetLog, ...]
    sleep_score: int | None = None
    soreness_score: int | None = None


@dataclass(frozen=True)
class PlannedSession:
    """One session of the schedule; ``key`` identifies it for the caller."""

    key: int
    week: int
    on: date
    exercises: tuple[Prescription, ...]
    deload: bool = False
    title: str = ""
    done: bool = False


@dataclass(frozen=True)
class Decision:
    """One change to the plan: a stable ``code`` and the reason shown to the user."""

    code: str
    reason: str
    effective_on: date
    slug: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Adaptation:
    """The schedule after adaptation and the decisions that changed it."""

    sessions: tuple[PlannedSession, ...]
    decisions: tuple[Decision, ...]
    retest_due: bool = False

    def changed(self, before: Sequence[PlannedSession]) -> tuple[PlannedSession, ...]:
        """The sessions that differ from ``before`` (same keys)."""
        old = {s.key: s for s in before}
        return tuple(s for s in self.sessions if old.get(s.key) != s)


def prescription_from_dict(data: dict[str, Any]) -> Prescription:
    """Rebuild a :class:`Prescription` from ``Prescription.to_dict()`` output."""
    known = Prescription.__dataclass_fields__
    values = {key: value for key, value in data.items() if key in known}
    if values.get("rep_range") is not None:
        low, high = values["rep_range"]
        values["rep_range"] = (int(low), int(high))
    values["cues"] = tuple(values.get("cues") or ())
    return Prescription(**values)


# --------------------------------------------------------------------------- calendar


def adapt_to_calendar(
    schedule: Sequence[PlannedSession],
    *,
    today: date,
    last_trained: date | None,
    recent_codes: Iterable[str] = (),
) -> Adaptation:
    """Shift missed sessions to today; plan a re-entry week or a retest after a break.

    ``last_trained`` is the local date of the newest logged session (None if
    none); ``recent_codes`` are the codes of changes made since then, so a
    re-entry week is planned once per break.
    """
    sessions = tuple(schedule)
    decisions: list[Decision] = []
    missed = [s for s in sessions if not s.done and s.on < today]
    if missed:
        first = min(s.on for s in missed)
        days = (today - first).days
        sessions = tuple(
            s if s.done else replace(s, on=s.on + timedelta(days)) for s in sessions
        )
        decisions.append(
            Decision(
                "shift",
                f"{len(missed)} planned session(s) missed since {first.isoformat()}: "
                f"the rest of the plan moves {days} day(s) later instead of piling up.",
                today,
                details={"days": days, "missed": len(missed)},
            )
        )
    gap = (today - last_trained).days if last_trained is not None else 0
    recent = set(recent_codes)
    retest_due = gap > RETEST_AFTER_DAYS
    if retest_due and "retest" not in recent:
        decisions.append(
            Decision(
                "retest",
                f"{gap} days since your last session (more than 4 weeks): retest "
                "your max reps first (`pushback test`) so the plan restarts from "
                "where you are.",
                today,
                details={"gap_days": gap},
            )
        )
    elif not retest_due and gap > RE_ENTRY_AFTER_DAYS and "re-entry" not in recent:
        sessions = _lighten(sessions, today, "Re-entry")
        decisions.append(
            Decision(
                "re-entry",
                f"{gap} days since your last session (more than 7): this week is a "
                "re-entry week, about half the sets at 3-4 RIR, before the plan "
                "resumes.",
                today,
                details={"gap_days": gap},
            )
        )
    return Adaptation(sessions, tuple(decisions), retest_due)


def calendar_is_current(
    earliest_planned_on: date | None, *, today: date, last_trained: date | None
) -> bool:
    """True when :func:`adapt_to_calendar` would change and decide nothing.

    That is when no planned (not done) session is dated before ``today`` and the
    break since ``last_trained`` is at most :data:`RE_ENTRY_AFTER_DAYS` (so no
    re-entry week and no retest either). Lets a caller skip loading the whole
    schedule on the many views of a day when nothing is missed.
    """
    gap = (today - last_trained).days if last_trained is not None else 0
    no_missed = earliest_planned_on is None or earliest_planned_on >= today
    return no_missed and gap <= RE_ENTRY_AFTER_DAYS


def _lighten(
    sessions: tuple[PlannedSession, ...], start: date, label: str
) -> tuple[PlannedSession, ...]:
    """The next 7 days from ``start`` become deload-like: half the sets, 3+ RIR."""
    end = start + timedelta(days=TRIGGER_WINDOW_DAYS)

    def lighter(item: Prescription) -> Prescription:
        if not item.hard:
            return item
        rir = None if item.rir is None else max(item.rir, DELOAD_RIR)
        return replace(item, sets=deload_sets(item.sets), rir=rir)

    return tuple(
        replace(
            s,
            deload=True,
            title=f"{label}: {s.title}" if s.title else label,
            exercises=tuple(lighter(item) for item in s.exercises),
        )
        if not s.done and not s.deload and start <= s.on < end
        else s
        for s in sessions
    )


# ---------------------------------------------------------------------------- session


def adapt_to_session(
    schedule: Sequence[PlannedSession],
    *,
    latest: SessionLog,
    history: Sequence[SessionLog],
    rules: Rules,
    recent_codes: Iterable[str] = (),
) -> Adaptation:
    """Adapt the sessions still ahead to the session just logged (``latest``).

    ``history`` holds the earlier logged sessions, newest first; ``recent_codes``
    the codes of plan changes of the last 7 days (a triggered deload happens once).
    """
    sessions = tuple(schedule)
    ahead = [s.on for s in sessions if not s.done and s.on > latest.on]
    effective = min(ahead) if ahead else latest.on + timedelta(days=1)
    decisions: list[Decision] = []
    for slug in dict.fromkeys(s.slug for s in latest.sets if s.slug and s.hard):
        sets = _counted(latest, slug)
        if not sets:
            continue
        before = next((found for h in history if (found := _counted(h, slug))), None)
        change = rule_for(slug, sets, before, rules.catalog)
        if change is None:
            continue
        changed = change.transform(sessions)
        if changed == sessions and change.code == "progress-reps":
            continue  # the plan already asks for at least that much
        sessions = changed
        decisions.append(
            Decision(change.code, change.reason, effective, change.slug, change.details)
        )
    trigger = _deload_trigger(latest, history, set(recent_codes))
    if trigger is not None:
        lighter = _lighten(
            sessions, latest.on + timedelta(days=1), "Deload (triggered)"
        )
        if lighter != sessions:
            sessions = lighter
            decisions.append(Decision("deload", trigger, effective))
    return Adaptation(
        enforce_caps(sessions, conservative=rules.conservative), tuple(decisions)
    )


def _counted(session: SessionLog, slug: str) -> tuple[SetLog, ...]:
    return tuple(
        s for s in session.sets if s.slug == slug and s.hard and s.count is not None
    )


def _deload_trigger(
    latest: SessionLog, history: Sequence[SessionLog], recent: set[str]
) -> str | None:
    if "deload" in recent:
        return None
    start = latest.on - timedelta(days=TRIGGER_WINDOW_DAYS - 1)
    week = [latest, *(h for h in history if start <= h.on <= latest.on)]
    if len(week) < MIN_TRIGGER_SESSIONS:
        return None
    if all(_low_readiness(s) for s in week):
        cause = (
            f"low readiness (sleep <= {LOW_SLEEP} or soreness >= {HIGH_SORENESS} of 5)"
        )
    elif all(any(x.hard and x.rir == 0 for x in s.sets) for s in week):
        cause = "a set at RPE 10 (0 RIR)"
    else:
        return None
    return (
        f"{len(week)} sessions in the last 7 days, each with {cause}: the next 7 days "
        "are a deload, about half the sets at 3-4 RIR (brief section 4)."
    )


def _low_readiness(session: SessionLog) -> bool:
    return (session.sleep_score is not None and session.sleep_score <= LOW_SLEEP) or (
        session.soreness_score is not None and session.soreness_score >= HIGH_SORENESS
    )


# ------------------------------------------------------------------------------ caps


def enforce_caps(
    sessions: Sequence[PlannedSession], *, conservative: bool = False
) -> tuple[PlannedSession, ...]:
    """Bring the sessions ahead inside the shared caps of ``progression.py``.

    Per week, in order: sets per exercise, reps inside the window, the minimum
    RIR, then the novice push cap and the 20% rule against the previous week that
    was not entirely deload (done sessions count but are never changed).
    Never adds work.
    """
    result = list(sessions)
    previous: dict[bool, int | None] = {True: None, False: None}
    for week in sorted({s.week for s in result}):
        indexes = [i for i, s in enumerate(result) if s.week == week]
        for i in indexes:
            if not result[i].done:
                result[i] = _cap_session(result[i], conservative)
        deload = all(result[i].deload for i in indexes)
        for categories, push in ((PUSH_CATEGORIES, True), (PULL_CATEGORIES, False)):
            limit = max_weekly_sets(week, None if deload else previous[push], push=push)
            if limit is not None:
                _trim(result, indexes, categories, limit)
        if not deload:
            previous = {
                True: _hard_sets(result, indexes, PUSH_CATEGORIES),
                False: _hard_sets(result, indexes, PULL_CATEGORIES),
            }
    return tuple(result)


def _cap_session(session: PlannedSession, conservative: bool) -> PlannedSession:
    per_exercise = None
    if session.week <= NOVICE_WEEKS or conservative:
        per_exercise = max_sets_per_exercise(session.week, conservative=conservative)
    floor_rir = rir_for_week(
        session.week, deload=session.deload, conservative=conservative
    )
    items = []
    for item in session.exercises:
        if item.hard:
            sets = item.sets if per_exercise is None else min(item.sets, per_exercise)
            rir = None if item.rir is None else max(item.rir, floor_rir)
            item = replace(item, sets=sets, rir=rir)
            if item.rep_range is not None:
                item = with_count(item, min(count_of(item), item.rep_range[1]))
        if item.sets > 0:
            items.append(item)
    return replace(session, exercises=tuple(items))


def _hard_sets(
    sessions: list[PlannedSession], indexes: list[int], categories: tuple[str, ...]
) -> int:
    return sum(
        p.sets
        for i in indexes
        for p in sessions[i].exercises
        if p.hard and p.category in categories
    )


def _trim(
    sessions: list[PlannedSession],
    indexes: list[int],
    categories: tuple[str, ...],
    limit: int,
) -> None:
    """Take sets off the biggest planned exercises until the week fits ``limit``."""
    while _hard_sets(sessions, indexes, categories) > limit:
        candidates = [
            (p.sets, i, j)
            for i in indexes
            if not sessions[i].done
            for j, p in enumerate(sessions[i].exercises)
            if p.hard and p.category in categories and p.sets > 0
        ]
        if not candidates:
            return
        _, i, j = max(candidates)
        items = list(sessions[i].exercises)
        items[j] = replace(items[j], sets=items[j].sets - 1)
        sessions[i] = replace(
            sessions[i], exercises=tuple(p for p in items if p.sets > 0)
        )
