"""``pushback analyze VIDEO``: count the push-ups of a filmed set and time every rep.

Parses the options, calls :mod:`pushback.services.filming.analysis` once and renders: a
per-rep table plus one filming tip, or with ``--json`` the JSON contract of
:meth:`pushback.analysis.result.AnalysisResult.to_dict`. The progress bar goes to
stderr, so ``--json`` output stays clean.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from pushback.analysis.faults import FAULTS
from pushback.analysis.result import AnalysisResult, rep_to_dict
from pushback.cli._output import check_output, writing
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import exercise_phrase, msg
from pushback.i18n import N_, gettext, pgettext
from pushback.i18n.phrases import localize
from pushback.render import report as reports
from pushback.services.filming import analysis
from pushback.settings import Settings

__all__ = ["FILMING_TIP", "analyze", "register"]

FILMING_TIP = N_(
    "Tip: film from the side, camera at hip height 2-3 m away, whole body in frame."
)
#: The camera angle the analysis found, in words.
VIEW_WORDS = {
    "side": N_("from the side"),
    "front": N_("from the front"),
    "oblique": N_("at an angle"),
    "overhead": N_("from above"),
    "unknown": N_("not recognised"),
}
#: The tempo verdict of a set (by the median descent), marked for translation.
_VERDICTS = (N_("too fast"), N_("too slow"), N_("on target"), N_("no reps"))
#: Videos longer than this (frames) get a progress bar.
PROGRESS_MIN_FRAMES = 150


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to the ``pushback`` app."""
    app.command("analyze")(analyze)


def analyze(
    video: Annotated[
        Path | None,
        typer.Argument(
            help=gettext("Video of one set (mp4, mov, webm, avi)."), show_default=False
        ),
    ] = None,
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise", help=gettext("Catalog slug of the exercise filmed.")
        ),
    ] = "push-up",
    as_json: Annotated[
        bool, typer.Option("--json", help=gettext("Print the result as JSON."))
    ] = False,
    keypoints_out: Annotated[
        Path | None,
        typer.Option(
            "--keypoints-out", help=gettext("Also save the keypoints to FILE.")
        ),
    ] = None,
    keypoints: Annotated[
        Path | None,
        typer.Option(
            "--keypoints", help=gettext("Analyse keypoints saved with --keypoints-out.")
        ),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help=gettext("Pose model: lite, full or heavy."))
    ] = "full",
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help=gettext("Also write a one-page HTML report to FILE.html.")
        ),
    ] = None,
    annotated: Annotated[
        Path | None,
        typer.Option(
            "--annotated",
            help=gettext(
                "Also write the video with skeleton, reps and faults (H.264 mp4)."
            ),
        ),
    ] = None,
) -> None:
    """Count the reps of a filmed set and time each descent.

    Example: pushback analyze set1.mp4 --exercise push-up --json
    """
    if (video is None) == (keypoints is None):
        raise InvalidInput(
            "video", video, msg("a VIDEO or --keypoints FILE (exactly one)")
        )
    if annotated is not None and video is None:
        raise InvalidInput("annotated", str(annotated), msg("a VIDEO to draw on"))
    outputs = {"--report": report, "--annotated": annotated}
    outputs["--keypoints-out"] = keypoints_out if video is not None else None
    for option, path in outputs.items():
        if path is not None:  # before the analysis: a typo must not waste it
            check_output(option, path)
    if keypoints is not None:
        done = analysis.analyse_keypoints(keypoints, exercise=exercise)
    else:
        assert video is not None
        with _progress(as_json) as bar:
            done = analysis.analyse_video(
                video,
                settings=Settings(),
                exercise=exercise,
                model=model,
                progress=bar.callback,
            )
    written = _write_outputs(done, video, outputs)
    if as_json:
        typer.echo(json.dumps(done.result.to_dict(), indent=2))
        return
    console = Console()
    _render(console, done.result, done.exercise)
    for path in written:
        console.print(gettext("Wrote %(path)s", path=path))


def _write_outputs(
    done: analysis.VideoAnalysis, video: Path | None, outputs: dict[str, Path | None]
) -> list[Path]:
    """The optional files: the HTML report, the annotated video, the keypoints."""
    written = []
    for option, path in outputs.items():
        if path is None:
            continue
        with writing(option, path):
            if option == "--report":
                reports.write_report(done, path, video=video)
            elif option == "--annotated":
                assert video is not None, "refused above: nothing to draw on"
                reports.write_annotated_video(done, video, path)
            else:
                done.series.save(path)
        written.append(path)
    return written


