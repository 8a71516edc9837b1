"""The coach's plan changes in Chinese, on real SQLite and PostgreSQL: a change is
stored with its reason's recipe and reads back in the reader's language (journal
service, backup, web pages and the guided workout, the CLI); data stays English."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pushback.domain.assessment import AssessmentAnswers
from pushback.domain.phrases import Phrase
from pushback.i18n.phrases import localize
from pushback.journal import open_url
from pushback.journal import repository as repo
from pushback.journal.backup import export_user, parse_backup, restore_user
from pushback.services.coaching import coach
from pushback.services.training import journal as service
from pushback.settings import Settings
from tests._units import call, run
from tests.integration._web_client import (
    ASSESSMENT,
    TestClient,
    csrf_token,
    make_client,
    register,
    web_settings,
)
from tests.unit.test_adaptation_words import english_words

ZH = "zh_Hans_CN"
ZH_HEADERS = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN_HEADERS = {"Accept-Language": "en"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MONDAY = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path, database_url: str) -> Iterator[service.Journal]:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    answers = AssessmentAnswers(
        max_pushups=10, variant="knee-push-up", age=30, weight_kg=70, parq="nnnnnnn"
    )
    coach.assess_and_save(answers, settings)
    opened = service.open_journal(settings, clock=lambda: MONDAY)
    yield opened
    opened.close()


def _painful_session(view: service.TodayView) -> dict[str, Any]:
    """Today's hard sets as planned, the first push exercise hurting the wrist."""
    assert view.session is not None
    sets: list[dict[str, Any]] = []
    hurt = False
    for item in view.session.exercises:
        if not item.get("hard") or item.get("role") == "test":
            continue
        pain = not hurt and item.get("category") == "push"
        hurt = hurt or pain
        extra = {"pain": True, "pain_location": "wrist"} if pain else {}
        sets += [{"exercise": item["slug"], "reps": item.get("reps"), "rir": 2,
                  **extra}] * item["sets"]  # fmt: skip
    assert hurt
    return {"sleep": 4, "soreness": 2, "sets": sets}


def _pain_change(changes: Any) -> Any:
    return next(c for c in changes if c.code in ("substitute", "drop"))


def test_a_stored_change_reads_back_in_chinese(journal: service.Journal) -> None:
    today = call(journal, service.today)
    (logged,) = call(journal, service.log_sessions, data=_painful_session(today))
    made = _pain_change(logged.changes)
    stored = _pain_change(call(journal, service.history).changes)
    assert isinstance(stored.reason, Phrase)
    assert stored.reason == made.reason  # the English, as made
    assert localize(stored.reason, "en") == str(made.reason)
    chinese = localize(stored.reason, ZH)
    assert chinese == localize(made.reason, ZH)
    assert "手腕" in chinese and english_words(chinese) == set(), chinese
    assert stored.details is not None and "words" not in stored.details
    assert stored.details["location"] == "wrist"


def test_a_backup_keeps_the_reason_in_chinese(
    journal: service.Journal, tmp_path: Path
) -> None:
    today = call(journal, service.today)
    call(journal, service.log_sessions, data=_painful_session(today))
    backup = call(journal, service.export_backup)
    target = open_url(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    try:
        run(target, restore_user, backup=parse_backup(backup))
        user = run(target, repo.get_user, name="local")
        again = run(target, export_user, user_id=user.id)
        assert again["plan_changes"] == backup["plan_changes"]
        assert any("words" in (c["details"] or {}) for c in backup["plan_changes"])
        changes = run(target, repo.list_plan_changes, user_id=user.id, limit=50)
        restored = _pain_change(changes)
        assert isinstance(restored.reason, Phrase)
        assert "手腕" in localize(restored.reason, ZH)
    finally:
        target.dispose()


# ---------------------------------------------------------------------- the web


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> TestClient:
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "mei")
    client.headers["X-CSRF-Token"] = csrf_token(client, settings)
    made = client.post("/api/v1/assessment", json=ASSESSMENT)
    assert made.status_code == 201, made.text
    return client


