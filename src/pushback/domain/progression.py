"""Progression rules: pure functions the plan generator and the journal share.

The numbers live in ``data/programming.toml`` with their sources; the constants
below mirror them for callers that need a plain value (a unit test checks that
they agree). Nothing here reads a clock, a file or a database.

Rules
-----
* **Rep window**: 6-15 reps per set unless the exercise has its own
  ``rep_range`` in the catalog (the goal may stretch or shorten it).
* **Working reps**: about 65% of the tested max, inside the window (our choice).
* **Double progression** (brief section 4): one more rep per set each time until
  every set reaches the top of the window; then one more set; then the next
  ladder step at its gate.
* **Proximity to failure** (brief section 4): work sets at 0-3 RIR; no set to
  failure in weeks 1-2 (2 RIR there, since people misjudge RIR by about one rep
  near failure, Hackett 2017); 1 RIR from week 3; 3 RIR in deload weeks (the
  brief's 3-4) and under conservative settings (a PAR-Q+ yes, pregnancy).
* **Beginner caps** (brief section 4): in weeks 1-4 at most 10 hard push-up sets a
  week and at most 3 sets per exercise. Trained users may reach the seed's own
  sets (up to 4 per exercise) from the first week.
* **20% rule** (our own rule, not the brief's): weekly hard sets, and the reps x
  sets of each movement slot and of all push-ups together, rise at most 20% over
  the last normal week, or by one rep in the week when 20% is less than one.
* **Deload** (brief section 4): one week every 4-8 weeks (we use every 4th week),
  about half the sets at 3-4 RIR; its last session is the retest.
* **Conservative settings** after any PAR-Q+ yes or in pregnancy: at most 2 sets
  per exercise, 3 RIR on every set, no jumping or one-arm work, no step above the
  tested variant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import exercise_phrase, msg

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
    "TRAINED_MAX_SETS_PER_EXERCISE",
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
    "volume_limit",
    "weekly_hard_sets",
    "weekly_volume",
    "working_reps",
]

# Mirrors of data/programming.toml (tests/unit/test_programming.py checks them).
DEFAULT_REP_WINDOW: tuple[int, int] = (6, 15)  # [rep_window]
WORKING_FRACTION = 0.65  # [working_fraction]
NOVICE_WEEKS = 4  # [novice]
NOVICE_MAX_PUSH_SETS_PER_WEEK = 10
NOVICE_MAX_SETS_PER_EXERCISE = 3
TRAINED_MAX_SETS_PER_EXERCISE = 4  # [trained]
NO_FAILURE_WEEKS = 2  # [rir]
WEEKLY_INCREASE_LIMIT = 0.20  # [weekly_increase]: our own rule
DEFAULT_DELOAD_EVERY_WEEKS = 4  # [deload]
DELOAD_EVERY_WEEKS_RANGE = (4, 8)
DELOAD_RIR = 3  # [rir]
CONSERVATIVE_MAX_SETS_PER_EXERCISE = 2  # [conservative]
CONSERVATIVE_RIR = 3  # [rir]

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
            "deload_every_weeks",
            every_weeks,
            msg("between %(low)s and %(high)s", low=low, high=high),
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
    week: int,
    *,
    conservative: bool = False,
    seed_sets: int | None = None,
    novice: bool = True,
) -> int:
    """Most sets one exercise may get in ``week``.

    2 when conservative; 3 for beginners in weeks 1-4; otherwise the seed's own
    number for that slot (at most 4), or 3 without one. ``seed_sets`` None with a
    trained user in any week: 4, the most the seed asks of one exercise.
    """
    if conservative:
        return CONSERVATIVE_MAX_SETS_PER_EXERCISE
    if novice and week <= NOVICE_WEEKS:
        return NOVICE_MAX_SETS_PER_EXERCISE
    if seed_sets is None:
        return NOVICE_MAX_SETS_PER_EXERCISE if novice else TRAINED_MAX_SETS_PER_EXERCISE
    return max(
        NOVICE_MAX_SETS_PER_EXERCISE, min(seed_sets, TRAINED_MAX_SETS_PER_EXERCISE)
    )


def twenty_percent_limit(previous_sets: int) -> int:
    """Most weekly hard sets allowed after a non-deload week of ``previous_sets``."""
    return int(math.floor(previous_sets * (1 + WEEKLY_INCREASE_LIMIT) + 1e-9))


def volume_limit(previous: int) -> int:
    """Most reps x sets allowed after a normal week of ``previous``: 20% more, or
    one rep more when 20% is less than one rep."""
    return max(previous + 1, twenty_percent_limit(previous))


def max_weekly_sets(
    week: int, previous_sets: int | None, *, push: bool = True, novice: bool = True
) -> int | None:
    """The weekly hard-set ceiling for ``week``: beginner cap and 20% rule combined.

    ``previous_sets`` is the same count in the last non-deload week (None in the
    first week). ``push`` selects push-up volume (the beginner cap applies to it);
    pulling volume only has the 20% rule. None means no ceiling from these rules.
    """
    limits: list[int] = []
    if push and novice and week <= NOVICE_WEEKS:
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


def weekly_volume(
    items: Iterable[Prescription], categories: Iterable[str] | None = None
) -> dict[str, int]:
    """Reps x sets per movement slot of hard work (retests left out), plus the
    total under ``"*"``. A rep per side counts once."""
    wanted = None if categories is None else set(categories)
    found: dict[str, int] = {"*": 0}
    for item in items:
        if not item.hard or item.role == "test" or not item.count:
            continue
        if wanted is not None and item.category not in wanted:
            continue
        volume = item.sets * item.count
        found[item.slot] = found.get(item.slot, 0) + volume
        found["*"] += volume
    return found


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
            msg(
                "one more rep: %(before)d -> %(after)d reps, inside the "
                "%(low)d-%(high)d range",
                before=target.reps,
                after=reps,
                low=low,
                high=high,
            ),
        )
    gate = high if gate_reps is None else gate_reps
    if harder is None or target.reps < gate:
        return Progress(
            target,
            "hold",
            msg("top of the %(low)d-%(high)d range: hold", low=low, high=high),
        )
    allowed = max_step is None or (
        harder.ladder_step is not None and harder.ladder_step <= max_step
    )
    if not allowed:
        return Progress(
            target,
            "hold",
            msg(
                "ready for the next level (%(sets)dx%(reps)d): a retest unlocks the "
                "%(name)s",
                sets=target.sets,
                reps=target.reps,
                name=_words(harder.slug),
            ),
        )
    return Progress(
        harder,
        "next-step",
        msg(
            "ready for the next level (%(sets)dx%(reps)d at the top of the range): "
            "next, the %(name)s",
            sets=target.sets,
            reps=target.reps,
            name=_words(harder.slug),
        ),
    )


def _words(slug: str) -> str:
    """A slug as words for a reason (``incline-push-up`` -> ``incline push-up``;
    the catalog's name in another language)."""
    return exercise_phrase(slug, slug.replace("-", " ").replace("push up", "push-up"))


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
    novice: bool = True,
) -> Week:
    """Return ``week`` brought inside every cap (idempotent; never adds work).

    Applies the per-exercise cap, the novice push cap (weeks 1-4), the 20% rule
    against ``previous_week`` (the last non-deload week) for push and pull sets,
    and the minimum RIR of the week. Exercises left with 0 sets are dropped.
    Reusable by the journal on adapted weeks.
    """
    per_exercise = max_sets_per_exercise(
        week.week, conservative=conservative, novice=novice
    )
    floor_rir = rir_for_week(week.week, deload=week.deload, conservative=conservative)
    items = [
        _cap_item(
            p,
            per_exercise
            if (novice and week.week <= NOVICE_WEEKS) or conservative
            else None,
            floor_rir,
        )
        for s in week.sessions
        for p in s.exercises
    ]
    for categories, push in ((PUSH_CATEGORIES, True), (PULL_CATEGORIES, False)):
        previous = None
        if previous_week is not None and not week.deload:
            previous = weekly_hard_sets(previous_week, categories)
        limit = max_weekly_sets(week.week, previous, push=push, novice=novice)
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
