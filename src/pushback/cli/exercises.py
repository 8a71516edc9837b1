"""``pushback exercises``: list the catalog, or explain one exercise like a coach.

``pushback exercises [--equipment E]... [--category C] [--step N] [--json]`` lists;
``pushback exercises show SLUG [--json]`` explains one entry: summary, muscles and
their roles for the back, the seed's stars, evidence beside the seed's claims, dose,
ladder neighbours and gate, cues, faults, safety and the cited sources.

Both call :mod:`pushback.services.coaching.coach` once and render. Values
arrive as text and are checked by the domain, so a bad ``--step`` or an unknown
slug gets the same one-line ``Error: ...`` and exit code 2 as every other bad
input.

JSON: the list is ``{"exercises": [...]}`` with ``slug``, ``name``, ``category``,
``branch``, ``ladder_step``, ``equipment``, ``unit``, ``rep_range``, ``duration_s``,
``tempo``, ``rest_s``, ``back_stars``, ``evidence_grade``; ``show`` prints every
field of the entry plus ``citations`` (the resolved sources) and ``muscle_names``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pushback.domain.catalog import CONDITIONS, Catalog, Exercise
from pushback.domain.errors import InvalidInput
from pushback.domain.grade_words import grade_label
from pushback.domain.phrases import msg
from pushback.domain.plain_words import plain
from pushback.domain.tempo import parse_tempo
from pushback.i18n import N_, gettext
from pushback.services.coaching import coach

__all__ = ["exercises_app", "register"]

exercises_app = typer.Typer(
    name="exercises",
    help=gettext(
        "The exercise catalog: push-up ladder, rows, scapular drills, warm-up, "
        "mobility.\n\nExample: pushback exercises show wide-push-up"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)

_STEP_HELP = gettext("Only exercises at this ladder step (main and side variants).")
#: Brief section 4, stop signals.
_STOP_SIGNALS = N_(
    "Stop for chest pain, dizziness, unusual breathlessness, sharp or joint pain, "
    "numbness or tingling in the hand, or form breaking on 2 reps in a row."
)
_PHASES = ("down", "pause at the bottom", "up", "pause at the top")


def register(app: typer.Typer) -> None:
    """Add the ``exercises`` command group to the ``pushback`` app."""
    app.add_typer(exercises_app, name="exercises")


def _step(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        steps = len(coach.catalog().ladder())
        raise InvalidInput(
            "step", text, msg("a whole number from 1 to %(steps)s", steps=steps)
        ) from None


@exercises_app.callback()
def list_exercises(
    ctx: typer.Context,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            help=gettext(
                "Equipment you have (repeatable): none, table, towel, trx, "
                "dumbbells, bands. Lists what you can do with it."
            )
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(help=gettext("push, pull, scapular, warm-up or mobility.")),
    ] = None,
    step: Annotated[str | None, typer.Option(help=_STEP_HELP)] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=gettext("Print JSON."))
    ] = False,
) -> None:
    """List the catalog, optionally filtered.

    Example: pushback exercises --equipment table --category pull
    """
    if ctx.invoked_subcommand is not None:
        return
    filters: dict[str, Any] = {
        "category": category,
        "equipment": tuple(equipment) if equipment else None,
        "step": _step(step),
    }
    if as_json:
        typer.echo(json.dumps(coach.exercises_json(**filters), indent=2))
        return
    Console().print(_list_table(list(coach.list_exercises(**filters))))


def _dose(exercise: Exercise) -> str:
    if exercise.rep_range is not None:
        low, high = exercise.rep_range
        per = "/side" if exercise.unit == "reps_per_side" else ""
        return f"{low}-{high} reps{per}"
    return f"{exercise.duration_s} s"


def _stars(count: int | None) -> str:
    return "★" * count + "☆" * (5 - count) if count else ""


def _list_table(exercises: list[Exercise]) -> Table:
    """One row per exercise, grouped by category; slugs never wrap (they are typed)."""
    table = Table(
        title=gettext("pushback exercises (%(len)s)", len=len(exercises)),
        box=box.SIMPLE_HEAD,
    )
    slug_width = max((len(e.slug) for e in exercises), default=4)
    table.add_column(gettext("Step"), no_wrap=True, min_width=6)
    table.add_column(gettext("Slug"), no_wrap=True, style="bold", min_width=slug_width)
    table.add_column(gettext("Name"), ratio=1)
    for column, width in (("Equipment", 9), ("Dose", 14), ("Back", 5), ("Grade", 5)):
        table.add_column(column, no_wrap=True, min_width=width)
    category = None
    for exercise in exercises:
        if exercise.category != category:
            category = exercise.category
            table.add_row(
                "",
                gettext("[dim]%(category)s[/dim]", category=category),
                end_section=False,
            )
        step = "" if exercise.ladder_step is None else str(exercise.ladder_step)
        if exercise.branch == "side":
            step += " side"
        table.add_row(
            step,
            exercise.slug,
            escape(exercise.name),
            ", ".join(exercise.equipment),
            _dose(exercise),
            _stars(exercise.back_stars),
            exercise.evidence.grade,
        )
    return table


@exercises_app.command("show")
def show(
    slug: Annotated[
        str, typer.Argument(help=gettext("The exercise slug, e.g. push-up."))
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help=gettext("Print JSON."))
    ] = False,
) -> None:
    """Explain one exercise like a coach: muscles, evidence, dose, ladder, safety.

    Example: pushback exercises show wide-push-up
    """
    catalog = coach.catalog()
    exercise = catalog.get(slug)
    if as_json:
        typer.echo(json.dumps(coach.exercise_json(slug), indent=2))
        return
    console = Console()
    for block in _explain(catalog, exercise):
        console.print(block)


def tempo_words(tempo: str) -> str:
    """``3-1-1-0`` -> ``3 s down, 1 s pause at the bottom, 1 s up``."""
    parts = []
    for (_, value), phase in zip(parse_tempo(tempo).phases, _PHASES, strict=True):
        if value is None:
            parts.append(f"{phase} as fast as possible")
        elif value:
            parts.append(f"{value:g} s {phase}")
    return ", ".join(parts)


def _explain(catalog: Catalog, exercise: Exercise) -> list[Any]:
    """The blocks of the ``show`` view, in reading order."""
    return [
        _heading(exercise),
        escape(plain(exercise.summary)),
        _muscles_table(catalog, exercise),
        *_section(gettext("How to do it"), [plain(p) for p in exercise.key_points]),
        *_section(gettext("Cues"), [f'"{plain(cue)}"' for cue in exercise.cues]),
        *_section(gettext("Common faults"), [plain(f) for f in exercise.faults]),
        *_section(gettext("Dose"), _dose_lines(exercise)),
        *_section(gettext("Ladder"), _ladder_lines(catalog, exercise)),
        *_section(gettext("Safety"), _safety_lines(catalog, exercise)),
        *_evidence(exercise),
        *_section(gettext("Sources"), _source_lines(catalog, exercise)),
    ]


def _heading(exercise: Exercise) -> str:
    where = ""
    if exercise.ladder_step is not None:
        where = " · " + (
            gettext("push-up level %(step)s (main path)", step=exercise.ladder_step)
            if exercise.branch == "main"
            else gettext(
                "push-up level %(step)s (side variant)", step=exercise.ladder_step
            )
        )
    stars = ""
    if exercise.back_stars:
        stars = "\n" + gettext(
            "Back activation (the article's rating): %(stars)s",
            stars=_stars(exercise.back_stars),
        )
    equipment = ", ".join(exercise.equipment)
    return (
        f"[bold]{escape(exercise.name)}[/bold] ({exercise.slug})\n"
        + gettext(
            "%(category)s%(where)s · equipment: %(equipment)s",
            category=exercise.category,
            where=where,
            equipment=equipment,
        )
        + stars
    )


def _section(title: str, lines: list[str] | tuple[str, ...]) -> list[Any]:
    """A bold title over a bullet list whose wrapped lines stay indented."""
    if not lines:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", escape(line))
    return [Text(f"\n{title}", style="bold"), grid]


def _muscles_table(catalog: Catalog, exercise: Exercise) -> Table:
    table = Table(title=gettext("Muscles and their role"), title_justify="left")
    table.add_column(gettext("Muscle"))
    table.add_column("")
    table.add_column(gettext("Role here"))
    for kind, roles in (
        (gettext("primary"), exercise.primary_muscles),
        (gettext("secondary"), exercise.secondary_muscles),
    ):
        for role in roles:
            name = catalog.muscle(role.muscle).name
            table.add_row(escape(name), kind, escape(plain(role.role)))
    return table


def _dose_lines(exercise: Exercise) -> list[str]:
    lines = [
        gettext(
            "%(dose)s, rest %(rest)s s between sets",
            dose=_dose(exercise),
            rest=exercise.rest_s,
        )
    ]
    if exercise.tempo:
        lines.append(
            gettext(
                "Tempo %(tempo)s: %(words)s",
                tempo=exercise.tempo,
                words=tempo_words(exercise.tempo),
            )
        )
    if exercise.load_note:
        lines.append(gettext("Load: %(note)s", note=plain(exercise.load_note)))
    if exercise.back_volume_factor:
        lines.append(
            gettext(
                "Counts as %(factor)s of a back set in weekly volume (our rule)",
                factor=format(exercise.back_volume_factor, "g"),
            )
        )
    seed = exercise.seed_prescription
    if seed:
        per = gettext(" each side") if seed.per_side else ""
        lines.append(
            gettext(
                "The article's plan: day %(day)s, %(sets)sx%(reps)s%(per)s",
                day=seed.day,
                sets=seed.sets,
                reps=seed.reps,
                per=per,
            )
        )
    return lines


def _gate_text(sets: int, reps: int, per_side: bool, grade: str) -> str:
    per = gettext(" per side") if per_side else ""
    return f"{sets}x{reps}{per} ({gettext(grade_label(grade)).lower()})"


def _ladder_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    lines = []
    if exercise.easier:
        label = (
            gettext("Entry variant") if exercise.branch == "side" else gettext("Easier")
        )
        lines.append(f"{label}: {_name(catalog, exercise.easier)}")
    if exercise.harder:
        lines.append(gettext("Harder: %(name)s", name=_name(catalog, exercise.harder)))
    gate = exercise.gate
    if gate:
        text = _gate_text(gate.sets, gate.reps, gate.per_side, gate.grade)
        line = gettext("Move on at %(gate)s", gate=text)
        lines.append(line + (f" - {plain(gate.note)}" if gate.note else ""))
    needs = exercise.requires
    if needs:
        text = _gate_text(needs.sets, needs.reps, needs.per_side, needs.grade)
        line = gettext("Start only after %(gate)s", gate=text)
        lines.append(line + (f" - {plain(needs.note)}" if needs.note else ""))
    if exercise.branch == "main" and not exercise.harder:
        lines.append(gettext("Top of the ladder."))
    return lines


def _name(catalog: Catalog, slug: str) -> str:
    other = catalog.get(slug)
    if other.ladder_step:
        return gettext(
            "%(name)s (%(slug)s, level %(step)s)",
            name=other.name,
            slug=slug,
            step=other.ladder_step,
        )
    return f"{other.name} ({slug})"


#: Declared conditions in words (catalog.CONDITIONS).
_CONDITION_WORDS = {
    "wrist": N_("Sore wrists"),
    "shoulder": N_("Sore shoulders"),
    "lower-back": N_("Low-back pain"),
    "pregnancy": N_("Pregnancy"),
}


def _safety_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    """Per declared condition: not prescribed (and what instead), or how to adapt."""
    lines = []
    for condition in CONDITIONS:
        words = gettext(_CONDITION_WORDS.get(condition, condition))
        note = exercise.condition_notes.get(condition)
        target = exercise.substitutions.get(condition)
        instead = catalog.get(target).name if target else None
        if condition in exercise.contraindications:
            lines.append(
                gettext(
                    "%(condition)s: not prescribed; do %(instead)s instead.",
                    condition=words,
                    instead=instead,
                )
            )
        if note:
            lines.append(f"{words}: {plain(note)}")
        if instead and condition not in exercise.contraindications:
            lines.append(
                gettext(
                    "%(condition)s: if it still hurts, do %(instead)s instead.",
                    condition=words,
                    instead=instead,
                )
            )
    lines.append(gettext(_STOP_SIGNALS))
    return lines


def _evidence(exercise: Exercise) -> list[Any]:
    """How sure we are and why, then each claim of the article beside the studies."""
    evidence = exercise.evidence
    sure = gettext(grade_label(evidence.grade))
    blocks = _section(gettext("Evidence"), [f"{sure}: {plain(evidence.summary)}"])
    if exercise.claims:
        table = Table(
            title=gettext("The article's claims beside the studies"), expand=True
        )
        table.add_column(gettext("The article says"), ratio=1)
        table.add_column(gettext("How sure"), no_wrap=False, ratio=1)
        table.add_column(gettext("What the studies say"), ratio=2)
        for claim in exercise.claims:
            seed_claim = escape(plain(claim.seed_claim or ""))
            sure = gettext(grade_label(claim.grade))
            table.add_row(seed_claim, sure, escape(plain(claim.summary)))
        blocks.append(table)
    return blocks


def _source_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    return [
        ("" if source_id in _OWN_SOURCES else f"[{source_id}] ")
        + plain(catalog.source(source_id).citation)
        for source_id in exercise.source_ids()
    ]


#: Sources that are the article and our own rules: no id to look up.
_OWN_SOURCES = ("seed", "brief", "pushback")
