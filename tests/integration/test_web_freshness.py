"""The fast paths of the dashboard and the plan page never show stale data: a set
just logged or a new assessment shows on the very next view (SQLite and
PostgreSQL), and the plan page loads the weeks it leaves folded on demand."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from pushback.domain.profile import PARQ_QUESTIONS
from tests.integration._web_client import (
    TestClient,
    csrf_token,
    make_client,
    register,
    web_settings,
)

ASSESSMENT = {
    "max_pushups": 12, "variant": "push-up", "age": 34, "sex": "male",
    "weight_kg": 80, "equipment": ["table"], "days": 3,
    "parq": "n" * len(PARQ_QUESTIONS),
}  # fmt: skip


def _assessed(tmp_path: Path, database_url: str) -> tuple[TestClient, str]:
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    token = csrf_token(client, settings)
    response = client.post(
        "/api/v1/assessment", json=ASSESSMENT, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 201, response.text
    return client, token


def _stat(html: str, label: str) -> str:
    found = re.search(r"<b>([^<]*)</b><span>" + re.escape(label) + "</span>", html)
    assert found is not None, label
    return found.group(1)


def test_a_logged_set_shows_on_the_next_dashboard_view(
    tmp_path: Path, database_url: str
) -> None:
    client, token = _assessed(tmp_path, database_url)
    before = client.get("/").text  # the day's first view (adapts the calendar)
    assert _stat(before, "sessions this week") == "0"
    assert _stat(before, "weeks in a row") == "0"
    steps = client.get("/api/v1/workout").json()["steps"]
    slug = next(s["slug"] for s in steps if s["kind"] == "set")
    body = {"client_key": uuid.uuid4().hex, "exercise": slug, "reps": 8, "rir": 2}
    logged = client.post(
        "/api/v1/workout/sets", json=body, headers={"X-CSRF-Token": token}
    )
    assert logged.status_code == 201, logged.text
    after = client.get("/").text
    assert _stat(after, "session this week") == "1"  # the singular for one
    assert _stat(after, "week in a row") == "1"
    today = client.get("/api/v1/sessions/today").json()
    assert today["open_session_id"] == logged.json()["session_id"]


def test_a_new_assessment_shows_on_the_next_dashboard_and_plan_view(
    tmp_path: Path, database_url: str
) -> None:
    client, token = _assessed(tmp_path, database_url)
    first_step = _stat(client.get("/").text, "push-up level")
    first_plan = client.get("/api/v1/plan").json()
    first_page = client.get("/plan").text
    stronger = {**ASSESSMENT, "max_pushups": 40}
    response = client.post(
        "/api/v1/assessment", json=stronger, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 201, response.text
    assert int(_stat(client.get("/").text, "push-up level")) > int(first_step)
    assert client.get("/api/v1/plan").json() != first_plan
    assert client.get("/plan").text != first_page


def test_the_plan_page_expands_this_week_and_loads_the_others_on_demand(
    tmp_path: Path, database_url: str
) -> None:
    client, _ = _assessed(tmp_path, database_url)
    page = client.get("/plan").text
    assert page.count('class="card week"') == 4
    assert page.count('class="session"') == 3  # this week's three sessions
    assert 'hx-get="/plan/weeks/2"' in page and 'hx-get="/plan/weeks/4"' in page
    assert 'hx-get="/plan/weeks/1"' not in page
    week = client.get("/plan/weeks/2", headers={"HX-Request": "true"})
    assert week.status_code == 200
    assert week.text.count('class="session"') == 3
    assert "pace: 3 s down, 1 s pause at the bottom, 1 s up" in week.text
    assert "<html" not in week.text  # a fragment, not a page
    assert client.get("/plan/weeks/9").status_code == 404
