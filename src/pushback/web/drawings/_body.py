"""The figure's skeleton: one pose (angles, anchor, hand targets) -> 3D joint points.

Space: centimetres, ``x`` forward (where a push-up's head points), ``y`` up (floor at
0), ``z`` to the person's right. Angles are degrees, counter-clockwise seen from the
right side (+z), 0 = pointing forward (+x), 90 = straight up.

Angle conventions of a pose (a straight line from the ankles to the neck is the
same number for ``shin``, ``thigh`` and ``torso``):

* ``shin``: ankle -> knee, ``thigh``: knee -> hip, ``torso``: pelvis -> neck
  (standing upright: 90, 90, 90; a push-up plank rising 17 deg: 17, 17, 17);
* ``foot``: ankle -> toe (standing: about -20, on the toes in a plank: about -75);
* ``curve``: the back's bend at mid-back, positive rounds it (cat), negative
  arches it (cow); ``head``: the neck's bend, positive tucks the chin;
* arms are solved (two-bone inverse kinematics) to reach a hand target; the
  elbows bend toward the feet, turned ``flare`` degrees out to the side
  (0 = tucked along the body, 90 = straight out).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "ARM_LOWER_CM",
    "ARM_UPPER_CM",
    "ROOTS",
    "ArmSpec",
    "LegSpec",
    "Pose",
    "Skeleton",
    "build_skeleton",
]

Vec = tuple[float, float, float]

# Segment lengths of a 175 cm adult from the proportions of Winter DA, Biomechanics
# and Motor Control of Human Movement (4th ed., 2009, fig. 4.1), as fractions of
# height H: upper arm 0.186 H, forearm 0.146 H (plus 2.5 cm: the hand is drawn as
# a disc round the wrist), thigh 0.245 H, shank 0.246 H, trunk = shoulder height
# 0.818 H - hip height 0.530 H, head centre 0.935 H, shoulder breadth 0.259 H and
# hip breadth 0.191 H (joint centres sit about 4 and 7.5 cm inside the surface).
_HEIGHT_CM = 175.0
ARM_UPPER_CM = 0.186 * _HEIGHT_CM
ARM_LOWER_CM = 0.146 * _HEIGHT_CM + 2.5
THIGH_CM = 0.245 * _HEIGHT_CM
SHIN_CM = 0.246 * _HEIGHT_CM
FOOT_CM = 0.1 * _HEIGHT_CM  # ankle to the ball of the foot, toes bent
TRUNK_CM = (0.818 - 0.530) * _HEIGHT_CM
LOWER_BACK_SHARE = 0.45  # pelvis -> mid-back; the rest is mid-back -> neck
NECK_CM = (0.935 - 0.818) * _HEIGHT_CM
SHOULDER_HALF_CM = 0.259 * _HEIGHT_CM / 2 - 4.0
HIP_HALF_CM = 0.191 * _HEIGHT_CM / 2 - 7.5

#: Joints a pose may anchor at its ``at`` point (the right leg's, or the pelvis).
ROOTS: tuple[str, ...] = ("toe", "ankle", "knee", "pelvis")


@dataclass(frozen=True)
class LegSpec:
    """One leg: segment angles (deg, see the module docstring) and how far the
    foot sits from the midline (cm)."""

    foot_deg: float
    shin_deg: float
    thigh_deg: float
    out_cm: float = HIP_HALF_CM


@dataclass(frozen=True)
class ArmSpec:
    """One arm's hand target: ``hand`` mode is a point (x, y and ``out`` from the
    midline toward that hand's side); ``reach`` mode is an offset from the
    shoulder (forward, up, outward). A target beyond reach straightens the arm
    toward it."""

    mode: str
    x_cm: float
    y_cm: float
    out_cm: float
    flare_deg: float = 45.0


@dataclass(frozen=True)
class Pose:
    """Everything that places the figure in one keyframe."""

    root: str
    at: tuple[float, float]
    legs: tuple[LegSpec, LegSpec]  # left, right
    arms: tuple[ArmSpec, ArmSpec]  # left, right
    torso_deg: float
    curve_deg: float = 0.0
    head_deg: float = 0.0
    lean_deg: float = 0.0
    twist_deg: float = 0.0
    roll_deg: float = 0.0
    yaw_deg: float = 0.0


@dataclass(frozen=True)
class Skeleton:
    """3D joint points (cm) of one pose and how far each hand missed its target."""

    joints: Mapping[str, Vec]
    hand_miss_cm: tuple[float, float]  # left, right


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _mul(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    )


def _norm(a: Vec) -> float:
    return math.sqrt(_dot(a, a))


def _unit(a: Vec) -> Vec:
    length = _norm(a)
    return _mul(a, 1.0 / length) if length > 1e-9 else (0.0, 0.0, 0.0)


def _sagittal(angle_deg: float) -> Vec:
    rad = math.radians(angle_deg)
    return (math.cos(rad), math.sin(rad), 0.0)


def _rotate(v: Vec, axis: Vec, angle_deg: float) -> Vec:
    """Rodrigues' rotation of ``v`` about the unit ``axis`` (right-handed)."""
    rad = math.radians(angle_deg)
    cos, sin = math.cos(rad), math.sin(rad)
    term = _add(_mul(v, cos), _mul(_cross(axis, v), sin))
    return _add(term, _mul(axis, _dot(axis, v) * (1 - cos)))


