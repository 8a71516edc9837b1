"""Per-frame measures of a push-up set (the first half of the form analysis).

:func:`frame_signals` turns a keypoint series ``(n, 33, 4)`` into one array per
measure (:class:`FrameSignals`); ``form.measure_reps`` aggregates them per rep. The
conventions (image pixels, y down; ``(2, n)`` arrays are [left, right]) are those of
:mod:`pushback.analysis.form`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "OFF_FRAME_VISIBILITY",
    "FrameSignals",
    "frame_signals",
    "nanmean",
    "signed_line_offset",
]

FloatArray = NDArray[np.float64]

_SH, _EL, _WR, _HIP, _KNEE, _ANK, _EAR = (
    (11, 12),
    (13, 14),
    (15, 16),
    (23, 24),
    (25, 26),
    (27, 28),
    (7, 8),
)


@dataclass(frozen=True)
class FrameSignals:
    """Per-frame measures of one set; ``(2, n)`` arrays are [left, right] sides.

    ``t_s`` (n,) s; ``elbow_deg`` (2, n); ``rise_px`` (2, n) wrist y - shoulder y;
    ``upper_arm_px`` (2, n); ``body_line_ankle``/``body_line_knee`` (2, n) torso
    lengths; ``head_deg`` (2, n); ``head_drop`` (n,) shoulder widths; ``neck_torso``
    (2, n) ear-shoulder over torso; ``neck_width`` (n,) ear-shoulder over shoulder
    width; ``hand_width`` (n,); ``flare_offset_px`` (2, n) elbow outward of the
    shoulder-wrist line; ``flare_top_deg`` (2, n) upper arm to torso angle;
    ``shoulder_roll_deg`` (n,) tilt of the shoulder line (left above right > 0);
    ``visibility`` (2,) mean arm-and-hip visibility of each side.
    """

    t_s: FloatArray
    elbow_deg: FloatArray
    rise_px: FloatArray
    upper_arm_px: FloatArray
    body_line_ankle: FloatArray
    body_line_knee: FloatArray
    head_deg: FloatArray
    head_drop: FloatArray
    neck_torso: FloatArray
    neck_width: FloatArray
    hand_width: FloatArray
    flare_offset_px: FloatArray
    flare_top_deg: FloatArray
    shoulder_roll_deg: FloatArray
    visibility: FloatArray

    @property
    def side(self) -> int:
        """The better-seen side of the set: 0 left, 1 right."""
        return 0 if self.visibility[0] >= self.visibility[1] else 1


#: Visibility a point outside the picture needs to be used. It is above the 0.5
#: used inside the picture: the model places a foot just out of frame with
#: confidence (about 0.7) and guesses a leg far out of frame (about 0.55).
OFF_FRAME_VISIBILITY = 0.65


def _seen(points: FloatArray, idx: tuple[int, int], min_vis: float) -> FloatArray:
    """xy of a left/right landmark pair, shape (2, n, 2); NaN where not seen."""
    xy = np.moveaxis(points[:, list(idx), :2], 1, 0)
    vis = np.moveaxis(points[:, list(idx), 3], 1, 0)
    return np.where((vis >= min_vis)[..., None], xy, np.nan)


def _norm(v: FloatArray) -> FloatArray:
    return np.asarray(np.sqrt(np.sum(v * v, axis=-1)), dtype=np.float64)


def _angle_deg(u: FloatArray, v: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / (_norm(u) * _norm(v))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def signed_line_offset(a: FloatArray, b: FloatArray, p: FloatArray) -> FloatArray:
    """Perpendicular distance of ``p`` from the line a->b, px, **positive above** it.

    "Above" is image-up (smaller y), so a hip below the shoulder-ankle line (sag) is
    negative. Inputs (..., 2); output (...). Degenerate lines give NaN.
    """
    d = b - a
    length = _norm(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = np.stack([d[..., 1], -d[..., 0]], axis=-1) / length[..., None]
    normal = np.where(normal[..., 1:2] > 0, -normal, normal)  # point image-up
    return np.asarray(np.sum((p - a) * normal, axis=-1), dtype=np.float64)


def _head_deg(shoulder: FloatArray, hip: FloatArray, ear: FloatArray) -> FloatArray:
    """Signed angle (deg) of shoulder->ear from hip->shoulder; negative = dropped."""
    u, v = shoulder - hip, ear - shoulder
    angle = _angle_deg(u, v)
    below = signed_line_offset(hip, shoulder, ear) < 0
    return np.where(below, -angle, angle)


def frame_signals(
    points: FloatArray,
    t_s: FloatArray,
    min_vis: float,
    frame_size_px: tuple[float, float] | None = None,
) -> FrameSignals:
    """Measure every frame of ``points`` (n, 33, 4) at times ``t_s`` (n,).

    With ``frame_size_px`` (width, height), a point outside the picture is seen only
    at a visibility of :data:`OFF_FRAME_VISIBILITY` or more: otherwise it is the
    model's loose guess of a knee or an ankle out of frame, which would judge the
    body line from nothing.
    """
    p = np.asarray(points, dtype=np.float64)
    if frame_size_px is not None:
        width, height = frame_size_px
        with np.errstate(invalid="ignore"):
            outside = (p[..., 0] < 0) | (p[..., 1] < 0)
            outside |= (p[..., 0] > width) | (p[..., 1] > height)
        p = p.copy()
        unsure = outside & (p[..., 3] < OFF_FRAME_VISIBILITY)
        p[..., 3] = np.where(unsure, 0.0, p[..., 3])
    sh, el, wr = (_seen(p, i, min_vis) for i in (_SH, _EL, _WR))
    hip, knee, ank, ear = (_seen(p, i, min_vis) for i in (_HIP, _KNEE, _ANK, _EAR))
    torso = _norm(sh - hip)
    shoulder_w = _norm(sh[0] - sh[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        line_ankle = signed_line_offset(sh, ank, hip) / torso
        line_knee = signed_line_offset(sh, knee, hip) / torso
        neck = _norm(ear - sh)
        ear_mid_y, sh_mid_y = nanmean(ear[..., 1], 0), nanmean(sh[..., 1], 0)
        mid = (sh[0] + sh[1]) / 2
        body_axis = ((hip[0] + hip[1]) / 2 - mid)[None]
        return FrameSignals(
            t_s=np.asarray(t_s, dtype=np.float64),
            elbow_deg=_angle_deg(sh - el, wr - el),
            rise_px=wr[..., 1] - sh[..., 1],
            upper_arm_px=_norm(sh - el),
            body_line_ankle=line_ankle,
            body_line_knee=line_knee,
            head_deg=_head_deg(sh, hip, ear),
            head_drop=(ear_mid_y - sh_mid_y) / shoulder_w,
            neck_torso=neck / torso,
            neck_width=nanmean(neck, 0) / shoulder_w,
            hand_width=_norm(wr[0] - wr[1]) / shoulder_w,
            flare_offset_px=_outward_offset(sh, wr, el, mid),
            flare_top_deg=_angle_deg(el - sh, body_axis),
            shoulder_roll_deg=np.degrees(
                np.arctan2(sh[1, :, 1] - sh[0, :, 1], np.abs(sh[1, :, 0] - sh[0, :, 0]))
            ),
            visibility=_side_visibility(p),
        )


def _outward_offset(
    shoulder: FloatArray, wrist: FloatArray, elbow: FloatArray, mid: FloatArray
) -> FloatArray:
    """Elbow distance (px) from the shoulder-wrist line, positive away from the body
    midline (``mid``: mid-shoulder, (n, 2)); inputs (2, n, 2), output (2, n)."""
    d = wrist - shoulder
    with np.errstate(invalid="ignore", divide="ignore"):
        normal = np.stack([d[..., 1], -d[..., 0]], axis=-1) / _norm(d)[..., None]
    lateral = shoulder - mid[None]
    flip = np.sum(normal * lateral, axis=-1) < 0
    normal = np.where(flip[..., None], -normal, normal)
    return np.asarray(np.sum((elbow - shoulder) * normal, axis=-1), dtype=np.float64)


def nanmean(values: FloatArray, axis: int) -> FloatArray:
    """Mean over ``axis`` ignoring NaN; NaN (no warning) where nothing is finite."""
    ok = np.isfinite(values)
    count = ok.sum(axis=axis)
    total = np.where(ok, values, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(count > 0, total / count, np.nan), dtype=np.float64)


def _side_visibility(p: FloatArray) -> FloatArray:
    """Mean visibility (2,) of shoulder, elbow, wrist and hip, left and right."""
    vis = np.stack([p[:, [11, 13, 15, 23], 3], p[:, [12, 14, 16, 24], 3]])
    flat = vis.reshape(2, -1)
    return np.nan_to_num(nanmean(flat, 1))
