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
  both are; where the other one was is painted grey in every frame (a push-up stays
  in place), so the tracker cannot drift to them, and a warning says another person
  is in view.

Costs two still-image inferences per sampled frame (one when nobody is found), about
one per second of video against the tracker's 20: a few per cent of the time.
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
from pushback.domain.phrases import msg
from pushback.video._quiet import native_logs_filtered
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
#: The picture is upright when the forearms point down: mean cosine over the samples
#: (1 = all straight down; a sample without a person counts 0) of at least this.
ARMS_DOWN = 0.5
#: Another quarter turn is used only when it scores this much better.
TURN_MARGIN = 0.2
#: A second person must be seen this well (share of the first's score) in at least
#: :data:`SECOND_SAMPLES` sampled frames (one sample is a glimpse or a false find).
SECOND_SCORE = 0.5
SECOND_SAMPLES = 2
#: Margin around another person's box painted grey, share of the box's longer side.
HIDE_MARGIN = 0.1
#: Side of the sampled frames given to the model, px (enough for the detector).
SAMPLE_SIDE_PX = 640
_ROTATIONS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}

Image = NDArray[np.uint8]
Box = tuple[float, float, float, float]
Points = NDArray[np.float64]


@dataclass(frozen=True)
class Framing:
    """How to present the frames to the tracker.

    ``rotation_deg``: extra clockwise turn of the decoded (metadata-rotated) frames;
    ``hide``: boxes (x0, y0, x1, y1), as fractions (0-1) of the turned picture's
    width and height, painted grey before the model sees a frame (another person);
    ``warnings``: what the report should say about it.
    """

    rotation_deg: int = 0
    hide: tuple[Box, ...] = ()
    warnings: list[str] = field(default_factory=list)


def rotate(rgb: Image, rotation_deg: int) -> Image:
    """The picture turned clockwise by ``rotation_deg`` (0, 90, 180 or 270)."""
    if rotation_deg == 0:
        return rgb
    return np.ascontiguousarray(cv2.rotate(rgb, _ROTATIONS[rotation_deg]))


def _samples(path: Path, info: VideoInfo) -> list[Image]:
    duration = info.duration_s or 10.0
    wanted = int(min(MAX_SAMPLES, max(MIN_SAMPLES, duration / SAMPLE_EVERY_S)))
    frames: Iterator[DecodedFrame] = iter_frames(
        path, max_side_px=SAMPLE_SIDE_PX, min_interval_s=duration / wanted
    )
    return [f.rgb for f in frames][:MAX_SAMPLES]


def _pose(model: Any, rgb: Image) -> Points | None:
    result = model.process(rgb)
    if result.pose_landmarks is None:
        return None
    h, w = rgb.shape[:2]
    out = np.empty((LANDMARK_COUNT, 4), dtype=np.float64)
    for i, lm in enumerate(result.pose_landmarks.landmark):
        out[i] = (lm.x * w, lm.y * h, lm.z * w, lm.visibility)
    return out


def _people(model: Any, rgb: Image, first: Points | None) -> list[Points]:
    """Up to two people: ``first``, the one the model finds, then one found with it
    hidden."""
    if first is None:
        return []
    box = body_box(first)
    if box is None:
        return [first]
    grown = _grow(box, 0.1, rgb.shape[1], rgb.shape[0])
    hidden = rgb.copy()
    hidden[grown[1] : grown[3], grown[0] : grown[2]] = 127
    second = _pose(model, hidden)
    if second is None or seen_score(second) < SECOND_SCORE * seen_score(first):
        return [first]
    other = body_box(second)
    if other is None or _overlap(box, other) > 0.5:
        return [first]
    centre = (other[:2] + other[2:]) / 2
    if not (0 <= centre[0] <= rgb.shape[1] and 0 <= centre[1] <= rgb.shape[0]):
        return [first]  # mostly outside the picture: a guess, not a person
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


