"""A big CSV file read by two processes gives exactly what one process gives: rows, problems, identity codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from avi_valvonta.bundle import load_bundle, loader
from avi_valvonta.errors import InvalidInput
from avi_valvonta.testing import BundleBuilder


def _bundle(tmp_path: Path, name: str, bad: bool) -> Path:
    b = BundleBuilder(tmp_path, name=name)
    for i in range(300):
        b.client(f"K-{i:04d}", job_search_start="2024-01-15")
        for k in range(8):
            b.event(f"K-{i:04d}", f"2024-0{1 + k % 6}-1{k}", "contact", detail=f"soitto {i}-{k}")
        b.access(f"2024-02-0{1 + i % 9}T10:00:00+02:00", "S1", f"K-{i:04d}")
    b.event("K-0003", "2024-02-02", "contact", detail="asiakas 040576-934B soitti")  # a code near the end
    if bad:
        b.event("K-9999", "2024-02-30", "contact")  # two problems on the last line
    return b.write()


def _load(path: Path, split: bool, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(loader, "SPLIT_MIN_BYTES", 1 if split else 10**12)
    return load_bundle(path)


def test_split_reading_equals_sequential_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _bundle(tmp_path, "ok", bad=False)
    results = []
    for split in (False, True):
        b = _load(path, split, monkeypatch)
        try:
            events = list(b.store.query("SELECT * FROM events ORDER BY line"))
            access = list(b.store.query("SELECT * FROM access_log ORDER BY line"))
            results.append((b.rows, events, access, b.cell_identity_codes, [str(w) for w in b.warnings]))
        finally:
            b.close()
    assert results[0] == results[1]
    rows, events, _, codes, _ = results[1]
    assert rows["events.csv"] == 2401 and len(events) == 2401
    assert [(c.file, c.line, c.column) for c in codes] == [("events.csv", 2402, "detail")]


def test_split_reading_reports_problems_with_their_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _bundle(tmp_path, "bad", bad=True)
    messages = []
    for split in (False, True):
        with pytest.raises(InvalidInput) as e:
            _load(path, split, monkeypatch)
        messages.append([str(p) for p in e.value.problems if p.severity == "error"])
    assert messages[0] == messages[1]
    assert any(m.startswith("events.csv:2403 [date]") for m in messages[1])
    assert any(m.startswith("events.csv:2403 [client_id]") for m in messages[1])


def test_a_file_with_quotes_is_read_by_one_process(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    b.event("K-1", "2024-02-01", "contact", detail='kirje "kutsu", 2 sivua')
    path = b.write()
    from avi_valvonta.bundle.csvread import Problems, open_csv, split_ranges
    from avi_valvonta.bundle.schema import EVENTS

    f = open_csv(path / "events.csv", EVENTS, Problems())
    assert f is not None and split_ranges(f, 2, 1) is None


def test_documents_prepared_in_parallel_equal_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    fi = "Tämä päätös koskee työnhakijan palkkatukea ja sen ehtoja koko hakemuksen käsittelyn ajan."
    sv = "Detta beslut gäller arbetssökandens lönesubvention och dess villkor under hela behandlingen."
    for i in range(8):
        pages = [f"{fi}\n{fi}\nhetu 040576-934B" if i == 3 else fi, sv if i % 2 else fi]
        b.document(f"d{i}.pdf", pages, doc_type="notice", audience="public")
    path = b.write()
    seen = []
    for parallel in (False, True):
        monkeypatch.setattr(loader, "PARALLEL_DOCUMENTS", 2 if parallel else 10**9)
        bundle = load_bundle(path)
        try:
            pages = list(bundle.store.query("SELECT file, page, text, has_images, lang FROM pages ORDER BY file, page"))
            codes = list(bundle.store.query("SELECT * FROM page_codes ORDER BY file, page"))
            seen.append((pages, codes, bundle.files))
        finally:
            bundle.close()
    assert seen[0] == seen[1]
    pages, codes, _ = seen[1]
    assert all(lang for *_, lang in pages) and len(codes) == 1 and "040576-934B" not in str(pages)


def test_a_stored_language_profile_is_the_one_computed_from_the_text(tmp_path: Path):
    from avi_valvonta.context import AuditContext
    from avi_valvonta.law import law
    from avi_valvonta.reference import reference
    from avi_valvonta.textlang import profile

    b = BundleBuilder(tmp_path)
    b.client("K-1")
    b.document(
        "kaksikielinen.pdf",
        [
            "Työllisyyspalvelut ovat avoinna arkisin kello yhdeksästä kolmeen asti.\n" * 6,
            "Sysselsättningstjänsterna är öppna vardagar från klockan nio till tre.\n" * 6,
        ],
        doc_type="notice",
        audience="public",
    )
    bundle = load_bundle(b.write())
    try:
        meta = bundle.meta
        ctx = AuditContext(
            reference().resolve_unit("Kokkola"), meta.period_start, meta.period_end, meta.as_of, law(), bundle
        )
        (doc,) = ctx.documents()
        stored = doc.language
        computed = profile((p.number, p.text) for p in doc.pages)
        assert stored.words == computed.words and stored.pages == computed.pages
        assert stored.languages == {"fi", "sv"} and stored.bilingual
        assert abs(stored.confidence("sv") - computed.confidence("sv")) < 1e-3
    finally:
        bundle.close()


def test_events_in_client_order_are_not_sorted_again_and_any_order_gives_the_same_histories(tmp_path: Path):
    def histories(path: Path) -> tuple[bool, list]:
        b = load_bundle(path)
        try:
            return b.store.events_sorted, [
                (h.client.client_id, [e.event_id for e in h.events]) for h in b.store.histories()
            ]
        finally:
            b.close()

    rows = [
        ("K-1", "2024-02-01", "A"),
        ("K-1", "2024-03-01", "B"),
        ("K-2", "2024-01-05", "C"),
        ("K-2", "2024-01-05", "D"),
        ("K-3", "2024-04-01", "E"),
    ]
    made = []
    for name, order in (("sorted", rows), ("shuffled", [rows[4], rows[1], rows[3], rows[0], rows[2]])):
        b = BundleBuilder(tmp_path, name=name)
        for cid in ("K-1", "K-2", "K-3"):
            b.client(cid, job_search_start="2024-01-02")
        for cid, day, eid in order:
            b.event(cid, day, "contact", event_id=eid)
        made.append(histories(b.write()))
    (sorted_flag, sorted_h), (shuffled_flag, shuffled_h) = made
    assert sorted_flag is True and shuffled_flag is False
    assert sorted_h == [("K-1", ["A", "B"]), ("K-2", ["C", "D"]), ("K-3", ["E"])]
    # D before C in the shuffled file: same date, so the line order decides.
    assert shuffled_h == [("K-1", ["A", "B"]), ("K-2", ["D", "C"]), ("K-3", ["E"])]


def test_checks_run_aside_give_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The function checks (SQL access checks, document checks) in a second process: same results, same warnings."""
    from avi_valvonta.audit import runner
    from avi_valvonta.testing import make_pdf  # noqa: F401 - BundleBuilder makes the PDFs

    b = BundleBuilder(tmp_path)
    b.staff("S1").staff("S2", role="it")
    for i in range(40):
        b.client(f"K-{i:03d}", job_search_start="2024-01-15", coach_id="S1")
        b.event(f"K-{i:03d}", "2024-01-17", "initial_interview", staff_id="S1")
        b.access(f"2024-02-0{1 + i % 9}T10:00:00+02:00", "S2", f"K-{i:03d}")
    b.access("2024-02-01T10:00:00+02:00", "S1", "K-999")  # not in clients.csv: a warning
    b.document("tiedote.pdf", ["hetu 040576-934B"], doc_type="notice", audience="public")
    path = b.write()
    reports = []
    for aside in (False, True):
        monkeypatch.setattr(runner, "ASIDE_MIN_ROWS", 0 if aside else 10**12)
        reports.append(run_audit_json(path))
    assert reports[0]["results"] == reports[1]["results"]
    assert reports[0]["warnings"] == reports[1]["warnings"]
    results = {r["check_id"]: r for r in reports[1]["results"]}
    assert results["PRIV-ACCESS-NO-RELATIONSHIP"]["outcome"] == "fail"
    assert results["PRIV-HETU-PUBLIC"]["affected"] == 1


def run_audit_json(path: Path) -> dict:
    from avi_valvonta.audit.runner import AuditOptions, run_audit

    report = run_audit("Kokkola", AuditOptions(case_dir=path, store=False))
    doc = report.to_dict()
    for r in doc["results"]:
        r.pop("seconds", None)
    return doc
