"""The access-log checks at national scale: time and memory of PRIV-ACCESS-* over a synthetic working store.

    python benchmarks/bench_privacy_access.py                       # 400k clients, 8M events, 2M accesses
    python benchmarks/bench_privacy_access.py --clients 50000 --events 1000000 --accesses 250000

The store is filled directly (the loader's cost is the loader's benchmark); then each check runs as the runner
runs it, on its own AuditContext method calls: SQL over the working store, rows read through a cursor. Reported:
seconds per check, the Python heap peak during the check (tracemalloc) and the process's peak RSS. About 10 % of
accesses are by a random staff member (most without a relationship), a few staff members read >100 clients a day,
and some staff left in the middle of the period: the checks have real work and real findings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "plugins")]

from valvonta_privacy import access  # noqa: E402

from avi_valvonta.bundle.loader import Bundle, BundleMeta  # noqa: E402
from avi_valvonta.bundle.store import WorkStore  # noqa: E402
from avi_valvonta.context import AuditContext  # noqa: E402
from avi_valvonta.law import law  # noqa: E402
from avi_valvonta.reference import reference  # noqa: E402

START, END, AS_OF = dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 8, 15)
CHUNK = 50_000


def fill(store: WorkStore, clients: int, events: int, accesses: int, staff: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    s0, days = START.toordinal(), (END - START).days + 1
    coach_of = [rng.randrange(staff) for _ in range(clients)]
    store.insert(
        "staff",
        [
            (
                f"S{i:05d}",
                "coach" if i % 50 else rng.choice(["it", "administration", "other"]),
                "fi",
                "272",
                0 if i % 997 == 0 else 1,
                (START - dt.timedelta(days=3000)).toordinal(),
                (START + dt.timedelta(days=90)).toordinal() if i % 101 == 0 else None,
                i + 2,
            )
            for i in range(staff)
        ],
    )
    for lo in range(0, clients, CHUNK):
        store.insert(
            "clients",
            [
                (
                    i + 1,
                    f"K-{i:07d}",
                    dt.date(1980, 1, 1).toordinal(),
                    "272",
                    "f",
                    "fi",
                    "fi",
                    "FI",
                    "none",
                    0,
                    "unemployed",
                    dt.date(2023, 6, 1).toordinal(),
                    None,
                    "municipality",
                    f"S{coach_of[i]:05d}",
                    0,
                    i + 2,
                )
                for i in range(lo, min(clients, lo + CHUNK))
            ],
        )
    per_client = max(1, events // clients)
    n = 0
    batch: list[tuple[Any, ...]] = []
    for i in range(clients):
        for _ in range(per_client):
            n += 1
            who = coach_of[i] if rng.random() < 0.8 else rng.randrange(staff)
            day = s0 - 200 + rng.randrange(days + 400)
            batch.append((f"E{n}", i + 1, f"K-{i:07d}", day, "contact", "fi", 0, f"S{who:05d}", None, None, n + 1))
            if len(batch) >= CHUNK:
                store.insert("events_raw", batch)
                batch = []
    store.insert("events_raw", batch)
    batch = []
    bulk_staff = {rng.randrange(staff) for _ in range(5)}
    for line in range(2, accesses + 2):
        c = rng.randrange(clients)
        r = rng.random()
        who = coach_of[c] if r < 0.9 else rng.randrange(staff)
        if r > 0.9995 and bulk_staff:
            who = rng.choice(sorted(bulk_staff))
        day = s0 + rng.randrange(days)
        ts = f"{dt.date.fromordinal(day).isoformat()}T{rng.randrange(8, 17):02d}:{rng.randrange(60):02d}:00"
        cid = f"K-{c:07d}" if rng.random() > 0.001 else f"GHOST-{c}"
        action = "export" if rng.random() < 0.01 else "view"
        batch.append((ts, day, f"S{who:05d}", cid, c + 1 if not cid.startswith("G") else None, action, line))
        if len(batch) >= CHUNK:
            store.insert("access_log", batch)
            batch = []
    # Five staff members reading 150 distinct clients on one day each.
    for k, who in enumerate(sorted(bulk_staff)):
        for _j in range(150):
            c = rng.randrange(clients)
            batch.append((f"2024-03-{k + 4:02d}T10:00:00", s0 + 63 + k, f"S{who:05d}", f"K-{c:07d}", c + 1, "view", 0))
    store.insert("access_log", batch)
    store.finalize()
    return {"clients": clients, "events": per_client * clients, "accesses": accesses + 150 * len(bulk_staff)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=400_000)
    ap.add_argument("--events", type=int, default=8_000_000)
    ap.add_argument("--accesses", type=int, default=2_000_000)
    ap.add_argument("--staff", type=int, default=4000)
    args = ap.parse_args(argv)

    store = WorkStore()
    try:
        started = time.perf_counter()
        sizes = fill(store, args.clients, args.events, args.accesses, args.staff)
        fill_s = time.perf_counter() - started
        meta = BundleMeta(1, "Kokkola", START, END, AS_OF)
        bundle = Bundle(Path("."), meta, store, present={"clients.csv", "events.csv", "staff.csv", "access_log.csv"})
        ctx = AuditContext(
            unit=reference().resolve_unit("Kokkola"),
            period_start=START,
            period_end=END,
            as_of=AS_OF,
            law=law(),
            bundle=bundle,
        )
        print(
            f"store: {sizes['clients']:,} clients, {sizes['events']:,} events, {sizes['accesses']:,} accesses "
            f"(filled in {fill_s:.1f} s; file {store.path.stat().st_size / 1e6:.0f} MB)"
        )
        print("| check | seconds | population | affected | outcome | Python heap peak MB |")
        print("|---|---|---|---|---|---|")
        for meta_, run in access.CHECKS:
            t0 = time.perf_counter()
            result = run(ctx)
            seconds = time.perf_counter() - t0
            # Again under tracemalloc for the heap peak (it slows Python code, so not timed).
            tracemalloc.start()
            run(ctx)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"| {meta_.id} | {seconds:.2f} | {result.population} | {result.affected} | {result.outcome} "
                f"| {peak / 1e6:.1f} |"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak RSS of the process (fill + checks): {rss:.0f} MB; warnings: {[w.fi[:80] for w in ctx.warnings]}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
