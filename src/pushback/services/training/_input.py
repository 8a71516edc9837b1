"""Input of the journal service: sets and sessions from flags, files or the API
(private). Targets are filled in from the scheduled session, so every stored
set has its target beside the actual result.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.journal.records import ScheduledEntry, SessionEntry, SetEntry

__all__ = [
    "SESSION_KEYS",
    "SET_KEYS",
    "SessionContext",
    "parse_session",
    "parse_set",
]


#: Keys a set may have in ``pushback log --file`` JSON and the API.
SET_KEYS: tuple[str, ...] = (
    "exercise",
    "kind",
    "reps",
    "reps_per_side",
    "duration_s",
    "tempo",
    "rir",
    "rpe",
    "load_kg",
    "form_broke",
    "pain",
    "pain_location",
    "notes",
)
#: Keys a session may have in ``pushback log --file`` JSON and the API.
SESSION_KEYS: tuple[str, ...] = (
    "started_at",
    "ended_at",
    "sleep",
    "soreness",
    "notes",
    "title",
    "sets",
)


def _targets(scheduled: ScheduledEntry | None, slug: str) -> dict[str, Any]:
    item = (
        next((x for x in scheduled.exercises if x.get("slug") == slug), None)
        if scheduled
        else None
    )
    if item is None:
        return {}
    low, high = item.get("rep_range") or (None, None)
    return {
        "target_reps": item.get("reps"),
        "target_reps_per_side": item.get("reps_per_side"),
        "target_duration_s": item.get("duration_s"),
        "target_rep_low": low,
        "target_rep_high": high,
        "target_tempo": item.get("tempo"),
        "target_rir": item.get("rir"),
    }


def parse_set(
    data: Any,
    *,
    logged_at: datetime,
    scheduled: ScheduledEntry | None,
    where: str = "set",
) -> SetEntry:
    """A set from input ``data`` (keys :data:`SET_KEYS`) with its targets filled in
    from the scheduled session. Raises InvalidInput / NotFound naming the field."""
    if not isinstance(data, dict):
        raise InvalidInput(
            where, data, msg("an object with %(choices)s", choices=", ".join(SET_KEYS))
        )
    unknown = sorted(set(data) - set(SET_KEYS))
    if unknown:
        raise InvalidInput(
            f"{where}.{unknown[0]}",
            data[unknown[0]],
            msg("one of %(choices)s", choices=", ".join(SET_KEYS)),
        )
    slug = data.get("exercise")
    if not isinstance(slug, str):
        raise InvalidInput(
            f"{where}.exercise", slug, msg("a catalog slug such as push-up")
        )
    exercise = load_catalog().get(slug)
    values = {k: v for k, v in data.items() if k != "exercise"}
    for flag in ("form_broke", "pain"):
        if not isinstance(values.get(flag, False), bool):
            raise InvalidInput(f"{where}.{flag}", values[flag], msg("true or false"))
    counted_as = {"reps_per_side": "reps_per_side", "duration_s": "duration_s"}
    unit_key = counted_as.get(exercise.unit)
    if unit_key and unit_key not in values and "reps" in values:
        values[unit_key] = values.pop("reps")  # the one count a form asks for
    if isinstance(values.get("rpe"), int) and not isinstance(values["rpe"], bool):
        values["rpe"] = float(values["rpe"])
    try:
        return SetEntry(
            logged_at=logged_at, slug=slug, **values, **_targets(scheduled, slug)
        )
    except InvalidInput as error:
        raise InvalidInput(
            f"{where}.{error.field}", error.value, error.expected
        ) from None


@dataclass(frozen=True)
class SessionContext:
    """What parsing a session needs: the user's zone, now, and the plan's
    session on a given local date (to fill targets and link it)."""

    time_zone: str
    now: datetime
    scheduled_on: Callable[[date], ScheduledEntry | None]


def _moment(value: Any, field: str, zone: ZoneInfo) -> datetime:
    """An ISO date-time; without a zone it is the user's local time."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput(
            field, value, msg("an ISO date and time like 2026-03-02T18:00")
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_session(
    data: Any,
    *,
    where: str,
    context: SessionContext,
) -> SessionEntry:
    """A whole session from input ``data`` (keys :data:`SESSION_KEYS`).

    Times without a zone are the user's local time; no ``started_at`` means
    now (ended now), no ``ended_at`` means it ended when it started.
    """
    if not isinstance(data, dict):
        raise InvalidInput(
            where,
            data,
            msg("an object with %(choices)s", choices=", ".join(SESSION_KEYS)),
        )
    unknown = sorted(set(data) - set(SESSION_KEYS))
    if unknown:
        raise InvalidInput(
            f"{where}.{unknown[0]}",
            data[unknown[0]],
            msg("one of %(choices)s", choices=", ".join(SESSION_KEYS)),
        )
    zone = ZoneInfo(context.time_zone)
    now = context.now
    started = (
        _moment(data["started_at"], f"{where}.started_at", zone)
        if "started_at" in data
        else now
    )
    ended = (
        _moment(data["ended_at"], f"{where}.ended_at", zone)
        if "ended_at" in data
        else None
    )
    ended = ended or (now if "started_at" not in data else started)
    sets = data.get("sets", [])
    if not isinstance(sets, list) or not sets:
        raise InvalidInput(f"{where}.sets", sets, msg("a non-empty list of sets"))
    scheduled = context.scheduled_on(started.astimezone(zone).date())
    try:
        return SessionEntry(
            uuid=str(uuid.uuid4()),
            started_at=started,
            ended_at=ended,
            sleep_score=data.get("sleep"),
            soreness_score=data.get("soreness"),
            title=data.get("title", scheduled.title if scheduled else ""),
            notes=data.get("notes", ""),
            scheduled_session_id=scheduled.id if scheduled else None,
            sets=tuple(
                parse_set(
                    item,
                    logged_at=started,
                    scheduled=scheduled,
                    where=f"{where}.sets[{i}]",
                )
                for i, item in enumerate(sets)
            ),
        )
    except InvalidInput as error:
        if error.field and error.field.startswith(where):
            raise
        raise InvalidInput(
            f"{where}.{error.field}", error.value, error.expected
        ) from None
