"""The live stream's messages from the browser: shapes, numbers and pace checked.

One JSON text message per WebSocket frame. The browser sends::

    {"type": "start", "exercise": "push-up", "width": 640, "height": 480,
     "set": "<id of the set, kept across a reload>"}
    {"type": "frame", "t": 12.345, "p": [x, y, z, visibility] * 33 (flat) | null}
    {"type": "pause", "reason": "hidden" | "camera"}
    {"type": "resume"}
    {"type": "end"}

``x``/``y`` are the pose model's normalised image coordinates (0..1, a point may lie a
little outside the picture), ``z`` its relative depth on the x scale, ``visibility``
0..1. ``t`` is the browser's clock in seconds; it must increase. Anything else is a
:class:`LiveInputError` whose message is the close reason (WebSocket reasons are at
most 123 bytes, so messages stay short).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import LANDMARK_COUNT
from pushback.domain.errors import InvalidInput

__all__ = [
    "FLAT_LENGTH",
    "Limits",
    "LiveInputError",
    "Message",
    "Pace",
    "parse_message",
]

FloatArray = NDArray[np.float64]
#: Numbers in one frame's flat keypoint array: 33 landmarks x (x, y, z, visibility).
FLAT_LENGTH = LANDMARK_COUNT * 4
#: Normalised coordinates accepted (a landmark may be guessed a little off-picture).
COORD_RANGE = (-2.0, 3.0)
MESSAGE_TYPES = ("start", "frame", "pause", "resume", "end")


class LiveInputError(InvalidInput):
    """A message the live stream refuses; the stream closes with ``reason`` and
    ``close_code`` (RFC 6455: 1008 policy violation, 1009 too big, 1003 not text)."""

    def __init__(
        self, field_name: str, value: Any, expected: str, *, code: int = 1008
    ) -> None:
        super().__init__(field_name, _short(value), expected)
        self.reason = f"{field_name}: expected {expected}"[:120]
        self.close_code = code


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Limits:
    """Per-stream limits [design]: a phone sends at most ~30 keypoint frames a
    second (about 3 kB each); the limits leave room for twice that."""

    #: Largest message accepted, bytes (a frame is ~3 kB).
    max_message_bytes: int = 16_384
    #: Sustained frames per second, and the burst above it.
    max_rate_hz: float = 60.0
    burst: int = 120
    #: Longest set, s (keypoints of longer sets are not kept).
    max_set_s: float = 900.0


@dataclass(frozen=True)
class Message:
    """One checked message: its ``kind`` and the fields that kind carries."""

    kind: str
    t_s: float | None = None
    points: FloatArray | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LiveInputError(name, value, "a number")
    number = float(value)
    if not math.isfinite(number):
        raise LiveInputError(name, value, "a finite number")
    return number


def _points(raw: Any) -> FloatArray | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != FLAT_LENGTH:
        got = len(raw) if isinstance(raw, list) else type(raw).__name__
        raise LiveInputError("p", got, f"{FLAT_LENGTH} numbers (33 x 4) or null")
    try:
        flat = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise LiveInputError("p", "non-numbers", f"{FLAT_LENGTH} numbers") from None
    if flat.shape != (FLAT_LENGTH,) or not np.all(np.isfinite(flat)):
        raise LiveInputError("p", "NaN or infinite", "finite numbers")
    points = flat.reshape(LANDMARK_COUNT, 4)
    low, high = COORD_RANGE
    if np.any(points[:, :2] < low) or np.any(points[:, :2] > high):
        raise LiveInputError("p", "a far-off point", "coordinates from -2 to 3")
    if np.any(points[:, 3] < 0) or np.any(points[:, 3] > 1):
        raise LiveInputError("p", "a visibility", "visibility from 0 to 1")
    return points


def _start(obj: dict[str, Any]) -> Message:
    exercise = obj.get("exercise", "push-up")
    if not isinstance(exercise, str) or not 0 < len(exercise) <= 64:
        raise LiveInputError("exercise", exercise, "a catalog exercise slug")
    width = _number(obj.get("width"), "width")
    height = _number(obj.get("height"), "height")
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise LiveInputError("width", f"{width}x{height}", "16 to 8192 pixels")
    set_id = obj.get("set")
    if not isinstance(set_id, str) or not 8 <= len(set_id) <= 64:
        raise LiveInputError("set", set_id, "an id of 8 to 64 characters")
    data = {"exercise": exercise, "width": width, "height": height, "set": set_id}
    return Message("start", data=data)


def parse_message(text: str | bytes, limits: Limits) -> Message:
    """Check one message (see the module docstring); raises :class:`LiveInputError`."""
    if len(text) > limits.max_message_bytes:
        raise LiveInputError(
            "message",
            f"{len(text)} bytes",
            f"at most {limits.max_message_bytes} bytes",
            code=1009,
        )
    try:
        obj = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise LiveInputError("message", "not JSON", "a JSON object") from None
    if not isinstance(obj, dict):
        raise LiveInputError("message", type(obj).__name__, "a JSON object")
    kind = obj.get("type")
    if kind not in MESSAGE_TYPES:
        raise LiveInputError("type", kind, "one of " + ", ".join(MESSAGE_TYPES))
    if kind == "start":
        return _start(obj)
    if kind == "frame":
        return Message(
            "frame", t_s=_number(obj.get("t"), "t"), points=_points(obj.get("p"))
        )
    reason = obj.get("reason")
    return Message(kind, data={"reason": reason if isinstance(reason, str) else ""})


class Pace:
    """Frame timestamps increase, and frames come no faster than the limits allow
    (a token bucket on the server's clock)."""

    def __init__(self, limits: Limits, clock: Any = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._tokens = float(limits.burst)
        self._filled = clock()
        self.last_t_s: float | None = None

    def check(self, t_s: float) -> None:
        """Accept a frame at browser time ``t_s`` or raise :class:`LiveInputError`."""
        if self.last_t_s is not None and t_s <= self.last_t_s:
            raise LiveInputError("t", t_s, f"a time after {self.last_t_s:.3f} s")
        now = self._clock()
        rate = self.limits.max_rate_hz
        self._tokens = min(
            float(self.limits.burst), self._tokens + (now - self._filled) * rate
        )
        self._filled = now
        if self._tokens < 1:
            raise LiveInputError("frames", "a flood", f"at most {rate:g} a second")
        self._tokens -= 1
        self.last_t_s = t_s
