"""Decisions and letters.

Revision ID: 0002_decisions
Revises: 0001_runs
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_decisions"
down_revision = "0001_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("number", sa.String(60), nullable=True),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("municipality_code", sa.String(16), nullable=False),
        sa.Column("run_id", sa.String(40), sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("complaint_dnro", sa.String(60), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("check_ids", sa.JSON(), nullable=False),
        sa.Column("sanction", sa.String(40), nullable=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("authority", sa.String(40), nullable=False),
        sa.Column("appealable", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("refers_to", sa.String(40), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("file", sa.String(1000), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("data_sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_decisions_number", "decisions", ["number"], unique=True)
    op.create_index("ix_decisions_municipality_code", "decisions", ["municipality_code"])


def downgrade() -> None:
    op.drop_table("decisions")
