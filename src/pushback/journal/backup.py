"""The full JSON backup of one user: export, parse and restore.

Format (``format: "pushback-journal"``, ``version: 1``)::

    {"format", "version", "schema_revision", "exported_at",
     "user": {"name", "units", "time_zone", "created_at"},
     "profiles": [...], "body_weights": [...],
     "plans": [{..., "sessions": [scheduled sessions]}],
     "sessions": [{..., "scheduled": {"plan", "position"} | null, "sets": [...]}],
     "plan_changes": [{..., "plan": uuid | null, "session": uuid | null}]}

Rows refer to each other by uuid (plans, sessions) and plan position, never by
database id, so a backup restores into any database. Export then restore then
export gives the same document except ``exported_at``. Password hashes are
never exported. :func:`parse_backup` checks everything before
:func:`restore_user` writes anything, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict, InvalidInput, NotFound
from pushback.journal._base import utc_now
from pushback.journal._coerce import parse_datetime, record_from_dict, record_to_dict
from pushback.journal.database import Database
from pushback.journal.migrate import head_revision
from pushback.journal.models import (
    BodyWeight,
    PlanChange,
    PlanRecord,
    ProfileRecord,
    ScheduledSession,
    TrainingSession,
    TrainingSet,
    User,
)
from pushback.journal.records import (
    BodyWeightEntry,
    PlanChangeEntry,
    PlanEntry,
    ProfileEntry,
    ScheduledEntry,
    SessionEntry,
    SetEntry,
)
from pushback.journal.repository._convert import (
    body_weight_entry,
    change_entry,
    plan_entry,
    plan_row,
    profile_entry,
    scheduled_entry,
    session_entry,
    set_row_values,
)
from pushback.journal.repository.users import check_time_zone, check_user_name

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "Backup",
    "export_user",
    "parse_backup",
    "restore_user",
]

BACKUP_FORMAT = "pushback-journal"
BACKUP_VERSION = 1
_IDS = ("id",)


@dataclass(frozen=True)
class Backup:
    """A parsed, checked backup, ready to restore."""

    user: dict[str, Any]
    profiles: tuple[ProfileEntry, ...]
    body_weights: tuple[BodyWeightEntry, ...]
    plans: tuple[tuple[PlanEntry, tuple[ScheduledEntry, ...]], ...]
    sessions: tuple[tuple[SessionEntry, dict[str, Any] | None], ...]
    changes: tuple[tuple[PlanChangeEntry, str | None, str | None], ...]


def export_user(*, db: Database, user_id: int) -> dict[str, Any]:
    """The user's whole journal as a JSON-ready dict, read in one snapshot."""
    with db.read() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"No journal user with id {user_id}.", field="user")
        plan_rows = _rows(session, PlanRecord, user_id, PlanRecord.created_at)
        plan_uuid = {row.id: row.uuid for row in plan_rows}
        scheduled = _rows(session, ScheduledSession, user_id, ScheduledSession.position)
        slot = {row.id: (plan_uuid[row.plan_id], row.position) for row in scheduled}
        session_rows = _rows(
            session, TrainingSession, user_id, TrainingSession.started_at
        )
        session_uuid = {row.id: row.uuid for row in session_rows}
        set_rows = session.scalars(
            select(TrainingSet)
            .join(TrainingSession, TrainingSet.session_id == TrainingSession.id)
            .where(TrainingSession.user_id == user_id)
        ).all()
        sets_of: dict[int, list[TrainingSet]] = {row.id: [] for row in session_rows}
        for set_row in set_rows:
            sets_of[set_row.session_id].append(set_row)
        return {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "schema_revision": head_revision(),
            "exported_at": utc_now().isoformat(),
            "user": {
                "name": user.name,
                "units": user.units,
                "time_zone": user.time_zone,
                "created_at": user.created_at.isoformat(),
            },
            "profiles": [
                record_to_dict(profile_entry(row), exclude=_IDS)
                for row in _rows(
                    session, ProfileRecord, user_id, ProfileRecord.taken_at
                )
            ],
            "body_weights": [
                record_to_dict(body_weight_entry(row), exclude=_IDS)
                for row in _rows(session, BodyWeight, user_id, BodyWeight.measured_at)
            ],
            "plans": [_plan_dict(row, scheduled) for row in plan_rows],
            "sessions": [
                _session_dict(row, sets_of[row.id], slot) for row in session_rows
            ],
            "plan_changes": [
                _change_dict(row, plan_uuid, session_uuid)
                for row in _rows(session, PlanChange, user_id, PlanChange.created_at)
            ],
        }


def _rows(session: Session, model: Any, user_id: int, order: Any) -> list[Any]:
    return list(
        session.scalars(
            select(model).where(model.user_id == user_id).order_by(order, model.id)
        )
    )


