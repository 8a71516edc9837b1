"""A plan's own words in Chinese: every reason, note, title and person rule the
planner writes is a phrase that reads as Chinese in ``zh_Hans_CN`` (and stays the
same English text in English).

The plan also carries the assessment's words (the PAR-Q+ and safety advice, the
ladder step's reason): those come from :mod:`pushback.domain.assessment` and are
checked with it, so they are taken out here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from pushback.domain._data_words import DATA_MESSAGES
from pushback.domain.assessment import (
    AssessmentAnswers,
    build_profile,
    ladder_step,
    parq_advice,
    safety_advice,
)
from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.phrases import Phrase, read_words
from pushback.domain.plans import Plan, build_plan
from pushback.domain.profile import Profile
from pushback.domain.translations import localize_plan_words
from pushback.i18n.phrases import localize

ZH = "zh_Hans_CN"

#: Latin words a Chinese plan keeps: units, scale names, test and body names,
#: the exercise drill "Y-T-W" and the "plus" of the push-up plus (glossary).
ALLOWED = frozenset(
    word.casefold()
    for word in (
        "kg", "s", "h", "min", "RIR", "RPE", "ACSM", "AHA", "ACSM/AHA", "CSEP",
        "PAR-Q", "TRX", "Y-T-W", "plus", "pushback", "test", "reps", "N",
    )
)  # fmt: skip
#: An English source cited by author and year: "Schoenfeld 2015", "Nelson 2007".
CITATION = re.compile(r"\b[A-Z][A-Za-z'-]+(?: et al\.?)? \d{4}\b")
#: A command the reader types (kept as written): `pushback test --reps N`.
COMMAND = re.compile(r"`[^`]*`")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9/.'-]*[A-Za-z0-9]|[A-Za-z]")

PEOPLE: dict[str, dict[str, Any]] = {
    "beginner, no kit, on the knees": {
        "max_pushups": 0,
        "variant": "knee-push-up",
        "age": 50,
        "sex": "female",
        "weight_kg": 62,
        "equipment": ("none",),
        "days_per_week": 5,
    },
    "trained, strength goal, all kit": {
        "max_pushups": 40,
        "age": 30,
        "sex": "male",
        "weight_kg": 80,
        "equipment": ("dumbbells", "trx", "bands", "table", "towel"),
        "goal": "strength",
        "training_age": "intermediate",
    },
    "sore shoulder, PAR-Q yes, posture goal": {
        "max_pushups": 15,
        "age": 40,
        "conditions": ("shoulder", "wrist"),
        "parq": "nnnnnyn",
        "goal": "posture",
        "days_per_week": 4,
    },
    "seventy, endurance goal": {
        "max_pushups": 12,
        "variant": "incline-push-up",
        "age": 70,
        "goal": "endurance",
        "equipment": ("towel",),
        "days_per_week": 2,
    },
    "twenty, wall push-ups, low back": {
        "max_pushups": 3,
        "variant": "wall-push-up",
        "age": 20,
        "conditions": ("lower-back",),
    },
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def profile_of(catalog: Catalog, name: str) -> Profile:
    return build_profile(AssessmentAnswers(**PEOPLE[name]), catalog)


def plan_words(plan: Plan) -> Iterator[str]:
    """Every text of the plan the planner wrote (not the assessment's)."""
    yield from plan.notes
    for rule in plan.person:
        yield rule.text
    for week in plan.weeks:
        yield week.note
        for session in week.sessions:
            yield session.title
            for item in session.exercises:
                yield item.reason
                yield item.seed or ""
                yield item.level_name or ""


def shown_names(plan: Plan) -> Iterator[str]:
    """Each item's name as pages show it (the catalog's name in the language, or
    the planner's own words for a retest)."""
    for week in plan.weeks:
        for session in week.sessions:
            for item in session.exercises:
                name = localize(item.name or item.slug, ZH)
                yield localize_plan_words(item.slug, name, (), ZH)[0]


def english_words(text: str) -> list[str]:
    """The Latin-letter words of ``text`` not allowed in a Chinese sentence."""
    text = COMMAND.sub(" ", CITATION.sub(" ", text))
    return [w for w in WORD.findall(text) if w.casefold() not in ALLOWED]


def assessment_words(profile: Profile, catalog: Catalog) -> list[str]:
    """The assessment's texts inside the plan's notes, in Chinese."""
    step = ladder_step(profile, catalog)
    texts = [*parq_advice(profile), *safety_advice(profile), step.reason]
    return [localize(text, ZH) for text in texts]


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_a_plan_reads_as_chinese(catalog: Catalog, name: str) -> None:
    profile = profile_of(catalog, name)
    plan = build_plan(profile, catalog, weeks=12)
    theirs = assessment_words(profile, catalog)
    found: dict[str, list[str]] = {}
    for text in plan_words(plan):
        if not text or text in {*parq_advice(profile), *safety_advice(profile)}:
            continue
        shown = localize(text, ZH)
        for part in theirs:
            shown = shown.replace(part, " ")
        words = english_words(shown)
        if words:
            found[shown] = words
    for shown in shown_names(plan):
        if english_words(shown):
            found[shown] = english_words(shown)
    assert found == {}


def test_every_kind_of_plan_text_is_a_phrase(catalog: Catalog) -> None:
    """No reason or note is built as plain text: each keeps its recipe (so a new
    f-string in the planner fails here, not on a Chinese page)."""
    for name in PEOPLE:
        profile = profile_of(catalog, name)
        plan = build_plan(profile, catalog, weeks=8)
        theirs = {*parq_advice(profile), *safety_advice(profile)}
        plain = [
            text
            for text in plan_words(plan)
            if text and text not in theirs and not isinstance(text, Phrase)
        ]
        assert plain == [], name


def test_the_english_plan_is_unchanged_by_the_phrases(catalog: Catalog) -> None:
    profile = profile_of(catalog, "trained, strength goal, all kit")
    plan = build_plan(profile, catalog, weeks=4)
    item = next(
        e for e in plan.weeks[0].sessions[0].exercises if e.slug == "wide-push-up"
    )
    assert item.seed == "Wide push-up 4x12 (the article's day 1)"
    assert localize(item.seed, "en") == item.seed
    assert localize(item.seed, ZH) == "宽距俯卧撑 4×12（原文第 1 天）"
    assert localize(item.reason, ZH).startswith("原文第 1 天：宽距俯卧撑；")
    assert item.reason.startswith("the article's day 1: Wide push-up; ")
    assert plan.weeks[3].sessions[0].title == (
        "Deload: Wide and arched push-ups, with rows"
    )
    assert localize(plan.weeks[3].sessions[0].title, ZH) == (
        "减量：宽距与拱背俯卧撑，搭配划船"
    )


def test_a_plan_read_back_from_json_is_still_chinese(catalog: Catalog) -> None:
    """What the journal stores (the plan's JSON with its "words") gives the same
    Chinese text back."""
    profile = profile_of(catalog, "sore shoulder, PAR-Q yes, posture goal")
    plan = build_plan(profile, catalog, weeks=4)
    data = read_words(plan.to_dict())
    before = [localize(text, ZH) for text in plan.notes]
    after = [localize(text, ZH) for text in data["notes"]]
    assert after == before
    stored = data["weeks"][0]["sessions"][0]["exercises"]
    items = plan.weeks[0].sessions[0].exercises
    assert [localize(x["reason"], ZH) for x in stored] == [
        localize(x.reason, ZH) for x in items
    ]
    rules = [localize(rule["text"], ZH) for rule in data["person"]]
    assert rules and all(not english_words(text) for text in rules)


def _data_texts() -> set[str]:
    root = resources.files("pushback") / "data"
    exercises = tomllib.loads((root / "exercises.toml").read_text(encoding="utf-8"))
    programming = tomllib.loads((root / "programming.toml").read_text(encoding="utf-8"))
    levels = {
        level
        for table in exercises.values()
        if isinstance(table, dict)
        for entry in ([table] if "levels" in table else table.values())
        if isinstance(entry, dict)
        for level in entry.get("levels", ())
    }
    goals = {goal["note"] for goal in programming["goals"].values()}
    return levels | goals


def test_every_level_and_goal_note_of_the_data_is_a_message() -> None:
    """Levels (exercises.toml) and goal notes (programming.toml) are shown inside
    the plan's sentences: each one must be listed in ``_data_words``."""
    texts = _data_texts()
    assert texts, "no levels or goal notes found in the data files"
    assert texts <= DATA_MESSAGES, sorted(texts - DATA_MESSAGES)
