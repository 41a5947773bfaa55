"""Processes that register complaints at the same time, for tests/test_complaints_concurrency.py.

:func:`start` forks one process per batch from the test process (the tool is already imported there: cheaper than
starting a new interpreter per worker on a 2-core machine). Each worker opens its OWN database connection, writes
``SYNC_DIR/ready-N`` and waits for ``SYNC_DIR/go`` so that all start at the same moment, then registers its
complaints through the same service as ``valvonta complaint add``, and leaves with ``os._exit`` (no finalizer of the
parent's inherited connections runs in a child).

With ``pause=True`` a worker stops inside the intake transaction - after the counter, the complaint, its attachment
and its events were written but before the commit - writes its process id to ``SYNC_DIR/paused-N`` and sleeps,
waiting to be killed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from pathlib import Path
from typing import Any


def submission(worker: int, i: int, attachment: Path | None = None) -> Any:
    from avi_valvonta.complaints.rules import ComplaintSettings
    from avi_valvonta.complaints.submission import validate

    raw: dict[str, Any] = {
        "municipality": "Tampere",
        "events_date": "2024-02-01",
        "received": "2024-03-01",
        "channel": "email",
        "text": f"Alkuhaastattelu myöhästyi, asia {worker}-{i}: odotin viikkoja vastausta.",
        "complainant": {"name": f"Kantelija {worker}-{i}", "email": f"k{worker}-{i}@example.fi", "language": "fi"},
    }
    if attachment is not None:
        raw["attachments"] = [str(attachment)]
    return validate(raw, source="worker", base_dir=Path.cwd(), today=dt.date(2024, 3, 1), settings=ComplaintSettings())


def _work(url: str, worker: int, subs: list[Any], sync: Path, plugins: Any, pause: bool) -> int:
    from avi_valvonta.complaints import ComplaintRegister, ComplaintSettings
    from avi_valvonta.complaints import service as service_module
    from avi_valvonta.db import open_database

    register = ComplaintRegister(open_database(url, migrate=False), ComplaintSettings(), plugins=plugins)
    if pause:
        original = service_module._record_events

        def record_then_hang(session: Any, *args: Any, **kwargs: Any) -> None:
            original(session, *args, **kwargs)
            session.flush()  # everything of the intake is written, only the commit is missing
            (sync / f"paused-{worker}.tmp").write_text(str(os.getpid()))
            (sync / f"paused-{worker}.tmp").rename(sync / f"paused-{worker}")
            time.sleep(300)

        service_module._record_events = record_then_hang  # type: ignore[assignment]
    (sync / f"ready-{worker}").touch()
    deadline = time.monotonic() + 120
    while not (sync / "go").exists():
        if time.monotonic() > deadline:
            return 4
        time.sleep(0.005)
    for sub in subs:
        register.register(sub, actor=f"worker-{worker}")
    return 0


def start(url: str, batches: list[list[Any]], sync: Path, *, pause: bool = False) -> list[int]:
    """Fork one worker per batch; returns their process ids."""
    from avi_valvonta.plugins import load_plugins

    plugins = load_plugins()
    pids = []
    for worker, subs in enumerate(batches):
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                code = _work(url, worker, subs, sync, plugins, pause)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        pids.append(pid)
    return pids


def wait(pids: list[int], timeout: float) -> dict[int, int]:
    """Exit codes of the workers (a negative number: killed by that signal)."""
    codes: dict[int, int] = {}
    deadline = time.monotonic() + timeout
    while len(codes) < len(pids):
        for pid in pids:
            if pid in codes:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            raise TimeoutError(f"workers still running: {[p for p in pids if p not in codes]}")
        time.sleep(0.01)
    return codes


def kill_all(pids: list[int]) -> None:
    import signal

    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
