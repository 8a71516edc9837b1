"""The result of analysing one set, and its JSON contract.

``AnalysisResult.to_dict()`` is exactly the contract of ``pushback analyze --json``::

    {"rep_count": int,            # complete reps
     "partial_reps": int,         # reps seen but not counted
     "view": "side" | "front" | "oblique" | "overhead" | "unknown",
     "warnings": [str, ...],
     "reps": [{"index", "start_s", "bottom_s", "end_s", "descent_s",
               "bottom_pause_s", "ascent_s", "min_elbow_deg", "faults",
               "descent_verdict": {"kind", "side", "delta_s", "outside_s"}}, ...],
     "tempo": {"prescribed_descent_s", "tolerance_s", "close_s", "source",
               "reps_timed", "mean_descent_s", "median_descent_s", "reps_on_target",
               "reps_close", "reps_too_fast", "reps_too_slow", "verdict"}}

Every verdict on a descent comes from :func:`pushback.domain.tempo.descent_verdict`.

Times are seconds from the start of the video, rounded to 0.01 s; ``min_elbow_deg``
is in degrees (180 = straight), rounded to 0.1, or null when the elbow was not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from pushback.analysis.reps import Rep
from pushback.analysis.view import View
from pushback.domain.tempo import (
    CLOSE_S,
    DescentVerdict,
    descent_verdict,
    set_verdict,
    too_fast_below_s,
)

if TYPE_CHECKING:  # the form summary imports this module
    from pushback.analysis.feedback import FormSummary

__all__ = ["AnalysisResult", "SmoothedSignal", "TempoSummary", "summarise_tempo"]


@dataclass(frozen=True)
class TempoSummary:
    """The set's descents against the prescribed descent (seconds).

    A rep is on target when its ``descent_s`` is within ``tolerance_s`` of
    ``prescribed_descent_s`` (brief section 6: tolerance +-0.5 s, [design]).
    """

    prescribed_descent_s: float
    tolerance_s: float
    source: str
    descents_s: tuple[float, ...] = ()

    close_s: float = CLOSE_S

    def judge(self, descent_s: float) -> DescentVerdict:
        """The verdict on one descent (s) against this set's target."""
        return descent_verdict(
            descent_s,
            target_s=self.prescribed_descent_s,
            tolerance_s=self.tolerance_s,
            close_s=self.close_s,
        )

    @property
    def too_fast_below_s(self) -> float:
        """Descents (s) under this are *too fast*: past the close band."""
        return too_fast_below_s(
            target_s=self.prescribed_descent_s,
            tolerance_s=self.tolerance_s,
            close_s=self.close_s,
        )

    def _count(self, side: str) -> int:
        return sum(self.judge(d).side == side for d in self.descents_s)

    @property
    def reps_on_target(self) -> int:
        """Reps whose descent is within the tolerance."""
        return self._count("on")

    @property
    def reps_close(self) -> int:
        """Reps outside the tolerance but within the close band."""
        return sum(self.judge(d).kind == "close" for d in self.descents_s)

    @property
    def reps_too_fast(self) -> int:
        """Reps lowered faster than the prescription allows."""
        return self._count("fast")

    @property
    def reps_too_slow(self) -> int:
        """Reps lowered slower than the prescription allows."""
        return self._count("slow")

    @property
    def verdict(self) -> str:
        """``no reps``, ``on target``, ``too fast`` or ``too slow`` (by the median)."""
        found = set_verdict(
            self.descents_s,
            target_s=self.prescribed_descent_s,
            tolerance_s=self.tolerance_s,
            close_s=self.close_s,
        )
        if found is None:
            return "no reps"
        return {"fast": "too fast", "slow": "too slow"}.get(found.side, "on target")

    def to_dict(self) -> dict[str, Any]:
        """The ``tempo`` object of the JSON contract."""
        d = self.descents_s
        return {
            "prescribed_descent_s": self.prescribed_descent_s,
            "tolerance_s": self.tolerance_s,
            "close_s": self.close_s,
            "source": self.source,
            "reps_timed": len(d),
            "mean_descent_s": _r(float(np.mean(d))) if d else None,
            "median_descent_s": _r(float(np.median(d))) if d else None,
            "reps_on_target": self.reps_on_target,
            "reps_close": self.reps_close,
            "reps_too_fast": self.reps_too_fast,
            "reps_too_slow": self.reps_too_slow,
            "verdict": self.verdict,
        }


def summarise_tempo(
    reps: list[Rep], *, prescribed_descent_s: float, tolerance_s: float, source: str
) -> TempoSummary:
    """Summarise the descents of the complete reps against the prescription."""
    descents = tuple(r.descent_s for r in reps if r.complete)
    return TempoSummary(prescribed_descent_s, tolerance_s, source, descents)


@dataclass(frozen=True)
class SmoothedSignal:
    """The smoothed signals the reps were cut from, on the uniform analysis grid.

    ``t_s`` (n,) seconds; ``height`` (n,) shoulder height above the wrist in arm
    lengths; ``elbow_deg`` (n,) degrees (NaN when unseen); ``side`` (n,) the arm used:
    0 left, 1 right, 2 both.
    """

    t_s: NDArray[np.float64]
    height: NDArray[np.float64]
    elbow_deg: NDArray[np.float64]
    side: NDArray[np.int8]


@dataclass(frozen=True)
class AnalysisResult:
    """Everything the analysis found in one set (see the module docstring)."""

    reps: tuple[Rep, ...]
    partials: tuple[Rep, ...]
    view: View
    warnings: tuple[str, ...]
    tempo: TempoSummary
    frames: int = 0
    frames_without_person: int = 0
    duration_s: float = 0.0
    signal: SmoothedSignal | None = field(default=None, compare=False)
    #: The form judgement (pushback.analysis.feedback.assess_form); adds its keys.
    form: FormSummary | None = field(default=None, compare=False)

    @property
    def rep_count(self) -> int:
        """Complete reps."""
        return len(self.reps)

    @property
    def partial_reps(self) -> int:
        """Reps seen but not counted."""
        return len(self.partials)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``pushback analyze --json`` (module docstring), plus
        the form keys of :class:`~pushback.analysis.feedback.FormSummary` when set."""
        out = {
            "rep_count": self.rep_count,
            "partial_reps": self.partial_reps,
            "view": self.view,
            "warnings": list(self.warnings),
            "reps": [
                rep_to_dict(r)
                | {"descent_verdict": self.tempo.judge(r.descent_s).to_dict()}
                for r in self.reps
            ],
            "tempo": self.tempo.to_dict(),
        }
        if self.form is not None:
            self.form.add_to(out)
        return out


def rep_to_dict(rep: Rep) -> dict[str, Any]:
    """One rep as in the JSON contract."""
    ascent = rep.ascent_s
    return {
        "index": rep.index,
        "start_s": _r(rep.start_s),
        "bottom_s": _r(rep.bottom_s),
        "end_s": None if rep.end_s is None else _r(rep.end_s),
        "descent_s": _r(rep.descent_s),
        "bottom_pause_s": _r(rep.bottom_pause_s),
        "ascent_s": None if ascent is None else _r(ascent),
        "min_elbow_deg": None
        if rep.min_elbow_deg is None
        else round(rep.min_elbow_deg, 1),
        "faults": list(rep.faults),
    }


def _r(value: float) -> float:
    return round(float(value), 2)
