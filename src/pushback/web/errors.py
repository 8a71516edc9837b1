"""One error, two renderings (datasette's ``handle_exception`` idea).

Every error leaving the web app is mapped here, once:

* :class:`CoachError` from the core: ``InvalidInput`` and ``AnalysisFailed`` 422,
  ``NotFound`` 404, ``Conflict`` 409, ``NotAllowed`` 403, ``StorageError`` 503,
  ``CatalogError`` 500 (broken shipped data).
* FastAPI's ``RequestValidationError`` (shape checks at the edge): 422 ``invalid_input``
  naming the first bad field.
* ``HTTPException`` (400 unreadable body, 401 not logged in, 403 CSRF, 404 no route,
  405, 429 rate limit): the status with a code name; ``detail`` may be a dict with
  ``code`` and ``message``. A 405's ``Allow`` lists every method the path has
  (Starlette names only those of the first route it matched).

Paths under ``/api`` get JSON ``{"error": {"code", "message", "field"}}``; pages get
the ``error.html`` template, except 401 which redirects to ``/login?next=...``
(``HX-Redirect`` for htmx requests).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from pushback.domain.errors import (
    INVALID_MESSAGE,
    AnalysisFailed,
    CatalogError,
    CoachError,
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    StorageError,
)
from pushback.i18n import N_, gettext
from pushback.web.templating import render

__all__ = [
    "STATUS_BY_ERROR",
    "error_body",
    "install_error_handlers",
    "is_api_path",
    "status_for",
]

logger = logging.getLogger(__name__)

#: Status of each core error kind, most specific first.
STATUS_BY_ERROR: tuple[tuple[type[CoachError], int], ...] = (
    (InvalidInput, 422),
    (AnalysisFailed, 422),
    (NotFound, 404),
    (Conflict, 409),
    (NotAllowed, 403),
    (StorageError, 503),
    (CatalogError, 500),
)

_CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}

_TITLE_BY_STATUS = {
    401: N_("Please log in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Not allowed"),
    409: N_("Conflict"),
    422: N_("Please check your input"),
    429: N_("Slow down"),
    500: N_("Something went wrong"),
    503: N_("Storage unavailable"),
}


def status_for(error: CoachError) -> int:
    """The HTTP status of a core error (500 for kinds not listed)."""
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def is_api_path(path: str) -> bool:
    """True for the JSON API (``/api/...``), which never gets HTML."""
    return path == "/api" or path.startswith("/api/")


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The one JSON error shape.

    A message quoting what was sent may hold text that is not UTF-8 (an unpaired
    surrogate from a JSON escape): it is written escaped, never a 500.
    """
    return {"error": {"code": code, "message": _utf8(message), "field": field}}


def _utf8(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _render(
    request: Request,
    *,
    status: int,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Response:
    if is_api_path(request.url.path):
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        return _login_redirect(request)
    error = body["error"]
    context = {
        "status": status,
        "title": gettext(_TITLE_BY_STATUS.get(status, N_("Error"))),
        "message": error["message"],
        "code": error["code"],
    }
    return render(request, "error.html", context, status_code=status, headers=headers)


def _login_redirect(request: Request) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    location = "/login?next=" + quote(target, safe="/")
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


async def _coach_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CoachError)
    status = status_for(exc)
    if status >= 500:
        logger.error("%s on %s: %s", type(exc).__name__, request.url.path, exc.message)
    return _render(
        request, status=status, body=error_body(exc.code, _message(exc), exc.field)
    )


def _message(error: CoachError) -> str:
    """The error's message in the request's language (the core's own words for an
    invalid value; other messages as the core wrote them)."""
    if isinstance(error, InvalidInput) and error.custom_message is None:
        return gettext(
            INVALID_MESSAGE,
            field=error.field,
            expected=error.expected,
            value=repr(error.value),
        )
    return error.message


#: A part of a validation error's location that names a field (not a union
#: member's tag such as ``SessionIn`` or ``list[SessionIn]``).
_FIELD_PART = re.compile(r"^[a-z_][a-z0-9_-]*$")


def _field_of(error: Any) -> str | None:
    """The field at fault, written as the journal names it (``sets[0].reps``)."""
    if error.get("type") == "json_invalid":
        return "body"  # its location is a character offset, not a field
    field = ""
    for part in tuple(error.get("loc", ()))[1:]:  # after body, query, path...
        if isinstance(part, int):
            field += f"[{part}]"
        elif _FIELD_PART.match(str(part)):
            field += f".{part}" if field else str(part)
    return field or None


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _field_of(first)
    message = f"Invalid value for {field or 'request'}: {first.get('msg', 'invalid')}"
    if "input" in first and first.get("type") != "missing":
        message += f" (got {first['input']!r})"
    message += "."
    if len(errors) > 1:
        message += f" ({len(errors) - 1} more problem(s) in the request.)"
    return _render(
        request, status=422, body=error_body("invalid_input", message, field)
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail: Any = exc.detail
    if isinstance(detail, dict):
        code = str(detail.get("code", "error"))
        message = str(detail.get("message", ""))
        field = detail.get("field")
    else:
        code = _CODE_BY_STATUS.get(exc.status_code, "error")
        message = str(detail)
        field = None
    if exc.status_code == 404 and message == "Not Found":
        message = gettext("No page or resource at %(path)s.", path=request.url.path)
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    body = error_body(code, message, field)
    return _render(request, status=exc.status_code, body=body, headers=headers)


#: The order methods are listed in ``Allow``.
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """Every method of every route whose path matches this request's."""
    methods: set[str] = set()
    # FastAPI keeps included routers whole; this walks the routes inside them.
    for route in iter_route_contexts(request.app.routes):
        if route.methods:
            match, _ = route.matches(request.scope)
            if match is not Match.NONE:
                methods |= route.methods
    return ", ".join(sorted(methods, key=_method_rank))


def _method_rank(method: str) -> tuple[int, str]:
    known = method in _METHOD_ORDER
    return (_METHOD_ORDER.index(method) if known else len(_METHOD_ORDER), method)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s", request.url.path, exc_info=exc)
    body = error_body(
        "internal_error", gettext("An unexpected error occurred; it was logged.")
    )
    return _render(request, status=500, body=body)


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler above on ``app``."""
    app.add_exception_handler(CoachError, _coach_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
