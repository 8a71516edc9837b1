"""Stored titles in the reader's language (a scheduled session's title, a job's
stage): plain English text in the journal, looked up in the catalog when shown.

A title the adaptation lightened (``"Re-entry: Push day"``, ``"Deload (triggered):
Push day"``, a planned ``"Deload: Push day"``, see
:func:`pushback.domain.adaptation.lighter_title`) is its label and
the planned title, each looked up. Any other text is looked up whole and never
formatted (it may hold a ``%`` of the user's); text with no translation stays.
"""

from __future__ import annotations

from pushback import i18n
from pushback.domain.adaptation import lighter_title

__all__ = ["translated"]


def translated(text: str) -> str:
    """``text`` (stored English) in the current language (see the module)."""
    catalog = i18n.translations(i18n.current_language())
    parts = lighter_title(text) if text else None
    if parts is None:
        return catalog.gettext(text) if text else text
    label, rest = parts
    if not rest:
        return catalog.gettext(label)
    return i18n.gettext(
        "%(label)s: %(title)s",
        label=catalog.gettext(label),
        title=catalog.gettext(rest),
    )
