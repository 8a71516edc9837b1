"""Form metrics -> coaching: per-rep faults, messages, tempo compliance, where to stop.

:func:`assess_form` is the one entry point: it measures every counted rep
(:mod:`pushback.analysis.form`), flags faults (:mod:`pushback.analysis.faults`),
writes each rep's ``faults`` and attaches a :class:`FormSummary` to the result, whose
keys join the JSON contract of ``pushback analyze --json``::

    "feedback":        [{"code", "message", "reps": [rep indices]}, ...]
    "stop_at_rep":     int | null      # first rep of a lasting breakdown
    "stop_reason":     str | null
    "tempo_compliance": {"prescribed_descent_s", "tolerance_s", "source",
                         "reps_timed", "reps_on_target", "fraction_on_target",
                         "message"}
    "form":            {"view", "side", "thresholds": {FormConfig field: value}}
    reps[i]["metrics"]: {metric: {"value", "unit", "basis" | "reason"}}

**Form trend** (the seed's first warning: form breaking down as volume grows): a rep
is *broken* when the hips sag (``hip-sag``), the depth shrinks (the smallest elbow
angle ``depth_loss_deg`` over the median of the first ``baseline_reps`` reps) or the
descent speeds up (shorter than the first reps' by more than the tempo tolerance
*and* under the prescribed descent minus the tolerance). ``stop_at_rep`` is the first
rep that starts ``stop_consecutive_reps`` broken reps in a row (brief section 4 stop
signal: "hip sag or depth loss on 2 consecutive reps") after which the set never has
that many clean reps in a row again: the breakdown stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from pushback.analysis.faults import (
    DEFAULT_FORM_CONFIG,
    FAULT_CODES,
    FAULTS,
    FormConfig,
    catalog_cue,
    detect_faults,
    fault_advice,
)
from pushback.analysis.form import RepForm, frame_signals, measure_reps
from pushback.analysis.keypoints import KeypointSeries
from pushback.analysis.reps import Rep
from pushback.domain.catalog import Exercise
from pushback.domain.phrases import AND, ITEMS, joined, msg, msg_n, with_words

if TYPE_CHECKING:
    from pushback.analysis.result import AnalysisResult, TempoSummary

__all__ = [
    "FeedbackItem",
    "FormSummary",
    "assess_form",
    "find_stop_rep",
    "rep_breakdown",
]

#: Visibility under which a landmark is not used (brief section 6: ~0.5).
MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class FeedbackItem:
    """One coaching message about one fault code and the reps (indices) it hit."""

    code: str
    message: str
    reps: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "message", "reps"}`` (and ``words``: the message's recipe)."""
        return with_words(
            {"code": self.code, "message": self.message, "reps": list(self.reps)}
        )


@dataclass(frozen=True)
class FormSummary:
    """The form judgement of one set (see the module docstring for the JSON keys)."""

    view: str
    side: str
    forms: tuple[RepForm, ...]
    feedback: tuple[FeedbackItem, ...]
    stop_at_rep: int | None
    stop_reason: str | None
    tempo_compliance: dict[str, Any]
    config: FormConfig = DEFAULT_FORM_CONFIG

    def add_to(self, out: dict[str, Any]) -> None:
        """Add this summary's keys to a result dict (``AnalysisResult.to_dict``)."""
        out["feedback"] = [item.to_dict() for item in self.feedback]
        out["stop_at_rep"] = self.stop_at_rep
        out["stop_reason"] = self.stop_reason
        out["tempo_compliance"] = self.tempo_compliance
        out["form"] = {
            "view": self.view,
            "side": self.side,
            "thresholds": asdict(self.config),
        }
        by_index = {form.index: form for form in self.forms}
        for rep in out.get("reps", []):
            form = by_index.get(rep.get("index"))
            if form is not None:
                rep["metrics"] = form.to_dict()


def _baseline(values: Sequence[float | None], count: int) -> float | None:
    first = [v for v in values[:count] if v is not None]
    return float(np.median(first)) if first else None


def rep_breakdown(
    reps: Sequence[Rep],
    forms: Sequence[RepForm],
    faults: Sequence[tuple[str, ...]],
    *,
    tempo: TempoSummary,
    config: FormConfig = DEFAULT_FORM_CONFIG,
) -> list[list[str]]:
    """Per rep, the reasons it counts as *broken* (empty list = held form)."""
    elbows = [f.value("min_elbow_deg") for f in forms]
    descents = [r.descent_s for r in reps]
    depth0 = _baseline(elbows, config.baseline_reps)
    descent0 = _baseline(descents, config.baseline_reps)
    out: list[list[str]] = []
    for elbow, descent, codes in zip(elbows, descents, faults, strict=True):
        why: list[str] = []
        if "hip-sag" in codes:
            why.append(msg("the hips sag"))
        if elbow is not None and depth0 is not None:
            if elbow - depth0 > config.depth_loss_deg:
                why.append(msg("the depth shrinks"))
        if descent0 is not None and tempo.judge(descent).side == "fast":
            if descent < descent0 - tempo.tolerance_s:
                why.append(msg("the descent speeds up"))
        out.append(why)
    return out


