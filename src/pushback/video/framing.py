"""Before tracking: which way up is the video, and whom to follow.

:func:`choose_framing` looks at a few frames spread over the video (one every
:data:`SAMPLE_EVERY_S`, at most :data:`MAX_SAMPLES`) with the pose model in still-image
mode:

* **Orientation.** The rotation metadata is already applied by the decoder. If in
  most sampled frames no person is found, or the person's arms do not point down the
  picture (:func:`~pushback.analysis.posture.arms_down`; true of a push-up from any
  view), the other quarter turns are tried and the one where a person is found with
  the arms down is used, with a note in the report.
* **Several people.** The person found is hidden (their box painted grey) and the
  model runs again; a second person found there means another person is in view. The
  one to follow is the one in the push-up position
  (:func:`~pushback.analysis.posture.is_in_pushup_position`), the one seen best when
  both are; the frames are then cropped around where that person was (a push-up stays
  in place), so the tracker cannot drift to the other one, and a warning says another
  person is in view.

Costs a few still-image inferences per sampled frame: about 3 % of the tracking time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import mediapipe as mp
import numpy as np
from numpy.typing import NDArray

from pushback.analysis.keypoints import LANDMARK_COUNT
from pushback.analysis.posture import (
    arms_down,
    body_box,
    is_in_pushup_position,
    seen_score,
)
from pushback.video.decode import DecodedFrame, VideoInfo, iter_frames

__all__ = [
    "MAX_SAMPLES",
    "SAMPLE_EVERY_S",
    "Framing",
    "choose_framing",
    "rotate",
]

#: One sampled frame every this many seconds of video...
SAMPLE_EVERY_S = 2.0
#: ...at most this many, at least :data:`MIN_SAMPLES`.
MAX_SAMPLES = 16
MIN_SAMPLES = 6
#: Arms pointing within ~45 deg of straight down the picture count as upright.
ARMS_DOWN_COS = 0.7
#: Margin around the followed person's box, as a share of the box's longer side.
CROP_MARGIN = 0.35
#: Side of the sampled frames given to the model, px (enough for the detector).
SAMPLE_SIDE_PX = 640
_ROTATIONS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}

Image = NDArray[np.uint8]
Crop = tuple[float, float, float, float]
Points = NDArray[np.float64]


@dataclass(frozen=True)
class Framing:
    """How to present the frames to the tracker.

    ``rotation_deg``: extra clockwise turn of the decoded (metadata-rotated) frames;
    ``crop``: (x0, y0, x1, y1) as fractions (0-1) of the turned picture's width and
    height, or None for the whole picture;
    ``warnings``: what the report should say about it.
    """

    rotation_deg: int = 0
    crop: Crop | None = None
    warnings: list[str] = field(default_factory=list)


def rotate(rgb: Image, rotation_deg: int) -> Image:
    """The picture turned clockwise by ``rotation_deg`` (0, 90, 180 or 270)."""
    if rotation_deg == 0:
        return rgb
    return np.ascontiguousarray(cv2.rotate(rgb, _ROTATIONS[rotation_deg]))


def _samples(path: Path, info: VideoInfo) -> list[Image]:
    duration = info.duration_s or 10.0
    wanted = int(min(MAX_SAMPLES, max(MIN_SAMPLES, duration / SAMPLE_EVERY_S)))
    every = max(1, int(info.frame_count / wanted)) if info.frame_count else 15
    frames: Iterator[DecodedFrame] = iter_frames(path, max_side_px=SAMPLE_SIDE_PX)
    return [f.rgb for f in frames if f.index % every == every // 2][:MAX_SAMPLES]


def _pose(model: Any, rgb: Image) -> Points | None:
    result = model.process(rgb)
    if result.pose_landmarks is None:
        return None
    h, w = rgb.shape[:2]
    out = np.empty((LANDMARK_COUNT, 4), dtype=np.float64)
    for i, lm in enumerate(result.pose_landmarks.landmark):
        out[i] = (lm.x * w, lm.y * h, lm.z * w, lm.visibility)
    return out


def _is_upright(points: Points | None) -> bool:
    down = None if points is None else arms_down(points)
    return down is not None and down >= ARMS_DOWN_COS


def _people(model: Any, rgb: Image) -> list[Points]:
    """Up to two people: the one the model finds, then one found with it hidden."""
    first = _pose(model, rgb)
    if first is None:
        return []
    box = body_box(first)
    if box is None:
        return [first]
    grown = _grow(box, 0.1, rgb.shape[1], rgb.shape[0])
    hidden = rgb.copy()
    hidden[grown[1] : grown[3], grown[0] : grown[2]] = 127
    second = _pose(model, hidden)
    if second is None or seen_score(second) < 0.25 * seen_score(first):
        return [first]
    other = body_box(second)
    if other is None or _overlap(box, other) > 0.5:
        return [first]
    return [first, second]


def _pick(people: list[Points]) -> Points:
    """The person in the push-up position; the one seen best when both are."""
    return max(people, key=lambda p: (is_in_pushup_position(p), seen_score(p)))


def _grow(box: Points, margin: float, width: int, height: int) -> tuple[int, ...]:
    pad = margin * max(box[2] - box[0], box[3] - box[1])
    return (
        max(0, int(box[0] - pad)),
        max(0, int(box[1] - pad)),
        min(width, int(box[2] + pad) + 1),
        min(height, int(box[3] + pad) + 1),
    )


def _overlap(a: Points, b: Points) -> float:
    """Intersection over the smaller box's area."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return float(w * h / smaller) if smaller > 0 else 1.0