class _Bar:
    """A Rich progress bar on stderr, shown only once a long video is under way."""

    def __init__(self, quiet: bool) -> None:
        self._quiet = quiet
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def callback(self, done: int, total: int) -> None:
        if self._quiet or max(done, total) < PROGRESS_MIN_FRAMES:
            return
        if self._progress is None:
            self._progress = Progress(
                TextColumn("pose"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} frames"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("pose", total=max(total, done))
        assert self._task is not None
        self._progress.update(self._task, completed=done, total=max(total, done))

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _progress(as_json: bool) -> _Bar:
    return _Bar(quiet=as_json)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _render(console: Console, result: AnalysisResult, exercise: str) -> None:
    table = Table(
        title=gettext(
            "%(exercise)s: %(rep_count)s reps",
            exercise=localize(exercise_phrase(exercise, exercise)),
            rep_count=result.rep_count,
        ),
        title_justify="left",
        caption=gettext(
            "times in s from the start of the video; elbow: smallest angle "
            "(180° = straight)"
        ),
        caption_justify="left",
    )
    for header in _headers():
        table.add_column(header, justify="right")
    table.add_column(pgettext("rep table", "faults"))
    for rep in result.reps:
        row = rep_to_dict(rep)
        elbow = row["min_elbow_deg"]
        table.add_row(
            str(row["index"]),
            *(_seconds(row[k]) for k in ("start_s", "bottom_s", "end_s")),
            *(_seconds(row[k]) for k in ("descent_s", "bottom_pause_s", "ascent_s")),
            "-" if elbow is None else f"{elbow:.0f}°",
            gettext(", ").join(_fault_title(code) for code in row["faults"]) or "-",
        )
    console.print(table)
    tempo = result.tempo.to_dict()
    partial = (
        gettext(", %(num)s partial (not counted)", num=result.partial_reps)
        if result.partial_reps
        else ""
    )
    console.print(
        gettext(
            "%(rep_count)s complete reps%(partial)s; view: %(view)s.",
            rep_count=result.rep_count,
            partial=partial,
            view=gettext(VIEW_WORDS.get(result.view, result.view)),
        )
    )
    if tempo["reps_timed"]:
        console.print(
            gettext(
                "Descent: median %(median_descent_s)s s against "
                "%(prescribed_descent_s)s s prescribed (%(source)s): %(verdict)s; "
                "%(reps_on_target)s of %(reps_timed)s reps on target.",
                median_descent_s=format(tempo["median_descent_s"], ".1f"),
                prescribed_descent_s=format(tempo["prescribed_descent_s"], "g"),
                source=localize(result.tempo.source),
                verdict=gettext(tempo["verdict"]),
                reps_on_target=tempo["reps_on_target"],
                reps_timed=tempo["reps_timed"],
            )
        )
    _render_form(console, result)
    for warning in result.warnings:
        console.print(
            gettext("[yellow]Warning:[/yellow] %(warning)s", warning=localize(warning))
        )
    console.print(gettext(FILMING_TIP))


def _headers() -> tuple[str, ...]:
    """The rep table's columns (short words: the table must fit a terminal)."""
    return (
        pgettext("rep table", "rep"),
        pgettext("rep table", "start"),
        pgettext("rep table", "bottom"),
        pgettext("rep table", "end"),
        pgettext("rep table", "down"),
        pgettext("rep table", "pause"),
        pgettext("rep table", "up"),
        pgettext("rep table", "elbow"),
    )


def _fault_title(code: str) -> str:
    fault = FAULTS.get(code)
    return gettext(fault.title) if fault is not None else code


def _render_form(console: Console, result: AnalysisResult) -> None:
    """The coaching lines: one per fault, then where to stop."""
    form = result.form
    if form is None:
        return
    for item in form.feedback:
        console.print(
            gettext("[red]![/red] %(message)s", message=localize(item.message)),
            highlight=False,
        )
    if form.stop_at_rep is not None:
        console.print(
            gettext(
                "[bold]Stop:[/bold] %(stop_reason)s",
                stop_reason=localize(form.stop_reason),
            ),
            highlight=False,
        )
