"""Every non-English message catalog is complete and safe to format.

A message that is untranslated, fuzzy, or whose placeholders differ from the
English would show English on a Chinese page or raise while formatting; the test
also runs ``pybabel compile --statistics`` as a packager would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from pushback.analysis.faults import FAULTS
from pushback.domain.translations import translated
from pushback.i18n import LANGUAGES, LOCALE_DIR, language, ngettext, translations

OTHER_LANGUAGES = [name for name in LANGUAGES if name != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def catalog(name: str) -> Catalog:
    with (LOCALE_DIR / name / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=name)


def template_ids() -> set[str]:
    with (LOCALE_DIR / "messages.pot").open("rb") as source:
        pot = read_po(source)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in pot if m.id}


def test_chinese_has_a_catalog() -> None:
    assert "zh_Hans_CN" in OTHER_LANGUAGES


@pytest.mark.parametrize("name", OTHER_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(name: str) -> None:
    found = catalog(name)
    missing = [m.id for m in found if m.id and not all(_strings(m.string))]
    fuzzy = [m.id for m in found if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}
    assert template_ids() - ids == set(), "run python scripts/i18n.py"


@pytest.mark.parametrize("name", OTHER_LANGUAGES)
def test_placeholders_match_the_english(name: str) -> None:
    problems = []
    for message in catalog(name):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[-1]
        for text in _strings(message.string):
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english)):
                problems.append((english, text))
            if text.replace("%%", "").count("%") != len(PLACEHOLDER.findall(text)):
                problems.append((english, text))
        problems += [(english, str(error)) for error in message.check(catalog(name))]
    assert problems == []


@pytest.mark.parametrize("name", OTHER_LANGUAGES)
def test_pybabel_compiles_the_catalog_without_errors(name: str, tmp_path: Path) -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run(
        # -i/-o, not -d: with -d pybabel writes the .mo beside the catalog too.
        [str(pybabel), "compile", "--statistics", "-l", name,
         "-i", str(LOCALE_DIR / name / "LC_MESSAGES" / "messages.po"),
         "-o", str(tmp_path / "messages.mo")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "error" not in output, output
    assert "(100%) translated" in output, output


def test_chinese_plurals_fill_the_count() -> None:
    with language("zh_Hans_CN"):
        assert ngettext("%(num)d set", "%(num)d sets", 3) == "3 组"
        assert ngettext("%(num)d set", "%(num)d sets", 1) == "1 组"


def test_fault_names_agree_with_the_fault_table() -> None:
    chinese = translations("zh_Hans_CN")
    for code, fault in FAULTS.items():
        table = translated("zh_Hans_CN", "faults", code, "title", fault.title)
        assert chinese.gettext(fault.title) == table, code


def _strings(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
