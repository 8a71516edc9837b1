"""Progress charts: matplotlib (Agg, no display) to PNG or SVG files.

One chart per series of :class:`~pushback.services.training.journal.ProgressReport`:
weekly hard sets per muscle group, best clean reps per variant, ladder step
over time, RIR trend and body weight (in the user's units). Figures are built
with ``matplotlib.figure.Figure`` directly, so no global pyplot state is touched
and several requests can draw at once. SVG output is deterministic (fixed hash
salt, no date), so the same data gives the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.progress import ProgressReport
from pushback.domain.units import kg_to_unit

__all__ = ["CHARTS", "FORMATS", "render_charts"]

FORMATS: tuple[str, ...] = ("png", "svg")
_GROUP_ORDER = ("back", "chest", "shoulders", "arms", "core")


def _figure(title: str, ylabel: str) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(7.0, 3.6), dpi=100, layout="constrained")
    axes = figure.subplots()
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.grid(alpha=0.3)
    return figure, axes


def _empty(axes: Axes) -> None:
    axes.text(
        0.5, 0.5, "no data yet", ha="center", va="center", transform=axes.transAxes
    )


def weekly_sets_chart(report: ProgressReport) -> Figure:
    """Stacked bars: hard sets per muscle group, per week."""
    figure, axes = _figure("Weekly hard sets per muscle group", "hard sets")
    weeks = list(report.weekly_hard_sets)
    if not weeks:
        _empty(axes)
        return figure
    bottom = [0.0] * len(weeks)
    labels = [week.strftime("%d %b") for week in weeks]
    for group in _GROUP_ORDER:
        values = [report.weekly_hard_sets[w].get(group, 0.0) for w in weeks]
        if any(values):
            axes.bar(labels, values, bottom=bottom, label=group)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xlabel("week starting")
    axes.legend(loc="upper left", fontsize="small")
    return figure


def _lines(
    axes: Axes, series: dict[str, list[tuple[date, float]]], step: bool = False
) -> None:
    for label, points in series.items():
        if not points:
            continue
        days, values = zip(*points, strict=True)
        if step:
            axes.step(days, values, where="post", marker="o", label=label)
        else:
            axes.plot(days, values, marker="o", label=label)
    axes.tick_params(axis="x", labelrotation=30)


def best_reps_chart(report: ProgressReport) -> Figure:
    """Lines: best clean reps per set, per variant."""
    figure, axes = _figure("Best clean reps per variant", "reps (per side)")
    if not report.best_clean_reps:
        _empty(axes)
        return figure
    series = {
        slug: [(d, float(r)) for d, r in pts]
        for slug, pts in report.best_clean_reps.items()
    }
    _lines(axes, series)
    axes.legend(loc="upper left", fontsize="small")
    return figure


def ladder_chart(report: ProgressReport) -> Figure:
    """Step line: the highest ladder step done per session."""
    figure, axes = _figure("Ladder step over time", "step (1 = wall push-up)")
    if not report.ladder_steps:
        _empty(axes)
        return figure
    _lines(axes, {"step": [(d, float(s)) for d, s in report.ladder_steps]}, step=True)
    return figure


def rir_chart(report: ProgressReport) -> Figure:
    """Line: mean reps in reserve of the work sets per session."""
    figure, axes = _figure("Reps in reserve (RIR) trend", "mean RIR")
    if not report.rir_trend:
        _empty(axes)
        return figure
    _lines(axes, {"RIR": list(report.rir_trend)})
    axes.set_ylim(bottom=0)
    return figure


def body_weight_chart(report: ProgressReport) -> Figure:
    """Line: body weight in the user's units."""
    unit = report.units
    figure, axes = _figure("Body weight", unit)
    if not report.body_weight_kg:
        _empty(axes)
        return figure
    _lines(axes, {unit: [(d, kg_to_unit(kg, unit)) for d, kg in report.body_weight_kg]})
    return figure


#: File stem -> chart builder, in display order.
CHARTS: dict[str, Callable[[ProgressReport], Figure]] = {
    "weekly-hard-sets": weekly_sets_chart,
    "best-clean-reps": best_reps_chart,
    "ladder-step": ladder_chart,
    "rir-trend": rir_chart,
    "body-weight": body_weight_chart,
}


def render_charts(
    report: ProgressReport, out_dir: Path, *, fmt: str = "png"
) -> list[Path]:
    """Write every chart to ``out_dir`` as ``NAME.png`` / ``NAME.svg``; returns paths.

    Raises :class:`InvalidInput` for another format, and ``OSError`` when the
    folder cannot be written: the front end that chose the folder words it
    (``cli/_output.py``, the same line as every other output path).
    """
    if fmt not in FORMATS:
        raise InvalidInput("format", fmt, msg("png or svg"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": "pushback", "svg.fonttype": "none"}):
        for name, build in CHARTS.items():
            path = out_dir / f"{name}.{fmt}"
            metadata = {"Date": None} if fmt == "svg" else {"Software": None}
            partial = path.with_name(f".{path.name}.part")  # no half-written chart
            try:
                build(report).savefig(partial, format=fmt, metadata=metadata)
                partial.replace(path)
            finally:
                partial.unlink(missing_ok=True)
            paths.append(path)
    return paths
