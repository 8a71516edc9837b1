"""Plain words for the exercise pages: grades, categories, equipment, conditions,
tempo and citations as a person reads them, and catalog prose without the team's
internal references.

The catalog's prose was written against the evidence brief ("(brief 2.1)",
"[design]", "the seed's Day 1"); :func:`plain` turns those references into words
a reader knows ("the article", "our rule") until the catalog text itself is
rewritten, so no internal term reaches a page. Labels are marked with ``N_`` and
translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pushback.domain.catalog import Catalog, Exercise, Source
from pushback.domain.grade_words import GRADE_WORDS, GradeWords
from pushback.domain.plain_words import catalog_name, plain
from pushback.domain.tempo import parse_tempo
from pushback.domain.translations import localize_plan_words, localized_catalog
from pushback.i18n import N_, current_language, gettext
from pushback.i18n.phrases import localize

__all__ = [
    "CATEGORY_WORDS",
    "CONDITION_WORDS",
    "EQUIPMENT_WORDS",
    "GRADE_WORDS",
    "Citation",
    "GradeWords",
    "citation",
    "exercise_name",
    "matches",
    "plain",
    "plan_words",
    "tempo_words",
]


CATEGORY_WORDS: Mapping[str, str] = {
    "push": N_("Push-ups"),
    "pull": N_("Rows and pulls"),
    "scapular": N_("Shoulder-blade work"),
    "warm-up": N_("Warm-up"),
    "mobility": N_("Stretches and mobility"),
}
EQUIPMENT_WORDS: Mapping[str, str] = {
    "none": N_("Nothing (floor, wall)"),
    "table": N_("Sturdy table"),
    "towel": N_("Towel"),
    "trx": N_("Suspension trainer (TRX)"),
    "dumbbells": N_("Dumbbells"),
    "bands": N_("Resistance band"),
}
CONDITION_WORDS: Mapping[str, str] = {
    "wrist": N_("Sore wrists"),
    "shoulder": N_("Sore shoulders"),
    "lower-back": N_("Low-back pain"),
    "pregnancy": N_("Pregnancy"),
}


def plan_words(item: Any) -> tuple[str, tuple[str, ...]]:
    """A saved plan item's exercise name and cues in the current language (the
    catalog's words where the plan kept the catalog's English; see
    :func:`pushback.domain.translations.localize_plan_words`)."""
    if isinstance(item, Mapping):
        slug, name, cues = item.get("slug"), item.get("name"), item.get("cues")
    else:
        slug = getattr(item, "slug", None)
        name, cues = getattr(item, "name", None), getattr(item, "cues", None)
    return localize_plan_words(
        slug,
        str(localize(name) if name else exercise_name(str(slug or ""))),
        tuple(cues or ()),
        current_language(),
    )


def exercise_name(slug: str) -> str:
    """The catalog name of ``slug`` in the current language (a plan saved without
    names still reads well); an unknown slug as words."""
    return catalog_name(localized_catalog(current_language()), slug)


def _seconds(value: float | None) -> str:
    return "X" if value is None else f"{value:g}"


def tempo_words(tempo: str | None) -> str:
    """``3-1-1-0`` -> ``3 s down, 1 s pause at the bottom, 1 s up`` (X: explosive)."""
    if not tempo:
        return ""
    down, bottom, up, top = (value for _, value in parse_tempo(tempo).phases)
    parts = [gettext("%(s)s s down") % {"s": _seconds(down)}]
    if bottom:
        parts.append(gettext("%(s)s s pause at the bottom") % {"s": _seconds(bottom)})
    parts.append(
        gettext("up as fast as you can")
        if up is None
        else gettext("%(s)s s up") % {"s": _seconds(up)}
    )
    if top:
        parts.append(gettext("%(s)s s pause at the top") % {"s": _seconds(top)})
    return ", ".join(parts)


@dataclass(frozen=True)
class Citation:
    """A source as a reader sees it."""

    id: str
    text: str
    url: str | None
    note: str


def citation(source: Source, catalog: Catalog) -> Citation:
    """The readable citation of ``source``: the article and our own rules in
    words, studies as the bibliography gives them."""
    if source.kind == "seed":
        text = gettext(
            "The article: “How to train your back with push-ups? Comprehensive"
            " analysis of movement essentials and training plans” (web article,"
            " no author named)."
        )
        return Citation(source.id, text, source.url, "")
    if source.id == "brief":
        text = gettext(
            "Our rule: no study gives this number, so we chose a careful one."
        )
        return Citation(source.id, text, None, "")
    if source.citation.casefold().startswith("pushback domain brief"):
        text = gettext("Our review of the studies: a figure from a secondary source.")
        return Citation(source.id, text, None, plain(source.note, catalog))
    if source.kind == "design":
        text = gettext(
            "Our default: neither the article nor the studies give this number."
        )
        return Citation(source.id, text, None, "")
    return Citation(
        source.id,
        plain(source.citation, catalog),
        source.url,
        plain(source.note, catalog),
    )


def _search_text(exercise: Exercise, muscle_names: Mapping[str, str]) -> str:
    muscles = [
        muscle_names.get(role.muscle, role.muscle)
        for role in (*exercise.primary_muscles, *exercise.secondary_muscles)
    ]
    equipment = [
        gettext(EQUIPMENT_WORDS.get(item, item)) for item in exercise.equipment
    ]
    words = [
        exercise.name,
        *muscles,
        *equipment,
        gettext(CATEGORY_WORDS.get(exercise.category, exercise.category)),
    ]
    return " ".join(words).casefold()


def matches(exercise: Exercise, query: str, muscle_names: Mapping[str, str]) -> bool:
    """True when every word of ``query`` appears in the exercise's name, muscles,
    equipment or category (case-insensitive); an empty query matches all."""
    text = _search_text(exercise, muscle_names)
    return all(word in text for word in _words(query))


def _words(query: str) -> Iterable[str]:
    return (word for word in query.casefold().split() if word)
