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

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict, NotFound
from pushback.domain.phrases import msg
from pushback.journal._backup_parse import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    Backup,
    parse_backup,
)
from pushback.journal._base import utc_now
from pushback.journal._coerce import record_to_dict
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
from pushback.journal.repository._convert import (
    body_weight_entry,
    change_details,
    change_entry,
    plan_entry,
    plan_row,
    profile_entry,
    scheduled_entry,
    session_entry,
    session_row,
    set_row_values,
)
from pushback.journal.repository.training import local_day
from pushback.journal.repository.users import check_user_name

#: Database ids never leave the database: rows refer to each other by uuid.
_IDS = ("id",)

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "Backup",
    "export_user",
    "parse_backup",
    "restore_user",
]


def export_user(session: Session, *, user_id: int) -> dict[str, Any]:
    """The user's whole journal as a JSON-ready dict, read in one snapshot."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(
            msg("No journal user with id %(user_id)s.", user_id=user_id), field="user"
        )
    plan_rows = _rows(session, PlanRecord, user_id, PlanRecord.created_at)
    plan_uuid = {row.id: row.uuid for row in plan_rows}
    scheduled = _rows(session, ScheduledSession, user_id, ScheduledSession.position)
    slot = {row.id: (plan_uuid[row.plan_id], row.position) for row in scheduled}
    session_rows = _rows(session, TrainingSession, user_id, TrainingSession.started_at)
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
            for row in _rows(session, ProfileRecord, user_id, ProfileRecord.taken_at)
        ],
        "body_weights": [
            record_to_dict(body_weight_entry(row), exclude=_IDS)
            for row in _rows(session, BodyWeight, user_id, BodyWeight.measured_at)
        ],
        "plans": [_plan_dict(row, scheduled) for row in plan_rows],
        "sessions": [_session_dict(row, sets_of[row.id], slot) for row in session_rows],
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
    entry = change_entry(row)
    data = record_to_dict(entry, exclude=("id", "plan_id", "training_session_id"))
    # The reason's recipe rides in the details, as stored: a restored change is
    # shown in the reader's language again.
    data["details"] = change_details(entry)
    data["plan"] = plan_uuid.get(row.plan_id) if row.plan_id else None
    data["session"] = (
        session_uuid.get(row.training_session_id) if row.training_session_id else None
    )
    return data


def restore_user(
    session: Session,
    *,
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
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        user = User(name=name)
        session.add(user)
        session.flush()
    user_id = user.id
    if _has_data(session, user_id):
        if not replace_data:
            raise Conflict(
                msg(
                    "User %(name)s already has journal data; restore with "
                    "--replace to overwrite it, or into another user with --user "
                    "NAME.",
                    name=repr(name),
                )
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
        (
            TrainingSession,
            [entry.uuid for entry, _ in backup.sessions],
            msg("session"),
        ),
        (PlanRecord, [plan.uuid for plan, _ in backup.plans], msg("plan")),
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
                    msg(
                        "The backup's %(what)s %(taken)s is already in this "
                        "database (under another user); a backup can be restored "
                        "once per database.",
                        what=what,
                        taken=taken,
                    )
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
    open_days: set[date] = set()
    for entry, scheduled in backup.sessions:
        where = (
            slot_ids[(scheduled["plan"], scheduled["position"])] if scheduled else None
        )
        row = session_row(entry, user_id, where)
        if entry.ended_at is None:
            # The day's open session (a backup from before revision 0005 may hold
            # two open on one day: the later one stays open, as it was, unmarked).
            day = local_day(session, user_id, entry.started_at)
            row.open_on = None if day in open_days else day
            open_days.add(day)
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
