"""Where the tool keeps its files by default (user data directory). Light: no database imports."""

from __future__ import annotations

from pathlib import Path

APP = "avi-valvonta"


def default_db_path() -> Path:
    """The default SQLite database: private to the user (created 0600 in a 0700 directory)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False)) / "valvonta.sqlite3"
