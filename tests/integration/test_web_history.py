"""Logging like a workout app, through the real app on SQLite and PostgreSQL:
any exercise on any day, the history, corrections, personal records and the
end-of-workout summary."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration._web_client import (
    assessed_client,
    csrf_token,
    make_client,
    web_settings,
)


def _assessed(tmp_path: Path, database_url: str | None = None) -> tuple[Any, Any]:
    settings = web_settings(tmp_path, database_url)
    return assessed_client(settings), settings


def _records(page: str) -> str:
    """The personal-records card of the history page."""
    return page.split('id="records"', 1)[1].split("</section>", 1)[0]


def _log(client: Any, settings: Any, *, on: str, rows: list[tuple[str, int]]) -> str:
    """Log only the given rows (exercise, reps) on a day; returns the summary URL."""
    data: dict[str, str] = {
        "date": on,
        "set_count": str(len(rows)),
        "csrf_token": csrf_token(client, settings),
    }
    for index, (slug, reps) in enumerate(rows):
        data |= {f"set-{index}-exercise": slug, f"set-{index}-reps": str(reps)}
    response = client.post("/log", data=data)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_adding_an_exercise_keeps_what_was_typed(tmp_path: Path) -> None:
    client, settings = _assessed(tmp_path)
    today = client.get("/log").text
    planned = len(re.findall(r'name="set-\d+-exercise"', today))
    data = {
        "set_count": str(planned),
        "set-0-reps": "7",
        "add_exercise": "table-row",
        "add_sets": "2",
        "add": "1",
        "csrf_token": csrf_token(client, settings),
    }
    data["set-0-exercise"] = re.findall(
        r'name="set-0-exercise" value="([^"]+)"', today
    )[0]
    page = client.post("/log", data=data)
    assert page.status_code == 200  # shown again, nothing saved
    assert len(re.findall(r'name="set-\d+-exercise"', page.text)) == planned + 2
    assert re.search(r'name="set-0-reps"[^>]*value="7"', page.text)
    assert client.get("/api/v1/sessions").json()["sessions"] == []


def test_a_rest_day_or_a_past_day_can_be_logged_with_any_exercise(
    tmp_path: Path, database_url: str
) -> None:
    client, settings = _assessed(tmp_path, database_url)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    summary = _log(client, settings, on=yesterday, rows=[("towel-row", 12)])
    (session,) = client.get("/api/v1/sessions").json()["sessions"]
    assert session["started_at"][:10] == yesterday
    assert [s["slug"] for s in session["sets"]] == ["towel-row"]
    assert "Workout summary" in client.get(summary).text
    future = (date.today() + timedelta(days=2)).isoformat()
    data = {
        "date": future,
        "set_count": "1",
        "set-0-exercise": "push-up",
        "set-0-reps": "5",
        "csrf_token": csrf_token(client, settings),
    }
    refused = client.post("/log", data=data)
    assert refused.status_code == 422 and "today or an earlier day" in refused.text


def test_records_are_shown_when_beaten_and_sets_can_be_corrected(
    tmp_path: Path, database_url: str
) -> None:
    client, settings = _assessed(tmp_path, database_url)
    two_days_ago = (date.today() - timedelta(days=2)).isoformat()
    first = _log(client, settings, on=two_days_ago, rows=[("push-up", 10)])
    assert "New record" not in client.get(first).text  # nothing beaten yet
    second = _log(
        client,
        settings,
        on=date.today().isoformat(),
        rows=[("push-up", 12), ("push-up", 9)],
    )
    page = client.get(second).text
    assert "New record!" in page and "12 clean reps (before: 10)" in page
    records = _records(client.get("/history").text)
    assert "12 reps" in records and "most clean reps" in records
    # the 12 was really an 8: correct it, and the record goes back to 10
    set_id = int(re.findall(r'action="/history/sets/(\d+)"', page)[0])
    token = csrf_token(client, settings)
    fixed = client.post(
        f"/history/sets/{set_id}", data={"reps": "8", "rir": "1", "csrf_token": token}
    )
    assert fixed.status_code == 303
    assert "New record" not in client.get(second).text
    assert "10 reps" in _records(client.get("/history").text)
    # a set marked "form broke" never holds a record
    broke = client.post(
        f"/history/sets/{set_id}",
        data={"reps": "30", "form_broke": "yes", "csrf_token": token},
    )
    assert broke.status_code == 303
    assert "30 reps" not in _records(client.get("/history").text)


def test_sets_and_sessions_can_be_added_and_deleted(
    tmp_path: Path, database_url: str
) -> None:
    client, settings = _assessed(tmp_path, database_url)
    summary = _log(client, settings, on=date.today().isoformat(), rows=[("push-up", 8)])
    session_id = int(summary.rsplit("/", 1)[1])
    token = csrf_token(client, settings)
    added = client.post(
        f"/history/{session_id}/sets",
        data={"exercise": "table-row", "reps": "10", "count": "2", "csrf_token": token},
    )
    assert added.status_code == 303
    sets = client.get(f"/api/v1/sessions/{session_id}").json()["sets"]
    assert [(s["slug"], s["reps"]) for s in sets] == [
        ("push-up", 8),
        ("table-row", 10),
        ("table-row", 10),
    ]
    empty = client.post(
        f"/history/{session_id}/sets",
        data={"exercise": "table-row", "csrf_token": token},
    )
    assert empty.status_code == 422 and "how many reps" in empty.text
    page = client.get(summary).text
    set_id = int(re.findall(r'action="/history/sets/(\d+)/delete"', page)[0])
    assert (
        client.post(
            f"/history/sets/{set_id}/delete", data={"csrf_token": token}
        ).status_code
        == 303
    )
    assert len(client.get(f"/api/v1/sessions/{session_id}").json()["sets"]) == 2
    gone = client.post(
        f"/history/{session_id}/delete", data={"confirm": "yes", "csrf_token": token}
    )
    assert gone.status_code == 303
    assert client.get("/api/v1/sessions").json()["sessions"] == []


@pytest.mark.parametrize("path", ["/history/1", "/history/sets/1/delete"])
def test_another_account_cannot_see_or_change_a_session(tmp_path: Path, path: str):
    from tests.integration._web_client import register

    client, settings = _assessed(tmp_path)
    _log(client, settings, on=date.today().isoformat(), rows=[("push-up", 8)])
    stranger = make_client(settings)
    register(stranger, settings, "mallory")
    token = csrf_token(stranger, settings)
    response = (
        stranger.get(path)
        if path == "/history/1"
        else stranger.post(path, data={"csrf_token": token})
    )
    assert response.status_code == 404
    assert len(client.get("/api/v1/sessions").json()["sessions"][0]["sets"]) == 1


def test_history_pages_go_back_in_time(tmp_path: Path) -> None:
    client, settings = _assessed(tmp_path)
    for days_ago in range(22):
        on = (date.today() - timedelta(days=days_ago)).isoformat()
        _log(client, settings, on=on, rows=[("push-up", 5 + days_ago % 3)])
    first = client.get("/history").text
    assert first.count('class="card history-item"') == 20
    older = re.findall(r'href="(/history\?before=[^"]+)"', first)
    assert older
    second = client.get(older[0].replace("&amp;", "&")).text
    assert second.count('class="card history-item"') == 2


def test_body_weight_is_entered_on_the_web_in_the_users_units(
    tmp_path: Path, database_url: str
) -> None:
    client, settings = _assessed(tmp_path, database_url)
    token = csrf_token(client, settings)
    client.patch(
        "/api/v1/profile", json={"units": "lb"}, headers={"X-CSRF-Token": token}
    )
    saved = client.post(
        "/progress/body-weight", data={"body_weight": "176.4", "csrf_token": token}
    )
    assert saved.status_code == 303
    weights = client.get("/api/v1/progress").json()["body_weight_kg"]
    assert abs(weights[-1][1] - 80.0) < 0.05  # stored in kg
    bad = client.post(
        "/progress/body-weight", data={"body_weight": "heavy", "csrf_token": token}
    )
    assert bad.status_code == 422 and "Enter a number" in bad.text
    absurd = client.post(
        "/progress/body-weight", data={"body_weight": "5", "csrf_token": token}
    )
    assert absurd.status_code == 422 and "body_mass_kg" not in absurd.text


def test_a_backup_is_previewed_then_added_or_restored(
    tmp_path: Path, database_url: str
) -> None:
    client, settings = _assessed(tmp_path, database_url)
    two_days_ago = (date.today() - timedelta(days=2)).isoformat()
    _log(client, settings, on=two_days_ago, rows=[("push-up", 10)])
    backup = client.get("/settings/export.json").content
    # after the backup: one more workout, and the first one deleted by mistake
    _log(client, settings, on=date.today().isoformat(), rows=[("push-up", 11)])
    sessions = client.get("/api/v1/sessions").json()["sessions"]
    first = [s for s in sessions if s["started_at"][:10] == two_days_ago][0]
    token = csrf_token(client, settings)
    client.post(
        f"/history/{first['id']}/delete", data={"confirm": "yes", "csrf_token": token}
    )
    assert len(client.get("/api/v1/sessions").json()["sessions"]) == 1
    files = {"file": ("pushback-alice.json", backup, "application/json")}
    preview = client.post("/settings/restore", files=files, data={"csrf_token": token})
    assert preview.status_code == 200
    assert "Add 1 workouts" in preview.text or "Add 1 workout" in preview.text
    assert len(client.get("/api/v1/sessions").json()["sessions"]) == 1  # untouched
    action = re.search(r'action="(/settings/restore/[0-9a-f]{32})"', preview.text)
    assert action
    merged = client.post(action.group(1), data={"mode": "merge", "csrf_token": token})
    assert merged.status_code == 303
    days = sorted(
        s["started_at"][:10] for s in client.get("/api/v1/sessions").json()["sessions"]
    )
    assert days == [two_days_ago, date.today().isoformat()]  # nothing lost
    again = client.post(action.group(1), data={"mode": "merge", "csrf_token": token})
    assert again.status_code == 404  # the preview was used up
    preview = client.post("/settings/restore", files=files, data={"csrf_token": token})
    action = re.search(r'action="(/settings/restore/[0-9a-f]{32})"', preview.text)
    assert action
    replaced = client.post(
        action.group(1), data={"mode": "replace", "csrf_token": token}
    )
    assert replaced.status_code == 303
    (only,) = client.get("/api/v1/sessions").json()["sessions"]
    assert only["started_at"][:10] == two_days_ago  # exactly the backup


def test_a_file_that_is_not_a_backup_changes_nothing(tmp_path: Path) -> None:
    client, settings = _assessed(tmp_path)
    token = csrf_token(client, settings)
    files = {"file": ("notes.json", b'{"hello": 1}', "application/json")}
    response = client.post("/settings/restore", files=files, data={"csrf_token": token})
    assert response.status_code == 422 and "not a pushback backup" in response.text
    assert not list((settings.data_dir / "restore").rglob("*.json"))
