"""Reading the rows of an app's CSV export through its layout (private to
:mod:`pushback.journal.exchange`): values by field name, numbers, units, times.

Every error names the line and the column, as the file has them
(``line 7: Weight (kg)``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.units import to_kg, to_metres
from pushback.journal._csv_layouts import (
    APP_NAMES,
    Bound,
    Recognised,
    length_unit,
    mass_unit,
    recognise,
)

__all__ = [
    "Row",
    "Table",
    "distance_m",
    "load_kg",
    "local_time",
    "read_table",
    "session_length",
    "set_seconds",
]

_EXTRA = "\x00extra"
_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Row:
    """One CSV record, read through the layout's field names."""

    line: int
    values: dict[str, str]
    fields: dict[str, Bound]

    def has(self, name: str) -> bool:
        """True when the file has a column for field ``name``."""
        return name in self.fields

    def text(self, name: str) -> str:
        """The stripped text of field ``name`` ("" when absent or empty)."""
        bound = self.fields.get(name)
        return self.values.get(bound.header, "") if bound else ""

    def where(self, name: str) -> str:
        """``line N: Header`` of field ``name``, for error messages."""
        return f"line {self.line}: {self.fields[name].header}"

    def number(self, name: str) -> float | None:
        """The field as a number rounded to 6 decimals (the apps write float
        artefacts like ``12.900000000000034``); None when empty."""
        raw = self.text(name)
        if raw == "":
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise InvalidInput(self.where(name), raw, msg("a number")) from None
        if not math.isfinite(value):
            raise InvalidInput(self.where(name), raw, msg("a finite number"))
        return round(value, 6)

    def whole(self, name: str) -> int | None:
        """The field as a whole number >= 0 (``13.0`` is 13); None when empty."""
        value = self.number(name)
        if value is None:
            return None
        if value != int(value) or value < 0:
            raise InvalidInput(
                self.where(name), self.text(name), msg("a whole number >= 0")
            )
        return int(value)


@dataclass(frozen=True)
class Table:
    """The rows of an export and the layout its header was bound to."""

    recognised: Recognised
    rows: list[Row]


def read_table(text: str) -> Table:
    """Read an export: ``;`` or ``,`` as its header uses, quoted multi-line values,
    a UTF-8 byte order mark.

    Raises:
        InvalidInput: the header fits no layout, a row has more values than the
            header has columns, or a column no layout knows holds a value.
    """
    body = text.lstrip("\ufeff")
    header = body.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter, restkey=_EXTRA)
    recognised = recognise([name.strip() for name in reader.fieldnames or []])
    rows = []
    line = 2
    for record in reader:
        extra = record.pop(_EXTRA, None)
        if extra and any(value.strip() for value in extra):
            raise InvalidInput(
                f"line {line}",
                f"{len(reader.fieldnames or []) + len(extra)} values",
                msg(
                    "one value per column of the header (%(count)s)",
                    count=len(reader.fieldnames or []),
                ),
            )
        values = {key.strip(): (value or "").strip() for key, value in record.items()}
        rows.append(Row(line, values, recognised.fields))
        line = reader.line_num + 1
    _refuse_unknown(recognised, rows)
    return Table(recognised, rows)


def _refuse_unknown(recognised: Recognised, rows: list[Row]) -> None:
    """A column no layout knows is refused once a row fills it: its data would be
    lost. Left empty, it loses nothing."""
    app = APP_NAMES[recognised.layout.app]
    for header in recognised.unknown:
        filled = next((row for row in rows if row.values.get(header)), None)
        if filled is None:
            continue
        got = filled.values[header]
        known = ", ".join(recognised.layout.columns)
        raise InvalidInput(
            "file",
            f"column {header!r}",
            msg("the columns of a %(app)s export", app=app),
            message=msg(
                "Invalid value for file: the column %(header)s is not one pushback "
                "knows in a %(app)s export, and its values (line %(line)s: "
                "%(got)s) would be lost; expected the columns %(known)s. Remove "
                "the column or rename it to one of these.",
                header=repr(header),
                app=app,
                line=filled.line,
                got=repr(got),
                known=known,
            ),
        )


def local_time(
    row: Row, name: str, formats: tuple[str, ...], zone: ZoneInfo
) -> datetime:
    """Field ``name`` as a local time in ``zone``, in the first format that fits."""
    text = row.text(name)
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    example = datetime(2024, 5, 1, 18, 0).strftime(formats[0])
    raise InvalidInput(
        row.where(name), text, msg("a date like %(example)s", example=example)
    )


def session_length(row: Row) -> timedelta | None:
    """A session's duration: seconds (``Duration (sec)``) or text like ``1h 5m``,
    ``35m``; None when the row has none."""
    if not row.text("length"):
        return None
    if row.fields["length"].unit == "s":
        return timedelta(seconds=row.number("length") or 0.0)
    match = _DURATION.match(row.text("length"))
    if not match or not any(match.groups()):
        raise InvalidInput(
            row.where("length"), row.text("length"), msg("like 1h 5m or 35m")
        )
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def set_seconds(row: Row) -> int | None:
    """A set's duration in whole seconds, or from a clock like ``0:01:30``
    (FitNotes' ``Time``); None when empty or zero."""
    if not row.has("seconds"):
        return None
    match = _CLOCK.match(row.text("seconds"))
    if row.fields["seconds"].unit != "clock" or match is None:
        return row.whole("seconds") or None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds or None


def _unit(
    row: Row, name: str, column: str, spelled: Callable[[str], str | None]
) -> str | None:
    """The unit of field ``name``: from its header, else its unit column, else None."""
    bound = row.fields[name]
    if bound.unit is not None:
        return bound.unit
    if not row.text(column):
        return None
    unit = spelled(row.text(column))
    if unit is None:
        accepted = "kg or lbs" if name == "weight" else "m, km, mi, ft or yd"
        raise InvalidInput(row.where(column), row.text(column), accepted)
    return unit


def load_kg(row: Row) -> float | None:
    """The row's weight in kg (None for no weight or 0); a file without a unit is
    read as kg."""
    weight = row.number("weight") if row.has("weight") else None
    if not weight:
        return None
    return to_kg(weight, _unit(row, "weight", "weight_unit", mass_unit) or "kg")


def distance_m(row: Row) -> float | None:
    """The row's distance in metres (None for none or 0); a file without a unit is
    read as km (Strong's default)."""
    distance = row.number("distance") if row.has("distance") else None
    if not distance:
        return None
    unit = _unit(row, "distance", "distance_unit", length_unit) or "km"
    return to_metres(distance, unit)
