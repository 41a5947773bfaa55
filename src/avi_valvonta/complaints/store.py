"""Transactions of the complaint register: one writer at a time on what it changes, on SQLite and PostgreSQL.

:func:`write_session` opens a transaction that takes its write lock FIRST: ``BEGIN IMMEDIATE`` on SQLite (so two
inspectors never both read a counter or a status and then both write; the busy timeout makes the second wait),
and on PostgreSQL the rows it changes are read with ``FOR UPDATE`` (:func:`locked`). It commits on success and rolls
back on any error - a killed process leaves the database as it was, because the transaction never committed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session, select

from avi_valvonta.db.complaint_models import Complaint
from avi_valvonta.errors import UsageError


@contextmanager
def write_session(db: Any) -> Iterator[Session]:
    with Session(db.engine, expire_on_commit=False) as session:
        if db.engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(db: Any) -> Iterator[Session]:
    with Session(db.engine, expire_on_commit=False) as session:
        yield session


def find(session: Session, dnro: str, *, lock: bool = False) -> Complaint:
    """The complaint with this diary number (exact, or ``N/YYYY`` when only one prefix has it), else UsageError."""
    q = select(Complaint).where(Complaint.dnro == dnro.strip())
    if lock:
        q = q.with_for_update()
    found = session.exec(q).first()
    if found is not None:
        return found
    short = re.match(r"^(\d+)/(\d{4})$", dnro.strip())
    if short is not None:
        q = select(Complaint).where(Complaint.number == int(short[1])).where(Complaint.year == int(short[2]))
        matches = list(session.exec(q.with_for_update() if lock else q).all())
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UsageError(f"diary number {dnro!r} is ambiguous: give the whole number PREFIX/N/YYYY")
    raise UsageError(f"no complaint {dnro!r} (see `valvonta complaint list`)")
