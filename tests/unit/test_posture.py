"""Posture checks used to frame a video: which way up, push-up position, seen best."""

from __future__ import annotations

import numpy as np
import pytest

from pushback.analysis.posture import (
    arms_down,
    is_in_pushup_position,
    seen_score,
    upright_turn_deg,
)
from tests.unit.synthetic_pushups import TOP_HEIGHT, side_view_points


def _turn(points: np.ndarray, quarter_turns: int) -> np.ndarray:
    """The keypoints of the picture turned anticlockwise by quarter turns."""
    out = points.copy()
    for _ in range(quarter_turns % 4):
        x, y = out[:, 0].copy(), out[:, 1].copy()
        out[:, 0], out[:, 1] = y, -x  # anticlockwise on screen (y down)
    return out


def test_forearms_point_down_in_the_pushup_position() -> None:
    points = side_view_points(np.array([TOP_HEIGHT]))[0]
    down = arms_down(points)
    assert down is not None and down > 0.9
    assert upright_turn_deg(points) == 0


@pytest.mark.parametrize(("quarters", "back"), [(1, 90), (2, 180), (3, 270)])
def test_a_turned_picture_says_how_to_turn_it_back(quarters: int, back: int) -> None:
    points = _turn(side_view_points(np.array([TOP_HEIGHT]))[0], quarters)
    assert upright_turn_deg(points) == back
    assert (arms_down(points) or 0.0) < 0.5


def _standing() -> np.ndarray:
    """Someone standing side-on, arms hanging: 150 px upper arm, 130 px forearm."""
    points = np.zeros((33, 4))
    points[:, 3] = 0.97
    points[:, :2] = (500.0, 250.0)  # head points
    for index, xy in {11: (500, 300), 13: (500, 450), 15: (500, 580), 23: (505, 560),
                      25: (505, 760), 27: (505, 950)}.items():  # fmt: skip
        points[index, :2] = xy
        points[index + 1, :2] = (xy[0] + 8, xy[1] - 3)
    return points


def test_lying_is_the_pushup_position_and_standing_is_not() -> None:
    assert is_in_pushup_position(side_view_points(np.array([TOP_HEIGHT]))[0])
    assert not is_in_pushup_position(_standing())
    assert (arms_down(_standing()) or 0.0) > 0.9


def test_a_bigger_better_seen_body_scores_higher() -> None:
    near = side_view_points(np.array([TOP_HEIGHT]))[0]
    far = near.copy()
    far[:, :2] *= 0.5
    hidden = near.copy()
    hidden[:, 3] *= 0.4
    assert seen_score(near) > seen_score(far) > 0
    assert seen_score(near) > seen_score(hidden)
