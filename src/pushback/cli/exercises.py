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
from pushback.services.coaching import coach

__all__ = ["exercises_app", "register"]

exercises_app = typer.Typer(
    name="exercises",
    help="The exercise catalog: push-up ladder, rows, scapular drills, warm-up, "
    "mobility.\n\nExample: pushback exercises show wide-push-up",
    invoke_without_command=True,
    no_args_is_help=False,
)

_STEP_HELP = "Only exercises at this ladder step (main and side variants)."
#: Brief section 4, stop signals.
_STOP_SIGNALS = (
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
        raise InvalidInput("step", text, f"a whole number from 1 to {steps}") from None


@exercises_app.callback()
def list_exercises(
    ctx: typer.Context,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            help="Equipment you have (repeatable): none, table, towel, trx, "
            "dumbbells, bands. Lists what you can do with it."
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(help="push, pull, scapular, warm-up or mobility."),
    ] = None,
    step: Annotated[str | None, typer.Option(help=_STEP_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
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
    table = Table(title=f"pushback exercises ({len(exercises)})", box=box.SIMPLE_HEAD)
    slug_width = max((len(e.slug) for e in exercises), default=4)
    table.add_column("Step", no_wrap=True, min_width=6)
    table.add_column("Slug", no_wrap=True, style="bold", min_width=slug_width)
    table.add_column("Name", ratio=1)
    for column, width in (("Equipment", 9), ("Dose", 14), ("Back", 5), ("Grade", 5)):
        table.add_column(column, no_wrap=True, min_width=width)
    category = None
    for exercise in exercises:
        if exercise.category != category:
            category = exercise.category
            table.add_row("", f"[dim]{category}[/dim]", end_section=False)
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
    slug: Annotated[str, typer.Argument(help="The exercise slug, e.g. push-up.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
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
    for value, phase in zip(tempo.split("-"), _PHASES, strict=True):
        if value == "X":
            parts.append(f"{phase} as fast as possible")
        elif value != "0":
            parts.append(f"{value} s {phase}")
    return ", ".join(parts)


def _explain(catalog: Catalog, exercise: Exercise) -> list[Any]:
    """The blocks of the ``show`` view, in reading order."""
    return [
        _heading(exercise),
        escape(exercise.summary),
        _muscles_table(catalog, exercise),
        *_section("How to do it", exercise.key_points),
        *_section("Cues", [f'"{cue}"' for cue in exercise.cues]),
        *_section("Common faults", exercise.faults),
        *_section("Dose", _dose_lines(exercise)),
        *_section("Ladder", _ladder_lines(catalog, exercise)),
        *_section("Safety", _safety_lines(catalog, exercise)),
        *_evidence(exercise),
        *_section("Sources", _source_lines(catalog, exercise)),
    ]


def _heading(exercise: Exercise) -> str:
    where = ""
    if exercise.ladder_step is not None:
        kind = "main path" if exercise.branch == "main" else "side variant"
        where = f" · ladder step {exercise.ladder_step} ({kind})"
    stars = ""
    if exercise.back_stars:
        stars = f"\nBack activation (the seed's rating): {_stars(exercise.back_stars)}"
    equipment = ", ".join(exercise.equipment)
    return (
        f"[bold]{escape(exercise.name)}[/bold] ({exercise.slug})\n"
        f"{exercise.category}{where} · equipment: {equipment}{stars}"
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
    table = Table(title="Muscles and their role", title_justify="left")
    table.add_column("Muscle")
    table.add_column("")
    table.add_column("Role here")
    for kind, roles in (
        ("primary", exercise.primary_muscles),
        ("secondary", exercise.secondary_muscles),
    ):
        for role in roles:
            name = catalog.muscle(role.muscle).name
            table.add_row(escape(name), kind, escape(role.role))
    return table


def _dose_lines(exercise: Exercise) -> list[str]:
    lines = [f"{_dose(exercise)}, rest {exercise.rest_s} s between sets"]
    if exercise.tempo:
        lines.append(f"Tempo {exercise.tempo}: {tempo_words(exercise.tempo)}")
    if exercise.load_note:
        lines.append(f"Load: {exercise.load_note}")
    if exercise.back_volume_factor:
        factor = exercise.back_volume_factor
        lines.append(f"Counts as {factor:g} of a back set in weekly volume [design]")
    seed = exercise.seed_prescription
    if seed:
        per = " each side" if seed.per_side else ""
        lines.append(f"The seed's plan: Day {seed.day}, {seed.sets}x{seed.reps}{per}")
    return lines


def _gate_text(sets: int, reps: int, per_side: bool, grade: str) -> str:
    per = " per side" if per_side else ""
    return f"{sets}x{reps}{per} [{grade}]"


def _ladder_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    lines = []
    if exercise.easier:
        label = "Entry variant" if exercise.branch == "side" else "Easier"
        lines.append(f"{label}: {_name(catalog, exercise.easier)}")
    if exercise.harder:
        lines.append(f"Harder: {_name(catalog, exercise.harder)}")
    gate = exercise.gate
    if gate:
        text = _gate_text(gate.sets, gate.reps, gate.per_side, gate.grade)
        lines.append(f"Move on at {text}" + (f" - {gate.note}" if gate.note else ""))
    needs = exercise.requires
    if needs:
        text = _gate_text(needs.sets, needs.reps, needs.per_side, needs.grade)
        lines.append(
            f"Start only after {text}" + (f" - {needs.note}" if needs.note else "")
        )
    if exercise.branch == "main" and not exercise.harder:
        lines.append("Top of the ladder.")
    return lines


def _name(catalog: Catalog, slug: str) -> str:
    other = catalog.get(slug)
    step = f", step {other.ladder_step}" if other.ladder_step else ""
    return f"{other.name} ({slug}{step})"


def _safety_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    """Per declared condition: not prescribed (and what instead), or how to adapt."""
    lines = []
    for condition in CONDITIONS:
        note = exercise.condition_notes.get(condition)
        target = exercise.substitutions.get(condition)
        instead = catalog.get(target).name if target else None
        if condition in exercise.contraindications:
            lines.append(f"{condition}: not prescribed; do {instead} instead.")
        if note:
            lines.append(f"{condition}: {note}")
        if instead and condition not in exercise.contraindications:
            lines.append(f"{condition}: if it still hurts, do {instead} instead.")
    lines.append(_STOP_SIGNALS)
    return lines


def _evidence(exercise: Exercise) -> list[Any]:
    """The grade and summary, then each seed claim beside what the evidence says."""
    evidence = exercise.evidence
    blocks = _section("Evidence", [f"Grade {evidence.grade}: {evidence.summary}"])
    if exercise.claims:
        table = Table(title="The seed's claims beside the evidence", expand=True)
        table.add_column("The seed says", ratio=1)
        table.add_column("Grade", no_wrap=True)
        table.add_column("What the evidence says", ratio=2)
        for claim in exercise.claims:
            seed_claim = escape(claim.seed_claim or "")
            table.add_row(seed_claim, claim.grade, escape(claim.summary))
        blocks.append(table)
    return blocks


def _source_lines(catalog: Catalog, exercise: Exercise) -> list[str]:
    return [
        f"[{source_id}] {catalog.source(source_id).citation}"
        for source_id in exercise.source_ids()
    ]