def _plan_dict(row: PlanRecord, scheduled: list[ScheduledSession]) -> dict[str, Any]:
    data = record_to_dict(plan_entry(row), exclude=_IDS)
    data["sessions"] = [
        record_to_dict(scheduled_entry(item), exclude=("id", "plan_id"))
        for item in scheduled
        if item.plan_id == row.id
    ]
    return data


def _session_dict(
    row: TrainingSession, sets: list[TrainingSet], slot: dict[int, tuple[str, int]]
) -> dict[str, Any]:
    entry = session_entry(row, sets)
    data = record_to_dict(entry, exclude=("id", "scheduled_session_id", "sets"))
    where = slot.get(row.scheduled_session_id) if row.scheduled_session_id else None
    data["scheduled"] = {"plan": where[0], "position": where[1]} if where else None
    data["sets"] = [
        record_to_dict(item, exclude=("id", "position")) for item in entry.sets
    ]
    return data


def _change_dict(
    row: PlanChange, plan_uuid: dict[int, str], session_uuid: dict[int, str]
) -> dict[str, Any]:
    data = record_to_dict(
        change_entry(row), exclude=("id", "plan_id", "training_session_id")
    )
    data["plan"] = plan_uuid.get(row.plan_id) if row.plan_id else None
    data["session"] = (
        session_uuid.get(row.training_session_id) if row.training_session_id else None
    )
    return data


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
            f'a pushback journal backup (JSON with "format": "{BACKUP_FORMAT}")',
        )
    if data.get("version") != BACKUP_VERSION:
        raise InvalidInput("version", data.get("version"), f"{BACKUP_VERSION}")
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
        raise InvalidInput(key, type(value).__name__, "a list")
    return value


def _take(item: Any, key: str, path: str) -> tuple[dict[str, Any], Any]:
    if not isinstance(item, dict) or key not in item:
        raise InvalidInput(f"{path}.{key}", None, "present")
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
            "user", data, "an object with name, units, time_zone, created_at"
        )
    if data["units"] not in ("kg", "lb"):
        raise InvalidInput("user.units", data["units"], "kg or lb")
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
            raise InvalidInput(f"plans[{i}].sessions", sessions, "a list")
        scheduled = tuple(
            record_from_dict(ScheduledEntry, s, path=f"plans[{i}].sessions[{j}]")
            for j, s in enumerate(sessions)
        )
        if len({s.position for s in scheduled}) != len(scheduled):
            raise InvalidInput(
                f"plans[{i}].sessions", "duplicate position", "unique positions"
            )
        result.append((plan, scheduled))
    if len({plan.uuid for plan, _ in result}) != len(result):
        raise InvalidInput("plans", "duplicate uuid", "one entry per plan uuid")
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
                f"{path}.scheduled", scheduled, "null or a plan session in this file"
            )
        if not isinstance(sets, list):
            raise InvalidInput(f"{path}.sets", sets, "a list")
        parsed_sets = tuple(
            record_from_dict(SetEntry, s, path=f"{path}.sets[{j}]")
            for j, s in enumerate(sets)
        )
        entry = record_from_dict(
            SessionEntry, rest, path=path, extra={"sets": parsed_sets}
        )
        result.append((entry, scheduled))
    if len({entry.uuid for entry, _ in result}) != len(result):
        raise InvalidInput("sessions", "duplicate uuid", "one entry per session uuid")
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
                f"{path}.plan", plan, "null or the uuid of a plan in this file"
            )
        if session is not None and session not in session_uuids:
            raise InvalidInput(
                f"{path}.session", session, "null or a session uuid in this file"
            )
        result.append(
            (record_from_dict(PlanChangeEntry, rest, path=path), plan, session)
        )
    return tuple(result)


def restore_user(
    *,
    db: Database,
    backup: Backup,
    user_name: str | None = None,
    replace_data: bool = False,
) -> dict[str, int]:
    """Write a parsed backup into the journal as one transaction; returns counts.

    The target user (``user_name`` or the backup's) must have no data unless
    ``replace_data`` is set, in which case their data is deleted first.
    Raises :class:`Conflict` otherwise, or when the backup's sessions or plans
    already belong to another user of this database.
    """
    name = check_user_name(user_name or backup.user["name"])
    with db.write() as session:
        user = session.scalars(select(User).where(User.name == name)).one_or_none()
        if user is None:
            user = User(name=name)
            session.add(user)
            session.flush()
        user_id = user.id
        if _has_data(session, user_id):
            if not replace_data:
                raise Conflict(
                    f"User {name!r} already has journal data; restore with --replace "
                    "to overwrite it, or into another user with --user NAME."
                )
            _delete_data(session, user_id)
        _refuse_taken_uuids(session, backup)
        user.units = backup.user["units"]
        user.time_zone = backup.user["time_zone"]
        user.created_at = backup.user["created_at"]
        _insert_all(session, user_id, backup)
    return {
        "profiles": len(backup.profiles),
        "body_weights": len(backup.body_weights),
        "plans": len(backup.plans),
        "sessions": len(backup.sessions),
        "sets": sum(len(entry.sets) for entry, _ in backup.sessions),
        "plan_changes": len(backup.changes),
    }


