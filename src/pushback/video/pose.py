"""BlazePose (``mediapipe.solutions.pose``) on decoded frames -> KeypointSeries.

Models: ``lite``/``full``/``heavy`` are MediaPipe's ``model_complexity`` 0/1/2. The
mediapipe 0.10.21 wheel ships only the full landmark model; the lite and heavy
``.tflite`` files come from the npm package ``@mediapipe/pose`` and are copied next to
it by ``make vision``. A missing model file is reported at once, never downloaded.

The result is converted to the neutral :class:`KeypointSeries` here, so nothing
downstream knows which estimator ran.
"""

from __future__ import annotations

import queue
import threading
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
from pushback.domain.phrases import msg
from pushback.video._quiet import native_logs_filtered
from pushback.video.decode import (
    DecodedFrame,
    VideoInfo,
    check_picture,
    iter_frames,
    probe_video,
)
from pushback.video.framing import Framing, choose_framing, rotate

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
#: Frames per second of video given to the model at most (a 60 fps video is sampled
#: at 30): enough for 0.5 s reps; see docs/analysis.md for the measurement.
INFER_RATE_HZ = 20.0
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
        self.check(model)
        complexity = MODELS[model]
        self.model = model
        self._started = False
        with native_logs_filtered():
            self._pose: Any = mp.solutions.pose.Pose(
                static_image_mode=False,
                model_complexity=complexity,
                smooth_landmarks=True,
                enable_segmentation=False,
                min_detection_confidence=0.5,
                min_tracking_confidence=0.5,
            )

    @staticmethod
    def check(model: str) -> None:
        """Raise if ``model`` is unknown or its file is not installed."""
        if model not in MODELS:
            raise InvalidInput(
                "model", model, msg("one of %(choices)s", choices=", ".join(MODELS))
            )
        complexity = MODELS[model]
        if not _model_path(complexity).is_file():
            missing = _model_path(complexity).name
            raise AnalysisFailed(
                msg(
                    "The %(model)s pose model is not installed (%(missing)s is "
                    "missing next to mediapipe); run `make vision` to install it.",
                    model=model,
                    missing=missing,
                )
            )

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the MediaPipe graph."""
        self._pose.close()

    def estimate(
        self, rgb: NDArray[np.uint8], width_px: float, height_px: float
    ) -> NDArray[np.float64] | None:
        """Landmarks of the person in one RGB frame, shape (33, 4), or None.

        Coordinates are scaled to a ``width_px`` x ``height_px`` frame.
        """
        if self._started:
            result = self._pose.process(rgb)
        else:  # TensorFlow Lite talks on the first run, the landmark step on the
            with native_logs_filtered():  # first person found
                result = self._pose.process(rgb)
            self._started = result.pose_landmarks is not None
        landmarks = result.pose_landmarks
        if landmarks is None:
            return None
        out = np.empty((LANDMARK_COUNT, 4), dtype=np.float64)
        for i, lm in enumerate(landmarks.landmark):
            out[i] = (lm.x * width_px, lm.y * height_px, lm.z * width_px, lm.visibility)
        return out


@dataclass
class ExtractionStats:
    """Where the time went, seconds, measured in one run. Decoding runs in its own
    thread beside the model: ``decode_s`` is its busy time, ``wait_s`` the time the
    model waited for a frame, ``framing_s`` the look at sampled frames before."""

    decode_s: float = 0.0
    model_s: float = 0.0
    wait_s: float = 0.0
    framing_s: float = 0.0
    frames: int = 0
    dark_frames: int = 0


@dataclass
class Extraction:
    """Keypoints of a video, warnings about the input, and timing figures."""

    series: KeypointSeries
    warnings: list[str] = field(default_factory=list)
    stats: ExtractionStats = field(default_factory=ExtractionStats)


def extract_keypoints(
    path: Path,
    *,
    model: str = "full",
    progress: ProgressCallback | None = None,
    infer_rate_hz: float = INFER_RATE_HZ,
) -> Extraction:
    """Run the pose model over the frames of ``path``, at most ``infer_rate_hz``
    frames per second of video.

    ``progress(done_frames, expected_frames)`` is called every 10 frames.

    Raises:
        InvalidInput: not a video, no decodable frame, or no person in any frame.
        AnalysisFailed: the model is not installed.
    """
    info = probe_video(path)
    check_picture(info)
    PoseEstimator.check(model)
    stats = ExtractionStats()
    started = time.perf_counter()
    framing = choose_framing(path, info, MODELS[model])
    stats.framing_s = time.perf_counter() - started
    width, height = info.width_px, info.height_px
    if framing.rotation_deg in (90, 270):
        width, height = height, width
    run = _Run(path, info, framing, (width, height), infer_rate_hz)
    times, rows = _track(run, model, progress, stats)
    series = KeypointSeries.create(
        t_s=np.asarray(times),
        points=np.stack(rows) if rows else np.empty((0, LANDMARK_COUNT, 4)),
        width_px=width,
        height_px=height,
        frame_rate_hz=info.frame_rate_hz,
        model=model,
        source=path.name,
    )
    expected = _expected_frames(info, infer_rate_hz)
    warnings = framing.warnings + _check(path, expected, series, stats)
    if _is_variable_rate(run.source_times):
        warnings.append(msg("variable frame rate: timings use each frame's timestamp"))
    if max(info.width_px, info.height_px) > WARN_SIDE_PX:
        warnings.append(
            msg(
                "the video is %(width)sx%(height)s: frames were downscaled to "
                "%(side)s px for the pose model (4K is not needed; 720p is enough)",
                width=info.width_px,
                height=info.height_px,
                side=MAX_SIDE_PX,
            )
        )
    return Extraction(series, warnings, stats)


def _expected_frames(info: VideoInfo, infer_rate_hz: float) -> int:
    """Frames the container announces, at the rate the model sees them."""
    if info.frame_rate_hz <= infer_rate_hz * 1.05:
        return info.frame_count
    return int(info.frame_count * infer_rate_hz / info.frame_rate_hz)


@dataclass(frozen=True)
class _Run:
    """What one tracking pass reads: the file, its framing, the turned size."""

    path: Path
    info: VideoInfo
    framing: Framing
    size_px: tuple[int, int]
    infer_rate_hz: float
    source_times: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class _Ready:
    """A frame decoded, turned and with other people hidden, ready for the model."""

    t_s: float
    rgb: NDArray[np.uint8]
    dark: bool


def _prepare(run: _Run, frame: DecodedFrame) -> _Ready:
    rgb = rotate(frame.rgb, run.framing.rotation_deg)
    dark = _mean_luma(rgb) < DARK_LUMA
    if run.framing.hide:
        rgb = rgb.copy()
        h, w = rgb.shape[:2]
        for x0, y0, x1, y1 in run.framing.hide:
            rgb[round(y0 * h) : round(y1 * h), round(x0 * w) : round(x1 * w)] = 127
    return _Ready(frame.t_s, rgb, dark)


def _decode(
    run: _Run, out: queue.Queue[_Ready | BaseException | None], stop: threading.Event
) -> float:
    """Decode (in its own thread) into ``out``; returns the seconds it was busy."""
    busy = 0.0
    started = time.perf_counter()
    try:
        for frame in iter_frames(
            run.path,
            max_side_px=MAX_SIDE_PX,
            min_interval_s=1.0 / run.infer_rate_hz,
            source_times=run.source_times,
        ):
            ready = _prepare(run, frame)
            busy += time.perf_counter() - started
            while not stop.is_set():
                try:
                    out.put(ready, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if stop.is_set():
                return busy
            started = time.perf_counter()
    except BaseException as error:  # handed to the caller's thread
        out.put(error)
    out.put(None)
    return busy


def _track(
    run: _Run, model: str, progress: ProgressCallback | None, stats: ExtractionStats
) -> tuple[list[float], list[NDArray[np.float64]]]:
    """Pose every decoded frame while the next ones decode in another thread."""
    times: list[float] = []
    rows: list[NDArray[np.float64]] = []
    empty = np.full((LANDMARK_COUNT, 4), np.nan)
    frames: queue.Queue[_Ready | BaseException | None] = queue.Queue(maxsize=8)
    stop = threading.Event()
    busy: list[float] = []
    decoder = threading.Thread(
        target=lambda: busy.append(_decode(run, frames, stop)), daemon=True
    )
    decoder.start()
    try:
        with PoseEstimator(model) as estimator:
            while True:
                started = time.perf_counter()
                item = frames.get()
                stats.wait_s += time.perf_counter() - started
                if item is None:
                    break
                if isinstance(item, BaseException):
                    raise item
                started = time.perf_counter()
                points = estimator.estimate(item.rgb, *run.size_px)
                stats.model_s += time.perf_counter() - started
                stats.frames += 1
                stats.dark_frames += int(item.dark)
                times.append(item.t_s)
                rows.append(empty if points is None else points)
                if progress is not None and stats.frames % 10 == 0:
                    progress(
                        stats.frames, _expected_frames(run.info, run.infer_rate_hz)
                    )
    finally:
        stop.set()
        decoder.join(timeout=5)
    stats.decode_s = busy[0] if busy else 0.0
    return times, rows


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
            msg("a video with at least one frame"),
            message=msg(
                "Invalid value for video: %(name)s has no decodable frame; "
                "expected a readable video file (mp4, mov, webm or avi).",
                name=name,
            ),
        )
    dark = stats.dark_frames / stats.frames
    if not series.has_person.any():
        why = (
            msg("the picture is too dark")
            if dark > 0.5
            else msg("no person was found in any frame")
        )
        raise InvalidInput(
            "video",
            name,
            msg("a video showing one person doing push-ups"),
            message=msg(
                "Invalid value for video: %(why)s in %(name)s (%(frames)s frames); "
                "film in good light, side view, whole body in frame.",
                why=why,
                name=name,
                frames=stats.frames,
            ),
        )
    warnings: list[str] = []
    if expected > 0 and stats.frames < 0.9 * expected:
        warnings.append(
            msg(
                "video ended early: decoded %(frames)s of %(expected)s frames "
                "(file truncated or damaged?)",
                frames=stats.frames,
                expected=expected,
            )
        )
    if dark > 0.25:
        warnings.append(
            msg(
                "%(share)s of the frames are very dark; pose may be unreliable",
                share=format(dark, ".0%"),
            )
        )
    return warnings


def _is_variable_rate(times: list[float]) -> bool:
    """Whether the file's own frame intervals (all frames, before any is skipped for
    the model) vary in more than :data:`VFR_SHARE` of the frames."""
    if len(times) <= 2:
        return False
    steps = np.diff(np.asarray(times))
    median = float(np.median(steps))
    irregular = np.mean((steps > 1.33 * median) | (steps < 0.75 * median))
    return bool(irregular > VFR_SHARE)
