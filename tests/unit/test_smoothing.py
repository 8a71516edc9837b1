"""Filters by name: zero-phase batch forms and identical incremental forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushback.analysis.smoothing import (
    CentredFilter,
    OneEuroFilter,
    apply_filter,
    median_filter,
    savgol_filter,
    window_samples,
)
from pushback.domain.errors import InvalidInput


def test_median_removes_a_one_frame_spike() -> None:
    values = np.ones(11)
    values[5] = 9.0
    assert median_filter(values, 3) == pytest.approx(np.ones(11))


def test_savgol_keeps_a_straight_line_exactly_away_from_the_edges() -> None:
    line = np.linspace(0, 1, 20)
    assert savgol_filter(line, 7, 2)[3:-3] == pytest.approx(line[3:-3])


def test_window_in_seconds_becomes_an_odd_sample_count() -> None:
    assert window_samples(0.17, 30.0) == 5
    assert window_samples(0.2, 30.0) == 7
    assert window_samples(0.0, 30.0) == 1


def test_unknown_filter_and_even_window_are_rejected() -> None:
    with pytest.raises(InvalidInput, match="filter"):
        apply_filter("kalman", np.ones(5), 3)
    with pytest.raises(InvalidInput, match="window"):
        CentredFilter("median", 4)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-100, 100), min_size=1, max_size=40),
    name=st.sampled_from(["median", "mean", "savgol"]),
    window=st.sampled_from([1, 3, 5, 7, 9]),
)
def test_incremental_filter_gives_exactly_the_batch_result(
    values: list[float], name: str, window: int
) -> None:
    live = CentredFilter(name, window)
    out = [v for v in (live.push(x) for x in values) if v is not None] + live.flush()
    assert out == pytest.approx(apply_filter(name, np.array(values), window), abs=1e-9)


def test_one_euro_filter_smooths_jitter_but_follows_a_step() -> None:
    rng = np.random.default_rng(0)
    filt = OneEuroFilter(min_cutoff_hz=1.0, beta=0.5)
    t = np.arange(0, 2, 1 / 30)
    signal = np.where(t < 1, 0.0, 1.0) + rng.normal(0, 0.05, t.size)
    out = np.array([filt.push(ti, xi) for ti, xi in zip(t, signal, strict=True)])
    assert np.std(out[10:28]) < np.std(signal[10:28])
    assert out[-1] == pytest.approx(1.0, abs=0.1)
