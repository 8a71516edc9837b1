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

  The same pain rules also work **during** a workout:
  :func:`adapt_workout_to_pain` gives today's exercises after a set logged with
  pain (substituted or removed at once, position by position).

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
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from pushback.domain._adaptation_caps import enforce_caps
from pushback.domain._adaptation_pain import PainChange, adapt_workout_to_pain
from pushback.domain._adaptation_rules import CUT_FRACTION, PAIN_PLACES
from pushback.domain._adaptation_session import (
    HIGH_SORENESS,
    LOW_SLEEP,
    TRIGGER_WINDOW_DAYS,
    changes_for,
    deload_near,
    deload_trigger,
    test_result,
)
from pushback.domain._adaptation_types import (
    Adaptation,
    Decision,
    PlannedSession,
    Rules,
    SessionLog,
    SetLog,
)
from pushback.domain._words import N_
from pushback.domain.phrases import msg
from pushback.domain.plans import Prescription
from pushback.domain.progression import (
    DELOAD_RIR,
    deload_sets,
)

__all__ = [
    "CODES",
    "CUT_FRACTION",
    "HIGH_SORENESS",
    "LIGHTER_LABELS",
    "LOW_SLEEP",
    "PAIN_PLACES",
    "RETEST_AFTER_DAYS",
    "RE_ENTRY_AFTER_DAYS",
    "Adaptation",
    "Decision",
    "PainChange",
    "PlannedSession",
    "Rules",
    "SessionLog",
    "SetLog",
    "adapt_to_calendar",
    "adapt_to_session",
    "adapt_to_test",
    "adapt_workout_to_pain",
    "calendar_is_current",
    "enforce_caps",
    "lighter_title",
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
#: What a lightened session's title starts with (``"Re-entry: Push day"``); the
#: title is stored as English text, so a reader splits it with :func:`lighter_title`.
RE_ENTRY_LABEL = N_("Re-entry")
DELOAD_LABEL = N_("Deload (triggered)")
#: The planner's deload weeks are titled the same way (``domain/_planner.py``).
LIGHTER_LABELS = (RE_ENTRY_LABEL, DELOAD_LABEL, N_("Deload"))
#: Decisions that already ease the load (no deload on top of them).
_EASED = frozenset({"regress-step", "cut-sets", "substitute", "drop"})


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
                msg(
                    "%(missed)d planned session(s) missed since %(day)s: the rest of "
                    "the plan moves %(days)d day(s) later instead of piling up.",
                    missed=len(missed),
                    day=first.isoformat(),
                    days=days,
                ),
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
                msg(
                    "%(days)d days since your last session (more than 4 weeks): "
                    "retest your max reps first (`pushback test`) so the plan "
                    "restarts from where you are.",
                    days=gap,
                ),
                today,
                details={"gap_days": gap},
            )
        )
    elif not retest_due and gap > RE_ENTRY_AFTER_DAYS and "re-entry" not in recent:
        sessions = _lighten(sessions, today, RE_ENTRY_LABEL)
        decisions.append(
            Decision(
                "re-entry",
                msg(
                    "%(days)d days since your last session (more than 7): this week "
                    "is a re-entry week, about half the sets at 3-4 RIR, before the "
                    "plan resumes.",
                    days=gap,
                ),
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


def lighter_title(title: str) -> tuple[str, str] | None:
    """``(label, rest)`` of a title :func:`adapt_to_calendar` or a triggered deload
    wrote (``"Re-entry: Push day"`` gives ``("Re-entry", "Push day")``, a bare
    label an empty rest); None for any other title."""
    for label in LIGHTER_LABELS:
        if title == label:
            return label, ""
        if title.startswith(f"{label}: "):
            return label, title[len(label) + 2 :]
    return None


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
    for change in changes_for(sessions, latest, history, rules):
        changed = change.transform(sessions)
        if changed == sessions and change.code != "test-result":
            continue  # a change that changes nothing is not made
        sessions = changed
        decisions.append(
            Decision(change.code, change.reason, effective, change.slug, change.details)
        )
    eased = {d.code for d in decisions} & _EASED
    trigger = None if eased else deload_trigger(latest, history, set(recent_codes))
    if trigger is not None and not deload_near(sessions, latest.on):
        lighter = _lighten(sessions, latest.on + timedelta(days=1), DELOAD_LABEL)
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
    change = test_result(sessions, latest, rules)
    if change is None:
        return Adaptation(sessions, ())
    ahead = [s.on for s in sessions if not s.done and s.on > latest.on]
    effective = min(ahead) if ahead else latest.on + timedelta(days=1)
    decision = Decision(change.code, change.reason, effective, change.slug,
                        change.details)  # fmt: skip
    return Adaptation(change.transform(sessions), (decision,))
