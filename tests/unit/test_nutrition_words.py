"""Nutrition in Chinese: the evidence notes are phrases and the figures' words come
from ``data/i18n/zh_Hans_CN/nutrition.toml``, so a Chinese reader gets the whole
report in Chinese with every number of the English one; English stays as it was."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pushback import i18n
from pushback.domain.nutrition import load_nutrition_reference
from pushback.domain.translations import load_texts, localize_nutrition
from pushback.services.coaching.nutrition import (
    NutritionQuery,
    nutrition_targets,
    targets_dict,
)
from pushback.settings import Settings
from tests._chinese import HAN, english_words, numbers

ZH = "zh_Hans_CN"
REFERENCE = load_nutrition_reference()

QUERIES: dict[str, NutritionQuery] = {
    "weight only": NutritionQuery(weight_kg=58),
    "a 16-year-old with energy": NutritionQuery(
        weight_kg=70, age=16, sex="female", height_cm=170, activity="light"
    ),
    "over 70, two meals": NutritionQuery(weight_kg=120, age=80, sex="male", meals=2),
    "light, eight meals, no salmon": NutritionQuery(
        weight_kg=40, age=30, meals=8, exclude=("salmon",)
    ),
}


def _report(settings: Settings, name: str, language: str) -> dict[str, Any]:
    with i18n.language(language):
        return targets_dict(nutrition_targets(settings, QUERIES[name]))


def _words(data: dict[str, Any]) -> list[str]:
    """Every text of the report a page or the CLI shows (not the citations of
    published sources, which stay as published)."""
    basis = data["vitamin_d_basis"]
    return [
        *(note["text"] for note in data["notes"]),
        *(item["label"] for item in data["protein_evidence"]),
        *(item["note"] for item in data["protein_evidence"]),
        *(item["label"] for item in data["protein_per_meal_evidence"]),
        basis["group"],
        basis["kind"],
        *(item["group"] for item in basis["context"]),
        *(item["kind"] for item in basis["context"]),
        *(item["upper_limit_note"] for item in basis["context"]),
        *(item["name"] for item in data["day_of_foods"]),
    ]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_report_is_chinese_with_the_numbers_of_the_english(
    settings: Settings, name: str
) -> None:
    chinese, english = _report(settings, name, ZH), _report(settings, name, "en")
    for zh, en in zip(_words(chinese), _words(english), strict=True):
        assert HAN.search(zh), zh
        assert english_words(zh) == set(), zh
        assert numbers(zh) == numbers(en), (zh, en)
        assert not HAN.search(en), en
    for key in ("protein_g_per_day", "vitamin_d_ug_per_day", "day_of_foods_totals"):
        assert chinese[key] == english[key]
    ours = [
        key
        for key, item in REFERENCE.sources.items()
        if item.kind in ("seed", "design")
    ]
    for key in ours:
        assert HAN.search(chinese["sources"][key]), key
    published = [
        key for key in chinese["sources"] if key not in ours and key != "brief-figures"
    ]
    for key in published:
        assert chinese["sources"][key] == english["sources"][key]


def test_english_notes_read_as_before(settings: Settings) -> None:
    notes = {
        n["topic"]: n["text"] for n in _report(settings, "weight only", "en")["notes"]
    }
    assert notes["protein"].startswith(
        "The article says 1.6-2.2 g/kg a day (93-128 g for you). ISSN 2017 advises "
        "1.4-2.0 g/kg for most exercisers and 2.3-3.1 g/kg in an energy deficit;"
    )
    assert notes["vitamin-d"].endswith(
        "No age given: 9-70 years assumed; over 70 years the RDA is 20 µg."
    )
    assert notes["clinician"].endswith("upper limit of 100 µg a day.")


def test_the_seed_figures_stay_exact_in_chinese(settings: Settings) -> None:
    notes = {
        n["topic"]: n["text"] for n in _report(settings, "weight only", ZH)["notes"]
    }
    assert "1.6-2.2 g/kg" in notes["protein"]
    assert "15-20 µg" in notes["vitamin-d"]
    assert re.search(r"按 9-70 岁计算", notes["vitamin-d"])


def test_every_figure_of_the_nutrition_file_has_its_chinese_words() -> None:
    table = load_texts(ZH, "nutrition")
    ids = {
        *(item.id for item in REFERENCE.protein_ranges),
        *(item.id for item in REFERENCE.per_meal_figures),
        *(band.id for band in REFERENCE.vitamin_d_bands),
        *(item.id for item in REFERENCE.vitamin_d_context),
        *(band.kind for band in REFERENCE.vitamin_d_bands),
        *(item.kind for item in REFERENCE.vitamin_d_context),
    }
    assert set(table) == ids
    chinese = localize_nutrition(REFERENCE, ZH)
    for item in chinese.protein_ranges:
        assert HAN.search(item.label) and HAN.search(item.note), item.id
    for english, local in zip(
        REFERENCE.protein_ranges, chinese.protein_ranges, strict=True
    ):
        assert (local.min_g_per_kg, local.max_g_per_kg, local.sources) == (
            english.min_g_per_kg, english.max_g_per_kg, english.sources
        )  # fmt: skip
    assert localize_nutrition(REFERENCE, "en") == REFERENCE
