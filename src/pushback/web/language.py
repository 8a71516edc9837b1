"""The language of each request: the account's choice, else the browser's.

:class:`LanguageMiddleware` puts the language of the ``Accept-Language`` header
(``zh-CN``, ``zh-Hans`` and ``zh`` select Simplified Chinese) in the context
variable of :mod:`pushback.i18n` for the whole request, error pages included, and
restores it afterwards; responses say ``Vary: Accept-Language`` and carry
``Content-Language``. Once the logged-in account has picked a language on the
settings page, the user dependencies (``web/deps.py``) switch the request to it
with :func:`use_account_language` before the route runs.

The template engine's gettext callables are installed once (``templating.py``) and
read the context variable, so concurrent requests never see each other's language.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pushback import i18n
from pushback.services.accounts import Account

__all__ = ["LanguageMiddleware", "use_account_language"]


class LanguageMiddleware:
    """Pure ASGI: the browser's language for the request (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chosen = i18n.negotiate(Headers(scope=scope).get("accept-language"))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.add_vary_header("Accept-Language")
                headers.setdefault("Content-Language", i18n.html_lang())
            await send(message)

        with i18n.language(chosen):
            await self.app(scope, receive, send_with_language)


def use_account_language(account: Account | None) -> None:
    """Switch the rest of this request to the account's language, if it picked one
    (the middleware's ``language`` block restores the previous value)."""
    if account is not None and account.language:
        i18n.choose(account.language)
