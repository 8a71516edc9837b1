"""Synthetic one-minute max tests: fast, fatigued reps, independent of the counter.

A max test is what the plan's assessment produces: reps of 0.5-0.9 s back to back,
each a little shallower than the last as fatigue sets in (down to ``final_depth`` of
the first rep's range), a top that is no longer fully locked out, the odd fidget
(a dip of a tenth of the range) and half rep, noise, dropped frames, and a timer
burned into the video over the hands (the pose model then guesses the wrists: low
visibility, positions that follow the shoulders as if the arms were straight).

The body is posed by :func:`synthetic_pushups.side_view_points` from a scripted
shoulder-height profile; the truth (how many complete reps, how many partial, when
each bottom is) comes from the script alone, never from the analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import KeypointSeries
from tests.unit.synthetic_pushups import (
    ARM_PX,
    BOTTOM_HEIGHT,
    TOP_HEIGHT,
    side_view_points,
)

FloatArray = NDArray[np.float64]
_HAND = (15, 16, 17, 18, 19, 20, 21, 22)  # wrists and hand points


@dataclass(frozen=True)
class Movement:
    """One scripted movement: ``kind`` rep, partial or fidget; times in s."""

    kind: str
    start_s: float
    bottom_s: float
    end_s: float
    depth: float  # arm lengths


@dataclass(frozen=True)
class MaxTest:
    """A generated max test: keypoints and the scripted truth."""

    series: KeypointSeries
    movements: list[Movement]

    @property
    def reps(self) -> list[Movement]:
        return [m for m in self.movements if m.kind == "rep"]

    @property
    def partials(self) -> list[Movement]:
        return [m for m in self.movements if m.kind == "partial"]


def _ease(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0)))


def _script(  # noqa: PLR0913 - the knobs of one generated test
    rng: np.random.Generator,
    reps: int,
    rep_s: tuple[float, float],
    final_depth: float,
    partial_every: int,
    fidget_every: int,
    range_scale: float,
) -> list[tuple[str, float, float, float, float]]:
    """(kind, descent s, ascent s, top pause s, depth in arm lengths) per movement."""
    out = []
    full = (TOP_HEIGHT - BOTTOM_HEIGHT) * range_scale
    for k in range(reps):
        fatigue = 1.0 - (1.0 - final_depth) * k / max(reps - 1, 1)
        depth = fatigue * rng.uniform(0.96, 1.04)
        total = rng.uniform(*rep_s)
        share = rng.uniform(0.4, 0.55)
        pause = rng.uniform(0.0, 0.12)
        out.append(("rep", total * share, total * (1 - share), pause, depth * full))
        if partial_every and k % partial_every == partial_every - 1:
            out.append(("partial", 0.35, 0.35, 0.3, 0.4 * fatigue * full))
        if fidget_every and k % fidget_every == fidget_every // 2:
            out.append(("fidget", 0.25, 0.25, 0.3, 0.08 * full))
    return out


def make_max_test(  # noqa: PLR0913 - a test builder with keyword overrides
    *,
    reps: int = 76,
    rep_s: tuple[float, float] = (0.5, 0.9),
    final_depth: float = 0.6,
    partial_every: int = 0,
    fidget_every: int = 0,
    range_scale: float = 1.0,
    frame_rate_hz: float = 30.0,
    noise_px: float = 2.0,
    drop_fraction: float = 0.05,
    hands_hidden: tuple[float, float] | None = None,
    seed: int = 0,
) -> MaxTest:
    """Generate a max test; ``hands_hidden`` is the (start, end) fraction of the
    video during which an overlay covers the hands; ``range_scale`` shrinks the
    whole range (a camera that sees less of it, a shallow mover)."""
    rng = np.random.default_rng(seed)
    script = _script(
        rng, reps, rep_s, final_depth, partial_every, fidget_every, range_scale
    )
    lead_s, tail_s = 1.5, 1.0
    total = lead_s + tail_s + sum(d + a + p for _, d, a, p, _ in script)
    count = math.ceil(total * frame_rate_hz)
    t_s = np.arange(count) / frame_rate_hz
    height = np.full(count, TOP_HEIGHT)
    movements = []
    t0 = lead_s
    for kind, down_s, up_s, pause_s, depth in script:
        t1, t2 = t0 + down_s, t0 + down_s + up_s
        top_after = TOP_HEIGHT - rng.uniform(0.0, 0.04)  # not always locked out
        down = (t_s >= t0) & (t_s < t1)
        start_h = height[max(int(t0 * frame_rate_hz) - 1, 0)]
        low = start_h - depth
        height[down] = start_h - depth * _ease((t_s[down] - t0) / down_s)
        up = (t_s >= t1) & (t_s < t2)
        height[up] = low + (top_after - low) * _ease((t_s[up] - t1) / up_s)
        height[t_s >= t2] = top_after
        movements.append(Movement(kind, t0, t1, t2, depth))
        t0 = t2 + pause_s
    pts = side_view_points(height)
    pts[:, :, :2] += rng.normal(0.0, noise_px, pts[:, :, :2].shape)
    if hands_hidden is not None:
        hidden = (t_s >= hands_hidden[0] * total) & (t_s < hands_hidden[1] * total)
        guess = pts[hidden, 11, :2] + [0.0, ARM_PX]  # straight arms under shoulders
        for i in _HAND:
            pts[hidden, i, :2] = guess + rng.normal(0.0, 15.0, guess.shape)
            pts[hidden, i, 3] = rng.uniform(0.05, 0.4, int(hidden.sum()))
    dropped = rng.random(count) < drop_fraction
    dropped[:5] = False
    pts[dropped] = np.nan
    series = KeypointSeries.create(
        t_s=t_s,
        points=pts,
        width_px=1280,
        height_px=720,
        frame_rate_hz=frame_rate_hz,
        source="synthetic max test",
    )
    return MaxTest(series, movements)
