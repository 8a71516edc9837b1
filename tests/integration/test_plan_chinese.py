"""The plan's words in Chinese after the journal stored them: a plan saved on a real
database and read back (a new connection) still shows its reasons, notes, titles,
its own reason and its changes in Chinese; ``pushback --lang zh-CN plan`` and
``today`` print no English sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pushback.domain.assessment import (
    AssessmentAnswers,
    ladder_step,
    parq_advice,
    safety_advice,
)
from pushback.domain.catalog import load_catalog
from pushback.domain.profile import Profile
from pushback.i18n.phrases import localize
from pushback.journal import repository as repo
from pushback.services.coaching import coach
from pushback.services.coaching import views as web_service
from pushback.services.training import journal as service
from pushback.settings import Settings
from tests._units import call
from tests.integration.test_cli_language import CHINESE
from tests.unit.test_plan_chinese import ZH, english_words

ANSWERS = AssessmentAnswers(
    max_pushups=10,
    variant="knee-push-up",
    age=30,
    weight_kg=70,
    parq="nnnnnnn",
    goal="posture",
    equipment=("trx",),
)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


def _open(settings: Settings) -> Iterator[service.Journal]:
    # The real clock: the assessment's file is dated now, and a retest after it
    # must be newer.
    journal = service.open_journal(settings, clock=lambda: datetime.now(UTC))
    try:
        yield journal
    finally:
        journal.close()


def _theirs(profile: Profile) -> set[str]:
    """The assessment's advice among the notes (translated with the assessment)."""
    return {*parq_advice(profile), *safety_advice(profile)}


def test_a_stored_plan_reads_back_in_chinese(settings: Settings) -> None:
    coach.assess_and_save(ANSWERS, settings)
    for journal in _open(settings):
        call(journal, service.today)  # takes the assessment, builds the plan
        call(journal, service.retest, max_reps=14, variant="knee-push-up")
    # A new connection: everything below comes from the database.
    for journal in _open(settings):
        view = call(journal, web_service.plan_view)
        today = call(journal, service.today)
    plan, sessions = view.plan, view.sessions
    profile = Profile.from_dict(plan.inputs["profile"])
    assert localize(plan.reason, ZH).startswith("复测：14 次跪姿俯卧撑")
    assert plan.reason.startswith("retest: 14 × Knee push-up")
    reasons = [localize(c.reason, ZH) for c in view.changes if c.code != "adapted"]
    assert "新的 4 周计划：根据你的评估制定的第一个计划。" in reasons
    assert any(r.startswith("新的 4 周计划：复测：14 次") for r in reasons)
    notes = [n for n in plan.plan["notes"] if n not in _theirs(profile)]
    assert notes and plan.plan.get("person")
    texts = [
        *notes[1:],  # the first: the ladder step, with the assessment's reason
        *(rule["text"] for rule in plan.plan["person"]),
        *(s.title for s in sessions),
        *(x.get(key) or "" for s in sessions for x in s.exercises
          for key in ("reason", "seed", "level_name")),
    ]  # fmt: skip
    found = {
        shown: english_words(shown)
        for shown in (localize(text, ZH) for text in texts)
        if english_words(shown)
    }
    assert found == {}
    assert CHINESE.search(localize(today.message, ZH))
    assert not english_words(localize(today.message, ZH))


def test_a_plan_stored_before_phrases_still_shows_its_title_in_chinese(
    settings: Settings,
) -> None:
    """Session titles and plan reasons are English columns: the constant ones are
    looked up in the catalog when read back, even without a recipe."""
    coach.assess_and_save(ANSWERS, settings)
    for journal in _open(settings):
        call(journal, service.today)
        plan = call(journal, web_service.plan_view).plan
        with journal.work() as work:
            schedule = repo.list_scheduled(work.session, plan_id=plan.id or 0)
    assert localize(plan.reason, ZH) == "根据你的评估制定的第一个计划"
    titles = {localize(s.title, ZH) for s in schedule}
    assert "宽距与拱背俯卧撑，搭配划船" in titles
    assert "减量：宽距与拱背俯卧撑，搭配划船" in titles  # week 4 is lighter
    assert all(CHINESE.search(title) for title in titles)


def pushback(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """Run the console script's ``main`` in a new process, on a wide terminal (no
    word folded in the table cells)."""
    code = "from pushback.cli.main import main; main()"
    environ = {k: v for k, v in os.environ.items() if k != "PUSHBACK_LANG"}
    environ.update(PUSHBACK_DATA_DIR=str(data), COLUMNS="1000")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120, check=False, env=environ,
    )  # fmt: skip


def _english_left(output: str, profile: Profile) -> list[str]:
    """English words of CLI output once the assessment's own sentences (its advice
    and the ladder step's reason, in either language) are taken out."""
    text = " ".join(output.split())
    step = ladder_step(profile, load_catalog()).reason
    for sentence in (*parq_advice(profile), *safety_advice(profile), step):
        for shown in (sentence, localize(sentence, ZH)):
            text = text.replace(" ".join(shown.split()), " ")
    return english_words(text)


def test_the_cli_plan_and_today_print_no_english_sentence(tmp_path: Path) -> None:
    assessed = pushback(
        "--lang", "zh-CN", "assess", "--max-pushups", "12", "--parq", "nnnnnnn",
        "--age", "40", "--weight-kg", "70", "--goal", "posture", "--equipment", "trx",
        data=tmp_path,
    )  # fmt: skip
    assert assessed.returncode == 0, assessed.stderr
    profile = coach.load_profile(Settings(data_dir=tmp_path))
    planned = pushback("--lang", "zh-CN", "plan", "--weeks", "8", data=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert "宽距俯卧撑" in planned.stdout and "原文第 1 天" in planned.stdout
    assert _english_left(planned.stdout, profile) == []
    today = pushback("--lang", "zh-CN", "today", data=tmp_path)
    assert today.returncode == 0, today.stderr
    assert "组数 × 次数" in today.stdout
    assert _english_left(today.stdout, profile) == []
