"""Crash safety (issue 10, part 3): a run killed with SIGKILL while it is being stored leaves all of it or none of it.

``Database.store_run`` writes the run row and its result rows in one transaction. The test-only environment variable
``VALVONTA_TEST_PAUSE_BEFORE_COMMIT`` (seconds; see ``avi_valvonta.db``) makes it stop after the rows are flushed and
before the commit, and say so on stderr: the test kills the process exactly there. Then it kills other runs at
late moments of an audit, wherever they land. Each time the database must hold either nothing of a run or the run
row with every result row, pass SQLite's integrity check, and take the next audit.

PostgreSQL: the same test runs there once a PostgreSQL test fixture exists (issue 10 leaves that fixture to the
database work); until then only SQLite, the default and what an inspector's laptop uses.
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


def _env(db: Path, log: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PAUSE_ENV}
    env.update({"VALVONTA_DB": f"sqlite:///{db}", "VALVONTA_LOG_DIR": str(log), **extra})
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


def _stored(db: Path) -> dict[str, int]:
    """Run id → number of its result rows, after SQLite's integrity check."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = {r[0]: 0 for r in con.execute("SELECT id FROM runs")}
        for run_id, n in con.execute("SELECT run_id, count(*) FROM run_results GROUP BY run_id"):
            assert run_id in runs, f"result rows of a run that is not there: {run_id}"
            runs[run_id] = n
        return runs
    finally:
        con.close()


def _assert_whole_runs_only(db: Path, results_per_run: int) -> dict[str, int]:
    stored = _stored(db)
    assert all(n == results_per_run for n in stored.values()), f"a partial run: {stored} (expected {results_per_run})"
    return stored


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


def test_sigkill_between_flush_and_commit_leaves_nothing_and_the_next_audit_stores(tmp_path: Path):
    bundle, db, log = _bundle(tmp_path), tmp_path / "runs.sqlite3", tmp_path / "log"

    proc = _start(bundle, _env(db, log, **{PAUSE_ENV: "60"}))
    try:
        assert proc.stderr is not None
        _wait_for_line(proc.stderr, "pausing", timeout=90)
        # The window is real: the run's rows are written in an open write transaction that holds the write lock.
        probe = sqlite3.connect(db, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                probe.execute("BEGIN IMMEDIATE")
            assert probe.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
        finally:
            probe.close()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    assert _stored(db) == {}, "the killed run left rows behind"

    doc = _complete_audit(bundle, _env(db, log))
    assert len(doc["results"]) > 1
    assert _stored(db) == {doc["run_id"]: len(doc["results"])}


def test_sigkill_at_any_moment_of_an_audit_leaves_whole_runs_only(tmp_path: Path):
    """Kills late in an audit, wherever they land (checks, report, storing, after): never a partial run."""
    bundle, db, log = _bundle(tmp_path), tmp_path / "runs.sqlite3", tmp_path / "log"
    env = _env(db, log)
    started = time.monotonic()
    reference = _complete_audit(bundle, env)
    duration = time.monotonic() - started
    results = len(reference["results"])

    for fraction in (0.8, 0.97):  # the last moments: checks, report, storing
        proc = _start(bundle, env)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        stored = _assert_whole_runs_only(db, results)
        assert reference["run_id"] in stored
