"""Adding a backup to a journal that has data: what is new, and the preview.

:func:`merge_user` adds what the backup has and the journal lacks: sessions (by
their uuid, with all their sets), body weights (by time) and assessments (by
time). The journal keeps its own plans and their history: a plan belongs to the
journal that adapted it. :func:`backup_preview` counts what a restore would do,
for both ways, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pushback.domain.errors import Conflict
from pushback.domain.phrases import msg
from pushback.journal._backup_parse import Backup
from pushback.journal.models import (
    BodyWeight,
    PlanRecord,
    ProfileRecord,
    TrainingSession,
    TrainingSet,
)
from pushback.journal.records import BodyWeightEntry, ProfileEntry, SessionEntry
from pushback.journal.repository._convert import session_row, set_row_values
from pushback.journal.repository.training import local_day

__all__ = ["BackupPreview", "backup_preview", "merge_user"]


@dataclass(frozen=True)
class BackupPreview:
    """What restoring a backup would change, counted for both ways."""

    in_backup: dict[str, int]
    in_journal: dict[str, int]
    new_by_merge: dict[str, int]


def _counts(
    sessions: int, sets: int, weights: int, profiles: int, plans: int
) -> dict[str, int]:
    return {"sessions": sessions, "sets": sets, "body_weights": weights,
            "assessments": profiles, "plans": plans}  # fmt: skip


def _owned(session: Session, model: Any, user_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.user_id == user_id)
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class _New:
    """What the backup has and the journal lacks."""

    sessions: list[SessionEntry]
    weights: list[BodyWeightEntry]
    profiles: list[ProfileEntry]


def _owners(session: Session, uuids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(uuids), 500):
        query = select(TrainingSession.uuid, TrainingSession.user_id).where(
            TrainingSession.uuid.in_(uuids[start : start + 500])
        )
        for uuid, owner in session.execute(query):
            found[uuid] = owner
    return found


def _new_parts(session: Session, backup: Backup, user_id: int) -> _New:
    owners = _owners(session, [entry.uuid for entry, _ in backup.sessions])
    foreign = [uuid for uuid, owner in owners.items() if owner != user_id]
    if foreign:
        raise Conflict(
            msg(
                "The backup's session %(value)s belongs to another account here: a "
                "backup can only be restored into the account it came from.",
                value=foreign[0],
            )
        )
    weighed = set(
        session.scalars(
            select(BodyWeight.measured_at).where(BodyWeight.user_id == user_id)
        )
    )
    assessed = set(
        session.scalars(
            select(ProfileRecord.taken_at).where(ProfileRecord.user_id == user_id)
        )
    )
    return _New(
        sessions=[entry for entry, _ in backup.sessions if entry.uuid not in owners],
        weights=[w for w in backup.body_weights if w.measured_at not in weighed],
        profiles=[p for p in backup.profiles if p.taken_at not in assessed],
    )


def backup_preview(session: Session, *, backup: Backup, user_id: int) -> BackupPreview:
    """Counts of the backup, of the journal, and of what a merge would add."""
    new = _new_parts(session, backup, user_id)
    sets_here = session.scalar(
        select(func.count())
        .select_from(TrainingSet)
        .join(TrainingSession, TrainingSet.session_id == TrainingSession.id)
        .where(TrainingSession.user_id == user_id)
    )
    return BackupPreview(
        in_backup=_counts(
            len(backup.sessions),
            sum(len(entry.sets) for entry, _ in backup.sessions),
            len(backup.body_weights),
            len(backup.profiles),
            len(backup.plans),
        ),
        in_journal=_counts(
            _owned(session, TrainingSession, user_id),
            int(sets_here or 0),
            _owned(session, BodyWeight, user_id),
            _owned(session, ProfileRecord, user_id),
            _owned(session, PlanRecord, user_id),
        ),
        new_by_merge=_counts(
            len(new.sessions),
            sum(len(entry.sets) for entry in new.sessions),
            len(new.weights),
            len(new.profiles),
            0,
        ),
    )


def merge_user(session: Session, *, backup: Backup, user_id: int) -> dict[str, int]:
    """Add the backup's sessions, body weights and assessments the journal lacks
    (one transaction with the caller's other work); returns what was added."""
    new = _new_parts(session, backup, user_id)
    for profile in new.profiles:
        session.add(
            ProfileRecord(
                user_id=user_id, taken_at=profile.taken_at, kind=profile.kind,
                max_pushups=profile.max_pushups, variant=profile.variant,
                ladder_step=profile.ladder_step, body_mass_kg=profile.body_mass_kg,
                data=profile.data,
            )
        )  # fmt: skip
    for weight in new.weights:
        session.add(
            BodyWeight(
                user_id=user_id,
                measured_at=weight.measured_at,
                body_mass_kg=weight.body_mass_kg,
            )
        )
    for entry in new.sessions:
        row = session_row(entry, user_id, None)  # the journal keeps its own plan
        if entry.ended_at is None:
            day = local_day(session, user_id, entry.started_at)
            taken = session.scalar(
                select(TrainingSession.id).where(
                    TrainingSession.user_id == user_id,
                    TrainingSession.open_on == day,
                )
            )
            row.open_on = None if taken else day
        session.add(row)
        session.flush()
        session.add_all(
            TrainingSet(session_id=row.id, position=index, **set_row_values(item))
            for index, item in enumerate(entry.sets)
        )
    session.flush()
    return {
        "sessions": len(new.sessions),
        "sets": sum(len(entry.sets) for entry in new.sessions),
        "body_weights": len(new.weights),
        "profiles": len(new.profiles),
    }
