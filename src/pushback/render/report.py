"""Use cases: the one-page HTML report and the annotated video of an analysed set.

:func:`write_report` renders ``templates/report.html`` (Jinja2, autoescaped) into ONE
self-contained page: inline CSS, inline SVG charts drawn here (descent time per rep
against the prescribed descent, body line per rep against the sag and pike
thresholds), key frames as base64 JPEG, the per-rep table, the feedback and
``stop_at_rep``. Nothing is fetched: no CDN, no script, no link.
:func:`write_annotated_video` writes the H.264 mp4 (:mod:`pushback.video.render`).
The video package (OpenCV) is imported only when a video is given.
"""

from __future__ import annotations

import base64
import importlib
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from pushback.analysis.faults import FormConfig
from pushback.analysis.form import METRIC_VIEWS
from pushback.analysis.result import AnalysisResult
from pushback.analysis.video_analysis import VideoAnalysis
from pushback.domain.errors import AnalysisFailed
from pushback.video import VISION_INSTALL_HINT

__all__ = [
    "body_line_svg",
    "descent_svg",
    "render_report",
    "write_annotated_video",
    "write_report",
]

_W, _H, _PAD = 720, 240, 40
_COLOURS = {"ok": "#2e9e5b", "fast": "#e08a00", "slow": "#3a6fd8", "bad": "#d9412e"}


def _render_module() -> Any:
    try:
        return importlib.import_module("pushback.video.render")
    except ImportError as error:
        raise AnalysisFailed(f"{VISION_INSTALL_HINT} ({error})") from None


def _axes(y_label: str, lines: list[str]) -> str:
    return (
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - 10}" y2="{_H - _PAD}" '
        'stroke="#98a2b3"/>'
        f'<text x="6" y="16" font-size="12" fill="#667085">{escape(y_label)}</text>'
        + "".join(lines)
    )


def _svg(body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" '
        f'role="img" aria-label="{escape(title)}" width="100%">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def descent_svg(result: AnalysisResult) -> str:
    """Bar chart (inline SVG) of each rep's descent (s) against the target band."""
    tempo = result.tempo
    reps = result.reps
    target, tol = tempo.prescribed_descent_s, tempo.tolerance_s
    top_s = max([target + tol, *(r.descent_s for r in reps)]) * 1.15
    plot_h = _H - 2 * _PAD

    def y(v: float) -> float:
        return _H - _PAD - plot_h * v / top_s

    band = (
        f'<rect x="{_PAD}" y="{y(target + tol):.1f}" width="{_W - _PAD - 10}" '
        f'height="{y(target - tol) - y(target + tol):.1f}" fill="#2e9e5b" '
        'opacity="0.12"/>'
        f'<line x1="{_PAD}" x2="{_W - 10}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
        'stroke="#2e9e5b" stroke-dasharray="6 4"/>'
        f'<text x="{_W - 12}" y="{y(target) - 4:.1f}" font-size="12" '
        f'text-anchor="end" fill="#2e9e5b">target {target:g} s</text>'
    )
    step = (_W - _PAD - 20) / max(len(reps), 1)
    bars = []
    for i, rep in enumerate(reps):
        d = rep.descent_s
        kind = "fast" if d < target - tol else "slow" if d > target + tol else "ok"
        x = _PAD + 6 + i * step
        bars.append(
            f'<rect x="{x:.1f}" y="{y(d):.1f}" width="{step * 0.7:.1f}" '
            f'height="{_H - _PAD - y(d):.1f}" fill="{_COLOURS[kind]}">'
            f"<title>rep {rep.index}: {d:.2f} s</title></rect>"
            f'<text x="{x + step * 0.35:.1f}" y="{_H - _PAD + 16}" font-size="12" '
            f'text-anchor="middle">{rep.index}</text>'
        )
    return _svg(_axes("descent s", [band, *bars]), "Descent time per rep")


def body_line_svg(result: AnalysisResult, config: FormConfig) -> str:
    """Line chart (inline SVG) of each rep's body line (% torso) with the sag and
    pike thresholds; a note when the view cannot judge it."""
    form = result.form
    values = [
        (rep.index, form.forms[i].value("body_line") if form else None)
        for i, rep in enumerate(result.reps)
    ]
    seen = [(i, v) for i, v in values if v is not None]
    if not seen:
        why = (
            "needs a side view with hips and knees or ankles in frame"
            if result.view not in METRIC_VIEWS["body_line"]
            else "the hips and legs were not seen"
        )
        text = (
            f'<text x="{_PAD}" y="{_H / 2}" font-size="14">'
            f"Body line not judged: {why}.</text>"
        )
        return _svg(text, "Body line per rep")
    span = max(0.2, *(abs(v) * 1.2 for _, v in seen))
    plot_h = _H - 2 * _PAD

    def y(v: float) -> float:
        return _PAD + plot_h * (span - v) / (2 * span)

    step = (_W - _PAD - 20) / max(len(values), 1)
    guides = [
        _guide(y(config.sag_on), f"sag {config.sag_on:+.0%}", _COLOURS["bad"]),
        _guide(y(config.pike_on), f"pike {config.pike_on:+.0%}", _COLOURS["fast"]),
        _guide(y(0.0), "straight", "#98a2b3"),
    ]
    pts = [
        (_PAD + 6 + i * step + step * 0.35, y(v), idx, v)
        for i, (idx, v) in enumerate(values)
        if v is not None
    ]
    path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _, _ in pts)
    dots = "".join(_dot(x, yy, idx, v, config) for x, yy, idx, v in pts)
    line = f'<polyline points="{path}" fill="none" stroke="#1d2330"/>'
    return _svg(
        _axes("hip offset, % torso (sag < 0 < pike)", [*guides, line, dots]),
        "Body line per rep",
    )


