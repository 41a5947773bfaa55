"""language_rights: every LANG check on small bundles with real PDFs, per applicability branch (checks.md).

Branches: a bilingual Swedish-majority experiment municipality in 2024 (Raasepori), a unilingual Finnish one in 2024
(Tampere: the fi/sv client rules do not bind) and in 2025 (binding under 380/2023 19 §), a period straddling
1.1.2025 (each item judged on its own date), the Saami homeland (Inari 2025, Sodankylä 2024 - an experiment
municipality). PDFs are generated with make_pdf from the texts in test_language_rights_detection.py, plus a real
Lapua minutes PDF from ../shared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

try:  # tests/plugins is on sys.path (rootdir-relative imports), or a package if someone adds __init__.py
    from test_language_rights_detection import (
        BILINGUAL_NOTICE,
        EN_LETTER,
        FI_DECISION,
        FI_LETTER,
        FI_NOTICE,
        REAL,
        SE_DECISION,
        SHORT_SV,
        SV_DECISION,
        SV_LETTER,
        SV_NOTICE,
    )
except ImportError:  # pragma: no cover
    from .test_language_rights_detection import (
        BILINGUAL_NOTICE,
        EN_LETTER,
        FI_DECISION,
        FI_LETTER,
        FI_NOTICE,
        REAL,
        SE_DECISION,
        SHORT_SV,
        SV_DECISION,
        SV_LETTER,
        SV_NOTICE,
    )

from avi_valvonta.checks import Outcome
from avi_valvonta.plugins import load_plugins
from avi_valvonta.testing import BundleBuilder, result_of

LAPUA = REAL / "fi" / "lapua_kaupunginvaltuusto_2025-09-01_poytakirja.pdf"
needs_lapua = pytest.mark.skipif(not LAPUA.is_file(), reason="../shared/data/real-documents is not present")

P2024 = ("2024-01-01", "2024-06-30")
P2025 = ("2025-01-01", "2025-06-30")


def bundle(tmp_path: Path, municipality: str, period: tuple[str, str], as_of: str, **kw: Any) -> BundleBuilder:
    return BundleBuilder(tmp_path, municipality=municipality, period=period, as_of=as_of, **kw)


def audit(b: BundleBuilder, check_id: str) -> Any:
    return result_of(b.audit(checks=(check_id,)), check_id)


def outcome(r: Any) -> tuple[str, int | None, int | None]:
    return (str(r.outcome), r.affected, r.population)


def keys(r: Any) -> set[str]:
    return set(r.affected_keys)


def reason(r: Any) -> str:
    assert r.outcome is Outcome.NOT_APPLICABLE and r.reason is not None
    assert r.reason.fi and r.reason.sv
    return r.reason.fi + " | " + r.reason.sv


def test_every_lang_check_is_registered_with_fi_sv_titles_and_a_legal_basis() -> None:
    catalogue = load_plugins().checks
    ids = {
        "LANG-SERVICE-LANGUAGE": "clients",
        "LANG-DOCUMENT-LANGUAGE": "documents",
        "LANG-PUBLIC-BILINGUAL": "documents",
        "LANG-SWEDISH-CAPACITY": "municipality",
        "LANG-SAAMI": "clients",
        "LANG-INTERPRETER": "clients",
        "LANG-TRANSFER": "requests",
    }
    for check_id, unit in ids.items():
        meta = catalogue[check_id].meta
        assert meta.area == "language_rights" and meta.unit == unit and not meta.problems()
        assert meta.title.fi != meta.title.sv and meta.legal_basis
    assert {c for c in catalogue if c.startswith("LANG-")} == set(ids)


# -- LANG-SERVICE-LANGUAGE -----------------------------------------------------------------------------------------


def _service_clients(b: BundleBuilder, first: str = "2024") -> None:
    b.client("C-SV-FI", service_language="sv", mother_tongue="sv")
    b.event("C-SV-FI", f"{first}-02-12", "jobsearch_interview", language="fi")  # no interpreter recorded
    b.client("C-SV-INT", service_language="sv", mother_tongue="sv")
    b.event("C-SV-INT", f"{first}-02-13", "jobsearch_interview", language="fi", interpreter=True)
    b.client("C-SV-OK", service_language="sv", mother_tongue="fi")
    b.event("C-SV-OK", f"{first}-02-14", "jobsearch_interview", language="sv")
    b.client("C-UNKNOWN", service_language="sv")
    b.event("C-UNKNOWN", f"{first}-02-15", "contact", language="")  # unknown language: never a finding
    b.client("C-TE", service_language="sv", responsible="te_office")
    b.event("C-TE", f"{first}-02-16", "jobsearch_interview", language="fi")
    b.client("C-AR", service_language="ar", mother_tongue="ar")
    b.event("C-AR", f"{first}-02-16", "jobsearch_interview", language="fi")


def test_service_language_in_a_bilingual_swedish_majority_municipality_2024(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    _service_clients(b)
    r = audit(b, "LANG-SERVICE-LANGUAGE")
    # Population: C-SV-FI, C-SV-INT, C-SV-OK (TE-office, unknown-language and non-fi/sv clients are outside).
    assert outcome(r) == ("fail", 1, 3) and keys(r) == {"C-SV-FI"}
    e = r.evidence[0]
    assert e.event_id and e.data["language"] == "fi" and e.data["service_language"] == "sv"
    assert "ruotsi" in e.detail.fi and "svenska" in e.detail.sv
    assert "kielilaki 423/2003 19 §" in r.legal_basis and "380/2023 19 §" not in r.legal_basis


def test_service_language_not_binding_in_a_unilingual_municipality_2024(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2024, "2024-08-15")
    _service_clients(b)
    text = reason(audit(b, "LANG-SERVICE-LANGUAGE"))
    assert "yksikielinen" in text and "enspråkig" in text and "1.1.2025" in text and "380/2023 19 §" in text


def test_service_language_binds_a_unilingual_municipality_in_2025(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2025, "2025-08-15")
    _service_clients(b, "2025")
    r = audit(b, "LANG-SERVICE-LANGUAGE")
    assert outcome(r) == ("fail", 1, 3) and keys(r) == {"C-SV-FI"}
    assert "380/2023 19 §" in r.legal_basis


def test_service_language_each_event_judged_on_its_own_date(tmp_path: Path) -> None:
    # A period straddling 1.1.2025 in Tampere: the 2024 event is outside the rule, the 2025 one inside.
    b = bundle(tmp_path, "Tampere", ("2024-07-01", "2025-06-30"), "2025-08-15")
    b.client("C-2024", service_language="sv")
    b.event("C-2024", "2024-12-31", "jobsearch_interview", language="fi")
    b.client("C-2025", service_language="sv")
    b.event("C-2025", "2025-01-02", "jobsearch_interview", language="fi")
    r = audit(b, "LANG-SERVICE-LANGUAGE")
    assert outcome(r) == ("fail", 1, 1) and keys(r) == {"C-2025"}
    assert r.data["events_outside_rule"] == 1


def test_service_language_only_outside_the_rule_says_why(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", ("2024-07-01", "2025-06-30"), "2025-08-15")
    b.client("C-2024", service_language="sv")
    b.event("C-2024", "2024-12-31", "jobsearch_interview", language="fi")
    r = audit(b, "LANG-SERVICE-LANGUAGE")
    assert r.outcome is Outcome.NOT_APPLICABLE and "yksikielinen" in reason(r)


# -- LANG-DOCUMENT-LANGUAGE ----------------------------------------------------------------------------------------


def test_document_language_bilingual_municipality_2024(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.client("SV-1", service_language="sv", mother_tongue="sv")
    b.client("SV-2", service_language="sv", mother_tongue="sv")
    b.client("SV-3", service_language="sv", mother_tongue="sv")
    b.client("FI-1", service_language="fi")
    b.client("SE-1", service_language="se", mother_tongue="se")
    doc = {"audience": "client", "date": "2024-03-01"}
    # SV-1: a Finnish decision, nothing else: violation.
    b.document("paatos_sv1.pdf", [FI_DECISION], doc_type="decision", client_id="SV-1", **doc)
    # SV-1: a Swedish letter: fine.
    b.document("brev_sv1.pdf", [SV_LETTER], doc_type="letter", client_id="SV-1", **doc)
    # SV-2: a Finnish decision with a Swedish translation pointing to it: a pair, both fine.
    b.document("paatos_sv2.pdf", [FI_DECISION], doc_type="decision", client_id="SV-2", **doc)
    b.document(
        "beslut_sv2.pdf", [SV_DECISION], doc_type="decision", client_id="SV-2", translation_of="paatos_sv2.pdf", **doc
    )
    # SV-3: the other direction: a Finnish plan that says it translates a Swedish original: the pair is fine.
    b.document("plan_sv3.pdf", [SV_LETTER], doc_type="plan", client_id="SV-3", **doc)
    b.document(
        "suunnitelma_sv3.pdf", [FI_LETTER], doc_type="plan", client_id="SV-3", translation_of="plan_sv3.pdf", **doc
    )
    # FI-1: one bilingual letter: fine. An English letter: violation. A scanned decision: manual.
    b.document("kirje_brev_fi1.pdf", [FI_LETTER + "\n" + SV_LETTER], doc_type="letter", client_id="FI-1", **doc)
    b.document("letter_fi1.pdf", [EN_LETTER], doc_type="letter", client_id="FI-1", **doc)
    b.document("skannattu_fi1.pdf", [None], doc_type="decision", client_id="FI-1", **doc)
    # Outside the population: a Saami client's decision (LANG-SAAMI), a public notice, an internal memo.
    b.document("paatos_se1.pdf", [FI_DECISION], doc_type="decision", client_id="SE-1", **doc)
    b.document("tiedote.pdf", [FI_NOTICE], doc_type="notice", audience="public")
    b.document("muistio.pdf", [FI_LETTER], doc_type="other", audience="internal")
    r = audit(b, "LANG-DOCUMENT-LANGUAGE")
    assert outcome(r) == ("fail", 2, 9)
    assert keys(r) == {"paatos_sv1.pdf", "letter_fi1.pdf"}
    by_file = {e.file: e for e in r.evidence}
    e = by_file["paatos_sv1.pdf"]
    assert e.client_id == "SV-1" and e.data["languages"] == ["fi"] and e.data["service_language"] == "sv"
    assert e.data["words"]["fi"] >= 30 and e.data["confidence"]["fi"] > 0.9
    assert "päätös" in e.detail.fi and "beslut" in e.detail.sv and "ruotsi" in e.detail.fi
    assert by_file["letter_fi1.pdf"].data["languages"] == ["other"]


def test_document_language_without_text_or_too_short_is_manual(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.client("SV-1", service_language="sv")
    b.document("skannattu.pdf", [None], doc_type="decision", audience="client", client_id="SV-1")
    b.document("kort.pdf", [SHORT_SV], doc_type="letter", audience="client", client_id="SV-1")
    r = audit(b, "LANG-DOCUMENT-LANGUAGE")
    assert outcome(r) == ("manual", 2, 2)
    assert {e.data.get("has_text") for e in r.evidence} == {False, True}


def test_document_language_unilingual_municipality_2024_is_not_applicable(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2024, "2024-08-15")
    b.client("SV-1", service_language="sv")
    b.document("paatos.pdf", [FI_DECISION], doc_type="decision", audience="client", client_id="SV-1", date="2024-03-01")
    b.document("kirje.pdf", [FI_LETTER], doc_type="letter", audience="client", client_id="SV-1")  # no date
    text = reason(audit(b, "LANG-DOCUMENT-LANGUAGE"))
    assert "yksikielinen" in text and "1.1.2025" in text


def test_document_language_unilingual_municipality_2025_binds(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2025, "2025-08-15")
    b.client("SV-1", service_language="sv")
    b.client("FI-1", service_language="fi")
    b.document("kirje.pdf", [FI_LETTER], doc_type="letter", audience="client", client_id="SV-1", date="2025-03-01")
    b.document("paatos.pdf", [FI_DECISION], doc_type="decision", audience="client", client_id="FI-1")  # no date
    r = audit(b, "LANG-DOCUMENT-LANGUAGE")
    assert outcome(r) == ("fail", 1, 2) and keys(r) == {"kirje.pdf"}
    assert "380/2023 19 §" in r.legal_basis


def test_document_language_dates_straddling_2025_in_a_unilingual_municipality(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", ("2024-07-01", "2025-06-30"), "2025-08-15")
    b.client("SV-1", service_language="sv")
    client_doc = {"audience": "client", "client_id": "SV-1", "doc_type": "letter"}
    b.document("kirje_2024.pdf", [FI_LETTER], date="2024-12-31", **client_doc)  # outside the rule
    b.document("kirje_2025.pdf", [FI_LETTER], date="2025-01-02", **client_doc)  # inside
    b.document("kirje_ei_pvm.pdf", [FI_LETTER], **client_doc)  # no date: period_start 1.7.2024, outside
    r = audit(b, "LANG-DOCUMENT-LANGUAGE")
    assert outcome(r) == ("fail", 1, 1) and keys(r) == {"kirje_2025.pdf"}
    assert r.data["documents_outside_rule"] == 2


def test_document_language_without_documents_csv_is_no_data(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.client("SV-1", service_language="sv")
    r = audit(b, "LANG-DOCUMENT-LANGUAGE")
    assert "documents.csv" in reason(r)


# -- LANG-PUBLIC-BILINGUAL -----------------------------------------------------------------------------------------


def test_public_bilingual_in_a_bilingual_municipality(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    pub = {"audience": "public", "date": "2024-02-01"}
    b.document("rekry.pdf", [FI_NOTICE], doc_type="notice", **pub)  # Finnish only: violation
    b.document("aukiolo_oppettider.pdf", [BILINGUAL_NOTICE], doc_type="notice", **pub)  # both: fine
    b.document("opas.pdf", [FI_NOTICE], doc_type="guide", **pub)  # pair, translation points to it: fine
    b.document("guide.pdf", [SV_NOTICE], doc_type="guide", translation_of="opas.pdf", **pub)
    b.document("sivu_sv.pdf", [SV_NOTICE], doc_type="web_page", **pub)  # pair, this one points: fine
    b.document("sivu_fi.pdf", [FI_NOTICE], doc_type="web_page", translation_of="sivu_sv.pdf", **pub)
    b.document("sivu_en.pdf", [EN_LETTER], doc_type="web_page", **pub)  # English only: violation, both missing
    b.document("juliste.pdf", [None], doc_type="notice", **pub)  # no text: manual (loses to the fails)
    b.document("poytakirja.pdf", [FI_NOTICE], doc_type="minutes", **pub)  # minutes are exempt
    b.document("kirje.pdf", [FI_LETTER], doc_type="letter", audience="client")  # not public
    r = audit(b, "LANG-PUBLIC-BILINGUAL")
    assert outcome(r) == ("fail", 2, 8) and keys(r) == {"rekry.pdf", "sivu_en.pdf"}
    by_file = {e.file: e for e in r.evidence}
    assert by_file["rekry.pdf"].data["missing"] == ["sv"] and "ruotsiksi" in by_file["rekry.pdf"].detail.fi
    assert by_file["sivu_en.pdf"].data["missing"] == ["fi", "sv"] and "på svenska" in by_file["sivu_en.pdf"].detail.sv
    assert "kielilaki 423/2003 32 §" in r.legal_basis


def test_public_bilingual_translation_partner_in_the_same_language_is_not_enough(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.document("a.pdf", [FI_NOTICE], doc_type="notice", audience="public")
    b.document("b.pdf", [FI_NOTICE], doc_type="notice", audience="public", translation_of="a.pdf")
    r = audit(b, "LANG-PUBLIC-BILINGUAL")
    assert outcome(r) == ("fail", 2, 2)


def test_public_bilingual_manual_only_for_a_document_without_text(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.document("juliste.pdf", [None], doc_type="notice", audience="public")
    b.document("ok.pdf", [BILINGUAL_NOTICE], doc_type="notice", audience="public")
    assert outcome(audit(b, "LANG-PUBLIC-BILINGUAL")) == ("manual", 1, 2)


@needs_lapua
def test_public_bilingual_real_lapua_minutes(tmp_path: Path) -> None:
    # The real minutes are exempt as minutes; published as a notice in a bilingual municipality they fail.
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15")
    b.document("poytakirja.pdf", LAPUA.read_bytes(), doc_type="minutes", audience="public")
    b.document("kuulutus.pdf", LAPUA.read_bytes(), doc_type="notice", audience="public")
    r = audit(b, "LANG-PUBLIC-BILINGUAL")
    assert outcome(r) == ("fail", 1, 1) and keys(r) == {"kuulutus.pdf"}
    e = r.evidence[0]
    assert e.data["languages"] == ["fi"] and e.data["missing"] == ["sv"] and e.data["words"]["fi"] > 1000


def test_public_bilingual_unilingual_municipality_is_not_applicable_in_both_regimes(tmp_path: Path) -> None:
    for period, as_of, name in ((P2024, "2024-08-15", "a"), (P2025, "2025-08-15", "b")):
        b = bundle(tmp_path, "Tampere", period, as_of, name=name)
        b.document("rekry.pdf", [FI_NOTICE], doc_type="notice", audience="public")
        text = reason(audit(b, "LANG-PUBLIC-BILINGUAL"))
        assert "kaksikielisiä" in text and "kielilaki 423/2003 32 §" in text


# -- LANG-SWEDISH-CAPACITY -----------------------------------------------------------------------------------------


def _capacity(tmp_path: Path, *, staff: bool = True, points: bool = True, name: str = "bundle") -> BundleBuilder:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-08-15", name=name)
    b.client("C-1")
    if staff:
        b.staff("S01", "coach", languages="fi")
        b.staff("S02", "advisor", languages="fi;sv", active_to="2024-08-14")  # left the day before as_of
        b.staff("S03", "manager", languages="sv")  # not a coach or advisor
    if points:
        b.service_point("P1", languages="fi;sv")
    return b


def test_swedish_capacity_staff_half_fails_with_evidence(tmp_path: Path) -> None:
    r = audit(_capacity(tmp_path), "LANG-SWEDISH-CAPACITY")
    assert outcome(r) == ("fail", 1, 1)
    assert [e.data["half"] for e in r.evidence] == ["staff"] and r.evidence[0].file == "staff.csv"
    assert r.data["service_points"]["outcome"] == "pass" and r.data["staff"]["outcome"] == "fail"


def test_swedish_capacity_passes_on_the_last_active_day(tmp_path: Path) -> None:
    b = _capacity(tmp_path)
    b.staff_rows[1]["active_to"] = "2024-08-15"  # type: ignore[index]
    r = audit(b, "LANG-SWEDISH-CAPACITY")
    assert outcome(r) == ("pass", 0, 1) and r.data["staff"]["serving_sv"] == ["S02"]


def test_swedish_capacity_service_point_half(tmp_path: Path) -> None:
    b = _capacity(tmp_path)
    b.staff_rows[1]["active_to"] = ""  # type: ignore[index]
    b.point_rows[0]["languages"] = "fi"  # type: ignore[index]
    r = audit(b, "LANG-SWEDISH-CAPACITY")
    assert outcome(r) == ("fail", 1, 1) and [e.data["half"] for e in r.evidence] == ["service_points"]
    assert "serviceställ" in r.evidence[0].detail.sv


def test_swedish_capacity_one_file_missing_makes_that_half_not_applicable(tmp_path: Path) -> None:
    r = audit(_capacity(tmp_path, points=False, name="a"), "LANG-SWEDISH-CAPACITY")
    assert outcome(r) == ("fail", 1, 1)
    assert r.data["service_points"]["outcome"] == "not_applicable"
    assert "service_points.csv" in r.message.fi and "service_points.csv" in r.message.sv
    b = _capacity(tmp_path, staff=False, name="b")
    r = audit(b, "LANG-SWEDISH-CAPACITY")
    assert outcome(r) == ("pass", 0, 1) and r.data["staff"]["outcome"] == "not_applicable"
    assert "staff.csv puuttuu" in r.message.fi and "staff.csv saknas" in r.message.sv


def test_swedish_capacity_without_either_file_or_in_a_unilingual_municipality(tmp_path: Path) -> None:
    r = audit(_capacity(tmp_path, staff=False, points=False, name="a"), "LANG-SWEDISH-CAPACITY")
    assert "staff.csv" in reason(r)
    b = bundle(tmp_path, "Tampere", P2025, "2025-08-15", name="b")
    b.client("C-1")
    b.staff("S01", "coach", languages="fi")
    assert "kaksikielisiä" in reason(audit(b, "LANG-SWEDISH-CAPACITY"))


# -- LANG-SAAMI ----------------------------------------------------------------------------------------------------


def _saami(b: BundleBuilder, year: str) -> None:
    doc = {"audience": "client", "date": f"{year}-03-01"}
    b.client("SE-FI", service_language="se", mother_tongue="se")
    b.event("SE-FI", f"{year}-02-12", "jobsearch_interview", language="fi")  # no interpreter: violation
    b.client("SE-INT", service_language="se", mother_tongue="se")
    b.event("SE-INT", f"{year}-02-12", "jobsearch_interview", language="fi", interpreter=True)
    b.client("SE-OK", service_language="se", mother_tongue="se")
    b.event("SE-OK", f"{year}-02-12", "jobsearch_interview", language="sme")  # ISO 639-2 for North Saami
    b.document("mearradus.pdf", [SE_DECISION], doc_type="decision", client_id="SE-OK", **doc)
    b.document("kirje_se_ok.pdf", [FI_LETTER], doc_type="letter", client_id="SE-OK", **doc)  # letters not covered
    b.client("SE-DEC", service_language="se", mother_tongue="se")  # only a decision: in the population
    b.document("paatos_se_dec.pdf", [FI_DECISION], doc_type="decision", client_id="SE-DEC", **doc)
    b.client("SE-PAIR", service_language="se", mother_tongue="se")
    b.event("SE-PAIR", f"{year}-02-13", "contact", language="")
    b.document("paatos_pair.pdf", [FI_DECISION], doc_type="decision", client_id="SE-PAIR", **doc)
    b.document(
        "mearradus_pair.pdf", [SE_DECISION], doc_type="decision", client_id="SE-PAIR",
        translation_of="paatos_pair.pdf", **doc,
    )  # fmt: skip
    b.client("SMN-1", service_language="smn", mother_tongue="smn")
    b.event("SMN-1", f"{year}-02-14", "jobsearch_interview", language="")  # unknown: never a finding
    b.client("SMN-SCAN", service_language="smn", mother_tongue="smn")
    b.document("skannattu.pdf", [None], doc_type="decision", client_id="SMN-SCAN", **doc)
    b.client("FI-1", service_language="fi")
    b.event("FI-1", f"{year}-02-14", "jobsearch_interview", language="fi")


def test_saami_in_the_homeland_2025(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Inari", P2025, "2025-08-15")
    _saami(b, "2025")
    r = audit(b, "LANG-SAAMI")
    # Population: SE-FI, SE-INT, SE-OK, SE-DEC, SE-PAIR, SMN-1, SMN-SCAN (FI-1 is not a Saami client).
    assert outcome(r) == ("fail", 2, 7) and keys(r) == {"SE-FI", "SE-DEC"}
    by_client = {e.client_id: e for e in r.evidence}
    assert by_client["SE-FI"].event_id and by_client["SE-FI"].data["language"] == "fi"
    assert by_client["SE-DEC"].file == "paatos_se_dec.pdf" and by_client["SE-DEC"].data["languages"] == ["fi"]
    assert "saameksi" in by_client["SE-DEC"].detail.fi and "samiska" in by_client["SE-DEC"].detail.sv
    assert any(b.startswith("saamen kielilaki 1086/2003") for b in r.legal_basis)


def test_saami_scanned_decision_alone_is_manual(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Inari", P2025, "2025-08-15")
    b.client("SMN-SCAN", service_language="smn", mother_tongue="smn")
    b.document("skannattu.pdf", [None], doc_type="decision", audience="client", client_id="SMN-SCAN")
    assert outcome(audit(b, "LANG-SAAMI")) == ("manual", 1, 1)


def test_saami_in_sodankyla_an_experiment_municipality_2024(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Sodankylä", P2024, "2024-08-15")
    _saami(b, "2024")
    r = audit(b, "LANG-SAAMI")
    assert outcome(r) == ("fail", 2, 7) and keys(r) == {"SE-FI", "SE-DEC"}


def test_saami_another_saami_language_is_another_language(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Inari", P2025, "2025-08-15")
    b.client("SMN-SE", service_language="smn", mother_tongue="smn")
    b.event("SMN-SE", "2025-02-12", "jobsearch_interview", language="se")  # Inari Saami client, North Saami
    assert outcome(audit(b, "LANG-SAAMI")) == ("fail", 1, 1)


def test_saami_outside_the_homeland_is_not_applicable(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2025, "2025-08-15")
    _saami(b, "2025")
    text = reason(audit(b, "LANG-SAAMI"))
    assert "saamelaisten kotiseutualuetta" in text and "Tampere" in text and "Tammerfors" in text


# -- LANG-INTERPRETER ----------------------------------------------------------------------------------------------


def _interpreter(b: BundleBuilder, year: str) -> None:
    foreign = {"mother_tongue": "ar", "service_language": "fi", "citizenship": "SY", "needs_interpreter": True}
    b.client("AR-FI", **foreign)
    b.event("AR-FI", f"{year}-02-12", "jobsearch_interview", language="fi", interpreter=False)  # violation
    b.client("AR-INT", **foreign)
    b.event("AR-INT", f"{year}-02-12", "initial_interview", language="fi", interpreter=True)
    b.client("AR-AR", **foreign)
    b.event("AR-AR", f"{year}-02-12", "supplementary_discussion", language="ar")  # in the mother tongue
    b.client("AR-UNK", **foreign)
    b.event("AR-UNK", f"{year}-02-12", "supplementary_discussion", language="")  # unknown: never a finding
    b.client("AR-CONTACT", **foreign)
    b.event("AR-CONTACT", f"{year}-02-12", "contact", language="fi")  # not an interview: outside
    b.client("AR-OLD", **foreign)
    b.event("AR-OLD", f"{int(year) - 1}-12-12", "jobsearch_interview", language="fi")  # before the period
    b.client("AR-TE", responsible="te_office", **foreign)
    b.event("AR-TE", f"{year}-02-12", "jobsearch_interview", language="fi")
    b.client("FI-1", service_language="fi")
    b.event("FI-1", f"{year}-02-12", "jobsearch_interview", language="sv")  # no interpreter needed


@pytest.mark.parametrize(
    ("municipality", "period", "as_of", "year"),
    [("Raasepori", P2024, "2024-08-15", "2024"), ("Tampere", P2024, "2024-08-15", "2024"),
     ("Tampere", P2025, "2025-08-15", "2025"), ("Inari", P2025, "2025-08-15", "2025")],
)  # fmt: skip
def test_interpreter_applies_everywhere(tmp_path: Path, municipality: str, period: Any, as_of: str, year: str) -> None:
    b = bundle(tmp_path, municipality, period, as_of)
    _interpreter(b, year)
    r = audit(b, "LANG-INTERPRETER")
    assert outcome(r) == ("fail", 1, 4) and keys(r) == {"AR-FI"}
    e = r.evidence[0]
    assert e.data["mother_tongue"] == "ar" and e.data["language"] == "fi" and e.data["interpreter"] is False
    assert "tulk" in e.detail.fi and "tolk" in e.detail.sv


# -- LANG-TRANSFER -------------------------------------------------------------------------------------------------


def test_transfer_day_30_boundary(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-07-25")
    b.client("T-30", responsible="te_office")  # TE-office clients count: moving clients is the point
    b.event("T-30", "2024-02-05", "transfer_request", language="", detail="language", event_id="R30")
    b.event("T-30", "2024-03-06", "transfer_decision", language="", detail="approved")  # day 30 (leap year)
    b.client("T-31")
    b.event("T-31", "2024-02-05", "transfer_request", language="", detail="language", event_id="R31")
    b.event("T-31", "2024-03-07", "transfer_decision", language="", detail="rejected")  # day 31: late
    b.client("T-NONE")
    b.event("T-NONE", "2024-04-08", "transfer_request", language="", detail="Language", event_id="RNONE")
    b.client("T-SAME")
    b.event("T-SAME", "2024-05-02", "transfer_request", language="", detail="language", event_id="RSAME")
    b.event("T-SAME", "2024-05-02", "transfer_decision", language="", detail="approved")  # same day: in time
    b.client("T-BEFORE")  # a decision before the request does not answer it
    b.event("T-BEFORE", "2024-01-10", "transfer_decision", language="", detail="rejected")
    b.event("T-BEFORE", "2024-01-20", "transfer_request", language="", detail="language", event_id="RBEFORE")
    b.client("T-OTHER")  # another reason: outside
    b.event("T-OTHER", "2024-02-05", "transfer_request", language="", detail="client_request")
    b.client("T-OPEN")  # 30 days end on 30.7., after as_of: outside
    b.event("T-OPEN", "2024-06-30", "transfer_request", language="", detail="language")
    r = audit(b, "LANG-TRANSFER")
    assert outcome(r) == ("fail", 3, 5) and keys(r) == {"R31", "RNONE", "RBEFORE"}
    by_event = {e.event_id: e for e in r.evidence}
    late = by_event["R31"].data
    assert late["days"] == 31 and late["late_days"] == 1 and late["deadline"] == "2024-03-06"
    assert late["unit"] == "calendar_days"
    assert by_event["RNONE"].data["decided"] is False
    assert r.data["requests_not_yet_due"] == 1


def test_transfer_deadline_exactly_on_as_of_is_in_the_population(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Raasepori", P2024, "2024-07-05")
    b.client("T-1")
    b.event("T-1", "2024-06-05", "transfer_request", language="", detail="language")  # 30 days end on 5.7.
    assert outcome(audit(b, "LANG-TRANSFER")) == ("fail", 1, 1)


def test_transfer_ended_with_the_experiment(tmp_path: Path) -> None:
    b = bundle(tmp_path, "Tampere", P2025, "2025-08-15")
    b.client("T-1")
    b.event("T-1", "2025-02-05", "transfer_request", language="", detail="language")
    text = reason(audit(b, "LANG-TRANSFER"))
    assert "31.12.2024" in text and "1269/2020 5 § 3 mom" in text


# -- classify_complaint --------------------------------------------------------------------------------------------


def _topics(text: str) -> dict[str, tuple[str, ...]]:
    from avi_valvonta.api import ComplaintView

    topics = load_plugins().manager.hook.classify_complaint(complaint=ComplaintView(text))
    found = [t for group in topics for t in group if t.plugin == "language_rights"]
    assert all(t.area == "language_rights" and t.reason.fi and t.reason.sv for t in found)
    return {t.reason.fi.split(" (")[0]: t.words for t in found}


def test_classify_complaint_names_the_words_that_triggered_it() -> None:
    got = _topics("Jag fick beslutet bara på finska fast mitt ärendespråk är svenska, och ingen tolk kom.")
    assert got["suomen tai ruotsin kieli asiakkaan asiassa"] == ("finska", "ärendespråk", "svenska")
    assert got["tulkkaus"] == ("tolk",)
    got = _topics("Sain päätöksen vain suomeksi, vaikka asiointikieleni on pohjoissaame. Tulkkia ei ollut.")
    assert set(got) == {"suomen tai ruotsin kieli asiakkaan asiassa", "saamen kieli", "tulkkaus"}
    assert got["saamen kieli"] == ("pohjoissaame",) and got["tulkkaus"] == ("tulkkia",)


def test_classify_complaint_does_not_take_negative_decisions_or_interpretations_for_language() -> None:
    assert _topics("Sain kielteisen päätöksen ja lain tulkinta oli mielestäni väärä. Kielto oli kohtuuton.") == {}
