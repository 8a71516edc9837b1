"""The edge of the analysis: the only package importing OpenCV and MediaPipe.

:mod:`~pushback.video.decode` decodes a file frame by frame (rotation applied,
timestamps kept); :mod:`~pushback.video.pose` runs BlazePose on each frame and
returns a :class:`~pushback.analysis.keypoints.KeypointSeries`;
:mod:`~pushback.video.framing` finds which way up the video is and whom to
follow. Importing this package itself imports neither library, so callers can
report a missing install.
"""

from __future__ import annotations

import os

from pushback.domain.errors import AnalysisFailed
from pushback.domain.phrases import msg

__all__ = ["VISION_INSTALL_HINT", "vision_missing"]

#: What to do when the video packages are missing (shown by every use case that
#: needs them).
VISION_INSTALL_HINT = msg(
    "Video analysis needs mediapipe and opencv, which are not installed. Install them "
    "with `make vision` (pip install --no-deps -r requirements/vision.txt, then copy "
    "the lite/heavy models from node_modules/@mediapipe/pose), or analyse saved "
    "keypoints with --keypoints FILE."
)


def vision_missing(error: ImportError) -> AnalysisFailed:
    """The error of every use case that needs the video packages when one is
    missing: what to install, and what the import said."""
    return AnalysisFailed(
        msg("%(hint)s (%(error)s)", hint=VISION_INSTALL_HINT, error=str(error))
    )


# Before mediapipe is imported (by pose.py or framing.py): quiet TensorFlow Lite and
# glog; the absl start-up lines are filtered by _quiet.native_logs_filtered.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("GLOG_minloglevel", "2")