def _upright_share(model: Any, samples: list[Image], turn: int) -> float:
    found = [_pose(model, rotate(rgb, turn)) for rgb in samples]
    return sum(_is_upright(p) for p in found) / max(len(samples), 1)


def _orientation(model: Any, samples: list[Image]) -> int:
    """The quarter turn under which the person is found upright in most samples."""
    best, best_share = 0, _upright_share(model, samples, 0)
    if best_share >= 0.5:
        return 0
    for turn in (90, 270, 180):
        share = _upright_share(model, samples, turn)
        if share > max(best_share, 0.25) + 0.15:
            best, best_share = turn, share
    return best


def _turn_note(turn: int) -> str:
    how = {90: "a quarter turn clockwise", 180: "upside down", 270: "a quarter turn "
           "anticlockwise"}[turn]  # fmt: skip
    return (
        f"the video was sideways or upside down: it was turned {how} to see the "
        "person upright (film with the phone's rotation lock off, or hold it level)"
    )


def choose_framing(path: Path, info: VideoInfo, model_complexity: int) -> Framing:
    """Orientation and whom to follow (see the module docstring)."""
    samples = _samples(path, info)
    if not samples:
        return Framing()
    with mp.solutions.pose.Pose(
        static_image_mode=True,
        model_complexity=model_complexity,
        enable_segmentation=False,
        min_detection_confidence=0.5,
    ) as model:
        turn = _orientation(model, samples)
        turned = [rotate(rgb, turn) for rgb in samples]
        seen = [_people(model, rgb) for rgb in turned]
    warnings = [_turn_note(turn)] if turn else []
    several = [people for people in seen if len(people) > 1]
    if not several:
        return Framing(turn, None, warnings)
    warnings.append(
        "another person is in view: the analysis follows the one doing push-ups "
        "(film one person at a time for the surest count)"
    )
    return Framing(turn, _crop(seen, turned[0].shape), warnings)


def _crop(seen: list[list[Points]], shape: tuple[int, ...]) -> Crop | None:
    """Around the followed person over the samples, as fractions of the picture."""
    everyone = [p for people in seen for p in people]
    reference = body_box(_pick(everyone))
    if reference is None:
        return None
    centre = (reference[:2] + reference[2:]) / 2
    boxes = []
    for people in seen:
        found = [b for b in (body_box(p) for p in people) if b is not None]
        if found:
            boxes.append(min(found, key=lambda b: _distance(b, centre)))
    box = np.array(boxes)
    union = np.array([*box[:, :2].min(axis=0), *box[:, 2:].max(axis=0)])
    height, width = shape[0], shape[1]
    x0, y0, x1, y1 = _grow(union, CROP_MARGIN, width, height)
    if (x1 - x0) * (y1 - y0) > 0.9 * width * height:
        return None
    return (x0 / width, y0 / height, x1 / width, y1 / height)


def _distance(box: Points, centre: Points) -> float:
    return float(np.hypot(*((box[:2] + box[2:]) / 2 - centre)))
