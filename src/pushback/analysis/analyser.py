"""One set, frame by frame: keypoints -> height signal -> smoothed -> reps.

:class:`SetAnalyser` is the incremental front of the analysis core: a file and a live
camera feed it the same way, ``push(t_s, points_or_None)`` per frame, then
``finish()`` and ``result()``. Per frame it:

1. measures the arms (:func:`~pushback.analysis.view.body_geometry`) and keeps the
   better-seen side (visibility averaged over ~0.5 s; both sides when they are within
   ``side_visibility_margin``);
2. watches for a *jump* of the tracked body (centre or size changing more between two
   frames than a body can move: a camera cut or another person) and restarts there
   with a warning;
3. divides the shoulder-over-wrist rise by the running arm-length reference;
4. resamples to a uniform ``sample_rate_hz`` grid (variable frame rates, dropped
   frames); a gap longer than ``max_gap_s`` closes the current stretch;
5. smooths with a centred median then a centred Savitzky-Golay stage (a fixed delay
   of a few samples, no phase shift) and feeds
   :class:`~pushback.analysis.reps.RepSegmenter`.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.config import DEFAULT_CONFIG, AnalysisConfig
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.reps import Rep, RepEvent, RepSegmenter, Sample
from pushback.analysis.result import AnalysisResult, SmoothedSignal, summarise_tempo
from pushback.analysis.smoothing import CentredFilter, window_samples
from pushback.analysis.view import BodyGeometry, View, body_geometry, estimate_view
from pushback.domain.phrases import msg

__all__ = ["SetAnalyser", "analyse_series"]

FloatArray = NDArray[np.float64]
#: Time constant of the visibility average used to pick a side, s.
SIDE_TIME_CONSTANT_S = 0.5
#: Jumps that lose no rep are reported once per this many seconds (someone settling
#: into position makes the tracker lose and find them several times).
JUMP_REPEAT_S = 5.0
#: Where the prescribed descent comes from when no exercise says.
DEFAULT_TEMPO_SOURCE = msg("the article's 3 s descent")


@dataclass
class _Frame:
    """One measured frame, ready for resampling."""

    t_s: float
    height: float
    elbow_deg: float
    wrist_y_px: float
    scale_px: float
    side: int


@dataclass(frozen=True)
class _Body:
    """Where the tracked body was: time (s), centre (x, y px) and size (px)."""

    t_s: float
    center: FloatArray
    size_px: float


class SetAnalyser:
    """Incremental analysis of one set (see the module docstring).

    ``prescribed_descent_s`` (default ``config.prescribed_descent_s``) and
    ``tempo_source`` describe the tempo the set is judged against.
    """

    def __init__(
        self,
        config: AnalysisConfig = DEFAULT_CONFIG,
        *,
        prescribed_descent_s: float | None = None,
        tempo_source: str = DEFAULT_TEMPO_SOURCE,
        keep_signal: bool = True,
    ) -> None:
        self.config = config
        self.prescribed_descent_s = prescribed_descent_s or config.prescribed_descent_s
        self.tempo_source = tempo_source
        self.keep_signal = keep_signal
        self.segmenter = RepSegmenter(config)
        self.warnings: list[str] = []
        self._frame_times: list[float] = []
        self._missing = 0
        self._view_rows: list[tuple[float, float, float, float]] = []
        self._signal: list[tuple[float, float, float, int]] = []
        self._step_s = 1.0 / config.sample_rate_hz
        med = window_samples(config.median_window_s, config.sample_rate_hz)
        smooth = window_samples(config.smoothing_window_s, config.sample_rate_hz)
        self._median = CentredFilter("median", med)
        self._smooth = CentredFilter(
            config.smoothing_filter, smooth, config.savgol_order
        )
        self._elbow = CentredFilter("median", 2 * (med // 2 + smooth // 2) + 1)
        self._delay: deque[_Frame] = deque()
        self._pending: list[RepEvent] = []
        self._last_jump_s = -math.inf
        self._reset_tracking()

    def _reset_tracking(self) -> None:
        self._scale: deque[tuple[float, float]] = deque()
        self._visibility: FloatArray | None = None
        self._previous: _Body | None = None
        self._held: _Body | None = None
        self._last: _Frame | None = None
        self._next_grid_s = 0.0
        self._wrist_y: FloatArray = np.full(2, np.nan)

    # -- public API -----------------------------------------------------------------

    def push(self, t_s: float, points: FloatArray | None) -> list[RepEvent]:
        """Analyse the frame at ``t_s`` (s); ``points`` (33, 4) or None if no person."""
        self._frame_times.append(t_s)
        frame = None if points is None else self._measure(t_s, points)
        if frame is None:
            self._missing += points is None
            if self._last is not None and t_s - self._last.t_s > self.config.max_gap_s:
                return self._close_stretch()
            return []
        events, self._pending = self._pending, []
        if self._last is not None and t_s - self._last.t_s > self.config.max_gap_s:
            events += self._close_stretch()
        return events + self._resample(frame)

    def finish(self) -> list[RepEvent]:
        """Close the set at the end of the video or feed; return the last events."""
        return self._close_stretch()

    def result(self) -> AnalysisResult:
        """The analysis so far (call :meth:`finish` first for the complete set)."""
        seg = self.segmenter
        reps = tuple(self._locate(r) for r in seg.reps)
        partials = tuple(self._locate(r) for r in seg.partials)
        view = self._view(reps)
        warnings = list(self.warnings) + self._quality_warnings(view)
        tempo = summarise_tempo(
            list(reps),
            prescribed_descent_s=self.prescribed_descent_s,
            tolerance_s=self.config.tempo_tolerance_s,
            source=self.tempo_source,
        )
        times = self._frame_times
        return AnalysisResult(
            reps=reps,
            partials=partials,
            view=view,
            warnings=tuple(warnings),
            tempo=tempo,
            frames=len(times),
            frames_without_person=self._missing,
            duration_s=(times[-1] - times[0]) if len(times) > 1 else 0.0,
            signal=self._signal_arrays() if self.keep_signal else None,
        )

    # -- per frame -----------------------------------------------------------

    def _measure(self, t_s: float, points: FloatArray) -> _Frame | None:
        cfg = self.config
        g = body_geometry(points, cfg.min_visibility)
        rise_px, wrist_y = self._hold_wrists(g)
        side = self._pick_side(t_s, g.arm_visibility, rise_px)
        used = [0, 1] if side == 2 else [side]
        rise = float(np.mean(rise_px[used]))
        arms = g.arm_length_px[used]
        arm = float(np.mean(arms)) if np.isfinite(arms).all() else math.nan
        size = arm
        if float(g.shoulder_visibility) >= cfg.min_visibility:
            width = cfg.shoulder_width_factor * float(g.shoulder_width_px)
            size = width if not math.isfinite(arm) else max(arm, width)
        if not math.isfinite(rise):
            return None
        if not (math.isfinite(size) and size > 0):
            if not self._scale:  # hands hidden before the arms were ever measured
                return None
            size = self._scale[-1][1]
        if not self._accept(t_s, g.center, size):
            return None
        reference = self._reference_length(t_s, size)
        self._view_rows.append(
            (
                t_s,
                float(g.shoulder_width_px) / reference,
                float(g.shoulder_depth) / reference,
                float(g.torso_px) / reference,
            )
        )
        return _Frame(
            t_s,
            rise / reference,
            float(np.mean(g.elbow_deg[used])),
            float(np.mean(wrist_y[used])),
            reference,
            side,
        )

    def _hold_wrists(self, g: BodyGeometry) -> tuple[FloatArray, FloatArray]:
        """Shoulder rise over the wrist and wrist height per side (px), holding the
        last seen wrist while it is hidden (a timer or logo over the hands, a hand
        out of frame): the hands stay planted during a set. NaN where unknown."""
        seen = np.isfinite(g.wrist_y_px) & np.isfinite(g.arm_length_px)
        self._wrist_y = np.where(seen, g.wrist_y_px, self._wrist_y)
        rise = np.where(seen, g.rise_px, self._wrist_y - g.shoulder_y_px)
        return rise, np.asarray(self._wrist_y, dtype=np.float64)

    def _pick_side(self, t_s: float, visibility: FloatArray, rise: FloatArray) -> int:
        """0 left, 1 right, 2 both: the side(s) seen best over the last ~0.5 s."""
        vis = np.asarray(visibility, dtype=np.float64)
        if self._visibility is None or self._previous is None:
            self._visibility = vis
        else:
            dt = max(t_s - self._previous.t_s, 1e-3)
            a = 1.0 - math.exp(-dt / SIDE_TIME_CONSTANT_S)
            self._visibility = a * vis + (1 - a) * self._visibility
        seen = np.isfinite(rise)
        lead = float(self._visibility[0] - self._visibility[1])
        margin = self.config.side_visibility_margin
        if (lead > margin or not seen[1]) and seen[0]:
            return 0
        if (lead < -margin or not seen[0]) and seen[1]:
            return 1
        return 2

    def _is_jump(self, before: _Body, after: _Body) -> bool:
        """Whether the body moved or resized more between two frames than it can."""
        cfg = self.config
        if not (
            np.all(np.isfinite(before.center)) and np.all(np.isfinite(after.center))
        ):
            return False
        size = max(before.size_px, after.size_px)
        moved = float(np.hypot(*(after.center - before.center))) / size
        allowed = cfg.jump_distance + cfg.jump_speed * (after.t_s - before.t_s)
        ratio = size / min(before.size_px, after.size_px)
        return moved > allowed or ratio > cfg.jump_scale_ratio

    def _accept(self, t_s: float, center: FloatArray, size_px: float) -> bool:
        """Jump guard: False drops the frame. A jump must persist for one more frame
        (else it was a one-frame glitch); then the stretch restarts with a warning."""
        body = _Body(t_s, center, size_px)
        before, held = self._previous, self._held
        self._held = None
        if before is None or t_s - before.t_s > self.config.max_gap_s:
            self._previous = body
            return True
        if not self._is_jump(before, body):
            self._previous = body
            return True
        if held is None or self._is_jump(held, body):
            self._held = body
            return False
        closed = self._close_stretch()
        if self.segmenter.dropped_rep or any(e.kind == "partial" for e in closed):
            self.warnings.append(
                msg(
                    "the tracked person jumped at %(t)s s (a camera cut or someone "
                    "else in view): the rep in progress there was dropped",
                    t=format(held.t_s, ".1f"),
                )
            )
        elif held.t_s - self._last_jump_s > JUMP_REPEAT_S:  # no rep lost: say it once
            self.warnings.append(
                msg(
                    "the tracked person jumped at %(t)s s (a camera cut or someone "
                    "else in view)",
                    t=format(held.t_s, ".1f"),
                )
            )
        self._last_jump_s = held.t_s
        self._pending += closed
        self._reset_tracking()
        self._previous = body
        return True

    def _reference_length(self, t_s: float, arm: float) -> float:
        scale = self._scale
        scale.append((t_s, arm))
        while scale[0][0] < t_s - self.config.scale_window_s:
            scale.popleft()
        if len(scale) == 1:
            return arm
        values = np.fromiter((a for _, a in scale), dtype=np.float64, count=len(scale))
        return float(np.percentile(values, self.config.scale_percentile))

    # -- resampling, smoothing, segmenting -----------------------------------

    def _resample(self, frame: _Frame) -> list[RepEvent]:
        last = self._last
        self._last = frame
        if last is None:
            self._next_grid_s = frame.t_s + self._step_s
            return self._smooth_push(frame)
        events: list[RepEvent] = []
        span = frame.t_s - last.t_s
        while self._next_grid_s <= frame.t_s + 1e-9:
            w = (self._next_grid_s - last.t_s) / span
            events += self._smooth_push(
                _Frame(
                    self._next_grid_s,
                    last.height + w * (frame.height - last.height),
                    last.elbow_deg + w * (frame.elbow_deg - last.elbow_deg),
                    last.wrist_y_px + w * (frame.wrist_y_px - last.wrist_y_px),
                    last.scale_px + w * (frame.scale_px - last.scale_px),
                    frame.side if w >= 0.5 else last.side,
                )
            )
            self._next_grid_s += self._step_s
        return events

    def _smooth_push(self, frame: _Frame) -> list[RepEvent]:
        self._delay.append(frame)
        elbow = self._elbow.push(frame.elbow_deg)
        first = self._median.push(frame.height)
        if first is None:
            return []
        second = self._smooth.push(first)
        if second is None or elbow is None:
            return []
        return self._segment(second, elbow)

    def _segment(self, height: float, elbow: float) -> list[RepEvent]:
        frame = self._delay.popleft()
        if self.keep_signal:
            self._signal.append((frame.t_s, height, elbow, frame.side))
        events = self.segmenter.push(
            Sample(frame.t_s, height, elbow, frame.wrist_y_px, frame.scale_px)
        )
        return self._note(events)

    def _note(self, events: list[RepEvent]) -> list[RepEvent]:
        """Keep the messages of ignored movements as warnings."""
        self.warnings += [
            e.message for e in events if e.kind == "ignored" and e.message
        ]
        return events

    def _close_stretch(self) -> list[RepEvent]:
        events: list[RepEvent] = []
        elbows = self._elbow.flush()
        heights: list[float] = []
        for value in self._median.flush():
            smoothed = self._smooth.push(value)
            if smoothed is not None:
                heights.append(smoothed)
        heights += self._smooth.flush()
        for height, elbow in zip(heights, elbows, strict=True):
            events += self._segment(height, elbow)
        self._delay.clear()
        events += self._note(self.segmenter.end_segment())
        self._last = None
        return events

    # -- result helpers ------------------------------------------------------

    def _locate(self, rep: Rep) -> Rep:
        """Attach the source frame indices of the rep's start, bottom and end."""
        times = self._frame_times
        last = len(times) - 1

        def index(t: float | None) -> int | None:
            return None if t is None else min(bisect_left(times, t), last)

        return replace(
            rep,
            start_frame=index(rep.start_s),
            bottom_frame=index(rep.bottom_s),
            end_frame=index(rep.end_s),
        )

    def _view(self, reps: tuple[Rep, ...]) -> View:
        if not self._view_rows:
            return "unknown"
        rows = np.asarray(self._view_rows, dtype=np.float64)
        inside = np.zeros(len(rows), dtype=bool)
        for rep in reps:
            end = rep.end_s if rep.end_s is not None else rep.bottom_s
            inside |= (rows[:, 0] >= rep.start_s) & (rows[:, 0] <= end)
        chosen = rows[inside] if inside.any() else rows
        return estimate_view(chosen[:, 1], chosen[:, 2], chosen[:, 3])

    def _quality_warnings(self, view: str) -> list[str]:
        out: list[str] = []
        frames = len(self._frame_times)
        if frames and self._missing / frames > 0.2:
            out.append(f"no person found in {self._missing / frames:.0%} of the frames")
        if view == "overhead":
            out.append(
                "overhead view: counts and timings are unreliable; film from the side"
            )
        elif view in ("front", "oblique"):
            out.append(
                f"{view} view: depth and body line are judged best from the side"
            )
        if not self.segmenter.reps:
            out.append("no complete push-up was found")
        return out

    def _signal_arrays(self) -> SmoothedSignal:
        rows = self._signal
        return SmoothedSignal(
            t_s=np.asarray([r[0] for r in rows], dtype=np.float64),
            height=np.asarray([r[1] for r in rows], dtype=np.float64),
            elbow_deg=np.asarray([r[2] for r in rows], dtype=np.float64),
            side=np.asarray([r[3] for r in rows], dtype=np.int8),
        )


def analyse_series(
    series: KeypointSeries,
    config: AnalysisConfig = DEFAULT_CONFIG,
    *,
    prescribed_descent_s: float | None = None,
    tempo_source: str = DEFAULT_TEMPO_SOURCE,
) -> AnalysisResult:
    """Analyse a whole keypoint series by pushing its frames one at a time."""
    analyser = SetAnalyser(
        config, prescribed_descent_s=prescribed_descent_s, tempo_source=tempo_source
    )
    for t_s, points in series.frames():
        analyser.push(t_s, points)
    analyser.finish()
    return analyser.result()
