"""Parsing and checking of a journal backup (see :mod:`pushback.journal.backup`).

Everything is checked before anything is written: :func:`parse_backup` turns a
decoded JSON document into a :class:`Backup` or raises InvalidInput naming the
path of the bad value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.journal._coerce import parse_datetime, record_from_dict
from pushback.journal.records import (
    BodyWeightEntry,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
)
from pushback.journal.repository.users import check_time_zone, check_user_name

__all__ = ["BACKUP_FORMAT", "BACKUP_VERSION", "Backup", "parse_backup"]

BACKUP_FORMAT = "pushback-journal"
BACKUP_VERSION = 1


@dataclass(frozen=True)
class Backup:
    """A parsed, checked backup, ready to restore."""

    user: dict[str, Any]
    profiles: tuple[ProfileEntry, ...]
    body_weights: tuple[BodyWeightEntry, ...]
    plans: tuple[tuple[PlanEntry, tuple[ScheduledEntry, ...]], ...]
    sessions: tuple[tuple[SessionEntry, dict[str, Any] | None], ...]
    changes: tuple[tuple[PlanChangeEntry, str | None, str | None], ...]


_TOP_KEYS = {
    "format",
    "version",
    "schema_revision",
    "exported_at",
    "user",
    "profiles",
    "body_weights",
    "plans",
    "sessions",
    "plan_changes",
}


def parse_backup(data: Any) -> Backup:
    """Check a decoded backup completely; raises InvalidInput naming the path."""
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise InvalidInput(
            "file",
            data.get("format") if isinstance(data, dict) else type(data).__name__,
            msg(
                'a pushback journal backup (JSON with "format": "%(backup_format)s")',
                backup_format=BACKUP_FORMAT,
            ),
        )
    if data.get("version") != BACKUP_VERSION:
        raise InvalidInput(
            "version",
            data.get("version"),
            str(BACKUP_VERSION),
        )
    unknown = sorted(set(data) - _TOP_KEYS)
    missing = sorted(_TOP_KEYS - set(data) - {"schema_revision", "exported_at"})
    if unknown or missing:
        name = (unknown or missing)[0]
        raise InvalidInput(
            name, data.get(name), "no such key" if unknown else "present"
        )
    plan_list = _parse_plans(_list(data, "plans"))
    slots = {(plan.uuid, item.position) for plan, items in plan_list for item in items}
    session_list = _parse_sessions(_list(data, "sessions"), slots)
    return Backup(
        user=_parse_user(data["user"]),
        profiles=tuple(
            record_from_dict(ProfileEntry, item, path=f"profiles[{i}]")
            for i, item in enumerate(_list(data, "profiles"))
        ),
        body_weights=tuple(
            record_from_dict(BodyWeightEntry, item, path=f"body_weights[{i}]")
            for i, item in enumerate(_list(data, "body_weights"))
        ),
        plans=plan_list,
        sessions=session_list,
        changes=_parse_changes(
            _list(data, "plan_changes"),
            {plan.uuid for plan, _ in plan_list},
            {entry.uuid for entry, _ in session_list},
        ),
    )


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise InvalidInput(key, type(value).__name__, msg("a list"))
    return value


def _take(item: Any, key: str, path: str) -> tuple[dict[str, Any], Any]:
    if not isinstance(item, dict) or key not in item:
        raise InvalidInput(f"{path}.{key}", None, msg("present"))
    rest = dict(item)
    return rest, rest.pop(key)


def _parse_user(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != {
        "name",
        "units",
        "time_zone",
        "created_at",
    }:
        raise InvalidInput(
            "user", data, msg("an object with name, units, time_zone, created_at")
        )
    if data["units"] not in ("kg", "lb"):
        raise InvalidInput("user.units", data["units"], msg("kg or lb"))
    return {
        "name": check_user_name(data["name"]),
        "units": data["units"],
        "time_zone": check_time_zone(data["time_zone"]),
        "created_at": parse_datetime(data["created_at"], "user.created_at"),
    }


def _parse_plans(
    items: list[Any],
) -> tuple[tuple[PlanEntry, tuple[ScheduledEntry, ...]], ...]:
    result = []
    for i, item in enumerate(items):
        rest, sessions = _take(item, "sessions", f"plans[{i}]")
        plan = record_from_dict(PlanEntry, rest, path=f"plans[{i}]")
        if not isinstance(sessions, list):
            raise InvalidInput(f"plans[{i}].sessions", sessions, msg("a list"))
        scheduled = tuple(
            record_from_dict(ScheduledEntry, s, path=f"plans[{i}].sessions[{j}]")
            for j, s in enumerate(sessions)
        )
        if len({s.position for s in scheduled}) != len(scheduled):
            raise InvalidInput(
                f"plans[{i}].sessions", "duplicate position", msg("unique positions")
            )
        result.append((plan, scheduled))
    if len({plan.uuid for plan, _ in result}) != len(result):
        raise InvalidInput("plans", "duplicate uuid", msg("one entry per plan uuid"))
    return tuple(result)


def _parse_sessions(
    items: list[Any], slots: set[tuple[str, int]]
) -> tuple[tuple[SessionEntry, dict[str, Any] | None], ...]:
    result = []
    for i, item in enumerate(items):
        path = f"sessions[{i}]"
        rest, sets = _take(item, "sets", path)
        rest, scheduled = _take(rest, "scheduled", path)
        if scheduled is not None and (
            not isinstance(scheduled, dict)
            or (scheduled.get("plan"), scheduled.get("position")) not in slots
        ):
            raise InvalidInput(
                f"{path}.scheduled",
                scheduled,
                msg("null or a plan session in this file"),
            )
        if not isinstance(sets, list):
            raise InvalidInput(f"{path}.sets", sets, msg("a list"))
        parsed_sets = tuple(
            record_from_dict(SetEntry, s, path=f"{path}.sets[{j}]")
            for j, s in enumerate(sets)
        )
        entry = record_from_dict(
            SessionEntry, rest, path=path, extra={"sets": parsed_sets}
        )
        result.append((entry, scheduled))
    if len({entry.uuid for entry, _ in result}) != len(result):
        raise InvalidInput(
            "sessions", "duplicate uuid", msg("one entry per session uuid")
        )
    return tuple(result)


def _parse_changes(
    items: list[Any], plan_uuids: set[str], session_uuids: set[str]
) -> tuple[tuple[PlanChangeEntry, str | None, str | None], ...]:
    result = []
    for i, item in enumerate(items):
        path = f"plan_changes[{i}]"
        rest, plan = _take(item, "plan", path)
        rest, session = _take(rest, "session", path)
        if plan is not None and plan not in plan_uuids:
            raise InvalidInput(
                f"{path}.plan", plan, msg("null or the uuid of a plan in this file")
            )
        if session is not None and session not in session_uuids:
            raise InvalidInput(
                f"{path}.session", session, msg("null or a session uuid in this file")
            )
        result.append(
            (record_from_dict(PlanChangeEntry, rest, path=path), plan, session)
        )
    return tuple(result)
