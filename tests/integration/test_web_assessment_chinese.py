"""The Today page's assessment (starting point, norms, PAR-Q+ advice, a plan
waiting for clearance) and the nutrition notes in Chinese, recomputed from the
stored answers for each reader, and unchanged in English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pushback.web.app import create_app
from tests._chinese import HAN, english_words
from tests.integration._web_client import (
    ASSESSMENT,
    TestClient,
    csrf_token,
    register,
    web_settings,
)

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> TestClient:
    settings = web_settings(tmp_path, database_url)
    client = TestClient(create_app(settings), follow_redirects=False)
    client.settings = settings
    return client


def _assessed(client: TestClient, name: str, **answers: object) -> None:
    settings = client.settings
    register(client, settings, name)
    made = client.post(
        "/api/v1/assessment",
        json={**ASSESSMENT, **answers},
        headers={**EN, "X-CSRF-Token": csrf_token(client, settings)},
    )
    assert made.status_code == 201, made.text


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_starting_point_is_chinese_on_today(client: TestClient) -> None:
    _assessed(client, "zhou-min")
    page = client.get("/", headers=ZH).text
    card = _text(page.split("<h2>你的起点</h2>", 1)[1].split("</section>", 1)[0])
    assert "一口气完成 12 个标准俯卧撑" in card
    assert "良好" in card or "一般" in card or "很好" in card or "优秀" in card
    assert english_words(card) == set(), card
    english = client.get("/", headers=EN).text
    assert "12 × Push-up in one go means sets of about 8 reps" in english
    assert "CSEP/ACSM, male 30-39." in english


def test_a_plan_waiting_for_clearance_is_explained_in_chinese(
    client: TestClient,
) -> None:
    _assessed(client, "qian-li", parq="nynnnnn")
    page = client.get("/", headers=ZH).text
    notices = _text(page.split("</h1>", 1)[1].split("</section>", 1)[0])
    assert "胸痛" in notices and HAN.search(notices)
    assert english_words(notices) <= {"PAR-Q"}, notices
    assert "--cleared" not in page
    english = client.get("/", headers=EN).text
    assert "PAR-Q+: you answered yes to chest pain." in english
    refused = client.get("/api/v1/plan", headers=ZH)
    assert refused.status_code == 403
    assert "胸痛" in refused.json()["error"]["message"]
    refused = client.get("/api/v1/plan", headers=EN)
    assert refused.json()["error"]["message"] == (
        "No plan until a doctor or qualified exercise professional has cleared you "
        "(chest pain)."
    )


def test_nutrition_notes_are_chinese(client: TestClient) -> None:
    _assessed(client, "wu-fang")
    page = client.get("/nutrition", headers=ZH).text
    studies = page.split("<h2>研究怎么说</h2>", 1)[1].split("<details>", 1)[0]
    words = _text(studies)
    assert "1.6-2.2 g/kg" in words and "维生素 D" in words
    assert english_words(words) == set(), words
    english = client.get("/nutrition", headers=EN).text
    assert "The article says 1.6-2.2 g/kg a day (128-176 g for you)." in english
