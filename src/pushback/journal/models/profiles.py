"""Profiles (assessments and retests) and body weight, both kept over time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pushback.journal._base import Base

__all__ = ["PROFILE_KINDS", "BodyWeight", "ProfileRecord"]

#: How a profile row came to be.
PROFILE_KINDS: tuple[str, ...] = ("assessment", "retest", "migrated", "imported")


class ProfileRecord(Base):
    """A snapshot of the user's profile: ``data`` is ``Profile.to_dict()``.

    The key figures are copied into columns so history and charts can query
    them without parsing JSON.
    """

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('assessment', 'retest', 'migrated', 'imported')", name="kind"
        ),
        CheckConstraint("max_pushups >= 0", name="max_pushups"),
        Index("ix_profiles_user_id_taken_at", "user_id", "taken_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    max_pushups: Mapped[int]
    variant: Mapped[str] = mapped_column(String(64))
    ladder_step: Mapped[int | None]
    body_mass_kg: Mapped[float | None]
    data: Mapped[dict[str, Any]]


class BodyWeight(Base):
    """One body-mass reading, always stored in kilograms."""

    __tablename__ = "body_weights"
    __table_args__ = (
        CheckConstraint("body_mass_kg > 0", name="body_mass_kg"),
        Index("ix_body_weights_user_id_measured_at", "user_id", "measured_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    measured_at: Mapped[datetime]
    body_mass_kg: Mapped[float]
