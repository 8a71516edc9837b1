"""Per-rep form metrics from 2D keypoints (brief section 6), judged only where the
camera view can see them.

Pipeline: :func:`frame_signals` (``_form_signals.py``) turns a keypoint series
``(n, 33, 4)`` into per-frame measures (vectorised numpy, one array per measure,
shapes below); :func:`measure_reps`
aggregates them over each rep's windows (the *top* before the descent, the *bottom
phase*, the *top* the rep returns to) into :class:`RepForm` records of :class:`Metric`.

Conventions (image pixels, y grows downwards, see :mod:`pushback.analysis.keypoints`):

* ``side`` arrays have shape ``(2, n)``: index 0 = the person's left, 1 = right; the
  side metrics use the better-seen side of the whole set (mean visibility of
  shoulder, elbow, wrist and hip); front-view metrics use both sides.
* A landmark under ``min_visibility`` is NaN; a metric whose window has no value, or
  whose view cannot judge it (:data:`METRIC_VIEWS`), is a :class:`Metric` with
  ``value=None`` and a ``reason``, never a guess.

Metrics (name: unit; views):

``min_elbow_deg``      deg, the smallest elbow angle of the rep (180 = straight), from
                       the rep segmenter's smoothed elbow; side, oblique.
``shoulder_drop``      upper-arm lengths: how far the shoulder sinks towards the wrist
                       from the top to the bottom phase (brief: "shoulder-to-wrist
                       vertical drop / upper-arm length"); side, oblique.
``lockout_elbow_deg``  deg, the largest elbow angle within ``top_window_s`` of the rep's
                       end (brief: >= 160-170 at the top); side, oblique, front.
``body_line``          fraction of torso length: the hip's signed perpendicular offset
                       from the shoulder-ankle line, **sag negative, pike positive**,
                       median over the bottom phase. The shoulder-knee line is used for
                       knee push-ups, and when the ankles are not seen; side.
``head_deg``           deg (side view): signed angle of the shoulder->ear vector from
                       the hip->shoulder line, **negative = head dropped** towards the
                       floor; median over the bottom phase.
``head_drop``          shoulder widths (front, oblique): how far the ears hang below
                       the shoulder line at the bottom, positive = below.
``hand_width``         shoulder widths: wrist distance / shoulder distance over the rep
                       (seed: the wide push-up asks 1.5x); front, overhead.
``elbow_flare_deg``    deg from the torso at the bottom. Front: asin of the elbow's
                       lateral offset beyond the shoulder-wrist line over the upper-arm
                       length; overhead: the upper-arm to torso angle; front, overhead.
``asymmetry_deg``      deg: how much the shoulder line rolls (one shoulder lower) from
                       the top to the bottom of the rep; front. (The left-right elbow
                       angle difference reads 25-40 deg on a symmetric head-on incline
                       set through perspective, so it is not used.)
``neck_ratio``         ear-to-shoulder distance at the bottom divided by the median of
                       the set's first ``baseline_reps`` reps (< 1 = the shoulders rise
                       towards the ears, the shrug proxy); side (over torso length),
                       front (over shoulder width).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pushback.analysis._form_signals import (
    FloatArray,
    FrameSignals,
    frame_signals,
    nanmean,
    signed_line_offset,
)
from pushback.analysis.reps import Rep

__all__ = [
    "METRIC_UNITS",
    "METRIC_VIEWS",
    "FrameSignals",
    "Metric",
    "RepForm",
    "frame_signals",
    "measure_reps",
    "signed_line_offset",
]

#: Which camera views can judge each metric (brief section 6, "what each view sees").
METRIC_VIEWS: dict[str, tuple[str, ...]] = {
    "min_elbow_deg": ("side", "oblique"),
    "shoulder_drop": ("side", "oblique"),
    "lockout_elbow_deg": ("side", "oblique", "front"),
    "body_line": ("side",),
    "head_deg": ("side",),
    "head_drop": ("front", "oblique"),
    "hand_width": ("front", "overhead"),
    "elbow_flare_deg": ("front", "overhead"),
    "asymmetry_deg": ("front",),
    "neck_ratio": ("side", "front"),
}
#: Unit of each metric.
METRIC_UNITS: dict[str, str] = {
    "min_elbow_deg": "deg",
    "shoulder_drop": "upper-arm lengths",
    "lockout_elbow_deg": "deg",
    "body_line": "torso lengths",
    "head_deg": "deg",
    "head_drop": "shoulder widths",
    "hand_width": "shoulder widths",
    "elbow_flare_deg": "deg",
    "asymmetry_deg": "deg",
    "neck_ratio": "ratio to the first reps",
}
#: How many of the set's first reps give the reference for ``neck_ratio``.
BASELINE_REPS = 3
#: Shortest window (s) a bottom or top measure is taken over (a few frames at 30 Hz).
MIN_WINDOW_S = 0.3
#: Window (s) around the rep's end in which lockout is looked for.
TOP_WINDOW_S = 0.4
#: Fraction of a window's frames that must hold a value for the median to count.
MIN_SEEN_FRACTION = 0.5


@dataclass(frozen=True)
class Metric:
    """One measured value with its unit, or ``value=None`` and the ``reason``."""

    value: float | None
    unit: str
    basis: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"value", "unit"}`` plus ``basis`` or ``reason`` when set."""
        out: dict[str, Any] = {
            "value": None if self.value is None else round(self.value, 3),
            "unit": self.unit,
        }
        if self.basis:
            out["basis"] = self.basis
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class RepForm:
    """The form metrics of one rep (``index`` as in :class:`Rep`), by metric name."""

    index: int
    metrics: dict[str, Metric] = field(default_factory=dict)

    def value(self, name: str) -> float | None:
        """The metric's value, or None when it was not judged."""
        metric = self.metrics.get(name)
        return None if metric is None else metric.value

    def to_dict(self) -> dict[str, Any]:
        """``{name: Metric.to_dict()}`` in :data:`METRIC_VIEWS` order."""
        return {name: self.metrics[name].to_dict() for name in self.metrics}