def test_the_guided_workout_and_the_pages_give_the_reasons_in_chinese(
    client: TestClient,
) -> None:
    workout = client.get("/api/v1/workout", headers=ZH_HEADERS).json()
    push = next(s for s in workout["steps"] if s["kind"] == "set" and not s["timed"])
    hurt = client.post(
        "/api/v1/workout/sets",
        json={"client_key": "zh-1", "exercise": push["slug"], "reps": 4, "rir": 2,
              "pain": True, "pain_location": "wrist"},
        headers=ZH_HEADERS,
    )  # fmt: skip
    assert hurt.status_code == 201, hurt.text
    (said,) = hurt.json()["workout"]["pain_changes"]
    assert "手腕" in said and english_words(said) == set(), said
    english = client.get("/api/v1/workout", headers=EN_HEADERS).json()
    assert english["pain_changes"][0].startswith("Pain (wrist) during ")
    page = client.get("/workout", headers=ZH_HEADERS).text
    carried = json.loads(page.split('id="workout-data">')[1].split("</script>")[0])
    assert carried["pain_changes"] == [said]

    finished = client.post("/api/v1/workout/finish", json={}, headers=ZH_HEADERS)
    assert finished.status_code == 200, finished.text
    reasons = [c["reason"] for c in finished.json()["changes"]]
    assert reasons and all(CHINESE.search(r) for r in reasons), reasons
    # The journal's data API stays English (a machine contract).
    history = client.get("/api/v1/sessions", headers=ZH_HEADERS).json()
    stored = [c["reason"] for c in history["changes"] if c["code"] != "new-plan"]
    assert stored and not any(CHINESE.search(r) for r in stored), stored
    session_id = finished.json()["session"]["id"]
    for path in ("/", "/plan", f"/history/{session_id}"):
        shown = client.get(path, headers=ZH_HEADERS).text
        assert any(r in shown for r in reasons), path
        assert not any(r in shown for r in stored), path


# ---------------------------------------------------------------------- the CLI


def _pushback(*args: str, data: Path, url: str) -> subprocess.CompletedProcess[str]:
    code = "from pushback.cli.main import main; main()"
    env = {
        **{k: v for k, v in __import__("os").environ.items() if k != "PUSHBACK_LANG"},
        "PUSHBACK_DATA_DIR": str(data),
        "PUSHBACK_DATABASE_URL": url,
        "COLUMNS": "200",
    }
    env.pop("PUSHBACK_USER", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip


def test_the_cli_shows_a_change_in_chinese(tmp_path: Path, database_url: str) -> None:
    data = tmp_path / "data"
    assessed = _pushback(
        "assess", "--max-pushups", "10", "--variant", "knee-push-up", "--age", "30",
        "--weight-kg", "70", "--parq", "nnnnnnn", data=data, url=database_url,
    )  # fmt: skip
    assert assessed.returncode == 0, assessed.stderr
    planned = _pushback("today", data=data, url=database_url)  # builds the plan
    assert planned.returncode == 0, planned.stderr
    logged = _pushback(
        "--lang", "zh-CN", "log", "--exercise", "knee-push-up", "--reps", "8",
        "--rir", "2", "--pain", "wrist", data=data, url=database_url,
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    assert "疼痛（手腕）" in logged.stdout, logged.stdout
    history = _pushback("--lang", "zh-CN", "history", data=data, url=database_url)
    assert history.returncode == 0, history.stderr
    lines = [line for line in history.stdout.splitlines() if "疼痛（手腕）" in line]
    assert lines, history.stdout
    assert "（疼痛：手腕）" in history.stdout  # the logged set, in its table
    english = _pushback("history", data=data, url=database_url)
    assert "Pain (wrist) during Knee push-up" in " ".join(english.stdout.split())
