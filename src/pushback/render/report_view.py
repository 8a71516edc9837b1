"""What a video report shows, built once for the web page and the HTML file.

:func:`report_view` reads an analysis in its JSON form (``pushback analyze --json``
plus the form keys: a stored job's result or ``AnalysisResult.to_dict()``) and
returns the words and numbers both report templates display: one verdict on the
set, the tempo summary, and each rep with its descent verdict (from
:func:`pushback.domain.tempo.descent_verdict`, the one rule) and the geometry of
its tempo bar (the rep's descent against the target band and the close bands).
Templates only display it; every sentence goes through gettext here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pushback.analysis.config import DEFAULT_CONFIG
from pushback.analysis.faults import FAULTS
from pushback.domain.phrases import read_words
from pushback.domain.tempo import CLOSE_S, DescentVerdict, descent_verdict
from pushback.i18n import gettext, ngettext
from pushback.i18n.phrases import localize

__all__ = ["RepView", "ReportView", "Verdict", "report_view"]


@dataclass(frozen=True)
class Verdict:
    """The one verdict on the set: ``tone`` is ``good`` or ``stop``."""

    tone: str
    title: str
    detail: str
    stop_after_rep: int | None


@dataclass(frozen=True)
class RepView:
    """One rep as the table shows it; ``*_pct`` place the tempo bar (0-100)."""

    index: int
    descent_s: float
    kind: str
    words: str
    bar_pct: float
    faults: tuple[str, ...]
    after_stop: bool
    pause_s: float | None
    ascent_s: float | None
    elbow_deg: float | None


@dataclass(frozen=True)
class ReportView:
    """The verdict, the tempo summary and the reps, ready to display."""

    verdict: Verdict
    tempo_line: str
    target_s: float
    tolerance_s: float
    scale_s: float
    #: (left %, width %) of the close band, the on-tempo band and the target line.
    close_band: tuple[float, float]
    on_band: tuple[float, float]
    target_pct: float
    reps: tuple[RepView, ...]
    feedback: tuple[dict[str, Any], ...]


def _verdict(stop_at_rep: int | None) -> Verdict:
    if not stop_at_rep:
        return Verdict(
            "good",
            gettext("Your form held through the whole set."),
            gettext("No lasting breakdown: you can keep this number of reps."),
            None,
        )
    if stop_at_rep == 1:
        return Verdict(
            "stop",
            gettext("Your form was off from the first rep."),
            gettext("Try an easier variation until the reps look clean."),
            None,
        )
    last_good = stop_at_rep - 1
    return Verdict(
        "stop",
        gettext("Stop after rep %(n)s next time.", n=last_good),
        gettext("Your form broke from rep %(n)s and did not recover.", n=stop_at_rep),
        last_good,
    )


def _verdict_words(verdict: DescentVerdict) -> str:
    if verdict.kind == "on tempo":
        return gettext("on tempo")
    s = f"{verdict.outside_s:.1f}"
    if verdict.kind == "close":
        if verdict.side == "fast":
            return gettext("close: %(s)s s fast", s=s)
        return gettext("close: %(s)s s slow", s=s)
    if verdict.side == "fast":
        return gettext("too fast by %(s)s s", s=s)
    return gettext("too slow by %(s)s s", s=s)


def _fault_name(code: str) -> str:
    fault = FAULTS.get(code)
    return gettext(fault.title) if fault else code


def _tempo_line(counts: dict[str, int], timed: int, target_s: float) -> str:
    if not timed:
        return gettext("No complete rep to time.")
    on = ngettext(
        "%(on)s of %(num)s rep lowered on tempo (aim: %(t)s s down)",
        "%(on)s of %(num)s reps lowered on tempo (aim: %(t)s s down)",
        timed,
        on=counts["on tempo"],
        t=f"{target_s:g}",
    )
    parts = [on]
    if counts["close"]:
        parts.append(gettext("%(n)s close", n=counts["close"]))
    if counts["too fast"]:
        parts.append(gettext("%(n)s too fast", n=counts["too fast"]))
    if counts["too slow"]:
        parts.append(gettext("%(n)s too slow", n=counts["too slow"]))
    sentence = parts[0]
    for part in parts[1:]:
        sentence = gettext("%(text)s, %(more)s", text=sentence, more=part)
    return gettext("%(text)s.", text=sentence)


def _pct(value_s: float, scale_s: float) -> float:
    return round(100 * min(max(value_s, 0.0), scale_s) / scale_s, 1)


def _rep(
    rep: dict[str, Any], tempo: dict[str, float], scale_s: float, stop: int | None
) -> RepView:
    descent = float(rep.get("descent_s") or 0.0)
    verdict = descent_verdict(descent, **tempo)
    return RepView(
        index=int(rep["index"]),
        descent_s=descent,
        kind=verdict.kind,
        words=_verdict_words(verdict),
        bar_pct=_pct(descent, scale_s),
        faults=tuple(_fault_name(code) for code in rep.get("faults") or ()),
        after_stop=bool(stop and rep["index"] >= stop),
        pause_s=rep.get("bottom_pause_s"),
        ascent_s=rep.get("ascent_s"),
        elbow_deg=rep.get("min_elbow_deg"),
    )


def report_view(analysis: dict[str, Any]) -> ReportView:
    """The report's verdict, tempo summary and reps (module docstring)."""
    tempo = analysis.get("tempo") or {}
    target = float(
        tempo.get("prescribed_descent_s") or DEFAULT_CONFIG.prescribed_descent_s
    )
    rule = {
        "target_s": target,
        "tolerance_s": float(
            tempo.get("tolerance_s") or DEFAULT_CONFIG.tempo_tolerance_s
        ),
        "close_s": float(tempo.get("close_s") or CLOSE_S),
    }
    reps = analysis.get("reps") or []
    outer = target + rule["tolerance_s"] + rule["close_s"]
    scale = max([outer, *(float(r.get("descent_s") or 0) for r in reps)]) * 1.1
    stop = analysis.get("stop_at_rep")
    rows = tuple(_rep(rep, rule, scale, stop) for rep in reps)
    counts = dict.fromkeys(("on tempo", "close", "too fast", "too slow"), 0)
    for row in rows:
        counts[row.kind] += 1
    low_close = _pct(target - rule["tolerance_s"] - rule["close_s"], scale)
    low_on = _pct(target - rule["tolerance_s"], scale)
    high_on = _pct(target + rule["tolerance_s"], scale)
    feedback = tuple(
        {
            **item,
            "message": localize(item.get("message", "")),
            "name": _fault_name(str(item.get("code"))),
        }
        for item in read_words(list(analysis.get("feedback") or ()))
    )
    return ReportView(
        verdict=_verdict(stop),
        tempo_line=_tempo_line(counts, len(rows), target),
        target_s=target,
        tolerance_s=rule["tolerance_s"],
        scale_s=round(scale, 1),
        close_band=(low_close, round(_pct(outer, scale) - low_close, 1)),
        on_band=(low_on, round(high_on - low_on, 1)),
        target_pct=_pct(target, scale),
        reps=rows,
        feedback=feedback,
    )
