"""The exercise pages through the real app: search and filters on the server (the
no-JavaScript path and what htmx swaps in), plain words on every exercise page,
and a drawing on every page and tile."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape, unescape
from pathlib import Path

import pytest

from pushback.domain.catalog import load_catalog
from tests.integration._web_client import TestClient, make_client, web_settings

CATALOG = load_catalog()
#: Words a reader never meets (issue 14): internal terms and file paths.
INTERNAL = re.compile(r"\bseed\b|\bbrief\b|\[verify\]|\[design\]|\.\./|\.md\b", re.I)
#: Slugs that are not also plain English ("push-up" is a word).
SLUGS = sorted(slug for slug in CATALOG.exercises if slug != "push-up")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(web_settings(tmp_path)) as client:
        yield client


def _visible_text(html: str) -> str:
    """The text a reader sees, "Why this?" opened (scripts, styles, tags out)."""
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html))


def _tile_names(html: str) -> list[str]:
    return [unescape(n) for n in re.findall(r'class="xc-tile-name">([^<]+)<', html)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("trx", {"Suspension (TRX) push-up", "Suspension (TRX) row"}),
        ("TOWEL row", {"Towel (door) row"}),
        ("dumbbells", {"Dumbbell reverse fly"}),
        ("rhomboids table", {"Table (inverted) row"}),
    ],
)
def test_search_finds_exercises_by_name_muscle_or_equipment(
    client: TestClient, query: str, expected: set[str]
):
    page = client.get("/exercises", params={"q": query})
    assert page.status_code == 200
    assert set(_tile_names(page.text)) == expected
    suffix = "exercise" if len(expected) == 1 else "exercises"
    assert f"{len(expected)} {suffix}</p>" in page.text


def test_search_by_a_muscle_lists_the_exercises_that_work_it(client: TestClient):
    names = set(_tile_names(client.get("/exercises?q=serratus").text))
    working = {
        e.name
        for e in CATALOG.exercises.values()
        for role in (*e.primary_muscles, *e.secondary_muscles)
        if role.muscle == "serratus-anterior"
    }
    assert names == working and len(names) >= 5


def test_filters_and_search_combine(client: TestClient):
    page = client.get("/exercises?q=row&category=pull&equipment=table")
    assert _tile_names(page.text) == ["Table (inverted) row"]
    assert 'value="table" selected' in page.text  # the form keeps the choice


def test_nothing_found_says_so_and_offers_everything(client: TestClient):
    text = _visible_text(client.get("/exercises?q=zumba").text)
    assert "No exercise matches “zumba”" in text
    assert "Show every exercise" in text and "0 exercises" in text


def test_the_list_works_without_javascript_and_applies_filters_live_with_it(
    client: TestClient,
):
    html = client.get("/exercises").text
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", html, re.S)
    assert form and 'method="get"' in form[0] and 'action="/exercises"' in form[0]
    assert 'hx-trigger="input delay:250ms, submit"' in form[0]
    assert re.search(r"<noscript><button type=\"submit\"", html)  # only without JS
    assert len(_tile_names(html)) == len(CATALOG.exercises)


def test_every_tile_has_a_small_drawing_beside_the_name(client: TestClient):
    html = client.get("/exercises").text
    tiles = re.findall(
        r'<a class="xc-tile" href="/exercises/([^"]+)">(.*?)</a>', html, re.S
    )
    assert len(tiles) == len(CATALOG.exercises)
    for slug, tile in tiles:
        assert f'class="drawing dr-{slug}-start"' in tile
        assert 'aria-hidden="true"' in tile  # the name is next to it


@pytest.mark.parametrize("slug", sorted(CATALOG.exercises))
def test_an_exercise_page_speaks_plainly_and_shows_the_drawing(
    client: TestClient, slug: str
):
    exercise = CATALOG.get(slug)
    page = client.get(f"/exercises/{slug}")
    assert page.status_code == 200
    text = _visible_text(page.text)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    for other in SLUGS:
        assert not re.search(rf"(?<![\w/-]){re.escape(other)}(?![\w-])", text), other
    title = f'<title id="dr-{slug}-animated-title">{escape(exercise.name)}</title>'
    assert title in page.text
    assert "@keyframes" in page.text and "prefers-reduced-motion:reduce" in page.text
    assert f"dr-{slug}-start" in page.text and f"dr-{slug}-end" in page.text
    assert "Why this?" in text and "How sure are we?" in text


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("push-up", "Strong evidence"),
        ("wall-push-up", "Some evidence"),
        ("eccentric-push-up", "Expert opinion"),
        ("arched-push-up", "The article's claim, not tested yet"),
    ],
)
def test_evidence_grades_are_words_with_an_explanation(
    client: TestClient, slug: str, words: str
):
    text = _visible_text(client.get(f"/exercises/{slug}").text)
    assert words in text


def test_sources_are_readable_citations(client: TestClient):
    text = _visible_text(client.get("/exercises/wide-push-up").text)
    assert "The article: “How to train your back with push-ups?" in text
    assert "Our rule: no study gives this number" in text
    assert "Cogley RM, et al." in text


def test_tempo_and_safety_are_in_words(client: TestClient):
    text = _visible_text(client.get("/exercises/push-up").text)
    assert "3 s down, 1 s pause at the bottom, 1 s up" in text
    assert "3-1-1-0" not in text
    wide = _visible_text(client.get("/exercises/wide-push-up").text)
    assert "Sore shoulders: not for you." in wide
    assert wide.count("Sore shoulders:") == 1  # one note per condition
