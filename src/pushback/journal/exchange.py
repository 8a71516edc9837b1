"""CSV exchange with other training apps: Strong and Hevy exports in, Strong out.

Column layouts (as the apps export them):

* **Strong**: ``Date, Workout Name, Duration, Exercise Name, Set Order, Weight,
  Reps, Distance, Seconds, Notes, Workout Notes, RPE`` (comma separated; older
  exports use ``;`` and add ``Weight Unit`` / ``Distance Unit``). ``Date`` is
  local time ``2024-05-01 18:00:00``; ``Duration`` like ``1h 5m``; ``Set Order``
  is the set number, or ``W`` (warm-up), ``D`` (drop set), ``F`` (failure).
* **Hevy**: ``title, start_time, end_time, description, exercise_title,
  superset_id, exercise_notes, set_index, set_type, weight_kg | weight_lbs, reps,
  distance_km | distance_miles, duration_seconds, rpe``; times like
  ``26 Jul 2025, 07:06`` (local); ``set_type`` is normal, warmup, failure or
  dropset.

Local times are read in the user's time zone. Each imported session gets a
uuid derived from its source, start and title, so importing the same file twice
adds nothing the second time. Exercise names are matched to catalog slugs by the
``resolve`` function the caller passes; unmatched names are kept as
``exercise_name``.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pushback.domain.errors import InvalidInput
from pushback.journal.records import SessionEntry, SetEntry

__all__ = [
    "HEVY_COLUMNS",
    "STRONG_COLUMNS",
    "detect_csv",
    "parse_hevy",
    "parse_strong",
    "write_strong",
]

STRONG_COLUMNS: tuple[str, ...] = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
HEVY_COLUMNS: tuple[str, ...] = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "reps",
    "duration_seconds",
    "rpe",
)
_STRONG_REQUIRED = {"Date", "Workout Name", "Exercise Name", "Set Order", "Reps"}
_HEVY_REQUIRED = {
    "title",
    "start_time",
    "exercise_title",
    "set_index",
    "set_type",
    "reps",
}
_LB_KG = 0.45359237  # exact, by definition of the international pound
_MILE_M = 1609.344
_NAMESPACE = uuid.UUID("6a0f3c1e-2b57-4c5e-9a43-7d1f0e2c9b11")
_EXPECTED = "a pushback JSON backup, a Strong CSV export or a Hevy CSV export"

Resolve = Callable[[str], str | None]


@dataclass(frozen=True)
class _Table:
    rows: list[dict[str, str]]
    columns: list[str]


def _read(text: str) -> _Table:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    rows = [
        {key.strip(): (value or "").strip() for key, value in row.items() if key}
        for row in reader
    ]
    return _Table(rows, columns)


def detect_csv(text: str) -> str:
    """``strong`` or ``hevy`` from the header; InvalidInput for anything else."""
    columns = set(_read(text.split("\n", 1)[0] + "\n").columns)
    if _STRONG_REQUIRED <= columns:
        return "strong"
    if _HEVY_REQUIRED <= columns:
        return "hevy"
    shown = ", ".join(sorted(columns)[:6]) or "no header"
    raise InvalidInput("file", f"CSV with columns {shown}", _EXPECTED)


def _number(row: dict[str, str], key: str, line: int) -> float | None:
    text = row.get(key, "").replace(",", ".") if row.get(key) else ""
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(f"line {line}: {key}", row[key], "a number") from None


def _whole(row: dict[str, str], key: str, line: int) -> int | None:
    value = _number(row, key, line)
    if value is None:
        return None
    if value != int(value) or value < 0:
        raise InvalidInput(f"line {line}: {key}", row[key], "a whole number >= 0")
    return int(value)


def _local(text: str, formats: Sequence[str], zone: ZoneInfo, field: str) -> datetime:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    raise InvalidInput(field, text, "a date and time like " + formats[0])


_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")


def _duration(text: str) -> timedelta | None:
    match = _DURATION.match(text.strip()) if text else None
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _session_uuid(source: str, started_at: datetime, title: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{source}|{started_at.isoformat()}|{title}"))


def _rpe(row: dict[str, str], key: str, line: int) -> float | None:
    value = _number(row, key, line)
    return None if value is None or value == 0 else value


def _set(
    *,
    name: str,
    resolve: Resolve,
    logged_at: datetime,
    kind: str,
    values: dict[str, object],
) -> SetEntry:
    slug = resolve(name)
    return SetEntry(
        logged_at=logged_at,
        slug=slug,
        exercise_name=None if slug else name,
        kind=kind,
        **values,  # type: ignore[arg-type]
    )


def parse_strong(text: str, *, zone: ZoneInfo, resolve: Resolve) -> list[SessionEntry]:
    """Sessions of a Strong CSV export (weights in the file's unit, kg assumed)."""
    table = _read(text)
    missing = _STRONG_REQUIRED - set(table.columns)
    if missing:
        raise InvalidInput(
            "file", "CSV without " + ", ".join(sorted(missing)), _EXPECTED
        )
    grouped: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for line, row in enumerate(table.rows, start=2):
        if row.get("Set Order", "").lower().startswith("rest") or not row.get(
            "Exercise Name"
        ):
            continue
        grouped.setdefault((row["Date"], row["Workout Name"]), []).append((line, row))
    return [_strong_session(key, rows, zone, resolve) for key, rows in grouped.items()]


def _strong_session(
    key: tuple[str, str],
    rows: list[tuple[int, dict[str, str]]],
    zone: ZoneInfo,
    resolve: Resolve,
) -> SessionEntry:
    date_text, title = key
    line = rows[0][0]
    started = _local(
        date_text,
        ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"),
        zone,
        f"line {line}: Date",
    )
    length = _duration(rows[0][1].get("Duration", ""))
    kinds = {"w": "warm-up", "d": "drop", "f": "failure"}
    sets = []
    for line, row in rows:
        unit = row.get("Weight Unit", "kg").lower()
        weight = _number(row, "Weight", line)
        load = (
            None if not weight else weight * (_LB_KG if unit.startswith("lb") else 1.0)
        )
        distance = _number(row, "Distance", line)
        miles = row.get("Distance Unit", "").lower().startswith("mi")
        values: dict[str, object] = {
            "reps": _whole(row, "Reps", line),
            "duration_s": _whole(row, "Seconds", line) or None,
            "rpe": _rpe(row, "RPE", line),
            "load_kg": load,
            "distance_m": None
            if not distance
            else distance * (_MILE_M if miles else 1000.0),
            "notes": row.get("Notes", ""),
        }
        kind = kinds.get(row["Set Order"][:1].lower(), "work")
        sets.append(
            _set(
                name=row["Exercise Name"],
                resolve=resolve,
                logged_at=started,
                kind=kind,
                values=values,
            )
        )
    return SessionEntry(
        uuid=_session_uuid("strong", started, title),
        started_at=started,
        ended_at=started + length if length else None,
        title=title,
        notes=rows[0][1].get("Workout Notes", ""),
        source="strong",
        sets=tuple(sets),
    )


def parse_hevy(text: str, *, zone: ZoneInfo, resolve: Resolve) -> list[SessionEntry]:
    """Sessions of a Hevy CSV export (``weight_kg`` or ``weight_lbs``)."""
    table = _read(text)
    missing = _HEVY_REQUIRED - set(table.columns)
    if missing:
        raise InvalidInput(
            "file", "CSV without " + ", ".join(sorted(missing)), _EXPECTED
        )
    formats = ("%d %b %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
    grouped: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for line, row in enumerate(table.rows, start=2):
        grouped.setdefault((row["start_time"], row["title"]), []).append((line, row))
    sessions = []
    kinds = {"warmup": "warm-up", "failure": "failure", "dropset": "drop"}
    for (start_text, title), rows in grouped.items():
        first_line, first = rows[0]
        started = _local(start_text, formats, zone, f"line {first_line}: start_time")
        ended = (
            _local(first["end_time"], formats, zone, f"line {first_line}: end_time")
            if first.get("end_time")
            else None
        )
        sets = [
            _set(
                name=row["exercise_title"],
                resolve=resolve,
                logged_at=started,
                kind=kinds.get(row["set_type"].lower(), "work"),
                values=_hevy_values(row, line),
            )
            for line, row in rows
        ]
        sessions.append(
            SessionEntry(
                uuid=_session_uuid("hevy", started, title),
                started_at=started,
                ended_at=ended if ended and ended >= started else None,
                title=title,
                notes=first.get("description", ""),
                source="hevy",
                sets=tuple(sets),
            )
        )
    return sessions


def _hevy_values(row: dict[str, str], line: int) -> dict[str, object]:
    pounds = _number(row, "weight_lbs", line)
    kilos = _number(row, "weight_kg", line)
    miles = _number(row, "distance_miles", line)
    km = _number(row, "distance_km", line)
    load = (
        kilos
        if kilos is not None
        else (pounds * _LB_KG if pounds is not None else None)
    )
    distance = (
        km * 1000.0
        if km is not None
        else (miles * _MILE_M if miles is not None else None)
    )
    return {
        "reps": _whole(row, "reps", line),
        "duration_s": _whole(row, "duration_seconds", line) or None,
        "rpe": _rpe(row, "rpe", line),
        "load_kg": load or None,
        "distance_m": distance or None,
        "notes": row.get("exercise_notes", ""),
    }


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
    """Sessions as a Strong CSV export (oldest first; weights in ``units``)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
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
    load = item.load_kg or 0.0
    weight = load / _LB_KG if units == "lb" else load
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
