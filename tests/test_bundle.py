"""Case bundles: the dialect, and bad input - every problem in one pass, with file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from avi_valvonta.bundle import load_bundle
from avi_valvonta.errors import InvalidInput
from avi_valvonta.testing import BundleBuilder, make_pdf


def _problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        load_bundle(path)
    return [str(p) for p in e.value.problems if p.severity == "error"]


def test_a_hand_written_bundle_loads(builder: BundleBuilder):
    builder.client("K-1", job_search_start="2024-01-15", coach_id="S1")
    builder.event("K-1", "2024-01-17", "initial_interview", staff_id="S1")
    builder.staff("S1", languages="fi;sv")
    builder.access("2024-02-01T10:00:00+02:00", "S1", "K-1")
    builder.service_point("P1")
    builder.document(
        "kirje.pdf",
        ["Hyvä asiakas, tervetuloa työnhakukeskusteluun."],
        doc_type="letter",
        audience="client",
        client_id="K-1",
        date="2024-01-16",
    )
    b = load_bundle(builder.write())
    try:
        assert b.rows == {
            "clients.csv": 1,
            "staff.csv": 1,
            "events.csv": 1,
            "access_log.csv": 1,
            "service_points.csv": 1,
            "documents.csv": 1,
        }
        (h,) = list(b.store.histories())
        assert h.client.client_id == "K-1" and h.events[0].type == "initial_interview"
        assert b.store.staff()[0].languages == ("fi", "sv")
        assert b.store.pages("kirje.pdf")[0].text.startswith("Hyvä asiakas")
        assert set(b.files) >= {"clients.csv", "events.csv", "documents/kirje.pdf"}
        assert all(len(h) == 64 for h in b.files.values())
    finally:
        b.close()


def test_dialect_bom_semicolon_finnish_booleans_and_lists(tmp_path: Path):
    b = BundleBuilder(tmp_path, delimiter=";")
    b.client("K-1", needs_interpreter="kyllä", temporary_protection="nej")
    b.staff("S1", languages="fi|sv", system_access="ja")
    path = b.write()
    raw = (path / "clients.csv").read_bytes()
    (path / "clients.csv").write_bytes(b"\xef\xbb\xbf" + raw)
    bundle = load_bundle(path)
    try:
        client = next(bundle.store.clients())
        assert client.needs_interpreter is True and client.temporary_protection is False
        staff = bundle.store.staff()[0]
        assert staff.languages == ("fi", "sv") and staff.system_access is True
    finally:
        bundle.close()


def test_timestamps_without_offset_are_helsinki_and_days_are_helsinki_days(builder: BundleBuilder):
    builder.client("K-1")
    builder.access("2024-06-30T21:30:00Z", "S1", "K-1")  # 1.7. 00:30 in Helsinki
    builder.access("2024-06-30T23:30:00", "S1", "K-1")  # no offset: Helsinki already
    b = load_bundle(builder.write())
    try:
        days = [a.day.isoformat() for a in b.store.access_log()]
        assert days == ["2024-07-01", "2024-06-30"]
    finally:
        b.close()


def test_malformed_bundle_reports_every_problem_in_one_pass(builder: BundleBuilder):
    builder.client("K-1")
    builder.client("K-2", birth_date="1990-02-30")  # bad date, line 3
    builder.event("K-1", "2024-02-01", "initial_interview")
    builder.event("K-9", "2024-02-01", "initial_interview")  # unknown client, line 3
    builder.staff("S1")
    builder.document("puuttuu.pdf", None, doc_type="notice", audience="public")
    builder.document("salainen.pdf", ["salaista"], encrypt="secret", doc_type="notice", audience="public")
    path = builder.write()
    # staff.csv without its required `role` column; service_points.csv with tabs
    (path / "staff.csv").write_text("staff_id,languages\nS1,fi\n", encoding="utf-8")
    (path / "service_points.csv").write_text("point_id\tname\nP1\tKeskusta\n", encoding="utf-8")
    problems = _problems(path)
    text = "\n".join(problems)
    assert "clients.csv:3 [birth_date]: impossible date: '1990-02-30'" in text
    assert "events.csv:3 [client_id]: client_id 'K-9' is not in clients.csv" in text
    assert "staff.csv:1 [role]: required column 'role' is missing" in text
    assert "service_points.csv:1: the delimiter must be ',' or ';'" in text
    assert "documents.csv:2 [file]: listed document 'puuttuu.pdf' is missing from documents/" in text
    assert "documents/salainen.pdf: encrypted PDF" in text
    assert len(problems) == 6, text


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (
            lambda p: (p / "clients.csv").write_text("client_id;birth_date\n", encoding="utf-8"),
            "required column 'home_municipality' is missing",
        ),
        (
            lambda p: (p / "clients.csv").write_bytes(
                (p / "clients.csv").read_bytes().replace(b"Kokkola", b"K\xe4kkola")
            ),
            "not UTF-8",
        ),
        (
            lambda p: (p / "bundle.toml").write_text("format = 1\nmunicipality = \n", encoding="utf-8"),
            "bundle.toml:2: not valid TOML",
        ),
        (lambda p: (p / "events.csv").unlink(), "events.csv: missing: this file is required"),
        (
            lambda p: (p / "clients.csv").write_text(
                (p / "clients.csv").read_text() + (p / "clients.csv").read_text().splitlines()[1] + "\n",
                encoding="utf-8",
            ),
            "client_id 'K-1' appears twice",
        ),
    ],
)
def test_bad_files(builder: BundleBuilder, mutate, expected):
    builder.client("K-1")
    path = builder.write()
    mutate(path)
    assert any(expected in p for p in _problems(path)), _problems(path)


def test_identity_codes_in_csv_cells_are_recorded_and_masked_before_storing(builder: BundleBuilder):
    builder.client("K-1")
    builder.event("K-1", "2024-02-01", "contact", detail="asiakas 040576-934B soitti")
    b = load_bundle(builder.write())
    try:
        (hit,) = b.cell_identity_codes
        assert (hit.file, hit.line, hit.column, hit.masked, hit.valid) == (
            "events.csv",
            2,
            "detail",
            "******-***B",
            True,
        )
        stored = b.store.path.read_bytes()
        assert b"040576-934B" not in stored
        assert "******-***B" in next(b.store.events()).detail
    finally:
        b.close()


def test_undescribed_documents_are_scanned_and_warned_about(builder: BundleBuilder):
    builder.client("K-1")
    builder.document("extra.pdf", ["Tekstiä ilman kuvausta."], listed=False)
    builder.document("skannattu.pdf", [None], doc_type="minutes", audience="public")
    b = load_bundle(builder.write())
    try:
        warnings = [str(w) for w in b.warnings]
        assert any("documents/extra.pdf" in w and "documents.csv" in w for w in warnings)
        assert any("documents/skannattu.pdf:1" in w and "kuvasivu" in w for w in warnings)
        docs = {d.file: d for d in b.store.documents()}
        assert docs["extra.pdf"].doc_type == "other" and not docs["extra.pdf"].described
    finally:
        b.close()


def test_paths_escaping_the_bundle_are_refused(builder: BundleBuilder, tmp_path: Path):
    outside = make_pdf(tmp_path / "outside.pdf", ["salaista"])
    builder.client("K-1")
    builder.document("../outside.pdf", None, doc_type="notice", audience="public")
    builder.document("linkki.pdf", None, doc_type="notice", audience="public")
    path = builder.write()
    (path / "documents").mkdir(exist_ok=True)
    (path / "documents" / "linkki.pdf").symlink_to(outside)
    problems = _problems(path)
    assert any("'../outside.pdf' must be a path inside documents/" in p for p in problems)
    assert any("linkki.pdf" in p and "not a regular file inside the bundle" in p for p in problems), problems
