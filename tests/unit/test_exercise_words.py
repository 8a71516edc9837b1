"""Plain words for the exercise pages: catalog prose without internal references,
pace as a sentence, names instead of slugs, search over what a reader sees."""

from __future__ import annotations

import pytest

from pushback.domain.catalog import load_catalog
from pushback.web.exercise_words import exercise_name, matches, plain, tempo_words

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keep the wrist neutral (brief section 4).", "Keep the wrist neutral."),
        ("150% of breadth (brief 1.4 [verify]).", "150% of breadth."),
        ("Brief [design]: 3x15 suffices.", "Our rule: 3x15 suffices."),
        ("The seed's Day 3 pull.", "The article's Day 3 pull."),
        ("No study in the brief supports it.", "No study we reviewed supports it."),
        ("the brief found no EMG data", "We found no EMG data"),
        ("(Marcolin 2015; brief section 4)", "(Marcolin 2015)"),
        ("step 3 lowers the surface (low-incline-push-up).",
         "Step 3 lowers the surface (Low incline push-up (bench or step))."),
        ("load (brief 1.2, data gap).", "Load (data gap)."),
        ("Seed day 1: wide push-ups", "The article's day 1: wide push-ups"),
    ],
)  # fmt: skip
def test_catalog_prose_loses_its_internal_references(text: str, expected: str):
    assert plain(text, CATALOG) == expected


@pytest.mark.parametrize(
    ("tempo", "words"),
    [
        ("3-1-1-0", "3 s down, 1 s pause at the bottom, 1 s up"),
        ("2-0-X-0", "2 s down, up as fast as you can"),
        ("2-0-1-1", "2 s down, 1 s up, 1 s pause at the top"),
        (None, ""),
    ],
)
def test_pace_reads_as_a_sentence(tempo: str | None, words: str):
    assert tempo_words(tempo) == words


def test_a_slug_reads_as_the_exercise_name():
    assert exercise_name("prone-ytw") == "Prone Y-T-W raise"
    assert exercise_name("retired-drill") == "Retired drill"


def test_an_empty_search_matches_everything_and_words_must_all_match():
    muscles = {m_id: m.name for m_id, m in CATALOG.muscles.items()}
    row = CATALOG.get("table-row")
    assert matches(row, "", muscles)
    assert matches(row, "  Table   LATISSIMUS ", muscles)
    assert not matches(row, "table dumbbells", muscles)
