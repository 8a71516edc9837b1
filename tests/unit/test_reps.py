"""Rep counting and timing on synthetic sets whose truth the generator knows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pushback.analysis import (
    DEFAULT_CONFIG,
    AnalysisConfig,
    KeypointSeries,
    RepSegmenter,
    Sample,
    SetAnalyser,
    analyse_series,
)
from pushback.domain.errors import InvalidInput
from tests.unit.synthetic_pushups import RepSpec, SyntheticSet, make_set

TIMING_TOLERANCE_S = 0.15


def _complete_truth(synthetic: SyntheticSet) -> list:
    return [r for r in synthetic.truth if r.complete]


def _assert_timed(
    synthetic: SyntheticSet, tolerance_s: float = TIMING_TOLERANCE_S
) -> None:
    result = analyse_series(synthetic.series)
    assert result.rep_count == synthetic.complete_reps
    for found, true in zip(result.reps, _complete_truth(synthetic), strict=True):
        assert found.start_s == pytest.approx(true.start_s, abs=tolerance_s)
        assert found.bottom_s == pytest.approx(true.bottom_s, abs=tolerance_s)
        assert found.end_s == pytest.approx(true.end_s, abs=tolerance_s)


@pytest.mark.parametrize(
    "spec",
    [
        RepSpec(descent_s=1.0, ascent_s=1.0),
        RepSpec(
            descent_s=0.2, ascent_s=0.2, top_pause_s=0.0
        ),  # 0.4 s reps back to back
        RepSpec(descent_s=4.0, ascent_s=4.0),  # 8 s reps
        RepSpec(descent_s=3.0, bottom_pause_s=1.0, ascent_s=1.0),  # the seed's 3-1-1-0
        RepSpec(descent_s=1.0, bottom_pause_s=3.0, ascent_s=1.0, top_pause_s=3.0),
    ],
    ids=["1s-1s", "fast-0.4s", "slow-8s", "tempo-3-1-1-0", "pauses-3s"],
)
def test_every_complete_rep_is_counted_and_timed(spec: RepSpec) -> None:
    _assert_timed(make_set([spec] * 5))


def test_descent_time_of_a_3_second_lowering_is_measured() -> None:
    synthetic = make_set([RepSpec(descent_s=3.0, bottom_pause_s=1.0, ascent_s=1.0)] * 3)
    result = analyse_series(synthetic.series)
    for rep in result.reps:
        assert rep.bottom_s - rep.start_s == pytest.approx(3.5, abs=0.15)
        assert rep.descent_s == pytest.approx(3.0, abs=0.3)
        assert rep.bottom_pause_s == pytest.approx(1.0, abs=0.4)
    assert result.tempo.reps_on_target == 3
    assert result.tempo.verdict == "on target"


def test_fast_descents_are_flagged_against_the_prescription() -> None:
    result = analyse_series(make_set([RepSpec(descent_s=0.8)] * 4).series)
    assert result.tempo.reps_too_fast == 4
    assert result.tempo.verdict == "too fast"


def test_half_rep_is_reported_as_partial_and_not_counted() -> None:
    reps = [RepSpec(), RepSpec(depth=0.3), RepSpec(), RepSpec(depth=0.25), RepSpec()]
    result = analyse_series(make_set(reps).series)
    assert result.rep_count == 3
    assert result.partial_reps == 2
    assert [r.index for r in result.reps] == [1, 2, 3]


def test_set_ending_at_the_bottom_leaves_a_partial_rep() -> None:
    last = RepSpec(bottom_pause_s=1.0, ascent_s=5.0)  # cut in the middle of the pause
    synthetic = make_set([RepSpec()] * 3 + [last], tail_s=0.0)
    series = synthetic.series
    cut = int(np.searchsorted(series.t_s, synthetic.truth[-1].bottom_s))
    shortened = KeypointSeries.create(
        t_s=series.t_s[:cut],
        points=series.points[:cut],
        width_px=series.width_px,
        height_px=series.height_px,
        frame_rate_hz=series.frame_rate_hz,
    )
    result = analyse_series(shortened)
    assert result.rep_count == 3
    assert result.partial_reps == 1


def test_video_starting_mid_descent_does_not_count_that_rep() -> None:
    synthetic = make_set([RepSpec(descent_s=2.0)] * 3, lead_s=0.0)
    series = synthetic.series
    start = int(np.searchsorted(series.t_s, 1.0))  # halfway down the first rep
    clipped = KeypointSeries.create(
        t_s=series.t_s[start:],
        points=series.points[start:],
        width_px=series.width_px,
        height_px=series.height_px,
        frame_rate_hz=series.frame_rate_hz,
    )
    result = analyse_series(clipped)
    assert result.rep_count == 2
    assert result.partial_reps == 1


def test_video_cut_while_still_lowering_is_not_a_rep_at_all() -> None:
    synthetic = make_set([RepSpec()] * 2 + [RepSpec(descent_s=2.0)], tail_s=0.0)
    series = synthetic.series
    cut = int(np.searchsorted(series.t_s, synthetic.truth[-1].start_s + 1.0))
    shortened = KeypointSeries.create(
        t_s=series.t_s[:cut],
        points=series.points[:cut],
        width_px=series.width_px,
        height_px=series.height_px,
        frame_rate_hz=series.frame_rate_hz,
    )
    result = analyse_series(shortened)
    assert (result.rep_count, result.partial_reps) == (2, 0)


def test_noise_and_ten_percent_dropped_frames_do_not_change_the_count() -> None:
    synthetic = make_set(
        [RepSpec(0.6, 0.2, 0.5, 0.4)] * 8, noise_px=2.0, drop_fraction=0.1
    )
    _assert_timed(synthetic, tolerance_s=0.2)


def test_variable_frame_rate_timestamps_are_used() -> None:
    synthetic = make_set(
        [RepSpec(1.2, 0.3, 0.8)] * 4, frame_rate_hz=24.0, jitter_s=0.012
    )
    _assert_timed(synthetic)


def _with_gap(series: KeypointSeries, start_s: float, end_s: float) -> KeypointSeries:
    points = series.points.copy()
    points[(series.t_s >= start_s) & (series.t_s < end_s)] = np.nan
    return dataclasses.replace(series, points=points)


def test_title_card_without_a_person_before_the_set_is_ignored() -> None:
    synthetic = make_set([RepSpec()] * 4, lead_s=3.0)
    result = analyse_series(_with_gap(synthetic.series, 0.0, 2.0))
    assert result.rep_count == 4
    assert result.frames_without_person == 60


def test_person_leaving_mid_rep_drops_only_that_rep() -> None:
    synthetic = make_set([RepSpec(descent_s=1.0, ascent_s=1.0, top_pause_s=1.0)] * 5)
    third = synthetic.truth[2]
    result = analyse_series(
        _with_gap(synthetic.series, third.bottom_s - 0.3, third.end_s)
    )
    assert result.rep_count == 4


def test_tracked_person_jumping_to_someone_else_is_warned_about() -> None:
    synthetic = make_set([RepSpec()] * 4)
    points = synthetic.series.points.copy()
    jump = synthetic.series.t_s >= synthetic.truth[2].end_s + 0.5
    points[jump, :, 0] -= 400.0  # another person, further left, from here on
    result = analyse_series(dataclasses.replace(synthetic.series, points=points))
    assert result.rep_count == 4
    assert any("jumped" in w for w in result.warnings)


def test_one_frame_tracking_glitch_is_not_a_jump() -> None:
    synthetic = make_set([RepSpec()] * 3)
    points = synthetic.series.points.copy()
    points[40, :, :2] += 300.0
    result = analyse_series(dataclasses.replace(synthetic.series, points=points))
    assert result.rep_count == 3
    assert not any("jumped" in w for w in result.warnings)


def test_lying_down_for_good_is_not_a_rep() -> None:
    synthetic = make_set([RepSpec(), RepSpec(bottom_pause_s=30.0, ascent_s=1.0)])
    result = analyse_series(synthetic.series)
    assert (result.rep_count, result.partial_reps) == (1, 0)
    assert any("not back up within 20 s" in w for w in result.warnings)


def test_side_view_is_recognised() -> None:
    assert analyse_series(make_set([RepSpec()] * 2).series).view == "side"


def test_no_reps_gives_zero_and_a_warning() -> None:
    result = analyse_series(make_set([], lead_s=3.0).series)
    assert result.rep_count == 0
    assert result.reps == ()
    assert "no complete push-up was found" in result.warnings


def test_rep_events_arrive_while_the_video_plays() -> None:
    synthetic = make_set([RepSpec()] * 3, tail_s=2.0)
    analyser = SetAnalyser()
    seen = []
    for t_s, points in synthetic.series.frames():
        seen += [(t_s, e) for e in analyser.push(t_s, points) if e.kind == "rep"]
    assert len(seen) == 3
    for (pushed_at, event), true in zip(seen, synthetic.truth, strict=True):
        assert event.rep is not None
        assert pushed_at - true.end_s < 0.8  # reported within 0.8 s of the rep's end


def test_json_contract_has_exactly_the_documented_keys() -> None:
    result = analyse_series(make_set([RepSpec()] * 2).series).to_dict()
    assert set(result) == {
        "rep_count",
        "partial_reps",
        "view",
        "warnings",
        "reps",
        "tempo",
    }
    assert set(result["reps"][0]) == {
        "index",
        "start_s",
        "bottom_s",
        "end_s",
        "descent_s",
        "bottom_pause_s",
        "ascent_s",
        "min_elbow_deg",
        "faults",
        "descent_verdict",
    }
    assert set(result["reps"][0]["descent_verdict"]) == {
        "kind",
        "side",
        "delta_s",
        "outside_s",
    }
    assert result["reps"][0]["faults"] == []
    assert result["tempo"]["prescribed_descent_s"] == 3.0


def test_reps_know_their_source_frames_for_the_form_analysis() -> None:
    synthetic = make_set([RepSpec()] * 2)
    result = analyse_series(synthetic.series)
    for rep in result.reps:
        assert rep.start_frame is not None and rep.end_frame is not None
        assert rep.start_frame < rep.bottom_frame < rep.end_frame  # type: ignore[operator]
        assert synthetic.series.t_s[rep.bottom_frame] == pytest.approx(
            rep.bottom_s, abs=0.05
        )
    assert result.signal is not None
    assert result.signal.height.shape == result.signal.t_s.shape


def test_segmenter_counts_the_cycles_of_a_plain_signal() -> None:
    segmenter = RepSegmenter()
    t = np.arange(0, 12, 1 / 30)
    height = 0.6 + 0.35 * np.cos(2 * np.pi * t / 2.0)  # 6 cycles from the top
    events = [
        e for v, s in zip(height, t, strict=True) for e in segmenter.push(Sample(s, v))
    ]
    events += segmenter.end_segment()
    assert [e.kind for e in events].count("rep") == 6


def test_config_rejects_bad_values_and_unknown_settings() -> None:
    with pytest.raises(InvalidInput, match="rep_swing"):
        DEFAULT_CONFIG.with_overrides(rep_swing=-1.0)
    with pytest.raises(InvalidInput, match="setting"):
        DEFAULT_CONFIG.with_overrides(rep_depth=0.2)
    assert DEFAULT_CONFIG.with_overrides(max_gap_s=1.0).max_gap_s == 1.0
    assert AnalysisConfig().max_gap_s == 0.5  # the shipped default is untouched


rep_specs = st.builds(
    RepSpec,
    descent_s=st.floats(min_value=0.2, max_value=4.0),
    bottom_pause_s=st.sampled_from([0.0, 0.0, 0.3, 1.0, 3.0]),
    ascent_s=st.floats(min_value=0.2, max_value=4.0),
    top_pause_s=st.sampled_from([0.0, 0.2, 1.0, 3.0]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reps=st.lists(rep_specs, min_size=1, max_size=5),
    noise_px=st.floats(min_value=0.0, max_value=2.0),
    drop_fraction=st.sampled_from([0.0, 0.05, 0.1]),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_n_generated_complete_reps_give_n(
    reps: list[RepSpec], noise_px: float, drop_fraction: float, seed: int
) -> None:
    synthetic = make_set(
        reps, noise_px=noise_px, drop_fraction=drop_fraction, seed=seed
    )
    assert analyse_series(synthetic.series).rep_count == len(reps)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reps=st.lists(rep_specs, min_size=1, max_size=3),
    scale=st.floats(min_value=0.3, max_value=3.0),
    dx=st.floats(min_value=-300, max_value=300),
    dy=st.floats(min_value=-200, max_value=200),
    mirror=st.booleans(),
)
def test_results_do_not_change_under_translation_scale_or_mirroring(
    reps: list[RepSpec], scale: float, dx: float, dy: float, mirror: bool
) -> None:
    plain = analyse_series(make_set(reps, noise_px=1.0, seed=7).series)
    moved = analyse_series(
        make_set(
            reps, noise_px=1.0, seed=7, scale=scale, offset_px=(dx, dy), mirror=mirror
        ).series
    )
    assert moved.rep_count == plain.rep_count
    for a, b in zip(moved.reps, plain.reps, strict=True):
        assert a.start_s == pytest.approx(b.start_s, abs=0.05)
        assert a.bottom_s == pytest.approx(b.bottom_s, abs=0.05)
        assert a.end_s == pytest.approx(b.end_s, abs=0.05)
        assert a.min_elbow_deg == pytest.approx(b.min_elbow_deg, abs=1.0)