def _dot(x: float, y: float, index: int, value: float, config: FormConfig) -> str:
    bad = value < config.sag_on or value > config.pike_on
    colour = _COLOURS["bad"] if bad else _COLOURS["ok"]
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
        f"<title>rep {index}: {value:+.1%} of torso</title></circle>"
        f'<text x="{x:.1f}" y="{_H - 8}" font-size="12" '
        f'text-anchor="middle">{index}</text>'
    )


def _guide(y: float, label: str, colour: str) -> str:
    return (
        f'<line x1="{_PAD}" x2="{_W - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
        f'stroke-dasharray="4 4"/><text x="{_W - 12}" y="{y - 4:.1f}" font-size="11" '
        f'text-anchor="end" fill="{colour}">{escape(label)}</text>'
    )


def _rows(result: AnalysisResult) -> list[dict[str, Any]]:
    form = result.form
    rows = []
    for i, rep in enumerate(result.reps):
        line = form.forms[i].value("body_line") if form else None
        rows.append(
            {
                "index": rep.index,
                "descent": f"{rep.descent_s:.2f}",
                "pause": f"{rep.bottom_pause_s:.2f}",
                "ascent": "-" if rep.ascent_s is None else f"{rep.ascent_s:.2f}",
                "elbow": "-"
                if rep.min_elbow_deg is None
                else f"{rep.min_elbow_deg:.0f}°",
                "body_line": "-" if line is None else f"{line:+.1%}",
                "faults": list(rep.faults),
            }
        )
    return rows


def _frames(
    analysis: VideoAnalysis, video: Path | None
) -> tuple[list[dict[str, str]], str]:
    if video is None:
        return [], "Key frames need the video (run pushback analyze on the video file)."
    shots = _render_module().key_frames(video, analysis.series, analysis.result)
    frames = [
        {
            "label": s.label,
            "time": f"{s.t_s:.1f}",
            "data": base64.b64encode(s.jpeg).decode("ascii"),
        }
        for s in shots
    ]
    return frames, "No complete rep to show."


def render_report(analysis: VideoAnalysis, *, video: Path | None = None) -> str:
    """The report page as one self-contained HTML string (key frames need ``video``).

    Raises:
        AnalysisFailed: a video was given but OpenCV is not installed.
    """
    result = analysis.result
    form = result.form
    config = form.config if form else FormConfig()
    tempo = result.tempo.to_dict()
    frames, note = _frames(analysis, video)
    unjudged = sorted(
        name for name, views in METRIC_VIEWS.items() if result.view not in views
    )
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        resources.files("pushback.render")
        .joinpath("templates/report.html")
        .read_text("utf-8")
    )
    return template.render(
        exercise=analysis.exercise,
        source=analysis.series.source or "keypoints",
        view=result.view,
        rep_count=result.rep_count,
        partial_reps=result.partial_reps,
        median_descent="-"
        if tempo["median_descent_s"] is None
        else f"{tempo['median_descent_s']:.1f} s",
        target_s=f"{result.tempo.prescribed_descent_s:g}",
        tempo=form.tempo_compliance
        if form
        else {"reps_on_target": 0, "reps_timed": 0, "message": ""},
        stop_at_rep=form.stop_at_rep if form else None,
        stop_reason=form.stop_reason if form else None,
        feedback=[item.to_dict() for item in form.feedback] if form else [],
        descent_svg=descent_svg(result),
        body_line_svg=body_line_svg(result, config),
        rows=_rows(result),
        frames=frames,
        frames_note=note,
        warnings=list(result.warnings),
        unjudged=", ".join(unjudged) or "nothing",
    )


def write_report(
    analysis: VideoAnalysis, out: Path, *, video: Path | None = None
) -> Path:
    """Write :func:`render_report` to ``out`` (parent folders created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(analysis, video=video), encoding="utf-8")
    return out


def write_annotated_video(analysis: VideoAnalysis, video: Path, out: Path) -> Path:
    """Write ``video`` with skeleton, rep counter, descents and faults to ``out``.

    Raises:
        InvalidInput: the video cannot be decoded.
        AnalysisFailed: OpenCV or ffmpeg is missing, or encoding failed.
    """
    render = _render_module()
    path: Path = render.render_annotated(video, analysis.series, analysis.result, out)
    return path
