"""EQ-TARGET-GROUP: the experiment's target group (1269/2020 4 §) served by the right organisation."""

from __future__ import annotations

from pathlib import Path

from avi_valvonta.checks import Outcome
from avi_valvonta.testing import BundleBuilder, result_of

TG = "EQ-TARGET-GROUP"
OUTSIDE = {  # a client who meets no criterion: earnings-related, 44 at start, FI, Finnish
    "benefit": "earnings_related",
    "birth_date": "1979-05-01",
    "citizenship": "FI",
    "mother_tongue": "fi",
    "job_search_start": "2023-10-09",
}


def audit(b: BundleBuilder):  # type: ignore[no-untyped-def]
    return result_of(b.audit(checks=(TG,)), TG)


def failing(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.client_id for e in result.evidence}


def test_te_office_target_group_without_transfer_request_and_municipality_client_outside_fail(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("TE-TARGET", responsible="te_office", benefit="labour_market_subsidy", job_search_start="2023-09-18")
    b.client("TE-TRANSFER", responsible="te_office", benefit="basic_allowance", job_search_start="2023-09-18")
    b.event("TE-TRANSFER", "2024-02-05", "transfer_request", detail="language")
    b.client("TE-REJECTED", responsible="te_office", **{**OUTSIDE, "birth_date": "1998-01-01"})  # 25: target
    b.event("TE-REJECTED", "2024-05-02", "transfer_request", detail="client_request")
    b.event("TE-REJECTED", "2024-05-20", "transfer_decision", detail="rejected")
    b.client("TE-OUTSIDE", responsible="te_office", **OUTSIDE)
    b.client("MUNI-OUTSIDE", responsible="municipality", **OUTSIDE)
    b.client("MUNI-TARGET", responsible="municipality")
    r = audit(b)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 6)
    assert failing(r) == {"TE-TARGET", "MUNI-OUTSIDE"}
    te = next(e for e in r.evidence if e.client_id == "TE-TARGET")
    assert te.data == {"responsible": "te_office", "criteria": ["benefit"]}
    assert r.legal_basis == ("1269/2020 4 §", "1269/2020 5 §")


def test_each_criterion_on_its_own(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("UNDER-30", **{**OUTSIDE, "birth_date": "1993-10-10"})  # 29 on 9.10.2023
    b.client("TURNS-30-ON-START", **{**OUTSIDE, "birth_date": "1993-10-09"})  # 30 on the start day: outside
    b.client("FOREIGN-CITIZEN", **{**OUTSIDE, "citizenship": "SE"})
    b.client("FOREIGN-TONGUE", **{**OUTSIDE, "mother_tongue": "ru"})
    b.client("SAAMI", **{**OUTSIDE, "mother_tongue": "se"})  # Saami is not foreign-language
    b.client("NO-BENEFIT", **{**OUTSIDE, "benefit": "none"})
    b.client("UNKNOWN-BENEFIT", **{**OUTSIDE, "benefit": "unknown"})  # decides nothing: no finding
    r = audit(b)
    assert r.population == 7
    assert failing(r) == {"TURNS-30-ON-START", "SAAMI"}


def test_temporary_protection_counts_only_for_job_searches_from_1_3_2023(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("TP-BEFORE", **{**OUTSIDE, "temporary_protection": "true", "job_search_start": "2023-02-28"})
    b.client("TP-FROM", **{**OUTSIDE, "temporary_protection": "true", "job_search_start": "2023-03-01"})
    r = audit(b)
    assert failing(r) == {"TP-BEFORE"}


def test_population_home_municipality_responsible_and_start_dates(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("KANNUS", home_municipality="Kannus", **OUTSIDE)
    b.client("NO-RESPONSIBLE", responsible="", **OUTSIDE)
    b.client("BEFORE-EXPERIMENT", **{**OUTSIDE, "job_search_start": "2021-02-28"})
    b.client("FIRST-DAY", **{**OUTSIDE, "job_search_start": "2021-03-01"})
    r = audit(b)
    assert (r.affected, r.population) == (1, 1) and failing(r) == {"FIRST-DAY"}


def test_not_applicable_for_a_period_after_the_experiment(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2025-01-01", "2025-06-30"), as_of="2025-08-15")
    b.client("MUNI-OUTSIDE", **OUTSIDE)
    r = audit(b)
    assert r.outcome is Outcome.NOT_APPLICABLE and "31.12.2024" in r.reason.fi and "31.12.2024" in r.reason.sv


def test_a_period_straddling_the_end_of_the_experiment_still_judges_experiment_starts(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-10-01", "2025-03-31"), as_of="2025-04-30")
    b.client("OLD", **OUTSIDE)
    b.client("NEW", **{**OUTSIDE, "job_search_start": "2025-01-02"})
    r = audit(b)
    assert (r.affected, r.population) == (1, 1) and failing(r) == {"OLD"}
