"""The pages and the API on real storage (SQLite and PostgreSQL): assess, plan, log,
progress, settings, and the API answering exactly what the CLI prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pushback.domain.profile import PARQ_QUESTIONS
from pushback.settings import Settings
from pushback.web.api._doc_words import DOC_WORDS
from pushback.web.api.docs import plain_text
from tests.integration._web_client import (
    TestClient,
    csrf_token,
    make_client,
    register,
    web_settings,
)

PARQ_NO = {f"parq_{name}": "no" for name, _ in PARQ_QUESTIONS}
FORM = {
    "max_pushups": "12",
    "variant": "push-up",
    "age": "34",
    "sex": "male",
    "weight": "80",
    "weight_unit": "kg",
    "days": "3",
    "equipment": ["table"],
    **PARQ_NO,
}


def _errors(html: str) -> dict[str, str]:
    """Field id -> the message shown next to it."""
    return dict(
        re.findall(r'<p class="field-error" id="([\w-]+)-error"[^>]*>([^<]*)', html)
    )


def _assessed(
    tmp_path: Path, database_url: str | None = None
) -> tuple[TestClient, Settings]:
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    response = client.post(
        "/onboarding", data={**FORM, "csrf_token": csrf_token(client, settings)}
    )
    assert response.status_code == 303 and response.headers["location"] == "/plan"
    return client, settings


def test_a_new_user_assesses_and_gets_a_plan(tmp_path: Path, database_url: str):
    client, settings = _assessed(tmp_path, database_url)
    page = client.get("/plan")
    assert page.status_code == 200
    assert "Week 1" in page.text and "Week 4" in page.text
    assert "pace: 3 s down, 1 s pause at the bottom, 1 s up" in page.text
    assert "In the article's plan:" in page.text  # its prescription where ours differs
    assert 'href="/exercises/wide-push-up"' in page.text
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "weeks in a row" in dashboard.text and "push-up level" in dashboard.text
    ics = client.get("/plan.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.text.count("BEGIN:VEVENT") == 12  # 4 weeks x 3 days


def test_shape_problems_show_next_to_every_field_at_once(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    data = {**FORM, "max_pushups": "many", "days": "", "weight": "eighty"}
    del data["parq_chest_pain"]
    response = client.post(
        "/onboarding", data={**data, "csrf_token": csrf_token(client, settings)}
    )
    assert response.status_code == 422
    errors = _errors(response.text)
    assert errors["max_pushups"] == "Enter a whole number (you typed “many”)."
    assert errors["days"] == "Please fill this in."
    assert errors["weight"] == "Enter a number (you typed “eighty”)."
    assert errors["parq_chest_pain"] == "Answer yes or no."
    assert 'value="34"' in response.text  # what was typed is kept
    assert client.get("/plan").status_code == 303  # nothing saved


def test_every_range_problem_shows_on_the_first_submit(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    data = {**FORM, "max_pushups": "500", "age": "7", "weight": "900", "days": "9",
            "csrf_token": csrf_token(client, settings)}  # fmt: skip
    response = client.post("/onboarding", data=data)
    assert response.status_code == 422
    errors = _errors(response.text)
    assert errors == {
        "max_pushups": "Enter a number of push-ups from 0 to 200.",
        "age": "pushback is made for ages 15 to 100.",
        "weight": "Enter a weight from 30 to 300 kg.",
        "days": "Choose 2 to 5 training days a week.",
    }
    assert client.get("/plan").status_code == 303  # nothing saved


def test_the_cores_own_checks_still_show_next_to_the_field(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    data = {**FORM, "variant": "handstand", "csrf_token": csrf_token(client, settings)}
    response = client.post("/onboarding", data=data)
    assert response.status_code == 422
    assert "must be a ladder variant" in _errors(response.text)["variant"].lower()


def test_a_parq_yes_on_chest_pain_blocks_the_plan_until_clearance(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    data = {
        **FORM,
        "parq_chest_pain": "yes",
        "csrf_token": csrf_token(client, settings),
    }
    response = client.post("/onboarding", data=data)
    assert response.headers["location"] == "/"
    page = client.get("/")
    assert "Your plan is waiting for a doctor" in page.text
    assert "Talk to your doctor" in page.text
    assert client.get("/plan").headers["location"] == "/"
    api = client.get("/api/v1/plan")
    assert api.status_code == 403 and api.json()["error"]["code"] == "not_allowed"
    cleared = {**data, "cleared": "yes", "csrf_token": csrf_token(client, settings)}
    assert client.post("/onboarding", data=cleared).headers["location"] == "/plan"
    assert client.get("/plan").status_code == 200


def test_logging_a_session_adapts_the_plan_and_shows_on_progress(
    tmp_path: Path, database_url: str
):
    client, settings = _assessed(tmp_path, database_url)
    form = client.get("/log").text
    rows = re.findall(r'name="(set-(\d+)-exercise)" value="([^"]+)"', form)
    assert rows, "today's plan has work sets to log"
    data: dict[str, Any] = {"set_count": str(len(rows)), "sleep": "4", "soreness": "2"}
    for name, index, slug in rows:
        data |= {name: slug, f"set-{index}-reps": "8", f"set-{index}-rir": "2"}
    response = client.post(
        "/log", data={**data, "csrf_token": csrf_token(client, settings)}
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/history/")
    summary = client.get(response.headers["location"]).text
    assert f"Logged {len(rows)} sets." in summary
    assert "Workout summary" in summary
    progress = client.get("/api/v1/progress").json()
    assert progress["sessions"] == 1 and progress["sets"] == len(rows)
    assert progress["streak_weeks"] == 1
    page = client.get("/progress")
    assert 'id="chart-best-reps"' in page.text
    embedded = re.search(r'id="progress-data"[^>]*>(.*?)</script>', page.text, re.S)
    assert embedded and json.loads(embedded.group(1)) == progress
    history = client.get("/api/v1/sessions").json()
    assert history["sessions"][0]["sleep"] == 4


def test_an_empty_log_form_says_what_is_missing(tmp_path: Path):
    client, settings = _assessed(tmp_path)
    data = {"set_count": "2", "csrf_token": csrf_token(client, settings)}
    response = client.post("/log", data=data)
    assert response.status_code == 422
    assert "Enter the reps of at least one set." in response.text


def test_a_live_session_through_the_api(tmp_path: Path, database_url: str):
    client, settings = _assessed(tmp_path, database_url)
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    started = client.post("/api/v1/sessions/start", json={"sleep": 3}, headers=headers)
    assert started.status_code == 201
    session_id = started.json()["id"]
    for reps in (8, 8, 7):
        body = {"exercise": "push-up", "reps": reps, "rir": 2}
        response = client.post(
            f"/api/v1/sessions/{session_id}/sets", json=body, headers=headers
        )
        assert response.status_code == 201
    assert [
        s["reps"] for s in client.get(f"/api/v1/sessions/{session_id}").json()["sets"]
    ] == [
        8,
        8,
        7,
    ]
    done = client.post(
        f"/api/v1/sessions/{session_id}/finish", json={}, headers=headers
    )
    assert done.status_code == 200 and done.json()["session"]["ended_at"]
    again = client.post(
        f"/api/v1/sessions/{session_id}/sets", json=body, headers=headers
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert len(client.get("/api/v1/sets").json()["sets"]) == 3


def test_bad_sets_through_the_api_name_the_field(tmp_path: Path):
    client, settings = _assessed(tmp_path)
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    body = {"sets": [{"exercise": "handstand", "reps": 5}]}
    unknown = client.post("/api/v1/sessions", json=body, headers=headers)
    assert unknown.status_code == 404
    negative = {"sets": [{"exercise": "push-up", "reps": -3}]}
    response = client.post("/api/v1/sessions", json=negative, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "sessions[0].sets[0].reps"
    assert client.get("/api/v1/sessions").json()["sessions"] == []


def test_preferences_change_units_and_time_zone(tmp_path: Path, database_url: str):
    client, settings = _assessed(tmp_path, database_url)
    data = {
        "units": "lb",
        "time_zone": "Europe/Paris",
        "csrf_token": csrf_token(client, settings),
    }
    assert client.post("/settings/preferences", data=data).status_code == 303
    profile = client.get("/api/v1/profile").json()
    assert (profile["units"], profile["time_zone"]) == ("lb", "Europe/Paris")
    bad = {
        **data,
        "time_zone": "Mars/Olympus",
        "csrf_token": csrf_token(client, settings),
    }
    response = client.post("/settings/preferences", data=bad)
    assert response.status_code == 422
    assert "is not a time zone" in _errors(response.text)["time_zone"]


def test_export_then_import_restores_the_journal(tmp_path: Path, database_url: str):
    client, settings = _assessed(tmp_path, database_url)
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    body = {
        "notes": "felt strong",
        "sets": [{"exercise": "push-up", "reps": 9, "rir": 1}],
    }
    assert (
        client.post("/api/v1/sessions", json=body, headers=headers).status_code == 201
    )
    backup = client.get("/settings/export.json")
    assert (
        backup.headers["content-disposition"]
        == 'attachment; filename="pushback-alice.json"'
    )
    csv = client.get("/settings/export.csv")
    assert csv.text.splitlines()[0].startswith('"Date","Workout Name"')
    # a backup restores once per database: into a fresh pushback elsewhere
    elsewhere = web_settings(tmp_path / "elsewhere")
    other = make_client(elsewhere)
    register(other, elsewhere, "bob")
    upload = {"file": ("backup.json", backup.content, "application/json")}
    token = csrf_token(other, elsewhere)
    response = other.post("/settings/import", files=upload, data={"csrf_token": token})
    assert response.status_code == 303, response.text
    sessions = other.get("/api/v1/sessions").json()["sessions"]
    assert [s["notes"] for s in sessions] == ["felt strong"]


def test_a_foreign_file_is_refused_and_changes_nothing(tmp_path: Path):
    client, settings = _assessed(tmp_path)
    before = client.get("/api/v1/export").json()
    upload = {"file": ("notes.csv", b"this,is\nnot,a workout export\n", "text/csv")}
    response = client.post(
        "/settings/import",
        files=upload,
        data={"csrf_token": csrf_token(client, settings)},
    )
    assert response.status_code == 422
    assert 'id="file-error"' in response.text
    after = client.get("/api/v1/export").json()
    before.pop("exported_at")
    after.pop("exported_at")
    assert after == before


def test_nutrition_uses_the_assessment_and_flags_bad_input(tmp_path: Path):
    client, _ = _assessed(tmp_path)
    data = client.get("/api/v1/nutrition").json()
    assert data["inputs"]["body_mass_kg"] == 80.0
    assert data["inputs"]["from_profile"] == ["weight_kg", "age", "sex"]
    assert data["protein_g_per_day"] == {
        "min": 128.0,
        "max": 176.0,
    }  # 1.6-2.2 g/kg x 80
    page = client.get("/nutrition")
    assert "A day of foods" in page.text and "128–176 g" in page.text
    bad = client.get("/nutrition?weight=12")
    assert bad.status_code == 422
    assert "between 30 and 300" in _errors(bad.text)["weight"]


# ----------------------------------------------------------- same JSON as the CLI


def _cli(settings: Settings, *args: str) -> Any:
    from pushback.cli.main import app

    env = {"PUSHBACK_DATA_DIR": str(settings.data_dir), "PUSHBACK_DATABASE_URL": ""}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_api_returns_what_the_cli_prints(tmp_path: Path):
    client, settings = _assessed(tmp_path)
    cli_settings = web_settings(tmp_path / "cli")
    flags = ["--max-pushups", "12", "--variant", "push-up", "--age", "34", "--sex",
             "male", "--weight-kg", "80", "--equipment", "table", "--days", "3",
             "--parq", "nnnnnnn"]  # fmt: skip
    _cli(cli_settings, "assess", *flags, "--json")
    start = "2026-03-02"
    assert client.get(f"/api/v1/plan?start={start}").json() == _cli(
        cli_settings, "plan", "--json", "--start", start
    )
    assert client.get("/api/v1/exercises?category=pull").json() == _cli(
        cli_settings, "exercises", "--category", "pull", "--json"
    )
    assert client.get("/api/v1/exercises/archer-push-up").json() == _cli(
        cli_settings, "exercises", "show", "archer-push-up", "--json"
    )
    api = client.get("/api/v1/nutrition?weight_kg=72&age=40").json()
    assert api == _cli(
        cli_settings, "nutrition", "--weight-kg", "72", "--age", "40", "--json"
    )
    cli_assessment = _cli(cli_settings, "assess", *flags, "--json")
    cli_assessment.pop("saved_to")
    assert client.get("/api/v1/assessment").json() == cli_assessment


def test_the_journal_api_returns_what_the_cli_prints_for_the_same_user(
    tmp_path: Path, database_url: str
):
    client, settings = _assessed(tmp_path, database_url)
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    body = {"notes": "shared journal", "sets": [{"exercise": "push-up", "reps": 8}]}
    assert (
        client.post("/api/v1/sessions", json=body, headers=headers).status_code == 201
    )
    env = {
        "PUSHBACK_DATA_DIR": str(settings.data_dir),
        "PUSHBACK_DATABASE_URL": database_url,
    }

    def cli(*args: str) -> Any:
        from pushback.cli.main import app

        result = CliRunner().invoke(app, [*args, "--user", "alice", "--json"], env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert client.get("/api/v1/sessions").json() == cli("history")
    cli_progress = cli("progress")
    assert cli_progress.pop("charts") == []  # the files `--out DIR` wrote: none here
    assert client.get("/api/v1/progress").json() == cli_progress
    assert client.get("/api/v1/sessions/today").json() == cli("today")


def test_the_api_docs_list_every_api_route_and_load_nothing_from_outside(
    tmp_path: Path,
):
    client = make_client(web_settings(tmp_path))
    page = client.get("/docs")
    assert page.status_code == 200
    schema = client.get("/openapi.json").json()
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in page.text
    assert "/api/v1/plan" in schema["paths"] and "/api/v1/sessions" in schema["paths"]
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # no CDN, no tracker


def _schema_texts(schema: dict[str, Any]) -> set[str]:
    """Every description /docs shows: operations, parameters, answers and the
    fields of request bodies."""
    components = schema.get("components", {}).get("schemas", {})
    texts = set()
    for methods in schema["paths"].values():
        for op in methods.values():
            texts.add(op.get("description") or op.get("summary", ""))
            texts |= {p.get("description", "") for p in op.get("parameters", [])}
            texts |= {a.get("description", "") for a in op["responses"].values()}
            for content in op.get("requestBody", {}).get("content", {}).values():
                body = content.get("schema", {})
                name = body.get("$ref", "").rsplit("/", 1)[-1]
                fields = components.get(name, body).get("properties", {})
                texts |= {f.get("description", "") for f in fields.values()}
    return {plain_text(text) for text in texts if text}


def test_the_api_docs_are_in_chinese_with_code_as_code(tmp_path: Path):
    client = make_client(web_settings(tmp_path))
    schema = client.get("/openapi.json").json()
    assert _schema_texts(schema) <= set(DOC_WORDS)  # else /docs shows English
    zh = client.get("/docs", headers={"Accept-Language": "zh-CN"}).text
    en = client.get("/docs", headers={"Accept-Language": "en"}).text
    assert '<html lang="zh-CN">' in zh
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in zh
    assert "<p>结束这次训练；计划会随之调整并说明原因（已经结束时返回 409）。</p>" in zh
    closing = "Close the session; the plan adapts and says why (409 if already closed)."
    assert f"<p>{closing}</p>" in en
    assert "轮询 <code>GET /jobs/{id}</code>" in zh  # quoted words are code
    assert "<td>查询参数</td>" in zh and "<td>query</td>" in en
    assert "整数 1-52" in zh and "whole number 1-52" in en
    assert "以下之一：<code>kg</code>, <code>lb</code>" in zh  # values as code
    assert "Successful Response" in en and "Successful Response" not in zh


def test_vendor_files_are_served_from_node_modules(tmp_path: Path):
    client = make_client(web_settings(tmp_path))
    htmx = client.get("/static/vendor/htmx.min.js")
    assert htmx.status_code == 200 and b"htmx" in htmx.content[:2000]
    assert client.get("/static/vendor/chart.umd.min.js").status_code == 200
    assert client.get("/static/vendor/package.json").status_code == 404
    assert client.get("/static/vendor/..%2F..%2Fpackage.json").status_code == 404


def test_the_command_lines_profile_file_never_becomes_a_web_accounts(tmp_path: Path):
    from pushback.domain.assessment import AssessmentAnswers
    from pushback.services.coaching import coach

    settings = web_settings(tmp_path)
    cli_answers = coach.preview_assessment(AssessmentAnswers(max_pushups=40, age=25))
    coach.save_profile(cli_answers.profile, settings)  # `pushback assess` on this box
    client = make_client(settings)
    register(client, settings, "alice")
    for path in ("/plan", "/", "/plan.ics"):
        assert client.get(path).headers["location"] in ("/onboarding", "/")
    assert client.get("/api/v1/profile").json()["profile"] is None


def test_a_visitor_sees_what_pushback_is_and_can_install_it(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    landing = client.get("/")
    assert landing.status_code == 200
    assert "Train your back with push-ups" in landing.text
    assert 'href="/register"' in landing.text
    for image in re.findall(r'<img src="(/static/screens/[^"]+)"', landing.text):
        assert client.get(image).headers["content-type"] == "image/png"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_a_form_shows_every_problem_at_once_next_to_its_field(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    data = {"name": "x", "password": "short", "password_confirm": "other",
            "csrf_token": csrf_token(client, settings)}  # fmt: skip
    response = client.post("/register", data=data)
    assert response.status_code == 422
    errors = _errors(response.text)
    assert set(errors) == {"name", "password"}  # both, on the first submit
    assert (
        "8 characters" in errors["password"] and "this one has 5" in errors["password"]
    )
    assert not any("Invalid value for" in message for message in errors.values())
    client, settings = _assessed(tmp_path / "other")
    bad = {"units": "stone", "time_zone": "Mars/Olympus",
           "csrf_token": csrf_token(client, settings)}  # fmt: skip
    response = client.post("/settings/preferences", data=bad)
    assert set(_errors(response.text)) == {"units", "time_zone"}


def test_a_new_account_takes_the_devices_time_zone(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    form = client.get("/register").text
    assert 'name="time_zone"' in form and "data-device-time-zone" in form
    data = {"name": "tokyo", "password": "long enough", "password_confirm":
            "long enough", "time_zone": "Asia/Tokyo",
            "csrf_token": csrf_token(client, settings)}  # fmt: skip
    assert client.post("/register", data=data).status_code == 303
    assert client.get("/api/v1/profile").json()["time_zone"] == "Asia/Tokyo"


def test_the_goal_is_a_choice_in_onboarding_and_a_field_of_the_api(
    tmp_path: Path, database_url: str
):
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "gina")
    form = client.get("/onboarding").text
    assert '<select id="goal" name="goal">' in form and 'value="posture"' in form
    token = csrf_token(client, settings)
    response = client.post(
        "/onboarding", data={**FORM, "goal": "strength", "csrf_token": token}
    )
    assert response.status_code == 303
    assessment = client.get("/api/v1/assessment").json()
    assert assessment["goal"] == "strength"
    assert 'value="strength" selected' in client.get("/onboarding").text
    plan = client.get("/api/v1/plan").json()
    assert plan["goal"] == "strength" and plan["person"]
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    posted = client.post(
        "/api/v1/assessment",
        json={"max_pushups": 12, "goal": "endurance", "training_age": "novice"},
        headers=headers,
    )
    assert posted.status_code == 201
    assert posted.json()["goal"] == "endurance"
    assert posted.json()["training_age"] == "novice"
