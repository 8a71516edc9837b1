"""The public JSON and the evidence notes of :class:`NutritionTargets`.

Private to :mod:`pushback.domain.nutrition`. Numbers in the notes are read from the
reference data, never typed here, so the text and ``nutrition.toml`` cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pushback.domain.phrases import CLAUSES, joined, msg, msg_n

if TYPE_CHECKING:
    from pushback.domain._nutrition_data import NutritionReference, ProteinRange
    from pushback.domain.nutrition import (
        DayOfFoods,
        EnergyEstimate,
        NutritionRequest,
        NutritionTargets,
    )

#: Below this age the notes say the protein figures come from adults (brief section 5).
ADULT_AGE_Y = 18

__all__ = ["ADULT_AGE_Y", "Note", "evidence_notes", "targets_to_dict"]


@dataclass(frozen=True)
class Note:
    """A short evidence note for the user, with the source ids behind it."""

    topic: str
    text: str
    sources: tuple[str, ...]


def targets_to_dict(targets: NutritionTargets) -> dict[str, Any]:
    """The public JSON of ``targets`` (stable keys: ``pushback.domain.nutrition``)."""
    low_ug, high_ug = targets.vitamin_d_ug
    iu = targets.reference.iu_per_ug
    return {
        "inputs": _inputs_dict(targets.request, targets.meals),
        **_protein_dict(targets),
        "vitamin_d_ug_per_day": {"min": low_ug, "max": high_ug},
        "vitamin_d_iu_per_day": {"min": round(low_ug * iu), "max": round(high_ug * iu)},
        "vitamin_d_upper_limit_ug_per_day": targets.vitamin_d.upper_limit_ug,
        "vitamin_d_upper_limit_iu_per_day": round(
            targets.vitamin_d.upper_limit_ug * iu
        ),
        "vitamin_d_basis": _vitamin_d_basis(targets),
        **_day_dict(targets.day),
        "energy_kcal_per_day": _energy_dict(targets.energy, targets.reference),
        "notes": [
            {"topic": note.topic, "text": note.text, "sources": list(note.sources)}
            for note in evidence_notes(targets)
        ],
        "sources": {
            key: item.citation for key, item in targets.reference.sources.items()
        },
    }


def _pair(low: float, high: float, digits: int = 1) -> dict[str, float]:
    return {"min": round(low, digits), "max": round(high, digits)}


def _inputs_dict(request: NutritionRequest, meals: int) -> dict[str, Any]:
    return {
        "body_mass_kg": round(float(request.body_mass_kg), 1),
        "age_y": request.age_y,
        "sex": request.sex,
        "meals": meals,
        "height_cm": request.height_cm,
        "activity": request.activity,
        "excluded_foods": list(request.excluded_foods),
        "from_profile": list(request.from_profile),
    }


def _protein_dict(targets: NutritionTargets) -> dict[str, Any]:
    mass_kg, meals = targets.request.body_mass_kg, targets.meals
    seed = targets.reference.protein_range("seed")
    low_g, high_g = targets.protein_range_g("seed")
    evidence = []
    for item in targets.reference.protein_ranges:
        entry: dict[str, Any] = {
            "id": item.id,
            "label": item.label,
            "g_per_kg": _pair(item.min_g_per_kg, item.max_g_per_kg, 2),
            "g_per_day": _pair(*targets.protein_range_g(item.id)),
            "grade": item.grade,
            "sources": list(item.sources),
            "note": item.note,
        }
        if item.ci_g_per_kg is not None:
            entry["ci_g_per_kg"] = list(item.ci_g_per_kg)
        evidence.append(entry)
    per_meal = [
        {
            "id": figure.id,
            "label": figure.label,
            "g_per_kg": figure.g_per_kg,
            "g_per_meal": round(figure.g_per_kg * mass_kg, 1),
            "grade": figure.grade,
            "sources": list(figure.sources),
        }
        for figure in targets.reference.per_meal_figures
    ]
    return {
        "protein_g_per_day": _pair(low_g, high_g),
        "protein_g_per_kg_per_day": _pair(seed.min_g_per_kg, seed.max_g_per_kg, 2),
        "protein_target_g_per_day": round(targets.protein_target_g, 1),
        "protein_evidence": evidence,
        "protein_g_per_meal": {
            "meals": meals,
            "target": round(targets.protein_target_g / meals, 1),
            **_pair(low_g / meals, high_g / meals),
        },
        "protein_per_meal_evidence": per_meal,
    }


def _vitamin_d_basis(targets: NutritionTargets) -> dict[str, Any]:
    band, reference = targets.vitamin_d, targets.reference
    return {
        "body": "NIH ODS / IOM 2011",
        "group": band.label,
        "kind": band.kind,
        "age_assumed": targets.request.age_y is None,
        "sources": list(band.sources),
        "seed_ug": list(reference.seed_vitamin_d_ug),
        "context": [
            {
                "body": item.body,
                "group": item.group,
                "kind": item.kind,
                "intake_ug": item.intake_ug,
                "upper_limit_ug": item.upper_limit_ug,
                "upper_limit_note": item.upper_limit_note,
                "sources": list(item.sources),
            }
            for item in reference.vitamin_d_context
        ],
    }


def _day_dict(day: DayOfFoods) -> dict[str, Any]:
    items = [
        {
            "food": item.food.slug,
            "name": item.food.name,
            "grams": round(item.grams, 1),
            "portions": round(item.grams / item.food.portion_g, 2),
            "protein_g": round(item.protein_g, 1),
            "vitamin_d_ug": round(item.vitamin_d_ug, 2),
            "verify": item.food.verify,
            "sources": list(item.food.sources),
        }
        for item in day.items
    ]
    # Totals are sums of the rounded rows, so the JSON adds up exactly as shown.
    totals = {
        "grams": round(sum(round(item.grams, 1) for item in day.items), 1),
        "protein_g": round(sum(round(item.protein_g, 1) for item in day.items), 1),
        "vitamin_d_ug": round(sum(round(i.vitamin_d_ug, 2) for i in day.items), 2),
        "target_protein_g": round(day.target_protein_g, 1),
    }
    return {"day_of_foods": items, "day_of_foods_totals": totals}


def _energy_dict(
    energy: EnergyEstimate | None, reference: NutritionReference
) -> dict[str, Any] | None:
    if energy is None:
        return None
    total = energy.total_kcal
    low, high = energy.lean_gain_fraction
    return {
        "estimate": True,
        "equation": "Mifflin-St Jeor",
        "resting": round(energy.resting_kcal),
        "activity": energy.activity,
        "activity_factor": None
        if energy.activity is None
        else reference.energy.activity_factors[energy.activity],
        "total": None if total is None else round(total),
        "by_activity": {
            name: round(kcal) for name, kcal in energy.by_activity_kcal.items()
        },
        "lean_gain": None
        if total is None
        else {"min": round(total * (1 + low)), "max": round(total * (1 + high))},
        "sources": list(reference.energy.sources),
    }


# --------------------------------------------------------------------------- notes


def _g(value: float) -> str:
    """A figure for prose: at most two decimals, no trailing zeros."""
    return f"{round(value, 2):g}"


def _gkg(value: float) -> str:
    """A g/kg figure: one or two decimals (``2.0``, ``1.62``)."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def _span(item: ProteinRange) -> str:
    low, high = _gkg(item.min_g_per_kg), _gkg(item.max_g_per_kg)
    return low if low == high else f"{low}-{high}"


