"""Shape checks for page forms and query strings, collecting one message per field.

The core checks meaning (ranges, known names) and raises one ``InvalidInput`` at a
time; these helpers catch the shape problems (a word where a number goes) of every
field at once, so the form can show each message next to its field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pushback.i18n import gettext

__all__ = ["FieldErrors", "optional_number", "optional_whole_number"]

FieldErrors = dict[str, str]


def _raw(values: Mapping[str, object], name: str) -> str:
    value = values.get(name)
    return str(value).strip() if value is not None else ""


def optional_number(
    values: Mapping[str, object], name: str, errors: FieldErrors
) -> float | None:
    """The field as a finite number (comma or point decimals), None when empty."""
    raw = _raw(values, name).replace(",", ".")
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        errors[name] = gettext("Enter a number (got %(raw)s).", raw=repr(raw))
        return None
    return number


def optional_whole_number(
    values: Mapping[str, object], name: str, errors: FieldErrors
) -> int | None:
    """The field as a whole number, None when empty."""
    raw = _raw(values, name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors[name] = gettext("Enter a whole number (got %(raw)s).", raw=repr(raw))
        return None
