"""EQ-PLAN-DEBT: plans older than 3 calendar months on as_of, the rate with a Wilson interval, severity by rate."""

from __future__ import annotations

from pathlib import Path

import pytest
from valvonta_equal_access.common import wilson_interval

from avi_valvonta.checks import Outcome, Severity
from avi_valvonta.testing import BundleBuilder, result_of

DEBT = "EQ-PLAN-DEBT"


def audit(b: BundleBuilder, **options):  # type: ignore[no-untyped-def]
    return result_of(b.audit(checks=(DEBT,), **options), DEBT)


def test_three_calendar_months_exactly_is_not_older_one_day_more_is(tmp_path: Path):
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    b.client("EXACT", job_search_start="2023-05-02")
    b.event("EXACT", "2024-05-15", "plan_review")  # as_of - 3 months: not older
    b.client("DAY-OLDER", job_search_start="2023-05-02")
    b.event("DAY-OLDER", "2024-05-14", "employment_plan")
    b.client("NONE", job_search_start="2023-05-02")
    b.event("NONE", "2024-07-01", "jobsearch_interview")  # an interview is not a plan
    r = audit(b)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 3)
    kinds = {e.client_id: e.data["kind"] for e in r.evidence}
    assert kinds == {"DAY-OLDER": "outdated", "NONE": "no_plan"}
    older = next(e for e in r.evidence if e.client_id == "DAY-OLDER")
    assert older.data["cutoff"] == "2024-05-15" and older.data["days"] == 1


def test_month_end_cutoff_is_calendar_month_arithmetic(tmp_path: Path):
    # as_of 31.5.2024 - 3 months = 29.2.2024 (clamped): a plan of 29.2. is not older, 28.2. is.
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-05-31"), as_of="2024-05-31")
    b.client("LEAP", job_search_start="2023-05-02")
    b.event("LEAP", "2024-02-29", "activation_plan")
    b.client("BEFORE-LEAP", job_search_start="2023-05-02")
    b.event("BEFORE-LEAP", "2024-02-28", "integration_plan")
    r = audit(b)
    assert [e.client_id for e in r.evidence] == ["BEFORE-LEAP"] and r.population == 2


def test_population_status_activity_and_one_month_since_start(tmp_path: Path):
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    b.client("LAID-OFF", status="laid_off", job_search_start="2023-05-02")
    b.client("AT-RISK", status="at_risk", job_search_start="2023-05-02")  # in: no plan -> violation
    b.client("ENDED", status="employed", job_search_start="2023-05-02", job_search_end="2024-08-15")
    b.client("TE", responsible="te_office", job_search_start="2023-05-02")
    b.client("MONTH-EXACT", job_search_start="2024-07-15")  # as_of - 1 month: in
    b.client("MONTH-SHORT", job_search_start="2024-07-16")  # started less than a month before as_of: out
    r = audit(b)
    assert (r.affected, r.population) == (2, 2)
    assert {e.client_id for e in r.evidence} == {"AT-RISK", "MONTH-EXACT"}


def test_wilson_interval_against_a_hand_computed_value():
    # 5/10, z = 1.959964: centre 0.5, half = z*sqrt(0.025 + z^2/400)/(1 + z^2/10) = 0.263407
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.236593, abs=1e-6) and high == pytest.approx(0.763407, abs=1e-6)
    # 0/20: low 0, high = z^2/n / (1 + z^2/n) = 0.161125
    assert wilson_interval(0, 20) == pytest.approx((0.0, 0.161125), abs=1e-6)


def _bundle_with_rate(tmp_path: Path, in_debt: int, total: int) -> BundleBuilder:
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    for i in range(total):
        cid = f"C-{i:02d}"
        b.client(cid, job_search_start="2023-05-02")
        if i >= in_debt:
            b.event(cid, "2024-07-01", "plan_review")
    return b


@pytest.mark.parametrize(
    ("in_debt", "severity"),
    [(5, Severity.HIGH), (4, Severity.MEDIUM), (2, Severity.MEDIUM), (1, Severity.LOW)],
)
def test_severity_by_rate(tmp_path: Path, in_debt: int, severity: Severity):
    r = audit(_bundle_with_rate(tmp_path, in_debt, 10))
    assert r.outcome is Outcome.FAIL and r.severity is severity


def test_rate_interval_and_reference_values_are_in_data_and_message(tmp_path: Path):
    r = audit(_bundle_with_rate(tmp_path, 5, 10))
    assert r.data["rate"] == 0.5
    assert r.data["wilson_95"] == pytest.approx([0.236593, 0.763407], abs=1e-6)
    assert r.data["reference"] == {"best": 0.125, "typical": 0.5, "worst": 0.8}
    assert "50,0 %" in r.message.fi and "23,7 %–76,3 %" in r.message.fi and "12,5 %" in r.message.fi
    assert "konfidensintervall 23,7 %–76,3 %" in r.message.sv and "80 %" in r.message.sv


def test_pass_still_reports_the_rate_and_interval(tmp_path: Path):
    r = audit(_bundle_with_rate(tmp_path, 0, 20))
    assert r.outcome is Outcome.PASS and r.data["wilson_95"] == pytest.approx([0.0, 0.161125], abs=1e-6)
    assert "0,0 %" in r.message.fi


def test_plan_age_is_configurable(tmp_path: Path):
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    b.client("TWO-MONTHS-OLD", job_search_start="2023-05-02")
    b.event("TWO-MONTHS-OLD", "2024-06-10", "plan_review")
    assert audit(b).outcome is Outcome.PASS
    r = audit(b, config={"checks": {DEBT: {"plan_age_months": 2}}})
    assert r.outcome is Outcome.FAIL and r.evidence[0].data["cutoff"] == "2024-06-15"
