"""Is a posed person upright in the picture, in the push-up position, seen well?

Pure functions on one frame's keypoints ``(33, 4)`` (pixels, y down; see
:mod:`pushback.analysis.keypoints`), used before the analysis to frame the video:

* :func:`arms_down` - whatever the camera view (side, front, oblique) and the phase
  of the rep, the forearms of a person in the push-up position (or standing) stand
  on the floor, so the elbow -> wrist direction points down the picture (the whole
  arm does not: at the bottom of a rep it lies almost along the floor). When it
  points sideways or up, the video is turned (a phone held sideways without
  rotation metadata): :func:`upright_turn_deg` says by how much.
* :func:`is_in_pushup_position` - the torso is not upright: lying along the floor (a
  side view) or foreshortened towards the camera (a front view), unlike someone
  standing or walking by.
* :func:`seen_score` - how well the person is seen: mean visibility of the body's
  core points times the body's size in the picture (a person further away or half
  hidden scores lower).

The cut-offs are **[design]** round values (push-up position: torso more than 45 deg
from upright, or shorter than half an arm).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "arms_down",
    "body_box",
    "is_in_pushup_position",
    "seen_score",
    "upright_turn_deg",
]

FloatArray = NDArray[np.float64]
_SHOULDERS, _ELBOWS, _WRISTS, _HIPS = (11, 12), (13, 14), (15, 16), (23, 24)
_CORE = (11, 12, 13, 14, 15, 16, 23, 24)
#: Visibility from which a point is used here.
SEEN = 0.5
#: Torso more than this far from upright: lying (push-up position), degrees.
LYING_DEG = 45.0
#: Torso shorter than this many arm lengths: foreshortened towards the camera.
SHORT_TORSO = 0.5


def _arm_vector(points: FloatArray) -> FloatArray | None:
    """Mean elbow -> wrist vector over the sides with elbow and wrist seen."""
    vectors = [
        points[w, :2] - points[e, :2]
        for e, w in zip(_ELBOWS, _WRISTS, strict=True)
        if points[e, 3] >= SEEN and points[w, 3] >= SEEN
    ]
    if not vectors:
        return None
    v = np.mean(vectors, axis=0)
    return v if float(np.hypot(*v)) > 0 else None


def arms_down(points: FloatArray) -> float | None:
    """Cosine between the elbow -> wrist direction and straight down the picture
    (1 = hanging straight down, 0 = sideways, -1 = up); None if no arm is seen."""
    v = _arm_vector(points)
    if v is None:
        return None
    return float(v[1] / np.hypot(*v))


def upright_turn_deg(points: FloatArray) -> int | None:
    """The clockwise quarter turn (0, 90, 180, 270 deg) of the picture after which
    this person's forearms point down; None if no forearm is seen."""
    v = _arm_vector(points)
    if v is None:
        return None
    # Turning the picture clockwise by a quarter maps (x, y) to (-y, x).
    angle = math.degrees(math.atan2(float(v[1]), float(v[0])))  # 90 = down
    return int(round((90.0 - angle) / 90.0)) % 4 * 90


def is_in_pushup_position(points: FloatArray) -> bool:
    """Whether the torso is lying or foreshortened rather than upright."""
    p = points
    seen = [s for s in _SHOULDERS if p[s, 3] >= SEEN]
    hips = [h for h in _HIPS if p[h, 3] >= SEEN]
    if not seen or not hips:
        return False
    torso = np.mean(p[hips, :2], axis=0) - np.mean(p[seen, :2], axis=0)
    length = float(np.hypot(*torso))
    arm = _arm_length(p)
    if arm is not None and length < SHORT_TORSO * arm:
        return True
    from_upright = math.degrees(math.atan2(abs(float(torso[0])), float(torso[1])))
    return from_upright > LYING_DEG


def _arm_length(p: FloatArray) -> float | None:
    lengths = [
        float(np.hypot(*(p[e, :2] - p[s, :2])) + np.hypot(*(p[w, :2] - p[e, :2])))
        for s, e, w in ((11, 13, 15), (12, 14, 16))
        if min(p[s, 3], p[e, 3], p[w, 3]) >= SEEN
    ]
    return max(lengths) if lengths else None


def body_box(points: FloatArray, min_visibility: float = 0.3) -> FloatArray | None:
    """(x0, y0, x1, y1) around the points seen at ``min_visibility``, or None."""
    ok = points[:, 3] >= min_visibility
    if np.count_nonzero(ok) < 4:
        return None
    xy = points[ok, :2]
    return np.array([*xy.min(axis=0), *xy.max(axis=0)], dtype=np.float64)


def seen_score(points: FloatArray) -> float:
    """Mean visibility of the core points times the body box's diagonal (px)."""
    box = body_box(points)
    if box is None:
        return 0.0
    visibility = float(np.mean(points[list(_CORE), 3]))
    return visibility * float(np.hypot(box[2] - box[0], box[3] - box[1]))
