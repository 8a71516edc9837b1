"""Thresholds of the video analysis: one frozen dataclass, documented defaults, units.

Lengths are in **arm lengths**: the body scale is the larger of the arm length
(shoulder-elbow plus elbow-wrist in the image) and ``shoulder_width_factor`` times
the shoulder width (which does not shorten when a front view foreshortens the arms),
taken as the ``scale_percentile`` over the last ``scale_window_s`` seconds. So the
numbers do not depend on the camera distance or the resolution. The rep signal is
the *height* of the shoulder above the wrist in arm lengths: about 1 with straight
arms under the shoulders, about 0.2-0.4 at the bottom of a full push-up.

No study validates 2D-pose cut-offs (brief section 6: "numbers from open-source
MediaPipe trackers are heuristics"), so every threshold here is **[design]**, chosen
as a round value with margin on both sides of what the labelled clips show, and
applied with hysteresis. Override named fields with :func:`dataclasses.replace` or
:meth:`AnalysisConfig.with_overrides`; never mutate the defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = ["DEFAULT_CONFIG", "AnalysisConfig"]


@dataclass(frozen=True)
class AnalysisConfig:
    """Every setting of the rep analysis, with its unit in the name or below."""

    #: Internal uniform sampling rate, Hz. Frames are resampled to it (VFR, drops).
    sample_rate_hz: float = 30.0
    #: Landmark visibility under which a point is not used (brief section 6: ~0.5).
    min_visibility: float = 0.5
    #: Longest run of missing frames bridged by interpolation, s; longer = a break.
    max_gap_s: float = 0.5
    #: Running median against one-frame spikes, s (about 5 samples at 30 Hz).
    median_window_s: float = 0.17
    #: Second smoothing stage: "savgol", "mean" or "median".
    smoothing_filter: str = "savgol"
    #: Window of the second stage, s; keeps the shortest (0.4 s) reps.
    smoothing_window_s: float = 0.23
    #: Polynomial order of the Savitzky-Golay stage.
    savgol_order: int = 2
    #: Window of the running arm-length reference, s.
    scale_window_s: float = 10.0
    #: Percentile of recent body scales used (foreshortening only ever shortens).
    scale_percentile: float = 80.0
    #: Arm length per shoulder width seen face-on; front-view clips show 0.65-0.7
    #: shoulder widths per arm length ([design], 1 / 0.7).
    shoulder_width_factor: float = 1.4
    #: Smallest dip or rise (arm lengths) that is movement rather than jitter.
    pivot_swing: float = 0.15
    #: Smallest descent and ascent (arm lengths) of a complete rep until the person's
    #: own range is known (no rep counted yet).
    rep_swing: float = 0.3
    #: The person's range is the median depth of their last ``range_reps`` counted reps;
    #: a rep shallower than this fraction of it is partial. The range follows fatigue.
    partial_depth_fraction: float = 0.5
    #: Counted reps the range is taken over (a few: fatigue shrinks it rep by rep).
    range_reps: int = 5
    #: Whatever the range, a rep goes down and back up at least this much (arm lengths).
    min_rep_swing: float = 0.2
    #: The rep is back up once it regains this fraction of its descent.
    return_fraction: float = 0.75
    #: Until the signal is seen still (range under ``still_band`` for ``still_s``) or
    #: rising ``pivot_swing`` to a top, a stretch (video start, after a cut) may begin
    #: mid-rep; a rep started then is partial.
    still_band: float = 0.03
    #: See ``still_band``, s.
    still_s: float = 0.15
    #: ...unless it began within this fraction of its ascent below the top it came
    #: back to (the video started at the top, just as the descent began).
    unseen_top_fraction: float = 0.15
    #: A top held this long (s) without a new high confirms the end of a rep.
    top_confirm_s: float = 0.25
    #: A rep starts (ends) where the height's speed falls under this fraction of its
    #: fastest descent (ascent): the end of the top hold, the arms straight again.
    onset_speed_fraction: float = 0.1
    #: Band over the lowest point (fraction of the swing) counted as "the bottom phase".
    bottom_band_fraction: float = 0.15
    #: Reps faster than this (s, start to end) are treated as noise.
    min_rep_s: float = 0.3
    #: A descent not back up within this time (s) is dropped as a partial rep.
    max_rep_s: float = 20.0
    #: Wrists moving more than this (arm lengths, vertically) in a rep: not a push-up.
    max_wrist_travel: float = 0.5
    #: Body-centre move (arm lengths) allowed between two frames before a jump.
    jump_distance: float = 0.25
    #: Plus this body-centre speed (arm lengths per s) times the time between frames.
    jump_speed: float = 2.0
    #: A body-size change larger than this ratio between frames is a jump.
    jump_scale_ratio: float = 2.0
    #: Visibility lead (0-1) one side needs before the other side is ignored.
    side_visibility_margin: float = 0.15
    #: Prescribed descent, s (seed and brief: 3 s), used when the exercise has no tempo.
    prescribed_descent_s: float = 3.0
    #: Tolerance around the prescribed descent, s (brief section 6 tempo row, [design]).
    tempo_tolerance_s: float = 0.5

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if (
                isinstance(value, int | float)
                and not value > 0
                and f.name != "savgol_order"
            ):
                raise InvalidInput(f.name, value, msg("a positive number"))
        if not 0 < self.return_fraction <= 1 or not 0 < self.partial_depth_fraction < 1:
            raise InvalidInput(
                "return_fraction", self.return_fraction, msg("a fraction in (0, 1]")
            )
        if self.smoothing_filter not in ("savgol", "mean", "median"):
            raise InvalidInput(
                "smoothing_filter",
                self.smoothing_filter,
                msg("one of savgol, mean, median"),
            )
        if self.min_rep_swing > self.rep_swing:
            raise InvalidInput(
                "min_rep_swing",
                self.min_rep_swing,
                msg("<= rep_swing (%(rep_swing)s)", rep_swing=self.rep_swing),
            )
        if self.pivot_swing > self.rep_swing:
            raise InvalidInput(
                "pivot_swing",
                self.pivot_swing,
                msg("<= rep_swing (%(rep_swing)s)", rep_swing=self.rep_swing),
            )

    def with_overrides(self, **overrides: Any) -> AnalysisConfig:
        """A copy with named fields replaced.

        Raises:
            InvalidInput: an unknown field or an invalid value.
        """
        names = {f.name for f in dataclasses.fields(self)}
        for key in overrides:
            if key not in names:
                raise InvalidInput(
                    "setting",
                    key,
                    msg("one of %(choices)s", choices=", ".join(sorted(names))),
                )
        return dataclasses.replace(self, **overrides)


#: The shipped defaults.
DEFAULT_CONFIG = AnalysisConfig()
