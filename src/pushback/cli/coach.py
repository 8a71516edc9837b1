"""``pushback assess``, ``pushback plan`` and ``pushback onboard``.

Thin: parse flags (or ask with Rich prompts), call one service, render. Numbers
are taken as text and checked by the domain, so a bad value gives the one-line
``Error: Invalid value for FIELD ...`` and exit code 2 instead of a usage dump.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.table import Table

from pushback.cli._output import check_output, write_text
from pushback.domain.assessment import Assessment, AssessmentAnswers
from pushback.domain.errors import InvalidInput, NotAllowed
from pushback.domain.phrases import msg
from pushback.domain.plain_words import plain
from pushback.domain.plans import Plan
from pushback.domain.profile import PARQ_QUESTIONS, ParQ
from pushback.domain.translations import localize_plan_words
from pushback.i18n import current_language, gettext
from pushback.i18n.phrases import localize
from pushback.render import plan_formats
from pushback.services.coaching import coach
from pushback.settings import Settings

__all__ = ["register"]

PARQ_HELP = gettext(
    "The seven PAR-Q+ answers in form order: seven y/n letters (nnnnnnn) or "
    "comma-separated yes/no (yes,no,no,no,no,no,no). Without it, a scripted run "
    "takes all seven as no and says so."
)

MaxOpt = Annotated[
    str | None,
    typer.Option("--max-pushups", help=gettext("Most consecutive clean reps.")),
]
VariantOpt = Annotated[
    str, typer.Option("--variant", help=gettext("Ladder variant the max was done on."))
]
AgeOpt = Annotated[
    str | None, typer.Option("--age", help=gettext("Age in years (15-100)."))
]
SexOpt = Annotated[
    str | None, typer.Option("--sex", help=gettext("female or male (optional)."))
]
KgOpt = Annotated[
    str | None, typer.Option("--weight-kg", help=gettext("Body mass in kg."))
]
LbOpt = Annotated[
    str | None, typer.Option("--weight-lb", help=gettext("Body mass in lb."))
]
EquipOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        help=gettext("none|table|towel|trx|dumbbells|bands (repeatable)."),
    ),
]
DaysOpt = Annotated[
    str | None, typer.Option("--days", help=gettext("Sessions a week, 2-5."))
]
CondOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--condition", help=gettext("wrist|shoulder|lower-back|pregnancy (repeatable).")
    ),
]
ParqOpt = Annotated[str | None, typer.Option("--parq", help=PARQ_HELP)]
ClearedOpt = Annotated[
    bool,
    typer.Option(
        "--cleared", help=gettext("A doctor has cleared you after a PAR-Q+ yes.")
    ),
]
GoalOpt = Annotated[
    str | None,
    typer.Option(
        "--goal",
        help=gettext(
            "strength, endurance or posture (optional: the article's back-training "
            "mix without it)."
        ),
    ),
]
TrainingOpt = Annotated[
    str | None,
    typer.Option(
        "--training-age",
        help=gettext(
            "novice (new, or no training for years), intermediate (about 6 months "
            "of regular training) or advanced (years). Optional."
        ),
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help=gettext("Print JSON instead of text."))
]


def _settings() -> Settings:
    return Settings()


def _answers(  # noqa: PLR0913 - one argument per assessment flag
    max_pushups: str | None,
    variant: str,
    age: str | None,
    sex: str | None,
    weight_kg: str | None,
    weight_lb: str | None,
    equipment: list[str] | None,
    days: str | None,
    condition: list[str] | None,
    parq: str | None,
    cleared: bool,
    goal: str | None = None,
    training_age: str | None = None,
) -> AssessmentAnswers:
    return AssessmentAnswers(
        max_pushups=max_pushups,
        variant=variant,
        age=age,
        sex=sex,
        weight_kg=weight_kg,
        weight_lb=weight_lb,
        equipment=tuple(equipment or ()),
        days_per_week=days if days is not None else "3",
        conditions=tuple(condition or ()),
        parq=parq,
        cleared=cleared,
        goal=goal,
        training_age=training_age,
    )


def _ask_list(label: str, accepted: str) -> tuple[str, ...]:
    raw = Prompt.ask(
        gettext(
            "%(label)s (%(accepted)s; comma-separated, empty for none)",
            label=label,
            accepted=accepted,
        ),
        default="",
    )
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _ask(console: Console) -> AssessmentAnswers:
    """Collect the assessment interactively (Rich prompts).

    Raises :class:`InvalidInput` when input ends before every question is answered.
    """
    try:
        return _ask_all(console)
    except (EOFError, KeyboardInterrupt):
        raise InvalidInput(
            "max_pushups",
            None,
            msg("given with --max-pushups or answered at the prompts"),
        ) from None


def _ask_all(console: Console) -> AssessmentAnswers:
    console.print(
        gettext(
            "[bold]pushback assessment[/bold]: do as many clean push-ups as you can."
        )
    )
    variant = Prompt.ask(gettext("Variant you tested on"), default="push-up")
    max_reps = IntPrompt.ask(gettext("Most consecutive clean reps"))
    age = IntPrompt.ask(gettext("Age (years)"))
    sex = Prompt.ask(gettext("Sex (female/male, empty to skip)"), default="") or None
    weight = Prompt.ask(gettext("Body mass in kg (empty to skip)"), default="") or None
    equipment = _ask_list("Equipment", "none, table, towel, trx, dumbbells, bands")
    days = IntPrompt.ask(gettext("Sessions a week (2-5)"), default=3)
    conditions = _ask_list("Conditions", "wrist, shoulder, lower-back, pregnancy")
    goal = (
        Prompt.ask(
            gettext("Goal (strength/endurance/posture, empty to skip)"), default=""
        )
        or None
    )
    training_age = (
        Prompt.ask(
            gettext(
                "Training background (novice/intermediate/advanced, empty to skip)"
            ),
            default="",
        )
        or None
    )
    console.print(gettext("[bold]PAR-Q+[/bold] (answer y or n):"))
    answers = {
        name: Confirm.ask(gettext(text), default=False) for name, text in PARQ_QUESTIONS
    }
    parq = ParQ(**answers)
    cleared = bool(parq.yes_answers()) and Confirm.ask(
        gettext("Has a doctor cleared you to exercise?"), default=False
    )
    return AssessmentAnswers(
        max_pushups=max_reps,
        variant=variant,
        age=age,
        sex=sex,
        weight_kg=weight,
        equipment=equipment,
        days_per_week=days,
        conditions=conditions,
        parq=parq,
        cleared=cleared,
        goal=goal,
        training_age=training_age,
    )


def _print_assessment(console: Console, result: Assessment) -> None:
    for line in result.parq_advice:
        console.print(
            gettext("[bold red]%(escape)s[/bold red]", escape=escape(localize(line)))
        )
    step = result.step
    console.print(
        gettext(
            "[bold]Ladder step %(step)s: %(slug)s[/bold] - %(escape)s",
            step=step.step,
            slug=step.slug,
            escape=escape(localize(step.reason)),
        )
    )
    note = escape(localize(result.norm.note))
    if result.norm.applies:
        console.print(
            gettext(
                "Norm category: [bold]%(category)s[/bold] (%(note)s)",
                category=escape(localize(result.norm.category)),
                note=note,
            )
        )
    else:
        console.print(gettext("Norm category: not applicable. %(note)s", note=note))
    if result.profile.goal:
        console.print(gettext("Goal: %(goal)s", goal=result.profile.goal))
    console.print(gettext("[bold]Safety[/bold]"))
    for line in result.safety_advice:
        console.print(f"- {escape(localize(line))}")
    if not result.plan_allowed:
        console.print(
            gettext(
                "[bold red]No plan until you confirm clearance (--cleared).[/bold red]"
            )
        )


def _plan_table(console: Console, plan: Plan, start: date) -> None:
    for note in plan.notes:
        console.print(f"- {escape(plain(localize(note)))}")
    for week in plan.weeks:
        for session in week.sessions:
            when = plan_formats.session_date(start, week, session).isoformat()
            deload = gettext(" (easy week)") if week.deload else ""
            heading = gettext(
                "Week %(week)s%(deload)s, day %(day)s (%(when)s)",
                week=week.week,
                deload=deload,
                day=session.day,
                when=when,
            )
            table = Table(
                title=escape(
                    gettext(
                        "%(heading)s: %(title)s",
                        heading=heading,
                        title=localize(session.title),
                    )
                ),
                title_justify="left",
            )
            for column in (
                gettext("Exercise"),
                gettext("Prescription"),
                gettext("In the article's plan"),
                gettext("Why"),
            ):
                table.add_column(column, overflow="fold")
            for item in session.exercises:
                name, _ = localize_plan_words(
                    item.slug, localize(item.name or item.slug), (), current_language()
                )
                cells = (
                    name,
                    localize(plan_formats.prescription_words(item)),
                    plain(localize(item.seed or "")),
                    plain(localize(item.reason)),
                )
                table.add_row(*(escape(cell) for cell in cells))
            console.print(table)
        if week.note:
            console.print(
                gettext(
                    "[italic]%(escape)s[/italic]", escape=escape(localize(week.note))
                )
            )


def _render_plan(result: coach.PlanResult, fmt: str, as_json: bool) -> str | None:
    if as_json:
        return json.dumps(result.to_dict(), indent=2) + "\n"
    if fmt == "md":
        return plan_formats.render_markdown(result.plan, result.start)
    if fmt == "ics":
        stamp = datetime.now(UTC).replace(microsecond=0)
        return plan_formats.render_ics(result.plan, result.start, stamp)
    if fmt == "table":
        return None
    raise InvalidInput("format", fmt, msg("one of table, md, ics"))


def assess_command(
    max_pushups: MaxOpt = None,
    variant: VariantOpt = "push-up",
    age: AgeOpt = None,
    sex: SexOpt = None,
    weight_kg: KgOpt = None,
    weight_lb: LbOpt = None,
    equipment: EquipOpt = None,
    days: DaysOpt = None,
    condition: CondOpt = None,
    parq: ParqOpt = None,
    cleared: ClearedOpt = False,
    goal: GoalOpt = None,
    training_age: TrainingOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Take the starting test: which push-up you start with, how you compare, safety
    advice; saves your answers.

    Without --max-pushups it asks interactively.

    Example: pushback assess --max-pushups 12 --age 34 --days 3 --parq nnnnnnn
    """
    console = Console()
    if max_pushups is None:
        answers = _ask(console)
    else:
        answers = _answers(
            max_pushups, variant, age, sex, weight_kg, weight_lb,
            equipment, days, condition, parq, cleared, goal, training_age,
        )  # fmt: skip
    result, path = coach.assess_and_save(answers, _settings())
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "saved_to": str(path)}, indent=2))
        return
    _print_assessment(console, result)
    console.print(gettext("Profile saved to %(path)s", path=path))