def _median(values: FloatArray) -> float | None:
    """Median of the finite values, or None when too few are finite."""
    finite = values[np.isfinite(values)]
    if values.size == 0 or finite.size < MIN_SEEN_FRACTION * values.size:
        return None
    return float(np.median(finite))


@dataclass(frozen=True)
class _Windows:
    """Frame index slices of one rep: top before, bottom phase, top after, whole."""

    start: slice
    bottom: slice
    end: slice
    whole: slice


def _window(t_s: FloatArray, t0: float, t1: float) -> slice:
    """Frames with t0 <= t <= t1, widened to at least MIN_WINDOW_S around the middle."""
    if t1 - t0 < MIN_WINDOW_S:
        middle = (t0 + t1) / 2
        t0, t1 = middle - MIN_WINDOW_S / 2, middle + MIN_WINDOW_S / 2
    a = int(np.searchsorted(t_s, t0, side="left"))
    b = int(np.searchsorted(t_s, t1, side="right"))
    return slice(a, max(b, a + 1))


def _windows(t_s: FloatArray, rep: Rep) -> _Windows:
    end_s = rep.end_s if rep.end_s is not None else rep.bottom_end_s
    half = TOP_WINDOW_S / 2
    return _Windows(
        start=_window(t_s, rep.start_s - half, rep.start_s + half / 2),
        bottom=_window(t_s, rep.bottom_start_s, rep.bottom_end_s),
        end=_window(t_s, end_s - half, end_s + TOP_WINDOW_S),
        whole=_window(t_s, rep.start_s, end_s),
    )


Measured = tuple[float | None, str | None]
_UNSEEN = "the landmarks it needs were not seen in this rep"


def _depth(sig: FrameSignals, rep: Rep, w: _Windows, side: int) -> Measured:
    del sig, w, side
    if rep.min_elbow_deg is None:
        return None, _UNSEEN
    return rep.min_elbow_deg, "shoulder-elbow-wrist angle"


def _shoulder_drop(sig: FrameSignals, rep: Rep, w: _Windows, side: int) -> Measured:
    del rep
    top = _median(sig.rise_px[side, w.start])
    bottom = _median(sig.rise_px[side, w.bottom])
    arm = _median(sig.upper_arm_px[side, w.whole])
    if top is None or bottom is None or not arm:
        return None, _UNSEEN
    return (top - bottom) / arm, "shoulder height over the wrist, top - bottom"


def _elbows(sig: FrameSignals, view: str, side: int, frames: slice) -> FloatArray:
    if view == "front":
        return nanmean(sig.elbow_deg[:, frames], 0)
    return sig.elbow_deg[side, frames]


def _lockout(sig: FrameSignals, view: str, w: _Windows, side: int) -> Measured:
    values = _elbows(sig, view, side, w.end)
    if np.count_nonzero(np.isfinite(values)) < 3:
        return None, _UNSEEN
    # the 2nd-highest value: one spiky frame cannot fake a lockout
    return float(np.sort(values[np.isfinite(values)])[-2]), "elbow angle at the top"


def _body_line(sig: FrameSignals, w: _Windows, side: int, knee: bool) -> Measured:
    if not knee:
        ankle = _median(sig.body_line_ankle[side, w.bottom])
        if ankle is not None:
            return ankle, "hip offset from the shoulder-ankle line"
    at_knee = _median(sig.body_line_knee[side, w.bottom])
    if at_knee is None:
        return None, "hips, knees or ankles not seen at the bottom"
    return at_knee, "hip offset from the shoulder-knee line"


