"""Measuring the counter against hand labels and against the classic baseline.

* :func:`count_reps_classic` is the rule most open-source trackers use: a rep is the
  elbow angle going below 90 deg, then above 160 deg, on the better-seen arm (brief
  section 6, "trackers use <90 deg down and >160 deg up"), on raw keypoints.
* :func:`match_by_bottom` pairs found reps with labelled reps by bottom time, so
  timing errors compare the same rep.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pushback.analysis.angles import compute_angle
from pushback.analysis.keypoints import KeypointSeries, landmark_index

__all__ = [
    "CLASSIC_DOWN_DEG",
    "CLASSIC_UP_DEG",
    "count_reps_classic",
    "match_by_bottom",
]

CLASSIC_DOWN_DEG = 90.0
CLASSIC_UP_DEG = 160.0


def _better_seen_side(series: KeypointSeries) -> str:
    """``left`` or ``right``: the arm with the higher mean visibility."""
    means = {}
    for side in ("left", "right"):
        idx = [
            landmark_index(f"{side}_{part}") for part in ("shoulder", "elbow", "wrist")
        ]
        vis = series.points[:, idx, 3]
        means[side] = float(np.nanmean(vis)) if np.isfinite(vis).any() else 0.0
    return max(means, key=lambda side: means[side])


def count_reps_classic(
    series: KeypointSeries,
    *,
    down_deg: float = CLASSIC_DOWN_DEG,
    up_deg: float = CLASSIC_UP_DEG,
) -> int:
    """Reps counted by the classic elbow-angle rule (below ``down_deg``, then above
    ``up_deg``) on the better-seen arm; frames without a person are skipped."""
    if len(series) == 0:
        return 0
    elbow = compute_angle(series.points, f"{_better_seen_side(series)}_elbow")
    count, down = 0, False
    for angle in elbow[np.isfinite(elbow)]:
        if not down and angle < down_deg:
            down = True
        elif down and angle > up_deg:
            down = False
            count += 1
    return count


def match_by_bottom(
    found_s: Sequence[float],
    labelled_s: Sequence[float],
    *,
    max_distance_s: float = 1.0,
) -> list[tuple[int, int]]:
    """Pairs (found index, labelled index) of bottoms within ``max_distance_s``.

    Greedy by distance, each rep used at most once.
    """
    pairs = sorted(
        (abs(f - lab), i, j)
        for i, f in enumerate(found_s)
        for j, lab in enumerate(labelled_s)
        if abs(f - lab) <= max_distance_s
    )
    used_found: set[int] = set()
    used_label: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, i, j in pairs:
        if i not in used_found and j not in used_label:
            used_found.add(i)
            used_label.add(j)
            matches.append((i, j))
    return sorted(matches)