_USER_TABLES = (
    PlanChange,
    TrainingSession,
    ScheduledSession,
    PlanRecord,
    ProfileRecord,
    BodyWeight,
)


def _has_data(session: Session, user_id: int) -> bool:
    return any(
        session.scalar(select(model.id).where(model.user_id == user_id).limit(1))
        is not None
        for model in _USER_TABLES
    )


def _delete_data(session: Session, user_id: int) -> None:
    sessions_of_user = select(TrainingSession.id).where(
        TrainingSession.user_id == user_id
    )
    session.execute(
        delete(TrainingSet).where(TrainingSet.session_id.in_(sessions_of_user))
    )
    for model in _USER_TABLES:
        session.execute(delete(model).where(model.user_id == user_id))


def _refuse_taken_uuids(session: Session, backup: Backup) -> None:
    checks = (
        (TrainingSession, [entry.uuid for entry, _ in backup.sessions], "session"),
        (PlanRecord, [plan.uuid for plan, _ in backup.plans], "plan"),
    )
    for model, uuids, what in checks:
        for start in range(0, len(uuids), 500):
            taken = session.scalar(
                select(model.uuid)
                .where(model.uuid.in_(uuids[start : start + 500]))
                .limit(1)
            )
            if taken is not None:
                raise Conflict(
                    f"The backup's {what} {taken} is already in this database (under "
                    "another user); a backup can be restored once per database."
                )


def _insert_all(session: Session, user_id: int, backup: Backup) -> None:
    for profile in backup.profiles:
        session.add(
            ProfileRecord(
                user_id=user_id,
                taken_at=profile.taken_at,
                kind=profile.kind,
                max_pushups=profile.max_pushups,
                variant=profile.variant,
                ladder_step=profile.ladder_step,
                body_mass_kg=profile.body_mass_kg,
                data=profile.data,
            )
        )
    for weight in backup.body_weights:
        session.add(
            BodyWeight(
                user_id=user_id,
                measured_at=weight.measured_at,
                body_mass_kg=weight.body_mass_kg,
            )
        )
    plan_ids, slot_ids = _insert_plans(session, user_id, backup)
    session_ids: dict[str, int] = {}
    for entry, scheduled in backup.sessions:
        where = (
            slot_ids[(scheduled["plan"], scheduled["position"])] if scheduled else None
        )
        row = TrainingSession(
            uuid=entry.uuid,
            user_id=user_id,
            scheduled_session_id=where,
            started_at=entry.started_at,
            ended_at=entry.ended_at,
            sleep_score=entry.sleep_score,
            soreness_score=entry.soreness_score,
            title=entry.title,
            notes=entry.notes,
            source=entry.source,
        )
        session.add(row)
        session.flush()
        session_ids[entry.uuid] = row.id
        session.add_all(
            TrainingSet(session_id=row.id, position=index, **set_row_values(item))
            for index, item in enumerate(entry.sets)
        )
    for change, plan, trained in backup.changes:
        session.add(
            PlanChange(
                user_id=user_id,
                plan_id=plan_ids[plan] if plan else None,
                training_session_id=session_ids[trained] if trained else None,
                created_at=change.created_at or utc_now(),
                effective_on=change.effective_on,
                code=change.code,
                reason=change.reason,
                slug=change.slug,
                details=change.details,
            )
        )
    session.flush()


def _insert_plans(
    session: Session, user_id: int, backup: Backup
) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
    plan_ids: dict[str, int] = {}
    slot_ids: dict[tuple[str, int], int] = {}
    for plan, items in backup.plans:
        row = plan_row(plan, user_id)
        session.add(row)
        session.flush()
        plan_ids[plan.uuid] = row.id
        for item in items:
            scheduled = ScheduledSession(
                plan_id=row.id,
                user_id=user_id,
                position=item.position,
                week=item.week,
                day=item.day,
                scheduled_on=item.scheduled_on,
                deload=item.deload,
                title=item.title,
                exercises=[dict(e) for e in item.exercises],
                status=item.status,
            )
            session.add(scheduled)
            session.flush()
            slot_ids[(plan.uuid, item.position)] = scheduled.id
    return plan_ids, slot_ids
