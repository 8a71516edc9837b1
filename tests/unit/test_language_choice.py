"""Choosing the language (Accept-Language, tags, the CLI's startup scan) and Babel's
dates, numbers and units per language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pushback import i18n
from pushback.cli.main import _startup_language, language_of
from pushback.domain.errors import InvalidInput
from pushback.i18n import formats

ZH = "zh_Hans_CN"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN", ZH),
        ("zh-Hans", ZH),
        ("zh", ZH),
        ("zh-Hans-CN", ZH),
        ("zh-SG", ZH),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("fr;q=1, zh-CN;q=0.7, en;q=0.8", "en"),
        ("fr, de;q=0.8, zh;q=0.1", ZH),
        ("zh-TW", "en"),
        ("zh-Hant, en;q=0.5", "en"),
        ("zh;q=0, en", "en"),
        ("zh;q=abc", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_accept_language_picks_our_language(header: str | None, expected: str) -> None:
    assert i18n.negotiate(header) == expected


@pytest.mark.parametrize("tag", ["zh-CN", "zh_CN.UTF-8", "ZH-hans", "zh"])
def test_the_cli_accepts_the_usual_ways_of_naming_chinese(tag: str) -> None:
    assert language_of(tag) == ZH
    assert language_of(None) == "en"


def test_the_cli_refuses_a_language_it_has_no_catalog_for() -> None:
    with pytest.raises(InvalidInput, match="en, zh-CN"):
        language_of("fr")


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "zh-CN", "today"], {}, ZH),
        (["--lang=zh", "today"], {}, ZH),
        (["today", "--lang", "zh-CN"], {}, "en"),  # the command's, not ours
        (["today"], {"PUSHBACK_LANG": "zh-CN"}, ZH),
        (["--lang", "en", "today"], {"PUSHBACK_LANG": "zh-CN"}, "en"),
        (["--lang", "xx", "today"], {}, "en"),  # reported when the command runs
    ],
)
def test_the_help_language_is_read_before_the_commands_are_built(
    argv: list[str], environ: dict[str, str], expected: str
) -> None:
    assert _startup_language(argv, environ) == expected


def test_a_language_block_restores_the_previous_language() -> None:
    with i18n.language(ZH):
        assert i18n.current_language() == ZH
        with i18n.language("en"):
            i18n.choose(ZH)
            assert i18n.current_language() == ZH
        assert i18n.current_language() == ZH
    assert i18n.current_language() == "en"


def test_dates_numbers_and_units_follow_the_language() -> None:
    day = date(2026, 3, 2)
    moment = datetime(2026, 3, 2, 18, 5, tzinfo=UTC)
    with i18n.language("en"):
        assert formats.format_day(day) == "Mon 2 Mar 2026"
        assert formats.format_day_short(day) == "2 Mar"
        assert formats.format_duration(90) == "1 min 30 s"
        assert formats.format_quantity(2100, "kcal", 0) == "2,100 kcal"
        assert formats.format_clock(moment, "Asia/Shanghai") == "02:05"
    with i18n.language(ZH):
        assert formats.format_day(day) == "2026年3月2日周一"
        assert formats.format_day_short(day) == "3月2日"
        assert formats.format_weekday(day) == "周一"
        assert formats.format_duration(90) == "1分钟30秒"
        assert formats.format_duration(45) == "45秒"
        assert formats.format_quantity(2100, "kcal", 0) == "2,100千卡"
        assert formats.format_number(1234.56) == "1,234.6"
        assert formats.format_day("2026-03-02T10:00:00") == "2026年3月2日周一"
