"""Journal commands: ``today``, ``log``, ``history``, ``progress`` and ``test``
(``export``, ``import`` and ``db upgrade`` are in :mod:`pushback.cli.journal_data`).

Thin: parse flags (or ask, one set after another), call one function of
:mod:`pushback.services.training.journal`, render. Every command takes ``--user NAME``
(default ``local``); errors propagate to ``cli/main.py``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.table import Table

from pushback.cli._output import check_output, writing
from pushback.domain.adaptation import PAIN_PLACES
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.translations import localize_plan_words
from pushback.domain.units import lb_to_kg
from pushback.i18n import current_language, gettext, pgettext
from pushback.i18n.phrases import localize
from pushback.i18n.titles import translated
from pushback.journal.records import (
    PlanChangeEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)
from pushback.render import charts
from pushback.services.filming.filmed_set import log_filmed_set
from pushback.services.training import journal as service
from pushback.settings import Settings

__all__ = ["JsonOpt", "UserOpt", "print_json", "register", "unit"]

UserOpt = Annotated[
    str, typer.Option("--user", help=gettext("Journal user to act as."))
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help=gettext("Print JSON instead of text."))
]


@contextmanager
def unit(user: str) -> Iterator[tuple[service.Work, UserRecord]]:
    """The command's unit of work and its user (created on first use)."""
    journal = service.open_journal(Settings())
    try:
        with journal.work() as work:
            yield work, service.resolve_user(work, user)
    finally:
        journal.close()


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _changes(
    console: Console, changes: tuple[PlanChangeEntry, ...] | list[PlanChangeEntry]
) -> None:
    for change in changes:
        console.print(
            gettext(
                "[bold]Plan change[/] (%(code)s): %(escape)s",
                code=_code_words(change.code),
                escape=escape(localize(change.reason)),
            )
        )


def _code_words(code: str) -> str:
    """A plan change's code (a stable key, shown as it is in English) in words of
    the current language."""
    words = {
        "shift": pgettext("plan change", "shift"),
        "re-entry": pgettext("plan change", "re-entry"),
        "retest": pgettext("plan change", "retest"),
        "substitute": pgettext("plan change", "substitute"),
        "drop": pgettext("plan change", "drop"),
        "regress-step": pgettext("plan change", "regress-step"),
        "cut-sets": pgettext("plan change", "cut-sets"),
        "repeat": pgettext("plan change", "repeat"),
        "progress-step": pgettext("plan change", "progress-step"),
        "progress-reps": pgettext("plan change", "progress-reps"),
        "deload": pgettext("plan change", "deload"),
        "test-result": pgettext("plan change", "test-result"),
        "new-plan": pgettext("plan change", "new-plan"),
        "next-block": pgettext("plan change", "next-block"),
    }
    return words.get(code, code)


def _count_text(item: dict[str, Any]) -> str:
    if item.get("duration_s") is not None:
        return gettext(
            "%(sets)s x %(time)s s", sets=item["sets"], time=item["duration_s"]
        )
    if item.get("reps_per_side") is not None:
        return gettext(
            "%(sets)s x %(reps)s per side",
            sets=item["sets"],
            reps=item["reps_per_side"],
        )
    return gettext("%(sets)s x %(reps)s", sets=item["sets"], reps=item.get("reps"))


def today(user: UserOpt = "local", as_json: JsonOpt = False) -> None:
    """Today's session with cues, after the plan adapts to the calendar.

    Example: pushback today --user local
    """
    with unit(user) as (work, record):
        view = service.today(work, record)
    if as_json:
        print_json(view.to_dict())
        return
    console = Console()
    _changes(console, view.new_changes)
    console.print(gettext("[bold]%(escape)s[/]", escape=escape(localize(view.message))))
    if view.retest_due:
        console.print(gettext("Log the test with: pushback test --reps N"))
    if view.session is None:
        return
    table = Table(
        gettext("Exercise"),
        gettext("Sets x reps"),
        gettext("Window"),
        gettext("Tempo"),
        gettext("Rest"),
        gettext("Cues"),
    )
    for item in view.session.exercises:
        window = "-".join(map(str, item["rep_range"])) if item.get("rep_range") else ""
        rir = f" @{item['rir']} RIR" if item.get("rir") is not None else ""
        name, cues = localize_plan_words(
            item["slug"],
            localize(item.get("name") or item["slug"]),
            tuple(item.get("cues") or ()),
            current_language(),
        )
        table.add_row(
            escape(name),
            _count_text(item) + rir,
            window,
            item.get("tempo") or "",
            gettext("%(time)s s", time=item.get("rest_s", 0)),
            escape(" ".join(cues)),
        )
    console.print(table)


