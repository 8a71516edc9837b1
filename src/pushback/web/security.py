"""Security headers on every response (a pure ASGI middleware).

* ``Content-Security-Policy``: everything from this origin only (with a bucket,
  ``PUSHBACK_STORAGE=s3``, the upload form may also send the video to the
  bucket's origin: the browser uploads straight to it), scripts from
  files only (no inline script or handler: pages put their data in
  ``<script type="application/json">`` blocks, which never run), no plugins, no
  ``<base>``, forms post here only, and no page may be framed
  (``frame-ancestors 'none'``). Inline ``style`` attributes are allowed (htmx and
  Chart.js set styles; styles cannot run code). A route may widen ``script-src``
  for itself with :func:`allow_wasm` (the live camera page: the pose model's
  WebAssembly), nothing more.
* ``X-Frame-Options: DENY`` for browsers without ``frame-ancestors``,
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (no
  address leaves the site), ``Permissions-Policy`` allowing the camera for this
  origin only and nothing else that could reach the person, and
  ``Cross-Origin-Opener-Policy``/``-Resource-Policy: same-origin``.
* ``Strict-Transport-Security`` when the app runs behind HTTPS (production).
"""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeadersMiddleware", "allow_wasm", "content_security_policy"]

_WASM_FLAG = "pushback_csp_wasm"


def content_security_policy(*, wasm: bool = False, upload_origin: str = "") -> str:
    """The policy of a page; ``wasm`` adds ``'wasm-unsafe-eval'`` to scripts;
    ``upload_origin`` (the bucket, with ``PUSHBACK_STORAGE=s3``) may receive the
    upload form's video."""
    scripts = "'self' 'wasm-unsafe-eval'" if wasm else "'self'"
    connect = f"'self' {upload_origin}" if upload_origin else "'self'"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            f"connect-src {connect}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


_PERMISSIONS = ", ".join(
    (
        "camera=(self)",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "serial=()",
    )
)
_FIXED: tuple[tuple[str, str], ...] = (
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("permissions-policy", _PERMISSIONS),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
)


def allow_wasm(request: Request) -> None:
    """Let this response's page compile WebAssembly (the in-browser pose model)."""
    request.scope.setdefault("state", {})[_WASM_FLAG] = True


class SecurityHeadersMiddleware:
    """Adds the headers above to every HTTP response (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, hsts: bool, upload_origin: str = "") -> None:
        self.app = app
        self.hsts = hsts
        self._policy = content_security_policy(upload_origin=upload_origin)
        self._policy_wasm = content_security_policy(
            wasm=True, upload_origin=upload_origin
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                wasm = bool(scope.get("state", {}).get(_WASM_FLAG))
                headers["content-security-policy"] = (
                    self._policy_wasm if wasm else self._policy
                )
                for name, value in _FIXED:
                    headers[name] = value
                if self.hsts:
                    headers["strict-transport-security"] = (
                        "max-age=31536000; includeSubDomains"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)
