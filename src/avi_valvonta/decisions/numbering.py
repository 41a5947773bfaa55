"""Diary numbers ``PREFIX/N/YYYY``: unique and gap-free per prefix and year.

Decisions and complaints draw from ONE series per (prefix, year) - the ``diary_counters`` table of migration
0003_complaints - so two matters never share a number.

One UPSERT increments the counter row and returns the new number. It is the first statement of the transaction
that issues the decision, so it takes the write lock first (SQLite) or locks the row (PostgreSQL) and concurrent
issuers queue instead of reading the same value; if the issue fails, the transaction rolls back and the number is
given back: no gaps.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

_UPSERT = text(
    "INSERT INTO diary_counters (prefix, year, last_number) VALUES (:prefix, :year, 1) "
    "ON CONFLICT (prefix, year) DO UPDATE SET last_number = diary_counters.last_number + 1 "
    "RETURNING last_number"
)


def next_number(conn: Any, prefix: str, year: int) -> str:
    """The next diary number, inside the caller's transaction (``conn``: a Connection or Session)."""
    n = conn.execute(_UPSERT, {"prefix": prefix, "year": year}).scalar_one()
    return f"{prefix}/{n}/{year}"
