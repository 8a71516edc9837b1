"""An analysed set together with the keypoints it came from (pure data)."""

from __future__ import annotations

from dataclasses import dataclass

from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.result import AnalysisResult

__all__ = ["VideoAnalysis"]


@dataclass(frozen=True)
class VideoAnalysis:
    """An analysed set plus the keypoints it came from and where they came from."""

    result: AnalysisResult
    series: KeypointSeries
    exercise: str
    from_cache: bool = False
    #: Seconds spent decoding frames and running the pose model (None from a cache).
    decode_s: float | None = None
    model_s: float | None = None
