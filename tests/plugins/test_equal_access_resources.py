"""EQ-CASELOAD, EQ-SERVICE-POINTS and EQ-APPEAL-INSTRUCTIONS."""

from __future__ import annotations

from pathlib import Path

import pytest

from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.testing import BundleBuilder, result_of

CASELOAD = "EQ-CASELOAD"
POINTS = "EQ-SERVICE-POINTS"
APPEAL = "EQ-APPEAL-INSTRUCTIONS"


def coach_bundle(tmp_path: Path, loads: dict[str, int]) -> BundleBuilder:
    b = BundleBuilder(tmp_path)
    for coach, n in loads.items():
        b.staff(coach, "coach")
        for i in range(n):
            b.client(f"{coach}-{i:03d}", coach_id=coach, job_search_start="2023-05-02")
    return b


def test_caseload_limit_130_is_allowed_131_is_not_and_above_195_is_medium(tmp_path: Path):
    b = coach_bundle(tmp_path, {"AT-LIMIT": 130, "OVER": 131, "WAY-OVER": 196})
    b.staff("ADVISOR", "advisor")
    r = result_of(b.audit(checks=(CASELOAD,)), CASELOAD)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 3)
    assert r.severity is Severity.MEDIUM
    assert {e.staff_id: e.data["active_clients"] for e in r.evidence} == {"OVER": 131, "WAY-OVER": 196}
    r = result_of(coach_bundle(tmp_path / "b", {"OVER": 131, "AT-1.5": 195}).audit(checks=(CASELOAD,)), CASELOAD)
    assert r.severity is Severity.LOW


def test_caseload_counts_active_municipality_clients_only_and_the_limit_is_configurable(tmp_path: Path):
    b = coach_bundle(tmp_path, {"S1": 2})
    b.client("ENDED", coach_id="S1", job_search_start="2023-05-02", job_search_end="2024-08-15", status="employed")
    b.client("TE", coach_id="S1", job_search_start="2023-05-02", responsible="te_office")
    b.client("NOT-YET", coach_id="S1", job_search_start="2024-08-16")
    b.staff("S2", "coach", active_to="2024-04-30")  # a coach with no clients is still a coach
    config = {"checks": {CASELOAD: {"limit": 2}}}
    r = result_of(b.audit(checks=(CASELOAD,), config=config), CASELOAD)
    assert (r.outcome, r.population) == (Outcome.PASS, 2) and r.data["active_clients"] == {"S1": 2, "S2": 0}
    config = {"checks": {CASELOAD: {"limit": 1}}}
    r = result_of(b.audit(checks=(CASELOAD,), config=config), CASELOAD)
    assert (r.outcome, r.affected) == (Outcome.FAIL, 1) and r.severity is Severity.MEDIUM  # 2 > 1.5 x 1


