"""A bundle with many real-looking PDF pages, for the document-scanning benchmark (generated once, cached)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "cases"))

from documents import decision_fi, decision_sv, letter_fi, letter_sv, minutes_fi, notice_fi  # noqa: E402
from generate import synthetic_hetu  # noqa: E402

from avi_valvonta.testing import make_pdf  # noqa: E402


def make_document_bundle(path: Path, pages: int) -> Path:
    if (path / "pages.txt").exists():
        return path
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "cases" / "generate.py"),
            "--municipality",
            "Tampere",
            "--clients",
            "300",
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
    clients = [r["client_id"] for r in csv.DictReader((path / "clients.csv").open(encoding="utf-8"))]
    docs = path / "documents"
    docs.mkdir(exist_ok=True)
    rng = random.Random(7)
    rows = []
    total = 0
    day = dt.date(2025, 3, 3)
    n = 0
    while total < pages:
        n += 1
        kind = n % 4
        if kind == 0:  # public minutes of 20 pages, now and then with an identity code
            body = [
                minutes_fi("Tampere", day, synthetic_hetu(rng) if n % 8 == 0 else None, n % 16 == 0) for _ in range(20)
            ]
            name, doc_type, audience, client = f"poytakirja_{n:04d}.pdf", "minutes", "public", ""
        elif kind == 1:
            body = [decision_fi("Tampere", rng.choice(clients), day, "Palkkatuki", appeal=n % 3 != 0)]
            name, doc_type, audience, client = f"paatos_{n:04d}.pdf", "decision", "client", ""
        elif kind == 2:
            body = [
                decision_sv("Tammerfors", rng.choice(clients), day, "Lönesubvention"),
                letter_sv("Tammerfors", rng.choice(clients), day),
            ]
            name, doc_type, audience, client = f"beslut_{n:04d}.pdf", "decision", "client", ""
        else:
            body = [notice_fi("Tampere"), letter_fi("Tampere", rng.choice(clients), day)]
            name, doc_type, audience, client = f"tiedote_{n:04d}.pdf", "notice", "public", ""
        if audience == "client":
            client = rng.choice(clients)
        make_pdf(docs / name, body)
        total += len(body)
        rows.append(
            {
                "file": name,
                "doc_type": doc_type,
                "audience": audience,
                "client_id": client,
                "date": day.isoformat(),
                "published_until": "",
                "translation_of": "",
            }
        )
    with (path / "documents.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (path / "pages.txt").write_text(str(total))
    return path


if __name__ == "__main__":
    print(make_document_bundle(Path(sys.argv[1]), int(sys.argv[2])))
