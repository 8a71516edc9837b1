"""The analysis core: timestamped keypoints -> reps, timings and (later) form.

numpy/scipy only, incremental (push a frame, get events), so a video file and a
live camera use the same code. Modules: :mod:`~pushback.analysis.keypoints`
(KeypointSeries, BlazePose landmark table), :mod:`~pushback.analysis.angles`,
:mod:`~pushback.analysis.smoothing`, :mod:`~pushback.analysis.view` (side and camera
view), :mod:`~pushback.analysis.reps` (segmentation), :mod:`~pushback.analysis.analyser`
(the per-frame pipeline), :mod:`~pushback.analysis.config` (thresholds) and
:mod:`~pushback.analysis.result` (the JSON contract).
"""

from __future__ import annotations

from pushback.analysis.analyser import SetAnalyser, analyse_series
from pushback.analysis.config import DEFAULT_CONFIG, AnalysisConfig
from pushback.analysis.keypoints import LANDMARKS, KeypointSeries
from pushback.analysis.reps import Rep, RepEvent, RepSegmenter, Sample
from pushback.analysis.result import AnalysisResult, SmoothedSignal, TempoSummary

__all__ = [
    "DEFAULT_CONFIG",
    "LANDMARKS",
    "AnalysisConfig",
    "AnalysisResult",
    "KeypointSeries",
    "Rep",
    "RepEvent",
    "RepSegmenter",
    "Sample",
    "SetAnalyser",
    "SmoothedSignal",
    "TempoSummary",
    "analyse_series",
]
