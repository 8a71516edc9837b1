"""Typed dependency aliases for routes (the template's ``deps.py`` idea).

* ``SettingsDep``, ``JournalDep``, ``DbDep``: what ``create_app`` was built with.
* ``CurrentUser``: the logged-in account. A ``Bearer`` token wins over the cookie
  (and never falls back to it); no valid credential raises 401, which the error
  handlers turn into JSON for ``/api`` and a redirect to ``/login`` for pages.
* ``OptionalUser``: the account or None (public pages such as the catalog).

Dependencies that only look something up are ``async def``: FastAPI runs a plain
``def`` dependency in its thread pool, and each hop there waits for the GIL behind
the threads serving other requests (``bench web``). Only the one that reads the
database (``optional_user``) is a ``def``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from pushback.domain.errors import NotFound
from pushback.journal.database import Database
from pushback.services import accounts
from pushback.services.accounts import Account
from pushback.services.journal import Journal
from pushback.settings import Settings
from pushback.web.auth import LoginRateLimiter, bearer_token, session_of

__all__ = [
    "CurrentUser",
    "DbDep",
    "JournalDep",
    "OptionalUser",
    "RateLimiterDep",
    "SettingsDep",
    "WebState",
    "current_user",
    "optional_user",
]


@dataclass(frozen=True)
class WebState:
    """Everything one app instance shares between requests (``app.state.web``)."""

    settings: Settings
    journal: Journal
    rate_limiter: LoginRateLimiter

    @property
    def db(self) -> Database:
        """The journal's database (accounts live there too)."""
        return self.journal.db


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


async def _settings(request: Request) -> Settings:
    return _state(request).settings


async def _db(request: Request) -> Database:
    return _state(request).db


async def _journal(request: Request) -> Journal:
    return _state(request).journal


async def _rate_limiter(request: Request) -> LoginRateLimiter:
    return _state(request).rate_limiter


SettingsDep = Annotated[Settings, Depends(_settings)]
DbDep = Annotated[Database, Depends(_db)]
JournalDep = Annotated[Journal, Depends(_journal)]
RateLimiterDep = Annotated[LoginRateLimiter, Depends(_rate_limiter)]

_NOT_LOGGED_IN = {
    "code": "not_authenticated",
    "message": "Log in, or send a personal API token as 'Authorization: Bearer TOKEN'.",
}


def optional_user(request: Request, db: DbDep) -> Account | None:
    """The account of this request's token or session cookie, else None."""
    token = bearer_token(request)
    if token is not None:
        account = accounts.account_for_token(db, token)
        if account is None:
            raise HTTPException(
                status_code=401,
                detail={
                    "code": "invalid_token",
                    "message": "Unknown or revoked API token.",
                },
                headers={"WWW-Authenticate": "Bearer"},
            )
    else:
        account = _session_account(request, db)
    request.state.user = account
    return account


def _session_account(request: Request, db: Database) -> Account | None:
    session = session_of(request)
    if session.user_id is None:
        return None
    try:
        account = accounts.account_by_id(db, session.user_id)
    except NotFound:
        account = None
    if account is None or account.fingerprint != session.fingerprint:
        session.log_out()  # deleted account or password reset since login
        return None
    return account


async def current_user(
    account: Annotated[Account | None, Depends(optional_user)],
) -> Account:
    """The logged-in account; 401 when there is none."""
    if account is None:
        raise HTTPException(
            status_code=401,
            detail=_NOT_LOGGED_IN,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return account


CurrentUser = Annotated[Account, Depends(current_user)]
OptionalUser = Annotated[Account | None, Depends(optional_user)]