def plan_command(
    weeks: Annotated[
        str,
        typer.Option(
            "--weeks",
            help=gettext(
                "Weeks to plan, 1-52: blocks of 4 weeks, each ending with a "
                "lighter week and a retest."
            ),
        ),
    ] = "4",
    start: Annotated[
        str | None,
        typer.Option("--start", help=gettext("First day, ISO date (default today).")),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=gettext("table, md or ics."))
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help=gettext("Write to this file."))
    ] = None,
    max_pushups: MaxOpt = None,
    variant: VariantOpt = "push-up",
    age: AgeOpt = None,
    sex: SexOpt = None,
    weight_kg: KgOpt = None,
    weight_lb: LbOpt = None,
    equipment: EquipOpt = None,
    days: DaysOpt = None,
    condition: CondOpt = None,
    parq: ParqOpt = None,
    cleared: ClearedOpt = False,
    goal: GoalOpt = None,
    training_age: TrainingOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build your multi-week plan from the saved profile, or from assessment flags.

    Example: pushback plan --weeks 4 --start 2025-03-03 --format ics --out plan.ics
    """
    given = max_pushups is not None
    others = (
        age, sex, weight_kg, weight_lb, equipment, days, condition, parq, goal,
        training_age,
    )  # fmt: skip
    if not given and (any(v is not None for v in others) or cleared):
        raise InvalidInput(
            "max_pushups", None, msg("given when other assessment flags are given")
        )
    answers = (
        _answers(
            max_pushups,
            variant,
            age,
            sex,
            weight_kg,
            weight_lb,
            equipment,
            days,
            condition,
            parq,
            cleared,
            goal,
            training_age,
        )  # fmt: skip
        if given
        else None
    )
    first_day = coach.parse_date(start, date.today())
    if fmt not in ("table", "md", "ics"):
        raise InvalidInput("format", fmt, msg("one of table, md, ics"))
    if out is not None:
        check_output("--out", out)
    try:
        result = coach.make_plan(
            _settings(), answers=answers, weeks=weeks, start=first_day
        )
    except NotAllowed as error:
        raise NotAllowed(_with_cleared_hint(error.message)) from None
    _show_plan(result, fmt, as_json, out)


def _with_cleared_hint(message: str) -> str:
    """A refused plan's message with how to go on in the terminal."""
    return gettext(
        "%(message)s Once cleared, run again with --cleared.",
        message=localize(message),
    )


def _show_plan(
    result: coach.PlanResult, fmt: str, as_json: bool, out: Path | None
) -> None:
    console = Console(record=out is not None and fmt == "table" and not as_json)
    text = _render_plan(result, fmt, as_json)
    if text is None:
        _plan_table(console, result.plan, result.start)
        if out is None:
            return
        text = console.export_text()
    if out is None:
        sys.stdout.write(text)
        return
    write_text("--out", out, text)
    typer.echo(gettext("Plan written to %(out)s", out=out))


def onboard_command() -> None:
    """Guided start in the terminal: the test questions, then your plan.

    Example: pushback onboard
    """
    console = Console()
    answers = _ask(console)
    settings = _settings()
    result, path = coach.assess_and_save(answers, settings)
    _print_assessment(console, result)
    console.print(gettext("Profile saved to %(path)s\n", path=path))
    if not result.plan_allowed:
        return
    plan = coach.make_plan(settings, answers=None, start=date.today())
    _plan_table(console, plan.plan, plan.start)


def register(app: typer.Typer) -> None:
    """Add ``assess``, ``plan`` and ``onboard`` to the ``pushback`` app."""
    app.command("assess")(assess_command)
    app.command("plan")(plan_command)
    app.command("onboard")(onboard_command)