def _flare(sig: FrameSignals, view: str, w: _Windows) -> Measured:
    if view == "overhead":
        value = _median(nanmean(sig.flare_top_deg[:, w.bottom], 0))
        return value, "upper arm to torso angle" if value is not None else _UNSEEN
    arm = (
        np.nanpercentile(sig.upper_arm_px, 90)
        if np.isfinite(sig.upper_arm_px).any()
        else np.nan
    )
    offset = _median(nanmean(sig.flare_offset_px[:, w.bottom], 0))
    if offset is None or not np.isfinite(arm) or arm <= 0:
        return None, _UNSEEN
    ratio = float(np.clip(offset / arm, -1.0, 1.0))
    return float(np.degrees(np.arcsin(ratio))), "elbow outside the shoulder-wrist line"


def _asymmetry(sig: FrameSignals, w: _Windows) -> Measured:
    top = _median(sig.shoulder_roll_deg[w.start])
    bottom = _median(sig.shoulder_roll_deg[w.bottom])
    if top is None or bottom is None:
        return None, _UNSEEN
    return abs(bottom - top), "shoulder-line roll, top to bottom"


def _neck(sig: FrameSignals, view: str, w: _Windows, side: int) -> Measured:
    if view == "front":
        return _median(sig.neck_width[w.bottom]), "ear-shoulder over shoulder width"
    return _median(sig.neck_torso[side, w.bottom]), "ear-shoulder over torso length"


def _measure(  # noqa: PLR0911 - one branch per metric
    name: str, sig: FrameSignals, rep: Rep, view: str, knee: bool
) -> Measured:
    w, side = _windows(sig.t_s, rep), sig.side
    if name == "min_elbow_deg":
        return _depth(sig, rep, w, side)
    if name == "shoulder_drop":
        return _shoulder_drop(sig, rep, w, side)
    if name == "lockout_elbow_deg":
        return _lockout(sig, view, w, side)
    if name == "body_line":
        return _body_line(sig, w, side, knee)
    if name == "head_deg":
        return _median(sig.head_deg[side, w.bottom]), "ear-shoulder-hip angle"
    if name == "head_drop":
        return _median(sig.head_drop[w.bottom]), "ears below the shoulder line"
    if name == "hand_width":
        return _median(sig.hand_width[w.whole]), "wrist distance / shoulder distance"
    if name == "elbow_flare_deg":
        return _flare(sig, view, w)
    if name == "asymmetry_deg":
        return _asymmetry(sig, w)
    return _neck(sig, view, w, side)


def _view_reason(name: str, view: str) -> str:
    views = " or ".join(METRIC_VIEWS[name])
    return f"a {view} view cannot judge this; it needs a {views} view"


def _metric(name: str, sig: FrameSignals, rep: Rep, view: str, knee: bool) -> Metric:
    unit = METRIC_UNITS[name]
    if view not in METRIC_VIEWS[name]:
        return Metric(None, unit, reason=_view_reason(name, view))
    value, note = _measure(name, sig, rep, view, knee)
    if value is None or not np.isfinite(value):
        return Metric(None, unit, reason=note if value is None and note else _UNSEEN)
    return Metric(float(value), unit, basis=note)


def _relative_neck(forms: list[RepForm]) -> list[RepForm]:
    """Turn the raw neck length into ``neck_ratio`` against the first reps."""
    raw = [f.value("neck_ratio") for f in forms]
    first = [v for v in raw[:BASELINE_REPS] if v is not None]
    baseline = float(np.median(first)) if first else None
    out = []
    for form, value in zip(forms, raw, strict=True):
        metric = form.metrics["neck_ratio"]
        if value is not None and baseline:
            metric = Metric(value / baseline, metric.unit, basis=metric.basis)
        elif value is not None:
            metric = Metric(
                None, metric.unit, reason="no reference from the first reps"
            )
        out.append(RepForm(form.index, {**form.metrics, "neck_ratio": metric}))
    return out


def measure_reps(
    signals: FrameSignals,
    reps: Sequence[Rep],
    view: str,
    *,
    knee_variant: bool = False,
) -> tuple[RepForm, ...]:
    """Form metrics of each rep (same order as ``reps``).

    ``view`` is the set's camera view; ``knee_variant`` measures the body line on the
    shoulder-hip-knee line (knee push-ups).
    """
    forms = [
        RepForm(
            rep.index,
            {
                name: _metric(name, signals, rep, view, knee_variant)
                for name in METRIC_VIEWS
            },
        )
        for rep in reps
    ]
    return tuple(_relative_neck(forms))
