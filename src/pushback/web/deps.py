"""Typed dependency aliases for routes (the template's ``deps.py`` idea).

* ``WorkDep``: the request's unit of work (:class:`~pushback.services.unit.Work`):
  one database session for everything the request does, closed (and anything
  not committed rolled back) when the route returns, before the response is
  sent. At most ``REQUEST_SLOTS`` requests of a process hold one at a time; the
  others wait on the event loop, holding neither a thread nor a connection, so
  the pool always has a connection for a request that got its turn.
* ``SettingsDep``, ``JournalDep``: what ``create_app`` was built with.
* ``CurrentUser``: the logged-in account. A ``Bearer`` token wins over the cookie
  (and never falls back to it); no valid credential raises 401, which the error
  handlers turn into JSON for ``/api`` and a redirect to ``/login`` for pages.
* ``OptionalUser``: the account or None (public pages such as the catalog).
  Both switch the request to the account's language once it picked one
  (``web/language.py``): an ``async`` step after the look-up, because a context
  variable set in the thread pool would not reach the route.
* ``UploadWork`` / ``UploadUser``: the same for the two upload routes, outside the
  slots: an upload can take minutes, and its unit holds a connection only to
  check the login and to queue the job.

Dependencies that only look something up are ``async def``: FastAPI runs a plain
``def`` dependency in its thread pool, and each hop there waits for the GIL behind
the threads serving other requests (``bench web``). Only the ones that read the
database (the user look-ups) are a ``def``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from pushback.i18n import N_, gettext
from pushback.journal.database import REQUEST_SLOTS
from pushback.services import accounts
from pushback.services.accounts import Account
from pushback.services.storage import FileStore
from pushback.services.unit import Journal, Work
from pushback.settings import Settings
from pushback.web.auth import LoginRateLimiter, bearer_token, session_of
from pushback.web.language import use_account_language

__all__ = [
    "CurrentUser",
    "JournalDep",
    "OptionalUser",
    "RateLimiterDep",
    "SettingsDep",
    "StoreDep",
    "UploadUser",
    "UploadWork",
    "WebState",
    "WorkDep",
    "current_user",
    "optional_user",
]


@dataclass(frozen=True)
class WebState:
    """Everything one app instance shares between requests (``app.state.web``)."""

    settings: Settings
    journal: Journal
    rate_limiter: LoginRateLimiter
    store: FileStore


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


async def _settings(request: Request) -> Settings:
    return _state(request).settings


async def _journal(request: Request) -> Journal:
    return _state(request).journal


async def _rate_limiter(request: Request) -> LoginRateLimiter:
    return _state(request).rate_limiter


async def _store(request: Request) -> FileStore:
    return _state(request).store


async def _work(request: Request) -> AsyncIterator[Work]:
    with _state(request).journal.work() as work:
        yield work


SettingsDep = Annotated[Settings, Depends(_settings)]
JournalDep = Annotated[Journal, Depends(_journal)]
RateLimiterDep = Annotated[LoginRateLimiter, Depends(_rate_limiter)]
StoreDep = Annotated[FileStore, Depends(_store)]
WorkDep = Annotated[
    Work, Depends(_work, scope="function", max_concurrency=REQUEST_SLOTS)
]
UploadWork = Annotated[Work, Depends(_work, scope="function")]

_NOT_LOGGED_IN = {
    "code": "not_authenticated",
    "message": N_(
        "Log in, or send a personal API token as 'Authorization: Bearer TOKEN'."
    ),
}


def _account_of(request: Request, work: Work) -> Account | None:
    """The account of this request's token or session cookie, else None."""
    token = bearer_token(request)
    if token is not None:
        account = accounts.account_for_token(work, token)
        if account is None:
            raise HTTPException(
                status_code=401,
                detail={
                    "code": "invalid_token",
                    "message": gettext("Unknown or revoked API token."),
                },
                headers={"WWW-Authenticate": "Bearer"},
            )
    else:
        account = _session_account(request, work)
    request.state.user = account
    return account


def _session_account(request: Request, work: Work) -> Account | None:
    session = session_of(request)
    if session.login is None:
        return None
    account = accounts.account_for_login(work, session.login)
    if account is None:
        session.log_out()  # logged out elsewhere, expired, or password changed
    return account


def optional_user(request: Request, work: WorkDep) -> Account | None:
    """The logged-in account, or None."""
    return _account_of(request, work)


def _required(account: Account | None) -> Account:
    if account is None:
        raise HTTPException(
            status_code=401,
            detail={**_NOT_LOGGED_IN, "message": gettext(_NOT_LOGGED_IN["message"])},
            headers={"WWW-Authenticate": "Bearer"},
        )
    return account


def current_user(request: Request, work: WorkDep) -> Account:
    """The logged-in account; 401 when there is none."""
    return _required(_account_of(request, work))


def _upload_user(request: Request, work: UploadWork) -> Account:
    return _required(_account_of(request, work))


async def _current_user_language(
    account: Annotated[Account, Depends(current_user)],
) -> Account:
    use_account_language(account)
    return account


async def _optional_user_language(
    account: Annotated[Account | None, Depends(optional_user)],
) -> Account | None:
    use_account_language(account)
    return account


async def _upload_user_language(
    account: Annotated[Account, Depends(_upload_user)],
) -> Account:
    use_account_language(account)
    return account


CurrentUser = Annotated[Account, Depends(_current_user_language)]
OptionalUser = Annotated[Account | None, Depends(_optional_user_language)]
UploadUser = Annotated[Account, Depends(_upload_user_language)]
