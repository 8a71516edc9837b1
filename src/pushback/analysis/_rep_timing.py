"""When a rep's phases begin and end, from the samples of the rep (the timing half of
:mod:`pushback.analysis.reps`, whose module docstring says how: the start is the end
of the top hold, found walking back from the fastest lowering; the bottom phase the
stretch around the lowest point where the lowering has slowed; the end likewise
after the fastest rise). Times are interpolated between samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.config import AnalysisConfig

__all__ = ["RepTimes", "quiet_edge", "rep_times"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class RepTimes:
    """The times (s) of one rep: its start, its bottom phase, its end (None while
    the rep has not come back up)."""

    start_s: float
    bottom_start_s: float
    bottom_end_s: float
    end_s: float | None


def rep_times(  # noqa: PLR0913 - the rep's samples and its three turning points
    h: FloatArray,
    t: FloatArray,
    top_i: int,
    low_i: int,
    high_i: int | None,
    cfg: AnalysisConfig,
) -> RepTimes:
    """Time the rep whose heights ``h`` at times ``t`` go from the top ``top_i``
    down to ``low_i`` and back up to ``high_i`` (None: not back yet)."""
    top, low = h[top_i], h[low_i]
    drop = top - low
    speed = np.gradient(h, t) if len(h) > 1 else np.zeros_like(h)
    fraction = cfg.onset_speed_fraction
    # The lowering's peak speed is looked for below this rep's own top (the top
    # it comes back to), not in a settling move under an older, higher top.
    own = top if high_i is None else min(top, h[high_i])
    above = np.nonzero(h[top_i : low_i + 1] >= own - fraction * drop)[0]
    peak_from = top_i + int(above[-1]) if above.size else top_i
    start = quiet_edge(-speed, t, top_i, low_i, -1, fraction, peak_from)
    limit = high_i if high_i is not None else len(h) - 1
    band = low + cfg.bottom_band_fraction * drop
    b0 = max(
        _bottom_edge(h, t, low_i, top_i, band, -1),
        quiet_edge(-speed, t, top_i, low_i, +1, fraction, peak_from),
    )
    b1 = min(
        _bottom_edge(h, t, low_i, limit, band, +1),
        quiet_edge(speed, t, low_i, limit, -1, fraction),
    )
    b0, b1 = min(b0, float(t[low_i])), max(b1, float(t[low_i]))
    end: float | None = None
    if high_i is not None:
        end = quiet_edge(speed, t, low_i, high_i, +1, cfg.onset_speed_fraction)
    return RepTimes(start, b0, b1, end)


def _interp(t: FloatArray, h: FloatArray, a: int, b: int, level: float) -> float:
    """Time where the segment between samples ``a`` and ``b`` crosses ``level``."""
    if h[b] == h[a]:
        return float(t[b])
    frac = (level - h[a]) / (h[b] - h[a])
    return float(t[a] + min(max(frac, 0.0), 1.0) * (t[b] - t[a]))


def quiet_edge(  # noqa: PLR0913 - two arrays and the walk's bounds
    speed: FloatArray,
    t: FloatArray,
    lo: int,
    hi: int,
    step: int,
    fraction: float,
    peak_from: int | None = None,
) -> float:
    """Where the movement in [lo, hi] starts (``step`` -1) or stops (+1).

    From the fastest sample (in [``peak_from``, hi] when given), walk outwards while
    the speed stays at least ``fraction`` of that peak; the edge is interpolated
    where it drops below.
    """
    first = lo if peak_from is None else peak_from
    k = first + int(np.argmax(speed[first : hi + 1]))
    threshold = fraction * speed[k]
    stop = lo if step < 0 else hi
    while k != stop and speed[k + step] >= threshold:
        k += step
    if k == stop:
        return float(t[k])
    a, b = speed[k + step], speed[k]
    frac = (threshold - a) / (b - a) if b != a else 1.0
    return float(t[k + step] + frac * (t[k] - t[k + step]))


def _bottom_edge(  # noqa: PLR0913 - two arrays and the walk's bounds
    h: FloatArray, t: FloatArray, low_i: int, stop: int, level: float, step: int
) -> float:
    """Edge of the bottom phase walking from ``low_i`` towards ``stop``."""
    k = low_i
    while k != stop and h[k + step] <= level:
        k += step
    if k == stop:
        return float(t[k])
    return _interp(t, h, k, k + step, level)
