"""Complaint register tables (kanteluasiat, HL 434/2003 8 a luku). Schema: migration ``0003_complaints``.

- ``diary_counters``: one row per (prefix, year) holding the last diary number given. It is read with a row lock
  (``SELECT … FOR UPDATE`` on PostgreSQL; the whole transaction is ``BEGIN IMMEDIATE`` on SQLite) and updated in the
  same transaction as the complaint is inserted: a rolled-back or killed intake leaves neither a complaint nor a gap.
- ``complaints``: one row per complaint, the current state (status, due date, screening, resolution).
- ``complaint_events``: the append-only history (who, when, what); a database trigger refuses UPDATE and DELETE.
- ``complaint_attachments``: the files as received (bytes in the database, so a team server has them too and a
  killed intake leaves no orphan file), their SHA-256 and their (masked) text; append-only like the events.

Texts are masked (identity codes) before they are stored; an attachment's bytes are the original record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class DiaryCounter(SQLModel, table=True):
    """The last diary number given per prefix and year (diaarinumero ``PREFIX/N/YYYY``)."""

    __tablename__ = "diary_counters"

    prefix: str = Field(primary_key=True, max_length=20)
    year: int = Field(primary_key=True)
    last_number: int = 0


class Complaint(SQLModel, table=True):
    """A complaint (kantelu) and its current state; the history is in :class:`ComplaintEvent`."""

    __tablename__ = "complaints"
    __table_args__ = (UniqueConstraint("prefix", "year", "number", name="uq_complaints_number"),)

    id: int | None = Field(default=None, primary_key=True)
    dnro: str = Field(max_length=60, unique=True)
    prefix: str = Field(max_length=20)
    number: int
    year: int
    status: str = Field(index=True, max_length=30)
    municipality_code: str = Field(index=True, max_length=16)
    target: str = Field(max_length=20)  # municipality | te_office | kela | court | other
    channel: str = Field(max_length=20)  # email | letter | e-service | phone | in_person
    events_date: dt.date
    received: dt.date
    text: str = Field(sa_column=Column(Text, nullable=False))
    complainant_name: str = Field(max_length=300)
    complainant_email: str | None = Field(default=None, max_length=300)
    complainant_phone: str | None = Field(default=None, max_length=60)
    complainant_address: str | None = Field(default=None, max_length=500)
    complainant_language: str = Field(max_length=8)
    complainant_key: str = Field(index=True, max_length=300)  # normalised name: finds the same complainant
    contact_key: str | None = Field(default=None, index=True, max_length=300)  # e-mail or phone digits
    screening: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    overrides: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    due: dt.date | None = Field(default=None, index=True)
    due_kind: str | None = Field(default=None, max_length=20)  # statement | reply | resolution
    measure: str | None = Field(default=None, max_length=20)  # none | guidance | remark | own_initiative
    resolved_on: dt.date | None = None
    resolution_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    run_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime
    created_by: str = Field(max_length=100)
    updated_at: dt.datetime


class ComplaintEvent(SQLModel, table=True):
    """One change to a complaint: who, when, what (append-only; a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "complaint_events"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaints.id", index=True)
    at: dt.datetime
    actor: str = Field(max_length=100)
    what: str = Field(max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ComplaintAttachment(SQLModel, table=True):
    """A file received with the complaint, a statement or a reply: bytes as received, SHA-256, masked text."""

    __tablename__ = "complaint_attachments"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaints.id", index=True)
    kind: str = Field(max_length=20)  # complaint | statement | reply
    name: str = Field(max_length=300)
    media_type: str = Field(max_length=60)
    size: int
    sha256: str = Field(max_length=64)
    pages: int
    needs_ocr: bool = False
    text: str = Field(sa_column=Column(Text, nullable=False))
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: dt.datetime
    added_by: str = Field(max_length=100)
