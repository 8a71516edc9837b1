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
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "N_",
    "choose",
    "current_language",
    "gettext",
    "html_lang",
    "language",
    "language_of_tag",
    "negotiate",
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

#: Each language's name in itself, as a language menu shows it.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh_Hans_CN": "简体中文"}
#: BCP 47 tags (HTML ``lang``, ``speechSynthesis``) of our languages.
_HTML_TAGS: dict[str, str] = {"en": "en", "zh_Hans_CN": "zh-CN"}
#: Tags of Traditional Chinese: not served Simplified Chinese on a guess.
_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})

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


def choose(name: str) -> None:
    """Use language ``name`` for the rest of the current task (a web request whose
    language was set by a :func:`language` block, which restores it)."""
    _CURRENT.set(name if name in LANGUAGES else DEFAULT_LANGUAGE)


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


def language_of_tag(tag: str) -> str | None:
    """Our language for a BCP 47 or POSIX tag, or None: ``zh``, ``zh-CN``,
    ``zh-Hans``, ``zh_Hans_CN``, ``zh-SG`` -> ``zh_Hans_CN``; ``en-GB`` -> ``en``;
    Traditional Chinese (``zh-TW``, ``zh-Hant``) and others -> None."""
    parts = [part.casefold() for part in tag.strip().replace("_", "-").split("-")]
    parts = [part.split(".")[0] for part in parts if part]  # zh_CN.UTF-8
    if not parts:
        return None
    if parts[0] == "zh" and not _TRADITIONAL & set(parts[1:]):
        found = "zh_Hans_CN"
    elif parts[0] == "en":
        found = "en"
    else:
        return None
    return found if found in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """The language an ``Accept-Language`` header asks for (highest q first,
    header order among equals); English when none of ours is acceptable."""
    choices: list[tuple[float, int, str]] = []
    for index, item in enumerate((accept_language or "").split(",")):
        tag, _semicolon, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _equals, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found = language_of_tag(tag)
        if found is not None and quality > 0:
            choices.append((-quality, index, found))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


def html_lang(name: str | None = None) -> str:
    """The BCP 47 tag of ``name`` (default: the current language)."""
    name = name or current_language()
    return _HTML_TAGS.get(name, name.replace("_", "-"))
