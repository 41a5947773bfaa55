"""PRIV-HETU-PUBLIC, PRIV-HETU-UNNEEDED, PRIV-HETU-BUNDLE on small bundles with real PDFs (checks.md "privacy")."""

from __future__ import annotations

import json

import pytest

from avi_valvonta.report import render
from avi_valvonta.testing import BundleBuilder, result_of

CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(ddmmyy: str, sign: str, individual: str) -> str:
    """A code with the right check character (tests use temporary individual numbers 900-999)."""
    return f"{ddmmyy}{sign}{individual}{CHARS[int(ddmmyy + individual) % 31]}"


CODE = hetu("040576", "Y", "934")  # 040576Y934B, the example's code
LOOK_ALIKE = hetu("290223", "Y", "917")  # 29.2.1923 does not exist: right check character, not a code
FUTURE = hetu("010125", "A", "955")  # born 1.1.2025, after as_of 15.8.2024: masked, not a finding


def audit(b: BundleBuilder, *checks: str):  # type: ignore[no-untyped-def]
    return b.audit(checks=checks or ("PRIV-HETU-*",))


def base(b: BundleBuilder) -> BundleBuilder:
    b.client("K-1")
    b.event("K-1", "2024-01-20", "initial_interview")
    return b


def test_code_on_page_two_of_public_minutes_fails_with_page_and_line(builder):
    base(builder).document(
        "poytakirja.pdf",
        ["Elinvoimalautakunta 19.3.2024", "§ 29 Oikaisuvaatimus\nAsianosainen\nKari Esimerkki " + CODE],
        doc_type="minutes",
        audience="public",
        date="2024-03-19",
    )
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population, str(r.severity)) == ("fail", 1, 1, "high")
    ev = r.evidence[0]
    assert (ev.file, ev.page, ev.line) == ("poytakirja.pdf", 2, 3)
    assert ev.data["masked"] == "******Y***B"
    assert CODE not in ev.excerpt and "******Y***B" in ev.excerpt


@pytest.mark.parametrize(
    "text",
    [
        "Kari Esimerkki 040576-\n934B",  # broken after the sign
        "Kari Esimerkki 040576\nY934B",  # broken before the sign
        "Kari Esimerkki 040576 Y 934B",  # spaces around the sign
        "Kari Esimerkki 040576\u2013934B",  # en dash for "-"
    ],
)
def test_codes_as_pdfs_break_them_are_found(builder, text):
    base(builder).document("ilmoitus.pdf", ["Kuulutus", text], doc_type="notice", audience="public")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected) == ("fail", 1)
    assert r.evidence[0].page == 2


@pytest.mark.parametrize(
    "text, why",
    [
        (LOOK_ALIKE, "29.2.1923 does not exist"),
        (hetu("290200", "-", "915"), "29.2.1900 does not exist"),
        ("040576Y934C", "wrong check character"),
        (hetu("010180", "-", "001"), "individual number 001"),
        ("puh. 040 576 1934, lasku 0405769341, 4.5.1976", "phone number, invoice number, date"),
        ("04057\n6Y934B", "split inside the digits"),
        (FUTURE, "born after as_of"),
    ],
)
def test_look_alikes_pass(builder, text, why):
    base(builder).document("ilmoitus.pdf", ["Kuulutus", text], doc_type="notice", audience="public")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("pass", 0, 1), why


def test_image_only_document_is_manual(builder):
    base(builder).document("skannattu.pdf", [None], doc_type="minutes", audience="public", date="2024-03-19")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("manual", 1, 1)
    assert r.evidence[0].data["kind"] == "no_text"


def test_an_image_page_beside_text_pages_is_manual_unless_a_code_was_found(builder):
    base(builder).document("a.pdf", ["Teksti ilman tunnusta", None], doc_type="minutes", audience="public")
    builder.document("b.pdf", ["Teksti " + CODE, None], doc_type="minutes", audience="public")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected, r.population) == ("fail", 1, 2)
    assert r.affected_keys == ["b.pdf"]
    builder2 = BundleBuilder(builder.dir.parent, name="other")
    base(builder2).document("a.pdf", ["Teksti ilman tunnusta", None], doc_type="minutes", audience="public")
    r = result_of(audit(builder2), "PRIV-HETU-PUBLIC")
    assert (str(r.outcome), r.affected) == ("manual", 1)
    assert r.evidence[0].data == {"kind": "image_pages", "image_pages": [2]}
    assert r.evidence[0].page == 2


def test_only_public_documents_are_in_the_population(builder):
    base(builder).document("paatos.pdf", ["Päätös " + CODE], doc_type="decision", audience="client", client_id="K-1")
    builder.document("muistio.pdf", ["Muistio " + CODE], doc_type="other", audience="internal")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert str(r.outcome) == "not_applicable"


def test_two_codes_in_one_document_are_one_affected_document(builder):
    other = hetu("150388", "-", "912")
    base(builder).document("a.pdf", [f"{CODE}\n{other}"], doc_type="minutes", audience="public")
    r = result_of(audit(builder), "PRIV-HETU-PUBLIC")
    assert (r.affected, len(r.evidence)) == (1, 2)


