"""Use cases of the video analysis: a video or saved keypoints -> an analysed set.

* :func:`analyse_video` decodes the video, runs the pose model (or reuses cached
  keypoints) and analyses the set against the exercise's prescribed descent.
* :func:`analyse_keypoints` does the same from a saved keypoints JSON file, without
  the pose model.

Keypoint cache: ``Settings.data_dir/cache/keypoints/<sha256>-<model>-<version>.json``,
outside any repository, so re-analysing a video skips the model. The video packages
(mediapipe, opencv) are imported only when a video must be decoded; without them
:class:`AnalysisFailed` says how to install them (``make vision``).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from pushback.analysis.analyser import analyse_series
from pushback.analysis.config import DEFAULT_CONFIG, AnalysisConfig
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.video_analysis import VideoAnalysis
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import exercise_phrase, msg
from pushback.domain.tempo import parse_tempo
from pushback.services.filming.form import judge_form
from pushback.settings import Settings
from pushback.video import VISION_INSTALL_HINT, vision_missing

__all__ = [
    "MODELS",
    "VISION_INSTALL_HINT",
    "VideoAnalysis",
    "analyse_keypoints",
    "analyse_video",
    "file_sha256",
    "keypoint_cache_dir",
    "load_keypoints",
    "prescribed_descent",
]

#: Pose model names accepted by ``--model`` (MediaPipe model_complexity 0/1/2).
MODELS: tuple[str, ...] = ("lite", "full", "heavy")

ProgressCallback = Callable[[int, int], None]
#: Part of a cached keypoints file's name: changed whenever the extraction changes
#: (framing, inference rate), so no analysis reuses keypoints made another way.
KEYPOINTS_VERSION = "x2"


def keypoint_cache_dir(settings: Settings) -> Path:
    """Folder of cached keypoints (created on first write)."""
    return settings.data_dir / "cache" / "keypoints"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prescribed_descent(exercise: str) -> tuple[float, str]:
    """The descent (s) the exercise prescribes, and where that number comes from.

    The catalog tempo is 4-digit (down-bottom-up-top); an explosive or missing descent
    falls back to the seed's 3 s.

    Raises:
        NotFound: unknown exercise slug (with close matches).
    """
    entry = load_catalog().get(exercise)
    descent_s = parse_tempo(entry.tempo).down_s if entry.tempo else None
    name = exercise_phrase(entry.slug, entry.slug)  # the slug in the JSON
    if not descent_s:
        return (
            DEFAULT_CONFIG.prescribed_descent_s,
            msg("%(exercise)s: the article's 3 s descent", exercise=name),
        )
    return descent_s, msg(
        "%(exercise)s catalog tempo %(tempo)s", exercise=name, tempo=entry.tempo
    )


def _vision_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"pushback.video.{name}")
    except ImportError as error:
        raise vision_missing(error) from None


def _check_model(model: str) -> None:
    if model not in MODELS:
        raise InvalidInput(
            "model", model, msg("one of %(choices)s", choices=", ".join(MODELS))
        )


@dataclass(frozen=True)
class _Keypoints:
    series: KeypointSeries
    warnings: tuple[str, ...] = ()
    from_cache: bool = False
    decode_s: float | None = None
    model_s: float | None = None


def _extract(
    video: Path,
    *,
    settings: Settings | None,
    model: str,
    progress: ProgressCallback | None,
) -> _Keypoints:
    """Keypoints of ``video``: from the cache when possible, else from the model."""
    if not video.is_file():
        raise InvalidInput("video", str(video), msg("an existing video file"))
    cache = None
    if settings is not None:
        name = f"{file_sha256(video)}-{model}-{KEYPOINTS_VERSION}.json"
        cache = keypoint_cache_dir(settings) / name
        if cache.is_file():
            try:
                return _Keypoints(KeypointSeries.load(cache), from_cache=True)
            except InvalidInput:
                cache.unlink(missing_ok=True)  # a damaged cache entry: extract again
    pose = _vision_module("pose")
    extraction = pose.extract_keypoints(video, model=model, progress=progress)
    series: KeypointSeries = extraction.series
    if cache is not None:
        series.save(cache)
    stats = extraction.stats
    return _Keypoints(
        series, tuple(extraction.warnings), False, stats.decode_s, stats.model_s
    )


def analyse_video(  # noqa: PLR0913 - keyword-only options of one use case
    video: Path,
    *,
    settings: Settings | None = None,
    exercise: str = "push-up",
    model: str = "full",
    keypoints_out: Path | None = None,
    progress: ProgressCallback | None = None,
    config: AnalysisConfig = DEFAULT_CONFIG,
) -> VideoAnalysis:
    """Count and time the reps of a set filmed in ``video``.

    With ``settings``, keypoints are cached under its data dir; ``keypoints_out``
    also saves them there as JSON. ``progress(done, total)`` follows the pose model.

    Raises:
        InvalidInput: bad model name or an unreadable, empty, dark or person-less video.
        NotFound: unknown exercise.
        AnalysisFailed: mediapipe/opencv or a model file is missing.
    """
    _check_model(model)
    descent_s, source = prescribed_descent(exercise)
    got = _extract(video, settings=settings, model=model, progress=progress)
    if keypoints_out is not None:
        got.series.save(keypoints_out)
    result = analyse_series(
        got.series, config, prescribed_descent_s=descent_s, tempo_source=source
    )
    result = replace(result, warnings=got.warnings + result.warnings)
    result = judge_form(result, got.series, exercise)
    return VideoAnalysis(
        result, got.series, exercise, got.from_cache, got.decode_s, got.model_s
    )


def load_keypoints(path: Path) -> KeypointSeries:
    """Read a keypoints JSON file saved by ``--keypoints-out``.

    Raises:
        InvalidInput: missing or malformed file.
    """
    return KeypointSeries.load(path)


def analyse_keypoints(
    path: Path, *, exercise: str = "push-up", config: AnalysisConfig = DEFAULT_CONFIG
) -> VideoAnalysis:
    """Analyse saved keypoints (no pose model needed).

    Raises:
        InvalidInput: missing or malformed keypoints file.
        NotFound: unknown exercise.
    """
    descent_s, source = prescribed_descent(exercise)
    series = load_keypoints(path)
    if len(series) == 0:
        raise InvalidInput(
            "keypoints", str(path), msg("a keypoints file with at least one frame")
        )
    result = analyse_series(
        series, config, prescribed_descent_s=descent_s, tempo_source=source
    )
    result = judge_form(result, series, exercise)
    return VideoAnalysis(result, series, exercise, from_cache=False)
