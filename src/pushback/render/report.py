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

from pushback import i18n
from pushback.analysis.faults import FormConfig
from pushback.analysis.form import METRIC_VIEWS
from pushback.analysis.result import AnalysisResult
from pushback.analysis.video_analysis import VideoAnalysis
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import NotFound
from pushback.render.report_view import report_view
from pushback.video import vision_missing

__all__ = [
    "body_line_svg",
    "descent_svg",
    "render_report",
    "write_annotated_video",
    "write_report",
]

_W, _H, _PAD = 720, 240, 40
_COLOURS = {
    "on tempo": "#2e9e5b",
    "close": "#65a30d",
    "too fast": "#e08a00",
    "too slow": "#3a6fd8",
    "ok": "#2e9e5b",
    "bad": "#d9412e",
}
#: Metrics a camera angle cannot judge, in words.
_METRIC_WORDS = {
    "min_elbow_deg": "depth",
    "shoulder_drop": "depth",
    "lockout_elbow_deg": "lockout at the top",
    "body_line": "body line (hips)",
    "head_deg": "head position",
    "head_drop": "head position",
    "hand_width": "hand width",
    "elbow_flare_deg": "elbow flare",
    "asymmetry_deg": "one side lower",
    "neck_ratio": "shrugging",
}


def _render_module() -> Any:
    try:
        return importlib.import_module("pushback.video.render")
    except ImportError as error:
        raise vision_missing(error) from None


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


def _band(y_top: float, y_bottom: float, opacity: float) -> str:
    return (
        f'<rect x="{_PAD}" y="{y_top:.1f}" width="{_W - _PAD - 10}" '
        f'height="{y_bottom - y_top:.1f}" fill="#2e9e5b" opacity="{opacity}"/>'
    )


def descent_svg(result: AnalysisResult) -> str:
    """Bar chart (inline SVG) of each rep's descent (s) against the target band and
    the close band; each bar coloured by its verdict (:mod:`pushback.domain.tempo`)."""
    tempo = result.tempo
    reps = result.reps
    target, tol, close = tempo.prescribed_descent_s, tempo.tolerance_s, tempo.close_s
    top_s = max([target + tol + close, *(r.descent_s for r in reps)]) * 1.15
    plot_h = _H - 2 * _PAD

    def y(v: float) -> float:
        return _H - _PAD - plot_h * max(v, 0.0) / top_s

    aim = i18n.gettext("aim %(t)s s", t=f"{target:g}")
    band = (
        _band(y(target + tol + close), y(target - tol - close), 0.1)
        + _band(y(target + tol), y(target - tol), 0.22)
        + f'<line x1="{_PAD}" x2="{_W - 10}" y1="{y(target):.1f}" '
        f'y2="{y(target):.1f}" stroke="#2e9e5b" stroke-dasharray="6 4"/>'
        f'<text x="{_W - 12}" y="{y(target) - 4:.1f}" font-size="12" '
        f'text-anchor="end" fill="#2e9e5b">{escape(aim)}</text>'
    )
    step = (_W - _PAD - 20) / max(len(reps), 1)
    bars = []
    for i, rep in enumerate(reps):
        d = rep.descent_s
        kind = tempo.judge(d).kind
        x = _PAD + 6 + i * step
        bars.append(
            f'<rect x="{x:.1f}" y="{y(d):.1f}" width="{step * 0.7:.1f}" '
            f'height="{_H - _PAD - y(d):.1f}" fill="{_COLOURS[kind]}">'
            f"<title>{rep.index}: {d:.2f} s</title></rect>"
            f'<text x="{x + step * 0.35:.1f}" y="{_H - _PAD + 16}" font-size="12" '
            f'text-anchor="middle">{rep.index}</text>'
        )
    title = i18n.gettext("Time on the way down, rep by rep")
    return _svg(_axes(i18n.gettext("seconds down"), [band, *bars]), title)


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
            i18n.gettext(
                "Body line not judged: film from the side with hips and legs in view."
            )
            if result.view not in METRIC_VIEWS["body_line"]
            else i18n.gettext("Body line not judged: the hips and legs were not seen.")
        )
        text = f'<text x="{_PAD}" y="{_H / 2}" font-size="14">{escape(why)}</text>'
        return _svg(text, i18n.gettext("Body line per rep"))
    span = max(0.2, *(abs(v) * 1.2 for _, v in seen))
    plot_h = _H - 2 * _PAD

    def y(v: float) -> float:
        return _PAD + plot_h * (span - v) / (2 * span)

    step = (_W - _PAD - 20) / max(len(values), 1)
    guides = [
        _guide(
            y(config.sag_on),
            i18n.gettext("hips sag") + f" {config.sag_on:+.0%}",
            _COLOURS["bad"],
        ),
        _guide(
            y(config.pike_on),
            i18n.gettext("hips high") + f" {config.pike_on:+.0%}",
            _COLOURS["too fast"],
        ),
        _guide(y(0.0), i18n.gettext("straight"), "#98a2b3"),
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
        _axes(
            i18n.gettext("hips above or below the line, in percent of torso length"),
            [*guides, line, dots],
        ),
        i18n.gettext("Body line per rep"),
    )


def _dot(x: float, y: float, index: int, value: float, config: FormConfig) -> str:
    bad = value < config.sag_on or value > config.pike_on
    colour = _COLOURS["bad"] if bad else _COLOURS["ok"]
    share = f"{value:+.1%}"
    title = i18n.gettext(
        "Rep %(index)s: %(value)s of torso length", index=index, value=share
    )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
        f"<title>{escape(title)}</title></circle>"
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
        _METRIC_WORDS.get(name, name.replace("_", " "))
        for name, views in METRIC_VIEWS.items()
        if result.view not in views
    )
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # Jinja fills the placeholders (escaping the values): the callables only look up.
    active = i18n.translations(i18n.current_language())
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=active.gettext, ngettext=active.ngettext, newstyle=True
    )
    template = env.from_string(
        resources.files("pushback.render")
        .joinpath("templates/report.html")
        .read_text("utf-8")
    )
    view = report_view(result.to_dict())
    return template.render(
        lang=i18n.current_language(),
        exercise_name=_exercise_name(analysis.exercise),
        source=analysis.series.source or "keypoints",
        rep_count=result.rep_count,
        partial_reps=result.partial_reps,
        median_descent="-"
        if tempo["median_descent_s"] is None
        else f"{tempo['median_descent_s']:.1f} s",
        target_s=f"{result.tempo.prescribed_descent_s:g}",
        on_tempo=result.tempo.reps_on_target,
        view=view,
        descent_svg=descent_svg(result),
        body_line_svg=body_line_svg(result, config),
        rows=_rows(result),
        frames=frames,
        frames_note=note,
        warnings=list(result.warnings),
        unjudged=", ".join(unjudged),
    )


def _exercise_name(slug: str) -> str:
    try:
        return load_catalog().get(slug).name
    except NotFound:
        return slug


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
