"""What every API schema shares: the response base models, number and time types,
the one error shape and the ``responses=`` of each route's error statuses.

Response models describe what the services return; routes keep returning the
services' dicts and FastAPI checks them against the model
(``response_model_exclude_unset``, so a key the service leaves out stays out and
the JSON is the one the CLI's ``--json`` prints). A key a strict model does not
name is a server error, which the tests catch, never a key silently dropped;
open-ended parts (an analysis result, a backup) allow extra keys.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Security
from fastapi.security import APIKeyCookie, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from pushback.web.auth import SESSION_COOKIE

__all__ = [
    "AUTHENTICATED",
    "ERROR_DESCRIPTIONS",
    "LOGIN",
    "WRITING",
    "ErrorDetail",
    "ErrorOut",
    "InModel",
    "IsoDate",
    "IsoDateTime",
    "Number",
    "OpenModel",
    "OutModel",
    "checked",
    "documented",
    "error_responses",
    "text_response",
]


class OutModel(BaseModel):
    """A response object whose keys are all known.

    Its schema is the validation one: a field with a default is a key the service
    may leave out (not required), a field without one is always there.
    """

    model_config = ConfigDict(extra="forbid", json_schema_mode_override="validation")


class OpenModel(BaseModel):
    """A response object with a stable top level and more keys allowed."""

    model_config = ConfigDict(extra="allow", json_schema_mode_override="validation")


class InModel(BaseModel):
    """A request body: unknown keys are refused (422 naming the key), and values
    are taken as the JSON types the schema names (``"12"`` or ``false`` is not a
    number; an int is a fine float)."""

    model_config = ConfigDict(extra="forbid", strict=True)


#: An int or a float kept as it came (80 stays 80, 80.0 stays 80.0).
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
#: A calendar date as the services write it (``2026-03-02``).
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
#: A time with its zone as the services write it (``2026-03-02T18:00:00+00:00``).
IsoDateTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


class ErrorDetail(OutModel):
    """What went wrong: a stable ``code``, a sentence, and the field at fault."""

    code: str = Field(examples=["invalid_input"])
    message: str = Field(
        examples=[
            "Invalid value for reps: must be a whole number from 0 to 1000 (got -1)."
        ]
    )
    field: str | None = Field(examples=["reps"])


class ErrorOut(OutModel):
    """The one error shape of every API error."""

    error: ErrorDetail


def checked(default: Any = None, **schema: Any) -> Any:
    """A body field whose limits the journal checks itself, naming the field by its
    place in the body (``sessions[0].sets[1].reps``, ``set.rir``): the schema
    documents them (``minimum``, ``maximum``, ``pattern``, ...) from the same
    constants, and validation leaves them to the journal.
    """
    description = schema.pop("description", None)
    examples = schema.pop("examples", None)
    return Field(
        default=default,
        description=description,
        examples=examples,
        json_schema_extra=schema,
    )


#: What each error status means on this API.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The request body could not be read (not UTF-8 text, or not the declared "
    "content type).",
    401: "Not logged in: no session cookie, and no valid "
    "`Authorization: Bearer pbk_...` token (`invalid_token` for an unknown or "
    "revoked one).",
    403: "Refused: `csrf_failed` when a request with the session cookie lacks the "
    "`X-CSRF-Token` header (token requests need none); `not_allowed` while a "
    "PAR-Q+ answer needs medical clearance first.",
    404: "Not found: no such resource for this account, or an unknown exercise slug.",
    409: "Conflict with the current state (already finished, nothing open, a key "
    "used by another account).",
    422: "Invalid input: the field is named in `error.field`, the message says what "
    "would be accepted.",
    503: "The journal database could not be read or written; nothing was half-saved.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entries of ``statuses``, each with the error shape."""
    return {
        status: {"model": ErrorOut, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


def text_response(media_type: str, description: str) -> dict[str, Any]:
    """A 200 answer's extra content type (CSV, iCalendar) beside its JSON."""
    return {
        "description": description,
        "content": {media_type: {"schema": {"type": "string"}}},
    }


#: The two ways to log in, as the schema's security schemes. They only document:
#: ``deps.current_user`` checks the credentials (no ``auto_error``).
LOGIN = [
    Security(
        HTTPBearer(
            auto_error=False,
            scheme_name="token",
            description="A personal token made on the Settings page: "
            "`Authorization: Bearer pbk_...`.",
        )
    ),
    Security(
        APIKeyCookie(
            name=SESSION_COOKIE,
            auto_error=False,
            scheme_name="login",
            description="The browser's login; requests that change something also "
            "send the page's `X-CSRF-Token` header.",
        )
    ),
]

#: Errors any route behind a login may answer.
AUTHENTICATED: tuple[int, ...] = (401, 503)
#: Errors any route changing something may answer, besides its own: the body could
#: not be read, the CSRF token is missing, a value is refused.
WRITING: tuple[int, ...] = (400, 401, 403, 422, 503)


def documented(model: Any, *statuses: int, **extra: Any) -> dict[str, Any]:
    """A route's ``response_model``, its error ``responses`` and ``extra`` options.

    Keys a service leaves out of its JSON stay out (``response_model_exclude_unset``).
    """
    responses = error_responses(*sorted(set(statuses)))
    responses.update(extra.pop("responses", {}))
    return {
        "response_model": model,
        "response_model_exclude_unset": True,
        "responses": responses,
        **extra,
    }
