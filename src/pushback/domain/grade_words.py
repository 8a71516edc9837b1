"""Evidence grades in words: a label a person understands and a sentence that
explains it (``design`` -> "Our rule"), for the web pages and the CLI. Marked with
``N_``; translated where they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pushback.domain._words import N_

__all__ = ["GRADE_WORDS", "GradeWords", "grade_label"]


@dataclass(frozen=True)
class GradeWords:
    """How sure we are, in words: a label and a sentence that explains it."""

    label: str
    explanation: str


#: Evidence grades (catalog.EVIDENCE_GRADES) as words.
GRADE_WORDS: Mapping[str, GradeWords] = {
    "A": GradeWords(
        N_("Strong evidence"),
        N_("Several controlled studies, or a review of them, agree."),
    ),
    "B": GradeWords(N_("Some evidence"), N_("At least one study measured this.")),
    "C": GradeWords(
        N_("Expert opinion"),
        N_("Coaches and textbooks agree, but no study measured it directly."),
    ),
    "verify": GradeWords(
        N_("Not yet checked"),
        N_("A figure quoted second-hand; we have not checked the original study."),
    ),
    "design": GradeWords(
        N_("Our rule"),
        N_("No study gives a number here, so we chose a careful one."),
    ),
    "unsupported": GradeWords(
        N_("The article's claim, not supported by studies"),
        N_("The article says so, but we found no study that backs it."),
    ),
    "untested": GradeWords(
        N_("The article's claim, not tested yet"),
        N_("The article says so, and no study has tested it either way."),
    ),
}


def grade_label(grade: str) -> str:
    """The untranslated label of ``grade`` (an unknown grade as it is)."""
    words = GRADE_WORDS.get(grade)
    return words.label if words else grade
