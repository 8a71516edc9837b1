"""Synthetic push-up keypoints with scripted form faults, and the reps they contain.

Independent of the analysis: bodies are posed by geometry alone and every rep's
timing is known, so the tests build :class:`Rep` records from the script instead of
running the rep counter. Per rep the script sets the fault amounts:

* side view (camera at the person's left): ``sag`` (hip offset from the
  shoulder-ankle line in torso lengths, negative = down), ``head_deg`` (ear
  direction rotated from the torso line, negative = towards the floor), ``neck``
  (ear-shoulder distance as a fraction of normal: < 1 = shrug), ``depth`` (fraction
  of a full descent), ``lockout`` (fraction of full arm extension at the top),
  ``descent_s``;
* front view (camera facing the head): ``flare_deg``, ``hand_width`` (shoulder
  widths), ``roll`` (one shoulder lower at the bottom, shoulder widths), ``hang``
  (ears below the shoulders at the bottom, shoulder widths), ``neck``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import LANDMARK_COUNT, KeypointSeries
from pushback.analysis.reps import Rep
from pushback.analysis.result import AnalysisResult, summarise_tempo

FloatArray = NDArray[np.float64]
UPPER_PX, FORE_PX = 150.0, 130.0
ARM_PX = UPPER_PX + FORE_PX
FLOOR_Y = 600.0
RATE_HZ = 30.0


@dataclass(frozen=True)
class FormRep:
    """One scripted rep (seconds, fractions, degrees, shoulder widths)."""

    descent_s: float = 3.0
    bottom_s: float = 0.4
    ascent_s: float = 1.0
    top_s: float = 1.0
    depth: float = 1.0
    lockout: float = 1.0
    sag: float = 0.0
    head_deg: float = 0.0
    neck: float = 1.0
    flare_deg: float = 20.0
    hand_width: float = 1.2
    roll: float = 0.0
    hang: float = -0.1


@dataclass
class _Script:
    """Per-frame values of the script: time, descent fraction (0 top, 1 bottom)."""

    t_s: FloatArray
    down: FloatArray = field(default_factory=lambda: np.zeros(0))
    rep_of: FloatArray = field(default_factory=lambda: np.zeros(0))


def _ease(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0)))


def _script(
    reps: list[FormRep], lead_s: float = 1.0
) -> tuple[_Script, list[dict[str, float]]]:
    total = lead_s + sum(r.descent_s + r.bottom_s + r.ascent_s + r.top_s for r in reps)
    t = np.arange(int(math.ceil(total * RATE_HZ))) / RATE_HZ
    down = np.zeros_like(t)
    rep_of = np.zeros_like(t)
    times = []
    t0 = lead_s
    for i, r in enumerate(reps):
        t1, t2 = t0 + r.descent_s, t0 + r.descent_s + r.bottom_s
        t3 = t2 + r.ascent_s
        m = (t >= t0 - r.top_s / 2) & (t < t3 + r.top_s / 2)
        rep_of[m] = i
        down = np.where(
            (t >= t0) & (t < t1), _ease((t - t0) / r.descent_s) * r.depth, down
        )
        down = np.where((t >= t1) & (t < t2), r.depth, down)
        down = np.where(
            (t >= t2) & (t < t3), r.depth * (1 - _ease((t - t2) / r.ascent_s)), down
        )
        times.append({"start": t0, "b0": t1, "b1": t2, "end": t3})
        t0 = t3 + r.top_s
    return _Script(t, down, rep_of), times


def _per_frame(reps: list[FormRep], s: _Script, name: str) -> FloatArray:
    values = np.asarray([getattr(r, name) for r in reps], dtype=np.float64)
    return values[s.rep_of.astype(int)]


def _ik(shoulder: FloatArray, wrist: FloatArray, bend: float) -> FloatArray:
    d = wrist - shoulder
    dist = np.clip(np.linalg.norm(d, axis=-1), 1e-6, ARM_PX - 1e-6)
    a = (UPPER_PX**2 - FORE_PX**2 + dist**2) / (2 * dist)
    h = np.sqrt(np.maximum(UPPER_PX**2 - a**2, 0.0))
    unit = d / dist[:, None]
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=-1) * bend
    return shoulder + unit * a[:, None] + normal * h[:, None]


def _rotate(v: FloatArray, deg: FloatArray) -> FloatArray:
    r = np.radians(deg)
    c, s = np.cos(r), np.sin(r)
    return np.stack([c * v[:, 0] - s * v[:, 1], s * v[:, 0] + c * v[:, 1]], axis=-1)


def _series(t: FloatArray, pts: FloatArray) -> KeypointSeries:
    return KeypointSeries.create(
        t_s=t,
        points=pts,
        width_px=1280,
        height_px=720,
        frame_rate_hz=RATE_HZ,
        source="synthetic",
    )


def side_points(reps: list[FormRep], s: _Script) -> FloatArray:
    """(n, 33, 4) side view; the near side is the person's left, facing +x."""
    n = len(s.t_s)
    top = 0.995 - 0.25 * (1 - _per_frame(reps, s, "lockout"))
    height = top - (top - 0.3) * s.down
    wrist = np.tile([700.0, FLOOR_Y], (n, 1))
    shoulder = np.stack([np.full(n, 690.0), FLOOR_Y - height * ARM_PX], axis=-1)
    ankle = np.tile([100.0, FLOOR_Y - 20.0], (n, 1))
    axis = shoulder - ankle
    forward = axis / np.linalg.norm(axis, axis=-1, keepdims=True)
    up = np.stack([forward[:, 1], -forward[:, 0]], axis=-1)
    torso = 0.45 * np.linalg.norm(axis, axis=-1)
    hip = (
        shoulder
        - forward * torso[:, None]
        + up * (_per_frame(reps, s, "sag") * torso)[:, None]
    )
    knee = hip + (ankle - hip) * 0.5
    ear_dir = _rotate(forward, -_per_frame(reps, s, "head_deg"))  # image y is down
    ear = shoulder + ear_dir * (60.0 * _per_frame(reps, s, "neck"))[:, None]
    parts = {
        0: ear + forward * 25,
        7: ear,
        11: shoulder,
        13: _ik(shoulder, wrist, 1.0),
        15: wrist,
        23: hip,
        25: knee,
        27: ankle,
    }
    pts = np.zeros((n, LANDMARK_COUNT, 4))
    pts[:, :, 3] = 0.95
    for i, xy in parts.items():
        pts[:, i, :2] = xy
        if i >= 7:
            pts[:, i + 1, :2] = xy + [-5.0, -4.0]
            pts[:, i + 1, 3] = 0.2
    pts[:, 1:7, :2] = pts[:, 0:1, :2]
    pts[:, 9:11, :2] = pts[:, 0:1, :2]
    pts[:, 17:23, :2] = pts[:, 15:16, :2] + [10.0, 0.0]
    pts[:, 29:33, :2] = pts[:, 27:28, :2] + [-10.0, 12.0]
    pts[:, :, 2] = np.where(np.arange(LANDMARK_COUNT) % 2 == 0, 60.0, -40.0)
    return pts


