"""What was actually done: logged training sessions and their sets.

Each set keeps its target (copied from the plan when it was logged) beside the
actual result, as wger keeps ``repetitions_target`` beside ``repetitions``.
Sets imported from other apps may name an exercise outside the catalog:
``slug`` is then empty and ``exercise_name`` keeps their name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pushback.journal._base import Base
from pushback.journal.records import SESSION_SOURCES

__all__ = ["SET_KINDS", "SOURCES", "TrainingSession", "TrainingSet"]

#: ``work`` sets count for progression; ``failure``/``drop`` come from imports.
SET_KINDS: tuple[str, ...] = ("warm-up", "work", "failure", "drop")
#: Where a session was logged (``records.SESSION_SOURCES``).
SOURCES: tuple[str, ...] = SESSION_SOURCES


class TrainingSession(Base):
    """One logged training session with the readiness the user reported.

    ``sleep_score``: 1 = very poor night, 5 = very good. ``soreness_score``:
    1 = no soreness, 5 = very sore.
    """

    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("sleep_score BETWEEN 1 AND 5", name="sleep_score"),
        CheckConstraint("soreness_score BETWEEN 1 AND 5", name="soreness_score"),
        CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at", name="ended_after_start"
        ),
        Index("ix_training_sessions_user_id_started_at", "user_id", "started_at"),
        # One open session per user and day (revision 0005): NULLs never collide.
        Index(
            "uq_training_sessions_user_id_open_on", "user_id", "open_on", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scheduled_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("scheduled_sessions.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    sleep_score: Mapped[int | None]
    soreness_score: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="pushback")
    #: The user's local date while the session is open; NULL once it is finished
    #: (revision 0005). The unique (user, open_on) pair allows one open session a
    #: day, on both backends, whatever races to open one.
    open_on: Mapped[date | None] = mapped_column(default=None)


class TrainingSet(Base):
    """One set: target and actual side by side, plus video-analysis results."""

    __tablename__ = "training_sets"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        CheckConstraint(
            "slug IS NOT NULL OR exercise_name IS NOT NULL", name="exercise"
        ),
        CheckConstraint("kind IN ('warm-up', 'work', 'failure', 'drop')", name="kind"),
        CheckConstraint(
            "reps >= 0 AND reps_per_side >= 0 AND duration_s >= 0", name="actual"
        ),
        CheckConstraint("rir BETWEEN 0 AND 10", name="rir"),
        CheckConstraint("rpe BETWEEN 1 AND 10", name="rpe"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    logged_at: Mapped[datetime]
    slug: Mapped[str | None] = mapped_column(String(64))
    exercise_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="work")
    # target, copied from the prescription
    target_reps: Mapped[int | None]
    target_reps_per_side: Mapped[int | None]
    target_duration_s: Mapped[int | None]
    target_rep_low: Mapped[int | None]
    target_rep_high: Mapped[int | None]
    target_tempo: Mapped[str | None] = mapped_column(String(16))
    target_rir: Mapped[int | None]
    # actual
    reps: Mapped[int | None]
    reps_per_side: Mapped[int | None]
    duration_s: Mapped[int | None]
    tempo: Mapped[str | None] = mapped_column(String(16))
    rir: Mapped[int | None]
    rpe: Mapped[float | None]
    load_kg: Mapped[float | None]
    distance_m: Mapped[float | None]
    form_broke: Mapped[bool] = mapped_column(default=False)
    pain: Mapped[bool] = mapped_column(default=False)
    pain_location: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    # video analysis (filled by the form-analysis work; revision 0002)
    descent_times_s: Mapped[list[Any] | None]
    faults: Mapped[list[Any] | None]
    stop_at_rep: Mapped[int | None]
    # idempotency key sent by the guided workout, so a resent set is stored once
    # (web app II; revision 0004)
    client_key: Mapped[str | None] = mapped_column(
        String(64), default=None, unique=True, index=True
    )
