"""Exercise drawings: every catalog entry has one, the figure moves like a person
doing the exercise (the claims each drawing makes in drawings.toml), and the SVG is
accessible and holds still for people who ask for reduced motion."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.catalog import load_catalog
from pushback.domain.errors import CatalogError, NotFound
from pushback.web.drawings import (
    CHECKS,
    Motion,
    drawing_motion,
    drawing_svg,
    joint_at,
    load_drawings,
)
from pushback.web.drawings._body import (
    ARM_LOWER_CM,
    ARM_UPPER_CM,
    ArmSpec,
    LegSpec,
    Pose,
    build_skeleton,
)
from pushback.web.drawings._data import parse_drawings
from pushback.web.drawings._motion import BONES

SVG = "{http://www.w3.org/2000/svg}"
SLUGS = sorted(load_drawings())
#: Joints a drawing plants, and how far (cm) a browser may let them slide.
PLANTED_SLIDE_CM = 2.0
_WIDTHS = {"neck": 11.5, "hand": 5.5, "toe": 3.75}  # radius of what ends a chain


def _claimed(check: str) -> list[str]:
    return [slug for slug in SLUGS if check in load_drawings()[slug].checks]


def _angle_deg(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.hypot(*a) * math.hypot(*b)
    return math.degrees(math.acos(max(-1.0, min(1.0, dot / norms))))


def _vector(motion: Motion, i: int, start: str, end: str) -> tuple[float, ...]:
    joints = motion.skeletons[i].joints
    return tuple(e - s for s, e in zip(joints[start], joints[end], strict=True))


def test_every_catalog_exercise_has_a_drawing_and_nothing_else_does():
    assert set(load_drawings()) == set(load_catalog().exercises)


def test_an_exercise_without_a_drawing_is_not_found():
    with pytest.raises(NotFound, match="no-such-exercise"):
        drawing_svg("no-such-exercise", title="x")


@pytest.mark.parametrize("slug", SLUGS)
def test_drawing_is_an_image_named_after_the_exercise(slug: str):
    name = load_catalog().get(slug).name
    root = ET.fromstring(drawing_svg(slug, title=name))
    title = root.find(f"{SVG}title")
    assert root.get("role") == "img"
    assert title is not None and title.text == name
    assert root.get("aria-labelledby") == title.get("id")


def test_a_title_is_escaped():
    root = ET.fromstring(drawing_svg("push-up", title="Push-up <& friends>"))
    assert root.find(f"{SVG}title").text == "Push-up <& friends>"  # type: ignore[union-attr]


@pytest.mark.parametrize("slug", SLUGS)
def test_animated_drawing_moves_and_holds_still_under_reduced_motion(slug: str):
    svg = drawing_svg(slug, title="x")
    style = re.search(r"<style>(.*)</style>", svg)
    assert style is not None
    animated = set(re.findall(r'class="(dr-[^"]+)"', svg)) - {
        f"drawing dr-{slug}-animated"
    }
    assert animated, "nothing moves"
    for name in animated:
        assert f"@keyframes {name}{{" in style.group(1)
        assert f".{name}{{animation:{name} " in style.group(1)
    reduce = re.search(r"@media \(prefers-reduced-motion:reduce\)\{(.*)\}$", style[1])
    assert reduce and "animation:none" in reduce.group(1)


@pytest.mark.parametrize("slug", ["push-up", "prone-ytw", "towel-row"])
def test_start_and_end_drawings_are_still_and_differ(slug: str):
    start = drawing_svg(slug, title="x", variant="start")
    end = drawing_svg(slug, title="x", variant="end")
    for svg in (start, end):
        assert "<style>" not in svg and "@keyframes" not in svg
    transforms = re.compile(r'transform="([^"]+)"')
    assert transforms.findall(start) != transforms.findall(end)


@pytest.mark.parametrize("slug", SLUGS)
def test_joints_stay_joined_wherever_the_browser_is(slug: str):
    # At each sample the nested transforms put every bone's end on its joint.
    motion = drawing_motion(slug)
    for i, t in enumerate(motion.times):
        for bone in BONES:
            x, y = joint_at(motion, bone.name, t)
            ex, ey, _ = motion.points[i][bone.end]
            assert math.hypot(x - ex, y - ey) < 1e-6, (bone.name, t)


@pytest.mark.parametrize("slug", SLUGS)
def test_hands_reach_what_they_hold(slug: str):
    spec = load_drawings()[slug]
    for pose, skeleton in zip(spec.poses, _keyframe_skeletons(slug), strict=True):
        for arm, miss in zip(pose.arms, skeleton.hand_miss_cm, strict=True):
            if arm.mode == "hand":
                assert miss < 0.6, f"a hand misses its hold by {miss:.1f} cm"


def _keyframe_skeletons(slug: str) -> list:  # type: ignore[type-arg]
    return [build_skeleton(pose) for pose in load_drawings()[slug].poses]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_body_part_sinks_into_the_floor(slug: str):
    for skeleton in drawing_motion(slug).skeletons:
        for name, (_, height, _) in skeleton.joints.items():
            radius = next((r for k, r in _WIDTHS.items() if name.startswith(k)), 0)
            if name == "head":
                radius = _WIDTHS["neck"]
            assert height - radius > -1.0, f"{name} is {height - radius:.1f} cm deep"


@pytest.mark.parametrize("slug", SLUGS)
def test_knees_never_bend_backwards(slug: str):
    for pose in load_drawings()[slug].poses:
        for leg in pose.legs:
            bend = (leg.thigh_deg - leg.shin_deg + 180) % 360 - 180
            assert -3 <= bend <= 170, f"knee bent {bend:.0f} deg the wrong way"


@pytest.mark.parametrize("slug", _claimed("straight-body"))
def test_body_is_one_straight_line_from_ankles_to_shoulders(slug: str):
    motion = drawing_motion(slug)
    kneeling = load_drawings()[slug].poses[0].root == "knee"  # the line starts there
    for i in range(len(motion.times)):
        chain = [
            _vector(motion, i, "ankle_r", "knee_r")[:2],
            _vector(motion, i, "knee_r", "hip_r")[:2],
            _vector(motion, i, "pelvis", "mid")[:2],
            _vector(motion, i, "mid", "neck")[:2],
        ][1 if kneeling else 0 :]
        for a, b in zip(chain, chain[1:], strict=False):
            assert _angle_deg(a, b) < 3, "the body line breaks (sagging or piking)"


def _slide_cm(motion: Motion, bone: str) -> float:
    points = [joint_at(motion, bone, i / 200) for i in range(201)]
    return max(math.dist(points[0], p) for p in points)


@pytest.mark.parametrize("slug", _claimed("planted-hands"))
def test_planted_hands_stay_put_through_the_whole_movement(slug: str):
    motion = drawing_motion(slug)
    for bone in ("forearm_l", "forearm_r"):
        assert _slide_cm(motion, bone) < PLANTED_SLIDE_CM


@pytest.mark.parametrize("slug", _claimed("planted-feet"))
def test_planted_feet_stay_put_through_the_whole_movement(slug: str):
    motion = drawing_motion(slug)
    for bone in ("foot_l", "foot_r"):
        assert _slide_cm(motion, bone) < PLANTED_SLIDE_CM


@pytest.mark.parametrize("slug", _claimed("chest-to-floor"))
def test_chest_comes_down_to_the_floor(slug: str):
    joints = drawing_motion(slug).skeletons[drawing_motion(slug).end_sample].joints
    chest_surface_cm = min(joints["mid"][1], joints["neck"][1]) - 11.0  # half chest
    assert 0 <= chest_surface_cm <= 6


@pytest.mark.parametrize("slug", _claimed("elbows-45"))
def test_elbows_point_about_45_degrees_from_the_body_at_the_bottom(slug: str):
    motion = drawing_motion(slug)
    joints = motion.skeletons[motion.end_sample].joints
    back = _vector(motion, motion.end_sample, "neck", "mid")
    for side, sign in (("l", -1), ("r", 1)):
        upper = _vector(motion, motion.end_sample, f"shoulder_{side}", f"elbow_{side}")
        across = _vector(motion, motion.end_sample, "shoulder_l", "shoulder_r")
        along = sum(u * b for u, b in zip(upper, back, strict=True)) / math.hypot(*back)
        out = sign * sum(u * a for u, a in zip(upper, across, strict=True))
        flare = math.degrees(math.atan2(out / math.hypot(*across), along))
        assert 30 <= flare <= 65, f"elbows flare {flare:.0f} deg ({joints['neck']})"


def test_every_claim_of_the_data_file_is_tested():
    tested = {"straight-body", "planted-hands", "planted-feet"}
    tested |= {"chest-to-floor", "elbows-45"}
    assert tested == set(CHECKS)


_REACH = ARM_UPPER_CM + ARM_LOWER_CM


@given(
    x=st.floats(-60, 60),
    y=st.floats(-60, 60),
    out=st.floats(-30, 60),
    flare=st.floats(0, 90),
)
def test_an_arm_keeps_its_length_and_reaches_any_point_within_reach(
    x: float, y: float, out: float, flare: float
):
    leg = LegSpec(foot_deg=-15, shin_deg=90, thigh_deg=90)
    arm = ArmSpec(mode="reach", x_cm=x, y_cm=y, out_cm=out, flare_deg=flare)
    skeleton = build_skeleton(
        Pose(root="pelvis", at=(0, 95), legs=(leg, leg), arms=(arm, arm), torso_deg=90)
    )
    joints = skeleton.joints
    shoulder, elbow, hand = joints["shoulder_r"], joints["elbow_r"], joints["hand_r"]
    assert math.dist(shoulder, elbow) == pytest.approx(ARM_UPPER_CM)
    assert math.dist(elbow, hand) == pytest.approx(ARM_LOWER_CM)
    distance = math.hypot(x, y, out)
    if abs(ARM_LOWER_CM - ARM_UPPER_CM) + 0.1 < distance < _REACH - 0.1:
        assert skeleton.hand_miss_cm[1] < 1e-6


_VALID = {
    "root": "toe",
    "at": [0, 3.75],
    "legs": {"foot": -75, "shin": 19, "thigh": 19},
    "torso": 19,
    "arms": {"hand": [124, 5.5]},
}


def _entry(**changes: object) -> dict[str, object]:
    return {"push-up": {"start": {**_VALID, **changes}}}


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        (_entry(root="hip"), "push-up.start.root", "toe, ankle, knee, pelvis"),
        (_entry(torso="flat"), "push-up.start.torso.angle", "must be a number"),
        (_entry(at=[1]), "push-up.start.at", "[x, y]"),
        (_entry(arms={}), "push-up.start.arm_l", "hand = [x, y]"),
        (_entry(legs={"foot": 1}), "push-up.start.leg_l.shin", "must be a number"),
        (
            {"push-up": {"start": _VALID, "props": [{"kind": "piano"}]}},
            "push-up.props[0]",
            "kind must be one of wall",
        ),
        (
            {"push-up": {"start": _VALID, "props": [{"kind": "box", "h": 30}]}},
            "push-up.props[0]",
            "box needs x",
        ),
        (
            {"push-up": {"start": _VALID, "checks": ["pretty"]}},
            "push-up.checks",
            "unknown check 'pretty'",
        ),
        ({"a": {"like": "b"}, "b": {"like": "a"}}, "b.like", "no drawing 'a'"),
    ],
)
def test_a_broken_drawing_names_the_file_and_the_key(
    raw: dict[str, object], key: str, words: str
):
    with pytest.raises(CatalogError) as caught:
        parse_drawings(raw)
    assert caught.value.key == key
    assert caught.value.file == "drawings.toml"
    assert words in str(caught.value)


def test_a_drawing_can_start_from_another_and_change_one_thing():
    raw = {
        "base": {"start": _VALID, "end": {"torso": 0, "legs": {"shin": 0, "thigh": 0}}},
        "narrow": {"like": "base", "start": {"arms": {"out": 5}}},
    }
    specs = parse_drawings(raw)
    narrow: Callable[[int], Pose] = lambda i: specs["narrow"].poses[i]  # noqa: E731
    assert narrow(0).arms[0].out_cm == 5 and narrow(1).arms[0].out_cm == 5
    assert narrow(1).torso_deg == 0 and narrow(1).legs[0].foot_deg == -75
