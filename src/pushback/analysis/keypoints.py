"""Timestamped body keypoints: the neutral type between a pose model and the analysis.

Conventions (every stage downstream relies on them):

* ``points`` has shape ``(frames, 33, 4)``; the last axis is
  ``[x_px, y_px, z_px, visibility]``. ``x_px``/``y_px`` are image pixels of the
  *displayed* (rotation-corrected) frame, origin top-left, **y grows downwards**.
  ``z_px`` is BlazePose's relative depth on the x scale (less accurate than x/y: never
  used for thresholds). ``visibility`` is in [0, 1].
* A frame where no person was found is a row of NaN (never zeros), so missing data is
  explicit and counted by :attr:`KeypointSeries.frames_without_person`.
* ``t_s`` holds each frame's presentation time in seconds, strictly increasing; it is
  the truth for timing (variable frame rate videos included), ``frame_rate_hz`` is the
  nominal rate, for information only.
* Landmark indices are BlazePose's 33 (:data:`LANDMARKS`): left = the person's left.

The JSON format (``save``/``load``, ``pushback analyze --keypoints-out``) is::

    {"format": "pushback-keypoints", "version": 1, "width_px": W, "height_px": H,
     "frame_rate_hz": F, "model": "full", "source": "clip.mp4",
     "t_s": [...], "points": [[[x, y, z, v] * 33] | null, ...]}
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LANDMARKS",
    "LANDMARK_COUNT",
    "KeypointSeries",
    "landmark_index",
]

FORMAT_NAME = "pushback-keypoints"
FORMAT_VERSION = 1

#: BlazePose landmark names by index (MediaPipe Pose, 33 landmarks).
LANDMARKS: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
LANDMARK_COUNT = len(LANDMARKS)
_INDEX = {name: i for i, name in enumerate(LANDMARKS)}


def landmark_index(name: str) -> int:
    """Index of a BlazePose landmark by name (``"left_elbow"`` -> 13).

    Raises:
        InvalidInput: the name is not one of :data:`LANDMARKS`.
    """
    try:
        return _INDEX[name]
    except KeyError:
        raise InvalidInput("landmark", name, msg("a BlazePose landmark name")) from None


@dataclass(frozen=True, eq=False)
class KeypointSeries:
    """Keypoints of one video: ``t_s`` (frames,), ``points`` (frames, 33, 4).

    Build it with :meth:`create` (which checks shapes and times) or :meth:`load`.
    """

    t_s: NDArray[np.float64]
    points: NDArray[np.float64]
    width_px: int
    height_px: int
    frame_rate_hz: float
    model: str | None = None
    source: str | None = None

    @classmethod
    def create(  # noqa: PLR0913 - the fields of the record, all keyword-only
        cls,
        *,
        t_s: Sequence[float] | NDArray[np.float64],
        points: NDArray[np.float64],
        width_px: int,
        height_px: int,
        frame_rate_hz: float,
        model: str | None = None,
        source: str | None = None,
    ) -> KeypointSeries:
        """Check and freeze a series.

        Raises:
            InvalidInput: shapes disagree, times are not increasing, or sizes are bad.
        """
        times = np.asarray(t_s, dtype=np.float64).reshape(-1)
        pts = np.asarray(points, dtype=np.float64)
        if pts.ndim != 3 or pts.shape[1:] != (LANDMARK_COUNT, 4):
            raise InvalidInput(
                "points", pts.shape, msg("an array of shape (frames, 33, 4)")
            )
        if pts.shape[0] != times.shape[0]:
            raise InvalidInput(
                "t_s",
                times.shape[0],
                msg("one time per frame (%(frames)s frames)", frames=pts.shape[0]),
            )
        if times.size and (
            not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0)
        ):
            raise InvalidInput(
                "t_s", "non-increasing", msg("strictly increasing seconds")
            )
        if width_px <= 0 or height_px <= 0:
            raise InvalidInput(
                "size", (width_px, height_px), msg("positive pixel sizes")
            )
        if not math.isfinite(frame_rate_hz) or frame_rate_hz <= 0:
            raise InvalidInput("frame_rate_hz", frame_rate_hz, msg("a positive number"))
        times.setflags(write=False)
        pts.setflags(write=False)
        return cls(
            times,
            pts,
            int(width_px),
            int(height_px),
            float(frame_rate_hz),
            model,
            source,
        )

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @property
    def duration_s(self) -> float:
        """Time from the first to the last frame plus one nominal frame, seconds."""
        if not len(self):
            return 0.0
        return float(self.t_s[-1] - self.t_s[0]) + 1.0 / self.frame_rate_hz

    @property
    def has_person(self) -> NDArray[np.bool_]:
        """Boolean mask (frames,): a person was found in the frame."""
        return np.asarray(np.isfinite(self.points[:, :, 0]).any(axis=1))

    @property
    def frames_without_person(self) -> int:
        """How many frames have no person at all."""
        return int(len(self) - np.count_nonzero(self.has_person))

    def frames(self) -> Iterator[tuple[float, NDArray[np.float64] | None]]:
        """Yield ``(t_s, points (33, 4) or None)`` frame by frame, as a live feed."""
        person = self.has_person
        for i in range(len(self)):
            yield float(self.t_s[i]), (self.points[i] if person[i] else None)

    def _rows(self) -> Iterator[Any]:
        person = self.has_person
        for i in range(len(self)):
            if not person[i]:
                yield None
                continue
            frame = np.round(self.points[i], 3)
            yield [[_num(v) for v in lm] for lm in frame.tolist()]

    def _header(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "width_px": self.width_px,
            "height_px": self.height_px,
            "frame_rate_hz": self.frame_rate_hz,
            "model": self.model,
            "source": self.source,
            "t_s": [round(float(t), 6) for t in self.t_s],
        }

    def to_json_dict(self) -> dict[str, Any]:
        """The series as the documented JSON structure (coordinates to 0.001)."""
        return {**self._header(), "points": list(self._rows())}

    @classmethod
    def from_json_dict(cls, data: Any) -> KeypointSeries:
        """Rebuild a series from :meth:`to_json_dict` output.

        Raises:
            InvalidInput: not a pushback keypoints document, or malformed.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise InvalidInput(
                "keypoints",
                "unknown document",
                msg('a "%(format_name)s" JSON file', format_name=FORMAT_NAME),
            )
        if data.get("version") != FORMAT_VERSION:
            raise InvalidInput(
                "version",
                data.get("version"),
                str(FORMAT_VERSION),
            )
        try:
            rows = data["points"]
            pts = np.full((len(rows), LANDMARK_COUNT, 4), np.nan)
            for i, row in enumerate(rows):
                if row is not None:
                    pts[i] = np.asarray(row, dtype=np.float64)
            return cls.create(
                t_s=np.asarray(data["t_s"], dtype=np.float64),
                points=pts,
                width_px=int(data["width_px"]),
                height_px=int(data["height_px"]),
                frame_rate_hz=float(data["frame_rate_hz"]),
                model=data.get("model"),
                source=data.get("source"),
            )
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidInput):
                raise
            raise InvalidInput(
                "keypoints", str(error), msg("the pushback keypoints layout")
            ) from None

    def save(self, path: Path) -> None:
        """Write the series as JSON to ``path`` (parent folders are created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("w") as out:  # frame by frame: no whole-video structure in memory
            header = json.dumps(self._header(), separators=(",", ":"))
            out.write(header[:-1] + ',"points":[')
            for i, row in enumerate(self._rows()):
                out.write(("," if i else "") + json.dumps(row, separators=(",", ":")))
            out.write("]}")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> KeypointSeries:
        """Read a series written by :meth:`save`.

        Raises:
            InvalidInput: the file is missing, not JSON, or not a keypoints document.
        """
        try:
            text = path.read_text()
        except OSError as error:
            raise InvalidInput(
                "keypoints", str(path), msg("a readable file (%(error)s)", error=error)
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise InvalidInput(
                "keypoints", str(path), msg("a JSON keypoints file")
            ) from None
        return cls.from_json_dict(data)


def _num(value: float) -> float | None:
    return None if math.isnan(value) else value
