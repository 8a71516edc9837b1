"""Journal core: users, profiles, body weight, plans, sessions, sets, plan changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"],
        ["users.id"],
        name=op.f(f"fk_{table}_user_id_users"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("units", sa.String(length=2), server_default="kg", nullable=False),
        sa.Column(
            "time_zone", sa.String(length=64), server_default="UTC", nullable=False
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.CheckConstraint("units IN ('kg', 'lb')", name=op.f("ck_users_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "body_weights",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("measured_at", _TS, nullable=False),
        sa.Column("body_mass_kg", sa.Double(), nullable=False),
        sa.CheckConstraint(
            "body_mass_kg > 0", name=op.f("ck_body_weights_body_mass_kg")
        ),
        _user_fk("body_weights"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_weights")),
    )
    op.create_index(
        "ix_body_weights_user_id_measured_at",
        "body_weights",
        ["user_id", "measured_at"],
    )
    op.create_table(
        "plans",
        _id(),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("generator_version", sa.String(length=32), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("superseded_at", _TS, nullable=True),
        _user_fk("plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("uuid", name=op.f("uq_plans_uuid")),
    )
    op.create_index("ix_plans_user_id_created_at", "plans", ["user_id", "created_at"])
    op.create_table(
        "profiles",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", _TS, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("max_pushups", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=64), nullable=False),
        sa.Column("ladder_step", sa.Integer(), nullable=True),
        sa.Column("body_mass_kg", sa.Double(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('assessment', 'retest', 'migrated', 'imported')",
            name=op.f("ck_profiles_kind"),
        ),
        sa.CheckConstraint("max_pushups >= 0", name=op.f("ck_profiles_max_pushups")),
        _user_fk("profiles"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
    )
    op.create_index("ix_profiles_user_id_taken_at", "profiles", ["user_id", "taken_at"])
    op.create_table(
        "scheduled_sessions",
        _id(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("deload", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("exercises", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'skipped')",
            name=op.f("ck_scheduled_sessions_status"),
        ),
        sa.CheckConstraint(
            "day BETWEEN 1 AND 7", name=op.f("ck_scheduled_sessions_day")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_scheduled_sessions_plan_id_plans"),
            ondelete="CASCADE",
        ),
        _user_fk("scheduled_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_sessions")),
        sa.UniqueConstraint(
            "plan_id", "position", name=op.f("uq_scheduled_sessions_plan_id_position")
        ),
    )
    op.create_index(
        "ix_scheduled_sessions_user_id_scheduled_on",
        "scheduled_sessions",
        ["user_id", "scheduled_on"],
    )
    op.create_table(
        "training_sessions",
        _id(),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_session_id", sa.Integer(), nullable=True),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("ended_at", _TS, nullable=True),
        sa.Column("sleep_score", sa.Integer(), nullable=True),
        sa.Column("soreness_score", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at",
            name=op.f("ck_training_sessions_ended_after_start"),
        ),
        sa.CheckConstraint(
            "sleep_score BETWEEN 1 AND 5", name=op.f("ck_training_sessions_sleep_score")
        ),
        sa.CheckConstraint(
            "soreness_score BETWEEN 1 AND 5",
            name=op.f("ck_training_sessions_soreness_score"),
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_session_id"],
            ["scheduled_sessions.id"],
            name=op.f("fk_training_sessions_scheduled_session_id_scheduled_sessions"),
            ondelete="SET NULL",
        ),
        _user_fk("training_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
        sa.UniqueConstraint("uuid", name=op.f("uq_training_sessions_uuid")),
    )
    op.create_index(
        op.f("ix_training_sessions_scheduled_session_id"),
        "training_sessions",
        ["scheduled_session_id"],
    )
    op.create_index(
        "ix_training_sessions_user_id_started_at",
        "training_sessions",
        ["user_id", "started_at"],
    )
    op.create_table(
        "plan_changes",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("training_session_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_changes_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_session_id"],
            ["training_sessions.id"],
            name=op.f("fk_plan_changes_training_session_id_training_sessions"),
            ondelete="SET NULL",
        ),
        _user_fk("plan_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_changes")),
    )
    op.create_index(
        "ix_plan_changes_user_id_created_at", "plan_changes", ["user_id", "created_at"]
    )
    op.create_table(
        "training_sets",
        _id(),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("logged_at", _TS, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=True),
        sa.Column("exercise_name", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=True),
        sa.Column("target_reps_per_side", sa.Integer(), nullable=True),
        sa.Column("target_duration_s", sa.Integer(), nullable=True),
        sa.Column("target_rep_low", sa.Integer(), nullable=True),
        sa.Column("target_rep_high", sa.Integer(), nullable=True),
        sa.Column("target_tempo", sa.String(length=16), nullable=True),
        sa.Column("target_rir", sa.Integer(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("reps_per_side", sa.Integer(), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("tempo", sa.String(length=16), nullable=True),
        sa.Column("rir", sa.Integer(), nullable=True),
        sa.Column("rpe", sa.Double(), nullable=True),
        sa.Column("load_kg", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Double(), nullable=True),
        sa.Column("form_broke", sa.Boolean(), nullable=False),
        sa.Column("pain", sa.Boolean(), nullable=False),
        sa.Column("pain_location", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('warm-up', 'work', 'failure', 'drop')",
            name=op.f("ck_training_sets_kind"),
        ),
        sa.CheckConstraint(
            "reps >= 0 AND reps_per_side >= 0 AND duration_s >= 0",
            name=op.f("ck_training_sets_actual"),
        ),
        sa.CheckConstraint("rir BETWEEN 0 AND 10", name=op.f("ck_training_sets_rir")),
        sa.CheckConstraint("rpe BETWEEN 1 AND 10", name=op.f("ck_training_sets_rpe")),
        sa.CheckConstraint(
            "slug IS NOT NULL OR exercise_name IS NOT NULL",
            name=op.f("ck_training_sets_exercise"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_sets_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sets")),
        sa.UniqueConstraint(
            "session_id", "position", name=op.f("uq_training_sets_session_id_position")
        ),
    )


def downgrade() -> None:
    for table in (
        "training_sets",
        "plan_changes",
        "training_sessions",
        "scheduled_sessions",
        "profiles",
        "plans",
        "body_weights",
        "users",
    ):
        op.drop_table(table)
