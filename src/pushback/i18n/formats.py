"""Dates, numbers and units in the current language, formatted by Babel (CLDR).

English keeps the one format pages have always used (``Mon 2 Mar 2026``); other
languages take CLDR's pattern for the same fields (``2026年3月2日周一``), so a
reader meets the order and the words their own calendar uses. Units are CLDR's
short unit names (``1 min 30 s``, ``1分钟30秒``; ``70 kg``, ``70公斤``).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_skeleton
from babel.dates import format_time as _format_time
from babel.numbers import format_decimal
from babel.units import format_unit

from pushback.i18n import DEFAULT_LANGUAGE, current_language

__all__ = [
    "format_clock",
    "format_day",
    "format_day_short",
    "format_duration",
    "format_number",
    "format_quantity",
    "format_weekday",
    "locale_of",
]

#: Our English patterns (one format on every page); other languages use CLDR
#: skeletons for the same fields.
_ENGLISH = {"yMMMEd": "EEE d MMM y", "MMMd": "d MMM", "E": "EEE", "Hm": "HH:mm"}
#: Units we write, as CLDR names them.
_UNITS = {
    "kg": "mass-kilogram",
    "lb": "mass-pound",
    "g": "mass-gram",
    "µg": "mass-microgram",
    "kcal": "energy-kilocalorie",
    "cm": "length-centimeter",
    "deg": "angle-degree",
    "s": "duration-second",
    "min": "duration-minute",
}


def locale_of(name: str | None = None) -> Locale:
    """The Babel locale of language ``name`` (default: the current one)."""
    return _locale(name or current_language())


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _day_of(moment: date | datetime | str, time_zone: str | None) -> date:
    if isinstance(moment, str):
        return date.fromisoformat(moment[:10])
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo(time_zone or "UTC")).date()
    return moment


def _pattern(skeleton: str, moment: date | datetime) -> str:
    name = current_language()
    if name == DEFAULT_LANGUAGE:
        if isinstance(moment, datetime) and skeleton == "Hm":
            return _format_time(moment, _ENGLISH[skeleton], locale="en")
        return _format_date(moment, _ENGLISH[skeleton], locale="en")
    return format_skeleton(skeleton, moment, locale=locale_of(name))


def format_day(moment: date | datetime | str, time_zone: str | None = None) -> str:
    """``Mon 2 Mar 2026`` / ``2026年3月2日周一``: the one way pages write a day (a
    moment is shown in ``time_zone``, the user's; a string is an ISO date)."""
    return _pattern("yMMMEd", _day_of(moment, time_zone))


def format_day_short(
    moment: date | datetime | str, time_zone: str | None = None
) -> str:
    """``2 Mar`` / ``3月2日``: a day of this year, in tables and calendars."""
    return _pattern("MMMd", _day_of(moment, time_zone))


def format_weekday(moment: date | datetime | str, time_zone: str | None = None) -> str:
    """``Mon`` / ``周一``."""
    return _pattern("E", _day_of(moment, time_zone))


def format_clock(moment: datetime, time_zone: str | None = None) -> str:
    """``18:05`` in ``time_zone``: the time of day, 24-hour in both languages."""
    local = moment.astimezone(ZoneInfo(time_zone or "UTC"))
    return _pattern("Hm", local)


def format_number(value: float | int, digits: int = 1) -> str:
    """``1,234.5`` / ``1,234.5``: at most ``digits`` decimals, grouped."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, pattern, locale=locale_of())


def format_quantity(value: float | int, unit: str, digits: int = 1) -> str:
    """``70 kg`` / ``70公斤``; a unit CLDR does not name keeps its symbol."""
    cldr = _UNITS.get(unit)
    if cldr is None or current_language() == DEFAULT_LANGUAGE:
        return f"{format_number(value, digits)} {unit}"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_unit(value, cldr, "short", format=pattern, locale=locale_of())


def format_duration(seconds: int | float | None) -> str:
    """``90`` -> ``1 min 30 s`` / ``1分钟30秒``; ``45`` -> ``45 s``; None -> ``""``."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(round(seconds)), 60)
    parts = []
    if minutes:
        parts.append(format_quantity(minutes, "min", 0))
    if rest or not minutes:
        parts.append(format_quantity(rest, "s", 0))
    joiner = " " if current_language() == DEFAULT_LANGUAGE else ""
    return joiner.join(parts)
