"""Helpers for the web tests: an app on real storage, a logged-in client, CSRF.

Starlette's TestClient warns that it prefers ``httpx2``; pytest turns warnings into
errors, so the import is wrapped (the client itself behaves the same).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from pushback.services.training import journal as journal_service
from pushback.settings import Settings
from pushback.web.app import create_app
from pushback.web.auth import SESSION_COOKIE, SessionSigner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = [
    "PASSWORD",
    "TestClient",
    "csrf_token",
    "make_client",
    "register",
    "web_settings",
]

PASSWORD = "correct horse battery"


def web_settings(tmp_path: Path, database_url: str | None = None) -> Settings:
    """Settings with a fresh data dir and (optionally) a given journal URL; a
    PostgreSQL journal gets the release step (``pushback db upgrade``) first."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    if database_url and database_url.startswith("postgresql"):
        journal_service.upgrade_database(settings)
    return settings


def make_client(settings: Settings, **kwargs: Any) -> TestClient:
    """A client of a new app built from ``settings`` (redirects not followed)."""
    kwargs.setdefault("follow_redirects", False)
    return TestClient(create_app(settings), **kwargs)


def csrf_token(client: TestClient, settings: Settings) -> str:
    """The CSRF token bound to the client's session (made by visiting /login)."""
    if SESSION_COOKIE not in client.cookies:
        client.get("/login")
    session = SessionSigner(settings.secret_key).loads(client.cookies[SESSION_COOKIE])
    assert session is not None and session.csrf
    return session.csrf


def register(
    client: TestClient, settings: Settings, name: str, password: str = PASSWORD
) -> None:
    """Create an account through the form; the client is then logged in."""
    response = client.post(
        "/register",
        data={
            "name": name,
            "password": password,
            "password_confirm": password,
            "csrf_token": csrf_token(client, settings),
        },
    )
    assert response.status_code == 303, response.text


#: The assessment a test account takes through the API (a plan follows).
ASSESSMENT = {
    "max_pushups": 12,
    "variant": "push-up",
    "age": 34,
    "sex": "male",
    "weight_kg": 80,
    "equipment": ["table"],
    "days": 3,
    "parq": "nnnnnnn",
}


def assessed_client(
    settings: Settings, name: str = "alice", client: TestClient | None = None
) -> TestClient:
    """A client logged in as a new account that took :data:`ASSESSMENT`."""
    client = client or make_client(settings)
    register(client, settings, name)
    headers = {"X-CSRF-Token": csrf_token(client, settings)}
    response = client.post("/api/v1/assessment", json=ASSESSMENT, headers=headers)
    assert response.status_code == 201, response.text
    return client