def _leg_down(pelvis: Vec, leg: LegSpec, side: float) -> dict[str, Vec]:
    """Hip, knee, ankle and toe of one leg hanging from ``pelvis``."""
    hip = _add(pelvis, (0.0, 0.0, side * HIP_HALF_CM))
    foot_z = side * leg.out_cm
    knee = _sub(hip, _mul(_sagittal(leg.thigh_deg), THIGH_CM))
    knee = (knee[0], knee[1], (hip[2] + foot_z) / 2)
    ankle = _sub(knee, _mul(_sagittal(leg.shin_deg), SHIN_CM))
    ankle = (ankle[0], ankle[1], foot_z)
    toe = _add(ankle, _mul(_sagittal(leg.foot_deg), FOOT_CM))
    return {"hip": hip, "knee": knee, "ankle": ankle, "toe": toe}


def _pelvis(pose: Pose) -> Vec:
    """Where the pelvis sits so that the right leg's root joint lands on ``at``."""
    probe = _leg_down((0.0, 0.0, 0.0), pose.legs[1], 1.0)
    offset = (0.0, 0.0, 0.0) if pose.root == "pelvis" else probe[pose.root]
    return (pose.at[0] - offset[0], pose.at[1] - offset[1], 0.0)


def _trunk(pose: Pose, pelvis: Vec) -> tuple[dict[str, Vec], Vec, Vec]:
    """Mid-back, neck and head points, the upper-back direction and the shoulder
    axis (unit, toward the right shoulder)."""
    facing = _sagittal(pose.torso_deg - 90)
    lower = _rotate(
        _sagittal(pose.torso_deg + pose.curve_deg / 2), facing, pose.lean_deg
    )
    upper = _rotate(
        _sagittal(pose.torso_deg - pose.curve_deg / 2), facing, pose.lean_deg
    )
    mid = _add(pelvis, _mul(lower, TRUNK_CM * LOWER_BACK_SHARE))
    neck = _add(mid, _mul(upper, TRUNK_CM * (1 - LOWER_BACK_SHARE)))
    head_dir = _rotate(
        _sagittal(pose.torso_deg - pose.curve_deg / 2 - pose.head_deg),
        facing,
        pose.lean_deg,
    )
    across = _rotate(
        _rotate((0.0, 0.0, 1.0), facing, pose.lean_deg), upper, pose.twist_deg
    )
    points = {"mid": mid, "neck": neck, "head": _add(neck, _mul(head_dir, NECK_CM))}
    return points, upper, across


def _turn(point: Vec, pose: Pose, centre: Vec) -> Vec:
    """The whole body's roll (about x) then yaw (about y), around ``centre``."""
    moved = _rotate(_sub(point, centre), (1.0, 0.0, 0.0), pose.roll_deg)
    return _add(_rotate(moved, (0.0, 1.0, 0.0), pose.yaw_deg), centre)


def _solve_arm(shoulder: Vec, target: Vec, pole: Vec) -> tuple[Vec, Vec]:
    """Elbow and hand of a two-bone arm reaching for ``target``, bending toward
    ``pole``; a target out of reach straightens the arm toward it."""
    upper, lower = ARM_UPPER_CM, ARM_LOWER_CM
    to_target = _sub(target, shoulder)
    distance = min(max(_norm(to_target), abs(upper - lower) + 1e-6), upper + lower)
    axis = _unit(to_target) if _norm(to_target) > 1e-6 else _unit(pole)
    bend = _sub(pole, _mul(axis, _dot(pole, axis)))
    if _norm(bend) < 1e-6:  # pole along the arm: any side will do
        bend = _cross(axis, (0.0, 0.0, 1.0)) if abs(axis[2]) < 0.9 else (1.0, 0, 0)
    bend = _unit(bend)
    cos_angle = (upper**2 + distance**2 - lower**2) / (2 * upper * distance)
    angle = math.acos(max(-1.0, min(1.0, cos_angle)))
    elbow = _add(
        shoulder,
        _add(_mul(axis, upper * math.cos(angle)), _mul(bend, upper * math.sin(angle))),
    )
    return elbow, _add(shoulder, _mul(axis, distance))


def build_skeleton(pose: Pose) -> Skeleton:
    """Every joint of ``pose`` in world space (see the module docstring)."""
    pelvis = _pelvis(pose)
    joints: dict[str, Vec] = {"pelvis": pelvis}
    for name, side, leg in (("l", -1.0, pose.legs[0]), ("r", 1.0, pose.legs[1])):
        for joint, point in _leg_down(pelvis, leg, side).items():
            joints[f"{joint}_{name}"] = point
    trunk, upper, across = _trunk(pose, pelvis)
    joints.update(trunk)
    for name, side in (("l", -1.0), ("r", 1.0)):
        joints[f"shoulder_{name}"] = _add(
            trunk["neck"], _mul(across, side * SHOULDER_HALF_CM)
        )
    centre = (pose.at[0], pose.at[1], 0.0)
    joints = {name: _turn(point, pose, centre) for name, point in joints.items()}
    upper = _turn(upper, pose, (0.0, 0.0, 0.0))
    across = _turn(across, pose, (0.0, 0.0, 0.0))
    misses = []
    for name, side, arm in (("l", -1.0, pose.arms[0]), ("r", 1.0, pose.arms[1])):
        shoulder = joints[f"shoulder_{name}"]
        target = _arm_target(arm, shoulder, side)
        flare = math.radians(arm.flare_deg)
        pole = _add(_mul(upper, -math.cos(flare)), _mul(across, side * math.sin(flare)))
        elbow, hand = _solve_arm(shoulder, target, pole)
        joints[f"elbow_{name}"], joints[f"hand_{name}"] = elbow, hand
        misses.append(_norm(_sub(hand, target)))
    return Skeleton(joints=joints, hand_miss_cm=(misses[0], misses[1]))


def _arm_target(arm: ArmSpec, shoulder: Vec, side: float) -> Vec:
    if arm.mode == "reach":
        return _add(shoulder, (arm.x_cm, arm.y_cm, side * arm.out_cm))
    return (arm.x_cm, arm.y_cm, side * arm.out_cm)
