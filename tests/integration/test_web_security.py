"""Security over every route of the real app (iterating ``app.routes``).

* private routes refuse requests without a session or token (401 JSON / login redirect)
* unsafe requests without the session's CSRF token are refused and change nothing
* user A cannot read or change user B's data through any page or API route
* personal tokens work for scripts, are stored hashed, and stop working when revoked

A new route must be classified in ``PUBLIC`` or get a value for each path parameter
in ``_path_values``; otherwise ``test_every_route_is_classified`` fails.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from pushback.services import accounts
from pushback.services.training import journal as journal_service
from pushback.settings import Settings
from pushback.web.app import create_app
from tests._units import call, in_unit, run, submit_job
from tests.integration._web_client import (
    ASSESSMENT,
    PASSWORD,
    TestClient,
    csrf_token,
    make_client,
    register,
    web_settings,
)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Routes anyone may use: account forms, the public catalog, health, docs, assets.
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/register"),
    ("POST", "/register"),
    ("POST", "/logout"),
    ("GET", "/healthz"),
    ("GET", "/exercises"),
    ("GET", "/exercises/{slug}"),
    ("GET", "/api/v1/exercises"),
    ("GET", "/api/v1/exercises/{slug}"),
    ("GET", "/static/vendor/{name}"),
    ("GET", "/sw.js"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/"),  # the landing page for visitors, Today once logged in
    ("GET", "/manifest.webmanifest"),
}
#: What must never appear in A's responses: B's name and B's own data.
B_NAME = "bobmarker"
B_MARKERS = (B_NAME, "bob-secret-notes", "bob-token-label", "123.4")


def _routes(app: Any) -> list[tuple[str, str]]:
    found = []
    for route in iter_route_contexts(app.routes):
        for method in sorted(route.methods or ()):
            if method != "HEAD" and route.path_format is not None:
                found.append((method, route.path_format))  # {id}, not {id:int}
    return found


@dataclass
class World:
    """Two users with data: A (the attacker, logged in) and B (the target)."""

    settings: Settings
    a: TestClient
    b: TestClient
    b_session_id: int
    b_token_id: int
    b_token: str
    a_session_id: int
    b_job_id: int = 0
    b_set_id: int = 0


def _assess(client: TestClient, settings: Settings, **extra: Any) -> None:
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    response = client.post(
        "/api/v1/assessment", json={**ASSESSMENT, **extra}, headers=headers
    )
    assert response.status_code == 201, response.text


def _log(client: TestClient, settings: Settings, notes: str) -> int:
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    body = {
        "notes": notes,
        "sleep": 4,
        "sets": [{"exercise": "push-up", "reps": 8, "rir": 2}],
    }
    response = client.post("/api/v1/sessions", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()[0]["session"]["id"])


def _make_world(tmp_path: Path, database_url: str | None = None) -> World:
    settings = web_settings(tmp_path, database_url)
    app = create_app(settings)
    a = TestClient(app, follow_redirects=False)
    b = TestClient(app, follow_redirects=False)
    register(a, settings, "alice")
    register(b, settings, B_NAME)
    _assess(a, settings)
    _assess(b, settings, weight_kg=123.4)
    a_session = _log(a, settings, "alice notes")
    b_session = _log(b, settings, "bob-secret-notes")
    response = b.post(
        "/settings/tokens",
        data={"label": "bob-token-label", "csrf_token": csrf_token(b, settings)},
    )
    assert response.status_code == 201
    journal = app.state.web.journal
    b_id = in_unit(journal, lambda w: accounts.authenticate(w, B_NAME, PASSWORD)).id
    (token,) = in_unit(journal, lambda w: accounts.list_tokens(w, b_id))
    secret = response.text.split('id="new-token">')[1].split("<")[0]
    # a queued video analysis of B's (web app II): its job pages must stay B's
    payload = {"video": "/nonexistent.mp4", "exercise": "push-up", "set_id": None}
    job = submit_job(journal, app.state.jobs, user_id=b_id, payload=payload)
    b_set = b.get(f"/api/v1/sessions/{b_session}").json()["sets"][0]["id"]
    return World(settings, a, b, b_session, token.id, secret, a_session, job.id, b_set)


def _b_snapshot(world: World) -> str:
    """Everything of B's that a request could change (backup, tokens, account)."""
    journal = journal_service.open_journal(world.settings)
    try:
        backup = call(journal, journal_service.export_backup, user=B_NAME)
        backup.pop("exported_at", None)
        b_id = in_unit(journal, lambda w: accounts.authenticate(w, B_NAME, PASSWORD)).id
        tokens = [
            t.label for t in in_unit(journal, lambda w: accounts.list_tokens(w, b_id))
        ]
    finally:
        journal.close()
    return json.dumps({"backup": backup, "tokens": tokens}, sort_keys=True, default=str)


