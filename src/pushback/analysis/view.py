"""Per-frame body geometry, better-seen side selection and camera-view estimate.

Everything is computed in image pixels from ``x_px``/``y_px`` (y down); a point whose
visibility is under ``min_visibility`` is ignored. Functions accept one frame
``(33, 4)`` or a series ``(n, 33, 4)`` and return arrays of shape ``()`` or ``(n,)``.

View estimate (brief section 6, "what each camera view can and cannot see"):

* the shoulder yaw is ``atan2(|z_left - z_right|, shoulder width)`` over arm length:
  close to 90 deg when the camera sees the body from the side, close to 0 from the
  front (z is only used for this coarse ordering, never for a threshold of form);
* ``side`` when the median yaw is at least :data:`SIDE_YAW_DEG`, ``oblique`` from
  :data:`FRONT_YAW_DEG`, else ``front``, or ``overhead`` when a front-facing torso is
  not foreshortened (torso longer than :data:`OVERHEAD_TORSO` arm lengths: a camera
  looking down on a prone body; from the front the torso points at the lens);
* ``unknown`` with too few frames.

These cut-offs are **[design]** round values between the labelled side (yaw 78-86 deg),
oblique (54-60 deg) and front (3-27 deg) clips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "FRONT_YAW_DEG",
    "OVERHEAD_TORSO",
    "SIDE_YAW_DEG",
    "VIEWS",
    "BodyGeometry",
    "View",
    "body_geometry",
    "estimate_view",
]

FloatArray = NDArray[np.float64]
View = Literal["side", "front", "oblique", "overhead", "unknown"]
VIEWS: tuple[str, ...] = ("side", "front", "oblique", "overhead", "unknown")

SIDE_YAW_DEG = 70.0
FRONT_YAW_DEG = 40.0
OVERHEAD_TORSO = 0.95
#: Fewest frames an estimate needs.
MIN_VIEW_FRAMES = 5

# Landmark indices used here: shoulders, elbows, wrists, hips (left, right).
_S, _E, _W, _H = (11, 12), (13, 14), (15, 16), (23, 24)


@dataclass(frozen=True)
class BodyGeometry:
    """Per-frame measures, arrays of the same shape; index 0 = left side, 1 = right.

    ``arm_visibility`` (2, ...) is the lowest visibility of shoulder, elbow and wrist;
    ``arm_length_px``/``rise_px``/``elbow_deg``/``wrist_y_px`` are (2, ...) with NaN
    where the side is not seen (``shoulder_y_px``: where the shoulder is not seen);
    ``rise_px`` = wrist y - shoulder y (shoulder above the wrist is positive).
    ``center`` (2, ...) is the mean of the seen shoulders and hips;
    ``shoulder_width_px``, ``shoulder_depth`` (|z_left - z_right|, pixels) and
    ``torso_px`` (mid-shoulder to mid-hip) feed the view estimate;
    ``shoulder_visibility`` is the lower visibility of the two shoulders.
    """

    arm_visibility: FloatArray
    arm_length_px: FloatArray
    rise_px: FloatArray
    elbow_deg: FloatArray
    wrist_y_px: FloatArray
    shoulder_y_px: FloatArray
    center: FloatArray
    shoulder_width_px: FloatArray
    shoulder_depth: FloatArray
    torso_px: FloatArray
    shoulder_visibility: FloatArray


def _norm(v: FloatArray) -> FloatArray:
    return np.asarray(np.sqrt(np.sum(v * v, axis=-1)), dtype=np.float64)


def body_geometry(points: FloatArray, min_visibility: float) -> BodyGeometry:
    """Measure one frame ``(33, 4)`` or a series ``(n, 33, 4)``."""
    p = np.asarray(points, dtype=np.float64)
    xy = np.where(p[..., 3:4] >= min_visibility, p[..., :2], np.nan)
    s, e, w = xy[..., _S, :], xy[..., _E, :], xy[..., _W, :]
    vis = np.minimum(np.minimum(p[..., _S, 3], p[..., _E, 3]), p[..., _W, 3])
    upper, fore = s - e, w - e
    upper_len, fore_len = _norm(upper), _norm(fore)
    cross = np.abs(upper[..., 0] * fore[..., 1] - upper[..., 1] * fore[..., 0])
    elbow = np.degrees(np.arctan2(cross, np.sum(upper * fore, axis=-1)))
    torso_pts = np.concatenate([xy[..., _S, :], xy[..., _H, :]], axis=-2)
    with np.errstate(invalid="ignore"):
        seen = np.isfinite(torso_pts[..., 0])
        count = seen.sum(axis=-1)
        center = np.where(
            count[..., None] > 0,
            np.nansum(torso_pts, axis=-2) / np.maximum(count, 1)[..., None],
            np.nan,
        )
    mid_s = (p[..., 11, :2] + p[..., 12, :2]) / 2
    mid_h = (p[..., 23, :2] + p[..., 24, :2]) / 2
    return BodyGeometry(
        arm_visibility=np.moveaxis(vis, -1, 0),
        arm_length_px=np.moveaxis(upper_len + fore_len, -1, 0),
        rise_px=np.moveaxis(w[..., 1] - s[..., 1], -1, 0),
        elbow_deg=np.moveaxis(elbow, -1, 0),
        wrist_y_px=np.moveaxis(w[..., 1], -1, 0),
        shoulder_y_px=np.moveaxis(s[..., 1], -1, 0),
        center=np.moveaxis(center, -1, 0),
        shoulder_width_px=_norm(p[..., 11, :2] - p[..., 12, :2]),
        shoulder_depth=np.abs(p[..., 11, 2] - p[..., 12, 2]),
        torso_px=_norm(mid_s - mid_h),
        shoulder_visibility=np.minimum(p[..., 11, 3], p[..., 12, 3]),
    )


def estimate_view(
    shoulder_width: FloatArray, shoulder_depth: FloatArray, torso: FloatArray
) -> View:
    """The camera view from per-frame measures already divided by the arm length.

    Arrays have one value per frame (NaN = unknown); returns one of :data:`VIEWS`.
    """
    ok = np.isfinite(shoulder_width) & np.isfinite(shoulder_depth) & np.isfinite(torso)
    if np.count_nonzero(ok) < MIN_VIEW_FRAMES:
        return "unknown"
    yaw = math.degrees(
        math.atan2(
            float(np.median(shoulder_depth[ok])), float(np.median(shoulder_width[ok]))
        )
    )
    if yaw >= SIDE_YAW_DEG:
        return "side"
    if yaw >= FRONT_YAW_DEG:
        return "oblique"
    if float(np.median(torso[ok])) >= OVERHEAD_TORSO:
        return "overhead"
    return "front"
