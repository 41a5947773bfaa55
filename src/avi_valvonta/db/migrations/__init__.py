"""Alembic migrations of the tool's database (SQLite or PostgreSQL)."""
