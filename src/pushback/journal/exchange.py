"""CSV exchange with other training apps: Strong, Hevy and FitNotes exports in,
Strong out.

The layout of a file is recognised by its header (:mod:`._csv_layouts` lists the
layouts and their columns). Nothing is dropped silently: a column that would
lose data is refused, naming it, and what pushback knows but does not store is
listed in :attr:`CsvImport.notes`. Values (read by :mod:`._csv_rows`):

* weights are stored in kg (lb converted by :mod:`pushback.domain.units`),
  distances in metres; a file that does not give its weight unit is read as kg,
  and the notes say so;
* float artefacts of the apps (``12.900000000000034``, reps ``13.0``) are
  rounded to 6 decimals first; reps must then be whole;
* local times (``2024-05-01 18:00:00``, Hevy's ``26 Jul 2025, 07:06``,
  FitNotes' ``2024-05-01``) are read in the user's time zone. A session ends at
  its end time, or its start plus its duration (``1h 5m``, ``35m``, seconds);
  an imported session is always finished, so one without a duration ends when
  it starts;
* Strong's ``Set Order`` ``W``/``D``/``F`` and Hevy's ``set_type`` give the set
  kind (warm-up, drop, failure); Strong's "Rest Timer" rows are not sets.

Each imported session gets a uuid derived from its app, start and title, so
importing the same file twice adds nothing the second time. Exercise names are
matched to catalog slugs by the ``resolve`` function the caller passes; unmatched
names are kept as ``exercise_name``.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.domain.units import kg_to_unit
from pushback.journal._csv_layouts import APP_NAMES, EXPECTED, Layout
from pushback.journal._csv_rows import (
    Row,
    Table,
    distance_m,
    load_kg,
    local_time,
    read_table,
    session_length,
    set_seconds,
)
from pushback.journal.records import SessionEntry, SetEntry

__all__ = [
    "APP_NAMES",
    "EXPECTED",
    "STRONG_COLUMNS",
    "CsvImport",
    "parse_csv",
    "write_strong",
]

STRONG_COLUMNS: tuple[str, ...] = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight (kg)",
    "Reps",
    "Distance (km)",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
#: The weight column of :func:`write_strong` by unit. The header names its unit,
#: as Strong's own 2025 exports do, so the file reads back right in any unit.
_WEIGHT_HEADER = {"kg": "Weight (kg)", "lb": "Weight (lbs)"}
_NAMESPACE = uuid.UUID("6a0f3c1e-2b57-4c5e-9a43-7d1f0e2c9b11")
_STRONG_KINDS = {"w": "warm-up", "d": "drop", "f": "failure"}
_HEVY_KINDS = {"warmup": "warm-up", "failure": "failure", "dropset": "drop"}

Resolve = Callable[[str], str | None]


@dataclass(frozen=True)
class CsvImport:
    """The sessions of an export, the app that wrote it, and what to tell the user
    (columns not kept and why, units the file did not give)."""

    app: str
    sessions: list[SessionEntry]
    notes: tuple[str, ...] = ()


def parse_csv(text: str, *, zone: ZoneInfo, resolve: Resolve) -> CsvImport:
    """The sessions of a Strong, Hevy or FitNotes CSV export.

    Raises:
        InvalidInput: an unknown layout, a column that would be lost, or a bad
            value (the message names the line and the column).
    """
    table = read_table(text)
    layout = table.recognised.layout
    groups: dict[tuple[str, ...], list[Row]] = {}
    key = _group_fields(table)
    for row in table.rows:
        if row.text("order").lower().startswith("rest") or not any(row.values.values()):
            continue  # Strong's rest timer rows (a pause, not a set); blank lines
        if not row.text("exercise"):
            raise InvalidInput(
                row.where("exercise"), "", msg("the name of an exercise")
            )
        groups.setdefault(tuple(row.text(name) for name in key), []).append(row)
    sessions = [_session(layout, rows, zone, resolve) for rows in groups.values()]
    return CsvImport(layout.app, sessions, _notes(table))


def _group_fields(table: Table) -> tuple[str, ...]:
    fields = table.recognised.fields
    layout = table.recognised.layout
    return next(key for key in layout.group_by if all(f in fields for f in key))


def _notes(table: Table) -> tuple[str, ...]:
    """What the user should know: columns not kept, units the file did not give."""
    notes = [
        f"{header}: not kept ({reason})"
        for header, reason in table.recognised.not_kept
        if any(row.values.get(header) for row in table.rows)
    ]
    fields = table.recognised.fields
    for name, column, assumed in (
        ("weight", "weight_unit", "kg"),
        ("distance", "distance_unit", "km"),
    ):
        bound = fields.get(name)
        if bound is None or bound.unit is not None:
            continue
        if any(row.number(name) and not row.text(column) for row in table.rows):
            notes.append(
                f"{bound.header}: the file does not give its unit; read as {assumed}"
            )
    return tuple(notes)


def _session(
    layout: Layout, rows: list[Row], zone: ZoneInfo, resolve: Resolve
) -> SessionEntry:
    first = rows[0]
    started = local_time(first, "started", layout.date_formats, zone)
    ended = started
    if first.text("ended"):
        ended = max(started, local_time(first, "ended", layout.date_formats, zone))
    elif (length := session_length(first)) is not None:
        ended = started + length
    title = first.text("title")
    return SessionEntry(
        uuid=str(uuid.uuid5(_NAMESPACE, f"{layout.app}|{started.isoformat()}|{title}")),
        started_at=started,
        ended_at=ended,
        title=title,
        notes=first.text("workout_notes"),
        source=layout.app,
        sets=tuple(_set(row, started, resolve) for row in rows),
    )


def _kind(row: Row) -> str:
    if row.has("set_type"):
        return _HEVY_KINDS.get(row.text("set_type").lower(), "work")
    return _STRONG_KINDS.get(row.text("order")[:1].lower(), "work")


def _set(row: Row, logged_at: datetime, resolve: Resolve) -> SetEntry:
    name = row.text("exercise")
    slug = resolve(name)
    rpe = row.number("rpe") if row.has("rpe") else None
    try:
        return SetEntry(
            logged_at=logged_at,
            slug=slug,
            exercise_name=None if slug else name,
            kind=_kind(row),
            reps=row.whole("reps"),
            duration_s=set_seconds(row),
            rpe=rpe or None,  # the apps write 0 for "not given"
            load_kg=load_kg(row),
            distance_m=distance_m(row),
            notes=row.text("notes"),
        )
    except InvalidInput as error:
        raise InvalidInput(
            f"line {row.line}: {error.field}", error.value, error.expected
        ) from None


def _duration_text(started: datetime, ended: datetime | None) -> str:
    if ended is None:
        return ""
    minutes = int((ended - started).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def write_strong(
    sessions: Iterable[SessionEntry],
    *,
    zone: ZoneInfo,
    name_of: Callable[[str], str],
    units: str = "kg",
) -> str:
    """Sessions as a Strong CSV export (oldest first; weights in ``units`` and
    distances in km, both named in the header)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    header = list(STRONG_COLUMNS)
    header[header.index("Weight (kg)")] = _WEIGHT_HEADER[units]
    writer.writerow(header)
    for session in sorted(sessions, key=lambda s: s.started_at):
        local = session.started_at.astimezone(zone)
        numbers: dict[str, int] = {}
        for item in session.sets:
            name = name_of(item.slug) if item.slug else item.exercise_name or ""
            numbers[name] = numbers.get(name, 0) + (item.kind != "warm-up")
            order = "W" if item.kind == "warm-up" else str(numbers[name])
            writer.writerow(
                [
                    local.strftime("%Y-%m-%d %H:%M:%S"),
                    *_strong_row(session, item, name, order, units),
                ]
            )
    return out.getvalue()


def _strong_row(
    session: SessionEntry, item: SetEntry, name: str, order: str, units: str
) -> list[str]:
    weight = kg_to_unit(item.load_kg or 0.0, units)
    rir = item.effective_rir
    rpe = item.rpe if item.rpe is not None else (10 - rir if rir is not None else None)
    reps = item.reps if item.reps is not None else item.reps_per_side
    return [
        session.title or "pushback",
        _duration_text(session.started_at, session.ended_at),
        name,
        order,
        f"{weight:g}",
        str(reps or 0),
        f"{(item.distance_m or 0) / 1000:g}",
        str(item.duration_s or 0),
        item.notes,
        session.notes,
        f"{rpe:g}" if rpe is not None else "",
    ]
