"""Rep segmentation: top -> bottom -> top with hysteresis, one sample at a time.

Input: a uniformly sampled, smoothed *height* signal (shoulder height above the
wrist in arm lengths: ~1 at the top, ~0.2-0.4 at the bottom; see
:mod:`pushback.analysis.config`) with the elbow angle and wrist height alongside.
:meth:`RepSegmenter.push` takes one :class:`Sample` and returns the events it
completes; :meth:`RepSegmenter.end_segment` closes a stretch (end of video, gap, cut).

States and hysteresis (all amounts in arm lengths, ``cfg`` = :class:`AnalysisConfig`):

``top``      the top reference is the highest height of the last
             :data:`TOP_WINDOW_S` seconds; a drop of ``cfg.pivot_swing`` below it
             starts a descent.
``descent``  the lowest point is tracked. Regaining ``cfg.return_fraction`` of the
             drop means the arms are back up: the rep is complete when the drop
             reached the stated depth (:meth:`RepSegmenter.required_drop`: half the
             person's own recent range, adapting as fatigue shrinks it, at least
             ``cfg.min_rep_swing``; ``cfg.rep_swing`` before the first rep),
             otherwise it is a partial rep.
``ascent``   the new top is tracked until the height falls ``cfg.pivot_swing`` below
             it or holds for ``cfg.top_confirm_s``: then the rep is timed and emitted.

Timing, from the samples of the rep (linear interpolation between samples):
``start_s`` is the end of the top hold: walking back from the fastest lowering, where
the height's speed falls under ``cfg.onset_speed_fraction`` of that peak; ``end_s``
likewise after the fastest rise (the arms are straight again). The *bottom phase* is
the stretch around the lowest point within ``cfg.bottom_band_fraction`` x drop of
it where the lowering has slowed under the same speed fraction (and the rise has not
yet passed it), ``bottom_s`` its middle.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from pushback.analysis._rep_timing import quiet_edge, rep_times
from pushback.analysis.config import DEFAULT_CONFIG, AnalysisConfig

__all__ = ["TOP_WINDOW_S", "Rep", "RepEvent", "RepSegmenter", "Sample"]

FloatArray = NDArray[np.float64]
#: How far back (s) the top reference looks while waiting at the top.
TOP_WINDOW_S = 3.0


@dataclass(frozen=True)
class Sample:
    """One smoothed sample: time (s), height (arm lengths), elbow angle (deg, NaN if
    unseen), wrist height (px, image y down) and the body scale (px per arm length)."""

    t_s: float
    height: float
    elbow_deg: float = float("nan")
    wrist_y_px: float = 0.0
    scale_px: float = 1.0


@dataclass(frozen=True)
class Rep:
    """One rep. Times in seconds from the start of the video; durations in seconds.

    ``complete`` reps are counted and numbered from 1 (``index``); partial reps have
    ``index`` 0 and a ``reason``. ``depth`` is the drop from the top in arm lengths.
    ``faults`` is filled by the form analysis; ``start_frame``/``bottom_frame``/
    ``end_frame`` (indices of the source frames, set by the analyser) locate the rep
    in the keypoints.
    """

    index: int
    complete: bool
    start_s: float
    bottom_s: float
    end_s: float | None
    bottom_start_s: float
    bottom_end_s: float
    min_elbow_deg: float | None
    depth: float
    top_height: float
    bottom_height: float
    reason: str | None = None
    faults: tuple[str, ...] = ()
    start_frame: int | None = None
    bottom_frame: int | None = None
    end_frame: int | None = None

    @property
    def descent_s(self) -> float:
        """Lowering time until the bottom phase begins."""
        return self.bottom_start_s - self.start_s

    @property
    def bottom_pause_s(self) -> float:
        """Time spent in the bottom phase."""
        return self.bottom_end_s - self.bottom_start_s

    @property
    def ascent_s(self) -> float | None:
        """Time from the end of the bottom phase until the arms are straight again."""
        return None if self.end_s is None else self.end_s - self.bottom_end_s


@dataclass(frozen=True)
class RepEvent:
    """What a pushed sample completed: ``descent`` (a rep starts, no ``rep`` yet),
    ``rep`` (a counted rep), ``partial`` (a rep not counted) or ``ignored`` (movement
    that is not a push-up, with a ``message``)."""

    kind: Literal["descent", "rep", "partial", "ignored"]
    t_s: float
    rep: Rep | None = None
    message: str | None = None


State = Literal["top", "descent", "ascent"]


@dataclass
class _Track:
    """Mutable state of the current stretch."""

    samples: list[Sample] = field(default_factory=list)
    state: State = "top"
    top_window: deque[int] = field(default_factory=deque)  # indices, heights decreasing
    top_i: int = 0
    low_i: int = 0
    high_i: int = 0
    descent_t: float = 0.0
    top_known: bool = False  # the signal was seen still or rising to the top
    descent_from_known_top: bool = False
    lowest: float = float("inf")


class RepSegmenter:
    """Incremental top -> bottom -> top segmenter (see the module docstring)."""

    def __init__(self, config: AnalysisConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.reps: list[Rep] = []
        self.partials: list[Rep] = []
        self._depths: list[float] = []
        self._track = _Track()
        #: Whether the last :meth:`end_segment` cut a descent short.
        self.dropped_rep = False
        self._confirm_n = max(1, round(config.top_confirm_s * config.sample_rate_hz))
        self._still_n = max(2, round(config.still_s * config.sample_rate_hz))

    @property
    def rep_count(self) -> int:
        """Complete reps so far."""
        return len(self.reps)

    @property
    def state(self) -> State:
        """``top``, ``descent`` or ``ascent``."""
        return self._track.state

    def push(self, sample: Sample) -> list[RepEvent]:
        """Add the next sample (uniform spacing expected); return completed events."""
        tr = self._track
        tr.samples.append(sample)
        i = len(tr.samples) - 1
        if tr.state == "top":
            events = self._at_top(i)
            if self._track.state == "top":
                self._trim()
            return events
        if tr.state == "descent":
            return self._in_descent(i)
        return self._in_ascent(i)

    def end_segment(self) -> list[RepEvent]:
        """Close the stretch (end of video, gap, cut): finish or drop the open rep.
        :attr:`dropped_rep` then says whether a rep was under way and lost."""
        tr = self._track
        events: list[RepEvent] = []
        self.dropped_rep = tr.state == "descent"
        if tr.state == "ascent":
            events = self._emit(tr.high_i)
        elif tr.state == "descent":
            depth = self._height(tr.top_i) - self._height(tr.low_i)
            if (
                depth >= self.required_drop()
                and tr.low_i > tr.top_i
                and self._bottomed()
            ):
                rep = self._measure(tr.top_i, tr.low_i, None, complete=False)
                rep = _with_reason(rep, "unfinished: the video or the tracking stopped")
                self.partials.append(rep)
                events = [RepEvent("partial", rep.bottom_s, rep)]
        self._track = _Track()
        return events

    # -- states -------------------------------------------------------------------

    def _height(self, i: int) -> float:
        return self._track.samples[i].height

    def _at_top(self, i: int) -> list[RepEvent]:
        tr = self._track
        window = tr.top_window
        h = self._height(i)
        while window and self._height(window[-1]) <= h:
            window.pop()
        window.append(i)
        horizon = tr.samples[i].t_s - TOP_WINDOW_S
        while tr.samples[window[0]].t_s < horizon:
            window.popleft()
        top = window[0]
        if not tr.top_known:
            tr.top_known = self._is_top_known(i)
        if self._height(top) - h >= self.config.pivot_swing:
            tr.state, tr.top_i, tr.low_i, tr.high_i = "descent", top, i, i
            tr.descent_t = tr.samples[i].t_s
            tr.descent_from_known_top = tr.top_known
            return [RepEvent("descent", tr.samples[i].t_s)]
        return []

    def _is_back_under_stale_top(self, i: int) -> bool:
        """Back up, but under a top that was higher than this rep's (the person
        settling into position, a tracking spike): the rise since the low reached the
        stated depth and ``return_fraction`` of the person's range, then stopped
        (held ``top_confirm_s`` or fell ``pivot_swing``)."""
        tr, cfg = self._track, self.config
        high = self._height(tr.high_i)
        rise = high - self._height(tr.low_i)
        depths = self._depths[-cfg.range_reps :]
        usual = float(np.median(depths)) if depths else cfg.rep_swing
        if rise < max(self.required_drop(), cfg.return_fraction * usual):
            return False
        fell = high - self._height(i) >= cfg.pivot_swing
        return fell or i - tr.high_i >= self._confirm_n

    def _own_top(self, top_i: int, low_i: int, high_i: int) -> int:
        """Under a stale top: the last sample before the low as high as the top the
        rep came back to, where this rep's own lowering began."""
        level = self._height(high_i)
        for k in range(low_i, top_i, -1):
            if self._height(k) >= level:
                return k
        return top_i

    def _is_top_known(self, i: int) -> bool:
        """Still for ``still_s``, or risen ``pivot_swing`` from the stretch's lowest."""
        tr, cfg = self._track, self.config
        h = self._height(i)
        tr.lowest = min(tr.lowest, h)
        if h - tr.lowest >= cfg.pivot_swing:
            return True
        if i + 1 < self._still_n:
            return False
        recent = [s.height for s in tr.samples[i + 1 - self._still_n : i + 1]]
        return max(recent) - min(recent) <= cfg.still_band

    def _in_descent(self, i: int) -> list[RepEvent]:
        tr, cfg = self._track, self.config
        h = self._height(i)
        if h < self._height(tr.low_i):
            tr.low_i = tr.high_i = i
        elif h > self._height(tr.high_i):
            tr.high_i = i
        low = self._height(tr.low_i)
        drop = self._height(tr.top_i) - low
        if tr.samples[i].t_s - tr.descent_t > cfg.max_rep_s:
            self._track = _Track()
            message = (
                f"lowering at {tr.descent_t:.1f} s ignored: not back up within "
                f"{cfg.max_rep_s:g} s"
            )
            return [RepEvent("ignored", tr.samples[i].t_s, message=message)]
        if h - low < cfg.return_fraction * drop:
            if self._is_back_under_stale_top(i):
                tr.top_i = self._own_top(tr.top_i, tr.low_i, tr.high_i)
                return self._emit(tr.high_i, next_i=i)
            return []
        if drop >= self.required_drop():
            tr.state, tr.high_i = "ascent", i
            return []
        rep = _with_reason(
            self._measure(tr.top_i, tr.low_i, i, complete=False), "shallow"
        )
        end_s = rep.end_s or rep.bottom_s
        moved = _wrist_travel(tr.samples[tr.top_i : i + 1]) > cfg.max_wrist_travel
        self._restart_top(i)
        if end_s - rep.start_s < cfg.min_rep_s or moved:
            return []  # a tracking glitch or a gesture, not a rep
        self.partials.append(rep)
        return [RepEvent("partial", end_s, rep)]

    def _in_ascent(self, i: int) -> list[RepEvent]:
        tr = self._track
        h = self._height(i)
        if h > self._height(tr.high_i):
            tr.high_i = i
            return []
        fell = self._height(tr.high_i) - h >= self.config.pivot_swing
        if fell or i - tr.high_i >= self._confirm_n:
            return self._emit(tr.high_i, next_i=i)
        return []

    # -- helpers ------------------------------------------------------------------

    def _bottomed(self) -> bool:
        """Whether the open descent slowed down before the stretch ended (a bottom
        was reached), rather than being cut while still falling."""
        s = self._track.samples[self._track.top_i :]
        if len(s) < 3:
            return False
        h = np.fromiter((x.height for x in s), dtype=np.float64, count=len(s))
        t = np.fromiter((x.t_s for x in s), dtype=np.float64, count=len(s))
        fraction = self.config.onset_speed_fraction
        return quiet_edge(-np.gradient(h, t), t, 0, len(s) - 1, +1, fraction) < float(
            t[-1]
        )

    def required_drop(self) -> float:
        """How far (arm lengths) a rep must go down and back up to count: the stated
        depth. ``rep_swing`` until a rep is counted; then ``partial_depth_fraction`` of
        the person's range (median depth of their last ``range_reps`` reps), so it
        follows the range as fatigue shrinks it, never under ``min_rep_swing``."""
        cfg = self.config
        if not self._depths:
            return cfg.rep_swing
        recent = float(np.median(self._depths[-cfg.range_reps :]))
        return max(cfg.min_rep_swing, cfg.partial_depth_fraction * recent)

    def _emit(self, high_i: int, next_i: int | None = None) -> list[RepEvent]:
        """Time the rep ending at ``high_i``; continue at the top from there."""
        tr, cfg = self._track, self.config
        rep = self._measure(tr.top_i, tr.low_i, high_i, complete=True)
        during = [x for x in tr.samples[tr.top_i : high_i + 1] if x.t_s >= rep.start_s]
        travel = _wrist_travel(during)
        events: list[RepEvent]
        end_s = rep.end_s if rep.end_s is not None else rep.bottom_s
        if end_s - rep.start_s < cfg.min_rep_s:
            events = []
        elif not tr.descent_from_known_top and self._began_mid_rep(rep, high_i):
            rep = _with_reason(rep, "began before the tracking (video start or cut)")
            self.partials.append(rep)
            events = [RepEvent("partial", end_s, rep)]
        elif travel > cfg.max_wrist_travel:
            msg = (
                f"movement at {rep.start_s:.1f}-{end_s:.1f} s ignored: the hands moved"
            )
            events = [RepEvent("ignored", end_s, message=msg)]
        else:
            rep = _renumber(rep, len(self.reps) + 1)
            self.reps.append(rep)
            self._depths.append(rep.depth)
            events = [RepEvent("rep", end_s, rep)]
        self._restart_top(high_i)
        if next_i is not None:  # replay the samples after the top in the new state
            for j in range(1, next_i - high_i + 1):
                events += self._step(j)
        return events

    def _step(self, j: int) -> list[RepEvent]:
        state = self._track.state
        if state == "top":
            return self._at_top(j)
        return self._in_descent(j) if state == "descent" else self._in_ascent(j)

    def _began_mid_rep(self, rep: Rep, high_i: int) -> bool:
        """A rep from an unseen top: was its first height well under the top after?"""
        top_after = self._height(high_i)
        rise = top_after - rep.bottom_height
        return rep.top_height < top_after - self.config.unseen_top_fraction * rise

    def _restart_top(self, i: int) -> None:
        """Back to the top state, keeping samples from ``i`` on."""
        tr = self._track
        tr.samples = tr.samples[i:]
        tr.state, tr.top_i, tr.low_i, tr.high_i = "top", 0, 0, 0
        tr.top_window = deque([0])
        tr.top_known = True

    def _trim(self) -> None:
        """Drop samples older than the top window (the only ones still needed)."""
        tr = self._track
        first = tr.top_window[0]
        if first > 256:
            tr.samples = tr.samples[first:]
            tr.top_window = deque(k - first for k in tr.top_window)

    def _measure(
        self, top_i: int, low_i: int, high_i: int | None, *, complete: bool
    ) -> Rep:
        """Time the rep from its samples (see the module docstring)."""
        s = self._track.samples
        h = np.fromiter((x.height for x in s), dtype=np.float64, count=len(s))
        t = np.fromiter((x.t_s for x in s), dtype=np.float64, count=len(s))
        times = rep_times(h, t, top_i, low_i, high_i, self.config)
        b0, b1 = times.bottom_start_s, times.bottom_end_s
        limit = high_i if high_i is not None else len(s) - 1
        elbows = [x.elbow_deg for x in s[top_i : limit + 1] if b0 <= x.t_s <= b1]
        finite = [e for e in elbows if np.isfinite(e)]
        return Rep(
            index=0,
            complete=complete,
            start_s=times.start_s,
            bottom_s=(b0 + b1) / 2,
            end_s=times.end_s,
            bottom_start_s=b0,
            bottom_end_s=b1,
            min_elbow_deg=min(finite) if finite else None,
            depth=float(h[top_i] - h[low_i]),
            top_height=float(h[top_i]),
            bottom_height=float(h[low_i]),
        )


def _wrist_travel(samples: list[Sample]) -> float:
    """Vertical wrist travel over the samples, in arm lengths (0 when unknown): the
    spread between the 10th and 90th percentile, so a few frames of a misplaced
    wrist are not a movement of the hands."""
    wrist = np.array([s.wrist_y_px for s in samples], dtype=np.float64)
    scale = np.array([s.scale_px for s in samples], dtype=np.float64)
    if not np.isfinite(wrist).any():
        return 0.0
    low, high = np.nanpercentile(wrist, [10.0, 90.0])
    return float((high - low) / np.nanmedian(scale))


def _with_reason(rep: Rep, reason: str) -> Rep:
    return replace(rep, reason=reason)


def _renumber(rep: Rep, index: int) -> Rep:
    return replace(rep, index=index)
