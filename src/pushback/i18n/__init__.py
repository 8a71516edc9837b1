"""Translations: gettext catalogs per language, chosen per request or command.

The English text in the code and templates is the message id; other languages
live in ``pushback/locale/<language>/LC_MESSAGES/messages.po`` (Babel's layout),
read once per process and compiled in memory (no build step, nothing to forget).

The language in force is a context variable: the web app sets it once per
request (``language(...)``) and the CLI once per command, so concurrent requests
never see each other's language, and the template engine's gettext callables are
installed once (installing translations per request is not safe across requests).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "current_language",
    "gettext",
    "language",
    "ngettext",
    "npgettext",
    "pgettext",
    "translations",
]

#: Where the catalogs live (shipped with the package).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LANGUAGE = "en"
#: Languages with a catalog, as Babel names them, the default first.
LANGUAGES: tuple[str, ...] = (DEFAULT_LANGUAGE,) + tuple(
    sorted(
        folder.name
        for folder in LOCALE_DIR.glob("*")
        if (folder / "LC_MESSAGES" / "messages.po").is_file()
        and folder.name != DEFAULT_LANGUAGE
    )
)

_CURRENT: ContextVar[str] = ContextVar("pushback_language", default=DEFAULT_LANGUAGE)


@cache
def translations(name: str) -> _gettext.NullTranslations:
    """The compiled catalog of language ``name`` (English: the message ids)."""
    path = LOCALE_DIR / name / "LC_MESSAGES" / "messages.po"
    if name == DEFAULT_LANGUAGE or not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=name)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def current_language() -> str:
    """The language of this request or command."""
    return _CURRENT.get()


@contextmanager
def language(name: str) -> Iterator[None]:
    """Use language ``name`` in the block (one request, one command)."""
    token = _CURRENT.set(name if name in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def N_(message: str) -> str:  # noqa: N802 - the usual gettext marker name
    """Mark ``message`` for translation where it is defined (a constant); it is
    translated where it is shown, with ``gettext``."""
    return message


def _active() -> _gettext.NullTranslations:
    return translations(_CURRENT.get())


def gettext(message: str, /, **values: object) -> str:
    """``message`` in the current language, its ``%(name)s`` placeholders filled
    from ``values`` after translation (so a translation may move them)."""
    text = _active().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form for ``count`` in the current language
    (``%(num)d`` is ``count``)."""
    text = _active().ngettext(singular, plural, count)
    return text % {"num": count, **values} if "%(" in text else text


def pgettext(context: str, message: str) -> str:
    """``message`` in ``context`` (a short word with several meanings)."""
    return _active().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    """:func:`ngettext` with a context."""
    return _active().npgettext(context, singular, plural, count)