def _protein_note(targets: NutritionTargets) -> Note:
    ref = targets.reference
    seed, issn = ref.protein_range("seed"), ref.protein_range("issn")
    deficit, plateau = (
        ref.protein_range("issn-deficit"),
        ref.protein_range("morton-plateau"),
    )
    ci_low, ci_high = plateau.ci_g_per_kg or (
        plateau.min_g_per_kg,
        plateau.max_g_per_kg,
    )
    seed_low_g, seed_high_g = targets.protein_range_g("seed")
    age_y = targets.request.age_y
    young = age_y is not None and age_y < ADULT_AGE_Y
    text = msg(
        "The article says %(seed)s g/kg a day (%(low)d-%(high)d g for you). ISSN "
        "2017 advises %(issn)s g/kg for most exercisers and %(deficit)s g/kg in an "
        "energy deficit; Morton 2018 found gains plateau at %(plateau)s g/kg (95%% "
        "CI %(ci_low)s-%(ci_high)s). So our default target (our rule) is "
        "%(target)s g/kg (%(grams)d g) and more than about %(top)s g/kg adds "
        "little.%(young)s",
        seed=_span(seed),
        low=round(seed_low_g),
        high=round(seed_high_g),
        issn=_span(issn),
        deficit=_span(deficit),
        plateau=_gkg(plateau.min_g_per_kg),
        ci_low=_gkg(ci_low),
        ci_high=_gkg(ci_high),
        target=_gkg(ref.target_g_per_kg),
        grams=round(targets.protein_target_g),
        top=_gkg(seed.max_g_per_kg),
        young=msg(
            " These figures come from studies of adults; under %(age)d, ask a "
            "clinician or dietitian.",
            age=ADULT_AGE_Y,
        )
        if young
        else "",
    )
    return Note(
        "protein", text, seed.sources + issn.sources + plateau.sources + ("brief",)
    )


