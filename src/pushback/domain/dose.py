"""Dose from the test: a tested max carried along the ladder, and the reps it allows.

Rules (numbers and sources in ``data/programming.toml``):

* **Carrying a max along the ladder** (``ladder_conversion``): each exercise sits
  at a ladder step (a side variant at the main step it needs). A max of ``M`` reps
  tested at step ``t`` counts as ``M x 2^(t - s)`` reps at step ``s``, rounded down:
  twice the reps one step easier, half one step harder. A 0 says nothing about
  easier steps: their max is unknown (None) until the user tests one.
* **Work reps** (``working_fraction``, ``rep_window``, ``rir``): about 65% of the
  max, inside the exercise's rep window, and never so many that reps plus the
  reps in reserve to keep would exceed the max. An exercise whose work reps fall
  below its window does not fit; only the first ladder step (the wall push-up) is
  then given anyway, with fewer reps, and at a shorter range when even one rep
  with reps in reserve is more than the max.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pushback.domain.catalog import Exercise
from pushback.domain.programming import Programming

__all__ = [
    "MAX_ESTIMATE",
    "Dose",
    "dose_for",
    "estimated_max",
    "step_of",
    "work_reps",
]

#: Estimates are capped here: beyond it a number means nothing for dosing.
MAX_ESTIMATE = 999


def step_of(exercise: Exercise) -> int | None:
    """The ladder step ``exercise`` sits at (side variants: the step they need)."""
    return exercise.ladder_step


def estimated_max(
    exercise: Exercise,
    *,
    tested: Exercise,
    max_reps: int,
    programming: Programming,
) -> int | None:
    """The max of ``exercise`` carried from ``max_reps`` on ``tested`` (None: unknown).

    Exercises off the ladder (rows, drills) have no estimate (None).
    """
    here, there = step_of(exercise), step_of(tested)
    if here is None or there is None:
        return None
    distance = there - here
    if max_reps == 0 and distance > 0:
        return None
    factor = programming.conversion_factor**distance
    return min(MAX_ESTIMATE, math.floor(max_reps * factor + 1e-9))


def work_reps(max_reps: int, programming: Programming) -> int:
    """About 65% of ``max_reps`` (half up), before any window or reserve."""
    return math.floor(max_reps * programming.working_fraction + 0.5)


@dataclass(frozen=True)
class Dose:
    """Reps per set for one exercise, and whether it fits its window.

    ``short_range``: do the reps over a shorter range (wall push-ups a step closer
    to the wall), because even one full rep with reserve is more than the max.
    """

    reps: int
    fits: bool
    short_range: bool = False
    known: bool = True


def dose_for(
    estimate: int | None,
    *,
    window: tuple[int, int],
    rir: int,
    programming: Programming,
    floor_step: bool = False,
) -> Dose:
    """The week-1 reps for an exercise whose max is ``estimate``.

    ``floor_step``: the exercise is the first ladder step, given even below its
    window. An unknown estimate gives the bottom of the window, marked unknown
    (the plan schedules a test of that exercise first).
    """
    low, high = window
    if estimate is None:
        return Dose(low, fits=floor_step, known=False)
    reps = min(high, work_reps(estimate, programming), estimate - rir)
    if reps >= low:
        return Dose(reps, fits=True)
    if not floor_step:
        return Dose(max(1, reps), fits=False)
    if reps >= 1:
        return Dose(reps, fits=True)
    return Dose(1, fits=True, short_range=estimate - rir < 1)
