"""Error messages of the API and the error pages in the request's language.

``web/errors.py`` builds every error body; the words come from here:

* fixed messages (not logged in, unknown token, CSRF, unexpected error, a backup
  preview that expired) are marked with ``N_`` below and looked up as they are;
* a core error raised as a phrase (``msg(...)``) is rebuilt in the request's
  language; a core :class:`InvalidInput` is rewritten from its parts (field,
  expected, value): ``Invalid value for reps: must be a whole number (got 'x').``,
  its *expected* translated (a phrase, or looked up in the catalog);
* a request that fails FastAPI's shape checks names the field and says what is
  wrong from pydantic's error type (its English message when the type is not one
  of those below);
* any other message is looked up as it is and stays English when the catalog
  does not have it (a message built with values by the core).

English output is exactly the core's (every English template below reads as the
message the core builds), so clients that match messages keep working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pushback.domain.errors import CoachError
from pushback.domain.phrases import Phrase
from pushback.i18n import N_, gettext, ngettext
from pushback.i18n.phrases import error_message, localize

__all__ = [
    "FIXED_MESSAGES",
    "coach_error_message",
    "known_message",
    "not_found_message",
    "validation_message",
]

#: Messages raised as they are (looked up in the catalog when shown).
FIXED_MESSAGES: tuple[str, ...] = (
    N_("Log in, or send a personal API token as 'Authorization: Bearer TOKEN'."),
    N_("Unknown or revoked API token."),
    N_(
        "The form's CSRF token is missing or expired: reload the page and submit "
        "it again."
    ),
    N_("An unexpected error occurred; it was logged."),
    N_("That backup preview has expired: choose the file again."),
    N_("No assessment yet: take the assessment first."),
    N_("Wrong name or password."),
    N_("No workout is open: log a set first."),
    N_("Method Not Allowed"),
    N_("invalid request"),
)

#: Pydantic error types as words; ``%(name)s`` values come from the error's ctx.
_PYDANTIC_WORDS: Mapping[str, str] = {
    "missing": N_("Field required"),
    "int_parsing": N_(
        "Input should be a valid integer, unable to parse string as an integer"
    ),
    "int_type": N_("Input should be a valid integer"),
    "float_parsing": N_(
        "Input should be a valid number, unable to parse string as a number"
    ),
    "float_type": N_("Input should be a valid number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "string_type": N_("Input should be a valid string"),
    "json_invalid": N_("JSON decode error"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "string_too_long": N_("String should have at most %(max_length)s characters"),
    "string_too_short": N_("String should have at least %(min_length)s characters"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
}  # fmt: skip


def known_message(message: str) -> str:
    """``message`` in the current language when the catalog has it, else as is."""
    if isinstance(message, Phrase):  # the core's words, rebuilt in the language
        return str(localize(message))
    return gettext(message) if message else message


def not_found_message(path: str) -> str:
    """The 404 message for a path with no route."""
    return gettext("No page or resource at %(path)s.", path=path)


def coach_error_message(error: CoachError) -> str:
    """The message of a core error in the current language (see the module
    docstring for what is translated)."""
    return error_message(error)


def validation_message(errors: Sequence[Any], field: str | None) -> str:
    """One sentence for FastAPI's validation ``errors`` (the first named)."""
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    message = gettext(
        "Invalid value for %(field)s: %(problem)s",
        field=field or gettext("request"),
        problem=_problem(first),
    )
    if "input" in first and first.get("type") != "missing":
        message += gettext(" (got %(value)s)", value=repr(first["input"]))
    message += gettext(".")
    if len(errors) > 1:
        message += ngettext(
            " (%(num)d more problem(s) in the request.)",
            " (%(num)d more problem(s) in the request.)",
            len(errors) - 1,
        )
    return message


def _problem(error: Mapping[str, Any]) -> str:
    words = _PYDANTIC_WORDS.get(str(error.get("type")))
    english = str(error.get("msg", "invalid"))
    if words is None:
        return known_message(english)
    values = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        text = gettext(words, **values) if values else gettext(words)
    except (KeyError, ValueError):
        return english
    # Where the catalog has no entry the English template is pydantic's own
    # message; keep pydantic's exact words then.
    return english if text == (words % values if values else words) else text