def _path_values(world: World) -> dict[str, str]:
    """B's ids for every path parameter (A must not reach them)."""
    return {
        "slug": "push-up",
        "name": "htmx.min.js",
        "session_id": str(world.b_session_id),
        "token_id": str(world.b_token_id),
        "job_id": str(world.b_job_id),
        "set_id": str(world.b_set_id),
        "token": "0" * 32,  # a backup preview of B's would sit in B's folder
        "upload_id": "0" * 32,  # a direct upload of B's would sit in B's folder
        "week": "1",
    }


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no test value for a parameter of {path}"
    return path


def _request(client: TestClient, method: str, path: str, token: str | None) -> Any:
    """A request with plausible input: a form for pages, JSON for the API."""
    headers = {"X-CSRF-Token": token} if token else {}
    if method not in UNSAFE:
        return client.request(method, path, headers=headers)
    if path.startswith("/api/"):
        return client.request(method, path, json=_json_body(path), headers=headers)
    form = {"label": "x", "confirm_name": B_NAME, "units": "lb", "time_zone": "UTC",
            "name": B_NAME, "password": "wrong", "password_confirm": "x"}  # fmt: skip
    if token:
        form["csrf_token"] = token
    return client.request(method, path, data=form)


def _json_body(path: str) -> Any:
    """A body each API route accepts, so the request reaches its handler."""
    if path.endswith("/sets"):
        return {"exercise": "push-up", "reps": 5}
    if path.endswith(("/finish", "/start")):
        return {}
    bodies = {
        "/api/v1/profile": {"units": "lb"},
        "/api/v1/assessment": ASSESSMENT,
        "/api/v1/body-weight": {"body_mass_kg": 70},
    }
    return bodies.get(path, {"sets": [{"exercise": "push-up", "reps": 5}]})


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> World:
    return _make_world(tmp_path, database_url)


def test_every_route_is_classified(tmp_path: Path):
    world = _make_world(tmp_path)
    values = _path_values(world)
    routes = _routes(world.a.app)
    assert len(routes) > 40
    for _method, path in routes:
        _fill(path, values)  # every parameter has a test value
    assert PUBLIC <= set(routes), "a public route was renamed: update PUBLIC"


def test_private_routes_refuse_requests_without_credentials(tmp_path: Path):
    world = _make_world(tmp_path)
    values = _path_values(world)
    anonymous = make_client(world.settings)
    token = csrf_token(anonymous, world.settings)  # a valid anonymous CSRF token
    checked = 0
    for method, path in _routes(world.a.app):
        if (method, path) in PUBLIC:
            continue
        url = _fill(path, values)
        response = _request(anonymous, method, url, token)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "not_authenticated"
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next=")
        checked += 1
    assert checked >= 30


def test_private_api_routes_refuse_a_wrong_token(tmp_path: Path):
    world = _make_world(tmp_path)
    values = _path_values(world)
    stranger = make_client(world.settings)
    for method, path in _routes(world.a.app):
        if not path.startswith("/api/") or (method, path) in PUBLIC:
            continue
        headers = {"Authorization": "Bearer pbk_not-a-real-token"}
        response = stranger.request(method, _fill(path, values), headers=headers)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "invalid_token"


def test_unsafe_requests_without_the_csrf_token_are_refused(tmp_path: Path):
    world = _make_world(tmp_path)
    values = _path_values(world) | {
        "session_id": str(world.a_session_id)  # A's own: only CSRF may stop it
    }
    before_a = world.a.get("/api/v1/export").json()
    before_b = _b_snapshot(world)
    checked = 0
    for method, path in _routes(world.a.app):
        if method not in UNSAFE:
            continue
        response = _request(world.a, method, _fill(path, values), token=None)
        assert response.status_code == 403, (method, path, response.status_code)
        if path.startswith("/api/"):
            assert response.json()["error"]["code"] == "csrf_failed"
        else:
            assert "CSRF" in response.text
        checked += 1
    assert checked >= 15
    after_a = world.a.get("/api/v1/export").json()
    before_a.pop("exported_at")
    after_a.pop("exported_at")
    assert after_a == before_a
    assert _b_snapshot(world) == before_b
    assert world.a.get("/settings").status_code == 200  # still logged in


