"""Joint angles from 2D keypoints: a table of named definitions plus pure functions.

Conventions:

* Angles are in **degrees**, computed in the image plane from ``x_px``/``y_px`` only
  (BlazePose's z is too inaccurate for thresholds; brief section 6).
* A three-point ``joint`` angle is the unsigned angle at the middle point, in
  [0, 180]: **180 = straight** (elbow locked out, body in a straight line), smaller =
  more bent. It does not change under translation, rotation, scaling or mirroring.
* A ``segment`` angle is the direction of the vector from the first to the second
  point, measured from the image's horizontal axis, in [0, 90]: 0 = horizontal,
  90 = vertical (direction-less, so mirroring does not change it).
* Side: ``left_*``/``right_*`` are the person's left and right; the analysis uses the
  better-seen side (see :mod:`pushback.analysis.view`).
* A point with NaN coordinates gives a NaN angle (explicit, never a made-up value).

Shapes: functions take ``points`` of shape ``(..., 33, 4)`` (a frame or a series)
and return an array of shape ``(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import landmark_index
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "ANGLES",
    "AngleDefinition",
    "angle_between_deg",
    "compute_angle",
    "joint_angle_deg",
    "segment_angle_deg",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class AngleDefinition:
    """One named angle: the landmarks it uses and how it is measured.

    ``kind`` is ``joint`` (three points, angle at the middle one) or ``segment``
    (two points, inclination from horizontal). ``offset_deg`` is added and ``sign``
    multiplies the result (both neutral for every shipped angle).
    """

    name: str
    points: tuple[str, ...]
    kind: Literal["joint", "segment"]
    offset_deg: float = 0.0
    sign: float = 1.0


#: The shipped angle table (landmarks per brief section 6).
ANGLES: dict[str, AngleDefinition] = {
    d.name: d
    for d in (
        AngleDefinition(
            "left_elbow", ("left_shoulder", "left_elbow", "left_wrist"), "joint"
        ),
        AngleDefinition(
            "right_elbow", ("right_shoulder", "right_elbow", "right_wrist"), "joint"
        ),
        AngleDefinition(
            "left_body_line", ("left_shoulder", "left_hip", "left_ankle"), "joint"
        ),
        AngleDefinition(
            "right_body_line", ("right_shoulder", "right_hip", "right_ankle"), "joint"
        ),
        AngleDefinition(
            "left_knee_line", ("left_shoulder", "left_hip", "left_knee"), "joint"
        ),
        AngleDefinition(
            "right_knee_line", ("right_shoulder", "right_hip", "right_knee"), "joint"
        ),
        AngleDefinition(
            "left_neck", ("left_ear", "left_shoulder", "left_hip"), "joint"
        ),
        AngleDefinition(
            "right_neck", ("right_ear", "right_shoulder", "right_hip"), "joint"
        ),
        AngleDefinition(
            "left_shoulder", ("left_hip", "left_shoulder", "left_elbow"), "joint"
        ),
        AngleDefinition(
            "right_shoulder", ("right_hip", "right_shoulder", "right_elbow"), "joint"
        ),
        AngleDefinition("left_torso_incline", ("left_shoulder", "left_hip"), "segment"),
        AngleDefinition(
            "right_torso_incline", ("right_shoulder", "right_hip"), "segment"
        ),
    )
}


def angle_between_deg(u: FloatArray, v: FloatArray) -> FloatArray:
    """Unsigned angle between 2D vectors ``u`` and ``v`` (shape ``(..., 2)``), degrees.

    Zero-length vectors give NaN.
    """
    dot = np.sum(u * v, axis=-1)
    cross = np.abs(u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0])
    degenerate = (np.linalg.norm(u, axis=-1) == 0) | (np.linalg.norm(v, axis=-1) == 0)
    angle = np.degrees(np.arctan2(cross, dot))  # stable near 0 and 180, unlike arccos
    return np.asarray(np.where(degenerate, np.nan, angle), dtype=np.float64)


def joint_angle_deg(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Angle a-b-c at ``b``, degrees in [0, 180] (180 = straight); inputs (..., 2)."""
    return angle_between_deg(a - b, c - b)


def segment_angle_deg(a: FloatArray, b: FloatArray) -> FloatArray:
    """Inclination of segment a->b from horizontal, degrees in [0, 90] (0 = level)."""
    d = b - a
    with np.errstate(invalid="ignore"):
        out = np.degrees(np.arctan2(np.abs(d[..., 1]), np.abs(d[..., 0])))
    return np.asarray(out, dtype=np.float64)


def compute_angle(points: FloatArray, name: str) -> FloatArray:
    """The named angle of :data:`ANGLES` for a frame (33, 4) or a series (n, 33, 4).

    Raises:
        InvalidInput: unknown angle name.
    """
    try:
        definition = ANGLES[name]
    except KeyError:
        raise InvalidInput(
            "angle", name, msg("one of %(choices)s", choices=", ".join(sorted(ANGLES)))
        ) from None
    xy = [points[..., landmark_index(p), :2] for p in definition.points]
    if definition.kind == "joint":
        raw = joint_angle_deg(xy[0], xy[1], xy[2])
    else:
        raw = segment_angle_deg(xy[0], xy[1])
    return np.asarray(definition.sign * raw + definition.offset_deg, dtype=np.float64)
