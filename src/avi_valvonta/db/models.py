"""Database tables (sqlmodel). Every schema change is an alembic migration in ``migrations/versions``.

Stored reports are masked before they are written: the database never holds an unmasked identity code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class Run(SQLModel, table=True):
    """One audit run: inputs (with SHA-256), versions, rule sets, options, and the whole (masked) report."""

    __tablename__ = "runs"

    id: str = Field(primary_key=True, max_length=40)
    created_at: dt.datetime = Field(index=True)
    municipality_code: str = Field(index=True, max_length=16)
    municipality_name: str = Field(max_length=200)
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    bundle_path: str = Field(max_length=1000)
    tool_version: str = Field(max_length=40)
    plugins: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    rule_sets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    proposal_measure: str = Field(max_length=40)
    proposal_deadline: dt.date | None = None
    failed: int = 0
    report: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RunResult(SQLModel, table=True):
    """One check's result in a run: the queryable part (planning reads rates from here)."""

    __tablename__ = "run_results"
    __table_args__ = (Index("ix_run_results_run_check", "run_id", "check_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="runs.id", max_length=40)
    check_id: str = Field(index=True, max_length=80)
    area: str = Field(max_length=40)
    outcome: str = Field(max_length=20)
    severity: str | None = Field(default=None, max_length=20)
    population: int | None = None
    affected: int | None = None
    rate: float | None = None


class Decision(SQLModel, table=True):
    """A decision or letter (päätös / kirje): drafted, then issued (numbered, frozen, hashed).

    Issued correction orders are what the proposal ladder reads: a suspension (1269/2020) or the enforcement of a
    conditional fine (380/2023) is proposed only after an issued order on the same check ids whose deadline has
    passed and which a follow-up audit still fails.
    """

    __tablename__ = "decisions"

    id: str = Field(primary_key=True, max_length=40)
    status: str = Field(default="draft", max_length=10)  # draft | issued
    number: str | None = Field(default=None, index=True, max_length=60)  # diary number once issued
    measure: str = Field(max_length=40)  # guidance, remark, correction_order, suspension, fine_enforcement, letters
    municipality_code: str = Field(index=True, max_length=16)
    run_id: str | None = Field(default=None, foreign_key="runs.id", max_length=40)
    complaint_dnro: str | None = Field(default=None, max_length=60)
    decision_date: dt.date
    deadline: dt.date | None = None
    check_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sanction: str | None = Field(default=None, max_length=40)  # suspension_threat | conditional_fine | none
    lang: str = Field(max_length=2)
    authority: str = Field(max_length=40)  # supervisor id (law data)
    appealable: bool = False
    refers_to: str | None = Field(default=None, max_length=40)  # a correction refers to the decision it corrects
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    file: str | None = Field(default=None, max_length=1000)
    sha256: str | None = Field(default=None, max_length=64)
    data_sha256: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime
    issued_at: dt.datetime | None = None
