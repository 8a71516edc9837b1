"""Adaptive progression: the plan reacts to what was logged (pure functions).

Two entry points, both returning an :class:`Adaptation` (the new schedule and
the :class:`Decision` list, each with a stable ``code`` and a human reason):

* :func:`adapt_to_calendar` (run when the user asks for today's session):
  missed sessions **shift** the rest of the plan instead of piling up; back after
  more than 7 days: a **re-entry** week at reduced volume; after more than 4
  weeks: a **retest** first (issue 3).
* :func:`adapt_to_session` (run after a session is logged):

  0. a logged **retest** (the session held the retest of the main exercise) gives
     a **test-result**: the new max (the camera's clean-rep count when the set was
     filmed), the step placed from it and every push slot ahead re-dosed;
  1. the **push pattern** as one unit (brief section 4, failed-target rule): pain
     on a push set moves it to the catalog's safer step (**substitute**, or
     **drop** with none); form broken before the target, or the bottom of the
     window missed in two sessions running: the whole pattern one step down
     (**regress-step**; at the first step **cut-sets** and a shorter range); the
     bottom missed once: **repeat**; every set of the main exercise at its gate
     with reps in reserve in two sessions: one step up (**progress-step**). Every
     push slot follows the main step, so variations never outrun it;
  2. each **pulling or shoulder-blade** exercise: pain: substitute or drop; form
     or two misses: an easier setting or ~30% fewer sets (**cut-sets**); one
     miss: **repeat**; targets met with reps in reserve: **progress-reps**.

  Then a **deload** when every session of the last 7 days (at least two) showed
  fatigue: poor sleep or soreness, a set logged 2+ reps closer to failure than
  prescribed (or at 0 in reserve), missed reps, pain, or form breaking (on camera
  or logged). The next 7 days get about half the sets at 3-4 RIR.

A change that leaves the schedule as it was is neither made nor reported. Then
:func:`enforce_caps` applies the shared caps (sets per exercise, the beginner push
cap, the 20% rule on sets and on reps x sets per slot, the minimum RIR).
Every threshold is in ``data/programming.toml`` with its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from pushback.domain._adaptation_caps import enforce_caps
from pushback.domain._adaptation_restep import current_step, restep
from pushback.domain._adaptation_rules import (
    CUT_FRACTION,
    Change,
    pull_rule,
    push_rule,
)
from pushback.domain._plan_slots import Context, Test, allowed_step
from pushback.domain.assessment import ladder_step
from pushback.domain.catalog import Catalog
from pushback.domain.errors import NotFound
from pushback.domain.person import Person, person_of
from pushback.domain.plans import Prescription
from pushback.domain.profile import Profile
from pushback.domain.programming import load_programming
from pushback.domain.progression import (
    DELOAD_RIR,
    PULL_CATEGORIES,
    PUSH_CATEGORIES,
    deload_sets,
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
    "adapt_to_test",
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
    "test-result",
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
#: [design] a set logged this many reps closer to failure than prescribed.
RIR_DRIFT = 2
#: [design] no triggered deload within this many days of another deload.
DELOAD_GAP_DAYS = 21
#: Decisions that already ease the load (no deload on top of them).
_EASED = frozenset({"regress-step", "cut-sets", "substitute", "drop"})


@dataclass(frozen=True)
class Rules:
    """What adaptation needs besides the logs: the catalog, whether the profile
    calls for conservative settings (a PAR-Q+ yes, pregnancy) and the profile the
    plan was built from (its test, equipment, conditions and age decide how the
    push slots move; without one, a profile with no equipment or conditions)."""

    catalog: Catalog
    conservative: bool = False
    profile: Profile | None = None

    @property
    def person(self) -> Person:
        """The person rules of the profile."""
        profile = self.profile or Profile(max_pushups=0)
        return person_of(profile, self.catalog, load_programming())

    def context(self, test: Test | None = None) -> Context:
        """What exercise choice needs, with ``test`` (default: the profile's)."""
        person = self.person
        profile = person.profile
        test = test or Test(profile.variant, profile.max_pushups)
        return Context(person, self.catalog, load_programming(), test)


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
    target_rir: int | None = None
    filmed: bool = False  # analysed by the camera (live or video)
    camera_reps: int | None = None  # clean reps the camera counted, if filmed


@dataclass(frozen=True)
class SessionLog:
    """One logged session: its local date, readiness (1-5) and sets."""

    on: date
    sets: tuple[SetLog, ...]
    sleep_score: int | None = None
    soreness_score: int | None = None
    planned_key: int | None = None  # the planned session it was logged against


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
    day: int = 0  # day of the plan week (1-7), 0 when unknown


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
    for change in _changes(sessions, latest, history, rules):
        changed = change.transform(sessions)
        if changed == sessions and change.code != "test-result":
            continue  # a change that changes nothing is not made
        sessions = changed
        decisions.append(
            Decision(change.code, change.reason, effective, change.slug, change.details)
        )
    eased = {d.code for d in decisions} & _EASED
    trigger = None if eased else _deload_trigger(latest, history, set(recent_codes))
    if trigger is not None and not _deload_near(sessions, latest.on):
        lighter = _lighten(
            sessions, latest.on + timedelta(days=1), "Deload (triggered)"
        )
        if lighter != sessions:
            sessions = lighter
            decisions.append(Decision("deload", trigger, effective))
    capped = enforce_caps(
        sessions, conservative=rules.conservative, novice=rules.person.novice
    )
    return Adaptation(capped, tuple(decisions))


def adapt_to_test(
    schedule: Sequence[PlannedSession], *, latest: SessionLog, rules: Rules
) -> Adaptation:
    """Only the retest rule, for a logged retest whose film arrived after it was
    logged: the camera's clean-rep count replaces the logged one when they differ.
    No decision when nothing was filmed or the counts agree."""
    sessions = tuple(schedule)
    filmed = [s for s in latest.sets if s.filmed and s.camera_reps is not None]
    if not filmed or all(s.camera_reps == s.count for s in filmed):
        return Adaptation(sessions, ())
    change = _test_result(sessions, latest, rules)
    if change is None:
        return Adaptation(sessions, ())
    ahead = [s.on for s in sessions if not s.done and s.on > latest.on]
    effective = min(ahead) if ahead else latest.on + timedelta(days=1)
    decision = Decision(change.code, change.reason, effective, change.slug,
                        change.details)  # fmt: skip
    return Adaptation(change.transform(sessions), (decision,))


def _changes(
    sessions: tuple[PlannedSession, ...],
    latest: SessionLog,
    history: Sequence[SessionLog],
    rules: Rules,
) -> list[Change]:
    """The rules' changes for ``latest``: the retest, the push pattern, each pull."""
    found: list[Change] = []
    context = rules.context()
    test = _test_result(sessions, latest, rules)
    tested = test.slug if test is not None else None
    if test is not None:
        found.append(test)
    push = _hard_sets(latest, PUSH_CATEGORIES, rules, skip=tested)
    if push and tested is None:
        earlier = [f for h in history if (f := _hard_sets(h, PUSH_CATEGORIES, rules))]
        change = push_rule(push, earlier, sessions, context)
        if change is not None:
            found.append(change)
    pull = _hard_sets(latest, PULL_CATEGORIES, rules)
    for slug in dict.fromkeys(s.slug for s in pull if s.slug):
        mine = tuple(s for s in pull if s.slug == slug)
        before = next((f for h in history if (f := _counted(h, slug))), None)
        change = pull_rule(slug, mine, before, context)
        if change is not None:
            found.append(change)
    return found


def _hard_sets(
    session: SessionLog,
    categories: tuple[str, ...],
    rules: Rules,
    skip: str | None = None,
) -> tuple[SetLog, ...]:
    """The counted hard sets of ``session`` whose exercise is in ``categories``."""
    found = []
    for item in session.sets:
        if not item.hard or item.count is None or item.slug is None:
            continue
        if item.slug == skip:
            continue
        try:
            category = rules.catalog.get(item.slug).category
        except NotFound:
            continue
        if category in categories:
            found.append(item)
    return tuple(found)


def _counted(session: SessionLog, slug: str) -> tuple[SetLog, ...]:
    return tuple(
        s for s in session.sets if s.slug == slug and s.hard and s.count is not None
    )


def _test_result(
    sessions: tuple[PlannedSession, ...], latest: SessionLog, rules: Rules
) -> Change | None:
    """The retest logged in ``latest`` (its planned session held one), or None."""
    planned = next((s for s in sessions if s.key == latest.planned_key), None)
    tests = [p for p in planned.exercises if p.role == "test"] if planned else []
    if not tests:
        return None
    item = tests[0]
    sets = [s for s in latest.sets if s.slug == item.slug and s.count is not None]
    if not sets:
        return None
    programming = load_programming()
    best, counted_by = 0, "logged"
    for logged in sets:
        reps = logged.count or 0
        if logged.filmed and logged.camera_reps is not None:
            reps = logged.camera_reps
        if item.rir is not None and logged.rir is not None:
            reps += min(logged.rir, programming.retest_rir_counted_up_to)
        if reps > best or (reps == best and logged.filmed):
            best, counted_by = reps, "camera" if logged.filmed else "logged"
    return _test_change(item.slug, best, counted_by, sessions, rules)


def _test_change(
    slug: str,
    max_reps: int,
    counted_by: str,
    sessions: tuple[PlannedSession, ...],
    rules: Rules,
) -> Change:
    base = rules.profile or Profile(max_pushups=max_reps)
    profile = replace(base, variant=slug, max_pushups=max_reps)
    ctx = Rules(rules.catalog, rules.conservative, profile).context()
    placed = ladder_step(profile, rules.catalog, after_training=True).step
    step = allowed_step(placed, ctx)
    before = current_step(sessions, rules.catalog)
    main = rules.catalog.at_step(step)
    how = "counted by the camera" if counted_by == "camera" else "as logged"
    return Change(
        "test-result",
        f"Retest: {max_reps} clean reps on {rules.catalog.get(slug).name} ({how}). "
        f"Your push work now follows step {step} ({main.name}), with reps set from "
        "this test.",
        slug,
        lambda s: restep(s, step=step, ctx=ctx, mode="dose"),
        {
            "slug": slug,
            "max_reps": max_reps,
            "counted_by": counted_by,
            "step_before": before,
            "step": step,
        },
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
    causes = [_fatigue(s) for s in week]
    if not all(causes):
        return None
    named = ", ".join(dict.fromkeys(c for c in causes if c))
    return (
        f"{len(week)} sessions in the last 7 days, each with a sign of fatigue "
        f"({named}): the next 7 days are a deload, about half the sets at 3-4 "
        "reps in reserve."
    )


def _deload_near(sessions: Sequence[PlannedSession], on: date) -> bool:
    """True when a deload (planned or triggered) lies within the gap around ``on``."""
    since = on - timedelta(days=DELOAD_GAP_DAYS)
    until = on + timedelta(days=TRIGGER_WINDOW_DAYS)
    return any(s.deload and since <= s.on <= until for s in sessions)


def _fatigue(session: SessionLog) -> str:
    """The first sign of fatigue in ``session`` ("" when none)."""
    hard = [s for s in session.sets if s.hard and s.count is not None]
    if _low_readiness(session):
        return (
            f"low readiness (sleep <= {LOW_SLEEP} or soreness >= {HIGH_SORENESS} of 5)"
        )
    if any(s.pain for s in hard):
        return "pain"
    if any(s.form_broke for s in hard):
        filmed = any(s.form_broke and s.filmed for s in hard)
        return "form breaking on camera" if filmed else "form breaking"
    if any(s.rir == 0 for s in hard) or any(_drifted(s) for s in hard):
        return "sets closer to failure than prescribed"
    if any(s.target is not None and (s.count or 0) < s.target for s in hard):
        return "missed reps"
    return ""


def _drifted(item: SetLog) -> bool:
    return (
        item.rir is not None
        and item.target_rir is not None
        and item.rir <= item.target_rir - RIR_DRIFT
    )


def _low_readiness(session: SessionLog) -> bool:
    return (session.sleep_score is not None and session.sleep_score <= LOW_SLEEP) or (
        session.soreness_score is not None and session.soreness_score >= HIGH_SORENESS
    )
