"""Progression rules: pure functions the plan generator and the journal share.

Every number comes from the domain brief (``brief``) or is a rule the brief marks
**[design]** (no study gives it). Nothing here reads a clock, a file or a database.

Rules
-----
* **Rep window** [design, brief 2.1]: 6-15 reps per set unless the exercise has its
  own ``rep_range`` in the catalog.
* **Starting reps** [design]: about 65% of the tested max (the middle of the
  60-70% we use), inside the window, so work sets start about a third short of
  failure.
* **Double progression** (brief section 4): one more rep per set each time until
  every set reaches the top of the window; then the next ladder step at its gate,
  starting at the bottom of that step's window. A ``max_step`` stops the ladder
  move (a generated plan never goes past the assessed step; the journal raises
  the step once the logs show the gate was met).
* **Proximity to failure** [design, brief section 4]: work sets at 0-3 RIR; no set
  to failure in weeks 1-2 (we prescribe 2 RIR there, since people misjudge RIR by
  about one rep near failure, Hackett 2017); 1 RIR from week 3 (the ladder gates
  ask for >=1 RIR); 3 RIR in deload weeks (the brief's 3-4) and whenever the
  PAR-Q+ had a yes (conservative settings).
* **Novice caps** [design, brief section 4]: in weeks 1-4 at most 10 hard push-up
  sets a week and at most 3 sets per exercise.
* **20% rule** [design]: weekly hard sets (push and pull counted separately) rise at
  most 20% over the last non-deload week.
* **Deload** [design, brief section 4]: one week every 4-8 weeks (we use every 4th
  week: weeks 4, 8, 12), about half the sets at 3-4 RIR.
* **Conservative settings** [design] after any PAR-Q+ yes: at most 2 sets per
  exercise (inside ACSM's 1-3 novice sets), 3 RIR on every set, no plyometrics,
  no step above the tested variant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from pushback.domain.errors import InvalidInput

if TYPE_CHECKING:  # plans.py imports this module; annotations only here
    from pushback.domain.plans import Prescription, Session, Week

__all__ = [
    "CONSERVATIVE_MAX_SETS_PER_EXERCISE",
    "CONSERVATIVE_RIR",
    "DEFAULT_DELOAD_EVERY_WEEKS",
    "DEFAULT_REP_WINDOW",
    "DELOAD_RIR",
    "NOVICE_MAX_PUSH_SETS_PER_WEEK",
    "NOVICE_MAX_SETS_PER_EXERCISE",
    "NOVICE_WEEKS",
    "NO_FAILURE_WEEKS",
    "PULL_CATEGORIES",
    "PUSH_CATEGORIES",
    "WEEKLY_INCREASE_LIMIT",
    "WORKING_FRACTION",
    "Progress",
    "Target",
    "cap_week",
    "deload_sets",
    "is_deload_week",
    "max_sets_per_exercise",
    "max_weekly_sets",
    "next_target",
    "rir_for_week",
    "starting_reps",
    "twenty_percent_limit",
    "weekly_hard_sets",
    "working_reps",
]

#: [design] brief 2.1: "use a 6-15 rep window with double progression".
DEFAULT_REP_WINDOW: tuple[int, int] = (6, 15)
#: [design] work sets start at ~60-70% of the tested max; we use the middle.
WORKING_FRACTION = 0.65
#: [design] brief section 4, novice volume cap.
NOVICE_WEEKS = 4
NOVICE_MAX_PUSH_SETS_PER_WEEK = 10
NOVICE_MAX_SETS_PER_EXERCISE = 3
#: [design] brief section 4: no sets to failure in the first 2 weeks.
NO_FAILURE_WEEKS = 2
#: [design] weekly hard sets rise at most 20% over the last non-deload week.
WEEKLY_INCREASE_LIMIT = 0.20
#: [design] brief section 4: deload 1 week every 4-8 weeks; we pick 4.
DEFAULT_DELOAD_EVERY_WEEKS = 4
DELOAD_EVERY_WEEKS_RANGE = (4, 8)
#: [design] brief section 4: deload sets are done at 3-4 RIR; we prescribe 3.
DELOAD_RIR = 3
#: [design] conservative settings after a PAR-Q+ yes.
CONSERVATIVE_MAX_SETS_PER_EXERCISE = 2
CONSERVATIVE_RIR = 3

#: Categories whose sets count as push-up volume for the caps.
PUSH_CATEGORIES: tuple[str, ...] = ("push",)
#: Categories whose sets count as back work: rows and flyes (direct back sets) and
#: the scapular drills of brief 2.2 (prone Y-T-W, band pull-apart).
PULL_CATEGORIES: tuple[str, ...] = ("pull", "scapular")

Action = Literal["add-rep", "next-step", "hold"]


def working_reps(max_reps: int) -> int:
    """Reps per work set for someone whose tested max is ``max_reps`` (~65%).

    Not clamped: compare with the rep window to see whether the variant fits.
    """
    return int(math.floor(max_reps * WORKING_FRACTION + 0.5))


def starting_reps(max_reps: int, window: tuple[int, int] = DEFAULT_REP_WINDOW) -> int:
    """Week-1 reps per set: :func:`working_reps` clamped into ``window``."""
    low, high = window
    return min(high, max(low, working_reps(max_reps)))


def is_deload_week(week: int, every_weeks: int = DEFAULT_DELOAD_EVERY_WEEKS) -> bool:
    """True for the planned deload weeks (every ``every_weeks``-th week, from 1).

    Raises :class:`InvalidInput` if ``every_weeks`` is outside 4-8 (brief section 4).
    """
    low, high = DELOAD_EVERY_WEEKS_RANGE
    if not low <= every_weeks <= high:
        raise InvalidInput(
            "deload_every_weeks", every_weeks, f"between {low} and {high}"
        )
    return week >= 1 and week % every_weeks == 0


def rir_for_week(week: int, *, deload: bool = False, conservative: bool = False) -> int:
    """Reps in reserve to prescribe on work sets in plan week ``week`` (from 1)."""
    if deload:
        return DELOAD_RIR
    if conservative:
        return CONSERVATIVE_RIR
    return 2 if week <= NO_FAILURE_WEEKS else 1


def max_sets_per_exercise(
    week: int, *, conservative: bool = False, seed_sets: int | None = None
) -> int:
    """Most sets one exercise may get in ``week``.

    3 in the novice weeks 1-4; afterwards the seed's own number for that slot
    (never more than the article prescribes), or 3 without one; 2 when conservative.
    """
    if conservative:
        return CONSERVATIVE_MAX_SETS_PER_EXERCISE
    if week <= NOVICE_WEEKS or seed_sets is None:
        return NOVICE_MAX_SETS_PER_EXERCISE
    return max(NOVICE_MAX_SETS_PER_EXERCISE, seed_sets)


def twenty_percent_limit(previous_sets: int) -> int:
    """Most weekly hard sets allowed after a non-deload week of ``previous_sets``."""
    return int(math.floor(previous_sets * (1 + WEEKLY_INCREASE_LIMIT) + 1e-9))


def max_weekly_sets(
    week: int, previous_sets: int | None, *, push: bool = True
) -> int | None:
    """The weekly hard-set ceiling for ``week``: novice cap and 20% rule combined.

    ``previous_sets`` is the same count in the last non-deload week (None in the
    first week). ``push`` selects push-up volume (the novice cap applies to it);
    pulling volume only has the 20% rule. None means no ceiling from these rules.
    """
    limits: list[int] = []
    if push and week <= NOVICE_WEEKS:
        limits.append(NOVICE_MAX_PUSH_SETS_PER_WEEK)
    if previous_sets is not None:
        limits.append(twenty_percent_limit(previous_sets))
    return min(limits) if limits else None


def deload_sets(sets: int) -> int:
    """About half of ``sets`` (rounded up, at least 1): the deload volume."""
    return max(1, math.ceil(sets / 2))


def weekly_hard_sets(week: Week, categories: Iterable[str] | None = None) -> int:
    """Hard sets in ``week``, optionally only those of the given categories."""
    wanted = None if categories is None else set(categories)
    return sum(
        item.sets
        for session in week.sessions
        for item in session.exercises
        if item.hard and (wanted is None or item.category in wanted)
    )


@dataclass(frozen=True)
class Target:
    """What one exercise should get next time: sets x reps inside a rep window."""

    slug: str
    sets: int
    reps: int
    rep_range: tuple[int, int]
    ladder_step: int | None = None
    per_side: bool = False


@dataclass(frozen=True)
class Progress:
    """A progression decision: the new target, what changed, and why."""

    target: Target
    action: Action
    reason: str


def next_target(
    target: Target,
    *,
    harder: Target | None = None,
    gate_reps: int | None = None,
    max_step: int | None = None,
    reps_increment: int = 1,
) -> Progress:
    """Double progression: add reps inside the window, then the next ladder step.

    ``harder`` is the next ladder step's starting target (its slug, step and rep
    window; sets and reps are taken from it as given), ``gate_reps`` the reps per
    set its gate asks for (defaults to the top of the window). The move happens
    only if ``harder.ladder_step <= max_step`` (None = no limit); otherwise the
    target holds at the top of the window and the reason says the gate is reached.
    """
    low, high = target.rep_range
    if target.reps < high:
        reps = min(high, max(low, target.reps + reps_increment))
        return Progress(
            replace(target, reps=reps),
            "add-rep",
            f"double progression: {target.reps} -> {reps} reps, inside the "
            f"{low}-{high} window",
        )
    gate = high if gate_reps is None else gate_reps
    if harder is None or target.reps < gate:
        return Progress(target, "hold", f"top of the {low}-{high} window: hold")
    allowed = max_step is None or (
        harder.ladder_step is not None and harder.ladder_step <= max_step
    )
    if not allowed:
        return Progress(
            target,
            "hold",
            f"gate reached ({target.sets}x{target.reps}): retest to unlock "
            f"{harder.slug}",
        )
    return Progress(
        harder,
        "next-step",
        f"gate reached ({target.sets}x{target.reps} at the top of the window): "
        f"next ladder step {harder.slug}",
    )


def _trim(items: list[Prescription], categories: tuple[str, ...], limit: int) -> None:
    """Remove sets from the largest exercises of ``categories`` until <= ``limit``."""
    while True:
        indexes = [
            i for i, p in enumerate(items) if p.hard and p.category in categories
        ]
        total = sum(items[i].sets for i in indexes)
        if total <= limit or not indexes:
            return
        biggest = max(indexes, key=lambda i: (items[i].sets, i))
        items[biggest] = replace(items[biggest], sets=items[biggest].sets - 1)


def cap_week(
    week: Week,
    *,
    previous_week: Week | None = None,
    conservative: bool = False,
) -> Week:
    """Return ``week`` brought inside every cap (idempotent; never adds work).

    Applies the per-exercise cap, the novice push cap (weeks 1-4), the 20% rule
    against ``previous_week`` (the last non-deload week) for push and pull sets,
    and the minimum RIR of the week. Exercises left with 0 sets are dropped.
    Reusable by the journal on adapted weeks.
    """
    per_exercise = max_sets_per_exercise(week.week, conservative=conservative)
    floor_rir = rir_for_week(week.week, deload=week.deload, conservative=conservative)
    items = [
        _cap_item(
            p,
            per_exercise if week.week <= NOVICE_WEEKS or conservative else None,
            floor_rir,
        )
        for s in week.sessions
        for p in s.exercises
    ]
    for categories, push in ((PUSH_CATEGORIES, True), (PULL_CATEGORIES, False)):
        previous = None
        if previous_week is not None and not week.deload:
            previous = weekly_hard_sets(previous_week, categories)
        limit = max_weekly_sets(week.week, previous, push=push)
        if limit is not None:
            _trim(items, categories, limit)
    return _rebuild(week, items)


def _cap_item(
    item: Prescription, per_exercise: int | None, floor_rir: int
) -> Prescription:
    if not item.hard:
        return item
    sets = item.sets if per_exercise is None else min(item.sets, per_exercise)
    rir = item.rir if item.rir is not None and item.rir >= floor_rir else floor_rir
    return replace(item, sets=sets, rir=rir)


def _rebuild(week: Week, items: list[Prescription]) -> Week:
    sessions: list[Session] = []
    cursor = 0
    for session in week.sessions:
        count = len(session.exercises)
        kept = tuple(p for p in items[cursor : cursor + count] if p.sets > 0)
        cursor += count
        sessions.append(replace(session, exercises=kept))
    return replace(week, sessions=tuple(sessions))
