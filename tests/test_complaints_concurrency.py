"""Diary numbers under concurrent intake, and a process killed inside an intake - on SQLite and on PostgreSQL.

Real processes (not threads): 8 workers × 50 intakes start at the same moment against one database; the numbers
must be exactly 1..400, each once. A worker killed with SIGKILL after it wrote the counter, the complaint, its
attachment and its events (but before the commit) must leave nothing behind, and the next intake gets the next
number: no half complaint, no gap.

On SQLite the database lives in memory-backed ``/dev/shm`` when the machine has it: what is tested is the locking
(``BEGIN IMMEDIATE``), and 400 disk flushes on a shared 2-core machine would only make the test slow.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

import complaint_worker as workers
from avi_valvonta.complaints import ComplaintRegister, ComplaintSettings
from avi_valvonta.db import open_database
from avi_valvonta.db.complaint_models import Complaint, ComplaintAttachment, ComplaintEvent, DiaryCounter

WORKERS, PER_WORKER = 8, 50


def _wait_for(paths: list[Path], pids: list[int], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        for pid in pids:
            done, status = os.waitpid(pid, os.WNOHANG)
            assert not done, f"worker {pid} ended early with {os.waitstatus_to_exitcode(status)} (see stderr)"
        assert time.monotonic() < deadline, f"workers not ready: {[p.name for p in paths if not p.exists()]}"
        time.sleep(0.01)


@pytest.fixture
def url(db_url: str, tmp_path: Path) -> Iterator[str]:
    shm = Path("/dev/shm")
    if not db_url.startswith("sqlite") or not shm.is_dir() or not os.access(shm, os.W_OK):
        yield db_url
        return
    directory = Path(tempfile.mkdtemp(prefix="valvonta-test-", dir=shm))
    try:
        yield f"sqlite:///{directory / 'valvonta.sqlite3'}"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _counts(url: str) -> tuple[int, int, int, dict[tuple[str, int], int]]:
    db = open_database(url)
    with Session(db.engine) as s:
        complaints = s.exec(select(func.count()).select_from(Complaint)).one()
        events = s.exec(select(func.count()).select_from(ComplaintEvent)).one()
        attachments = s.exec(select(func.count()).select_from(ComplaintAttachment)).one()
        counters = {(c.prefix, c.year): c.last_number for c in s.exec(select(DiaryCounter))}
    db.engine.dispose()
    return complaints, events, attachments, counters


def test_concurrent_intake_gives_unique_gap_free_numbers(url: str, tmp_path: Path) -> None:
    open_database(url).engine.dispose()  # migrated before the workers start
    sync = tmp_path / "sync"
    sync.mkdir()
    batches = [[workers.submission(w, i) for i in range(PER_WORKER)] for w in range(WORKERS)]
    pids = workers.start(url, batches, sync)
    try:
        _wait_for([sync / f"ready-{w}" for w in range(WORKERS)], pids)
        started = time.monotonic()
        (sync / "go").touch()
        codes = workers.wait(pids, timeout=180)
        elapsed = time.monotonic() - started
    finally:
        workers.kill_all(pids)
    assert set(codes.values()) == {0}, codes
    db = open_database(url)
    with Session(db.engine) as s:
        rows = list(s.exec(select(Complaint.number, Complaint.dnro, Complaint.created_by)))
        events = s.exec(select(func.count()).select_from(ComplaintEvent)).one()
        counter = s.exec(select(DiaryCounter)).one()
    db.engine.dispose()
    total = WORKERS * PER_WORKER
    assert len(rows) == total
    assert sorted(n for n, _, _ in rows) == list(range(1, total + 1))  # unique and gap-free
    assert len({d for _, d, _ in rows}) == total
    assert {d for _, d, _ in rows} == {f"LSSAVI/{n}/2024" for n in range(1, total + 1)}
    assert Counter(actor for _, _, actor in rows) == {f"worker-{w}": PER_WORKER for w in range(WORKERS)}
    assert (counter.prefix, counter.year, counter.last_number) == ("LSSAVI", 2024, total)
    assert events == 2 * total  # registered + screened, each in the intake's own transaction
    # The workers really ran at the same time: in number order, the worker changes many times.
    by_number = [actor for _, _, actor in sorted(rows)]
    switches = sum(1 for a, b in itertools.pairwise(by_number) if a != b)
    assert switches >= WORKERS, f"intakes did not interleave ({switches} switches)"
    print(f"\n{url.split(':')[0]}: {total} intakes by {WORKERS} processes in {elapsed:.2f} s, {switches} switches")


def test_killed_intake_leaves_no_half_complaint_and_no_gap(url: str, tmp_path: Path) -> None:
    register = ComplaintRegister(open_database(url), ComplaintSettings())
    first = register.register(workers.submission(0, 0), actor="inspector")
    assert first.dnro == "LSSAVI/1/2024"
    sync = tmp_path / "sync"
    sync.mkdir()
    liite = sync / "liite.txt"
    liite.write_text("liite: haastattelukutsu puuttui\n", encoding="utf-8")
    pids = workers.start(url, [[workers.submission(1, 0, liite)]], sync, pause=True)
    try:
        _wait_for([sync / "ready-0"], pids)
        (sync / "go").touch()
        _wait_for([sync / "paused-0"], pids)
        # Inside the transaction: counter, complaint, attachment and events written, not committed.
        assert int((sync / "paused-0").read_text()) == pids[0]
        os.kill(pids[0], signal.SIGKILL)
        codes = workers.wait(pids, timeout=30)
    finally:
        workers.kill_all(pids)
    assert codes == {pids[0]: -signal.SIGKILL}
    complaints, events, attachments, counters = _counts(url)
    assert (complaints, events, attachments) == (1, 2, 0)
    assert counters == {("LSSAVI", 2024): 1}
    second = register.register(workers.submission(0, 1), actor="inspector")  # the lock was released; the number is next
    assert second.dnro == "LSSAVI/2/2024"
    register.db.engine.dispose()
