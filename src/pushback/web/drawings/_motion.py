"""From two poses to what the SVG animates: a camera, a timeline and bone states.

The figure is a tree of bones. Each bone is an SVG group placed at the end of its
parent (``translate(parent length, 0)``) and turned by its angle relative to the
parent (``rotate``); its line is a unit segment stretched to the bone's projected
length. Because every child sits in its parent's frame, joints stay attached at
every instant of a CSS animation, whatever the browser interpolates in between.

The movement is sampled: each move (start -> end, end -> start) is eased by a
half cosine and cut into ``SAMPLES_PER_MOVE`` steps, each solved exactly; CSS
interpolates linearly between neighbouring samples. :func:`joint_at` replays that
interpolation, so tests can check that planted hands and feet stay put.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar, cast

from pushback.web.drawings._body import Pose, Skeleton, Vec, build_skeleton

__all__ = [
    "BONES",
    "CHAINS",
    "SAMPLES_PER_MOVE",
    "Bone",
    "BoneState",
    "Camera",
    "Motion",
    "Timing",
    "blend",
    "joint_at",
    "sample_motion",
]

SAMPLES_PER_MOVE = 6


@dataclass(frozen=True)
class Bone:
    """One drawn segment: its parent bone (None: hangs from the pelvis), the joints
    it joins and the chain (draw group) it belongs to."""

    name: str
    parent: str | None
    start: str
    end: str
    chain: str


def _limb_bones(side: str) -> tuple[Bone, ...]:
    arm, leg = f"arm_{side}", f"leg_{side}"
    return (
        Bone(f"collar_{side}", "upper_back", "neck", f"shoulder_{side}", arm),
        Bone(
            f"upper_arm_{side}",
            f"collar_{side}",
            f"shoulder_{side}",
            f"elbow_{side}",
            arm,
        ),
        Bone(
            f"forearm_{side}", f"upper_arm_{side}", f"elbow_{side}", f"hand_{side}", arm
        ),
        Bone(f"hip_{side}", None, "pelvis", f"hip_{side}", leg),
        Bone(f"thigh_{side}", f"hip_{side}", f"hip_{side}", f"knee_{side}", leg),
        Bone(f"shin_{side}", f"thigh_{side}", f"knee_{side}", f"ankle_{side}", leg),
        Bone(f"foot_{side}", f"shin_{side}", f"ankle_{side}", f"toe_{side}", leg),
    )


#: Every bone, parents before children.
BONES: tuple[Bone, ...] = (
    Bone("lower_back", None, "pelvis", "mid", "torso"),
    Bone("upper_back", "lower_back", "mid", "neck", "torso"),
    Bone("neck", "upper_back", "neck", "head", "torso"),
    *_limb_bones("l"),
    *_limb_bones("r"),
)
CHAINS: tuple[str, ...] = ("torso", "arm_l", "arm_r", "leg_l", "leg_r")
_BY_NAME = {bone.name: bone for bone in BONES}


@dataclass(frozen=True)
class Camera:
    """An orthographic camera: ``yaw_deg`` turns it from the person's right side
    toward their front/head, ``pitch_deg`` raises it to look down."""

    yaw_deg: float = 0.0
    pitch_deg: float = 0.0

    def project(self, point: Vec) -> tuple[float, float, float]:
        """Screen x, screen y (downward, as in SVG) and depth (bigger is nearer)."""
        yaw, pitch = math.radians(self.yaw_deg), math.radians(self.pitch_deg)
        x, y, z = point
        across = x * math.cos(yaw) - z * math.sin(yaw)  # screen right
        toward = x * math.sin(yaw) + z * math.cos(yaw)  # toward the camera, level
        height = y * math.cos(pitch) - toward * math.sin(pitch)
        depth = toward * math.cos(pitch) + y * math.sin(pitch)
        return across, -height, depth


@dataclass(frozen=True)
class Timing:
    """Seconds of one cycle: hold the start, move out, hold the end, move back."""

    hold_s: float = 0.6
    out_s: float = 1.6
    back_s: float = 1.6

    @property
    def cycle_s(self) -> float:
        return 2 * self.hold_s + self.out_s + self.back_s


@dataclass(frozen=True)
class BoneState:
    """A bone at one sample: where it sits in its parent (``offset``: the parent's
    length, or the pelvis point for a bone hanging from it), its angle relative to
    the parent (deg, clockwise on screen) and its projected length."""

    offset: tuple[float, float]
    angle_deg: float
    length: float


@dataclass(frozen=True)
class Motion:
    """The sampled animation: times (fractions of the cycle), the screen points
    of every joint and the state of every bone at each sample."""

    times: tuple[float, ...]
    end_sample: int
    points: tuple[Mapping[str, tuple[float, float, float]], ...]
    bones: Mapping[str, tuple[BoneState, ...]]
    skeletons: tuple[Skeleton, ...]
    timing: Timing


_T = TypeVar("_T")


def blend(start: _T, end: _T, fraction: float) -> _T:
    """The value ``fraction`` of the way from ``start`` to ``end``: numbers are
    interpolated, tuples and dataclasses field by field; anything else must be
    equal in both (a pose cannot change its anchor joint mid-move)."""
    if isinstance(start, bool) or isinstance(start, str):
        return start
    if isinstance(start, int | float) and isinstance(end, int | float):
        low, high = float(start), float(end)
        return cast(_T, low + (high - low) * fraction)
    if isinstance(start, tuple) and isinstance(end, tuple):
        return type(start)(
            blend(a, b, fraction) for a, b in zip(start, end, strict=True)
        )
    if hasattr(start, "__dataclass_fields__"):
        changes: dict[str, Any] = {
            f.name: blend(getattr(start, f.name), getattr(end, f.name), fraction)
            for f in fields(start)  # type: ignore[arg-type]
        }
        return replace(start, **changes)  # type: ignore[type-var]
    raise TypeError(f"cannot blend {type(start).__name__}")


def _eased(u: float) -> float:
    return (1 - math.cos(math.pi * u)) / 2


def _timeline(timing: Timing, moves: int) -> list[tuple[float, float]]:
    """(time in s, position along the keyframes) of every sample of one cycle:
    position 0 is the start pose, ``moves`` the end pose."""
    steps = [i / SAMPLES_PER_MOVE for i in range(1, SAMPLES_PER_MOVE + 1)]
    samples = [(0.0, 0.0), (timing.hold_s, 0.0)]
    for move in range(moves):  # out, one move per keyframe
        begin = timing.hold_s + move * timing.out_s / moves
        samples += [(begin + u * timing.out_s / moves, move + _eased(u)) for u in steps]
    back_start = timing.hold_s * 2 + timing.out_s
    samples.append((back_start, float(moves)))
    for move in range(moves):  # and back the same way
        begin = back_start + move * timing.back_s / moves
        samples += [
            (begin + u * timing.back_s / moves, moves - move - _eased(u)) for u in steps
        ]
    return samples


def _pose_at(poses: Sequence[Pose], position: float) -> Pose:
    index = min(int(position), len(poses) - 2)
    return blend(poses[index], poses[index + 1], position - index)


def sample_motion(poses: Sequence[Pose], camera: Camera, timing: Timing) -> Motion:
    """Solve and project every sample of the cycle through ``poses`` (start, any
    poses on the way, end) and back."""
    timeline = _timeline(timing, len(poses) - 1)
    skeletons = tuple(build_skeleton(_pose_at(poses, p)) for _, p in timeline)
    points = tuple(
        {name: camera.project(p) for name, p in skeleton.joints.items()}
        for skeleton in skeletons
    )
    return Motion(
        times=tuple(t / timing.cycle_s for t, _ in timeline),
        end_sample=2 + (len(poses) - 1) * SAMPLES_PER_MOVE - 1,
        points=points,
        bones=_bone_states(points),
        skeletons=skeletons,
        timing=timing,
    )


def _absolute_angles(
    points: Sequence[Mapping[str, tuple[float, float, float]]], bone: Bone
) -> list[float | None]:
    angles: list[float | None] = []
    for frame in points:
        (x0, y0, _), (x1, y1, _) = frame[bone.start], frame[bone.end]
        if math.hypot(x1 - x0, y1 - y0) < 0.05:
            angles.append(None)  # seen end-on: no direction of its own
        else:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return angles


def _fill_and_unwrap(angles: list[float | None], fallback: list[float]) -> list[float]:
    """Replace missing angles with the parent's, then remove 360-degree jumps."""
    known = [a if a is not None else f for a, f in zip(angles, fallback, strict=True)]
    for i in range(1, len(known)):
        while known[i] - known[i - 1] > 180:
            known[i] -= 360
        while known[i] - known[i - 1] < -180:
            known[i] += 360
    return known


