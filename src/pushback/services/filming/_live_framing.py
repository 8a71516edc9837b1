"""Before counting: is the whole body in the picture, and are the arms straight?

:class:`Framing` looks at one frame at a time (points in pixels, as the analysis
gets them) and says what to fix, in words for the person. Nobody in view, standing,
or bent arms keep the counter waiting; the legs outside the picture or a body small
in the picture are advice only (many good side views cut the feet). It *arms* the
counter once the start position (arms straight, not standing) has been held for
:data:`HOLD_S`, so moving into position is never counted.

Thresholds are **[design]** round values: a straight elbow is at least 150 deg (a
locked-out push-up top reads 160-180 deg in the labelled side clips); standing
means the ankle is more than two arm lengths below the shoulder (in a push-up,
from the side or the front, it is about one arm length lower at most).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.view import body_geometry

__all__ = ["HOLD_S", "Framing", "FramingCheck", "is_upright"]

FloatArray = NDArray[np.float64]
#: How long the start position is held before counting starts, s (issue 13: ~1 s).
HOLD_S = 1.0
STRAIGHT_ELBOW_DEG = 150.0
MIN_VISIBILITY = 0.5
#: Standing: ankle (or hip) lower than the shoulder by this many arm lengths.
UPRIGHT_ANKLE_ARMS = 2.0
UPRIGHT_HIP_ARMS = 1.3
#: The body spans less than this share of the picture's width and height: too far.
SMALL_SHARE = 0.3
#: A landmark this close to the picture's edge (share of the size) counts as cut.
EDGE_SHARE = 0.01

# (shoulder, elbow, wrist, hip, ankle) of each side, and the arm alone.
_SIDES = ((11, 13, 15, 23, 27), (12, 14, 16, 24, 28))
_ARMS = ((11, 13, 15), (12, 14, 16))

NO_ONE = "No one in view yet: prop the phone 2 to 3 m away so your whole body shows."
CUT = "Part of your body is outside the picture: move the phone back a little."
FAR = "You are small in the picture: come a little closer."
UPRIGHT = "Get into the push-up position: hands under the shoulders, arms straight."
BEND = "Straighten your arms at the top and hold still a moment to start."
HOLD = "Hold still, arms straight…"
READY = "Counting: go when you are ready."


@dataclass(frozen=True)
class FramingCheck:
    """What one frame says: ``ok`` (body in view, in the start position), the
    ``hint`` for the person, and whether the counter is now ``armed``."""

    ok: bool
    hint: str
    armed: bool = False


def _side(
    points: FloatArray, width: float, height: float, sides: tuple[tuple[int, ...], ...]
) -> tuple[int, bool] | None:
    """The better-seen side (all of its ``sides`` landmarks seen) and whether they
    all lie inside the picture."""
    best: tuple[float, int] | None = None
    for side, idx in enumerate(sides):
        vis = float(np.min(points[list(idx), 3]))
        if vis >= MIN_VISIBILITY and (best is None or vis > best[0]):
            best = (vis, side)
    if best is None:
        return None
    chosen = list(sides[best[1]])
    x, y = points[chosen, 0], points[chosen, 1]
    inside = bool(
        np.all(x >= EDGE_SHARE * width)
        and np.all(x <= (1 - EDGE_SHARE) * width)
        and np.all(y >= EDGE_SHARE * height)
        and np.all(y <= (1 - EDGE_SHARE) * height)
    )
    return best[1], inside


def is_upright(points: FloatArray) -> bool:
    """Whether the person stands (or kneels upright) rather than lies in a push-up."""
    geometry = body_geometry(points, MIN_VISIBILITY)
    arm = float(np.nanmax(geometry.arm_length_px))
    if not np.isfinite(arm) or arm <= 0:
        return False
    for shoulder, _, _, hip, ankle in _SIDES:
        if points[shoulder, 3] < MIN_VISIBILITY:
            continue
        top = points[shoulder, 1]
        if points[ankle, 3] >= MIN_VISIBILITY:
            return bool(points[ankle, 1] - top > UPRIGHT_ANKLE_ARMS * arm)
        if points[hip, 3] >= MIN_VISIBILITY:
            return bool(points[hip, 1] - top > UPRIGHT_HIP_ARMS * arm)
    return False


class Framing:
    """The framing check of one set (see the module docstring)."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self._held_since: float | None = None

    def reset(self) -> None:
        """Start over (after a pause): the start position must be held again."""
        self._held_since = None

    def check(self, t_s: float, points: FloatArray | None) -> FramingCheck:
        """Judge the frame at ``t_s`` (s); ``points`` (33, 4) in pixels or None."""
        hint = self._problem(points)
        if hint is not None:
            self._held_since = None
            return FramingCheck(False, hint)
        if self._held_since is None:
            self._held_since = t_s
        armed = t_s - self._held_since >= HOLD_S
        advice = self.advice(points) if points is not None else None
        words = READY if armed else HOLD
        return FramingCheck(True, f"{words} {advice}" if advice else words, armed)

    def advice(self, points: FloatArray) -> str | None:
        """A hint that does not stop the count: legs cut off, or far away."""
        side = _side(points, self.width, self.height, _SIDES)
        if side is None or not side[1]:
            return CUT
        seen = points[points[:, 3] >= MIN_VISIBILITY]
        span_x = float(np.ptp(seen[:, 0])) / self.width
        span_y = float(np.ptp(seen[:, 1])) / self.height
        return FAR if max(span_x, span_y) < SMALL_SHARE else None

    def _problem(self, points: FloatArray | None) -> str | None:
        """What stops the count from starting: no arms seen, standing, bent arms."""
        if points is None:
            return NO_ONE
        side = _side(points, self.width, self.height, _ARMS)
        if side is None:
            return NO_ONE
        if is_upright(points):
            return UPRIGHT
        elbow = body_geometry(points, MIN_VISIBILITY).elbow_deg[side[0]]
        if not np.isfinite(elbow) or float(elbow) < STRAIGHT_ELBOW_DEG:
            return BEND
        return None
