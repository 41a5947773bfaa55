"""Rendering one decision letter (correction order, Finnish, PDF/A-3b via WeasyPrint): seconds per letter.

    python benchmarks/bench_letter.py [--repeat 5]

Audits the Kokkola demo case into a throwaway database once, drafts one correction order, then renders its PDF
``--repeat`` times in this process (the first render, which pays WeasyPrint's ~1 s import and font set-up, is
reported separately). Prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="valvonta-bench-letter-"))
    os.environ["VALVONTA_DB"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["VALVONTA_LOG_DIR"] = str(work / "log")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")

    from avi_valvonta.audit.runner import AuditOptions, run_audit
    from avi_valvonta.db import open_database
    from avi_valvonta.decisions import DecisionSettings, DraftRequest, Signer, draft
    from avi_valvonta.decisions.service import render_decision
    from avi_valvonta.i18n import Text

    db = open_database()
    run_id = run_audit("Kokkola", AuditOptions(case_dir=ROOT / "cases" / "kokkola"), store=db.store_run).run_id
    settings = DecisionSettings(
        decision_maker=Signer("Maija Mallikas", Text("ylitarkastaja", "överinspektör")),
        presenter=Signer("Pekka Esimerkki", Text("tarkastaja", "inspektör")),
    )
    request = DraftRequest("correction_order", dt.date(2024, 9, 2), run_id=run_id, deadline=dt.date(2024, 10, 31))
    decision = draft(db, request, settings).decision
    start = time.perf_counter()
    pdf = render_decision(decision, "pdf")
    first = time.perf_counter() - start
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        render_decision(decision, "pdf")
        times.append(time.perf_counter() - start)
    docx_start = time.perf_counter()
    render_decision(decision, "docx")
    docx = time.perf_counter() - docx_start
    print(
        json.dumps(
            {
                "letter": "correction_order (fi), PDF/A-3b",
                "bytes": len(pdf),
                "first_render_s": round(first, 2),
                "median_render_s": round(statistics.median(times), 3),
                "renders": len(times),
                "docx_s": round(docx, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