def _bone_states(
    points: Sequence[Mapping[str, tuple[float, float, float]]],
) -> dict[str, tuple[BoneState, ...]]:
    absolute: dict[str, list[float]] = {}
    states: dict[str, tuple[BoneState, ...]] = {}
    count = len(points)
    for bone in BONES:
        parent = absolute[bone.parent] if bone.parent else [0.0] * count
        absolute[bone.name] = _fill_and_unwrap(_absolute_angles(points, bone), parent)
        lengths = [
            math.dist(frame[bone.start][:2], frame[bone.end][:2]) for frame in points
        ]
        row = []
        for i, frame in enumerate(points):
            if bone.parent is None:
                offset = (frame["pelvis"][0], frame["pelvis"][1])
            else:
                offset = (states[bone.parent][i].length, 0.0)
            row.append(
                BoneState(offset, absolute[bone.name][i] - parent[i], lengths[i])
            )
        states[bone.name] = tuple(row)
    return states


def _interpolated(
    states: Sequence[BoneState], times: Sequence[float], t: float
) -> BoneState:
    index = max(0, min(bisect.bisect_right(times, t) - 1, len(times) - 2))
    span = times[index + 1] - times[index]
    k = 0.0 if span == 0 else min(max((t - times[index]) / span, 0.0), 1.0)
    a, b = states[index], states[index + 1]
    return BoneState(
        offset=(
            a.offset[0] + (b.offset[0] - a.offset[0]) * k,
            a.offset[1] + (b.offset[1] - a.offset[1]) * k,
        ),
        angle_deg=a.angle_deg + (b.angle_deg - a.angle_deg) * k,
        length=a.length + (b.length - a.length) * k,
    )


def joint_at(motion: Motion, bone_name: str, t: float) -> tuple[float, float]:
    """Screen point of the far end of ``bone_name`` at cycle fraction ``t``, as a
    browser draws it (each transform interpolated linearly between samples)."""
    chain: list[Bone] = []
    bone: Bone | None = _BY_NAME[bone_name]
    while bone is not None:
        chain.append(bone)
        bone = _BY_NAME[bone.parent] if bone.parent else None
    x, y, angle = 0.0, 0.0, 0.0
    for link in reversed(chain):
        state = _interpolated(motion.bones[link.name], motion.times, t)
        dx, dy = state.offset
        rad = math.radians(angle)
        x += dx * math.cos(rad) - dy * math.sin(rad)
        y += dx * math.sin(rad) + dy * math.cos(rad)
        angle += state.angle_deg
    end = _interpolated(motion.bones[bone_name], motion.times, t)
    rad = math.radians(angle)
    return x + end.length * math.cos(rad), y + end.length * math.sin(rad)