def front_points(reps: list[FormRep], s: _Script) -> FloatArray:
    """(n, 33, 4) front view: the camera faces the head, the body points at it."""
    n, sw = len(s.t_s), 200.0
    height = 0.97 - 0.67 * s.down
    mid_x = 640.0
    sh_y = FLOOR_Y - height * ARM_PX
    roll = _per_frame(reps, s, "roll") * sw * s.down
    shoulders = [
        np.stack([np.full(n, mid_x + k * sw / 2), sh_y + (roll if k > 0 else 0)], -1)
        for k in (1, -1)
    ]
    half_hands = _per_frame(reps, s, "hand_width") * sw / 2
    wrists = [
        np.stack([mid_x + k * half_hands, np.full(n, FLOOR_Y)], -1) for k in (1, -1)
    ]
    lateral = UPPER_PX * np.sin(np.radians(_per_frame(reps, s, "flare_deg"))) * s.down
    pts = np.zeros((n, LANDMARK_COUNT, 4))
    pts[:, :, 3] = 0.95
    for side, k in ((0, 1), (1, -1)):  # index 0 = the person's left, image right
        sh, wr = shoulders[side], wrists[side]
        along = sh + (wr - sh) * (UPPER_PX / ARM_PX)
        pts[:, 11 + side, :2] = sh
        pts[:, 15 + side, :2] = wr
        pts[:, 13 + side, :2] = along + np.stack([k * lateral, np.zeros(n)], -1)
        pts[:, 23 + side, :2] = sh + [0.0, 0.25 * sw]
        pts[:, 25 + side, :2] = sh + [0.0, 0.35 * sw]
        pts[:, 27 + side, :2] = sh + [0.0, 0.4 * sw]
        # ears 0.35 x neck shoulder widths above the shoulders, plus the hang at
        # the bottom (so at the bottom: ear y - shoulder y = hang - 0.35 x neck)
        neck = 0.35 * _per_frame(reps, s, "neck")
        ear_y = sh_y + (_per_frame(reps, s, "hang") * s.down - neck) * sw
        pts[:, 7 + side, :2] = np.stack([np.full(n, mid_x + k * 0.3 * sw), ear_y], -1)
    pts[:, 0, :2] = (pts[:, 7, :2] + pts[:, 8, :2]) / 2
    return pts


