"""The one tempo parser and the one descent verdict (domain/tempo.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain.errors import InvalidInput
from pushback.domain.tempo import (
    descent_verdict,
    parse_tempo,
    set_verdict,
    too_fast_below_s,
)


def test_tempo_phases_are_seconds_and_x_is_explosive() -> None:
    tempo = parse_tempo("3-1-X-0")
    assert tempo.phases == (("down", 3.0), ("bottom", 1.0), ("up", None), ("top", 0.0))
    assert tempo.rep_s == 4.0
    assert tempo.metronome() == [
        {"name": "down", "index": 0, "seconds": 3.0},
        {"name": "bottom", "index": 1, "seconds": 1.0},
        {"name": "up", "index": 2, "seconds": 1.0},
    ]


@pytest.mark.parametrize("text", ["3-1-1", "3-1-1-0-0", "a-1-1-0", "", "9-9-0-0"])
def test_bad_tempo_names_the_field_and_what_works(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_tempo(text)
    assert caught.value.field == "tempo"
    assert "3-1-1-0" in caught.value.expected or "8 s" in caught.value.expected


@pytest.mark.parametrize(
    ("descent_s", "kind", "side"),
    [
        (3.0, "on tempo", "on"),
        (2.5, "on tempo", "on"),
        (3.5, "on tempo", "on"),
        (2.3, "close", "fast"),  # 0.2 s past the tolerance: close, not too fast
        (2.0, "close", "fast"),
        (1.9, "too fast", "fast"),
        (3.8, "close", "slow"),
        (4.2, "too slow", "slow"),
    ],
)
def test_descent_verdict_bands(descent_s: float, kind: str, side: str) -> None:
    verdict = descent_verdict(descent_s, target_s=3.0, tolerance_s=0.5, close_s=0.5)
    assert (verdict.kind, verdict.side) == (kind, side)


def test_verdict_says_how_close() -> None:
    verdict = descent_verdict(2.3, target_s=3.0)
    assert verdict.to_dict() == {
        "kind": "close",
        "side": "fast",
        "delta_s": -0.7,
        "outside_s": 0.2,
    }


def test_too_fast_edge_is_the_verdicts_edge() -> None:
    edge = too_fast_below_s(target_s=3.0)
    assert descent_verdict(edge, target_s=3.0).kind == "close"
    assert descent_verdict(edge - 0.01, target_s=3.0).kind == "too fast"


def test_set_verdict_is_the_medians() -> None:
    assert set_verdict([], target_s=3.0) is None
    found = set_verdict([1.0, 3.0, 3.1], target_s=3.0)
    assert found is not None and found.kind == "on tempo"


@given(
    st.floats(min_value=0, max_value=20),
    st.floats(min_value=0.5, max_value=10),
    st.floats(min_value=0, max_value=2),
)
def test_on_tempo_exactly_when_within_tolerance(
    descent_s: float, target_s: float, tolerance_s: float
) -> None:
    verdict = descent_verdict(descent_s, target_s=target_s, tolerance_s=tolerance_s)
    assert verdict.is_on_tempo == (abs(descent_s - target_s) <= tolerance_s)
    assert (verdict.outside_s == 0) or not verdict.is_on_tempo


def test_bad_target_is_refused() -> None:
    with pytest.raises(InvalidInput):
        descent_verdict(2.0, target_s=0)
