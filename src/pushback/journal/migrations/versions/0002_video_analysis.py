"""Video-analysis results on sets: descent times, faults, the rep to stop at.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "training_sets", sa.Column("descent_times_s", sa.JSON(), nullable=True)
    )
    op.add_column("training_sets", sa.Column("faults", sa.JSON(), nullable=True))
    op.add_column(
        "training_sets", sa.Column("stop_at_rep", sa.Integer(), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("training_sets") as batch:
        batch.drop_column("stop_at_rep")
        batch.drop_column("faults")
        batch.drop_column("descent_times_s")
