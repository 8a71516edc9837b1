"""What a video upload must pass before it is queued (private; use
:mod:`pushback.services.filming.uploads`).

An upload is refused at once, with the reason and the user's own file name, when
the analysis job would refuse it later:

* its size (announced, then counted while copying) is over ``max_upload_mb``;
* its first bytes are not an MP4/MOV, Matroska/WebM or AVI container;
* ``ffprobe`` finds no video stream;
* OpenCV (what the job decodes with) cannot open it, or its picture is over
  8K (``video.decode.check_picture``, the pose step's own check);
* it lasts longer than :data:`MAX_VIDEO_S`.

The job runs :func:`check_analysable` again before it starts (uploads queued
before a limit changed are judged by the same rule), and every message it stores
is worded by :func:`user_words`, so the user reads their file name, never the
stored one.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.settings import Settings
from pushback.video import vision_missing

__all__ = [
    "CONTAINERS",
    "EXPECTED",
    "FFPROBE",
    "MAX_VIDEO_S",
    "check_analysable",
    "check_declared_size",
    "copy_limited",
    "detect_container",
    "probe",
    "user_words",
]

#: Debian's ffprobe (installed with ffmpeg by ``make sysdeps``).
FFPROBE = "/usr/bin/ffprobe"
#: Containers we accept, as named by :func:`detect_container`.
CONTAINERS: tuple[str, ...] = ("mp4", "mov", "webm", "avi")
EXPECTED = msg("an MP4, MOV, WebM or AVI video (checked by its content, not its name)")
#: Longest video the analysis takes, seconds [design]: one filmed set lasts a
#: few minutes (60 reps at a 3 s descent are 4 min); a longer file is a whole
#: workout, and would hold the one job worker for as long as it plays or longer.
MAX_VIDEO_S = 600.0
_CHUNK_BYTES = 1 << 20
_MB = 1024 * 1024
_PROBE_TIMEOUT_S = 30


def user_words(text: str, stored: Path, filename: str) -> str:
    """``text`` with the stored file's path and name replaced by the user's name."""
    return text.replace(str(stored), filename).replace(stored.name, filename)


def _too_large(
    settings: Settings, size_bytes: int, filename: str | None
) -> InvalidInput:
    size_mb = size_bytes / _MB
    what = f"{filename} is" if filename else "The video is"
    return InvalidInput(
        "video",
        f"{size_mb:.0f} MB",
        f"a video of at most {settings.max_upload_mb} MB",
        message=(
            f"{what} too large: {size_mb:.0f} MB or more, and the limit is "
            f"{settings.max_upload_mb} MB. Trim it to the set, or film at 720p "
            "(enough for the analysis)."
        ),
    )


def check_declared_size(settings: Settings, size_bytes: int | None) -> None:
    """Refuse an upload whose announced size is over ``max_upload_mb`` (before
    the body, and so the file name, is read)."""
    if size_bytes is not None and size_bytes > settings.max_upload_mb * _MB:
        raise _too_large(settings, size_bytes, None)


def detect_container(head: bytes) -> str | None:
    """The container named by a file's first bytes, or None when not a video."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "mov"  # QuickTime files written without an ftyp box
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"  # Matroska / WebM
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return None


def copy_limited(
    settings: Settings, source: IO[bytes], target: Path, filename: str
) -> int:
    """Copy ``source`` to ``target``, refusing it once over ``max_upload_mb``."""
    limit = settings.max_upload_mb * _MB
    written = 0
    with target.open("wb") as out:
        while block := source.read(_CHUNK_BYTES):
            written += len(block)
            if written > limit:
                raise _too_large(settings, written, filename)
            out.write(block)
    return written


def probe(path: Path, filename: str) -> dict[str, Any]:
    """ffprobe's view of the file: a video stream and a duration (or refuse)."""
    ffprobe = FFPROBE if Path(FFPROBE).is_file() else shutil.which("ffprobe")
    if ffprobe is None:
        return {}  # no ffprobe: the magic bytes were checked; OpenCV decides
    command = [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
               "stream=codec_name,width,height:format=duration", "-of", "json",
               str(path)]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=_PROBE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise InvalidInput("video", filename, EXPECTED) from None
    data: dict[str, Any] = json.loads(done.stdout or b"{}") if done.stdout else {}
    streams = data.get("streams") or []
    if done.returncode != 0 or not streams:
        raise InvalidInput(
            "video",
            filename,
            EXPECTED,
            message=msg(
                "Invalid value for video: %(filename)s has no video stream a "
                "decoder can read; expected %(expected)s.",
                filename=filename,
                expected=EXPECTED,
            ),
        )
    return {"stream": streams[0], "format": data.get("format") or {}}


def _decoder() -> ModuleType:
    try:
        return importlib.import_module("pushback.video.decode")
    except ImportError as error:  # the job could not decode it either
        raise vision_missing(error) from None


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def check_analysable(path: Path, filename: str, duration_s: float | None) -> None:
    """Refuse a video the analysis job would refuse: OpenCV cannot open it, its
    picture is over 8K, or it is longer than :data:`MAX_VIDEO_S`.

    ``duration_s`` is ffprobe's (None: OpenCV's estimate is used). Messages name
    ``filename``, the user's name for the file.

    Raises:
        InvalidInput: one of the above, with the reason.
        AnalysisFailed: OpenCV is not installed (``make vision``).
    """
    decode = _decoder()
    try:
        info = decode.probe_video(path)
        decode.check_picture(info)
    except InvalidInput as error:
        raise InvalidInput(
            error.field or "video",
            filename,
            error.expected,
            message=user_words(error.message, path, filename),
        ) from None
    seconds = duration_s if duration_s is not None else float(info.duration_s)
    if seconds > MAX_VIDEO_S:
        raise InvalidInput(
            "video",
            f"{filename} ({_minutes(seconds)})",
            msg("a video of at most %(duration)s", duration=_minutes(MAX_VIDEO_S)),
            message=msg(
                "Invalid value for video: %(filename)s lasts %(value)s, and the "
                "analysis takes at most %(value2)s; film one set per video, or "
                "trim it to the set.",
                filename=filename,
                value=_minutes(seconds),
                value2=_minutes(MAX_VIDEO_S),
            ),
        )
