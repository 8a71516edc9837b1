"""Synthetic push-up keypoints with known reps, independent of the rep counter.

A rigid side-view (or front-view) body is posed by geometry alone: wrists fixed on
the floor, the shoulder height follows a scripted profile (top hold, eased descent,
bottom pause, eased ascent), the elbow comes from two-link inverse kinematics, the
hips and feet lie on the shoulder-ankle line. The generator knows each rep's true
start, bottom (middle of the bottom pause) and end, and never calls the analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import LANDMARK_COUNT, KeypointSeries

FloatArray = NDArray[np.float64]

UPPER_ARM_PX = 150.0
FOREARM_PX = 130.0
ARM_PX = UPPER_ARM_PX + FOREARM_PX
TOP_HEIGHT = 0.97  # shoulder over wrist at the top, arm lengths (elbow ~165 deg)
BOTTOM_HEIGHT = 0.30  # at the bottom of a full rep
FLOOR_Y = 600.0


@dataclass(frozen=True)
class RepSpec:
    """One scripted rep: durations in seconds, depth as a fraction of a full rep."""

    descent_s: float = 1.0
    bottom_pause_s: float = 0.0
    ascent_s: float = 1.0
    top_pause_s: float = 1.0
    depth: float = 1.0


@dataclass(frozen=True)
class TrueRep:
    """What really happened in a scripted rep (seconds)."""

    start_s: float
    bottom_s: float
    end_s: float
    complete: bool


def _ease(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0)))


def height_profile(
    reps: list[RepSpec], t_s: FloatArray, lead_s: float
) -> tuple[FloatArray, list[TrueRep]]:
    """Shoulder height over the wrist (arm lengths) at times ``t_s``, and the truth."""
    height = np.full(t_s.shape, TOP_HEIGHT)
    truth: list[TrueRep] = []
    t0 = lead_s
    for rep in reps:
        low = TOP_HEIGHT - rep.depth * (TOP_HEIGHT - BOTTOM_HEIGHT)
        t1 = t0 + rep.descent_s
        t2 = t1 + rep.bottom_pause_s
        t3 = t2 + rep.ascent_s
        down = (t_s >= t0) & (t_s < t1)
        height[down] = TOP_HEIGHT - (TOP_HEIGHT - low) * _ease(
            (t_s[down] - t0) / rep.descent_s
        )
        height[(t_s >= t1) & (t_s < t2)] = low
        up = (t_s >= t2) & (t_s < t3)
        height[up] = low + (TOP_HEIGHT - low) * _ease((t_s[up] - t2) / rep.ascent_s)
        truth.append(TrueRep(t0, (t1 + t2) / 2, t3, complete=rep.depth >= 0.75))
        t0 = t3 + rep.top_pause_s
    return height, truth


def _elbow(shoulder: FloatArray, wrist: FloatArray, toward_feet: float) -> FloatArray:
    """Elbow position by two-link IK; the elbow bends towards the feet."""
    d = wrist - shoulder
    dist = np.clip(np.linalg.norm(d, axis=-1), 1e-6, ARM_PX - 1e-6)
    a = (UPPER_ARM_PX**2 - FOREARM_PX**2 + dist**2) / (2 * dist)
    h = np.sqrt(np.maximum(UPPER_ARM_PX**2 - a**2, 0.0))
    unit = d / dist[:, None]
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=-1) * toward_feet
    return shoulder + unit * a[:, None] + normal * h[:, None]


def side_view_points(height: FloatArray) -> FloatArray:
    """Keypoints (n, 33, 4) of a body facing +x; near side = left, far side = right."""
    n = height.shape[0]
    wrist = np.tile([700.0, FLOOR_Y], (n, 1))
    shoulder = np.stack([np.full(n, 690.0), FLOOR_Y - height * ARM_PX], axis=-1)
    elbow = _elbow(shoulder, wrist, toward_feet=1.0)
    ankle = np.tile([100.0, FLOOR_Y - 20.0], (n, 1))
    hip = shoulder + 0.45 * (ankle - shoulder)
    knee = shoulder + 0.75 * (ankle - shoulder)
    body = shoulder - ankle
    forward = body / np.linalg.norm(body, axis=-1, keepdims=True)
    up = np.stack([forward[:, 1], -forward[:, 0]], axis=-1)
    ear = shoulder + forward * 55 + up * 25
    nose = shoulder + forward * 85 + up * 15
    parts = {
        0: nose,
        7: ear,
        11: shoulder,
        13: elbow,
        15: wrist,
        23: hip,
        25: knee,
        27: ankle,
    }
    pts = np.zeros((n, LANDMARK_COUNT, 4))
    pts[:, :, :2] = shoulder[:, None, :]
    for index, xy in parts.items():
        pts[:, index, :2] = xy
        if index >= 7:  # the far (right) side sits just behind
            pts[:, index + 1, :2] = xy + [-6.0, -4.0]
    for face in (1, 2, 3, 4, 5, 6, 9, 10):
        pts[:, face, :2] = nose
    for hand, wrist_i in ((17, 15), (19, 15), (21, 15), (18, 16), (20, 16), (22, 16)):
        pts[:, hand, :2] = pts[:, wrist_i, :2] + [12.0, 0.0]
    for foot, ankle_i in ((29, 27), (31, 27), (30, 28), (32, 28)):
        pts[:, foot, :2] = pts[:, ankle_i, :2] + [-10.0, 15.0]
    right = np.array([i for i in range(LANDMARK_COUNT) if i in _RIGHT])
    pts[:, :, 2] = -40.0
    pts[:, right, 2] = 60.0
    pts[:, :, 3] = 0.97
    pts[:, right, 3] = 0.2
    return pts


_RIGHT = {4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32}


@dataclass(frozen=True)
class SyntheticSet:
    """A generated set: its keypoints and the truth."""

    series: KeypointSeries
    truth: list[TrueRep]

    @property
    def complete_reps(self) -> int:
        return sum(r.complete for r in self.truth)

    @property
    def partial_reps(self) -> int:
        return sum(not r.complete for r in self.truth)


def make_set(  # noqa: PLR0913 - a test builder with keyword overrides
    reps: list[RepSpec],
    *,
    frame_rate_hz: float = 30.0,
    lead_s: float = 1.0,
    tail_s: float = 1.0,
    noise_px: float = 0.0,
    drop_fraction: float = 0.0,
    seed: int = 0,
    scale: float = 1.0,
    offset_px: tuple[float, float] = (0.0, 0.0),
    mirror: bool = False,
    jitter_s: float = 0.0,
) -> SyntheticSet:
    """Generate a side-view set; ``drop_fraction`` of frames lose the person."""
    rng = np.random.default_rng(seed)
    total = lead_s + sum(
        r.descent_s + r.bottom_pause_s + r.ascent_s + r.top_pause_s for r in reps
    )
    total += tail_s
    count = int(math.ceil(total * frame_rate_hz))
    t_s = np.arange(count) / frame_rate_hz
    if jitter_s:
        t_s = t_s + rng.uniform(-jitter_s, jitter_s, count)
        t_s = np.maximum.accumulate(t_s + np.arange(count) * 1e-6)
    height, truth = height_profile(reps, t_s, lead_s)
    pts = side_view_points(height)
    if noise_px:
        pts[:, :, :2] += rng.normal(0.0, noise_px, pts[:, :, :2].shape)
    width = 1280.0
    if mirror:
        pts[:, :, 0] = width - pts[:, :, 0]
    pts[:, :, :3] *= scale
    pts[:, :, 0] += offset_px[0]
    pts[:, :, 1] += offset_px[1]
    if drop_fraction:
        dropped = rng.random(count) < drop_fraction
        dropped[:3] = False
        pts[dropped] = np.nan
    series = KeypointSeries.create(
        t_s=t_s,
        points=pts,
        width_px=int(width * scale + abs(offset_px[0])) + 1,
        height_px=int(720 * scale + abs(offset_px[1])) + 1,
        frame_rate_hz=frame_rate_hz,
        source="synthetic",
    )
    return SyntheticSet(series, truth)
