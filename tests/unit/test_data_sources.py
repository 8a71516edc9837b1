"""Every number in the shipped data files names its sources, every source id
exists, and every source of the bibliography is cited somewhere (issue 15)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from pushback.domain.catalog import load_catalog
from pushback.domain.programming import load_programming
from pushback.domain.progression import (
    CONSERVATIVE_MAX_SETS_PER_EXERCISE,
    CONSERVATIVE_RIR,
    DEFAULT_DELOAD_EVERY_WEEKS,
    DEFAULT_REP_WINDOW,
    DELOAD_RIR,
    NO_FAILURE_WEEKS,
    NOVICE_MAX_PUSH_SETS_PER_WEEK,
    NOVICE_MAX_SETS_PER_EXERCISE,
    NOVICE_WEEKS,
    TRAINED_MAX_SETS_PER_EXERCISE,
    WEEKLY_INCREASE_LIMIT,
    WORKING_FRACTION,
)

DATA = resources.files("pushback") / "data"
FILES = (
    "exercises.toml",
    "muscles.toml",
    "norms.toml",
    "nutrition.toml",
    "foods.toml",
    "programming.toml",
)
#: Keys that hold source ids.
_ID_KEYS = ("sources", "number_sources")


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, list) and bool(value) and all(map(_is_number, value))


def _tables(
    node: Any, path: str, inherited: bool
) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every table with whether an enclosing table names sources."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _tables(item, f"{path}[{i}]", inherited)
        return
    if not isinstance(node, dict):
        return
    yield path, node, inherited
    # A file's top-level list is its bibliography, not the source of each number.
    here = inherited or ("sources" in node and bool(path))
    for key, value in node.items():
        if key not in _ID_KEYS:
            yield from _tables(value, f"{path}.{key}" if path else key, here)


def _covered(table: dict[str, Any], key: str, inherited: bool, path: str) -> bool:
    if inherited or ("sources" in table and bool(path)):
        return True
    if key in table.get("number_sources", {}):
        return True
    return any(
        name.endswith("_sources") and f"{key}_".startswith(name.removesuffix("sources"))
        for name in table
    )


def _cited(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _ID_KEYS or key.endswith("_sources"):
                yield from _ids(value)
            else:
                yield from _cited(value)
    elif isinstance(node, list):
        for item in node:
            yield from _cited(item)


def _ids(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _ids(item)


@pytest.mark.parametrize("name", FILES)
def test_every_number_in_the_data_files_names_its_sources(name: str) -> None:
    missing = [
        f"{path}.{key}"
        for path, table, inherited in _tables(_load(name), "", False)
        for key, value in table.items()
        if key not in _ID_KEYS and _is_number(value)
        and not _covered(table, key, inherited, path)
    ]  # fmt: skip
    assert missing == [], f"{name}: numbers without a source id: {missing}"


@pytest.mark.parametrize("name", FILES)
def test_every_cited_source_id_exists(name: str) -> None:
    known = set(load_catalog().sources)
    unknown = sorted(set(_cited(_load(name))) - known)
    assert unknown == []


def test_every_source_of_the_bibliography_is_cited() -> None:
    cited = {source for name in FILES for source in _cited(_load(name))}
    assert sorted(set(load_catalog().sources) - cited) == []


def test_the_code_mirrors_the_programming_rules() -> None:
    rules = load_programming()
    assert DEFAULT_REP_WINDOW == rules.rep_window
    assert WORKING_FRACTION == rules.working_fraction
    assert (NOVICE_WEEKS, NOVICE_MAX_PUSH_SETS_PER_WEEK) == (
        rules.novice_weeks,
        rules.novice_max_push_sets,
    )
    assert NOVICE_MAX_SETS_PER_EXERCISE == rules.novice_max_sets_per_exercise
    assert TRAINED_MAX_SETS_PER_EXERCISE == rules.trained_max_sets_per_exercise
    assert NO_FAILURE_WEEKS == rules.no_failure_weeks
    assert WEEKLY_INCREASE_LIMIT == rules.weekly_increase
    assert DEFAULT_DELOAD_EVERY_WEEKS == rules.deload_every_weeks
    assert (DELOAD_RIR, CONSERVATIVE_RIR) == (rules.deload_rir, rules.conservative_rir)
    assert CONSERVATIVE_MAX_SETS_PER_EXERCISE == rules.conservative_max_sets


def test_the_twenty_percent_rule_is_said_to_be_ours_not_the_briefs() -> None:
    rule = load_programming().rule("weekly_increase")
    assert rule.sources == ("pushback",) and rule.grade == "design"
    assert "not the brief's" in rule.note


def test_every_person_rule_names_a_source(name: str = "older_adults") -> None:
    rules = load_programming()
    for rule in rules.rules.values():
        assert rule.sources and rule.note
    assert "nelson2007" in rules.rule(name).sources