def _uprightness(found: list[Points | None]) -> float:
    """Mean over the samples of how straight down the forearms point (0 where no
    person is found or the forearms point sideways or up)."""
    downs = [None if p is None else arms_down(p) for p in found]
    return sum(max(d, 0.0) for d in downs if d is not None) / max(len(found), 1)


def _orientation(model: Any, samples: list[Image]) -> tuple[int, list[Points | None]]:
    """The quarter turn under which the person is found upright in most samples,
    and the person found in each sample turned so."""
    best = (0, [_pose(model, rgb) for rgb in samples])
    best_score = _uprightness(best[1])
    if best_score >= ARMS_DOWN:
        return best
    for turn in (90, 270, 180):
        found = [_pose(model, rotate(rgb, turn)) for rgb in samples]
        score = _uprightness(found)
        if score > max(best_score + TURN_MARGIN, ARMS_DOWN):
            best, best_score = (turn, found), score
    return best


def _turn_note(turn: int) -> str:
    how = {90: msg("a quarter turn clockwise"), 180: msg("upside down"),
           270: msg("a quarter turn anticlockwise")}[turn]  # fmt: skip
    return msg(
        "the video was sideways or upside down: it was turned %(how)s to see the "
        "person upright (film with the phone's rotation lock off, or hold it level)",
        how=how,
    )


def choose_framing(path: Path, info: VideoInfo, model_complexity: int) -> Framing:
    """Orientation and whom to follow (see the module docstring)."""
    samples = _samples(path, info)
    if not samples:
        return Framing()
    with (
        native_logs_filtered(),
        mp.solutions.pose.Pose(
            static_image_mode=True,
            model_complexity=model_complexity,
            enable_segmentation=False,
            min_detection_confidence=0.5,
        ) as model,
    ):
        turn, found = _orientation(model, samples)
        turned = [rotate(rgb, turn) for rgb in samples]
        seen = [_people(model, rgb, p) for rgb, p in zip(turned, found, strict=True)]
    warnings = [_turn_note(turn)] if turn else []
    several = [people for people in seen if len(people) > 1]
    if len(several) < SECOND_SAMPLES:
        return Framing(turn, (), warnings)
    warnings.append(
        msg(
            "another person is in view: the analysis follows the one doing push-ups "
            "(film one person at a time for the surest count)"
        )
    )
    return Framing(turn, _others(seen, turned[0].shape), warnings)


def _others(seen: list[list[Points]], shape: tuple[int, ...]) -> tuple[Box, ...]:
    """Where the people not followed were over the samples (nothing where they
    overlap the followed person), as fractions of the picture."""
    everyone = [p for people in seen for p in people]
    reference = body_box(_pick(everyone))
    if reference is None:
        return ()
    centre = (reference[:2] + reference[2:]) / 2
    reach = 0.5 * float(np.hypot(*(reference[2:] - reference[:2])))
    followed, others = [], []
    for people in seen:  # the same person in each sample: the one near the reference
        found = [b for b in (body_box(p) for p in people) if b is not None]
        near = sorted(found, key=lambda b: _distance(b, centre))
        if near and _distance(near[0], centre) <= reach:
            followed.append(near.pop(0))
        others += near
    if not others or not followed:
        return ()
    mine = _union(followed)
    height, width = shape[0], shape[1]
    hide = []
    for box in others:
        x0, y0, x1, y1 = _grow(box, HIDE_MARGIN, width, height)
        if _overlap(mine, np.array([x0, y0, x1, y1], dtype=np.float64)) == 0:
            hide.append((x0 / width, y0 / height, x1 / width, y1 / height))
    return tuple(hide)


def _union(boxes: list[Points]) -> Points:
    b = np.array(boxes)
    return np.array([*b[:, :2].min(axis=0), *b[:, 2:].max(axis=0)])


def _distance(box: Points, centre: Points) -> float:
    return float(np.hypot(*((box[:2] + box[2:]) / 2 - centre)))
