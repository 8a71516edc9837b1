"""Catalog, food and fault text in other languages: per-language tables keyed by slug.

The English text lives where it always did (``data/exercises.toml``,
``data/muscles.toml``, ``data/foods.toml``, the fault list of the analysis core);
each other language has one folder, ``data/i18n/<language>/`` (Babel's name, e.g.
``zh_Hans_CN``), with a TOML file per kind whose top-level tables are keyed by slug::

    # exercises.toml                      # foods.toml
    [wall-push-up]                        [chicken-breast]
    name = "扶墙俯卧撑"                    name = "去皮烤鸡胸肉"
    summary = "..."                       portion_label = "85克"
    key_points = ["...", ...]             note = "..."
    cues = ["...", ...]
    faults = ["...", ...]                 # muscles.toml: name, region, back_role
                                          # sources.toml: note (our note; the
                                          #   citation stays as published, but
                                          #   for our own words: citation)
    load_note = "..."                     # faults.toml: title, advice (by code)
                                          # nutrition.toml: by the ids of
                                          #   data/nutrition.toml: label, note,
                                          #   body, group, upper_limit_note; an
                                          #   intake kind (RDA) by name: name
    evidence = "..."          (the evidence summary)
    gate_note = "..."
    roles = { muscle-id = "..." }
    condition_notes = { wrist = "..." }
    claims = ["...", ...]     (claim summaries, in the English order)
    seed_claims = ["...", ...] (what the article says, per claim, same order)

Every field is optional: what a table lacks stays English (the fallback), and a list
whose length differs from the English one is not used (a test checks both). The
functions are pure lookups over shipped files, cached per language; nothing here
knows which language is in force: callers pass it.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from pushback.domain._nutrition_data import Food, NutritionReference
from pushback.domain.catalog import (
    Catalog,
    Evidence,
    Exercise,
    Muscle,
    MuscleRole,
    Source,
)
from pushback.domain.catalog import load_catalog as _load_english_catalog
from pushback.domain.errors import CatalogError

__all__ = [
    "KINDS",
    "load_texts",
    "localize_exercise",
    "localize_food",
    "localize_nutrition",
    "localize_plan_words",
    "localized_catalog",
    "text_languages",
    "translated",
]

#: The files of a language folder.
KINDS: tuple[str, ...] = (
    "exercises", "muscles", "sources", "foods", "faults", "nutrition",
)  # fmt: skip
_ENGLISH = "en"
Table = Mapping[str, Mapping[str, Any]]


def text_languages() -> tuple[str, ...]:
    """Languages with a folder of tables (English, the fallback, is not one)."""
    root = resources.files("pushback") / "data" / "i18n"
    if not root.is_dir():
        return ()
    return tuple(sorted(item.name for item in root.iterdir() if item.is_dir()))


@functools.cache
def load_texts(language: str, kind: str) -> Table:
    """The ``kind`` table of ``language`` (empty for English or a missing file).

    Raises:
        CatalogError: the file is not valid TOML or an entry is not a table.
    """
    if kind not in KINDS:
        raise CatalogError(f"i18n/{language}", kind, "not one of " + ", ".join(KINDS))
    if language == _ENGLISH:
        return {}
    path = resources.files("pushback") / "data" / "i18n" / language / f"{kind}.toml"
    if not path.is_file():
        return {}
    name = f"i18n/{language}/{kind}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(name, "(file)", f"invalid TOML: {error}") from None
    for slug, entry in data.items():
        if not isinstance(entry, dict):
            raise CatalogError(name, slug, "must be a table of texts")
    return data


def translated(language: str, kind: str, slug: str, key: str, english: str) -> str:
    """The ``key`` text of ``slug`` in ``language``, or ``english``."""
    value = load_texts(language, kind).get(slug, {}).get(key)
    return value if isinstance(value, str) and value else english


def _texts(
    entry: Mapping[str, Any], key: str, english: tuple[str, ...]
) -> tuple[str, ...]:
    value = entry.get(key)
    if (
        isinstance(value, list)
        and len(value) == len(english)
        and all(isinstance(item, str) and item for item in value)
    ):
        return tuple(value)
    return english


def _text(entry: Mapping[str, Any], key: str, english: str | None) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) and value and english else english


def _roles(
    entry: Mapping[str, Any], roles: tuple[MuscleRole, ...]
) -> tuple[MuscleRole, ...]:
    table = entry.get("roles")
    if not isinstance(table, dict):
        return roles
    return tuple(
        dataclasses.replace(
            role, role=_text(table, role.muscle, role.role) or role.role
        )
        for role in roles
    )


def _mapping(
    entry: Mapping[str, Any], key: str, english: dict[str, str]
) -> dict[str, str]:
    table = entry.get(key)
    if not isinstance(table, dict):
        return english
    return {name: _text(table, name, text) or text for name, text in english.items()}


def _claims(
    entry: Mapping[str, Any], claims: tuple[Evidence, ...]
) -> tuple[Evidence, ...]:
    summaries = _texts(entry, "claims", tuple(claim.summary for claim in claims))
    quoted = _texts(entry, "seed_claims", tuple(c.seed_claim or "-" for c in claims))
    return tuple(
        dataclasses.replace(
            claim, summary=summary, seed_claim=claim.seed_claim and said
        )
        for claim, summary, said in zip(claims, summaries, quoted, strict=True)
    )


def localize_exercise(exercise: Exercise, language: str) -> Exercise:
    """``exercise`` with its text in ``language`` where the table has it."""
    entry = load_texts(language, "exercises").get(exercise.slug)
    if not entry:
        return exercise
    gate = exercise.gate
    if gate is not None and gate.note:
        gate = dataclasses.replace(gate, note=_text(entry, "gate_note", gate.note))
    evidence = dataclasses.replace(
        exercise.evidence,
        summary=_text(entry, "evidence", exercise.evidence.summary)
        or exercise.evidence.summary,
    )
    return dataclasses.replace(
        exercise,
        name=_text(entry, "name", exercise.name) or exercise.name,
        summary=_text(entry, "summary", exercise.summary) or exercise.summary,
        key_points=_texts(entry, "key_points", exercise.key_points),
        cues=_texts(entry, "cues", exercise.cues),
        faults=_texts(entry, "faults", exercise.faults),
        load_note=_text(entry, "load_note", exercise.load_note),
        primary_muscles=_roles(entry, exercise.primary_muscles),
        secondary_muscles=_roles(entry, exercise.secondary_muscles),
        condition_notes=_mapping(entry, "condition_notes", exercise.condition_notes),
        claims=_claims(entry, exercise.claims),
        evidence=evidence,
        gate=gate,
    )


def _localize_muscle(muscle: Muscle, language: str) -> Muscle:
    entry = load_texts(language, "muscles").get(muscle.id, {})
    return dataclasses.replace(
        muscle,
        name=_text(entry, "name", muscle.name) or muscle.name,
        region=_text(entry, "region", muscle.region) or muscle.region,
        back_role=_text(entry, "back_role", muscle.back_role) or muscle.back_role,
    )


@functools.cache
def localized_catalog(language: str = _ENGLISH) -> Catalog:
    """The shipped catalog with its text in ``language`` (English: the catalog
    itself). Slugs, numbers and sources are the same in every language."""
    catalog = _load_english_catalog()
    if not load_texts(language, "exercises") and not load_texts(language, "muscles"):
        return catalog
    exercises = {
        slug: localize_exercise(exercise, language)
        for slug, exercise in catalog.exercises.items()
    }
    muscles = {
        muscle_id: _localize_muscle(muscle, language)
        for muscle_id, muscle in catalog.muscles.items()
    }
    sources = {
        source_id: _localize_source(source, language)
        for source_id, source in catalog.sources.items()
    }
    return Catalog(exercises, sources, muscles)


def _localize_source(source: Source, language: str) -> Source:
    """Our note beside a citation in ``language``; the citation stays as published."""
    entry = load_texts(language, "sources").get(source.id, {})
    return dataclasses.replace(source, note=_text(entry, "note", source.note))


def localize_food(food: Food, language: str) -> Food:
    """``food`` with its name, portion and note in ``language`` where known."""
    entry = load_texts(language, "foods").get(food.slug)
    if not entry:
        return food
    return dataclasses.replace(
        food,
        name=_text(entry, "name", food.name) or food.name,
        portion_label=_text(entry, "portion_label", food.portion_label)
        or food.portion_label,
        note=_text(entry, "note", food.note) or food.note,
    )


def localize_nutrition(
    reference: NutritionReference, language: str
) -> NutritionReference:
    """The nutrition figures with their words in ``language`` where known: protein
    and per-meal labels and notes, vitamin D groups and intake kinds, and the
    citations that are our own words (the numbers and ids stay)."""
    table = load_texts(language, "nutrition")
    if not table and not load_texts(language, "sources"):
        return reference

    def entry(key: str) -> Mapping[str, Any]:
        return table.get(key, {})

    def kind(name: str) -> str:
        return _text(entry(name), "name", name) or name

    ranges = tuple(
        dataclasses.replace(
            item,
            label=_text(entry(item.id), "label", item.label) or item.label,
            note=_text(entry(item.id), "note", item.note) or item.note,
        )
        for item in reference.protein_ranges
    )
    per_meal = tuple(
        dataclasses.replace(
            item, label=_text(entry(item.id), "label", item.label) or item.label
        )
        for item in reference.per_meal_figures
    )
    bands = tuple(
        dataclasses.replace(
            band,
            label=_text(entry(band.id), "label", band.label) or band.label,
            kind=kind(band.kind),
        )
        for band in reference.vitamin_d_bands
    )
    context = tuple(
        dataclasses.replace(
            item,
            body=_text(entry(item.id), "body", item.body) or item.body,
            group=_text(entry(item.id), "group", item.group) or item.group,
            kind=kind(item.kind),
            upper_limit_note=_text(
                entry(item.id), "upper_limit_note", item.upper_limit_note
            )
            or item.upper_limit_note,
        )
        for item in reference.vitamin_d_context
    )
    sources = {
        key: dataclasses.replace(
            source,
            citation=_text(
                load_texts(language, "sources").get(key, {}),
                "citation",
                source.citation,
            )
            or source.citation,
        )
        for key, source in reference.sources.items()
    }
    return dataclasses.replace(
        reference,
        protein_ranges=ranges,
        per_meal_figures=per_meal,
        vitamin_d_bands=bands,
        vitamin_d_context=context,
        sources=sources,
    )


def localize_plan_words(
    slug: str | None, name: str, cues: tuple[str, ...], language: str
) -> tuple[str, tuple[str, ...]]:
    """A saved plan item's exercise name and cues in ``language``.

    Plans keep the English text they were made with; a name or cue that is the
    catalog's own English is swapped for the catalog's text in ``language``, and
    anything else (a note added by the planner) stays as saved.
    """
    english = _load_english_catalog().exercises.get(slug or "")
    if english is None or language == _ENGLISH:
        return name, cues
    local = localized_catalog(language).exercises[english.slug]
    words = dict(zip(english.cues, local.cues, strict=True))
    return (
        local.name if name == english.name else name,
        tuple(words.get(cue, cue) for cue in cues),
    )
