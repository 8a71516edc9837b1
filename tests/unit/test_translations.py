"""Per-language text tables: every slug of the catalog, foods, muscles and faults has
its Chinese entry, lists match the English ones, and English is the fallback."""

from __future__ import annotations

import re

import pytest

from pushback.analysis.faults import FAULT_CODES
from pushback.domain._nutrition_data import load_foods
from pushback.domain.catalog import load_catalog
from pushback.domain.translations import (
    KINDS,
    load_texts,
    localize_exercise,
    localize_food,
    localize_plan_words,
    localized_catalog,
    text_languages,
    translated,
)

ZH = "zh_Hans_CN"
CATALOG = load_catalog()
#: Internal words that must not reach a reader (issue 14), in any language.
INTERNAL = re.compile(r"\b(brief|seed|verify|design)\b|\[|\]", re.IGNORECASE)


def test_chinese_has_a_table_of_every_kind() -> None:
    assert ZH in text_languages()
    for kind in KINDS:
        assert load_texts(ZH, kind), kind


@pytest.mark.parametrize("slug", sorted(CATALOG.exercises))
def test_every_exercise_has_its_chinese_text(slug: str) -> None:
    english = CATALOG.get(slug)
    entry = load_texts(ZH, "exercises").get(slug)
    assert entry, f"no Chinese entry for {slug}"
    for key in ("key_points", "cues", "faults"):
        assert len(entry.get(key, [])) == len(getattr(english, key)), key
    assert len(entry.get("claims", [])) == len(english.claims)
    quoted = any(claim.seed_claim for claim in english.claims)
    assert len(entry.get("seed_claims", [])) == (len(english.claims) if quoted else 0)
    muscles = {r.muscle for r in (*english.primary_muscles, *english.secondary_muscles)}
    assert set(entry.get("roles", {})) == muscles
    assert set(entry.get("condition_notes", {})) == set(english.condition_notes)
    assert bool(entry.get("load_note")) == bool(english.load_note)
    gate_note = english.gate.note if english.gate else None
    assert bool(entry.get("gate_note")) == bool(gate_note)
    chinese = localize_exercise(english, ZH)
    roles = (*chinese.primary_muscles, *chinese.secondary_muscles)
    texts = [
        chinese.name,
        chinese.summary,
        chinese.evidence.summary,
        *chinese.key_points,
        *chinese.cues,
        *chinese.faults,
        *(role.role for role in roles),
        *chinese.condition_notes.values(),
        *(claim.summary for claim in chinese.claims),
        *(claim.seed_claim or "" for claim in chinese.claims),
        chinese.load_note or "",
        chinese.gate.note if chinese.gate else "",
    ]
    for text in texts:
        assert text == "" or re.search(r"[\u4e00-\u9fff]", text), text
        assert not INTERNAL.search(text), text


def test_no_table_names_an_unknown_slug() -> None:
    known = {
        "exercises": set(CATALOG.exercises),
        "muscles": set(CATALOG.muscles),
        "foods": {food.slug for food in load_foods()},
        "faults": set(FAULT_CODES),
        "sources": {i for i, source in CATALOG.sources.items() if source.note},
    }
    for kind, slugs in known.items():
        assert set(load_texts(ZH, kind)) == slugs, kind


def test_every_food_muscle_and_fault_is_named_in_chinese() -> None:
    for food in load_foods():
        chinese = localize_food(food, ZH)
        assert chinese.name != food.name and chinese.note != food.note
        assert chinese.protein_g_per_100g == food.protein_g_per_100g
    for muscle in localized_catalog(ZH).muscles.values():
        assert re.search(r"[\u4e00-\u9fff]", muscle.name), muscle.id
    for code in FAULT_CODES:
        for key in ("title", "advice"):
            assert translated(ZH, "faults", code, key, "-") != "-", (code, key)


def test_localized_catalog_keeps_slugs_numbers_and_sources() -> None:
    chinese = localized_catalog(ZH)
    assert chinese.get("push-up").name == "标准俯卧撑"
    assert [e.slug for e in chinese.ladder()] == [e.slug for e in CATALOG.ladder()]
    for slug, english in CATALOG.exercises.items():
        other = chinese.get(slug)
        assert (other.tempo, other.rep_range, other.rest_s, other.number_sources) == (
            english.tempo, english.rep_range, english.rest_s, english.number_sources
        )  # fmt: skip
    assert set(chinese.sources) == set(CATALOG.sources)
    for source_id, source in chinese.sources.items():
        english = CATALOG.source(source_id)
        assert (source.citation, source.url) == (english.citation, english.url)
        assert bool(source.note) == bool(english.note)
        assert not source.note or re.search(r"[\u4e00-\u9fff]", source.note)


def test_english_and_unknown_languages_fall_back_to_the_english_text() -> None:
    assert localized_catalog("en") is CATALOG
    assert localized_catalog("fr").get("push-up").name == "Push-up"
    assert translated("fr", "faults", "shrug", "title", "Shrugging") == "Shrugging"


def test_a_saved_plan_item_shows_the_catalog_words_of_the_language() -> None:
    push_up = CATALOG.get("push-up")
    cues = (push_up.cues[0], "Added by the planner.")
    name, chinese = localize_plan_words("push-up", push_up.name, cues, ZH)
    assert name == "标准俯卧撑"
    assert chinese == ("肩胛骨后缩下沉，不要耸肩。", "Added by the planner.")
    assert localize_plan_words("push-up", "Push-up (test)", cues, ZH)[0] == (
        "Push-up (test)"
    )
    assert localize_plan_words("push-up", push_up.name, cues, "en") == (
        push_up.name,
        cues,
    )
    assert localize_plan_words(None, "Walk", (), ZH) == ("Walk", ())
