"""English left in a text meant for a Chinese reader: the words outside a small
allow-list (brand, units, the names of tests and bodies, author-year citations).

The same rules as the browser walk (``tests/e2e/test_chinese_pages.py``), for
the texts of the core as the CLI and the pages show them.
"""

from __future__ import annotations

import re

#: Words that stay as written in Chinese text (case-insensitive).
ALLOWED = frozenset(
    word.casefold()
    for word in (
        "pushback", "kg", "g", "µg", "IU", "kcal", "cm", "PAR-Q", "CSEP", "ACSM",
        "ACOG", "CO", "NIH", "IOM", "ODS", "JB", "Charleston", "PT", "plus", "D",
        "Mifflin-St", "Jeor", "et", "al", "n", "RM", "RIR",
    )
)  # fmt: skip
#: An English source cited by author and year: "Kang 2019", "Snarr & Esco 2013".
CITATION = re.compile(
    r"\b[A-Z][A-Za-z'-]+(?: (?:&|and) [A-Z][A-Za-z'-]+)?(?: et al\.?)? \d{4}\b"
)
WORD = re.compile(r"[A-Za-zµμ][A-Za-z0-9µμ.'-]*[A-Za-z0-9]|[A-Za-z]")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
YEAR = re.compile(r"(?:19|20)\d\d")


def english_words(text: str) -> set[str]:
    """The English words of ``text`` that are not allowed in Chinese text."""
    text = CITATION.sub(" ", re.sub(r"\s+", " ", text))  # a citation may wrap
    text = re.sub(r"/\S*", " ", text)  # units per day (g/kg/天) and paths
    return {
        word for word in WORD.findall(text) if word.casefold().strip(".") not in ALLOWED
    }


def numbers(text: str) -> list[str]:
    """The numbers of ``text``, sorted, without the years of citations (a
    translation keeps every figure; it may name a study by author and year)."""
    return sorted(n for n in NUMBER.findall(text) if not YEAR.fullmatch(n))
