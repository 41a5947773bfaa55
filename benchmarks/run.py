"""The benchmark suite: one command, medians of several runs, the machine noted.

    python benchmarks/run.py                 # everything (generates bundles once into benchmarks/out/)
    python benchmarks/run.py --quick         # 10k clients only, fewer repeats
    python benchmarks/run.py --only audit,startup

Sections:
- audit: full `valvonta audit` on generated bundles of 10k, 100k and 400k clients (about 20 events and 5 access-log
  rows per client): wall time and peak memory, side by side with a plain DuckDB SQL baseline on the same CSV files;
- documents: every check that reads documents on 1,000+ pages of real-looking PDFs, pages per second, side by side
  with `pdftotext` (poppler-utils) on the same files;
- startup: `valvonta --help` against a bare `python -c "import click"`;
- letter: rendering one decision PDF (when the decision module is installed).

Results go to benchmarks/out/results.json and, as a Markdown table, to stdout. These are measurements, not tests:
nothing here asserts a target; benchmarks/README.md states the targets and how far the figures are from them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PY = sys.executable
VALVONTA = [PY, "-c", "import sys; from avi_valvonta.cli import main; sys.exit(main())"]


def machine() -> dict[str, Any]:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB of the child, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise RuntimeError(f"{' '.join(cmd[:6])} … failed ({proc.returncode}): {err[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def median_of(runs: list[tuple[float, float, int]]) -> dict[str, float]:
    return {
        "seconds": round(statistics.median(r[0] for r in runs), 2),
        "peak_mib": round(statistics.median(r[1] for r in runs), 1),
        "runs": len(runs),
    }


def bundle(clients: int) -> Path:
    path = OUT / f"national-{clients // 1000}k"
    if not (path / "bundle.toml").exists():
        print(f"generating {path.name} …", file=sys.stderr)
        subprocess.run(
            [
                PY,
                str(ROOT / "cases" / "generate.py"),
                "--municipality",
                "Tampere",
                "--clients",
                str(clients),
                "--period",
                "2025-01-01",
                "2025-06-30",
                "--as-of",
                "2025-09-01",
                "--out",
                str(path),
                "--no-documents",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def bench_audit(sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    rows = []
    env = {**os.environ, "VALVONTA_DB": f"sqlite:///{OUT / 'bench.sqlite3'}"}
    for n in sizes:
        path = bundle(n)
        runs = [
            timed(
                [
                    *VALVONTA,
                    "audit",
                    "Tampere",
                    "--case",
                    str(path),
                    "--no-store",
                    "--format",
                    "json",
                    "--output",
                    str(OUT / "report.json"),
                ],
                env,
            )
            for _ in range(repeat)
        ]
        base = [timed([PY, str(ROOT / "benchmarks" / "duckdb_baseline.py"), str(path)]) for _ in range(repeat)]
        size = {p.name: p.stat().st_size for p in path.glob("*.csv")}
        rows.append(
            {
                "clients": n,
                "csv_mib": round(sum(size.values()) / 2**20, 1),
                "events": sum(1 for _ in (path / "events.csv").open()) - 1,
                "access_rows": sum(1 for _ in (path / "access_log.csv").open()) - 1,
                "audit": median_of(runs),
                "duckdb": median_of(base),
            }
        )
        print(f"audit {n}: {rows[-1]}", file=sys.stderr)
    return rows


DOC_CHECKS = [
    "EQ-APPEAL-INSTRUCTIONS",
    "LANG-DOCUMENT-LANGUAGE",
    "LANG-PUBLIC-BILINGUAL",
    "LANG-SAAMI",
    "PRIV-HETU-PUBLIC",
    "PRIV-HETU-UNNEEDED",
    "PRIV-SENSITIVE-PUBLIC",
    "PRIV-PUBLISHED-TOO-LONG",
]


def bench_documents(pages: int, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_documents import make_document_bundle

    path = make_document_bundle(OUT / f"documents-{pages}", pages)
    total_pages = int((path / "pages.txt").read_text())
    env = {**os.environ, "VALVONTA_DB": f"sqlite:///{OUT / 'bench.sqlite3'}"}
    from avi_valvonta.plugins import load_plugins

    present = load_plugins().checks
    checks = [x for c in DOC_CHECKS if c in present for x in ("--check", c)]
    runs = [
        timed(
            [
                *VALVONTA,
                "audit",
                "Tampere",
                "--case",
                str(path),
                "--no-store",
                "--format",
                "json",
                "--output",
                str(OUT / "docs.json"),
                *checks,
            ],
            env,
        )
        for _ in range(repeat)
    ]
    result: dict[str, Any] = {
        "checks": [c for c in DOC_CHECKS if c in present],
        "pages": total_pages,
        "files": len(list((path / "documents").glob("*.pdf"))),
        "audit": median_of(runs),
    }
    result["audit"]["pages_per_second"] = round(total_pages / result["audit"]["seconds"], 1)
    if shutil.which("pdftotext"):
        files = sorted((path / "documents").glob("*.pdf"))

        def pdftotext() -> tuple[float, float, int]:
            start = time.perf_counter()
            for f in files:
                subprocess.run(["pdftotext", "-q", str(f), "-"], check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - start, 0.0, 0

        p = [pdftotext() for _ in range(repeat)]
        secs = statistics.median(x[0] for x in p)
        result["pdftotext"] = {"seconds": round(secs, 2), "pages_per_second": round(total_pages / secs, 1)}
    else:
        result["pdftotext"] = "not installed (apt-get install poppler-utils)"
    return result


def bench_startup(repeat: int) -> dict[str, Any]:
    help_runs = [timed([*VALVONTA, "--help"])[0] for _ in range(repeat)]
    click_runs = [timed([PY, "-c", "import click"])[0] for _ in range(repeat)]
    bare = [timed([PY, "-c", "pass"])[0] for _ in range(repeat)]
    return {
        "valvonta_help": round(statistics.median(help_runs) * 1000),
        "import_click": round(statistics.median(click_runs) * 1000),
        "bare_python": round(statistics.median(bare) * 1000),
        "unit": "ms",
    }


def bench_letter(repeat: int) -> dict[str, Any]:
    script = ROOT / "benchmarks" / "bench_letter.py"
    if not script.exists():
        return {"skipped": "the decision-letter module is not installed yet"}
    out = subprocess.run([PY, str(script), "--repeat", str(repeat)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Machine: {results['machine']['cpus']} cores, {results['machine']['cpu']}, "
        f"{results['machine']['memory']}, Python {results['machine']['python']}; "
        f"medians of {results['repeat']} runs; {results['date']}.",
        "",
    ]
    if "audit" in results:
        lines += [
            "| clients | events | access rows | CSV MiB | audit s | audit peak MiB | DuckDB s | ratio |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results["audit"]:
            ratio = r["audit"]["seconds"] / r["duckdb"]["seconds"] if r["duckdb"]["seconds"] else 0
            lines.append(
                f"| {r['clients']:,} | {r['events']:,} | {r['access_rows']:,} | {r['csv_mib']} | "
                f"{r['audit']['seconds']} | {r['audit']['peak_mib']} | {r['duckdb']['seconds']} | "
                f"{ratio:.1f}× |"
            )
        lines.append("")
    if "documents" in results:
        d = results["documents"]
        pt = d["pdftotext"]
        pt_text = f"{pt['pages_per_second']} pages/s" if isinstance(pt, dict) else pt
        lines += [
            f"Documents: {d['pages']} pages in {d['files']} PDFs — document checks "
            f"{d['audit']['pages_per_second']} pages/s ({d['audit']['seconds']} s, peak "
            f"{d['audit']['peak_mib']} MiB); pdftotext {pt_text}.",
            "",
        ]
    if "startup" in results:
        s = results["startup"]
        lines += [
            f"Start-up: `valvonta --help` {s['valvonta_help']} ms; `python -c 'import click'` "
            f"{s['import_click']} ms; bare interpreter {s['bare_python']} ms.",
            "",
        ]
    if "letter" in results:
        lines += [f"Decision letter: {json.dumps(results['letter'])}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", default="10000,100000,400000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=1200)
    ap.add_argument("--only", default="audit,documents,startup,letter")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [10000] if args.quick else [int(x) for x in args.sizes.split(",")]
    repeat = 2 if args.quick else args.repeat
    only = set(args.only.split(","))
    results: dict[str, Any] = {"machine": machine(), "repeat": repeat, "date": time.strftime("%Y-%m-%d")}
    if "startup" in only:
        results["startup"] = bench_startup(max(5, repeat * 3))
    if "audit" in only:
        results["audit"] = bench_audit(sizes, repeat)
    if "documents" in only:
        results["documents"] = bench_documents(300 if args.quick else args.pages, repeat)
    if "letter" in only:
        results["letter"] = bench_letter(repeat)
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