def rep_records(
    times: list[dict[str, float]], t: FloatArray, elbow_min: list[float | None]
) -> tuple[Rep, ...]:
    """The scripted reps as :class:`Rep` records (frame indices included)."""
    out = []
    for i, (tm, elbow) in enumerate(zip(times, elbow_min, strict=True)):
        frame = lambda x: int(np.searchsorted(t, x))  # noqa: E731 - tiny local helper
        out.append(
            Rep(
                index=i + 1,
                complete=True,
                start_s=tm["start"],
                bottom_s=(tm["b0"] + tm["b1"]) / 2,
                end_s=tm["end"],
                bottom_start_s=tm["b0"],
                bottom_end_s=tm["b1"],
                min_elbow_deg=elbow,
                depth=0.6,
                top_height=0.97,
                bottom_height=0.3,
                start_frame=frame(tm["start"]),
                bottom_frame=frame((tm["b0"] + tm["b1"]) / 2),
                end_frame=frame(tm["end"]),
            )
        )
    return tuple(out)


def make_form_set(
    reps: list[FormRep], *, view: str = "side", prescribed_descent_s: float = 3.0
) -> tuple[KeypointSeries, AnalysisResult]:
    """A synthetic set and an :class:`AnalysisResult` holding its scripted reps."""
    script, times = _script(reps)
    pts = side_points(reps, script) if view == "side" else front_points(reps, script)
    series = _series(script.t_s, pts)
    s, e, w = pts[:, 11, :2], pts[:, 13, :2], pts[:, 15, :2]
    u, v = s - e, w - e
    elbow = np.degrees(
        np.arccos(
            np.clip(
                (u * v).sum(1) / np.linalg.norm(u, axis=1) / np.linalg.norm(v, axis=1),
                -1,
                1,
            )
        )
    )
    mins: list[float | None] = [
        float(elbow[(script.t_s >= tm["start"]) & (script.t_s <= tm["end"])].min())
        for tm in times
    ]
    rep_list = rep_records(times, script.t_s, mins)
    tempo = summarise_tempo(
        list(rep_list),
        prescribed_descent_s=prescribed_descent_s,
        tolerance_s=0.5,
        source="test",
    )
    result = AnalysisResult(
        reps=rep_list, partials=(), view=view, warnings=(), tempo=tempo
    )  # type: ignore[arg-type]
    return series, result
