"""Catalog and data prose without the team's internal references.

The catalog's prose was written against the evidence brief ("(brief 2.1)",
"[design]", "the seed's Day 1"); :func:`plain` turns those references into words
a reader knows ("the article", "our rule"), for the web pages and the CLI alike,
until the text itself is rewritten. Units are written as symbols (``ug`` -> µg).
"""

from __future__ import annotations

import re

from pushback.domain.catalog import Catalog

__all__ = ["catalog_name", "plain"]

# Internal references of the catalog prose, in the order they are replaced.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"\s*\[(?:verify|design)[^\]]*\]", ""),
        (r"\s*\((?:see )?brief(?: section)?(?: [\d.]+)?(?: side branch)?\)", ""),
        (r"[;,] brief section [\d.]+", ""),
        (r"\(brief [\d.]+[,;] ", "("),
        (r"\(brief: ", "("),
        (r"\s*\(section [\d.]+\)", ""),
        (r"\bBrief \[design\]:|\bBrief:", "Our rule:"),
        (r"\bBrief ladder(?: table)?:", "Our ladder:"),
        (
            r"\bneither the seed nor the brief gives",
            "neither the article nor the studies give",
        ),
        (r"\b[Nn]o study in the brief", "no study we reviewed"),
        (r"\bthe brief marks it", "it is marked as"),
        (r"\bthe brief supports", "the studies support"),
        (r"\bthe brief states", "the source states"),
        (r"\bthe brief gives", "we give"),
        (r"\bThe brief's", "Our"),
        (r"\bthe brief's", "our"),
        (r"\bThe brief (found|reviewed)", r"We \1"),
        (r"\bthe brief (found|reviewed)", r"we \1"),
        (r"\b([Tt])he brief (find|add|list)s\b", r"\1he studies we reviewed \2"),
        (r"\bthe brief\b", "our review of the studies"),
        (r"\bSeed day\b", "The article's day"),
        (r"\bThe seed's", "The article's"),
        (r"\bthe seed's", "the article's"),
        (r"\bThe seed\b", "The article"),
        (r"\bthe seed\b", "the article"),
        (r"\bseed claim\b", "claim of the article"),
        (r"(?<=\d) ?ug\b", " µg"),
        (r"\bug/", "µg/"),
        (r"\s+([.,;)])", r"\1"),
        (r"\(\s*\)", ""),
        (r"  +", " "),
    )
)


def plain(text: str | None, catalog: Catalog | None = None) -> str:
    """Catalog prose without internal references; an exercise slug written in
    parentheses becomes the exercise's name."""
    if not text:
        return ""
    for pattern, words in _REWRITES:
        text = pattern.sub(words, text)
    if catalog is not None:
        text = re.sub(
            r"\(([a-z0-9]+(?:-[a-z0-9]+)+)\)",
            lambda m: f"({catalog_name(catalog, m.group(1))})",
            text,
        )
    text = text.strip()
    return text[:1].upper() + text[1:]


def catalog_name(catalog: Catalog, slug: str) -> str:
    """The catalog name of ``slug``; an unknown slug as words."""
    found = catalog.exercises.get(slug)
    return found.name if found else slug.replace("-", " ").capitalize()