def find_stop_rep(broken: Sequence[bool], consecutive: int) -> int | None:
    """0-based position of the first rep of a lasting breakdown, or None.

    A breakdown starts with ``consecutive`` broken reps in a row and lasts when no
    run of ``consecutive`` unbroken reps follows it.
    """
    n = len(broken)
    for start in range(n - consecutive + 1):
        if not all(broken[start : start + consecutive]):
            continue
        clean_run = 0
        for flag in broken[start:]:
            clean_run = 0 if flag else clean_run + 1
            if clean_run >= consecutive:
                break
        else:
            return start
    return None


def _message(code: str, reps: list[int], total: int, cue: str) -> str:
    """One fault's coaching line (a phrase, so a report shows it in its language)."""
    fault = FAULTS[code]
    if len(reps) == total:
        where = msg("every rep")
    else:
        numbers = joined(ITEMS, [str(r) for r in reps])
        where = msg_n("rep %(reps)s", "reps %(reps)s", len(reps), reps=numbers)
    return msg(
        '%(fault)s on %(where)s. Cue: "%(cue)s" %(advice)s',
        fault=msg(fault.title),
        where=where,
        cue=cue,
        advice=fault_advice(code),
    )


def _feedback(
    reps: Sequence[Rep],
    faults: Sequence[tuple[str, ...]],
    exercise: Exercise | None,
    fallback: Exercise | None,
) -> tuple[FeedbackItem, ...]:
    items = []
    for code in FAULT_CODES:
        hit = [r.index for r, codes in zip(reps, faults, strict=True) if code in codes]
        if hit:
            cue = catalog_cue(code, exercise, fallback)
            items.append(
                FeedbackItem(code, _message(code, hit, len(reps), cue), tuple(hit))
            )
    return tuple(items)


def _tempo(tempo: TempoSummary) -> dict[str, Any]:
    timed = len(tempo.descents_s)
    on = tempo.reps_on_target
    fraction = round(on / timed, 2) if timed else None
    target = f"{tempo.prescribed_descent_s:g} s (+-{tempo.tolerance_s:g} s)"
    if not timed:
        message = "No complete rep to time."
    else:
        message = (
            f"{on} of {timed} descents on the {target} target ({tempo.source}); "
            f"{tempo.reps_too_fast} too fast, {tempo.reps_too_slow} too slow."
        )
    return {
        "prescribed_descent_s": tempo.prescribed_descent_s,
        "tolerance_s": tempo.tolerance_s,
        "source": tempo.source,
        "reps_timed": timed,
        "reps_on_target": on,
        "fraction_on_target": fraction,
        "message": message,
    }


def _stop(
    reps: Sequence[Rep], broken: list[list[str]], consecutive: int
) -> tuple[int | None, str | None]:
    at = find_stop_rep([bool(b) for b in broken], consecutive)
    if at is None:
        return None, None
    reasons = sorted({why for b in broken[at:] for why in b})
    index = reps[at].index
    why = joined(AND, reasons)
    if index > 1:
        return index, msg(
            "form broke from rep %(rep)s (%(why)s) and stayed broken: "
            "stop the set after rep %(last)s",
            rep=index,
            why=why,
            last=index - 1,
        )
    return index, msg("form was off from rep 1 (%(why)s)", why=why)


def assess_form(
    result: AnalysisResult,
    series: KeypointSeries,
    *,
    exercise: Exercise | None = None,
    fallback: Exercise | None = None,
    config: FormConfig = DEFAULT_FORM_CONFIG,
) -> AnalysisResult:
    """Judge the form of every counted rep of ``result`` (analysed from ``series``).

    ``exercise`` gives the cues (and marks knee or wide variants); ``fallback`` (the
    push-up entry) supplies a cue the exercise lacks. Returns a copy of ``result``
    with each rep's ``faults`` filled and ``form`` set.
    """
    signals = frame_signals(
        series.points,
        series.t_s,
        MIN_VISIBILITY,
        frame_size_px=(series.width_px, series.height_px),
    )
    slug = exercise.slug if exercise is not None else "push-up"
    forms = measure_reps(signals, result.reps, result.view, knee_variant="knee" in slug)
    tempo = result.tempo
    faults = detect_faults(
        forms,
        [r.descent_s for r in result.reps],
        fast_descent_below_s=tempo.too_fast_below_s,
        wide=slug.startswith("wide"),
        config=config,
    )
    broken = rep_breakdown(result.reps, forms, faults, tempo=tempo, config=config)
    stop_at, reason = _stop(result.reps, broken, config.stop_consecutive_reps)
    summary = FormSummary(
        view=result.view,
        side=("left", "right")[signals.side],
        forms=forms,
        feedback=_feedback(result.reps, faults, exercise, fallback),
        stop_at_rep=stop_at,
        stop_reason=reason,
        tempo_compliance=_tempo(tempo),
        config=config,
    )
    reps = tuple(replace(r, faults=f) for r, f in zip(result.reps, faults, strict=True))
    return replace(result, reps=reps, form=summary)
