"""Complaint register: diary counters, complaints, their append-only events and attachments.

Revision ID: 0003_complaints
Revises: 0001_runs
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_complaints"
down_revision = "0001_runs"
branch_labels = None
depends_on = None

APPEND_ONLY = ("complaint_events", "complaint_attachments")


def upgrade() -> None:
    op.create_table(
        "diary_counters",
        sa.Column("prefix", sa.String(20), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last_number", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("dnro", sa.String(60), nullable=False),
        sa.Column("prefix", sa.String(20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("municipality_code", sa.String(16), nullable=False),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("events_date", sa.Date(), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("complainant_name", sa.String(300), nullable=False),
        sa.Column("complainant_email", sa.String(300), nullable=True),
        sa.Column("complainant_phone", sa.String(60), nullable=True),
        sa.Column("complainant_address", sa.String(500), nullable=True),
        sa.Column("complainant_language", sa.String(8), nullable=False),
        sa.Column("complainant_key", sa.String(300), nullable=False),
        sa.Column("contact_key", sa.String(300), nullable=True),
        sa.Column("screening", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("due_kind", sa.String(20), nullable=True),
        sa.Column("measure", sa.String(20), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("resolution_reason", sa.Text(), nullable=True),
        sa.Column("run_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("dnro", name="uq_complaints_dnro"),
        sa.UniqueConstraint("prefix", "year", "number", name="uq_complaints_number"),
    )
    op.create_index("ix_complaints_status", "complaints", ["status"])
    op.create_index("ix_complaints_municipality_code", "complaints", ["municipality_code"])
    op.create_index("ix_complaints_complainant_key", "complaints", ["complainant_key"])
    op.create_index("ix_complaints_contact_key", "complaints", ["contact_key"])
    op.create_index("ix_complaints_due", "complaints", ["due"])
    op.create_table(
        "complaint_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("complaint_id", sa.Integer(), sa.ForeignKey("complaints.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_complaint_events_complaint_id", "complaint_events", ["complaint_id"])
    op.create_table(
        "complaint_attachments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("complaint_id", sa.Integer(), sa.ForeignKey("complaints.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("needs_ocr", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_complaint_attachments_complaint_id", "complaint_attachments", ["complaint_id"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    """History is evidence: the database itself refuses to change or delete an event or an attachment."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION valvonta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION valvonta_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY:
        op.drop_table(table)
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS valvonta_append_only()")
    op.drop_table("complaints")
    op.drop_table("diary_counters")
