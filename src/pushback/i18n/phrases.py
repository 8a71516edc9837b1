"""Phrases of the core (:mod:`pushback.domain.phrases`) in the reader's language.

A phrase is rebuilt from its recipe: the message looked up in the language's
catalog and filled with its values (each value a phrase in turn), an exercise by
its catalog name in that language, a list joined by the language's separator.
Plain text (the user's own words, text saved before phrases existed) is shown as
it is. A translation whose placeholders do not match the values falls back to the
English rather than failing a page (the catalog test keeps that from shipping).
"""

from __future__ import annotations

from typing import Any

from pushback import i18n
from pushback.domain.errors import INVALID_MESSAGE, CoachError, InvalidInput
from pushback.domain.phrases import Phrase
from pushback.domain.translations import load_texts, localized_catalog

__all__ = ["error_message", "localize"]


def localize(text: Any, language: str | None = None) -> Any:
    """``text`` in ``language`` (default: the language in force); what is not a
    phrase comes back unchanged."""
    if not isinstance(text, Phrase):
        return text
    name = language or i18n.current_language()
    if name == i18n.DEFAULT_LANGUAGE:
        return str(text)
    return _render(text, name)


def _render(text: Phrase, language: str) -> str:
    recipe = text.recipe
    catalog = i18n.translations(language)
    if recipe.kind == "exercise":
        found = localized_catalog(language).exercises.get(recipe.msgid)
        return found.name if found is not None else str(text)
    if recipe.kind == "table":
        return _table_text(language, recipe.msgid) or str(text)
    if recipe.kind == "join":
        separator = catalog.gettext(recipe.msgid)
        return separator.join(_local(part, language) for part in recipe.parts)
    values = {key: _local(value, language) for key, value in recipe.values.items()}
    if recipe.kind == "plural":
        message = catalog.ngettext(recipe.msgid, recipe.plural, recipe.number)
        values = {"num": recipe.number, **values}
        if "%(" not in message:
            return message
    else:
        message = catalog.gettext(recipe.msgid)
        if not recipe.values:
            return message
    try:
        return message % values
    except (KeyError, TypeError, ValueError):
        return str(text)


def _table_text(language: str, path: str) -> str | None:
    """The text at ``table/key/field[/index]`` in ``language``'s tables (None when the
    table lacks it); exercises through the localised catalog, whose lists are used
    only when as long as the English ones."""
    parts = path.split("/")
    if len(parts) not in (3, 4):
        return None
    table, key, field = parts[:3]
    if table == "exercises":
        entry = localized_catalog(language).exercises.get(key)
        value: Any = getattr(entry, field, None) if entry is not None else None
    else:
        value = load_texts(language, table).get(key, {}).get(field)
    if len(parts) == 4:
        if not isinstance(value, list | tuple) or not parts[3].isdigit():
            return None
        position = int(parts[3])
        value = value[position] if position < len(value) else None
    return value if isinstance(value, str) and value else None


def _local(value: Any, language: str) -> Any:
    return _render(value, language) if isinstance(value, Phrase) else value


def error_message(error: CoachError, language: str | None = None) -> str:
    """The message of a core error in ``language`` (default: the language in
    force): a phrase rebuilt in it; an :class:`InvalidInput` with a plain
    ``expected`` rebuilt from its parts, the expectation looked up in the
    catalog; any other plain message looked up as it is (English when the
    catalog does not have it)."""
    name = language or i18n.current_language()
    message = error.message
    if isinstance(error, InvalidInput) and error.custom_message is None:
        if not isinstance(error.expected, Phrase):
            catalog = i18n.translations(name)
            expected = catalog.gettext(error.expected) if error.expected else ""
            text = catalog.gettext(INVALID_MESSAGE)
            return text % {
                "field": error.field,
                "expected": expected,
                "value": repr(error.value),
            }
    if isinstance(message, Phrase):
        return str(localize(message, name))
    return i18n.translations(name).gettext(message) if message else message
