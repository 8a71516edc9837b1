"""Labelled clips played to the live coach as a camera would (tests and ``bench live``).

A live set starts only after the start position is held (~1 s), so each clip is
padded the way the issue asks: its *start position* held for a few seconds, then
the clip, then its last frame held. The start position is the frame where the first
labelled rep begins (``top_before_s``); clips that open mid-rep or before the person
is in view (P04, P05, P06) would otherwise lose their first rep, because the live
coach never counts a rep it saw begin before the start hold.

Nothing here is copied into the repository: clips are read in place, videos for the
fake camera are written to a temporary folder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.evaluation import match_by_bottom
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.reps import Rep

FloatArray = NDArray[np.float64]
HOLD_S = 3.0
TAIL_S = 2.0
#: Clips per view for the quick browser and socket tests; the bench runs them all.
REPRESENTATIVE = {"side": "P05", "oblique": "P08", "front": "P11"}


def start_s(label: dict[str, Any]) -> float:
    """Clip time (s) of the start position: just before the first rep begins."""
    first = label["reps"][0]
    begin = first.get("top_before_s")
    if begin is None:
        begin = first["bottom_s"] - (first.get("descent_s") or 1.5)
    return max(0.0, float(begin) - 0.1)


@dataclass(frozen=True)
class Played:
    """Frames as the browser would send them, and how clip time maps to set time."""

    frames: list[tuple[float, FloatArray | None]]
    offset_s: float


def play(series: KeypointSeries, label: dict[str, Any], fps: float = 30.0) -> Played:
    """The clip's keypoints (normalised) padded with the held start and end."""
    w, h = series.width_px, series.height_px
    scale = np.array([w, h, w, 1.0])

    def norm(points: FloatArray) -> FloatArray | None:
        return None if not np.isfinite(points[0, 0]) else points / scale

    k = int(np.searchsorted(series.t_s, start_s(label)))
    frames: list[tuple[float, FloatArray | None]] = []
    t = 0.0
    while t < HOLD_S - 0.5 / fps:
        frames.append((t, norm(series.points[k])))
        t += 1 / fps
    offset = HOLD_S - float(series.t_s[k])
    for ts, points in zip(series.t_s[k:], series.points[k:], strict=True):
        frames.append((float(ts) + offset, norm(points)))
    t = frames[-1][0]
    for _ in range(int(TAIL_S * fps)):
        t += 1 / fps
        frames.append((t, norm(series.points[-1])))
    return Played(frames, offset)


def descent_errors(
    reps: list[Rep] | tuple[Rep, ...], label: dict[str, Any], offset_s: float
) -> list[float]:
    """|descent found - labelled| (s) of the reps matched by their bottom time.

    Measured as the labels define it (``bottom_s - top_before_s``: half of a bottom
    pause included), as ``bench analysis`` does: ``bottom_s - start_s`` of each rep.
    """
    labelled = [r for r in label["reps"] if r["complete"] and r.get("descent_s")]
    pairs = match_by_bottom(
        [r.bottom_s - offset_s for r in reps], [r["bottom_s"] for r in labelled]
    )
    return [
        abs(reps[i].bottom_s - reps[i].start_s - labelled[j]["descent_s"])
        for i, j in pairs
    ]


def fake_camera_video(  # noqa: PLR0913 - where, what and how small
    clip: Path,
    out: Path,
    *,
    start: float,
    height_px: int = 240,
    fps: int = 15,
    second: Path | None = None,
) -> Path:
    """A .y4m for Chromium's fake camera: the clip from ``start`` s, scaled down, its
    first frame held :data:`HOLD_S` and its last :data:`TAIL_S` (the fake camera loops
    the file). With ``second``, the two clips side by side (``hstack``: two people)."""
    pad = (
        f"scale=-2:{height_px},fps={fps},"
        f"tpad=start_mode=clone:start_duration={HOLD_S}:"
        f"stop_mode=clone:stop_duration={TAIL_S}"
    )
    command = [
        "ffmpeg",
        "-loglevel",
        "error",
        "-y",
        "-ss",
        f"{start:.2f}",
        "-i",
        str(clip),
    ]
    if second is None:
        command += ["-vf", pad]
    else:
        both = f"[0:v]{pad}[a];[1:v]{pad}[b];[a][b]hstack=inputs=2:shortest=1"
        command += ["-i", str(second), "-filter_complex", both]
    command += ["-pix_fmt", "yuv420p", "-an", str(out)]
    subprocess.run(command, check=True, timeout=300)
    return out


def iter_counting(labels: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The clips whose count can be judged (``count_eval``)."""
    for clip_id, label in sorted(labels.items()):
        if label["count_eval"]:
            yield clip_id, label