def _rest(seconds: int, console: Console) -> None:
    """Count the rest down; Ctrl-C ends it early."""
    try:
        with console.status("") as status:
            for left in range(seconds, 0, -1):
                status.update(f"Rest {left} s (Ctrl-C to skip)")
                time.sleep(1)
    except KeyboardInterrupt:
        console.print(gettext("Rest skipped."))


def _ask_set(item: dict[str, Any], number: int) -> dict[str, Any] | None:
    """One set's answers, or None to move on to the next exercise."""
    name = item.get("name") or item["slug"]
    target = item.get("reps_per_side", item.get("reps"))
    side = " per side" if item.get("reps_per_side") is not None else ""
    answer = Prompt.ask(
        gettext(
            "%(name)s, set %(number)s/%(sets)s (target %(target)s%(side)s): reps, "
            "or s to skip",
            name=name,
            number=number,
            sets=item["sets"],
            target=target,
            side=side,
        ),
        default=str(target),
    )
    if answer.strip().lower() == "s":
        return None
    try:
        reps = int(answer)
    except ValueError:
        raise InvalidInput("reps", answer, msg("a whole number or s")) from None
    data: dict[str, Any] = {"exercise": item["slug"], "reps": reps}
    data["rir"] = IntPrompt.ask(
        gettext("Reps in reserve (0-10)"), default=item.get("rir", 2)
    )
    data["form_broke"] = Confirm.ask(gettext("Did form break?"), default=False)
    if Confirm.ask(gettext("Any pain (not muscle burn)?"), default=False):
        data["pain"] = True
        data["pain_location"] = Prompt.ask(gettext("Where"), default="unspecified")
    return data


def _interactive(work: service.Work, user: UserRecord, rest: bool) -> service.LogResult:
    """Set by set: each confirmed set is its own committed use case, so a crash
    keeps every set confirmed so far (and no transaction waits on a prompt)."""
    console = Console()
    view = service.today(work, user)
    work.release()
    _changes(console, view.new_changes)
    sleep = IntPrompt.ask(gettext("Sleep last night, 1 (poor) to 5 (great)"), default=3)
    soreness = IntPrompt.ask(gettext("Soreness, 1 (none) to 5 (very sore)"), default=2)
    opened = service.begin_session(work, user, sleep=sleep, soreness=soreness)
    assert opened.id is not None
    if opened.sets:
        console.print(
            gettext(
                "Resuming the session started %(started_at)s.",
                started_at=format(opened.started_at, "%H:%M"),
            )
        )
    hard = [
        x for x in (view.session.exercises if view.session else ()) if x.get("hard")
    ]
    for item in hard:
        for number in range(1, item["sets"] + 1):
            data = _ask_set(item, number)
            if data is None:
                break
            service.log_set(work, user, session_id=opened.id, data=data)
            console.print(gettext("Saved."))
            if rest and number < item["sets"]:
                _rest(int(item.get("rest_s", 60)), console)
    notes = Prompt.ask(gettext("Notes (optional)"), default="")
    return service.finish_session(work, user, session_id=opened.id, notes=notes)


def _from_flags(
    exercise: str | None, reps: list[int], rir: list[int], extra: dict[str, Any]
) -> dict[str, Any]:
    if exercise is None or not reps:
        raise InvalidInput(
            "log", "incomplete flags", msg("--exercise with one --reps per set")
        )
    if len(rir) not in (0, 1, len(reps)):
        raise InvalidInput(
            "rir", rir, msg("one value, or one per set (%(count)s)", count=len(reps))
        )
    sets = []
    for index, count in enumerate(reps):
        item: dict[str, Any] = {"exercise": exercise, "reps": count}
        if rir:
            item["rir"] = rir[index] if len(rir) > 1 else rir[0]
        item.update(extra)
        sets.append(item)
    return {"sets": sets}


def _read_json(path: Path) -> Any:
    try:
        text = (
            sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        )
        return json.loads(text)
    except FileNotFoundError:
        raise InvalidInput("file", str(path), msg("an existing JSON file")) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            "file", f"{path}: {error.msg}", msg("a JSON session or list")
        ) from None


