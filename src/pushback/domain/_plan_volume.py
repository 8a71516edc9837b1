"""Weekly volume of one slot placement: double progression under the 20% rule
(private to the planner; the journal's adaptation uses the same limit).

A placement's week is a :class:`Load`: sets and the week's reps x sets of that
placement (``volume``), spread as evenly as the sets allow (12 reps over 3 sets is
3 x 4; 10 over 3 is 1 x 4 + 2 x 3). Keeping the total rather than one rep count
lets low-rep work (3-6 per side) grow by single reps within the 20% rule.

* **Push**: one more rep per set each progression week, up to the top of the
  window; then one more set (reps spread again) up to the set cap; then hold (the
  gate is reached: the next step comes with the retest).
* **Pull and shoulder-blade work**: sets follow the session's push sets; one more
  rep per set each week; at the top of the window the next harder setting of the
  exercise (``levels``), back to the bottom of the window.
* **The 20% rule** (``weekly_increase``): volume rises at most 20% over the last
  normal week, or by one rep in the whole week when 20% is less than one rep.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Load", "deload", "grow_pull", "grow_push", "volume_limit"]


def volume_limit(previous: int, increase: float) -> int:
    """Most reps x sets allowed after a normal week of ``previous``."""
    return max(previous + 1, math.floor(previous * (1 + increase) + 1e-9))


@dataclass(frozen=True)
class Load:
    """One placement's week: sets, total reps, the exercise's setting (1 = easiest)."""

    sets: int
    volume: int
    level: int = 1

    def split(self) -> tuple[tuple[int, int], ...]:
        """``(sets, reps)`` groups, the heavier first: ``((1, 4), (2, 3))``."""
        base, extra = divmod(self.volume, self.sets)
        groups = ((extra, base + 1), (self.sets - extra, base))
        return tuple((n, reps) for n, reps in groups if n > 0 and reps > 0)

    @property
    def low_reps(self) -> int:
        """Reps of the lighter sets."""
        return self.volume // self.sets

    @property
    def top_reps(self) -> int:
        """Reps of the heavier sets."""
        return math.ceil(self.volume / self.sets)


def grow_push(  # noqa: PLR0913 - keyword-only settings of one week
    load: Load,
    *,
    window: tuple[int, int],
    max_sets: int,
    allow_set: bool,
    increase: float,
    reps: int = 1,
) -> Load:
    """One week of double progression for push work: ``reps`` more per set, then
    one more set, then hold."""
    low, high = window
    cap = volume_limit(load.volume, increase)
    if load.volume < load.sets * high:
        wanted = min(load.sets * high, load.volume + load.sets * reps)
        return Load(load.sets, min(wanted, cap), load.level)
    if allow_set and load.sets < max_sets:
        sets = load.sets + 1
        volume = min(sets * high, cap)
        if volume // sets >= low:
            return Load(sets, volume, load.level)
    return load


def grow_pull(  # noqa: PLR0913 - keyword-only settings of one week
    load: Load,
    *,
    sets: int,
    window: tuple[int, int],
    levels: int,
    increase: float,
    progress: bool,
) -> Load:
    """A pulling placement's week: ``sets`` matched to the push work, reps one
    higher (when ``progress``) within the 20% rule, a harder level at the top."""
    low, high = window
    level, reps = load.level, load.low_reps
    if progress and load.volume >= load.sets * high and level < levels:
        level, reps = level + 1, low
    elif progress:
        reps = min(high, load.top_reps + 1)
    cap = volume_limit(load.volume, increase)
    sets = max(1, min(sets, cap // low))
    volume = max(sets * low, min(sets * reps, cap))
    return Load(sets, min(volume, sets * high), level)


def deload(load: Load, fraction: float) -> Load:
    """About ``fraction`` of the sets (rounded up), the lighter sets' reps."""
    sets = max(1, math.ceil(load.sets * fraction))
    return Load(sets, sets * load.low_reps, load.level)