def test_user_a_cannot_read_or_change_user_b_data(world: World):
    values = _path_values(world)
    before = _b_snapshot(world)
    for method, path in _routes(world.a.app):
        if path in ("/logout", "/settings/delete-account") or path.startswith(
            "/static"
        ):
            continue
        url = _fill(path, values)
        response = _request(world.a, method, url, csrf_token(world.a, world.settings))
        echoes_input = (method, path) in {("POST", "/login"), ("POST", "/register")}
        for marker in () if echoes_input else B_MARKERS:
            assert marker not in response.text, (method, path, marker)
        ids = ("session_id", "token_id", "job_id", "set_id", "token")
        if any(f"{{{name}}}" in path for name in ids):
            assert response.status_code == 404, (method, path, response.status_code)
    # deleting "B" from A's session only fails: the confirmation must be A's name
    response = _request(
        world.a, "POST", "/settings/delete-account", csrf_token(world.a, world.settings)
    )
    assert response.status_code == 422
    assert _b_snapshot(world) == before
    assert world.b.get("/api/v1/sessions").json()["sessions"][0]["notes"] == (
        "bob-secret-notes"
    )


def test_a_personal_token_works_for_scripts_and_stops_when_revoked(tmp_path: Path):
    world = _make_world(tmp_path)
    script = make_client(world.settings)
    headers = {"Authorization": f"Bearer {world.b_token}"}
    assert script.get("/api/v1/profile", headers=headers).json()["name"] == B_NAME
    # a token request needs no CSRF token: it carries no ambient credentials
    body = {"sets": [{"exercise": "push-up", "reps": 9}]}
    assert (
        script.post("/api/v1/sessions", json=body, headers=headers).status_code == 201
    )
    assert "pushback_session" not in script.cookies  # no session made for scripts
    # only the hash is stored
    journal = journal_service.open_journal(world.settings)
    digest = hashlib.sha256(world.b_token.encode()).hexdigest()
    from pushback.journal.web_models import find_token

    with journal.db.session() as session:
        assert find_token(session, digest) is not None
        assert find_token(session, world.b_token) is None
    journal.close()
    revoke = world.b.post(
        f"/settings/tokens/{world.b_token_id}/delete",
        data={"csrf_token": csrf_token(world.b, world.settings)},
    )
    assert revoke.status_code == 303
    response = script.get("/api/v1/profile", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_a_bearer_token_never_falls_back_to_the_cookie(tmp_path: Path):
    world = _make_world(tmp_path)
    headers = {"Authorization": "Bearer pbk_wrong"}
    # A is logged in by cookie, but a wrong token is still a wrong token
    assert world.a.get("/api/v1/profile", headers=headers).status_code == 401


def test_deleting_an_account_deletes_all_its_data_and_files(world: World):
    settings = world.settings
    journal = journal_service.open_journal(settings)
    b_id = in_unit(journal, lambda w: accounts.authenticate(w, B_NAME, PASSWORD)).id
    videos = accounts.user_file_dirs(settings, b_id)
    for folder in videos:
        folder.mkdir(parents=True)
        (folder / "clip.mp4").write_bytes(b"\x00" * 16)
    response = world.b.post(
        "/settings/delete-account",
        data={"confirm_name": B_NAME, "csrf_token": csrf_token(world.b, settings)},
    )
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert not any(folder.exists() for folder in videos)
    from pushback.journal import repository as repo

    names = [user.name for user in run(journal.db, repo.list_users)]
    assert B_NAME not in names and "alice" in names
    script = make_client(settings)
    bearer = {"Authorization": f"Bearer {world.b_token}"}
    assert script.get("/api/v1/profile", headers=bearer).status_code == 401
    assert world.b.get("/plan").status_code == 303  # the old cookie no longer logs in
    assert world.a.get("/api/v1/sessions").json()["sessions"]  # A keeps everything
    journal.close()


@pytest.mark.parametrize(
    "path",
    ["/login", "/", "/api/v1/profile", "/api/v1/exercises", "/static/app.css",
     "/static/vendor/htmx.min.js", "/healthz", "/no-such-page", "/api/v1/nope",
     "/docs", "/openapi.json", "/sw.js"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(tmp_path: Path, path: str):
    settings = web_settings(tmp_path)
    response = make_client(settings).get(path)
    headers = response.headers
    policy = headers["content-security-policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip()
    )
    assert directives["script-src"] == "'self'"  # files only: no inline script
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("same-origin", "no-referrer")
    assert "camera=(self)" in headers["permissions-policy"]
    assert "strict-transport-security" not in headers  # plain http in development


def test_production_adds_strict_transport_security(tmp_path: Path):
    settings = Settings(
        data_dir=tmp_path / "data", environment="production", secret_key="x" * 40
    )
    response = make_client(settings).get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_no_template_has_an_inline_script_or_handler() -> None:
    """What the policy forbids, the pages never need: scripts come from files and
    data from JSON blocks (which browsers never run)."""
    import re

    from pushback.web.templating import TEMPLATE_DIR

    for template in TEMPLATE_DIR.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template