def test_caseload_without_staff_file_is_not_applicable(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    r = result_of(b.audit(checks=(CASELOAD,)), CASELOAD)
    assert r.outcome is Outcome.NOT_APPLICABLE and "staff.csv" in r.reason.fi


@pytest.mark.parametrize(
    ("points", "outcome"),
    [
        ([{"accessible": "true"}, {"accessible": "false"}], Outcome.PASS),
        ([{"accessible": "false"}], Outcome.FAIL),
        ([{"accessible": "true", "municipality": "Kannus"}], Outcome.FAIL),  # none of the audited municipality
        ([{"accessible": ""}, {"accessible": "false"}], Outcome.MANUAL),
    ],
)
def test_service_points(tmp_path: Path, points: list[dict[str, str]], outcome: Outcome):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    for i, values in enumerate(points):
        b.service_point(f"P{i}", **values)
    r = result_of(b.audit(checks=(POINTS,)), POINTS)
    assert r.outcome is outcome and r.population == 1
    if outcome is Outcome.FAIL:
        assert r.affected == 1 and r.evidence[0].file == "service_points.csv"


def test_service_points_without_file_is_not_applicable(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    assert result_of(b.audit(checks=(POINTS,)), POINTS).outcome is Outcome.NOT_APPLICABLE


DECISION_FI = (
    "Kokkolan kaupunki\n"
    "Päätös työkokeilusta\n"
    "Olet hakenut työkokeilua ja työllisyyspalvelut on käsitellyt hakemuksesi huolellisesti.\n"
    "Työkokeilu myönnetään ajalle 1.5.2024-31.7.2024 ja se järjestetään kaupungin varikolla.\n"
    "Työkokeilun aikana sinulle maksetaan kulukorvausta jokaiselta osallistumispäivältä tavalliseen tapaan.\n"
    "Päätös perustuu lakiin ja asiakkaan kanssa laadittuun työllistymissuunnitelmaan.\n"
)
DECISION_SV = (
    "Karleby stad\n"
    "Beslut om arbetsprövning\n"
    "Du har ansökt om arbetsprövning och sysselsättningstjänsterna har behandlat din ansökan noggrant.\n"
    "Arbetsprövningen beviljas för tiden 1.5.2024-31.7.2024 och den ordnas vid stadens depå i centrum.\n"
    "Under arbetsprövningen betalas ersättning för uppehållskostnader för varje dag som du deltar.\n"
    "Beslutet grundar sig på lagen och på den sysselsättningsplan som gjorts upp tillsammans med dig.\n"
)
DECISION_EN = (
    "City of Kokkola\n"
    "Decision on a work trial\n"
    "You applied for a work trial and the employment services have processed your application carefully.\n"
    "The work trial is granted for the period from May to July and it takes place at the city depot.\n"
    "During the work trial you are paid an allowance for expenses for every day of participation as usual.\n"
    "The decision is based on the law and on the employment plan that was drawn up together with you.\n"
)


def test_appeal_instructions(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    docs = {
        "fi_ok.pdf": [DECISION_FI + "Oikaisuvaatimusohje: tähän päätökseen saa hakea oikaisua 30 päivän kuluessa."],
        "fi_appeal_inflected.pdf": [DECISION_FI, "Liitteenä valitusosoituksen mukainen ohje hallinto-oikeuteen."],
        "fi_missing.pdf": [DECISION_FI],
        "sv_ok.pdf": [DECISION_SV + "Anvisning om omprövning: du kan begära omprövning inom 30 dagar."],
        "sv_missing.pdf": [DECISION_SV],
        "scanned.pdf": [None],
        "english.pdf": [DECISION_EN],
    }
    for file, pages in docs.items():
        b.document(file, pages, doc_type="decision", audience="client", client_id="K-1", date="2024-04-17")
    b.document("letter.pdf", [DECISION_FI], doc_type="letter", audience="client", client_id="K-1")
    b.document("public.pdf", [DECISION_FI], doc_type="decision", audience="public")
    r = result_of(b.audit(checks=(APPEAL,)), APPEAL)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 7)
    assert {e.file for e in r.evidence} == {"fi_missing.pdf", "sv_missing.pdf"}
    assert r.evidence[0].client_id == "K-1" and "17.4.2024" in r.evidence[0].detail.fi


def test_appeal_instructions_manual_when_the_text_cannot_be_judged(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    b.document("scanned.pdf", [None], doc_type="decision", audience="client", client_id="K-1")
    b.document("english.pdf", [DECISION_EN], doc_type="decision", audience="client", client_id="K-1")
    b.document("fi_ok.pdf", [DECISION_FI + "Muutoksenhakuohje liitteenä."], doc_type="decision", audience="client")
    r = result_of(b.audit(checks=(APPEAL,)), APPEAL)
    assert (r.outcome, r.affected, r.population) == (Outcome.MANUAL, 2, 3)
    kinds = {e.file: e.data["kind"] for e in r.evidence}
    assert kinds == {"scanned.pdf": "no_text", "english.pdf": "language"}


def test_appeal_instructions_without_documents_is_not_applicable(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    r: Result = result_of(b.audit(checks=(APPEAL,)), APPEAL)
    assert r.outcome is Outcome.NOT_APPLICABLE and "documents.csv" in r.reason.fi
