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
    "CLAUSES",
    "ITEMS",
    "Phrase",
    "Recipe",
    "exercise_phrase",
    "from_json",
    "joined",
    "msg",
    "msg_n",
    "to_json",
]

#: Separators for :func:`joined`: clauses of one reason, items of a list.
CLAUSES: Final = N_("; ")
ITEMS: Final = N_(", ")

Kind = Literal["text", "plural", "exercise", "join"]


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
    if kind not in ("text", "plural", "exercise", "join") or not isinstance(
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
