"""``N_``: marks a constant text of the core for translation (standard library only;
Babel's extraction finds the calls, the web and CLI translate where they show it)."""

from __future__ import annotations

__all__ = ["N_"]


def N_(message: str) -> str:  # noqa: N802 - the usual gettext marker name
    """``message`` itself: the marker only tells the extractor it is a message."""
    return message
