"""The language of pages and API errors: the browser's Accept-Language, then the
language an account picked in Settings (which then wins); Babel formats per language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pushback.web.app import create_app
from tests.integration._web_client import (
    ASSESSMENT,
    TestClient,
    csrf_token,
    register,
    web_settings,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> TestClient:
    settings = web_settings(tmp_path, database_url)
    client = TestClient(create_app(settings), follow_redirects=False)
    client.settings = settings  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize(
    ("header", "lang", "chinese"),
    [
        ("zh-CN", "zh-CN", True),
        ("zh-Hans", "zh-CN", True),
        ("zh", "zh-CN", True),
        ("fr-FR, zh-Hans-CN;q=0.8, en;q=0.5", "zh-CN", True),
        ("en-US,en;q=0.9", "en", False),
        ("zh-TW", "en", False),
        ("", "en", False),
    ],
)
def test_the_browser_language_picks_the_page_language(
    client: TestClient, header: str, lang: str, chinese: bool
) -> None:
    page = client.get("/login", headers={"Accept-Language": header})
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert page.headers["content-language"] == lang
    assert "accept-language" in page.headers["vary"].lower()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert title and bool(CHINESE.search(title.group(1))) is chinese


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (EN, "Log in, or send a personal API token as 'Authorization: Bearer TOKEN'."),
        (ZH, "请登录，或以 'Authorization: Bearer TOKEN' 的形式发送个人 API 令牌。"),
    ],
)
def test_api_errors_speak_both_languages(
    client: TestClient, headers: dict[str, str], message: str
) -> None:
    response = client.get("/api/v1/plan", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "not_authenticated",
        "message": message,
        "field": None,
    }
    missing = client.get("/api/v1/no-such-thing", headers=headers).json()["error"]
    assert missing["code"] == "not_found"
    assert bool(CHINESE.search(missing["message"])) is (headers is ZH)


def test_validation_and_core_errors_in_chinese_name_field_and_value(
    client: TestClient,
) -> None:
    settings = client.settings  # type: ignore[attr-defined]
    register(client, settings, "li-wei")
    csrf = {"X-CSRF-Token": csrf_token(client, settings)}
    shape = client.post(
        "/api/v1/assessment", json={"max_pushups": "many"}, headers={**ZH, **csrf}
    ).json()["error"]
    assert shape["field"] == "max_pushups"
    assert shape["message"].startswith("max_pushups 的值无效：应为整数")
    assert shape["message"].endswith("（收到的是 'many'）。")
    english = client.post(
        "/api/v1/assessment", json={"max_pushups": "many"}, headers={**EN, **csrf}
    ).json()["error"]["message"]
    assert english.startswith("Invalid value for max_pushups: Input should be")
    assert english.endswith("(got 'many').")
    weight = client.post(
        "/api/v1/body-weight", json={"body_mass_kg": 5000}, headers={**ZH, **csrf}
    ).json()["error"]
    assert weight["field"] == "body_mass_kg"
    assert weight["message"].startswith("body_mass_kg 的值无效：")


def test_the_account_language_wins_over_the_browser_once_picked(
    client: TestClient,
) -> None:
    settings = client.settings  # type: ignore[attr-defined]
    register(client, settings, "wang")
    page = client.get("/settings", headers=EN)
    assert '<option value="browser" selected>' in page.text and "简体中文" in page.text

    def save(language: str, headers: dict[str, str]) -> str:
        response = client.post(
            "/settings/preferences",
            data={"language": language, "csrf_token": csrf_token(client, settings)},
            headers=headers,
        )
        assert response.status_code == 303, response.text
        return client.get("/settings", headers=headers).text

    chinese = save("zh_Hans_CN", EN)
    assert '<html lang="zh-CN">' in chinese and "偏好设置已保存。" in chinese
    assert '<html lang="zh-CN">' in client.get("/exercises", headers=EN).text
    api = client.post(
        "/api/v1/body-weight",
        json={"body_mass_kg": "heavy"},
        headers={**EN, "X-CSRF-Token": csrf_token(client, settings)},
    ).json()["error"]["message"]
    assert CHINESE.search(api)  # the API answers a logged-in account in its language
    english = save("browser", EN)  # follow the browser again
    assert '<html lang="en">' in english and "Preferences saved." in english
    assert '<html lang="zh-CN">' in client.get("/settings", headers=ZH).text


def test_an_unknown_language_is_refused_next_to_its_field(client: TestClient) -> None:
    settings = client.settings  # type: ignore[attr-defined]
    register(client, settings, "zhao")
    response = client.post(
        "/settings/preferences",
        data={"language": "klingon", "csrf_token": csrf_token(client, settings)},
        headers=ZH,
    )
    assert response.status_code == 422
    assert "请从列表中选择一种语言。" in response.text
    assert 'id="language-error"' in response.text


def test_the_guided_workout_names_exercises_and_cues_in_chinese(
    client: TestClient,
) -> None:
    settings = client.settings  # type: ignore[attr-defined]
    register(client, settings, "sun-li")
    made = client.post(
        "/api/v1/assessment",
        json=ASSESSMENT,
        headers={**EN, "X-CSRF-Token": csrf_token(client, settings)},
    )
    assert made.status_code == 201, made.text
    english = client.get("/api/v1/workout", headers=EN).json()["steps"]
    chinese = client.get("/api/v1/workout", headers=ZH).json()["steps"]
    assert [s["slug"] for s in chinese] == [s["slug"] for s in english]
    sets = [s for s in chinese if s["kind"] == "set"]
    assert sets and all(CHINESE.search(s["name"]) for s in sets)
    assert all(CHINESE.search(cue) for s in sets for cue in s["cues"])
    assert not any(CHINESE.search(s["name"]) for s in english)
    plan = client.get("/plan", headers=ZH).text
    assert all(s["name"] in plan for s in sets)  # the plan's cards name them too
    page = client.get("/workout", headers=ZH).text
    script_words = json.loads(page.split('id="js-messages">')[1].split("</script>")[0])
    # t("text", {values}) in a script is translated like t("text")
    assert (
        script_words["Step %(step)s of %(total)s"] == "第 %(step)s 步，共 %(total)s 步"
    )


def test_core_errors_with_values_follow_the_request_language(
    client: TestClient,
) -> None:
    """A core error built from values (a name, an id, what is accepted) is one
    message in the request's language; its code and field do not change."""
    settings = client.settings  # type: ignore[attr-defined]
    register(client, settings, "zhou")
    csrf = {"X-CSRF-Token": csrf_token(client, settings)}

    def error(method: str, path: str, headers: dict[str, str], **kw: object) -> dict:
        response = client.request(method, path, headers={**headers, **csrf}, **kw)
        assert response.status_code in (404, 422), response.text
        return response.json()["error"]

    zone = {"json": {"time_zone": "America"}}
    english = error("PATCH", "/api/v1/profile", EN, **zone)
    assert english == {
        "code": "invalid_input",
        "field": "time_zone",
        "message": "Invalid value for time_zone: must be an IANA time zone name "
        "such as Europe/Paris or UTC (got 'America').",
    }
    chinese = error("PATCH", "/api/v1/profile", ZH, **zone)
    assert chinese["code"] == "invalid_input" and chinese["field"] == "time_zone"
    assert chinese["message"] == (
        "time_zone 的值无效：必须是 IANA 时区名称，例如 Asia/Shanghai 或 UTC"
        "（收到的是 'America'）。"
    )
    missing_en = error("GET", "/api/v1/sessions/424242", EN)
    assert missing_en["message"] == "No logged session 424242 for this user."
    missing_zh = error("GET", "/api/v1/sessions/424242", ZH)
    assert missing_zh["message"] == "这个用户没有记录过训练 424242。"
    assert {k: v for k, v in missing_zh.items() if k != "message"} == {
        k: v for k, v in missing_en.items() if k != "message"
    }
    job = error("GET", "/api/v1/jobs/777", ZH)
    assert job["code"] == "not_found" and job["message"] == "这个用户没有任务 777。"
