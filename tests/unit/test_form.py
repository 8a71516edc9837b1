"""Form metrics on synthetic keypoints: each metric measures what it claims, in the
views that can judge it, and is null with a reason elsewhere."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushback.analysis.form import (
    METRIC_UNITS,
    METRIC_VIEWS,
    frame_signals,
    measure_reps,
    signed_line_offset,
)
from pushback.analysis.keypoints import KeypointSeries
from tests.unit._synthetic_form import FormRep, make_form_set


def _forms(reps: list[FormRep], view: str = "side", knee: bool = False):  # type: ignore[no-untyped-def]
    series, result = make_form_set(reps, view=view)
    signals = frame_signals(series.points, series.t_s, 0.5)
    return measure_reps(signals, result.reps, result.view, knee_variant=knee)


def test_every_metric_declares_views_and_a_unit() -> None:
    assert set(METRIC_VIEWS) == set(METRIC_UNITS)
    for views in METRIC_VIEWS.values():
        assert views and set(views) <= {"side", "front", "oblique", "overhead"}


@pytest.mark.parametrize("sag", [-0.15, -0.06, 0.0, 0.06, 0.15])
def test_body_line_reads_the_scripted_hip_offset_with_sag_negative(sag: float) -> None:
    (form,) = _forms([FormRep(sag=sag)])
    value = form.value("body_line")
    assert value == pytest.approx(sag, abs=0.01)
    assert form.metrics["body_line"].basis == "hip offset from the shoulder-ankle line"


def test_knee_push_ups_measure_the_shoulder_hip_knee_line() -> None:
    (form,) = _forms([FormRep(sag=-0.1)], knee=True)
    assert form.metrics["body_line"].basis == "hip offset from the shoulder-knee line"
    assert form.value("body_line") is not None
    assert form.value("body_line") < -0.05  # type: ignore[operator]


@pytest.mark.parametrize("head_deg", [-40.0, -10.0, 0.0, 20.0])
def test_side_view_head_angle_is_negative_when_the_head_drops(head_deg: float) -> None:
    (form,) = _forms([FormRep(head_deg=head_deg)])
    assert form.value("head_deg") == pytest.approx(head_deg, abs=1.0)


def test_a_shallower_rep_has_a_larger_min_elbow_and_a_smaller_shoulder_drop() -> None:
    full, shallow = _forms([FormRep(depth=1.0), FormRep(depth=0.3)])
    assert shallow.value("min_elbow_deg") > full.value("min_elbow_deg") + 40  # type: ignore[operator]
    assert shallow.value("shoulder_drop") < full.value("shoulder_drop") / 2  # type: ignore[operator]


def test_lockout_reads_the_elbow_angle_at_the_top() -> None:
    straight, bent = _forms([FormRep(lockout=1.0), FormRep(lockout=0.0)])
    assert straight.value("lockout_elbow_deg") > 165  # type: ignore[operator]
    assert bent.value("lockout_elbow_deg") < 120  # type: ignore[operator]


def test_shrug_ratio_compares_with_the_first_reps() -> None:
    forms = _forms([FormRep(), FormRep(), FormRep(), FormRep(neck=0.7)])
    assert [f.value("neck_ratio") for f in forms[:3]] == pytest.approx(
        [1, 1, 1], abs=0.03
    )
    assert forms[3].value("neck_ratio") == pytest.approx(0.7, abs=0.03)


def test_front_view_flare_estimate_grows_with_the_elbow_angle() -> None:
    # the synthetic elbow lengthens the visible upper arm, so only order and range
    # are checked here; the labelled clips check the calibration
    forms = _forms([FormRep(flare_deg=d) for d in (15.0, 45.0, 80.0)], view="front")
    values = [f.value("elbow_flare_deg") for f in forms]
    assert values == sorted(values)  # type: ignore[type-var]
    assert values[0] < 20 and values[2] > 50  # type: ignore[operator]


@pytest.mark.parametrize("width", [0.9, 1.5, 2.0])
def test_front_view_hand_width_is_in_shoulder_widths(width: float) -> None:
    (form,) = _forms([FormRep(hand_width=width)], view="front")
    assert form.value("hand_width") == pytest.approx(width, abs=0.05)


def test_front_view_asymmetry_and_head_hang() -> None:
    level, tilted, hanging = _forms(
        [FormRep(), FormRep(roll=0.4), FormRep(hang=0.8)], view="front"
    )
    assert level.value("asymmetry_deg") == pytest.approx(0.0, abs=1.0)
    assert tilted.value("asymmetry_deg") > 15  # type: ignore[operator]
    assert level.value("head_drop") == pytest.approx(-0.1 - 0.35, abs=0.05)
    assert hanging.value("head_drop") == pytest.approx(0.8 - 0.35, abs=0.05)


@pytest.mark.parametrize(
    ("view", "judged", "null"),
    [
        ("side", "body_line", "elbow_flare_deg"),
        ("side", "head_deg", "hand_width"),
        ("front", "elbow_flare_deg", "body_line"),
        ("front", "hand_width", "min_elbow_deg"),
        ("overhead", "hand_width", "head_deg"),
    ],
)
def test_a_metric_the_view_cannot_judge_is_null_with_the_reason(
    view: str, judged: str, null: str
) -> None:
    (form,) = _forms([FormRep()], view="side" if view == "side" else "front")
    if view == "overhead":
        series, result = make_form_set([FormRep()], view="front")
        signals = frame_signals(series.points, series.t_s, 0.5)
        (form,) = measure_reps(signals, result.reps, "overhead")
    assert form.metrics[judged].value is not None
    metric = form.metrics[null]
    assert metric.value is None
    assert metric.reason is not None and view in metric.reason
    assert "value" in metric.to_dict() and metric.to_dict()["value"] is None


def test_unseen_landmarks_give_null_not_a_guess() -> None:
    series, result = make_form_set([FormRep()])
    points = np.array(series.points)
    points[:, 23:29, 3] = 0.1  # hips, knees and ankles not seen
    blind = KeypointSeries.create(
        t_s=series.t_s, points=points, width_px=1280, height_px=720, frame_rate_hz=30.0
    )
    (form,) = measure_reps(
        frame_signals(blind.points, blind.t_s, 0.5), result.reps, "side"
    )
    assert form.value("body_line") is None
    assert "not seen" in (form.metrics["body_line"].reason or "")


@settings(max_examples=25, deadline=None)
@given(
    dx=st.floats(-300, 300),
    dy=st.floats(-200, 200),
    scale=st.floats(0.4, 3.0),
    mirror=st.booleans(),
)
def test_metrics_do_not_change_under_translation_scale_or_mirroring(
    dx: float, dy: float, scale: float, mirror: bool
) -> None:
    series, result = make_form_set([FormRep(sag=-0.1, head_deg=-30)])
    base = measure_reps(
        frame_signals(series.points, series.t_s, 0.5), result.reps, "side"
    )
    pts = np.array(series.points)
    if mirror:
        pts[:, :, 0] = 1280 - pts[:, :, 0]
    pts[:, :, :2] = pts[:, :, :2] * scale + [dx, dy]
    moved = measure_reps(frame_signals(pts, series.t_s, 0.5), result.reps, "side")
    for name in ("body_line", "head_deg", "shoulder_drop", "lockout_elbow_deg"):
        assert moved[0].value(name) == pytest.approx(base[0].value(name), abs=1e-6)


def test_signed_line_offset_is_positive_above_the_line_whatever_its_direction() -> None:
    a, b = np.array([0.0, 100.0]), np.array([200.0, 100.0])
    above, below = np.array([100.0, 90.0]), np.array([100.0, 110.0])
    assert signed_line_offset(a, b, above) == pytest.approx(10.0)
    assert signed_line_offset(b, a, above) == pytest.approx(10.0)
    assert signed_line_offset(a, b, below) == pytest.approx(-10.0)
