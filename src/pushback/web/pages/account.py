"""Register, log in, log out.

Forms post back to the same URL; on a problem the form is shown again with the
message next to its field. Logging in rotates the session's CSRF token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pushback.domain.errors import CoachError
from pushback.i18n import gettext as _
from pushback.i18n.phrases import error_message
from pushback.services import accounts
from pushback.services.accounts import Account
from pushback.services.unit import Work
from pushback.web.auth import client_ip, session_of
from pushback.web.deps import OptionalUser, RateLimiterDep, WorkDep
from pushback.web.templating import render

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in (never another site)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _log_in(request: Request, work: Work, account: Account, target: str) -> Response:
    session_of(request).log_in(accounts.start_login(work, account.id))
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    """The login page (logged-in users go straight on)."""
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "pages/login.html", {"next": safe_next(next), "errors": {}})


@router.post("/login")
def login(
    request: Request,
    work: WorkDep,
    limiter: RateLimiterDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password (rate limited per IP + name) and start a session."""
    ip = client_ip(request)
    counted = accounts.login_name(name)  # the name exactly as the login finds it
    context = {"next": safe_next(next), "name": name, "errors": {}}
    try:
        limiter.check(ip, counted)
        account = accounts.authenticate(work, name, password)
    except HTTPException as error:
        context["errors"] = {"form": str(error.detail)}
        return render(
            request, "pages/login.html", context, status_code=429, headers=error.headers
        )
    except CoachError as error:
        limiter.record_failure(ip, counted)
        context["errors"] = {"form": error_message(error)}
        return render(request, "pages/login.html", context, status_code=401)
    limiter.reset(ip, counted)
    return _log_in(request, work, account, safe_next(next))


@router.get("/register")
def register_form(request: Request, work: WorkDep, user: OptionalUser) -> Response:
    """The sign-up page."""
    if user is not None:
        return RedirectResponse("/", status_code=303)
    context = {"errors": {}, "can_claim": accounts.can_claim_local(work)}
    return render(request, "pages/register.html", context)


@router.post("/register")
def register(
    request: Request,
    work: WorkDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    password_confirm: Annotated[str, Form(max_length=2000)] = "",
    claim_local: Annotated[bool, Form()] = False,
    time_zone: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Create the account, log in and go to the assessment."""
    errors = accounts.registration_problems(name, password, password_confirm)
    if not errors:
        try:
            account = accounts.register(
                work,
                name,
                password,
                claim_local=claim_local,
                time_zone=time_zone.strip() or None,
            )
        except CoachError as error:
            errors = {error.field or "form": error_message(error)}
        else:
            session_of(request).set_flash(
                _("Welcome, %(name)s! First, a short assessment.", name=account.name)
            )
            target = "/" if claim_local else "/onboarding"
            return _log_in(request, work, account, target)
    context = {
        "name": name,
        "claim_local": claim_local,
        "errors": errors,
        "can_claim": accounts.can_claim_local(work),
    }
    return render(request, "pages/register.html", context, status_code=422)


@router.post("/logout")
def logout(request: Request, work: WorkDep) -> Response:
    """End the login for good (a copy of the cookie no longer works)."""
    session = session_of(request)
    if session.login is not None:
        accounts.end_login(work, session.login)
    session.log_out()
    return RedirectResponse("/login", status_code=303)
