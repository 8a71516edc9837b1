"""Angle conventions: degrees, 180 = straight, blind to body position and size."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushback.analysis.angles import (
    ANGLES,
    angle_between_deg,
    compute_angle,
    joint_angle_deg,
    segment_angle_deg,
)
from pushback.analysis.keypoints import LANDMARK_COUNT, landmark_index
from pushback.domain.errors import InvalidInput

coordinate = st.floats(min_value=-1000, max_value=1000, allow_nan=False)
point = st.tuples(coordinate, coordinate)


def _p(x: float, y: float) -> np.ndarray:
    return np.array([x, y], dtype=np.float64)


def test_straight_elbow_is_180_degrees() -> None:
    assert joint_angle_deg(_p(0, 0), _p(1, 0), _p(2, 0)) == pytest.approx(180.0)


def test_right_angle_is_90_degrees() -> None:
    assert joint_angle_deg(_p(0, 1), _p(0, 0), _p(1, 0)) == pytest.approx(90.0)


def test_fully_folded_joint_is_0_degrees() -> None:
    assert joint_angle_deg(_p(1, 0), _p(0, 0), _p(2, 0)) == pytest.approx(0.0)


def test_segment_inclination_is_0_when_level_and_90_when_vertical() -> None:
    assert segment_angle_deg(_p(0, 0), _p(5, 0)) == pytest.approx(0.0)
    assert segment_angle_deg(_p(0, 0), _p(0, -5)) == pytest.approx(90.0)
    assert segment_angle_deg(_p(0, 0), _p(-3, 3)) == pytest.approx(45.0)


def test_zero_length_segment_gives_nan_not_a_number_made_up() -> None:
    assert math.isnan(float(angle_between_deg(_p(0, 0), _p(1, 0))))


def test_named_elbow_angle_uses_shoulder_elbow_wrist() -> None:
    frame = np.full((LANDMARK_COUNT, 4), np.nan)
    frame[landmark_index("left_shoulder")] = [0, 0, 0, 1]
    frame[landmark_index("left_elbow")] = [0, 10, 0, 1]
    frame[landmark_index("left_wrist")] = [10, 10, 0, 1]
    assert compute_angle(frame, "left_elbow") == pytest.approx(90.0)
    assert math.isnan(float(compute_angle(frame, "right_elbow")))


def test_named_angles_work_on_a_whole_series() -> None:
    series = np.zeros((7, LANDMARK_COUNT, 4))
    series[:, landmark_index("right_elbow"), 0] = 1.0
    series[:, landmark_index("right_wrist"), 0] = 2.0
    assert compute_angle(series, "right_elbow") == pytest.approx(np.full(7, 180.0))


def test_every_named_angle_uses_known_landmarks() -> None:
    for definition in ANGLES.values():
        assert len(definition.points) == (3 if definition.kind == "joint" else 2)
        for name in definition.points:
            landmark_index(name)


def test_unknown_angle_name_is_rejected_with_the_known_names() -> None:
    with pytest.raises(InvalidInput, match="left_elbow"):
        compute_angle(np.zeros((LANDMARK_COUNT, 4)), "left_wing")


@settings(max_examples=200, deadline=None)
@given(point, point, point)
def test_joint_angle_stays_between_0_and_180(a: tuple, b: tuple, c: tuple) -> None:
    angle = float(joint_angle_deg(np.array(a), np.array(b), np.array(c)))
    assert math.isnan(angle) or 0.0 <= angle <= 180.0


@settings(max_examples=200, deadline=None)
@given(
    point,
    point,
    point,
    st.tuples(coordinate, coordinate),
    st.floats(min_value=0.05, max_value=20),
    st.floats(min_value=-math.pi, max_value=math.pi),
    st.booleans(),
)
def test_joint_angle_ignores_translation_rotation_scale_and_mirroring(
    a: tuple, b: tuple, c: tuple, shift: tuple, scale: float, turn: float, mirror: bool
) -> None:
    pts = np.array([a, b, c], dtype=np.float64)
    if min(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[1])) < 1.0:
        return  # degenerate: the angle is undefined
    rotation = np.array(
        [[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]]
    )
    moved = pts @ rotation.T * scale + np.array(shift)
    if mirror:
        moved[:, 0] = -moved[:, 0]
    before = float(joint_angle_deg(pts[0], pts[1], pts[2]))
    after = float(joint_angle_deg(moved[0], moved[1], moved[2]))
    assert after == pytest.approx(before, abs=1e-6)
