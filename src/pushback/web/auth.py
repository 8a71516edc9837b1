"""Sessions, CSRF protection and login rate limiting for the web app.

How a request is authenticated:

* **Browsers** carry one signed cookie, ``pushback_session`` (itsdangerous, key =
  ``Settings.secret_key``; HttpOnly, SameSite=Lax, Secure in production, 30 days).
  It holds a random CSRF token and, once logged in, the secret of a login the
  journal keeps (``web_sessions``, see ``services.accounts``): logging out,
  changing or resetting the password and deleting the account delete that row,
  so a copied cookie stops working on every server process.
* **Scripts** send ``Authorization: Bearer <personal token>``. Tokens are made in
  the settings page; only their SHA-256 is stored (see ``services.accounts``).

CSRF: every unsafe request (POST, PUT, PATCH, DELETE) that is not Bearer-authenticated
must carry the session's token, either as the ``csrf_token`` form field (every form
template includes it) or the ``X-CSRF-Token`` header (htmx sends it via ``hx-headers``
on ``<body>``). A missing or wrong token gets 403 ``csrf_failed``; the login and
register forms are protected too (login CSRF).

Login rate limiting (``services.login_limits``, counted in the journal, so every
server process enforces one limit): after 5 failed logins for one IP + name within
15 minutes, further attempts for that pair get 429 with ``Retry-After`` until the
oldest failure leaves the window; one IP gets at most 50 failures per window across
all names. A successful login clears the pair.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pushback.i18n import gettext
from pushback.services.login_limits import LoginLimits

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "SESSION_MAX_AGE_S",
    "LoginRateLimiter",
    "SessionData",
    "SessionMiddleware",
    "SessionSigner",
    "bearer_token",
    "client_ip",
    "session_of",
    "verify_csrf",
]

SESSION_COOKIE = "pushback_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
#: How long a browser stays logged in without coming back: 30 days.
SESSION_MAX_AGE_S = 30 * 24 * 3600
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class SessionData:
    """What the session cookie carries. ``dirty`` means: send the cookie again."""

    csrf: str = ""
    login: str | None = None
    flash: str | None = None
    dirty: bool = False

    def csrf_token(self) -> str:
        """The session's CSRF token, made on first use."""
        if not self.csrf:
            self.csrf = secrets.token_urlsafe(32)
            self.dirty = True
        return self.csrf

    def log_in(self, login: str) -> None:
        """Carry a new login's secret, with a fresh CSRF token (no fixation)."""
        self.login = login
        self.csrf = secrets.token_urlsafe(32)
        self.dirty = True

    def log_out(self) -> None:
        """Forget the login and rotate the CSRF token."""
        self.login = None
        self.csrf = secrets.token_urlsafe(32)
        self.dirty = True

    def set_flash(self, message: str) -> None:
        """A one-line notice shown on the next page."""
        self.flash = message
        self.dirty = True

    def pop_flash(self) -> str | None:
        """The pending notice, removed."""
        message, self.flash = self.flash, None
        if message is not None:
            self.dirty = True
        return message


class SessionSigner:
    """Signs and checks session cookies with ``secret_key`` (itsdangerous)."""

    def __init__(self, secret_key: str, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="pushback.session")
        self.max_age_s = max_age_s

    def dumps(self, data: SessionData) -> str:
        """The cookie value for ``data``."""
        payload: dict[str, str] = {"c": data.csrf}
        if data.login:
            payload["l"] = data.login
        if data.flash:
            payload["m"] = data.flash
        return str(self._serializer.dumps(payload))

    def loads(self, value: str) -> SessionData | None:
        """The session in a cookie value, or None when forged, expired or malformed."""
        try:
            payload = self._serializer.loads(value, max_age=self.max_age_s)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        login = payload.get("l")
        flash = payload.get("m")
        return SessionData(
            csrf=str(payload.get("c") or ""),
            login=login if isinstance(login, str) else None,
            flash=flash if isinstance(flash, str) else None,
        )


def _cookie_value(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed header means "no cookie"
                return None
            if name in jar:
                return jar[name].value
    return None


class SessionMiddleware:
    """Loads the signed session into ``request.state.session``; writes it back when
    it changed. Pure ASGI (no BaseHTTPMiddleware), so it adds little latency."""

    def __init__(self, app: ASGIApp, *, signer: SessionSigner, secure: bool) -> None:
        self.app = app
        self.signer = signer
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = _cookie_value(scope, SESSION_COOKIE)
        session = (self.signer.loads(raw) if raw else None) or SessionData()
        scope.setdefault("state", {})["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty:
                MutableHeaders(scope=message).append(
                    "set-cookie", self._cookie(session)
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: SessionData) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie[SESSION_COOKIE] = self.signer.dumps(session)
        morsel = cookie[SESSION_COOKIE]
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        morsel["max-age"] = str(self.signer.max_age_s)
        if self.secure:
            morsel["secure"] = True
        return morsel.OutputString()


def session_of(request: Request) -> SessionData:
    """The request's session (set by :class:`SessionMiddleware`)."""
    session: SessionData = request.state.session
    return session


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def client_ip(request: Request) -> str:
    """The peer address (no proxy headers are trusted)."""
    return request.client.host if request.client else "unknown"


async def verify_csrf(request: Request) -> None:
    """App-wide dependency: unsafe requests must carry the session's CSRF token.

    Raises 403 ``csrf_failed`` when the token is missing or wrong. Bearer-token
    requests are exempt: they carry no ambient credentials a third-party site
    could ride on.
    """
    if request.method not in _UNSAFE_METHODS or bearer_token(request) is not None:
        return
    expected = session_of(request).csrf
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            status_code=403,
            detail={
                "code": "csrf_failed",
                "message": gettext(
                    "The form's CSRF token is missing or expired: reload the "
                    "page and submit it again."
                ),
            },
        )


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    )


@dataclass
class LoginRateLimiter:
    """The login limits as the web app applies them: 429 with ``Retry-After``.

    The counts live in the journal (``services.login_limits``), so every server
    process enforces the same limit.
    """

    limits: LoginLimits

    def check(self, ip: str, name: str) -> None:
        """Raise 429 (``Retry-After`` in seconds) when this pair or IP is locked."""
        retry_after_s = self.limits.retry_after_s(ip, name)
        if retry_after_s is not None:
            raise HTTPException(
                status_code=429,
                detail=gettext(
                    "Too many failed logins: try again in %(retry_after_s)s s.",
                    retry_after_s=retry_after_s,
                ),
                headers={"Retry-After": str(retry_after_s)},
            )

    def record_failure(self, ip: str, name: str) -> None:
        """Count one failed login."""
        self.limits.record_failure(ip, name)

    def reset(self, ip: str, name: str) -> None:
        """Forget the failures of a pair after a successful login."""
        self.limits.reset(ip, name)
