"""Phrases: English text of the core that remembers how it was made.

The core writes reasons, notes and advice in English, often from parts (an exercise
name, a number, a list of clauses). A :class:`Phrase` *is* that English string, so
every caller that treats it as text keeps working, and it also keeps its recipe: a
message id with named values, a plural with its count, a catalog exercise by slug,
or a list of phrases joined by a separator. A layer that knows the reader's language
(``pushback.i18n.phrases``) rebuilds the text from the recipe in that language, the
whole sentence as one message, so a translation may move every value.

A phrase survives storage: :func:`to_json` gives plain JSON (lists, dicts, strings,
numbers) and :func:`from_json` the phrase again; text saved before phrases existed
is plain English and stays so.

Standard library only; Babel finds the messages through the ``msg`` and
``msg_n`` keywords (``scripts/i18n.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pushback.domain._words import N_

__all__ = [
    "AND",
    "CLAUSES",
    "ITEMS",
    "WORDS_KEY",
    "Phrase",
    "Recipe",
    "exercise_phrase",
    "from_json",
    "joined",
    "msg",
    "msg_n",
    "read_words",
    "table_phrase",
    "to_json",
    "with_words",
]

#: Separators for :func:`joined`: clauses of one reason, items of a list.
CLAUSES: Final = N_("; ")
ITEMS: Final = N_(", ")
AND: Final = N_(" and ")

Kind = Literal["text", "plural", "exercise", "table", "join"]


@dataclass(frozen=True)
class Recipe:
    """How a phrase is made: a message (``text``), a plural (``plural`` is the
    other form, ``number`` the count), a catalog exercise (``msgid`` is its slug)
    or a list of ``parts`` joined by the message ``msgid``."""

    kind: Kind
    msgid: str
    plural: str = ""
    number: int = 0
    values: Mapping[str, Any] = field(default_factory=dict)
    parts: tuple[str, ...] = ()


class Phrase(str):
    """English text with its recipe (see the module)."""

    recipe: Recipe

    def __new__(cls, english: str, recipe: Recipe) -> Phrase:
        self = super().__new__(cls, english)
        self.recipe = recipe
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the recipe
        return (from_json, (to_json(self),))


def msg(msgid: str, /, **values: Any) -> Phrase:
    """The message ``msgid`` (``%(name)s`` placeholders) filled with ``values``."""
    english = msgid % values if values else msgid
    return Phrase(english, Recipe("text", msgid, values=values))


def msg_n(singular: str, plural: str, count: int, /, **values: Any) -> Phrase:
    """The singular or plural message for ``count`` (``%(num)d`` is ``count``)."""
    text = singular if count == 1 else plural
    filled = {"num": count, **values}
    english = text % filled if "%(" in text else text
    return Phrase(english, Recipe("plural", singular, plural, count, values))


def exercise_phrase(slug: str, name: str) -> Phrase:
    """A catalog exercise's name (``name``, the English), shown in the reader's
    language by its ``slug``."""
    return Phrase(name, Recipe("exercise", slug))


def table_phrase(
    table: str, key: str, field: str, english: str, index: int | None = None
) -> Phrase:
    """Text of a per-language data table (``pushback.domain.translations``): field
    ``field`` of entry ``key`` of ``table`` (item ``index`` of a list field), whose
    English is ``english``; e.g. ``table_phrase("faults", "shrug", "advice", ...)``
    or ``table_phrase("exercises", "push-up", "cues", cue, 2)``."""
    path = "/".join((table, key, field, *(() if index is None else (str(index),))))
    return Phrase(english, Recipe("table", path))


def joined(separator: str, parts: Iterable[str]) -> Phrase:
    """``parts`` joined by ``separator`` (a message too: ``"; "`` becomes ``"；"``)."""
    kept = tuple(part for part in parts if part)
    return Phrase(separator.join(kept), Recipe("join", separator, parts=kept))


def to_json(text: str) -> Any:
    """Plain JSON for ``text``: a phrase's recipe, or the string itself."""
    if not isinstance(text, Phrase):
        return str(text)
    recipe = text.recipe
    data: dict[str, Any] = {"k": recipe.kind, "m": recipe.msgid, "en": str(text)}
    if recipe.kind == "plural":
        data["p"] = recipe.plural
        data["n"] = recipe.number
    if recipe.values:
        data["v"] = {key: _value_json(value) for key, value in recipe.values.items()}
    if recipe.parts:
        data["parts"] = [to_json(part) for part in recipe.parts]
    return data


def _value_json(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return to_json(str(value) if not isinstance(value, str) else value)
    return value


def from_json(data: Any) -> str:
    """The phrase :func:`to_json` wrote (a string stays a string); anything else
    (a damaged record) gives its English if it has one, else ``""``."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("en"), str):
        return ""
    kind = data.get("k")
    if kind not in ("text", "plural", "exercise", "table", "join") or not isinstance(
        data.get("m"), str
    ):
        return str(data["en"])
    values = data.get("v") or {}
    parts = data.get("parts") or []
    if not isinstance(values, dict) or not isinstance(parts, list):
        return str(data["en"])
    count = data.get("n", 0)
    recipe = Recipe(
        kind,
        data["m"],
        plural=str(data.get("p", "")),
        number=count if isinstance(count, int) else 0,
        values={
            str(key): value if isinstance(value, int | float) else from_json(value)
            for key, value in values.items()
        },
        parts=tuple(from_json(part) for part in parts),
    )
    return Phrase(data["en"], recipe)


#: The key under which a stored JSON object keeps the recipes of its phrases.
WORDS_KEY: Final = "words"


def with_words(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a ``"words"`` entry holding the recipe of each field that is a
    phrase or a list holding one (the fields themselves stay English text)."""
    words: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Phrase):
            words[key] = to_json(value)
        elif isinstance(value, list | tuple) and any(
            isinstance(v, Phrase) for v in value
        ):
            words[key] = [to_json(item) for item in value]
    return {**data, WORDS_KEY: words} if words else data


def _has_phrase(items: list[Any] | tuple[Any, ...]) -> bool:
    return any(isinstance(item, Phrase) for item in items)


def read_words(data: Any) -> Any:
    """Stored JSON with its phrases back (the inverse of :func:`with_words`, at any
    depth); objects without recipes come back as they were."""
    if isinstance(data, list):
        return [read_words(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: read_words(value) for key, value in data.items() if key != WORDS_KEY}
    words = data.get(WORDS_KEY)
    if not isinstance(words, dict):
        if WORDS_KEY in data:
            out[WORDS_KEY] = words
        return out
    for key, recipe in words.items():
        if isinstance(recipe, list) and isinstance(out.get(key), list):
            out[key] = [
                from_json(item) or str(old)
                for item, old in zip(recipe, out[key], strict=False)
            ]
        elif key in out and isinstance(out[key], str):
            out[key] = from_json(recipe) or out[key]
    return out
