"""One error shape: every error kind, on the API as JSON and on pages as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from pushback.domain.errors import (
    AnalysisFailed,
    CatalogError,
    CoachError,
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    StorageError,
)
from pushback.settings import Settings
from pushback.web.app import create_app
from tests.integration._web_client import (
    TestClient,
    csrf_token,
    register,
    web_settings,
)

ERRORS: dict[str, tuple[CoachError, int]] = {
    "invalid_input": (InvalidInput("reps", 0, "between 1 and 200"), 422),
    "analysis_failed": (AnalysisFailed("No person found in the video."), 422),
    "not_found": (NotFound("Unknown exercise 'x'."), 404),
    "conflict": (Conflict("The name 'a' is taken.", field="name"), 409),
    "not_allowed": (NotAllowed("No plan until clearance."), 403),
    "storage_error": (StorageError("The journal database could not be used."), 503),
    "catalog_error": (
        CatalogError("exercises.toml", "push-up.tempo", "bad tempo"),
        500,
    ),
}


def _app_raising(settings: Settings) -> FastAPI:
    """The real app plus two routes that raise a chosen core error (API and page)."""
    app = create_app(settings)

    def raise_error(kind: str) -> None:
        raise ERRORS[kind][0]

    app.add_api_route("/api/v1/test-errors/{kind}", raise_error)
    app.add_api_route("/test-errors/{kind}", raise_error)
    return app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(_app_raising(web_settings(tmp_path)), follow_redirects=False)


@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_every_core_error_gets_its_status_and_the_json_shape(client, kind: str):
    error, status = ERRORS[kind]
    response = client.get(f"/api/v1/test-errors/{kind}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": {"code": kind, "message": error.message, "field": error.field}
    }


@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_every_core_error_gets_an_html_page_on_pages(client, kind: str):
    error, status = ERRORS[kind]
    response = client.get(f"/test-errors/{kind}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"Error {status}" in response.text
    assert error.message.replace("'", "&#39;") in response.text


def test_invalid_input_names_field_value_and_what_is_accepted(client):
    body = client.get("/api/v1/test-errors/invalid_input").json()["error"]
    assert body["field"] == "reps"
    assert (
        body["message"] == "Invalid value for reps: must be between 1 and 200 (got 0)."
    )


def test_request_validation_errors_use_the_same_shape(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = TestClient(create_app(settings), follow_redirects=False)
    register(client, settings, "alice")
    token = client.cookies.get("pushback_session")
    assert token
    from tests.integration._web_client import csrf_token

    response = client.post(
        "/api/v1/assessment",
        json={"max_pushups": "many"},
        headers={"X-CSRF-Token": csrf_token(client, settings)},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["field"] == "max_pushups"
    assert error["message"].startswith("Invalid value for max_pushups:")
    assert "'many'" in error["message"]
    missing = client.post(
        "/api/v1/assessment",
        json={},
        headers={"X-CSRF-Token": csrf_token(client, settings)},
    )
    assert missing.json()["error"]["field"] == "max_pushups"
    assert missing.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/no-such-thing", 404, "not_found"),
        ("DELETE", "/api/v1/exercises", 405, "method_not_allowed"),
        ("GET", "/api/v1/plan", 401, "not_authenticated"),
    ],
)
def test_http_errors_use_the_same_shape(
    client, method: str, path: str, status: int, code: str
):
    response = client.request(method, path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and "field" in error


def test_an_unknown_page_gets_the_html_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.text and "/no-such-page" in response.text


def test_a_csrf_failure_on_the_api_uses_the_json_shape(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = TestClient(create_app(settings), follow_redirects=False)
    register(client, settings, "alice")
    response = client.post("/api/v1/assessment", json={"max_pushups": 10})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_an_unexpected_error_is_a_500_in_the_same_shape(tmp_path: Path):
    app = create_app(web_settings(tmp_path))

    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/test-broken", broken)
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get("/api/v1/test-broken")
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "internal_error",
            "message": "An unexpected error occurred; it was logged.",
            "field": None,
        }
    }


BAD_IDS = ["2147483648", "99999999999999999999", "-1", "0", "abc", "1.5"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_id_out_of_range_is_404_or_422_never_5xx(
    tmp_path: Path, database_url: str, bad: str
) -> None:
    settings = web_settings(tmp_path, database_url)
    client = TestClient(create_app(settings), follow_redirects=False)
    register(client, settings, "alice")
    requests = [
        ("GET", f"/api/v1/sessions/{bad}"),
        ("POST", f"/api/v1/sessions/{bad}/finish"),
        ("GET", f"/api/v1/jobs/{bad}"),
        ("POST", f"/api/v1/jobs/{bad}/cancel"),
        ("GET", f"/videos/{bad}"),
        ("GET", f"/videos/{bad}/status"),
        ("GET", f"/plan/weeks/{bad}"),
    ]
    csrf = csrf_token(client, settings)
    for method, path in requests:
        response = client.request(method, path, json={}, headers={"X-CSRF-Token": csrf})
        assert response.status_code in (404, 422), (path, response.status_code)
        if path.startswith("/api/"):
            error = response.json()["error"]
            assert error["code"] in ("not_found", "invalid_input")
            assert error["message"]
    huge = "/api/v1/workout/finish"
    response = client.post(
        huge, json={"session_id": 2**31}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "session_id"


def _api_client(tmp_path: Path, database_url: str) -> tuple[TestClient, dict[str, str]]:
    settings = web_settings(tmp_path, database_url)
    client = TestClient(create_app(settings), follow_redirects=False)
    register(client, settings, "alice")
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    assessment = {"max_pushups": 12, "parq": "nnnnnnn"}
    assert client.post(
        "/api/v1/assessment", json=assessment, headers=headers
    ).is_success
    return client, headers


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/profile", {"time_zone": "America"}, "time_zone"),  # a folder: was 500
        ("/api/v1/profile", {"time_zone": "Europe/" + "x" * 80}, "time_zone"),
        ("/api/v1/sessions/start", {"sleep": "4"}, "sleep"),
        ("/api/v1/body-weight", {"body_mass_kg": True}, "body_mass_kg"),
        (
            "/api/v1/sessions",
            {"title": "t" * 201, "sets": [{"exercise": "push-up", "reps": 5}]},
            "sessions[0].title",
        ),
        (
            "/api/v1/sessions",
            {"sets": [{"exercise": "push-up", "reps": 5, "notes": "a\x00b"}]},
            "sessions[0].sets[0].notes",
        ),
        (
            "/api/v1/workout/sets",
            {
                "client_key": "k1",
                "exercise": "push-up",
                "pain": True,
                "pain_location": "w" * 65,
            },
            "set.pain_location",
        ),  # fmt: skip
    ],
)
def test_values_the_journal_cannot_hold_are_a_422_naming_the_field(
    tmp_path: Path, database_url: str, path: str, body: dict[str, object], field: str
) -> None:
    client, headers = _api_client(tmp_path, database_url)
    method = "PATCH" if path.endswith("/profile") else "POST"
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert client.get("/api/v1/sessions").json()["sessions"] == []


def test_a_resent_set_key_with_a_bad_set_is_refused(tmp_path: Path) -> None:
    client, headers = _api_client(tmp_path, None)  # type: ignore[arg-type]
    good = {"client_key": "k1", "exercise": "push-up", "reps": 8}
    assert client.post("/api/v1/workout/sets", json=good, headers=headers).is_success
    bad = {**good, "rir": 42}
    response = client.post("/api/v1/workout/sets", json=bad, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "set.rir"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/api/v1/profile", "GET, PATCH"),
        ("DELETE", "/api/v1/sessions", "GET, POST"),
        ("GET", "/api/v1/sessions/start", "POST"),  # not read as a session id
        ("PUT", "/api/v1/sessions/7", "GET"),
    ],
)
def test_a_405_allows_every_method_of_the_path(
    client, method: str, path: str, allowed: str
):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_unreadable_bodies_and_odd_text_get_the_error_shape(tmp_path: Path) -> None:
    client, headers = _api_client(tmp_path, None)  # type: ignore[arg-type]
    json_headers = {**headers, "Content-Type": "application/json"}
    not_json = client.post("/api/v1/body-weight", content=b"{", headers=json_headers)
    assert not_json.status_code == 422
    assert not_json.json()["error"]["field"] == "body"
    not_utf8 = client.post("/api/v1/body-weight", content=b"\xff", headers=json_headers)
    assert not_utf8.status_code == 400
    assert not_utf8.json()["error"]["code"] == "bad_request"
    lone_surrogate = b'{"sets": [{"exercise": "\\udc00"}]}'  # quoted in the message
    answer = client.post(
        "/api/v1/sessions", content=lone_surrogate, headers=json_headers
    )
    assert answer.status_code == 404
    assert "\\udc00" in answer.json()["error"]["message"]
