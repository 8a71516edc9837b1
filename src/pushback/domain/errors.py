"""The one exception hierarchy of pushback.

Every error the core raises is a :class:`CoachError`. Front ends map them once
(``web/errors.py`` to HTTP statuses, ``cli/main.py`` to exit codes)::

    CoachError
    ├── InvalidInput (also a ValueError)   bad value from a user or a file
    ├── NotFound                           unknown exercise, plan, session, user
    ├── Conflict                           e.g. a name already taken
    ├── NotAllowed                         e.g. a plan before medical clearance
    ├── CatalogError                       broken shipped data (file + key named)
    ├── StorageError                       the journal could not be read or written
    └── AnalysisFailed                     no person, too few frames, unreadable video

Messages follow one grammar: *what* + *where* + *why* + *got*, and say what would be
accepted, e.g. ``Invalid value for reps: must be between 1 and 200 (got 0).``

A message is English text; raised as a phrase (``msg(...)``, see
:mod:`pushback.domain.phrases`) it keeps its recipe, so the front ends show it in
the reader's language (``pushback.i18n.phrases.error_message``). ``InvalidInput``
builds its message as a phrase from its parts (its ``expected`` may be a phrase).
"""

from __future__ import annotations

from typing import Any

from pushback.domain._words import N_
from pushback.domain.phrases import msg

__all__ = [
    "INVALID_HINT",
    "INVALID_MESSAGE",
    "AnalysisFailed",
    "CatalogError",
    "CoachError",
    "Conflict",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "StorageError",
]


class CoachError(Exception):
    """Base class of every error pushback raises on purpose.

    ``code`` is a stable machine-readable name used in JSON error bodies.
    """

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        """The error as the JSON body shared by the API and ``--json`` outputs."""
        return {"code": self.code, "message": self.message, "field": self.field}


#: The words of :class:`InvalidInput` (marked for translation: the web and the
#: CLI translate them with the field, the expectation and the value).
INVALID_MESSAGE = N_(
    "Invalid value for %(field)s: must be %(expected)s (got %(value)s)."
)
INVALID_HINT = N_("Must be %(expected)s (got %(value)s).")


class InvalidInput(CoachError, ValueError):
    """A value from a user or a file is out of range or of the wrong kind.

    Build it with the offending ``field``, the ``value`` received and what is
    ``expected``; the message then reads
    ``Invalid value for FIELD: must be EXPECTED (got VALUE).``
    """

    code = "invalid_input"

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        *,
        message: str | None = None,
    ) -> None:
        self.value = value
        self.expected = expected
        #: A message given by the caller (else the templates below are used).
        self.custom_message = message
        words = {"field": field, "expected": expected, "value": repr(value)}
        super().__init__(message or msg(INVALID_MESSAGE, **words), field=field)
        #: The message a form shows next to the field (which names it already).
        self.hint = message or msg(INVALID_HINT, **words)


class NotFound(CoachError):
    """Something named by the user does not exist (exercise slug, session id...)."""

    code = "not_found"


class Conflict(CoachError):
    """The request clashes with the current state (name taken, session closed...)."""

    code = "conflict"


class NotAllowed(CoachError):
    """The request is valid but may not be done now (e.g. a plan before clearance)."""

    code = "not_allowed"


class CatalogError(CoachError):
    """A shipped data file is broken; the message names the file and the key."""

    code = "catalog_error"

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        super().__init__(f"{file}: {key}: {problem}", field=key)


class StorageError(CoachError):
    """The journal could not be read or written (file corrupt, database down...)."""

    code = "storage_error"


class AnalysisFailed(CoachError):
    """A video or keypoint file cannot be analysed (no person, too few frames...)."""

    code = "analysis_failed"