def _show_result(results: list[service.LogResult], as_json: bool) -> None:
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    console = Console()
    for result in results:
        session: SessionEntry = result.session
        console.print(
            gettext(
                "Logged session %(id)s: %(len)s set(s).",
                id=session.id,
                len=len(session.sets),
            )
        )
        _changes(console, result.changes)
        if not result.changes:
            console.print(gettext("The plan stays as it is."))


def log(  # noqa: PLR0913 - one flag each, as the issue asks
    user: UserOpt = "local",
    file: Annotated[
        Path | None,
        typer.Option("--file", help=gettext("JSON session(s) to log; - for stdin.")),
    ] = None,
    exercise: Annotated[
        str | None, typer.Option(help=gettext("Catalog slug of the sets."))
    ] = None,
    reps: Annotated[
        list[int] | None, typer.Option(help=gettext("Reps of one set (repeat)."))
    ] = None,
    rir: Annotated[
        list[int] | None, typer.Option(help=gettext("Reps in reserve (0-10)."))
    ] = None,
    form_broke: Annotated[
        bool, typer.Option(help=gettext("Form broke in these sets."))
    ] = False,
    pain: Annotated[
        str | None, typer.Option(help=gettext("Pain, with where (wrist...)."))
    ] = None,
    sleep: Annotated[
        int | None, typer.Option(help=gettext("Sleep 1 (poor) - 5 (great)."))
    ] = None,
    soreness: Annotated[
        int | None, typer.Option(help=gettext("Soreness 1 (none) - 5."))
    ] = None,
    body_weight_kg: Annotated[
        float | None, typer.Option(help=gettext("Record body weight (kg)."))
    ] = None,
    body_weight_lb: Annotated[
        float | None, typer.Option(help=gettext("Record body weight (lb)."))
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help=gettext("Ask set by set."))
    ] = False,
    no_rest: Annotated[
        bool, typer.Option("--no-rest", help=gettext("No rest countdown."))
    ] = False,
    video: Annotated[
        Path | None,
        typer.Option(
            help=gettext(
                "Video of the last set: stores its descents, faults and stop rep."
            )
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Log training: set by set with a rest countdown, or from flags or a JSON file.

    With --video the last set is analysed: without --reps its reps are counted, and
    a set whose form broke before its last rep is logged as "form broke".

    Example: pushback log --exercise push-up --reps 10 --reps 9 --rir 2 --sleep 4
    """
    with unit(user) as (work, record):
        weight = body_weight_kg if body_weight_lb is None else lb_to_kg(body_weight_lb)
        if weight is not None:
            service.log_body_weight(work, record, body_mass_kg=weight)
            if not as_json:
                typer.echo(
                    gettext(
                        "Body weight recorded: %(weight)s kg.",
                        weight=format(weight, ".1f"),
                    )
                )
            if exercise is None and file is None and not interactive:
                return
        if file is not None:
            data = _read_json(file)
        elif exercise is not None or reps:
            extra: dict[str, Any] = {"form_broke": form_broke}
            if pain is not None:
                extra |= {"pain": True, "pain_location": pain}
            counted = video is not None and not reps  # the video counts the reps
            data = _from_flags(exercise, reps or [0] * counted, rir or [], extra)
            if counted:
                data["sets"][-1]["reps"] = None
            data |= {
                k: v
                for k, v in (("sleep", sleep), ("soreness", soreness))
                if v is not None
            }
        elif interactive or sys.stdin.isatty():
            _show_result([_interactive(work, record, not no_rest)], as_json)
            return
        else:
            raise InvalidInput(
                "log", "no input", msg("--file, --exercise with --reps, or -i")
            )
        if video is not None:
            logged = log_filmed_set(work, record, data=data, video=video)
            _show_result(logged, as_json)
            return
        _show_result(service.log_sessions(work, record, data=data), as_json)


def _set_text(item: SetEntry) -> str:
    count = item.reps if item.reps is not None else item.reps_per_side
    text = f"{item.slug or item.exercise_name} {count}"
    if item.effective_rir is not None:
        text += f"@{item.effective_rir}"
    if item.form_broke:
        text = gettext("%(set)s (form broke)", set=text)
    if item.pain:
        where = item.pain_location or ""
        # A place offered by the quick log is a message; typed words stay.
        place = gettext(where) if where in PAIN_PLACES else where
        text = gettext("%(set)s (pain: %(where)s)", set=text, where=place)
    return text


def history(
    user: UserOpt = "local",
    limit: Annotated[int, typer.Option(help=gettext("Sessions to show."))] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Logged sessions, newest first, and the plan's changes with their reasons.

    Example: pushback history --limit 5
    """
    with unit(user) as (work, record):
        view = service.history(work, record, limit=limit)
    if as_json:
        print_json(view.to_dict())
        return
    console = Console()
    table = Table(
        gettext("Date"), gettext("Session"), gettext("Sets"), gettext("Readiness")
    )
    for session in view.sessions:
        sets = gettext(", ").join(_set_text(s) for s in session.sets)
        readiness = gettext(
            "sleep %(sleep)s, sore %(sore)s",
            sleep=session.sleep_score or "-",
            sore=session.soreness_score or "-",
        )
        table.add_row(
            f"{session.started_at:%Y-%m-%d}",
            escape(translated(session.title)),
            escape(sets),
            readiness,
        )
    console.print(table if view.sessions else gettext("No sessions logged yet."))
    for change in view.changes:
        console.print(
            gettext(
                "%(effective_on)s [bold]%(code)s[/]: %(escape)s",
                effective_on=change.effective_on,
                code=_code_words(change.code),
                escape=escape(localize(change.reason)),
            )
        )


def progress(
    user: UserOpt = "local",
    weeks: Annotated[int, typer.Option(help=gettext("Weeks to look back."))] = 12,
    out: Annotated[
        Path | None, typer.Option("--out", help=gettext("Write charts here."))
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=gettext("Chart format: png or svg."))
    ] = "png",
    as_json: JsonOpt = False,
) -> None:
    """Progress summary; with --out DIR also PNG/SVG charts.

    Example: pushback progress --weeks 8 --out charts --format svg
    """
    if out is not None:
        check_output("--out", out, folder=True)
    with unit(user) as (work, record):
        report = service.progress(work, record, weeks=weeks)
    paths: list[Path] = []
    if out is not None:
        with writing("--out", out, folder=True):
            paths = charts.render_charts(report, out, fmt=fmt)
    if as_json:
        print_json(report.to_dict() | {"charts": [str(p) for p in paths]})
        return
    console = Console()
    console.print(
        gettext(
            "%(sessions)s session(s), %(sets)s set(s) since %(since)s; streak: "
            "%(streak_weeks)s week(s) in a row.",
            sessions=report.sessions,
            sets=report.sets,
            since=report.since,
            streak_weeks=report.streak_weeks,
        )
    )
    for slug, points in report.best_clean_reps.items():
        first, last = points[0][1], points[-1][1]
        console.print(
            gettext(
                "%(slug)s: best clean set %(first)s -> %(last)s reps",
                slug=slug,
                first=first,
                last=last,
            )
        )
    if report.ladder_steps:
        step = report.ladder_steps[-1][1]
        console.print(gettext("Push-up level now: %(step)s", step=step))
    if report.rir_trend:
        rir = report.rir_trend[-1][1]
        console.print(gettext("Reps in reserve, last session: %(rir)s", rir=rir))
    for path in paths:
        console.print(gettext("Chart: %(path)s", path=path))


def retest(
    user: UserOpt = "local",
    reps: Annotated[
        str | None, typer.Option("--reps", help=gettext("Most consecutive clean reps."))
    ] = None,
    variant: Annotated[
        str | None,
        typer.Option(help=gettext("Variant tested (default: the last one).")),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Max-rep retest: updates the assessment and starts a new plan today.

    Example: pushback test --reps 18 --variant push-up
    """
    if reps is None:
        if not sys.stdin.isatty():
            raise InvalidInput("reps", None, msg("--reps N (consecutive clean reps)"))
        reps = Prompt.ask(gettext("Most consecutive clean reps"))
    with unit(user) as (work, record):
        result = service.retest(work, record, max_reps=reps, variant=variant)
    if as_json:
        print_json(result.to_dict())
        return
    typer.echo(
        gettext(
            "Retest saved: %(max_pushups)s reps on %(variant)s (before: "
            "%(previous_max)s). Ladder step %(step)s (%(step_slug)s); new plan from "
            "%(start_date)s. Run `pushback today`.",
            max_pushups=result.profile.max_pushups,
            variant=result.profile.variant,
            previous_max=result.previous_max,
            step=result.step,
            step_slug=result.step_slug,
            start_date=result.plan.start_date,
        )
    )


def register(app: typer.Typer) -> None:
    """Add the journal commands to the ``pushback`` app."""
    app.command("today")(today)
    app.command("log")(log)
    app.command("history")(history)
    app.command("progress")(progress)
    app.command("test")(retest)
