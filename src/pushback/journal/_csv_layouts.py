"""The CSV layouts other training apps export, recognised by their header.

Each layout maps every column it knows to a *field* of the import (``started``,
``exercise``, ``weight``...), with the unit its header gives (``Weight (kg)``,
``weight_lbs``, ``Duration (sec)``). :func:`recognise` binds a file's header to
one layout and refuses what would lose data silently:

* a column no layout knows is refused, naming it, as soon as one row fills it
  (an unknown column left empty loses nothing and is passed over);
* a unit in a header that is not a known mass or length unit is refused;
* two columns filling the same field (``Weight`` and ``Weight (kg)``) are refused;
* columns a layout knows but pushback has no place for (Hevy's ``superset_id``,
  FitNotes' ``Category``) are listed with the reason, so the import result can
  say what was not kept.

Layouts (files written by the apps, checked against exports we made ourselves):

* **Strong 2019**: ``;``-separated, ``Weight`` + ``Weight Unit``, ``Distance`` +
  ``Distance Unit``, sometimes ``Workout Duration``, no ``Duration``.
* **Strong 2020-2024**: comma-separated, ``Duration`` like ``1h 5m``, weights in
  the app's unit, which the file does not name (read as kg, and said so).
* **Strong 2025**: ``;``-separated and quoted, ``Workout #``, ``Duration (sec)``,
  units in the header: ``Weight (kg)`` / ``Weight (lbs)``, ``Distance (meters)``;
  or the comma layout ``Date,Workout Name,Duration,Exercise Name,Set Order,
  Weight,Reps,Distance,Seconds,RPE`` with ``35m`` durations and ``13.0`` reps.
* **Hevy**: ``weight_kg`` or ``weight_lbs``, ``distance_km`` or
  ``distance_miles``, ``set_type``.
* **FitNotes**: ``Date,Exercise,Category,Weight (kgs),Reps,Distance,
  Distance Unit,Time`` (or ``Weight (lbs)``); one session per day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "APP_NAMES",
    "EXPECTED",
    "LAYOUTS",
    "Bound",
    "Column",
    "Layout",
    "Recognised",
    "length_unit",
    "mass_unit",
    "recognise",
]

EXPECTED = msg(
    "a pushback JSON backup, or a Strong CSV, Hevy CSV or FitNotes CSV export "
    "with its header row"
)

#: App slug (the journal's session ``source``) -> the name people know.
APP_NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}


@dataclass(frozen=True)
class Column:
    """What one column fills; ``unit`` when the header names it; ``not_kept`` is
    the reason a known column is not stored (None: it is stored)."""

    field: str
    unit: str | None = None
    not_kept: str | None = None


@dataclass(frozen=True)
class Layout:
    """One app's export: its columns, how to tell it, how its rows become sessions."""

    app: str
    markers: frozenset[str]
    columns: Mapping[str, Column]
    required: tuple[str, ...]
    date_formats: tuple[str, ...]
    #: Fields whose values together name one session (first present wins as a whole).
    group_by: tuple[tuple[str, ...], ...]
    #: Headers like ``Weight (kg)`` name their unit in parentheses.
    unit_headers: bool = False


_STRONG = Layout(
    app="strong",
    markers=frozenset({"Date", "Exercise Name", "Set Order", "Reps"}),
    columns={
        "Workout #": Column("workout"),
        "Date": Column("started"),
        "Workout Name": Column("title"),
        "Duration": Column("length"),
        "Workout Duration": Column("length"),
        "Duration (sec)": Column("length", "s"),
        "Exercise Name": Column("exercise"),
        "Set Order": Column("order"),
        "Weight": Column("weight"),
        "Weight Unit": Column("weight_unit"),
        "Reps": Column("reps"),
        "RPE": Column("rpe"),
        "Distance": Column("distance"),
        "Distance Unit": Column("distance_unit"),
        "Seconds": Column("seconds"),
        "Notes": Column("notes"),
        "Workout Notes": Column("workout_notes"),
    },
    required=("started", "title", "exercise", "order", "reps"),
    date_formats=("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"),
    group_by=(("workout",), ("started", "title")),
    unit_headers=True,
)
_HEVY = Layout(
    app="hevy",
    markers=frozenset({"title", "start_time", "exercise_title", "set_type", "reps"}),
    columns={
        "title": Column("title"),
        "start_time": Column("started"),
        "end_time": Column("ended"),
        "description": Column("workout_notes"),
        "exercise_title": Column("exercise"),
        "superset_id": Column(
            "superset", not_kept="pushback does not group sets into supersets"
        ),
        "exercise_notes": Column("notes"),
        "set_index": Column("order"),
        "set_type": Column("set_type"),
        "weight_kg": Column("weight", "kg"),
        "weight_lbs": Column("weight", "lb"),
        "reps": Column("reps"),
        "distance_km": Column("distance", "km"),
        "distance_miles": Column("distance", "mi"),
        "duration_seconds": Column("seconds"),
        "rpe": Column("rpe"),
    },
    required=("title", "started", "exercise", "set_type", "reps"),
    date_formats=("%d %b %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"),
    group_by=(("started", "title"),),
)
_FITNOTES = Layout(
    app="fitnotes",
    markers=frozenset({"Date", "Exercise", "Reps"}),
    columns={
        "Date": Column("started"),
        "Exercise": Column("exercise"),
        "Category": Column(
            "category",
            not_kept="pushback takes muscle groups from its own exercise catalog",
        ),
        "Reps": Column("reps"),
        "Distance": Column("distance"),
        "Distance Unit": Column("distance_unit"),
        "Time": Column("seconds", "clock"),
    },
    required=("started", "exercise", "reps"),
    date_formats=("%Y-%m-%d",),
    group_by=(("started",),),
    unit_headers=True,
)
#: In the order they are tried: the first whose marker columns are all there wins.
LAYOUTS: tuple[Layout, ...] = (_STRONG, _HEVY, _FITNOTES)

