"""Alembic environment: always run from :func:`avi_valvonta.db.ensure_schema` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from avi_valvonta.db import complaint_models, models  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the tool always passes one
    raise RuntimeError("run migrations through `valvonta db upgrade`")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
