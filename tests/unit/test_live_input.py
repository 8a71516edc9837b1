"""The live stream's message checks and pace (issue 13): pure, no server."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from pushback.services.filming._live_framing import HOLD_S, Framing, is_upright
from pushback.services.filming._live_input import (
    FLAT_LENGTH,
    Limits,
    LiveInputError,
    Pace,
    parse_message,
)

LIMITS = Limits()


def _frame(t: object, points: object) -> str:
    return json.dumps({"type": "frame", "t": t, "p": points})


def test_a_good_frame_becomes_33_points() -> None:
    message = parse_message(_frame(1.5, [0.5] * FLAT_LENGTH), LIMITS)
    assert message.kind == "frame" and message.t_s == 1.5
    assert message.points is not None and message.points.shape == (33, 4)


def test_a_frame_without_a_person_has_no_points() -> None:
    assert parse_message(_frame(1.0, None), LIMITS).points is None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_frame(1.0, [0.5] * 131), "p"),
        (_frame(1.0, [[0.5] * 4] * 33), "p"),
        (_frame(math.nan, None), "t"),
        (_frame(True, None), "t"),
        (_frame(1.0, [0.5] * 131 + [1.5]), "p"),
        (json.dumps({"type": "start", "width": 640, "height": 480, "set": "x"}), "set"),
        (
            json.dumps({"type": "start", "width": 1e9, "height": 480, "set": "x" * 8}),
            "width",
        ),
        ("x" * (LIMITS.max_message_bytes + 1), "message"),
    ],
)
def test_bad_messages_name_the_field(text: str, field: str) -> None:
    with pytest.raises(LiveInputError) as error:
        parse_message(text, LIMITS)
    assert error.value.field == field
    assert len(error.value.reason.encode()) <= 123  # a WebSocket close reason


def test_pace_refuses_old_times_and_floods() -> None:
    now = [0.0]
    pace = Pace(Limits(max_rate_hz=10, burst=2), clock=lambda: now[0])
    pace.check(1.0)
    with pytest.raises(LiveInputError, match="a time after"):
        pace.check(1.0)
    pace.check(1.1)
    with pytest.raises(LiveInputError, match="at most 10 a second"):
        pace.check(1.2)
    now[0] = 1.0  # a second later the bucket has refilled
    pace.check(1.3)


def _plank(elbow_straight: bool = True) -> np.ndarray:
    """A side-view plank in a 640x480 picture (pixels), arms straight or bent."""
    points = np.zeros((33, 4))
    points[:, 3] = 0.9
    points[:, :2] = (320, 300)
    for shoulder, elbow, wrist, hip, ankle in (
        (11, 13, 15, 23, 27),
        (12, 14, 16, 24, 28),
    ):
        points[shoulder, :2] = (200, 250)
        points[elbow, :2] = (200, 300) if elbow_straight else (240, 290)
        points[wrist, :2] = (200, 350)
        points[hip, :2] = (380, 270)
        points[ankle, :2] = (560, 300)
    return points


def test_the_count_arms_after_the_start_position_is_held() -> None:
    framing = Framing(640, 480)
    assert not framing.check(0.0, _plank()).armed
    assert not framing.check(HOLD_S / 2, _plank()).armed
    assert framing.check(HOLD_S + 0.01, _plank()).armed


def test_bent_arms_or_nobody_restart_the_hold() -> None:
    framing = Framing(640, 480)
    framing.check(0.0, _plank())
    assert "Straighten" in framing.check(0.5, _plank(elbow_straight=False)).hint
    assert not framing.check(1.2, _plank()).armed
    assert "No one" in framing.check(1.3, None).hint


def test_a_standing_person_is_upright_and_a_plank_is_not() -> None:
    standing = _plank()
    for shoulder, elbow, wrist, hip, ankle in (
        (11, 13, 15, 23, 27),
        (12, 14, 16, 24, 28),
    ):
        standing[shoulder, :2] = (300, 100)
        standing[elbow, :2] = (300, 150)
        standing[wrist, :2] = (300, 200)
        standing[hip, :2] = (300, 250)
        standing[ankle, :2] = (300, 440)
    assert is_upright(standing)
    assert not is_upright(_plank())
