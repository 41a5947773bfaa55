"""Crash safety (issue 10, part 3): a run killed with SIGKILL while it is being stored leaves all of it or none of it.

``Database.store_run`` writes the run row and its result rows in one transaction. The test-only environment variable
``VALVONTA_TEST_PAUSE_BEFORE_COMMIT`` (seconds; see ``avi_valvonta.db``) makes it stop after the rows are flushed and
before the commit, and say so on stderr: the test proves the write is in flight, kills the process exactly there,
and checks that nothing of the run is stored and that the next audit stores a whole run. On SQLite (with its
integrity check) and on PostgreSQL (where the server must roll back the dead client's transaction) when the
PostgreSQL test fixture (``tests/pg.py``: ``pg_server``) is there. A second test kills runs late in an audit,
wherever the kill lands, and checks that only whole runs are ever stored.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from avi_valvonta.testing import BundleBuilder

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

PAUSE_ENV = "VALVONTA_TEST_PAUSE_BEFORE_COMMIT"
MAIN = "from avi_valvonta.cli import main; main()"


def _bundle(root: Path) -> Path:
    b = BundleBuilder(root)
    for i in range(40):
        cid = f"K-{i}"
        b.client(cid, job_search_start="2024-01-15")
        b.event(cid, "2024-01-22" if i % 3 else "2024-02-05", "initial_interview")
    return b.write()


def _env(url: str, log: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PAUSE_ENV}
    env.update({"VALVONTA_DB": url, "VALVONTA_LOG_DIR": str(log), **extra})
    return env


def _start(bundle: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, "audit", "Kokkola", "--case", str(bundle), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_line(stream, needle: str, timeout: float) -> str:  # type: ignore[no-untyped-def]
    """The first line of ``stream`` that contains ``needle`` (a reader thread: a pipe has no timeout of its own)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} never appeared on stderr:\n{''.join(seen)}")


# -- what the database holds ---------------------------------------------------------------------------------


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def _stored(url: str) -> dict[str, int]:
    """Run id → number of its result rows (after SQLite's integrity check; PostgreSQL has no such check)."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(_sqlite_path(url))
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            runs = [r[0] for r in con.execute("SELECT id FROM runs")]
            counts = list(con.execute("SELECT run_id, count(*) FROM run_results GROUP BY run_id"))
        finally:
            con.close()
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                runs = [r[0] for r in conn.execute(text("SELECT id FROM runs"))]
                counts = list(conn.execute(text("SELECT run_id, count(*) FROM run_results GROUP BY run_id")))
        finally:
            engine.dispose()
    stored = dict.fromkeys(runs, 0)
    for run_id, n in counts:
        assert run_id in stored, f"result rows of a run that is not there: {run_id}"
        stored[run_id] = n
    return stored


def _assert_write_in_flight(url: str) -> None:
    """While the command pauses: its rows are written in an open transaction, invisible to everyone else."""
    if url.startswith("sqlite"):
        probe = sqlite3.connect(_sqlite_path(url), timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                probe.execute("BEGIN IMMEDIATE")  # the writer holds the write lock
            assert probe.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
        finally:
            probe.close()
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            writers = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname = 'run_results' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
                )
            ).scalar_one()
            assert writers == 1, "the audit's transaction should hold the rows it inserted"
            assert conn.execute(text("SELECT count(*) FROM runs")).scalar_one() == 0
    finally:
        engine.dispose()


def _wait_for_rollback(url: str, timeout: float = 30) -> None:
    """PostgreSQL rolls back a dead client's transaction when its backend notices the closed connection."""
    if url.startswith("sqlite"):
        return  # nothing to wait for: the next opener recovers the file
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        deadline = time.monotonic() + timeout
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                others = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
                if others == 0:
                    return
                time.sleep(0.05)
        raise AssertionError("the killed client's backend is still there")
    finally:
        engine.dispose()


def _complete_audit(bundle: Path, env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", MAIN, "audit", "Kokkola", "--case", str(bundle), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: SQLite, and PostgreSQL from the shared test fixture ``pg_server`` where it exists."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runs.sqlite3'}"
        return
    try:
        server = request.getfixturevalue("pg_server")
    except pytest.FixtureLookupError:
        pytest.skip("no PostgreSQL test fixture (pg_server, tests/pg.py) in this checkout")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


# -- the tests -----------------------------------------------------------------------------------------------


def test_sigkill_between_flush_and_commit_leaves_nothing_and_the_next_audit_stores(database_url: str, tmp_path: Path):
    bundle, log = _bundle(tmp_path), tmp_path / "log"

    proc = _start(bundle, _env(database_url, log, **{PAUSE_ENV: "60"}))
    try:
        assert proc.stderr is not None
        _wait_for_line(proc.stderr, "pausing", timeout=90)
        _assert_write_in_flight(database_url)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    _wait_for_rollback(database_url)
    assert _stored(database_url) == {}, "the killed run left rows behind"

    doc = _complete_audit(bundle, _env(database_url, log))
    assert len(doc["results"]) > 1
    assert _stored(database_url) == {doc["run_id"]: len(doc["results"])}


def test_sigkill_late_in_an_audit_leaves_whole_runs_only(tmp_path: Path):
    """Kills late in an audit, wherever they land (checks, report, storing, after): never a partial run."""
    bundle, url = _bundle(tmp_path), f"sqlite:///{tmp_path / 'runs.sqlite3'}"
    env = _env(url, tmp_path / "log")
    started = time.monotonic()
    reference = _complete_audit(bundle, env)
    duration = time.monotonic() - started
    results = len(reference["results"])

    for fraction in (0.8, 0.97):
        proc = _start(bundle, env)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        stored = _stored(url)
        assert all(n == results for n in stored.values()), f"a partial run: {stored} (expected {results} results)"
        assert reference["run_id"] in stored
