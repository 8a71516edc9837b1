"""The words of the page scripts, translated for the page.

The scripts in ``static/`` write their text as ``t("English %(name)s", {name: x})``
and ``tn("one rep", "%(num)s reps", n)``. Babel's JavaScript extractor finds those
calls (for ``scripts/i18n.py`` and here); every page carries the translations of
the current language as JSON (``<script type="application/json" id="js-messages">``,
not run, so the Content-Security-Policy is kept), and ``app.js`` looks them up.
English pages carry nothing: the message ids are the English text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.extract import extract_javascript

from pushback import i18n

__all__ = ["JS_KEYWORDS", "js_message_ids", "js_messages"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: The translation calls of the scripts: ``t(message)``, ``tn(one, other, n)``.
JS_KEYWORDS = {"t": None, "tn": (1, 2)}


@cache
def js_message_ids() -> tuple[str | tuple[str, str], ...]:
    """Every message of the page scripts: a text, or (singular, plural)."""
    found: dict[str | tuple[str, str], None] = {}
    for path in sorted(STATIC_DIR.glob("*.js")):
        with path.open("rb") as source:
            for _, _, message, _ in extract_javascript(source, JS_KEYWORDS, [], {}):
                if isinstance(message, tuple):
                    singular, plural = message[0], message[1]
                    if singular and plural:
                        found[(singular, plural)] = None
                elif isinstance(message, str) and message:
                    found[message] = None
    return tuple(found)


def js_messages() -> dict[str, str | list[str]]:
    """The current language's translations of the script messages (a plural:
    its forms for 1 and for 2); empty in English."""
    name = i18n.current_language()
    if name == i18n.DEFAULT_LANGUAGE:
        return {}
    active = i18n.translations(name)
    table: dict[str, str | list[str]] = {}
    for message in js_message_ids():
        if isinstance(message, tuple):
            one, other = message
            table[one] = [
                active.ngettext(one, other, 1),
                active.ngettext(one, other, 2),
            ]
        else:
            table[message] = active.gettext(message)
    return table
