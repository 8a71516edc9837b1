"""Decode a video file frame by frame (OpenCV), with its rotation applied.

One frame is held in memory at a time, so memory stays flat for any length.

* Rotation: OpenCV 4.11 reads the rotation metadata of phone videos but does not apply
  it unless ``CAP_PROP_ORIENTATION_AUTO`` is set (checked on 4.11.0: the property reads
  0 by default and a 90 deg-tagged 320x240 clip decodes as 240x320 only once it is set),
  so :func:`iter_frames` sets it.
* Times: each frame's presentation time comes from ``CAP_PROP_POS_MSEC``, so variable
  frame rate videos are timed correctly; a time that does not increase is replaced by
  the previous time plus one nominal frame.
* Size: frames whose longer side exceeds ``max_side_px`` are downscaled (area
  interpolation) before they leave this module; the pose model works at 256 px anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "MAX_PIXELS",
    "VIDEO_SUFFIXES",
    "DecodedFrame",
    "VideoInfo",
    "check_picture",
    "iter_frames",
    "probe_video",
]

#: File types ``pushback analyze`` is documented to read (others are tried anyway).
VIDEO_SUFFIXES: tuple[str, ...] = (".mp4", ".mov", ".webm", ".avi", ".mkv", ".m4v")
_EXPECTED = msg("a readable video file (mp4, mov, webm or avi)")
#: Fallback when a container reports no usable frame rate, frames per second.
_DEFAULT_FRAME_RATE_HZ = 30.0


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about a video, before decoding it.

    ``width_px``/``height_px`` are of the displayed (rotated) frame: with
    ``CAP_PROP_ORIENTATION_AUTO`` set, OpenCV already reports the rotated size.
    ``frame_count`` is the container's estimate (0 when unknown).
    """

    path: Path
    width_px: int
    height_px: int
    frame_rate_hz: float
    frame_count: int
    rotation_deg: int

    @property
    def duration_s(self) -> float:
        """Estimated duration from the frame count and nominal rate, seconds."""
        return self.frame_count / self.frame_rate_hz if self.frame_count > 0 else 0.0


@dataclass(frozen=True)
class DecodedFrame:
    """One decoded frame: presentation time (s) and an RGB image (h, w, 3) uint8."""

    index: int
    t_s: float
    rgb: NDArray[np.uint8]


def _open(path: Path) -> cv2.VideoCapture:
    if not path.is_file():
        raise InvalidInput("video", str(path), msg("an existing video file"))
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise InvalidInput("video", path.name, _EXPECTED)
    capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    return capture


def probe_video(path: Path) -> VideoInfo:
    """Open ``path`` and read its size, nominal frame rate and rotation.

    Raises:
        InvalidInput: the file does not exist or is not a video OpenCV can open.
    """
    capture = _open(path)
    try:
        rate = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        if not np.isfinite(rate) or rate <= 0 or rate > 1000:
            rate = _DEFAULT_FRAME_RATE_HZ
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        rotation = int(capture.get(cv2.CAP_PROP_ORIENTATION_META)) % 360
        count = max(int(capture.get(cv2.CAP_PROP_FRAME_COUNT)), 0)
    finally:
        capture.release()
    if width <= 0 or height <= 0:
        raise InvalidInput("video", path.name, _EXPECTED, message=_no_frames(path))
    return VideoInfo(path, width, height, rate, count, rotation)


#: Largest picture accepted (8K UHD is 33 Mpx); beyond, one frame alone is too big.
MAX_PIXELS = 40_000_000


def check_picture(info: VideoInfo) -> None:
    """Refuse a video whose picture is over :data:`MAX_PIXELS` (the pose step's
    limit, checked here too so an upload is refused before it is queued).

    Raises:
        InvalidInput: the picture is larger than 8K.
    """
    if info.width_px * info.height_px > MAX_PIXELS:
        size = f"{info.width_px}x{info.height_px}"
        raise InvalidInput(
            "video",
            size,
            msg("a resolution of at most 8K (7680x4320)"),
            message=msg(
                "Invalid value for video: %(name)s is %(size)s, more than the "
                "analysis takes; expected at most 8K (7680x4320). Film at 720p or "
                "1080p: that is enough for the analysis.",
                name=info.path.name,
                size=size,
            ),
        )


def _no_frames(path: Path) -> str:
    return msg(
        "Invalid value for video: %(name)s has no picture OpenCV can decode; "
        "expected a readable video file (mp4, mov, webm or avi).",
        name=path.name,
    )


def _downscale(frame: NDArray[np.uint8], max_side_px: int) -> NDArray[np.uint8]:
    height, width = frame.shape[:2]
    longest = max(height, width)
    if longest <= max_side_px:
        return frame
    scale = max_side_px / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(
        cv2.resize(frame, size, interpolation=cv2.INTER_AREA), dtype=np.uint8
    )


def iter_frames(
    path: Path,
    *,
    max_side_px: int = 1280,
    min_interval_s: float = 0.0,
    source_times: list[float] | None = None,
) -> Iterator[DecodedFrame]:
    """Yield the frames of ``path`` one at a time, rotated, as RGB, timed in seconds.

    Frames larger than ``max_side_px`` on their longer side are downscaled. With
    ``min_interval_s``, frames are kept on a schedule of one per that interval (the
    first frame at or after each due time) and the others skipped before their
    picture is converted (``index`` stays the source frame's index): a 30 fps video
    read at 0.05 s keeps 2 frames of every 3, 20 per second of video.
    ``source_times``, when given, receives the time of every frame of the file, kept
    or not (to judge its frame rate).

    Raises:
        InvalidInput: the file cannot be opened as a video.
    """
    info = probe_video(path)
    capture = _open(path)
    step_s = 1.0 / info.frame_rate_hz
    last_t = -np.inf
    due_t = -np.inf  # the next frame is kept from this time on
    index = -1
    try:
        while capture.grab():
            index += 1
            t_s = float(capture.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
            if not np.isfinite(t_s) or t_s <= last_t:
                t_s = (last_t + step_s) if np.isfinite(last_t) else 0.0
            last_t = t_s
            if source_times is not None:
                source_times.append(t_s)
            if t_s < due_t - 0.25 * step_s:
                continue
            ok, frame = capture.retrieve()
            if not ok or frame is None:
                break
            due_t = (due_t if np.isfinite(due_t) else t_s) + min_interval_s
            due_t = max(due_t, t_s + min_interval_s - step_s)  # no rush after a gap
            small = _downscale(np.asarray(frame, dtype=np.uint8), max_side_px)
            rgb = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), dtype=np.uint8)
            yield DecodedFrame(index, t_s, rgb)
    finally:
        capture.release()
