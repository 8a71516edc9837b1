"""Fast, fatigued max-test reps (issue 16 item 1), on generated sets whose truth
comes from their script alone (tests/unit/_max_test.py), never from the counter."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pushback.analysis import AnalysisResult, analyse_series
from pushback.analysis.evaluation import match_by_bottom
from pushback.analysis.reps import RepSegmenter, Sample
from tests.unit._max_test import MaxTest, make_max_test
from tests.unit.synthetic_pushups import ARM_PX, RepSpec, make_set


def _check_reps(result: AnalysisResult, test: MaxTest) -> None:
    """Every scripted rep found once, at its bottom, with its descent time."""
    truth = test.reps
    assert result.rep_count == len(truth)
    pairs = match_by_bottom(
        [r.bottom_s for r in result.reps],
        [m.bottom_s for m in truth],
        max_distance_s=0.2,
    )
    assert len(pairs) == len(truth)
    errors = [
        (result.reps[i].bottom_s - result.reps[i].start_s)
        - (truth[j].bottom_s - truth[j].start_s)
        for i, j in pairs
    ]
    assert float(np.median(np.abs(errors))) <= 0.05


@pytest.mark.parametrize(
    ("reps", "rep_s", "seed"),
    [(60, (0.7, 0.9), 1), (76, (0.5, 0.9), 2), (90, (0.5, 0.6), 3)],
)
def test_fast_reps_getting_shallower_are_all_counted(
    reps: int, rep_s: tuple[float, float], seed: int
) -> None:
    test = make_max_test(reps=reps, rep_s=rep_s, final_depth=0.6, seed=seed)
    _check_reps(analyse_series(test.series), test)


def test_hands_under_a_burned_in_timer_do_not_lose_reps() -> None:
    test = make_max_test(hands_hidden=(0.25, 1.0), drop_fraction=0.1, seed=4)
    result = analyse_series(test.series)
    _check_reps(result, test)
    assert result.partial_reps == 0


def test_a_smaller_range_still_counts_as_it_shrinks_with_fatigue() -> None:
    test = make_max_test(range_scale=0.6, final_depth=0.6, seed=5, noise_px=1.5)
    _check_reps(analyse_series(test.series), test)


def test_half_reps_are_partial_with_a_reason_and_fidgets_are_ignored() -> None:
    test = make_max_test(
        reps=70, partial_every=9, fidget_every=7, hands_hidden=(0.5, 0.8), seed=6
    )
    result = analyse_series(test.series)
    _check_reps(result, test)
    assert result.partial_reps == len(test.partials) > 0
    assert all(p.reason == "shallow" for p in result.partials)
    found = sorted(p.bottom_s for p in result.partials)
    scripted = [m.bottom_s for m in test.partials]
    assert len(match_by_bottom(found, scripted, max_distance_s=0.3)) == len(scripted)


def _feed(segmenter: RepSegmenter, depths: list[float]) -> None:
    t = 0.0
    for depth in depths:
        for h in np.concatenate(
            [np.full(10, 1.0), 1.0 - depth * np.sin(np.linspace(0, np.pi, 24))]
        ):
            segmenter.push(Sample(t, float(h)))
            t += 1 / 30
    segmenter.end_segment()


def test_the_stated_depth_follows_the_persons_recent_range() -> None:
    segmenter = RepSegmenter()
    assert segmenter.required_drop() == segmenter.config.rep_swing
    _feed(segmenter, [0.7, 0.7, 0.7, 0.7, 0.7])
    assert segmenter.required_drop() == pytest.approx(0.35, abs=0.02)
    _feed(segmenter, [0.45] * 5)
    assert segmenter.rep_count == 10
    assert segmenter.required_drop() == pytest.approx(0.225, abs=0.02)
    _feed(segmenter, [0.15])  # a dip under the floor: not a rep at all
    assert segmenter.rep_count == 10


def test_a_top_higher_than_the_reps_while_settling_in_does_not_hide_them() -> None:
    synthetic = make_set([RepSpec(descent_s=0.4, ascent_s=0.4, top_pause_s=0.3)] * 6)
    points = synthetic.series.points.copy()
    t = synthetic.series.t_s
    settling = (t > 0.1) & (t < 0.9)
    lift = 0.35 * ARM_PX * np.sin(np.pi * (t[settling] - 0.1) / 0.8)
    body = [i for i in range(33) if i not in (15, 16, 17, 18, 19, 20, 21, 22)]
    for i in body:  # the shoulders rise higher than any top of the set, briefly
        points[settling, i, 1] -= lift
    result = analyse_series(dataclasses.replace(synthetic.series, points=points))
    assert result.rep_count == 6


def test_a_few_misplaced_wrist_frames_are_not_the_hands_moving() -> None:
    synthetic = make_set([RepSpec(descent_s=0.5, ascent_s=0.5, top_pause_s=0.3)] * 5)
    points = synthetic.series.points.copy()
    for k in range(5):
        i = int((synthetic.truth[k].bottom_s + 0.1) * 30)
        points[i : i + 2, 15:23:2, 1] -= 0.8 * ARM_PX
    result = analyse_series(dataclasses.replace(synthetic.series, points=points))
    assert result.rep_count == 5
    assert not result.warnings
