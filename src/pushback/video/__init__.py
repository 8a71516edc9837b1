"""The edge of the analysis: the only package importing OpenCV and MediaPipe.

:mod:`~pushback.video.decode` decodes a file frame by frame (rotation applied,
timestamps kept); :mod:`~pushback.video.pose` runs BlazePose on each frame and
returns a :class:`~pushback.analysis.keypoints.KeypointSeries`. Importing this
package itself imports neither library, so callers can report a missing install.
"""

from __future__ import annotations

__all__: list[str] = []
