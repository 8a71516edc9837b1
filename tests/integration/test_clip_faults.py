"""Form faults on the labelled real clips: the faults the labels state plainly are
found on those reps, and not on the clean reps of the same clip or of clean clips.

Clips are read in place (``clips_dir``); keypoints come from the evaluation cache
outside the repository (``PUSHBACK_EVAL_CACHE``, as in ``test_clips.py``), so only
the first run pays for the pose model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from platformdirs import user_cache_dir

from pushback.analysis.evaluation import match_by_bottom
from pushback.analysis.faults import DEFAULT_FORM_CONFIG
from pushback.analysis.form import frame_signals
from pushback.services.filming.analysis import VideoAnalysis, analyse_video
from pushback.services.filming.filmed_set import log_filmed_set
from pushback.services.training.journal import history, open_journal
from pushback.settings import Settings
from tests._units import call
from tests.integration._fault_labels import (
    BODY_LINE_CLEAN,
    BODY_LINE_CODES,
    CLEAN_CLIPS,
    LABELLED,
    OVERHEAD_FLARE,
    SCORED_CODES,
)

pytest.importorskip("cv2")
pytest.importorskip("mediapipe")

pytestmark = [pytest.mark.clips, pytest.mark.vision]
CLIPS = sorted({f.clip for f in LABELLED} | set(CLEAN_CLIPS) | {"P18"})


@pytest.fixture(scope="module")
def analysed(clips_dir: Path, clip_labels: dict[str, Any]) -> dict[str, VideoAnalysis]:
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    settings = Settings(data_dir=Path(folder), database_url=None)
    return {
        clip: analyse_video(clips_dir / clip_labels[clip]["file"], settings=settings)
        for clip in CLIPS
    }


def faults_by_label_rep(
    done: VideoAnalysis, label: dict[str, Any]
) -> dict[int, tuple[str, ...]]:
    """Labelled rep number -> the faults found on the matching rep."""
    found = done.result.reps
    labelled = [r for r in label["reps"] if r["complete"]]
    pairs = match_by_bottom(
        [r.bottom_s for r in found], [r["bottom_s"] for r in labelled]
    )
    return {labelled[j]["rep"]: found[i].faults for i, j in pairs}


@pytest.mark.parametrize(
    "fault", [f for f in LABELLED if f.clear], ids=lambda f: f"{f.clip}-{f.code}"
)
def test_clearly_labelled_fault_is_found_on_its_reps_and_not_on_clean_reps(
    fault: Any, analysed: dict[str, VideoAnalysis], clip_labels: dict[str, Any]
) -> None:
    by_rep = faults_by_label_rep(analysed[fault.clip], clip_labels[fault.clip])
    assert set(fault.faulty) <= set(by_rep), "labelled reps were not all counted"
    missed = [r for r in fault.faulty if fault.code not in by_rep[r]]
    assert not missed, f"{fault.code} missed on reps {missed}"
    false_alarms = [r for r in fault.clean if fault.code in by_rep.get(r, ())]
    assert not false_alarms, f"{fault.code} on clean reps {false_alarms}"


def test_lasting_hip_sag_of_p04_stops_the_set_where_the_sag_starts(
    analysed: dict[str, VideoAnalysis],
) -> None:
    form = analysed["P04"].result.form
    assert form is not None
    assert form.stop_at_rep == 10
    assert "hips sag" in (form.stop_reason or "")


@pytest.mark.parametrize("clip", CLEAN_CLIPS)
def test_clips_labelled_clean_have_few_form_faults(
    clip: str, analysed: dict[str, VideoAnalysis]
) -> None:
    reps = analysed[clip].result.reps
    flagged = [(r.index, c) for r in reps for c in r.faults if c in SCORED_CODES]
    # general thresholds on unseen people: allow at most one flagged rep per clip
    assert len({index for index, _ in flagged}) <= 1, flagged


def test_no_hip_sag_or_pike_on_any_rep_labelled_straight(
    analysed: dict[str, VideoAnalysis], clip_labels: dict[str, Any]
) -> None:
    false_alarms = []
    for clip, reps in BODY_LINE_CLEAN.items():
        by_rep = faults_by_label_rep(analysed[clip], clip_labels[clip])
        for rep in reps or by_rep:
            false_alarms += [
                (clip, rep, c) for c in by_rep[rep] if c in BODY_LINE_CODES
            ]
    assert not false_alarms


def test_overhead_clip_reads_more_flare_in_the_flared_segments(
    analysed: dict[str, VideoAnalysis],
) -> None:
    series = analysed["P18"].series
    signals = frame_signals(series.points, series.t_s, 0.5)
    flare = np.nanmean(signals.flare_top_deg, axis=0)

    def medians(kind: str) -> list[float]:
        return [
            float(np.nanmedian(flare[(signals.t_s >= a) & (signals.t_s <= b)]))
            for a, b in OVERHEAD_FLARE[kind]
        ]

    flared, tucked = medians("flared"), medians("tucked")
    assert min(flared) > max(tucked)
    assert min(flared) > DEFAULT_FORM_CONFIG.flare_on_deg > max(tucked)


def test_logging_a_filmed_set_stores_the_analysis_and_form_broke(
    clips_dir: Path, tmp_path: Path
) -> None:
    folder = os.environ.get("PUSHBACK_EVAL_CACHE") or user_cache_dir("pushback-eval")
    settings = Settings(
        data_dir=Path(folder), database_url=f"sqlite:///{tmp_path / 'journal.db'}"
    )
    journal = open_journal(settings)
    try:
        data = {"sets": [{"exercise": "push-up", "reps": None}]}
        (logged,) = call(
            journal, log_filmed_set, data=data, video=clips_dir / "P04.mp4"
        )
        (stored,) = call(journal, history).sessions[0].sets
    finally:
        journal.close()
    assert logged.session.sets[0].reps == 14
    assert stored.form_broke is True  # broke at rep 10 of 14
    assert stored.stop_at_rep == 10
    assert stored.faults is not None and "hip-sag" in stored.faults
    assert stored.descent_times_s is not None and len(stored.descent_times_s) == 14
