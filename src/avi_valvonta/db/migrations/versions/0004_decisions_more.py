"""Immutability of issued decisions (numbers come from the shared ``diary_counters`` of 0003_complaints).

Revision ID: 0004_decisions_more
Revises: 0002_decisions
Create Date: 2026-11-22

A decision is numbered by incrementing its (prefix, year) row of ``diary_counters`` (shared with complaints: one
series, so two matters never share a number) in the same transaction that issues it, so a failed issue gives its
number back and no number is skipped or given twice, even with several processes. Triggers refuse any UPDATE or
DELETE of an issued decision: a correction is a new decision that refers to the old one.
"""

from __future__ import annotations

from alembic import op

revision = "0004_decisions_more"
down_revision = "0002_decisions"
branch_labels = None
depends_on = "0003_complaints"  # the diary_counters table

_MESSAGE = "issued decisions cannot be changed: a correction is a new decision that refers to the old one"


def upgrade() -> None:
    op.create_index("ix_decisions_status", "decisions", ["status"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION decisions_issued_immutable() RETURNS trigger AS $$
            BEGIN
                IF OLD.status = 'issued' THEN
                    RAISE EXCEPTION '{_MESSAGE}';
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER decisions_issued_immutable BEFORE UPDATE OR DELETE ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION decisions_issued_immutable()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER decisions_issued_no_{event.lower()} BEFORE {event} ON decisions "
                f"WHEN OLD.status = 'issued' BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS decisions_issued_immutable ON decisions")
        op.execute("DROP FUNCTION IF EXISTS decisions_issued_immutable()")
    else:
        op.execute("DROP TRIGGER IF EXISTS decisions_issued_no_update")
        op.execute("DROP TRIGGER IF EXISTS decisions_issued_no_delete")
    op.drop_index("ix_decisions_status", table_name="decisions")
