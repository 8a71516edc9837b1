"""AnalysisConfig: frozen, validated, every threshold in docs/analysis.md."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pushback.analysis.config import DEFAULT_CONFIG, AnalysisConfig

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(AnalysisConfig)])
def test_every_threshold_is_documented(field: str) -> None:
    assert f"`{field}`" in DOC.read_text(encoding="utf-8")


def test_defaults_cannot_be_mutated() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_CONFIG.rep_swing = 0.1  # type: ignore[misc]


def test_filter_name_is_checked() -> None:
    with pytest.raises(ValueError, match="smoothing_filter"):
        AnalysisConfig(smoothing_filter="kalman")