# -- PRIV-HETU-UNNEEDED ------------------------------------------------------------------------------------------


def test_client_letter_with_a_code_fails_low_and_decisions_are_not_in_the_population(builder):
    base(builder).document(
        "kirje.pdf", ["Kutsu", "Asiakas " + CODE], doc_type="letter", audience="client", client_id="K-1"
    )
    builder.document("ilmoitus.pdf", ["Ilmoitus K-1"], doc_type="notice", audience="client", client_id="K-1")
    builder.document("paatos.pdf", ["Päätös " + CODE], doc_type="decision", audience="client", client_id="K-1")
    builder.document("julkinen.pdf", ["Kirje " + CODE], doc_type="letter", audience="public")
    r = result_of(audit(builder), "PRIV-HETU-UNNEEDED")
    assert (str(r.outcome), r.affected, r.population, str(r.severity)) == ("fail", 1, 2, "low")
    assert r.evidence[0].file == "kirje.pdf" and r.evidence[0].page == 2


def test_client_letter_with_only_the_client_number_passes_and_scanned_letter_is_manual(builder):
    base(builder).document("kirje.pdf", ["Asiakasnumero K-1"], doc_type="letter", audience="client", client_id="K-1")
    r = result_of(audit(builder), "PRIV-HETU-UNNEEDED")
    assert (str(r.outcome), r.population) == ("pass", 1)
    builder.document("skannattu.pdf", [None], doc_type="letter", audience="client", client_id="K-1")
    r = result_of(audit(builder), "PRIV-HETU-UNNEEDED")
    assert (str(r.outcome), r.affected, r.population) == ("manual", 1, 2)


# -- PRIV-HETU-BUNDLE --------------------------------------------------------------------------------------------


def test_code_in_a_csv_cell_fails_per_row_with_file_line_and_column(builder):
    builder.client("K-1", note=f"hetu {CODE} ja {hetu('150388', '-', '912')}")  # an unknown extra column
    builder.client("K-2", note=LOOK_ALIKE)  # masked, not a finding
    builder.client("K-3", note=FUTURE)  # born after as_of: not a finding
    builder.event("K-1", "2024-01-20", "initial_interview", detail=f"asiakas {CODE}")
    builder.staff("S1")
    report = audit(builder)
    r = result_of(report, "PRIV-HETU-BUNDLE")
    assert (str(r.outcome), r.affected, r.population, str(r.severity)) == ("fail", 2, 3 + 1 + 1, "medium")
    where = sorted((e.file, e.line, e.data["column"]) for e in r.evidence)
    assert where == [("clients.csv", 2, "note"), ("clients.csv", 2, "note"), ("events.csv", 2, "detail")]
    assert {e.data["masked"] for e in r.evidence} == {"******Y***B", "******-***" + hetu("150388", "-", "912")[-1]}
    text = render(report, "json").decode()
    assert CODE not in text and LOOK_ALIKE not in text and FUTURE not in text
    (stored,) = [x for x in json.loads(text)["results"] if x["check_id"] == "PRIV-HETU-BUNDLE"]
    assert stored["data"]["rows_per_file"] == {
        "clients.csv": 3,
        "events.csv": 1,
        "staff.csv": 1,
    }


def test_bundle_without_codes_passes_with_every_row_counted(builder):
    base(builder).staff("S1").access("2024-02-01T10:00:00", "S1", "K-1")
    r = result_of(audit(builder), "PRIV-HETU-BUNDLE")
    assert (str(r.outcome), r.affected, r.population) == ("pass", 0, 4)


def test_identity_codes_used_as_client_ids_are_reported_not_refused(builder):
    # Two people whose codes mask alike (same sign and check character) must stay two clients, linked across files.
    first = hetu("040576", "Y", "934")
    second = next(
        hetu(f"{d:02d}0380", "Y", "95" + str(n))
        for d in range(1, 29)
        for n in range(10)
        if hetu(f"{d:02d}0380", "Y", "95" + str(n))[-1] == first[-1]
    )
    builder.client(first, coach_id="S1")
    builder.client(second, coach_id="S1")
    builder.event(first, "2024-01-20", "initial_interview", staff_id="S1")
    builder.event(second, "2024-01-22", "initial_interview", staff_id="S1")
    builder.staff("S1")
    builder.access("2024-02-01T10:00:00", "S1", first)
    report = builder.audit(checks=("PRIV-HETU-BUNDLE", "PRIV-ACCESS-NO-RELATIONSHIP"))
    r = result_of(report, "PRIV-HETU-BUNDLE")
    assert (str(r.outcome), r.affected, r.population) == ("fail", 5, 6)
    r = result_of(report, "PRIV-ACCESS-NO-RELATIONSHIP")  # the access is linked to the right (coached) client
    assert (str(r.outcome), r.population) == ("pass", 1)
    text = render(report, "json").decode()
    assert first not in text and second not in text
