"""Shared fixtures: every test gets its own database and log directory (never the user's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from avi_valvonta.testing import BundleBuilder
from pg import db_url, pg_server  # noqa: F401 - fixtures: a throwaway PostgreSQL server, SQLite/PostgreSQL databases

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "kokkola-2024"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VALVONTA_DB", f"sqlite:///{tmp_path / 'valvonta.sqlite3'}")
    monkeypatch.setenv("VALVONTA_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("VALVONTA_PLUGINS", raising=False)
    monkeypatch.delenv("VALVONTA_CONFIG", raising=False)
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture
def builder(tmp_path: Path) -> BundleBuilder:
    return BundleBuilder(tmp_path)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the real entry point in-process: (exit code, stdout, stderr)."""
    from avi_valvonta.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def load_json(text: str) -> Any:
    return json.loads(text)
