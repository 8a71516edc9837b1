"""Accounts through the real app: register, log in, log out, sessions, CSRF, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pushback.journal import open_url
from pushback.services import accounts
from pushback.services.login_limits import LoginLimits
from pushback.services.training import journal as journal_service
from pushback.web.auth import SESSION_COOKIE, LoginRateLimiter
from tests._units import in_unit, run
from tests.integration._web_client import (
    PASSWORD,
    csrf_token,
    make_client,
    register,
    web_settings,
)


def _login(client, settings, name: str, password: str = PASSWORD, **extra: str):
    data = {
        "name": name,
        "password": password,
        "csrf_token": csrf_token(client, settings),
    }
    return client.post("/login", data={**data, **extra})


def test_register_logs_in_and_goes_to_the_assessment(tmp_path: Path, database_url: str):
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "Alice")
    assert client.get("/onboarding").status_code == 200
    # the name is folded to lower case: Alice and alice are one account
    other = make_client(settings)
    assert _login(other, settings, "alice").headers["location"] == "/"


def test_session_cookie_is_httponly_samesite_lax_and_signed(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    response = client.get("/login")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # development on http://127.0.0.1


def test_a_tampered_session_cookie_counts_as_logged_out(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    value = client.cookies[SESSION_COOKIE]
    client.cookies.set(
        SESSION_COOKIE, value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    )
    response = client.get("/onboarding")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/onboarding"


def test_wrong_password_and_unknown_name_get_the_same_answer(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(make_client(settings), settings, "alice")
    wrong = _login(client, settings, "alice", "not the password")
    unknown = _login(client, settings, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "Wrong name or password." in wrong.text
        and "Wrong name or password." in unknown.text
    )
    assert SESSION_COOKIE in client.cookies
    assert client.get("/onboarding").status_code == 303  # still logged out


def test_login_is_rate_limited_per_ip_and_name(tmp_path: Path):
    settings = web_settings(tmp_path)
    register(make_client(settings), settings, "alice")
    register(make_client(settings), settings, "bob")
    client = make_client(settings)
    for _ in range(5):
        assert _login(client, settings, "alice", "guess-guess").status_code == 401
    locked = _login(client, settings, "alice")  # even the right password waits now
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "Too many failed logins" in locked.text
    assert _login(client, settings, "bob").status_code == 303  # other names unaffected


def _limiter(tmp_path: Path, now: list[datetime], **limits: Any) -> LoginRateLimiter:
    db = open_url(f"sqlite:///{tmp_path / 'limits.sqlite3'}")
    return LoginRateLimiter(LoginLimits(db, clock=lambda: now[0], **limits))


def test_rate_limiter_unlocks_after_the_window_and_resets_on_success(tmp_path: Path):
    now = [datetime(2026, 12, 5, 12, 0, tzinfo=UTC)]
    limiter = _limiter(tmp_path, now, max_failures=2, window_s=60)
    limiter.record_failure("1.2.3.4", "alice")
    limiter.record_failure("1.2.3.4", "Alice")  # names are case-insensitive
    with pytest.raises(Exception) as locked:
        limiter.check("1.2.3.4", "alice")
    assert locked.value.headers == {"Retry-After": "61"}  # type: ignore[attr-defined]
    limiter.check("5.6.7.8", "alice")  # another IP is not locked
    now[0] += timedelta(seconds=60.5)
    limiter.check("1.2.3.4", "alice")
    limiter.record_failure("1.2.3.4", "alice")
    limiter.reset("1.2.3.4", "alice")
    limiter.record_failure("1.2.3.4", "alice")
    limiter.check("1.2.3.4", "alice")


def test_rate_limiter_caps_failures_per_ip_across_names(tmp_path: Path):
    now = [datetime(2026, 12, 5, 12, 0, tzinfo=UTC)]
    limiter = _limiter(tmp_path, now, max_failures=5, max_failures_per_ip=3)
    for name in ("a", "b", "c"):
        limiter.record_failure("9.9.9.9", name)
    with pytest.raises(Exception, match="429"):
        limiter.check("9.9.9.9", "d")


def test_logout_ends_the_session(tmp_path: Path):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    register(client, settings, "alice")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, settings)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/onboarding").status_code == 303


@pytest.mark.parametrize("path", ["/login", "/register", "/logout"])
def test_account_forms_without_a_csrf_token_are_refused(tmp_path: Path, path: str):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    client.get("/login")  # a session exists, but the form does not send its token
    data = {"name": "mallory", "password": PASSWORD, "password_confirm": PASSWORD}
    response = client.post(path, data=data)
    assert response.status_code == 403
    assert "CSRF" in response.text
    wrong = client.post(path, data={**data, "csrf_token": "forged"})
    assert wrong.status_code == 403
    journal = journal_service.open_journal(settings)
    assert in_unit(journal, accounts.can_claim_local) is False


def test_a_csrf_token_from_another_session_is_refused(tmp_path: Path):
    settings = web_settings(tmp_path)
    attacker = make_client(settings)
    victim = make_client(settings)
    register(victim, settings, "victim")
    token = csrf_token(attacker, settings)
    response = victim.post("/logout", data={"csrf_token": token})
    assert response.status_code == 403
    assert victim.get("/onboarding").status_code == 200  # still logged in


def test_login_rotates_the_csrf_token(tmp_path: Path):
    settings = web_settings(tmp_path)
    register(make_client(settings), settings, "alice")
    client = make_client(settings)
    before = csrf_token(client, settings)
    assert _login(client, settings, "alice").status_code == 303
    assert csrf_token(client, settings) != before


def test_registering_a_taken_name_shows_why_next_to_the_field(tmp_path: Path):
    settings = web_settings(tmp_path)
    register(make_client(settings), settings, "alice")
    client = make_client(settings)
    data = {"name": "ALICE", "password": PASSWORD, "password_confirm": PASSWORD}
    response = client.post(
        "/register", data={**data, "csrf_token": csrf_token(client, settings)}
    )
    assert response.status_code == 422
    assert "The name &#39;alice&#39; is taken" in response.text
    assert 'id="name-error"' in response.text


@pytest.mark.parametrize(
    ("name", "password", "confirm", "field"),
    [
        ("al", PASSWORD, PASSWORD, "name"),
        ("alice smith", PASSWORD, PASSWORD, "name"),
        ("alice", "short", "short", "password"),
        ("alice", PASSWORD, PASSWORD + "x", "password_confirm"),
    ],
)
def test_bad_registrations_show_the_message_next_to_the_field(
    tmp_path: Path, name: str, password: str, confirm: str, field: str
):
    settings = web_settings(tmp_path)
    client = make_client(settings)
    data = {"name": name, "password": password, "password_confirm": confirm}
    response = client.post(
        "/register", data={**data, "csrf_token": csrf_token(client, settings)}
    )
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert client.get("/onboarding").status_code == 303  # nobody was logged in


def test_password_reset_logs_out_every_session(tmp_path: Path, database_url: str):
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    assert client.get("/onboarding").status_code == 200
    in_unit(
        journal_service.open_journal(settings),
        lambda work: accounts.reset_password(work, "alice", "a new password"),
    )
    assert client.get("/onboarding").status_code == 303
    fresh = make_client(settings)
    assert _login(fresh, settings, "alice").status_code == 401
    assert _login(fresh, settings, "alice", "a new password").status_code == 303


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/plan", "/plan"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
     ("/\\evil.example", "/")],
)  # fmt: skip
def test_login_only_redirects_to_local_paths(
    tmp_path: Path, target: str, expected: str
):
    settings = web_settings(tmp_path)
    register(make_client(settings), settings, "alice")
    client = make_client(settings)
    response = _login(client, settings, "alice", next=target)
    assert response.headers["location"] == expected


def test_the_first_account_can_claim_the_command_line_journal(tmp_path: Path):
    from pushback.journal.repository import users

    settings = web_settings(tmp_path)
    db = journal_service.open_journal(settings).db
    local = run(db, users.ensure_user, name=accounts.CLI_USER)
    client = make_client(settings)
    page = client.get("/register")
    assert "Keep what was already logged on this computer" in page.text
    data = {
        "name": "alice",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "claim_local": "true",
        "csrf_token": csrf_token(client, settings),
    }
    assert client.post("/register", data=data).status_code == 303
    assert run(db, users.get_user, name="alice").id == local.id
    # once an account exists, nobody else can claim anything
    assert "Use the journal already" not in make_client(settings).get("/register").text


def test_logging_out_ends_the_login_for_a_copied_cookie(
    tmp_path: Path, database_url: str
):
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    copied = client.cookies[SESSION_COOKIE]
    logout = client.post("/logout", data={"csrf_token": csrf_token(client, settings)})
    assert logout.status_code == 303
    thief = make_client(settings)
    thief.cookies.set(SESSION_COOKIE, copied)
    page = thief.get("/onboarding")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert thief.get("/api/v1/profile").status_code == 401


def test_a_password_change_ends_every_other_login(tmp_path: Path, database_url: str):
    settings = web_settings(tmp_path, database_url)
    phone = make_client(settings)
    register(phone, settings, "alice")
    laptop = make_client(settings)
    assert _login(laptop, settings, "alice").status_code == 303
    wrong = phone.post(
        "/settings/password",
        data={"current_password": "not it", "new_password": "a new password",
              "new_password_confirm": "a new password",
              "csrf_token": csrf_token(phone, settings)},
    )  # fmt: skip
    assert wrong.status_code == 422 and "current password" in wrong.text
    assert laptop.get("/onboarding").status_code == 200  # nothing changed
    changed = phone.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "a new password",
              "new_password_confirm": "a new password",
              "csrf_token": csrf_token(phone, settings)},
    )  # fmt: skip
    assert changed.status_code == 303
    assert phone.get("/onboarding").status_code == 200  # this device stays in
    assert laptop.get("/onboarding").status_code == 303  # the other one is out
    fresh = make_client(settings)
    assert _login(fresh, settings, "alice").status_code == 401
    assert _login(fresh, settings, "alice", "a new password").status_code == 303


def test_deleting_the_account_ends_its_logins(tmp_path: Path, database_url: str):
    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    copied = client.cookies[SESSION_COOKIE]
    deleted = client.post(
        "/settings/delete-account",
        data={"confirm_name": "alice", "csrf_token": csrf_token(client, settings)},
    )
    assert deleted.status_code == 303
    register(make_client(settings), settings, "alice")  # the name is free again
    thief = make_client(settings)
    thief.cookies.set(SESSION_COOKIE, copied)
    assert thief.get("/onboarding").status_code == 303


@pytest.mark.parametrize("variant", ["alice ", " alice", "ALICE", " Alice "])
def test_the_login_limit_counts_the_name_as_the_login_finds_it(
    tmp_path: Path, variant: str
):
    settings = web_settings(tmp_path)
    register(make_client(settings), settings, "alice")
    client = make_client(settings)
    for _ in range(5):
        assert _login(client, settings, "alice", "wrong password").status_code == 401
    # spaces or case around the name reach the same account, so the same lock
    assert _login(client, settings, variant, PASSWORD).status_code == 429


def test_reading_with_a_token_writes_its_last_use_at_most_hourly(
    tmp_path: Path, database_url: str
):
    from datetime import timedelta

    from fastapi.testclient import TestClient
    from sqlalchemy import event, text

    settings = web_settings(tmp_path, database_url)
    client = make_client(settings)
    register(client, settings, "alice")
    made = client.post(
        "/settings/tokens",
        data={"label": "script", "csrf_token": csrf_token(client, settings)},
    )
    secret = made.text.split('id="new-token">')[1].split("<")[0]
    engine = client.app.state.web.journal.db.engine  # type: ignore[attr-defined]
    writes: list[str] = []

    def watch(*args: object) -> None:
        statement = str(args[2]).lstrip().upper()
        if statement.startswith(("UPDATE", "INSERT", "DELETE")):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", watch)
    script = TestClient(client.app)  # the same app, without the cookie
    headers = {"Authorization": f"Bearer {secret}"}
    assert script.get("/api/v1/profile", headers=headers).status_code == 200
    assert len(writes) == 1  # the first use is recorded
    for _ in range(3):
        assert script.get("/api/v1/profile", headers=headers).status_code == 200
    assert len(writes) == 1, writes  # reads within the hour write nothing
    with engine.begin() as connection:  # an hour later
        connection.execute(
            text("UPDATE api_tokens SET last_used_at = :at"),
            {"at": accounts.utc_now() - timedelta(hours=1, minutes=1)},
        )
    writes.clear()
    assert script.get("/api/v1/profile", headers=headers).status_code == 200
    assert len(writes) == 1
