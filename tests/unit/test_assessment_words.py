"""The assessment in Chinese: the ladder step's reason, the norms, the PAR-Q+ and
safety advice are phrases, shown whole in Chinese for a Chinese reader and exactly
as before in English, for people with and without sex, PAR-Q+ yes answers,
conditions, and a beginner who starts at the wall."""

from __future__ import annotations

import pytest

from pushback.domain.assessment import (
    REASON_WORDS,
    Assessment,
    AssessmentAnswers,
    assess,
    build_profile,
    load_norms,
    require_plan_allowed,
)
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import NotAllowed
from pushback.domain.phrases import Phrase
from pushback.i18n.phrases import localize
from tests._chinese import HAN, english_words, numbers

ZH = "zh_Hans_CN"
CATALOG = load_catalog()

PROFILES: dict[str, AssessmentAnswers] = {
    "no sex, PAR-Q+ not answered": AssessmentAnswers(max_pushups=12, age=34),
    "man, wrist and shoulder, heart yes, cleared": AssessmentAnswers(
        max_pushups=30, age=34, sex="male", conditions=("wrist", "shoulder"),
        parq="ynnnnnn", cleared=True,
    ),
    "woman on knees, norms apply": AssessmentAnswers(
        max_pushups=25, variant="knee-push-up", age=25, sex="female",
        parq="nnnnnnn",
    ),
    "woman on toes, pregnant, low back": AssessmentAnswers(
        max_pushups=1, age=30, sex="female", conditions=("pregnancy", "lower-back"),
        parq="nnnnnnn",
    ),
    "wall push-up beginner, every PAR-Q+ yes": AssessmentAnswers(
        max_pushups=0, variant="wall-push-up", age=70, sex="female",
        parq="yyyyyyy",
    ),
    "strong man, one level harder": AssessmentAnswers(
        max_pushups=40, age=40, sex="male", parq="nnnnnnn"
    ),
    "strong man held back by a PAR-Q+ yes": AssessmentAnswers(
        max_pushups=30, age=34, sex="male", parq="ynnnnnn", cleared=True
    ),
    "man over the norms' ages": AssessmentAnswers(
        max_pushups=10, age=75, sex="male", parq="nnnnnnn"
    ),
}  # fmt: skip


def _assessment(name: str) -> Assessment:
    return assess(build_profile(PROFILES[name], CATALOG), CATALOG)


def _texts(result: Assessment) -> list[str]:
    norm = [result.norm.note] + (
        [result.norm.category or ""] if result.norm.applies else []
    )
    return [result.step.reason, *norm, *result.parq_advice, *result.safety_advice]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_text_of_an_assessment_is_chinese_in_chinese(name: str) -> None:
    for text in _texts(_assessment(name)):
        assert isinstance(text, Phrase), text
        chinese = localize(text, ZH)
        assert HAN.search(chinese), chinese
        assert english_words(chinese) == set(), chinese
        assert numbers(chinese) == numbers(str(text)), (chinese, str(text))


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_english_is_the_phrase_itself(name: str) -> None:
    for text in _texts(_assessment(name)):
        assert localize(text, "en") == str(text)
        assert not HAN.search(str(text))


def test_the_english_words_read_as_before() -> None:
    first = _assessment("no sex, PAR-Q+ not answered")
    assert first.step.reason == (
        "12 × Push-up in one go means sets of about 8 reps (65% of your best), "
        "inside the 6-15 reps we aim for."
    )
    assert first.norm.note == "Norms need your sex to pick the test protocol."
    assert first.parq_advice == (
        "PAR-Q+ not answered: all seven answers were taken as no.",
    )
    strong = _assessment("strong man, one level harder")
    assert strong.step.reason.endswith(": you start one level harder.")
    held = _assessment("strong man held back by a PAR-Q+ yes")
    assert held.step.slug == "push-up"
    assert "enough for 3 sets of 15, but your health answers call for " in (
        held.step.reason
    )
    assert _assessment("woman on knees, norms apply").norm.note == (
        "CSEP/ACSM, female 20-29."
    )
    everything = _assessment("wall push-up beginner, every PAR-Q+ yes").parq_advice
    assert everything[0].startswith(
        "PAR-Q+: you answered yes to heart condition, chest pain, dizziness, "
    )


def test_the_ladder_names_the_exercises_in_chinese() -> None:
    reason = localize(_assessment("woman on toes, pregnant, low back").step.reason, ZH)
    assert "标准俯卧撑" in reason and "上斜俯卧撑" in reason
    wall = localize(
        _assessment("wall push-up beginner, every PAR-Q+ yes").step.reason, ZH
    )
    assert "扶墙俯卧撑" in wall


def test_every_norm_category_has_its_own_chinese_word() -> None:
    profile = PROFILES["woman on knees, norms apply"]
    seen = {}
    for reps in range(60):
        answers = AssessmentAnswers(
            max_pushups=reps, variant=profile.variant, age=25, sex="female"
        )
        norm = assess(build_profile(answers, CATALOG), CATALOG).norm
        assert norm.applies and norm.category is not None
        seen[str(norm.category)] = localize(norm.category, ZH)
    assert set(seen) == set(load_norms()["categories"])
    assert len(set(seen.values())) == len(seen)
    assert all(HAN.search(word) for word in seen.values())
    assert seen["good"] == "良好"  # not the "good" of a rep's form


def test_a_plan_refused_until_clearance_says_why_in_chinese() -> None:
    answers = AssessmentAnswers(max_pushups=5, age=40, parq="nynnnnn")
    with pytest.raises(NotAllowed) as refused:
        require_plan_allowed(build_profile(answers, CATALOG))
    message = refused.value.message
    assert message == (
        "No plan until a doctor or qualified exercise professional has cleared you "
        "(chest pain)."
    )
    chinese = localize(message, ZH)
    assert "胸痛" in chinese and english_words(chinese) == set()


def test_every_reason_word_is_chinese() -> None:
    for name, words in REASON_WORDS.items():
        assert HAN.search(localize(words, ZH)), name
