"""Decisions on PostgreSQL (the team database): the migration's trigger, gap-free numbers, verify.

A throwaway server is started from the PostgreSQL 15 binaries (``.ci/run`` installs them when missing) in a
temporary directory, on a loopback port, and stopped at the end (~1.5 s).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decisions_support import SETTINGS, report, store

BIN = Path("/usr/lib/postgresql/15/bin")
PORT = 54391

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if not (BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries not installed (.ci/run installs postgresql-15)")
    root = Path(tempfile.mkdtemp(prefix="valvonta-pg-"))
    (root / "sock").mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        shutil.chown(root / "sock", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True)  # noqa: E731
    run(str(BIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {PORT} -c listen_addresses=127.0.0.1 -k {root / 'sock'} -c fsync=off"
    run(str(BIN / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w", "-o", options, "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{PORT}/postgres"
    finally:
        run(str(BIN / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_issue_and_verify_on_postgresql(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    from avi_valvonta.db import open_database
    from avi_valvonta.decisions import DraftRequest, draft, issue, verify

    monkeypatch.setenv("VALVONTA_DECISIONS_DIR", str(tmp_path / "letters"))
    db = open_database(pg_url)  # a fresh database: every migration, the triggers included

    def fake_pdf(data: dict[str, Any], fmt: str) -> bytes:
        return f"%PDF {data['number']}".encode()

    run_id = store(db, report())
    numbers = []
    for day in (dt.date(2024, 9, 2), dt.date(2024, 9, 3)):
        req = DraftRequest("correction_order", day, run_id=run_id, deadline=dt.date(2024, 10, 31))
        numbers.append(issue(db, draft(db, req, SETTINGS).decision.id, renderer=fake_pdf).number)
    assert numbers == ["LSSAVI/1/2024", "LSSAVI/2/2024"]
    assert [v.ok for v in verify(db)] == [True, True]
    assert len(db.issued_orders("272")) == 2
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        for sql in ("UPDATE decisions SET deadline = '2030-01-01'", "DELETE FROM decisions"):
            with pytest.raises(psycopg.errors.RaiseException, match="issued decisions cannot be changed"):
                conn.execute(sql)
