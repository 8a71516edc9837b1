"""BlazePose (``mediapipe.solutions.pose``) on decoded frames -> KeypointSeries.

Models: ``lite``/``full``/``heavy`` are MediaPipe's ``model_complexity`` 0/1/2. The
mediapipe 0.10.21 wheel ships only the full landmark model; the lite and heavy
``.tflite`` files come from the npm package ``@mediapipe/pose`` and are copied next to
it by ``make vision``. A missing model file is reported at once, never downloaded.

The result is converted to the neutral :class:`KeypointSeries` here, so nothing
downstream knows which estimator ran.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mediapipe as mp
import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import LANDMARK_COUNT, KeypointSeries
from pushback.domain.errors import AnalysisFailed, InvalidInput
from pushback.video.decode import VideoInfo, check_picture, iter_frames, probe_video

__all__ = [
    "MODELS",
    "Extraction",
    "ExtractionStats",
    "PoseEstimator",
    "extract_keypoints",
]

#: Model name -> MediaPipe ``model_complexity``.
MODELS: dict[str, int] = {"lite": 0, "full": 1, "heavy": 2}
_MODEL_FILES = {
    0: "pose_landmark_lite.tflite",
    1: "pose_landmark_full.tflite",
    2: "pose_landmark_heavy.tflite",
}
#: Mean luma (0-255) under which a frame counts as very dark.
DARK_LUMA = 20.0
#: Frames wider or taller than this many pixels are downscaled before the model.
MAX_SIDE_PX = 1280
#: Larger videos get a warning that they were downscaled (full HD passes silently).
WARN_SIDE_PX = 1920
#: Share of irregular frame intervals from which a video counts as variable-rate.
VFR_SHARE = 0.02

ProgressCallback = Callable[[int, int], None]


def _model_path(complexity: int) -> Path:
    package = Path(mp.__file__).parent
    return package / "modules" / "pose_landmark" / _MODEL_FILES[complexity]


class PoseEstimator:
    """One MediaPipe Pose tracker in video mode (use as a context manager).

    Raises:
        InvalidInput: unknown model name.
        AnalysisFailed: the model file is not installed (run ``make vision``).
    """

    def __init__(self, model: str = "full") -> None:
        if model not in MODELS:
            raise InvalidInput("model", model, "one of " + ", ".join(MODELS))
        complexity = MODELS[model]
        if not _model_path(complexity).is_file():
            missing = _model_path(complexity).name
            raise AnalysisFailed(
                f"The {model} pose model is not installed ({missing} is missing next "
                "to mediapipe); run `make vision` to install it."
            )
        self.model = model
        self._pose: Any = mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=complexity,
            smooth_landmarks=True,
            enable_segmentation=False,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the MediaPipe graph."""
        self._pose.close()

    def estimate(
        self, rgb: NDArray[np.uint8], width_px: int, height_px: int
    ) -> NDArray[np.float64] | None:
        """Landmarks of the person in one RGB frame, shape (33, 4), or None.

        Coordinates are scaled to a ``width_px`` x ``height_px`` frame.
        """
        result = self._pose.process(rgb)
        landmarks = result.pose_landmarks
        if landmarks is None:
            return None
        out = np.empty((LANDMARK_COUNT, 4), dtype=np.float64)
        for i, lm in enumerate(landmarks.landmark):
            out[i] = (lm.x * width_px, lm.y * height_px, lm.z * width_px, lm.visibility)
        return out


@dataclass
class ExtractionStats:
    """Where the time went, seconds, measured in one run."""

    decode_s: float = 0.0
    model_s: float = 0.0
    frames: int = 0
    dark_frames: int = 0


@dataclass
class Extraction:
    """Keypoints of a video, warnings about the input, and timing figures."""

    series: KeypointSeries
    warnings: list[str] = field(default_factory=list)
    stats: ExtractionStats = field(default_factory=ExtractionStats)


