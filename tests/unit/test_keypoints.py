"""KeypointSeries: checked shapes, explicit missing frames, a JSON round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pushback.analysis.keypoints import LANDMARKS, KeypointSeries, landmark_index
from pushback.domain.errors import InvalidInput
from tests.unit.synthetic_pushups import RepSpec, make_set


def test_blazepose_table_has_33_landmarks_with_the_documented_indices() -> None:
    assert len(LANDMARKS) == 33
    assert landmark_index("left_shoulder") == 11
    assert landmark_index("right_wrist") == 16
    assert landmark_index("left_ankle") == 27


def test_unknown_landmark_name_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="landmark"):
        landmark_index("left_wing")


def test_saved_series_loads_back_unchanged_with_missing_frames_explicit(
    tmp_path: Path,
) -> None:
    series = make_set([RepSpec()], drop_fraction=0.2, seed=1).series
    path = tmp_path / "kp.json"
    series.save(path)
    loaded = KeypointSeries.load(path)
    assert loaded.frames_without_person == series.frames_without_person > 0
    assert np.allclose(loaded.t_s, series.t_s)
    assert np.allclose(loaded.points, series.points, atol=1e-3, equal_nan=True)
    assert (
        json.loads(path.read_text())["points"].count(None)
        == series.frames_without_person
    )


def test_frames_are_fed_as_none_when_nobody_is_seen() -> None:
    series = make_set([RepSpec()], drop_fraction=0.3, seed=2).series
    frames = list(series.frames())
    assert len(frames) == len(series)
    assert sum(points is None for _, points in frames) == series.frames_without_person


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"points": np.zeros((3, 17, 4))}, "points"),
        ({"t_s": [0.0, 0.1]}, "t_s"),
        ({"t_s": [0.0, 0.2, 0.1]}, "t_s"),
        ({"width_px": 0}, "size"),
        ({"frame_rate_hz": 0.0}, "frame_rate_hz"),
    ],
)
def test_inconsistent_series_are_rejected(kwargs: dict, field: str) -> None:
    args = {
        "t_s": [0.0, 0.1, 0.2],
        "points": np.zeros((3, 33, 4)),
        "width_px": 640,
        "height_px": 480,
        "frame_rate_hz": 10.0,
    } | kwargs
    with pytest.raises(InvalidInput) as error:
        KeypointSeries.create(**args)
    assert error.value.field == field


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format": "other"}',
        '{"format": "pushback-keypoints", "version": 1}',
    ],
)
def test_files_that_are_not_keypoints_are_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kp.json"
    path.write_text(text)
    with pytest.raises(InvalidInput):
        KeypointSeries.load(path)