_MASS_UNITS = {
    "kg": "kg", "kgs": "kg", "kilograms": "kg",
    "lb": "lb", "lbs": "lb", "pounds": "lb",
}  # fmt: skip
_LENGTH_UNITS = {
    "m": "m", "meters": "m", "metres": "m",
    "km": "km", "kms": "km", "kilometers": "km", "kilometres": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "ft": "ft", "feet": "ft", "yd": "yd", "yards": "yd",
}  # fmt: skip
_UNIT_HEADER = re.compile(r"^(Weight|Distance) \((.+)\)$")


def mass_unit(text: str) -> str | None:
    """``kg`` or ``lb`` for a unit as apps spell it (``kgs``, ``lbs``), else None."""
    return _MASS_UNITS.get(text.strip().lower())


def length_unit(text: str) -> str | None:
    """A :data:`~pushback.domain.units.LENGTH_UNITS` key for an app's spelling."""
    return _LENGTH_UNITS.get(text.strip().lower())


@dataclass(frozen=True)
class Bound:
    """A column of the file bound to a field: its header and its unit."""

    header: str
    unit: str | None


@dataclass(frozen=True)
class Recognised:
    """A header bound to a layout: field -> column, plus what is not kept."""

    layout: Layout
    fields: dict[str, Bound]
    #: Columns no layout knows (refused later if any row fills one).
    unknown: tuple[str, ...] = ()
    #: (header, reason) of known columns pushback does not store.
    not_kept: tuple[tuple[str, str], ...] = field(default=())


def _column(layout: Layout, header: str) -> Column | None:
    known = layout.columns.get(header)
    if known is not None or not layout.unit_headers:
        return known
    match = _UNIT_HEADER.match(header)
    if match is None:
        return None
    kind, spelled = match.groups()
    unit = mass_unit(spelled) if kind == "Weight" else length_unit(spelled)
    if unit is None:
        accepted = ", ".join(sorted(_MASS_UNITS if kind == "Weight" else _LENGTH_UNITS))
        raise InvalidInput(
            "file",
            header,
            msg("a weight unit pushback knows (%(accepted)s)", accepted=accepted)
            if kind == "Weight"
            else msg("a length unit pushback knows (%(accepted)s)", accepted=accepted),
            message=msg(
                "Invalid value for file: the column %(header)s gives a unit "
                "pushback does not know, so its values cannot be stored; expected "
                "%(kind)s in one of %(accepted)s.",
                header=repr(header),
                kind=kind,
                accepted=accepted,
            ),
        )
    return Column(kind.lower(), unit)


def _layout_of(columns: Sequence[str]) -> Layout:
    names = set(columns)
    for layout in LAYOUTS:
        if layout.markers <= names:
            return layout
    shown = ", ".join(columns[:8]) or "no header"
    raise InvalidInput("file", f"CSV with columns {shown}", EXPECTED)


def _header_of(layout: Layout, name: str) -> str:
    return next(header for header, col in layout.columns.items() if col.field == name)


def recognise(columns: Sequence[str]) -> Recognised:
    """Bind a CSV header to the layout it belongs to.

    Raises:
        InvalidInput: no layout has these columns, a header names an unknown unit,
            a column appears twice or two columns fill one field, or a required
            column is missing.
    """
    layout = _layout_of(columns)
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:  # a CSV reader keeps one of them: the other's values would be lost
        raise InvalidInput(
            "file",
            f"column {repeated[0]!r} twice",
            msg("each column once in the header"),
            message=msg(
                "Invalid value for file: the column %(value)s appears more than "
                "once in the header, so one of them would be lost; keep one.",
                value=repr(repeated[0]),
            ),
        )
    fields: dict[str, Bound] = {}
    unknown: list[str] = []
    not_kept: list[tuple[str, str]] = []
    for header in columns:
        column = _column(layout, header)
        if column is None:
            unknown.append(header)
            continue
        if column.not_kept is not None:
            not_kept.append((header, column.not_kept))
            continue
        if column.field in fields:
            other = fields[column.field].header
            raise InvalidInput(
                "file",
                f"columns {other!r} and {header!r}",
                msg("one column for each value"),
                message=msg(
                    "Invalid value for file: the columns %(other)s and %(header)s "
                    "both give the %(value)s; keep one of them.",
                    other=repr(other),
                    header=repr(header),
                    value=column.field.replace("_", " "),
                ),
            )
        fields[column.field] = Bound(header, column.unit)
    missing = [
        _header_of(layout, name) for name in layout.required if name not in fields
    ]
    if missing:
        app = APP_NAMES[layout.app]
        raise InvalidInput(
            "file", f"a {app} CSV without {', '.join(missing)}", EXPECTED
        )
    return Recognised(layout, fields, tuple(unknown), tuple(not_kept))
