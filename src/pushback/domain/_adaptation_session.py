"""What one logged session changes (private to :mod:`pushback.domain.adaptation`):
the retest result, the push pattern, each pulling drill, and the deload the log
calls for. Every threshold is in ``data/programming.toml`` ([triggers])."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from pushback.domain._adaptation_push import push_rule
from pushback.domain._adaptation_restep import current_step, restep
from pushback.domain._adaptation_rules import Change, pull_rule
from pushback.domain._adaptation_types import (
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
)
from pushback.domain._plan_slots import allowed_step
from pushback.domain.assessment import ladder_step
from pushback.domain.errors import NotFound
from pushback.domain.phrases import ITEMS, exercise_phrase, joined, msg
from pushback.domain.profile import Profile
from pushback.domain.programming import load_programming
from pushback.domain.progression import PULL_CATEGORIES, PUSH_CATEGORIES

__all__ = [
    "HIGH_SORENESS",
    "LOW_SLEEP",
    "TRIGGER_WINDOW_DAYS",
    "changes_for",
    "deload_near",
    "deload_trigger",
    "test_result",
]

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


def changes_for(
    sessions: tuple[PlannedSession, ...],
    latest: SessionLog,
    history: Sequence[SessionLog],
    rules: Rules,
) -> list[Change]:
    """The rules' changes for ``latest``: the retest, the push pattern, each pull."""
    found: list[Change] = []
    context = rules.context()
    test = test_result(sessions, latest, rules)
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


def test_result(
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
    tested = rules.catalog.get(slug)
    how = msg("counted by the camera") if counted_by == "camera" else msg("as logged")
    return Change(
        "test-result",
        msg(
            "Retest: %(reps)d clean reps on %(name)s (%(how)s). Your push work now "
            "follows step %(step)d (%(main)s), with reps set from this test.",
            reps=max_reps,
            name=exercise_phrase(tested.slug, tested.name),
            how=how,
            step=step,
            main=exercise_phrase(main.slug, main.name),
        ),
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


def deload_trigger(
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
    named = joined(ITEMS, dict.fromkeys(c for c in causes if c))
    return msg(
        "%(num)d sessions in the last %(days)d days, each with a sign of fatigue "
        "(%(causes)s): the next %(days)d days are a deload, about half the sets at "
        "3-4 reps in reserve.",
        num=len(week),
        days=TRIGGER_WINDOW_DAYS,
        causes=named,
    )


def deload_near(sessions: Sequence[PlannedSession], on: date) -> bool:
    """True when a deload (planned or triggered) lies within the gap around ``on``."""
    since = on - timedelta(days=DELOAD_GAP_DAYS)
    until = on + timedelta(days=TRIGGER_WINDOW_DAYS)
    return any(s.deload and since <= s.on <= until for s in sessions)


def _fatigue(session: SessionLog) -> str:
    """The first sign of fatigue in ``session`` ("" when none)."""
    hard = [s for s in session.sets if s.hard and s.count is not None]
    if _low_readiness(session):
        return msg(
            "low readiness (sleep <= %(sleep)d or soreness >= %(soreness)d of 5)",
            sleep=LOW_SLEEP,
            soreness=HIGH_SORENESS,
        )
    if any(s.pain for s in hard):
        return msg("pain")
    if any(s.form_broke for s in hard):
        filmed = any(s.form_broke and s.filmed for s in hard)
        return msg("form breaking on camera") if filmed else msg("form breaking")
    if any(s.rir == 0 for s in hard) or any(_drifted(s) for s in hard):
        return msg("sets closer to failure than prescribed")
    if any(s.target is not None and (s.count or 0) < s.target for s in hard):
        return msg("missed reps")
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
