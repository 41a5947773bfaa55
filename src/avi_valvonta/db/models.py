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
