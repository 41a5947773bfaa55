"""The privacy document checks on REAL public minutes (Lapua 2025, ../shared/data/real-documents/fi).

What they hold (measured, benchmarks/notes/privacy.md): no identity code and no code-shaped string in 128 pages;
two special-category words in general, not personal, contexts ("ehkäisevän päihdetyön", "perustoimeentulotuen
määrällä"), which checks.md sends to a person (`manual`) for public minutes.
"""

from __future__ import annotations

import pytest

from avi_valvonta.testing import BundleBuilder, result_of
from conftest import SHARED

REAL = SHARED / "data" / "real-documents" / "fi"
MINUTES = {
    "lapua_hyvinvointilautakunta_2025-09-15_poytakirja.pdf": "2025-09-15",
    "lapua_kaupunginhallitus_2025-01-20_poytakirja.pdf": "2025-01-20",
    "lapua_kaupunginhallitus_2025-03-31_poytakirja.pdf": "2025-03-31",
    "lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf": "2025-09-01",
}
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-documents is not present")

CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CODE = "040576Y934" + CHARS[40576934 % 31]


def lapua(tmp_path, extra: dict[str, list[str | None]] | None = None) -> BundleBuilder:  # type: ignore[no-untyped-def]
    b = BundleBuilder(tmp_path, municipality="Lapua", period=("2025-01-01", "2025-06-30"), as_of="2025-10-01")
    b.client("L-1", job_search_start="2025-01-15")
    b.event("L-1", "2025-01-17", "initial_interview")
    for name, date in MINUTES.items():
        b.document(name, (REAL / name).read_bytes(), doc_type="minutes", audience="public", date=date)
    for name, pages in (extra or {}).items():
        b.document(name, pages, doc_type="minutes", audience="public", date="2025-02-03")
    return b


def test_real_minutes_hold_no_identity_code_and_two_need_a_person(tmp_path):
    report = lapua(tmp_path).audit(checks=("PRIV-HETU-PUBLIC", "PRIV-SENSITIVE-PUBLIC", "PRIV-PUBLISHED-TOO-LONG"))
    r = result_of(report, "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("pass", 0, 4)
    r = result_of(report, "PRIV-SENSITIVE-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("manual", 2, 4)
    assert sorted(r.affected_keys) == [
        "lapua_hyvinvointilautakunta_2025-09-15_poytakirja.pdf",
        "lapua_kaupunginhallitus_2025-01-20_poytakirja.pdf",
    ]
    assert {e.data["category"] for e in r.evidence} == {"substance_abuse", "social_assistance"}
    assert str(result_of(report, "PRIV-PUBLISHED-TOO-LONG").outcome) == "not_applicable"  # nothing personal


def test_a_code_added_to_real_minutes_is_found_on_its_page(tmp_path):
    pages = ["Lapuan kaupunki\nKaupunginhallitus", f"§ 12 Oikaisuvaatimus\nAsianosainen {CODE[:7]}\n{CODE[7:]}"]
    report = lapua(tmp_path, {"lisatty.pdf": pages}).audit(checks=("PRIV-HETU-PUBLIC", "PRIV-PUBLISHED-TOO-LONG"))
    r = result_of(report, "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("fail", 1, 5)
    assert (r.evidence[0].file, r.evidence[0].page, r.evidence[0].line) == ("lisatty.pdf", 2, 2)
    r = result_of(report, "PRIV-PUBLISHED-TOO-LONG")  # 3.2.2025 .. as_of 1.10.2025: 240 days online
    assert (str(r.outcome), r.affected, r.population) == ("fail", 1, 1)
    assert r.evidence[0].data["days"] == 240
