"""Draw the analysis on the video: an annotated H.264 mp4 and key-frame JPEGs.

* :func:`render_annotated` decodes the video one frame at a time
  (:func:`~pushback.video.decode.iter_frames`), draws the skeleton, the rep counter,
  each rep's descent time and its faults by name, in the current language
  (:mod:`pushback.i18n`; text drawn by :mod:`pushback.video.captions`), and pipes
  raw RGB frames to Debian's ``ffmpeg`` (``libx264``, ``yuv420p``, ``+faststart``),
  which every browser plays.
  OpenCV's own ``mp4v`` writer is not used: browsers do not play it.
* :func:`key_frames` returns JPEGs of the top and bottom of the best and the worst
  rep (fewest / most faults), skeleton drawn.

Keypoints are in the pixels of the full-size displayed frame
(:class:`~pushback.analysis.keypoints.KeypointSeries`); frames are downscaled to
``max_side_px``, so points are scaled by the same factor.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from pushback.analysis.faults import FAULTS
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.reps import Rep
from pushback.analysis.result import AnalysisResult
from pushback.domain.errors import AnalysisFailed
from pushback.domain.phrases import msg
from pushback.domain.translations import translated
from pushback.i18n import current_language
from pushback.i18n import gettext as _
from pushback.video.captions import draw_captions
from pushback.video.decode import iter_frames, probe_video
from pushback.video.framing import choose_framing, rotate
from pushback.video.pose import MODELS

__all__ = [
    "FFMPEG",
    "SKELETON",
    "KeyFrame",
    "draw_skeleton",
    "fault_title",
    "key_frames",
    "render_annotated",
]

#: Debian's ffmpeg (``make sysdeps`` installs it).
FFMPEG = "/usr/bin/ffmpeg"
#: Bones drawn, as BlazePose landmark index pairs.
SKELETON: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24),
    (23, 25), (25, 27), (24, 26), (26, 28), (7, 11), (8, 12),
)  # fmt: skip
_GREEN, _RED, _WHITE = ((60, 220, 120), (235, 64, 52), (255, 255, 255))
_MIN_VISIBILITY = 0.5
Image = NDArray[np.uint8]


@dataclass(frozen=True)
class KeyFrame:
    """One still: ``label`` (e.g. "best rep 3, bottom"), rep index, time, JPEG."""

    label: str
    rep_index: int
    t_s: float
    jpeg: bytes


def _ffmpeg() -> str:
    path = FFMPEG if Path(FFMPEG).is_file() else shutil.which("ffmpeg")
    if path is None:
        raise AnalysisFailed(
            msg(
                "ffmpeg is needed to write the annotated video; install Debian's "
                "ffmpeg (make sysdeps)."
            )
        )
    return path


def draw_skeleton(
    image: Image, points: NDArray[np.float64] | None, scale: float, bad: bool
) -> None:
    """Draw the bones of ``points`` (33, 4) scaled by ``scale`` onto ``image``, in
    place; red when the rep has a fault, green otherwise."""
    if points is None:
        return
    seen = np.isfinite(points[:, 0]) & (points[:, 3] >= _MIN_VISIBILITY)
    xy = np.nan_to_num(points[:, :2] * scale).astype(np.int32)
    colour = _RED if bad else _GREEN
    thickness = max(2, round(image.shape[1] / 400))
    for a, b in SKELETON:
        if seen[a] and seen[b]:
            cv2.line(image, tuple(xy[a]), tuple(xy[b]), colour, thickness, cv2.LINE_AA)
    for i in np.nonzero(seen[7:29])[0] + 7:
        cv2.circle(image, tuple(xy[i]), thickness + 1, _WHITE, -1, cv2.LINE_AA)


def _rep_at(reps: tuple[Rep, ...], t_s: float) -> Rep | None:
    for rep in reps:
        end = rep.end_s if rep.end_s is not None else rep.bottom_end_s
        if rep.start_s <= t_s <= end + 0.5:
            return rep
    return None


def _overlay(image: Image, result: AnalysisResult, t_s: float) -> bool:
    """Counter, descent and faults at ``t_s`` in the current language; True when
    the current rep has faults."""
    done = sum(1 for r in result.reps if r.end_s is not None and r.end_s <= t_s)
    lines = [(_("Reps: %(done)d/%(total)d", done=done, total=result.rep_count), _WHITE)]
    rep = _rep_at(result.reps, t_s)
    if rep is not None and t_s >= rep.bottom_start_s:
        text = _(
            "Rep %(rep)d: down %(down)s s (target %(target)s s)",
            rep=rep.index,
            down=format(rep.descent_s, ".1f"),
            target=format(result.tempo.prescribed_descent_s, "g"),
        )
        lines.append((text, _WHITE))
        if rep.faults:
            lines.append(("! " + _(", ").join(map(fault_title, rep.faults)), _RED))
    draw_captions(image, lines)
    return bool(rep is not None and rep.faults)


def fault_title(code: str) -> str:
    """The name of fault ``code`` in the current language (the code if unknown)."""
    known = FAULTS.get(code)
    english = known.title if known else code
    return translated(current_language(), "faults", code, "title", english)


def _frames(
    video: Path, series: KeypointSeries, max_side_px: int
) -> Iterator[tuple[int, float, Image, float]]:
    """(keypoint row, time s, RGB frame, keypoint scale) for each decoded frame,
    turned the way the analysis turned it (see :mod:`pushback.video.framing`)."""
    last = len(series) - 1
    complexity = MODELS.get(series.model or "full", 1)
    turn = choose_framing(video, probe_video(video), complexity).rotation_deg
    for frame in iter_frames(video, max_side_px=max_side_px):
        rgb = rotate(frame.rgb, turn)
        row = min(frame.index, last)
        if row >= 0 and abs(series.t_s[row] - frame.t_s) > 0.05:
            row = min(int(np.searchsorted(series.t_s, frame.t_s)), last)
        scale = rgb.shape[1] / series.width_px
        yield row, frame.t_s, rgb, scale


def render_annotated(
    video: Path,
    series: KeypointSeries,
    result: AnalysisResult,
    out: Path,
    *,
    max_side_px: int = 1280,
) -> Path:
    """Write ``video`` with the analysis drawn on it to ``out`` (H.264 mp4).

    Raises:
        InvalidInput: the video cannot be decoded.
        AnalysisFailed: ffmpeg is missing or fails.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    process: subprocess.Popen[bytes] | None = None
    try:
        for row, t_s, rgb, scale in _frames(video, series, max_side_px):
            image = np.ascontiguousarray(
                rgb[: rgb.shape[0] // 2 * 2, : rgb.shape[1] // 2 * 2]
            )
            bad = _overlay(image, result, t_s)
            draw_skeleton(image, series.points[row] if row >= 0 else None, scale, bad)
            if process is None:
                process = _start(
                    image.shape[1], image.shape[0], series.frame_rate_hz, out
                )
            assert process.stdin is not None
            process.stdin.write(image.tobytes())
    finally:
        if process is not None and process.stdin is not None:
            process.stdin.close()
    if process is None:
        raise AnalysisFailed(
            msg("no frame could be decoded from %(name)s", name=video.name)
        )
    assert process.stderr is not None
    error = process.stderr.read()
    if process.wait() != 0:
        raise AnalysisFailed(
            msg(
                "ffmpeg failed to encode %(name)s: %(error)s",
                name=out.name,
                error=error.decode()[-400:],
            )
        )
    return out


def _start(
    width: int, height: int, rate_hz: float, out: Path
) -> subprocess.Popen[bytes]:
    command = [
        _ffmpeg(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{width}x{height}", "-r", f"{rate_hz:.3f}", "-i", "-",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    return subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)


def _best_and_worst(reps: tuple[Rep, ...]) -> list[tuple[str, Rep]]:
    if not reps:
        return []
    best = min(reps, key=lambda r: (len(r.faults), r.index))
    worst = max(reps, key=lambda r: (len(r.faults), r.index))
    return [("best", best)] if best is worst else [("best", best), ("worst", worst)]


def key_frames(
    video: Path,
    series: KeypointSeries,
    result: AnalysisResult,
    *,
    max_side_px: int = 640,
) -> list[KeyFrame]:
    """JPEG stills of the top and bottom of the best and the worst rep.

    Raises:
        InvalidInput: the video cannot be decoded.
    """
    wanted: dict[int, list[tuple[str, Rep]]] = {}
    for kind, rep in _best_and_worst(result.reps):
        for phase, frame in (("top", rep.start_frame), ("bottom", rep.bottom_frame)):
            if frame is not None:
                wanted.setdefault(frame, []).append(
                    (f"{kind} rep {rep.index}, {phase}", rep)
                )
    shots: list[KeyFrame] = []
    for row, t_s, rgb, scale in _frames(video, series, max_side_px):
        for label, rep in wanted.pop(row, []):
            image = np.ascontiguousarray(rgb)
            draw_skeleton(image, series.points[row], scale, bool(rep.faults))
            ok, data = cv2.imencode(
                ".jpg",
                cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                [cv2.IMWRITE_JPEG_QUALITY, 85],
            )
            if ok:
                shots.append(KeyFrame(label, rep.index, t_s, data.tobytes()))
        if not wanted:
            break
    return sorted(shots, key=lambda s: (not s.label.startswith("best"), s.t_s))
