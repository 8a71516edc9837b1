"""``pushback nutrition``: protein, vitamin D and a day of foods, as tables or JSON.

Parses the flags, calls
:func:`pushback.services.coaching.nutrition.nutrition_targets` once and renders
the result. Numbers arrive as text and are converted here, so a typo such as
``--age abc`` gets the same one-line ``Error: ...`` (exit 2) as an out-of-range value.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pushback import i18n
from pushback.domain.errors import InvalidInput
from pushback.domain.grade_words import grade_label
from pushback.domain.nutrition import NutritionTargets
from pushback.i18n import N_, gettext
from pushback.services.coaching.nutrition import (
    NutritionQuery,
    nutrition_targets,
    targets_dict,
)
from pushback.settings import Settings

__all__ = ["nutrition", "register"]


def _number(field: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(field, text, "a number") from None


def _whole(field: str, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(field, text, "a whole number") from None


def nutrition(
    weight_kg: Annotated[
        str | None,
        typer.Option(help=gettext("Body mass in kg (30-300). Default: the profile.")),
    ] = None,
    weight_lb: Annotated[
        str | None,
        typer.Option(help=gettext("Body mass in lb, instead of --weight-kg.")),
    ] = None,
    age: Annotated[
        str | None, typer.Option(help=gettext("Age in years (15-100)."))
    ] = None,
    sex: Annotated[
        str | None, typer.Option(help=gettext("female or male (optional)."))
    ] = None,
    meals: Annotated[
        str | None,
        typer.Option(
            help=gettext("Meals a day for the per-meal split (1-8, default 4).")
        ),
    ] = None,
    height_cm: Annotated[
        str | None,
        typer.Option(
            help=gettext(
                "Height in cm (120-230): adds an energy estimate (needs age, sex)."
            )
        ),
    ] = None,
    activity: Annotated[
        str | None,
        typer.Option(
            help=gettext(
                "sedentary, light, moderate, very-active or extra-active "
                "(with --height-cm)."
            )
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            help=gettext(
                "Leave a food out of the day of foods (repeatable), e.g. salmon."
            )
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=gettext("Print the JSON instead."))
    ] = False,
) -> None:
    """Daily protein and vitamin D targets, a per-meal split and a day of foods.

    Without --weight-kg/--weight-lb, weight, age and sex come from the profile saved
    by `pushback assess`. Intake targets only: ask a clinician about vitamin D tests
    or high-dose supplements.

    Example: pushback nutrition --weight-kg 70 --age 30 --sex female --meals 4
    """
    query = NutritionQuery(
        weight_kg=_number("weight_kg", weight_kg),
        weight_lb=_number("weight_lb", weight_lb),
        age=_whole("age", age),
        sex=sex,
        meals=_whole("meals", meals),
        height_cm=_number("height_cm", height_cm),
        activity=activity,
        exclude=tuple(exclude or ()),
    )
    targets = nutrition_targets(Settings(), query)
    if as_json:
        print(json.dumps(targets_dict(targets), indent=2, ensure_ascii=False))
        return
    _render(Console(), targets)


def register(app: typer.Typer) -> None:
    """Add ``pushback nutrition`` to the CLI."""
    app.command("nutrition")(nutrition)


# --------------------------------------------------------------------------- render


#: Words for the codes the tables show (the activity levels as Medscape describes
#: them, as the web page does).
_SEXES = {"female": N_("female"), "male": N_("male")}
_ACTIVITIES = {
    "sedentary": N_("Sitting most of the day"),
    "light": N_("Light exercise 1–3 days a week"),
    "moderate": N_("Moderate exercise 3–5 days a week"),
    "very-active": N_("Hard exercise 6–7 days a week"),
    "extra-active": N_("Very hard exercise or a physical job"),
}


def _activity(name: str) -> str:
    """The level as typed after ``--activity`` in English; words in another
    language (the code is English)."""
    if i18n.current_language() == i18n.DEFAULT_LANGUAGE or name not in _ACTIVITIES:
        return name
    return gettext(_ACTIVITIES[name])


def _render(console: Console, targets: NutritionTargets) -> None:
    data = targets_dict(targets)
    console.print(_heading(data["inputs"]))
    console.print(_protein_table(data))
    console.print(_per_meal_table(data))
    console.print(_vitamin_d_table(data))
    console.print(_foods_table(data))
    if data["energy_kcal_per_day"] is not None:
        console.print(_energy_table(data["energy_kcal_per_day"]))
    console.print(gettext("[bold]Evidence notes[/bold]"))
    for note in data["notes"]:
        console.print(f"- {escape(note['text'])}", highlight=False)
    console.print(gettext("[bold]Sources[/bold]"))
    cited = dict.fromkeys(key for note in data["notes"] for key in note["sources"])
    for key in cited:
        citation = data["sources"].get(key, key)
        console.print(f"- [dim]{escape(citation)}[/dim]", highlight=False)


def _heading(inputs: dict[str, Any]) -> str:
    parts = [f"{inputs['body_mass_kg']:g} kg"]
    if inputs["age_y"] is not None:
        parts.append(gettext("%(age)s years", age=inputs["age_y"]))
    if inputs["sex"] is not None:
        sex = inputs["sex"]
        parts.append(gettext(_SEXES[sex]) if sex in _SEXES else sex)
    who = gettext(", ").join(parts)
    if inputs["from_profile"]:
        return gettext(
            "[bold]Nutrition targets for %(who)s (from your saved profile)[/bold]",
            who=who,
        )
    return gettext("[bold]Nutrition targets for %(who)s[/bold]", who=who)


def _span(pair: dict[str, float], digits: int = 0) -> str:
    low, high = round(pair["min"], digits), round(pair["max"], digits)
    fmt = f"{{:,.{digits}f}}"
    return fmt.format(low) if low == high else f"{fmt.format(low)}-{fmt.format(high)}"


def _columns(table: Table, names: tuple[str, ...]) -> None:
    """The first column left-aligned (names), the figures right-aligned."""
    for index, name in enumerate(names):
        table.add_column(name, justify="left" if index == 0 else "right")


def _protein_table(data: dict[str, Any]) -> Table:
    table = Table(title=gettext("Protein per day"))
    heads = (gettext("Figure"), gettext("g/kg/day"), gettext("g/day"))
    _columns(table, (*heads, gettext("Evidence")))
    for item in data["protein_evidence"]:
        label = item["label"]
        if item["id"] == "seed":
            label = gettext("%(label)s (your range)", label=label)
        table.add_row(
            escape(label),
            _span(item["g_per_kg"], 2),
            _span(item["g_per_day"]),
            gettext(grade_label(item["grade"])),
        )
    table.caption = escape(
        gettext(
            "Target: %(grams)s g a day (our rule)",
            grams=format(data["protein_target_g_per_day"], ".0f"),
        )
    )
    return table


def _per_meal_table(data: dict[str, Any]) -> Table:
    split = data["protein_g_per_meal"]
    table = Table(
        title=gettext("Protein per meal (%(meals)s meals)", meals=split["meals"])
    )
    columns = (gettext("Figure"), "g/kg", gettext("g per meal"), gettext("Evidence"))
    _columns(table, columns)
    our_rule = gettext(grade_label("design"))
    table.add_row(gettext("Your target split"), "", f"{split['target']:.0f}", our_rule)
    table.add_row(gettext("The article's range split"), "", _span(split), "")
    for item in data["protein_per_meal_evidence"]:
        table.add_row(
            escape(item["label"]),
            f"{item['g_per_kg']:g}",
            f"{item['g_per_meal']:.0f}",
            gettext(grade_label(item["grade"])),
        )
    return table


def _vitamin_d_table(data: dict[str, Any]) -> Table:
    basis = data["vitamin_d_basis"]
    target, iu = data["vitamin_d_ug_per_day"], data["vitamin_d_iu_per_day"]
    table = Table(title=gettext("Vitamin D per day"))
    _columns(table, (gettext("Figure"), gettext("µg/day"), gettext("IU/day")))
    table.add_row(gettext("Your target"), _span(target), _span(iu))
    table.add_row(
        escape(
            gettext(
                "NIH/IOM %(kind)s, %(group)s", kind=basis["kind"], group=basis["group"]
            )
        ),
        f"{target['min']:g}",
        f"{iu['min']:,}",
    )
    limit = data["vitamin_d_upper_limit_ug_per_day"]
    limit_iu = data["vitamin_d_upper_limit_iu_per_day"]
    table.add_row(gettext("Upper limit (NIH/IOM)"), f"{limit:g}", f"{limit_iu:,}")
    seed_low, seed_high = basis["seed_ug"]
    table.add_row(gettext("The article"), f"{seed_low:g}-{seed_high:g}", "")
    for item in basis["context"]:
        table.add_row(
            escape(f"{item['body']} {item['kind']}"), f"{item['intake_ug']:g}", ""
        )
    return table


def _foods_table(data: dict[str, Any]) -> Table:
    totals = data["day_of_foods_totals"]
    table = Table(
        title=gettext(
            "A day of foods reaching %(target_protein_g)s g protein",
            target_protein_g=format(totals["target_protein_g"], ".0f"),
        )
    )
    heads = (gettext("Food"), gettext("Amount g"), gettext("Protein g"),
             gettext("Vitamin D µg"))  # fmt: skip
    _columns(table, heads)
    for item in data["day_of_foods"]:
        table.add_row(
            escape(item["name"]),
            f"{item['grams']:.0f}",
            f"{item['protein_g']:.1f}",
            f"{item['vitamin_d_ug']:.1f}",
        )
    table.add_row(
        gettext("[bold]Total[/bold]"),
        f"{totals['grams']:.0f}",
        f"{totals['protein_g']:.1f}",
        f"{totals['vitamin_d_ug']:.1f}",
    )
    return table


def _energy_table(energy: dict[str, Any]) -> Table:
    table = Table(title=gettext("Energy (estimate)"), caption=energy["equation"])
    table.add_column(gettext("Activity"))
    table.add_column(gettext("kcal/day"), justify="right")
    table.add_row(gettext("Resting"), f"{energy['resting']:,}")
    for name, kcal in energy["by_activity"].items():
        words = _activity(name)
        if name == energy["activity"]:
            words = gettext("%(activity)s (you)", activity=words)
        table.add_row(escape(words), f"{kcal:,}")
    if energy["lean_gain"] is not None:
        table.add_row(
            escape(gettext("Lean gain (our rule)")), _span(energy["lean_gain"])
        )
    return table
