"""``pushback exercises`` end to end: the real CLI over the shipped catalog."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app
from pushback.domain.catalog import load_catalog


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["exercises", *args], env={"COLUMNS": "160"})


def _json(*args: str) -> Any:
    result = _run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _slugs(*args: str) -> set[str]:
    return {row["slug"] for row in _json(*args)["exercises"]}


def test_list_shows_every_exercise_in_a_table() -> None:
    result = _run()
    assert result.exit_code == 0, result.output
    for slug in load_catalog().exercises:
        assert slug in result.stdout
    assert f"pushback exercises ({len(load_catalog().exercises)})" in result.stdout
    assert "★★★★★" in result.stdout  # the seed's one-arm rating


def test_list_json_has_the_documented_keys() -> None:
    rows = _json()["exercises"]
    assert len(rows) == len(load_catalog().exercises)
    push_up = next(row for row in rows if row["slug"] == "push-up")
    assert push_up == {
        "slug": "push-up",
        "name": "Push-up",
        "category": "push",
        "branch": "main",
        "ladder_step": 6,
        "equipment": ["none"],
        "unit": "reps",
        "rep_range": [6, 15],
        "duration_s": None,
        "tempo": "3-1-1-0",
        "rest_s": 120,
        "back_stars": None,
        "evidence_grade": "A",
    }
    # ladder first, in step order
    steps = [row["ladder_step"] for row in rows if row["branch"] == "main"]
    assert steps == sorted(steps) == list(range(1, 13))


def test_filters_combine() -> None:
    assert _slugs("--category", "pull") == {
        "trx-row",
        "table-row",
        "towel-row",
        "dumbbell-reverse-fly",
    }
    assert _slugs("--category", "pull", "--equipment", "table") == {"table-row"}
    with_trx = _slugs("--equipment", "trx", "--equipment", "towel")
    assert {"trx-row", "towel-row", "push-up"} <= with_trx
    assert "table-row" not in with_trx
    assert _slugs("--step", "6") == {
        "push-up",
        "wide-push-up",
        "arched-push-up",
        "explosive-push-up",
    }


def test_table_filter_lists_only_matching_rows() -> None:
    result = _run("--category", "warm-up")
    assert result.exit_code == 0
    assert "arm-circles" in result.stdout and "push-up " not in result.stdout


def test_show_explains_the_exercise_like_a_coach() -> None:
    result = _run("show", "push-up")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in (
        "Push-up (push-up)",
        "push-up level 6 (main path)",
        "Serratus anterior",
        "Tempo 3-1-1-0: 3 s down, 1 s pause at the bottom, 1 s up",
        "rest 120 s",
        "Easier: Eccentric (negative) push-up (eccentric-push-up, level 5)",
        "Harder: Close (diamond) push-up",
        "Move on at 3x15 (our rule)",
        "Sore shoulders: not prescribed; do Knee push-up instead.",
        "Strong evidence",
        "22%",
        "Expert opinion",
        "[kowalski2021]",
        "Pull yourself to the floor.",
    ):
        assert expected in out, expected
    for internal in ("seed", "brief", "[design]", "[verify]"):
        assert internal not in out.lower(), internal


def test_show_puts_the_seed_beside_the_evidence_for_wide_push_ups() -> None:
    out = _run("show", "wide-push-up").stdout
    assert "★★★☆☆" in out
    assert "1.5 times shoulder width" in out
    assert "150% of biacromial" in out
    assert "The article's claims beside the studies" in out
    assert "Entry variant: Push-up (push-up, level 6)" in out
    assert "The article's plan: day 1, 4x12" in out


def test_show_json_resolves_sources_and_muscles() -> None:
    data = _json("show", "one-arm-push-up")
    assert data["slug"] == "one-arm-push-up"
    assert data["back_stars"] == 5 and data["unit"] == "reps_per_side"
    assert data["claims"][0]["grade"] == "untested"  # a data gap, not a refutation
    cited = {c["id"] for c in data["citations"]}
    assert {"seed", "brief"} <= cited
    assert all(c["citation"] for c in data["citations"])
    assert data["muscle_names"]["serratus-anterior"] == "Serratus anterior"


@pytest.mark.parametrize("slug", sorted(load_catalog().exercises))
def test_every_exercise_can_be_shown(slug: str) -> None:
    result = _run("show", slug)
    assert result.exit_code == 0, result.output
    assert f"({slug})" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("show", "pushup"), ("'pushup'", "push-up")),
        (("show", "one-arm"), ("'one-arm'", "one-arm-push-up")),
        (("--category", "legs"), ("category", "'legs'", "push, pull")),
        (("--equipment", "kettlebell"), ("equipment", "'kettlebell'", "trx")),
        (("--step", "13"), ("step", "13", "between 1 and 12")),
        (("--step", "six"), ("step", "'six'", "whole number")),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(
    args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
