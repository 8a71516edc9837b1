"""Profiles (assessments, retests) and body weight over time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushback.journal.models import BodyWeight, ProfileRecord
from pushback.journal.records import BodyWeightEntry, ProfileEntry
from pushback.journal.repository._convert import body_weight_entry, profile_entry

__all__ = [
    "add_body_weight",
    "add_profile",
    "latest_profile",
    "list_body_weights",
    "list_profiles",
]


def add_profile(session: Session, *, user_id: int, entry: ProfileEntry) -> ProfileEntry:
    """Store a profile snapshot (and its body mass as a body-weight reading)."""
    row = ProfileRecord(
        user_id=user_id,
        taken_at=entry.taken_at,
        kind=entry.kind,
        max_pushups=entry.max_pushups,
        variant=entry.variant,
        ladder_step=entry.ladder_step,
        body_mass_kg=entry.body_mass_kg,
        data=entry.data,
    )
    session.add(row)
    if entry.body_mass_kg is not None:
        session.add(
            BodyWeight(
                user_id=user_id,
                measured_at=entry.taken_at,
                body_mass_kg=entry.body_mass_kg,
            )
        )
    session.flush()
    return profile_entry(row)


def latest_profile(session: Session, *, user_id: int) -> ProfileEntry | None:
    """The newest profile snapshot, or None before the first assessment."""
    row = session.scalars(
        select(ProfileRecord)
        .where(ProfileRecord.user_id == user_id)
        .order_by(ProfileRecord.taken_at.desc(), ProfileRecord.id.desc())
        .limit(1)
    ).one_or_none()
    return profile_entry(row) if row is not None else None


def list_profiles(session: Session, *, user_id: int) -> list[ProfileEntry]:
    """Every profile snapshot, oldest first."""
    rows = session.scalars(
        select(ProfileRecord)
        .where(ProfileRecord.user_id == user_id)
        .order_by(ProfileRecord.taken_at, ProfileRecord.id)
    )
    return [profile_entry(row) for row in rows]


def add_body_weight(
    session: Session, *, user_id: int, entry: BodyWeightEntry
) -> BodyWeightEntry:
    """Store one body-mass reading."""
    row = BodyWeight(
        user_id=user_id,
        measured_at=entry.measured_at,
        body_mass_kg=entry.body_mass_kg,
    )
    session.add(row)
    session.flush()
    return body_weight_entry(row)


def list_body_weights(
    session: Session, *, user_id: int, since: datetime | None = None
) -> list[BodyWeightEntry]:
    """Body-mass readings, oldest first (optionally from ``since``)."""
    query = select(BodyWeight).where(BodyWeight.user_id == user_id)
    if since is not None:
        query = query.where(BodyWeight.measured_at >= since)
    rows = session.scalars(query.order_by(BodyWeight.measured_at, BodyWeight.id))
    return [body_weight_entry(row) for row in rows]
