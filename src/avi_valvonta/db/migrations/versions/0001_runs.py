"""Audit runs and their results.

Revision ID: 0001_runs
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_runs"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_code", sa.String(16), nullable=False),
        sa.Column("municipality_name", sa.String(200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("bundle_path", sa.String(1000), nullable=False),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("plugins", sa.JSON(), nullable=False),
        sa.Column("rule_sets", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("proposal_measure", sa.String(40), nullable=False),
        sa.Column("proposal_deadline", sa.Date(), nullable=True),
        sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("report", sa.JSON(), nullable=False),
    )
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_index("ix_runs_municipality_code", "runs", ["municipality_code"])
    op.create_table(
        "run_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(40), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("check_id", sa.String(80), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("severity", sa.String(20), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("affected", sa.Integer(), nullable=True),
        sa.Column("rate", sa.Float(), nullable=True),
    )
    op.create_index("ix_run_results_check_id", "run_results", ["check_id"])
    op.create_index("ix_run_results_run_check", "run_results", ["run_id", "check_id"])


def downgrade() -> None:
    op.drop_table("run_results")
    op.drop_table("runs")
