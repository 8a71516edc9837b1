"""Words for the codes pages show: nutrition note topics, activity levels, sexes,
pain locations and the stages of a video analysis. Marked with ``N_`` where they
are defined and translated where they are shown (the ``word`` global)."""

from __future__ import annotations

from collections.abc import Mapping

from pushback.analysis.faults import FAULTS
from pushback.i18n import N_, gettext

__all__ = ["WORDS", "fault_name", "word"]

WORDS: Mapping[str, Mapping[str, str]] = {
    "topic": {
        "protein": N_("Protein"),
        "per-meal": N_("Protein per meal"),
        "vitamin-d": N_("Vitamin D"),
        "foods": N_("Foods"),
        "clinician": N_("Ask a doctor"),
        "energy": N_("Energy"),
    },
    # Activity factors of the Mifflin-St Jeor estimate, as Medscape describes them.
    "activity": {
        "sedentary": N_("Sitting most of the day"),
        "light": N_("Light exercise 1–3 days a week"),
        "moderate": N_("Moderate exercise 3–5 days a week"),
        "very-active": N_("Hard exercise 6–7 days a week"),
        "extra-active": N_("Very hard exercise or a physical job"),
    },
    "sex": {"male": N_("Male"), "female": N_("Female")},
    "job": {
        "queued": N_("waiting"),
        "running": N_("analysing"),
        "done": N_("done"),
        "failed": N_("failed"),
        "cancelled": N_("cancelled"),
    },
}


def word(kind: str, key: str | None) -> str:
    """The words for code ``key`` of ``kind`` in the current language; an unknown
    code as words (``very-active`` -> ``Very active``)."""
    if not key:
        return ""
    known = WORDS.get(kind, {}).get(key)
    if known:
        return gettext(known)
    return key.replace("-", " ").replace("_", " ").capitalize()


def fault_name(code: str) -> str:
    """A form fault in words (``hip-sag`` -> ``Hips sagging``), never its code."""
    fault = FAULTS.get(code)
    return gettext(fault.title) if fault else word("fault", code)
