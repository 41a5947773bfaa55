"""Diary numbers (diaarinumero) ``PREFIX/N/YYYY``: unique and gap-free per prefix and year, also under concurrency.

One counter row per (prefix, year) is read under a row lock and incremented in the SAME transaction that inserts the
complaint: on PostgreSQL with ``SELECT … FOR UPDATE`` (concurrent intakes wait for each other on that row); on
SQLite the whole transaction is ``BEGIN IMMEDIATE`` (:func:`avi_valvonta.complaints.store.write_session`), which
takes the database's write lock before the counter is read. A failed, rolled-back or killed intake rolls the counter
back with the complaint: no half complaint and no gap. The year is the received date's year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from avi_valvonta.complaints.rules import ComplaintSettings
from avi_valvonta.db.complaint_models import DiaryCounter

_DNRO = re.compile(r"^(?P<prefix>[^/\s]+)/(?P<number>\d+)/(?P<year>\d{4})$")
_COUNTERS: Any = DiaryCounter.__table__  # type: ignore[attr-defined]


def diary_prefix(received: dt.date, settings: ComplaintSettings) -> str:
    """The configured prefix, else the supervisor's on the received date (law data: LSSAVI, from 2026 Luova)."""
    if settings.prefix:
        return settings.prefix
    from avi_valvonta.law import law

    return law().supervisor_on(received).diary_prefix


def format_dnro(prefix: str, number: int, year: int) -> str:
    return f"{prefix}/{number}/{year}"


def parse_dnro(dnro: str) -> tuple[str, int, int] | None:
    m = _DNRO.match(dnro.strip())
    if m is None:
        return None
    return m["prefix"], int(m["number"]), int(m["year"])


def next_number(session: Session, prefix: str, year: int) -> int:
    """Take the next number of (prefix, year) inside the caller's write transaction."""
    where = (_COUNTERS.c.prefix == prefix) & (_COUNTERS.c.year == year)
    locked = select(_COUNTERS.c.last_number).where(where).with_for_update()
    last = session.execute(locked).scalar_one_or_none()
    if last is None:
        # The first intake of the year creates the row; concurrent first intakes do not fail on each other.
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        session.execute(insert(_COUNTERS).values(prefix=prefix, year=year, last_number=0).on_conflict_do_nothing())
        last = session.execute(locked).scalar_one()
    number = int(last) + 1
    session.execute(update(_COUNTERS).where(where).values(last_number=number))
    return number
