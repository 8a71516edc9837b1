"""The exercise catalog: the shipped files are complete and consistent, and a broken
file fails on load naming file and key (tiny catalogs in tests/data/catalog_*)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushback.domain import catalog as catalog_module
from pushback.domain.catalog import (
    CATEGORIES,
    CONDITIONS,
    EQUIPMENT,
    EVIDENCE_GRADES,
    NUMBER_FIELDS,
    Catalog,
    Exercise,
    load_catalog,
    load_catalog_from,
)
from pushback.domain.errors import CatalogError, InvalidInput, NotFound

DATA = Path(__file__).resolve().parents[1] / "data"
MINIMAL = DATA / "catalog_minimal"

REQUIRED_SLUGS = (
    "wall-push-up",
    "incline-push-up",
    "knee-push-up",
    "push-up",
    "wide-push-up",
    "arched-push-up",
    "scapular-push-up",
    "close-push-up",
    "feet-elevated-push-up",
    "archer-push-up",
    "incline-one-arm-push-up",
    "one-arm-push-up",
    "explosive-push-up",
    "trx-row",
    "table-row",
    "towel-row",
    "prone-ytw",
    "dumbbell-reverse-fly",
    "band-pull-apart",
    "eccentric-push-up",
)

#: Brief section 2.1: the main path, step by step.
LADDER = {
    1: "wall-push-up",
    2: "incline-push-up",
    3: "low-incline-push-up",
    4: "knee-push-up",
    5: "eccentric-push-up",
    6: "push-up",
    7: "close-push-up",
    8: "feet-elevated-push-up",
    10: "archer-push-up",
    11: "incline-one-arm-push-up",
    12: "one-arm-push-up",
}


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def _raw_exercises() -> list[dict[str, object]]:
    text = (resources.files("pushback") / "data" / "exercises.toml").read_text()
    entries: list[dict[str, object]] = tomllib.loads(text)["exercise"]
    return entries


# --- the shipped catalog -----------------------------------------------------------


def test_every_required_slug_exists(cat: Catalog) -> None:
    missing = [slug for slug in REQUIRED_SLUGS if slug not in cat.exercises]
    assert missing == []


def test_slugs_and_uuids_in_the_file_are_unique() -> None:
    entries = _raw_exercises()
    slugs = [e["slug"] for e in entries]
    uuids = [e["uuid"] for e in entries]
    assert len(set(slugs)) == len(slugs)
    assert len(set(uuids)) == len(uuids)


def test_load_is_cached_and_holds_every_entry_of_the_file(cat: Catalog) -> None:
    assert load_catalog() is cat
    assert len(cat.exercises) == len(_raw_exercises())


def test_every_exercise_reference_resolves(cat: Catalog) -> None:
    for exercise in cat.exercises.values():
        targets = [exercise.easier, exercise.harder, *exercise.substitutions.values()]
        for target in filter(None, targets):
            assert target in cat.exercises, (exercise.slug, target)
        roles = exercise.primary_muscles + exercise.secondary_muscles
        assert all(role.muscle in cat.muscles for role in roles), exercise.slug


def test_every_source_id_resolves(cat: Catalog) -> None:
    cited = {i for e in cat.exercises.values() for i in e.source_ids()}
    cited |= {i for m in cat.muscles.values() for i in m.sources}
    assert cited - set(cat.sources) == set()
    assert {"seed", "suprak2011", "ebben2011", "kowalski2021"} <= set(cat.sources)


def test_every_study_cited_in_the_data_has_a_citation(cat: Catalog) -> None:
    for source in cat.sources.values():
        assert len(source.citation) > 10, source.id


def test_ladder_is_one_connected_path_in_the_brief_order(cat: Catalog) -> None:
    ladder = cat.ladder()
    assert [e.ladder_step for e in ladder] == list(range(1, len(ladder) + 1))
    for step, slug in LADDER.items():
        assert cat.at_step(step).slug == slug
    walked, current = [], cat.at_step(1)
    while True:
        walked.append(current.slug)
        if current.harder is None:
            break
        following = cat.get(current.harder)
        assert following.easier == current.slug
        current = following
    assert walked == [e.slug for e in ladder]


def test_side_variants_hang_off_their_entry_step(cat: Catalog) -> None:
    main = {e.slug for e in cat.ladder()}
    for slug, step in (("wide-push-up", 6), ("arched-push-up", 6)):
        variant = cat.get(slug)
        assert (variant.branch, variant.ladder_step, variant.easier) == (
            "side",
            step,
            "push-up",
        )
        assert variant.slug not in main and variant.harder is None
    explosive = cat.get("explosive-push-up")
    assert explosive.branch == "side" and explosive.easier == "push-up"
    assert explosive.requires is not None
    assert (explosive.requires.sets, explosive.requires.reps) == (3, 15)
    assert {e.slug for e in cat.side_variants(6)} >= {
        "wide-push-up",
        "arched-push-up",
        "explosive-push-up",
    }


def test_main_steps_have_reachable_gates_except_the_top(cat: Catalog) -> None:
    *lower, top = cat.ladder()
    assert top.gate is None
    for exercise in lower:
        assert exercise.gate is not None, exercise.slug
        assert exercise.rep_range is not None
        assert exercise.gate.reps <= exercise.rep_range[1], exercise.slug
        assert exercise.gate.grade in EVIDENCE_GRADES
        assert exercise.gate.per_side == (exercise.unit == "reps_per_side")


def test_seed_stars_are_on_the_seed_variations_only(cat: Catalog) -> None:
    stars = {e.slug: e.back_stars for e in cat.exercises.values() if e.back_stars}
    assert stars == {"wide-push-up": 3, "arched-push-up": 4, "one-arm-push-up": 5}
    for slug in stars:
        assert cat.get(slug).number_sources["back_stars"] == ("seed",)


@pytest.mark.parametrize(
    ("fragment", "grade"),
    [
        ("60% of users", "unsupported"),  # no source at all for the figure
        ("22% higher back EMG", "untested"),  # no study of slow vs fast lowering
        ("5/5 stars", "untested"),  # no EMG study of one-arm push-ups
        ("4/5 stars", "untested"),  # no EMG study of an arched push-up
        ("3/5 stars", "unsupported"),  # width was tested: no back gain (Marcolin)
    ],
)
def test_seed_claims_carry_the_honest_grade(
    cat: Catalog, fragment: str, grade: str
) -> None:
    """A claim nobody tested is "untested", not refuted by a study of something
    else; "unsupported" is kept for claims the evidence does not bear out."""
    claims = {c.seed_claim or "": c for e in cat.exercises.values() for c in e.claims}
    found = [c for text, c in claims.items() if fragment in text]
    assert found, fragment
    assert all(c.grade == grade and "seed" in c.sources for c in found)


def test_the_slow_descent_claim_is_not_called_refuted(cat: Catalog) -> None:
    claims = {c.seed_claim or "": c for e in cat.exercises.values() for c in e.claims}
    for claim in (c for t, c in claims.items() if "22%" in t):
        assert {"marcolin2015", "schoenfeld2015", "wilk2021"} <= set(claim.sources)
        assert claim.summary.startswith("Untested")
        assert "points the other way" not in claim.summary


@pytest.mark.parametrize("exercise", load_catalog().exercises.values(), ids=str)
def test_numbers_are_in_plausible_ranges(exercise: Exercise) -> None:
    assert 0 <= exercise.rest_s <= 300
    assert 0.0 <= exercise.back_volume_factor <= 1.0
    assert exercise.category in CATEGORIES
    assert set(exercise.equipment) <= set(EQUIPMENT)
    assert exercise.evidence.grade in EVIDENCE_GRADES
    if exercise.unit == "duration_s":
        assert exercise.duration_s is not None and 10 <= exercise.duration_s <= 120
        assert exercise.rep_range is None
    else:
        assert exercise.rep_range is not None and exercise.tempo is not None
        low, high = exercise.rep_range
        assert 1 <= low <= high <= 20
        seconds = [int(p) for p in exercise.tempo.split("-") if p != "X"]
        assert 1 <= sum(seconds) <= 8  # brief 4: rep duration 0.5-8 s


@pytest.mark.parametrize("exercise", load_catalog().exercises.values(), ids=str)
def test_every_number_names_its_sources(exercise: Exercise, cat: Catalog) -> None:
    for name in NUMBER_FIELDS:
        if getattr(exercise, name) is not None:
            assert exercise.number_sources.get(name), (exercise.slug, name)
            assert set(exercise.number_sources[name]) <= set(cat.sources)


def test_programming_defaults_follow_the_brief(cat: Catalog) -> None:
    for exercise in cat.exercises.values():
        if exercise.category == "push":
            assert exercise.back_volume_factor == 0.5, exercise.slug
            assert exercise.rest_s in range(120, 181), exercise.slug
        if exercise.category == "pull":
            assert exercise.back_volume_factor == 1.0, exercise.slug
    assert cat.get("push-up").tempo == "3-1-1-0"
    assert "X" in (cat.get("explosive-push-up").tempo or "")
    assert cat.get("scapular-push-up").rest_s in range(60, 91)
    per_side = {e.slug for e in cat.exercises.values() if e.unit == "reps_per_side"}
    assert {"archer-push-up", "one-arm-push-up", "incline-one-arm-push-up"} <= per_side


def test_warm_up_and_cool_down_entries_are_timed(cat: Catalog) -> None:
    for category in ("warm-up", "mobility"):
        entries = cat.filter(category=category)
        assert len(entries) >= 3
        assert all(
            e.unit == "duration_s" and e.back_volume_factor == 0 for e in entries
        )
    assert cat.get("foam-roll-upper-back").claims[0].grade == "unsupported"


def test_conditions_have_safe_easier_substitutions(cat: Catalog) -> None:
    for exercise in cat.exercises.values():
        assert set(exercise.contraindications) <= set(CONDITIONS)
        for condition, slug in exercise.substitutions.items():
            other = cat.get(slug)
            assert condition not in other.contraindications, (exercise.slug, slug)
            assert other.category == exercise.category
            if exercise.ladder_step and other.ladder_step:
                assert other.ladder_step <= exercise.ladder_step, (exercise.slug, slug)
        for condition in exercise.contraindications:
            assert condition in exercise.substitutions


def test_safety_table_of_the_brief_is_applied(cat: Catalog) -> None:
    explosive = cat.get("explosive-push-up")
    assert {"wrist", "shoulder"} <= set(explosive.contraindications)
    for slug in ("push-up", "feet-elevated-push-up", "one-arm-push-up"):
        exercise = cat.get(slug)
        assert exercise.substitutions["shoulder"] == "knee-push-up"
        assert exercise.substitutions["lower-back"] == "knee-push-up"
        assert exercise.substitutions["pregnancy"] == "incline-push-up"
    assert cat.get("suspension-push-up").substitutions["lower-back"] == "knee-push-up"
    assert "handles" in cat.get("push-up").condition_notes["wrist"]
    assert "incline-push-up" == cat.get("push-up").substitutions["wrist"]


def test_seed_prescriptions_are_recorded(cat: Catalog) -> None:
    seed = {
        e.slug: (p.day, p.sets, p.reps, p.per_side)
        for e in cat.exercises.values()
        if (p := e.seed_prescription)
    }
    assert seed["wide-push-up"] == (1, 4, 12, False)
    assert seed["arched-push-up"] == (1, 3, 8, False)
    assert seed["one-arm-push-up"] == (3, 3, 5, True)
    assert seed["trx-row"] == (3, 4, 10, False)
    assert seed["explosive-push-up"] == (5, 3, 8, False)
    assert seed["dumbbell-reverse-fly"] == (5, 4, 12, False)


# --- the Catalog API ---------------------------------------------------------------


def test_unknown_slug_names_it_and_suggests_close_matches(cat: Catalog) -> None:
    with pytest.raises(NotFound, match=r"'pushup'.*did you mean push-up"):
        cat.get("pushup")
    with pytest.raises(NotFound, match="'zzz'"):
        cat.source("zzz")


@pytest.mark.parametrize("step", [0, 13, -1, True, "6"])
def test_at_step_off_the_ladder_is_invalid_input(cat: Catalog, step: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        cat.at_step(step)  # type: ignore[arg-type]
    assert caught.value.field == "step"


def test_filter_by_category_equipment_and_step(cat: Catalog) -> None:
    pulls = cat.filter(category="pull")
    assert {e.slug for e in pulls} >= {"trx-row", "table-row", "towel-row"}
    bodyweight = {e.slug for e in cat.filter(equipment=["none"])}
    assert "push-up" in bodyweight and "trx-row" not in bodyweight
    assert "table-row" in {e.slug for e in cat.filter(equipment=["table"])}
    at_six = {e.slug for e in cat.filter(step=6)}
    assert at_six == {"push-up", "wide-push-up", "arched-push-up", "explosive-push-up"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"category": "legs"}, "category"), ({"equipment": ["bench"]}, "equipment")],
)
def test_filter_rejects_unknown_values(
    cat: Catalog, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        cat.filter(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


@given(
    have=st.sets(st.sampled_from(EQUIPMENT)), more=st.sets(st.sampled_from(EQUIPMENT))
)
def test_more_equipment_never_hides_an_exercise(have: set[str], more: set[str]) -> None:
    cat = load_catalog()
    fewer = {e.slug for e in cat.filter(equipment=have)}
    assert fewer <= {e.slug for e in cat.filter(equipment=have | more)}
    assert all(cat.get(slug).is_doable_with(have) for slug in fewer)


def test_to_dict_is_json_ready(cat: Catalog) -> None:
    data = cat.get("archer-push-up").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["gate"]["per_side"] is True and data["rep_range"] == [3, 6]


def test_public_names_are_exported() -> None:
    exported = set(catalog_module.__all__)
    assert {"load_catalog", "load_catalog_from", "Catalog", "Exercise"} <= exported
    assert all(hasattr(catalog_module, name) for name in exported)


# --- broken catalogs fail with file + key ------------------------------------------


def test_the_minimal_test_catalog_loads() -> None:
    cat = load_catalog_from(MINIMAL)
    assert [e.slug for e in cat.ladder()] == ["step-one", "step-two"]


@pytest.mark.parametrize(
    ("folder", "file", "key"),
    [
        ("catalog_unknown_key", "exercises.toml", "exercise.step-two.colour"),
        ("catalog_missing_field", "exercises.toml", "exercise.a-row.unit"),
        ("catalog_bad_reference", "exercises.toml", "exercise.step-two.easier"),
        ("catalog_broken_ladder", "exercises.toml", "exercise.step-two.ladder_step"),
        ("catalog_duplicate_slug", "exercises.toml", "exercise.step-two.slug"),
        ("catalog_bad_toml", "exercises.toml", "line 86"),
    ],
)
def test_broken_fixture_catalog_names_file_and_key(
    folder: str, file: str, key: str
) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog_from(DATA / folder)
    assert (caught.value.file, caught.value.key) == (file, key)
    assert caught.value.message.startswith(f"{file}: {key}: ")


def _break(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(MINIMAL, folder)
    path = folder / file
    text = path.read_text()
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1))
    return folder


BREAKS = [
    # (file, old, new, key fragment, problem fragment)
    ("exercises.toml", "rest_s = 90", 'rest_s = "90"', "a-row.rest_s", "whole number"),
    ("exercises.toml", "rest_s = 90", "rest_s = 900", "a-row.rest_s", "between"),
    ("exercises.toml", 'slug = "a-row"', 'slug = "A_Row"', "A_Row.slug", "lower-case"),
    (
        "exercises.toml",
        '"1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"',
        '"5d0f6a3e-2c1b-4e7d-8f90-1a2b3c4d5e6f"',
        "a-row.uuid",
        "duplicate",
    ),
    (
        "exercises.toml",
        '"1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"',
        '"not-a-uuid"',
        "a-row.uuid",
        "UUID",
    ),
    (
        "exercises.toml",
        'category = "pull"',
        'category = "legs"',
        "a-row.category",
        "one of",
    ),
    (
        "exercises.toml",
        'equipment = ["table"]',
        'equipment = ["bench"]',
        "a-row.equipment",
        "among",
    ),
    (
        "exercises.toml",
        "rep_range = [8, 12]",
        "rep_range = [12, 8]",
        "a-row.rep_range",
        "low <= high",
    ),
    ("exercises.toml", 'tempo = "2-0-1-1"', 'tempo = "5-3-3-1"', "a-row.tempo", "8 s"),
    (
        "exercises.toml",
        'tempo = "2-0-1-1"',
        'tempo = "fast"',
        "a-row.tempo",
        "four digits",
    ),
    (
        "exercises.toml",
        'grade = "B"',
        'grade = "excellent"',
        "a-row.evidence.grade",
        "one of",
    ),
    (
        "exercises.toml",
        ', back_volume_factor = ["brief"] }',
        " }",
        "number_sources.back_volume_factor",
        "source ids",
    ),
    (
        "exercises.toml",
        'sources = ["brief"]\nsummary = "A test entry."\n\n[[exercise]]',
        'sources = ["nobody2020"]\nsummary = "A test entry."\n\n[[exercise]]',
        "sources",
        "nobody2020",
    ),
    (
        "exercises.toml",
        'contraindications = ["shoulder"]\nsubstitutions = { shoulder = "step-one" }',
        'contraindications = ["shoulder"]',
        "substitutions.shoulder",
        "needs a substitution",
    ),
    (
        "exercises.toml",
        'substitutions = { wrist = "step-one-alt" }',
        'substitutions = { wrist = "a-row" }',
        "substitutions.wrist",
        "pull exercise",
    ),
    (
        "exercises.toml",
        'easier = "step-one"\nunit = "reps"',
        'easier = "step-two"\nunit = "reps"',
        "step-one-alt.easier",
        "main exercise at step 1",
    ),
    ("exercises.toml", 'harder = "step-two"\n', "", "step-one.harder", "step above"),
    ("exercises.toml", "back_stars = 5", "back_stars = 6", "back_stars", "between 1"),
    (
        "exercises.toml",
        'unit = "reps_per_side"',
        'unit = "sets"',
        "step-two.unit",
        "one of",
    ),
    (
        "sources.toml",
        "[sources.brief]",
        "[sources.brief]\nyear = 2024",
        "sources.brief.year",
        "unknown key",
    ),
    (
        "muscles.toml",
        'back_role = "Protracts the shoulder blade."\n',
        "",
        "muscles.serratus-anterior.back_role",
        "missing",
    ),
    (
        "muscles.toml",
        'sources = ["brief"]',
        'sources = ["nope"]',
        "muscles.serratus-anterior.sources",
        "nope",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "key", "problem"), BREAKS)
def test_broken_value_fails_naming_file_and_key(
    tmp_path: Path, file: str, old: str, new: str, key: str, problem: str
) -> None:
    folder = _break(tmp_path, file, old, new)
    with pytest.raises(CatalogError) as caught:
        load_catalog_from(folder)
    error = caught.value
    assert error.file == file
    assert key in error.key, error.message
    assert problem in error.message
    assert re.match(rf"{re.escape(file)}: \S+: ", error.message)


def test_missing_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(MINIMAL, folder)
    (folder / "muscles.toml").unlink()
    with pytest.raises(CatalogError, match="muscles.toml"):
        load_catalog_from(folder)