def _per_meal_note(targets: NutritionTargets) -> Note:
    figures = targets.reference.per_meal_figures
    meals, mass_kg = targets.meals, targets.request.body_mass_kg
    per_meal_g_per_kg = targets.protein_target_g / meals / mass_kg
    figure_words = [
        msg("%(label)s: %(value)s g/kg", label=item.label, value=_g(item.g_per_kg))
        for item in figures
    ]
    evidence = joined(CLAUSES, figure_words)
    lowest = min(item.g_per_kg for item in figures)
    highest = max(item.g_per_kg for item in figures)
    advice: str = ""
    if per_meal_g_per_kg < lowest:
        advice = msg(
            " At %(meals)d meals each is under %(value)s g/kg; fewer meals fix that.",
            meals=meals,
            value=_g(lowest),
        )
    elif per_meal_g_per_kg > highest:
        advice = msg(
            " At %(meals)d meals each is above %(value)s g/kg; more meals spread it.",
            meals=meals,
            value=_g(highest),
        )
    text = msg_n(
        "%(num)d meal of about %(grams)d g protein (%(value)s g/kg each). "
        "%(evidence)s.%(advice)s",
        "%(num)d meals of about %(grams)d g protein (%(value)s g/kg each). "
        "%(evidence)s.%(advice)s",
        meals,
        grams=round(targets.protein_target_g / meals),
        value=_g(per_meal_g_per_kg),
        evidence=evidence,
        advice=advice,
    )
    sources = tuple(dict.fromkeys(s for item in figures for s in item.sources))
    return Note("per-meal", text, sources)


def _ages(label: str) -> str:
    """The ages of a band's label, without what follows them ("9-70 years")."""
    return re.split(r"[,，（(]", label)[0].strip()


def _vitamin_d_note(targets: NutritionTargets) -> Note:
    ref, band = targets.reference, targets.vitamin_d
    seed_low, seed_high = ref.seed_vitamin_d_ug
    iu = ref.iu_per_ug
    context_words = [
        msg(
            "%(body)s: %(kind)s %(value)s µg",
            body=item.body,
            kind=item.kind,
            value=_g(item.intake_ug),
        )
        for item in ref.vitamin_d_context
    ]
    others = joined(CLAUSES, context_words)
    assumed: str = ""
    if targets.request.age_y is None:
        older = ref.vitamin_d_bands[-1]
        assumed = msg(
            " No age given: %(ages)s assumed; %(older)s the %(kind)s is %(value)s µg.",
            ages=_ages(band.label),
            older=older.label,
            kind=older.kind,
            value=_g(older.intake_ug),
        )
    intake_iu = f"{round(band.intake_ug * iu):,}"
    limit_iu = f"{round(band.upper_limit_ug * iu):,}"
    text = msg(
        "The article says %(low)s-%(high)s µg a day. NIH/IOM %(kind)s for "
        "%(group)s: %(value)s µg (%(iu)s IU); upper limit %(limit)s µg "
        "(%(limit_iu)s IU). %(others)s.%(assumed)s",
        low=_g(seed_low),
        high=_g(seed_high),
        kind=band.kind,
        group=band.label,
        value=_g(band.intake_ug),
        iu=intake_iu,
        limit=_g(band.upper_limit_ug),
        limit_iu=limit_iu,
        others=others,
        assumed=assumed,
    )
    sources = (
        "seed",
        *band.sources,
        *(s for item in ref.vitamin_d_context for s in item.sources),
    )
    return Note("vitamin-d", text, tuple(dict.fromkeys(sources)))


def _foods_note(targets: NutritionTargets) -> Note:
    day, low_ug = targets.day, targets.vitamin_d.intake_ug
    short: str = ""
    if day.vitamin_d_ug < low_ug:
        short = msg(
            " Food alone rarely reaches %(value)s µg: salmon, fortified milk and "
            "UV-exposed mushrooms carry the most.",
            value=_g(low_ug),
        )
    text = msg(
        "This day of foods gives %(protein)d g protein and %(vitamin_d)s µg vitamin D "
        "(the low end of each food's range, so real amounts are often higher). Food "
        "values vary by product: protein figures come from the USDA tables, not yet "
        "checked against the originals; check labels.%(short)s",
        protein=round(day.protein_g),
        vitamin_d=_g(day.vitamin_d_ug),
        short=short,
    )
    return Note("foods", text, ("usdafdc", "pmc8931482", "usdamushrooms"))


def _clinician_note(targets: NutritionTargets) -> Note:
    text = msg(
        "pushback gives intake targets only (our rule). Ask a doctor or clinician "
        "about testing your vitamin D (serum 25(OH)D) level or taking a high-dose "
        "supplement, and stay under the upper limit of %(limit)s µg a day.",
        limit=_g(targets.vitamin_d.upper_limit_ug),
    )
    return Note("clinician", text, ("brief", *targets.vitamin_d.sources))


def _energy_note(targets: NutritionTargets) -> Note:
    low, high = targets.reference.energy.lean_gain_fraction
    text = msg(
        "Energy figures are estimates: Mifflin-St Jeor resting energy (within "
        "%(within)d%% of measured more often than other equations) times an activity "
        "factor. Our rule: for lean gain add about %(low)d-%(high)d%%.",
        within=10,
        low=round(low * 100),
        high=round(high * 100),
    )
    return Note("energy", text, (*targets.reference.energy.sources, "brief"))


def evidence_notes(targets: NutritionTargets) -> tuple[Note, ...]:
    """The notes shown under the targets, in display order."""
    notes = [
        _protein_note(targets),
        _per_meal_note(targets),
        _vitamin_d_note(targets),
        _foods_note(targets),
        _clinician_note(targets),
    ]
    if targets.energy is not None:
        notes.append(_energy_note(targets))
    return tuple(notes)