def extract_keypoints(
    path: Path, *, model: str = "full", progress: ProgressCallback | None = None
) -> Extraction:
    """Run the pose model over every frame of ``path``.

    ``progress(done_frames, expected_frames)`` is called every 10 frames.

    Raises:
        InvalidInput: not a video, no decodable frame, or no person in any frame.
        AnalysisFailed: the model is not installed.
    """
    info = probe_video(path)
    check_picture(info)
    stats = ExtractionStats()
    times, rows = _track(path, info, model, progress, stats)
    series = KeypointSeries.create(
        t_s=np.asarray(times),
        points=np.stack(rows) if rows else np.empty((0, LANDMARK_COUNT, 4)),
        width_px=info.width_px,
        height_px=info.height_px,
        frame_rate_hz=info.frame_rate_hz,
        model=model,
        source=path.name,
    )
    warnings = _check(path, info.frame_count, series, stats)
    if max(info.width_px, info.height_px) > WARN_SIDE_PX:
        warnings.append(
            f"the video is {info.width_px}x{info.height_px}: frames were downscaled to "
            f"{MAX_SIDE_PX} px for the pose model (4K is not needed; 720p is enough)"
        )
    return Extraction(series, warnings, stats)


def _track(  # noqa: PLR0913 - the run's inputs plus the stats it fills
    path: Path,
    info: VideoInfo,
    model: str,
    progress: ProgressCallback | None,
    stats: ExtractionStats,
) -> tuple[list[float], list[NDArray[np.float64]]]:
    """Decode and pose every frame, one at a time, timing both steps."""
    times: list[float] = []
    rows: list[NDArray[np.float64]] = []
    empty = np.full((LANDMARK_COUNT, 4), np.nan)
    with PoseEstimator(model) as estimator:
        frames = iter_frames(path, max_side_px=MAX_SIDE_PX)
        while True:
            started = time.perf_counter()
            frame = next(frames, None)
            stats.decode_s += time.perf_counter() - started
            if frame is None:
                return times, rows
            started = time.perf_counter()
            points = estimator.estimate(frame.rgb, info.width_px, info.height_px)
            stats.model_s += time.perf_counter() - started
            stats.frames += 1
            stats.dark_frames += int(_mean_luma(frame.rgb) < DARK_LUMA)
            times.append(frame.t_s)
            rows.append(empty if points is None else points)
            if progress is not None and stats.frames % 10 == 0:
                progress(stats.frames, info.frame_count)


def _mean_luma(rgb: NDArray[np.uint8]) -> float:
    sample = rgb[::8, ::8]
    return float(sample.mean()) if sample.size else 0.0


def _check(
    path: Path, expected: int, series: KeypointSeries, stats: ExtractionStats
) -> list[str]:
    """Turn what the decoder and model saw into errors or warnings."""
    name = path.name
    if stats.frames == 0:
        raise InvalidInput(
            "video",
            name,
            "a video with at least one frame",
            message=f"Invalid value for video: {name} has no decodable frame; "
            "expected a readable video file (mp4, mov, webm or avi).",
        )
    dark = stats.dark_frames / stats.frames
    if not series.has_person.any():
        why = (
            "the picture is too dark"
            if dark > 0.5
            else "no person was found in any frame"
        )
        raise InvalidInput(
            "video",
            name,
            "a video showing one person doing push-ups",
            message=f"Invalid value for video: {why} in {name} "
            f"({stats.frames} frames); film in good light, side view, whole body "
            "in frame.",
        )
    warnings: list[str] = []
    if expected > 0 and stats.frames < 0.9 * expected:
        warnings.append(
            f"video ended early: decoded {stats.frames} of {expected} frames "
            "(file truncated or damaged?)"
        )
    if dark > 0.25:
        warnings.append(
            f"{dark:.0%} of the frames are very dark; pose may be unreliable"
        )
    if len(series) > 2:
        steps = np.diff(series.t_s)
        median = float(np.median(steps))
        irregular = np.mean((steps > 1.33 * median) | (steps < 0.75 * median))
        if irregular > VFR_SHARE:
            warnings.append("variable frame rate: timings use each frame's timestamp")
    return warnings
