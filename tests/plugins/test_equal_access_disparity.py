"""EQ-DISPARITY: Fisher's exact test with Holm's correction over the comparisons made; never a group under 20."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scipy.stats import fisher_exact
from valvonta_equal_access.common import holm
from valvonta_equal_access.disparity import _differs_by

from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.testing import BundleBuilder, result_of

DISP = "EQ-DISPARITY"


def debt_bundle(tmp_path: Path, groups: dict[str, tuple[int, int]]) -> BundleBuilder:
    """Long-term clients (no EQ-INTERVIEW-LATE population): per gender, (n, clients without a plan)."""
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    for gender, (n, in_debt) in groups.items():
        for i in range(n):
            cid = f"{gender.upper()}-{i:03d}"
            b.client(cid, gender=gender, job_search_start="2023-05-02")
            if i >= in_debt:
                b.event(cid, "2024-07-01", "plan_review")
    return b


def test_holm_by_hand():
    # sorted 0.01, 0.02, 0.04 -> 3*0.01, max(0.03, 2*0.02), max(0.04, 1*0.04)
    assert holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    assert holm([0.228, 1.0]) == pytest.approx([0.456, 1.0])  # the Kokkola pair
    assert holm([0.6, 0.7]) == [1.0, 1.0]  # capped at 1
    assert holm([]) == []


def test_ten_points_is_exactly_ten_points():
    assert _differs_by(3, 10, 2, 10, 10)  # 0.3 - 0.2 is 0.09999999999999998 in floating point
    assert not _differs_by(29, 100, 20, 100, 10)


def test_a_disparity_that_fails_reports_both_rates_both_n_and_the_adjusted_p(tmp_path: Path):
    report = debt_bundle(tmp_path, {"f": (30, 20), "m": (30, 2)}).audit(checks=(DISP,))
    r = result_of(report, DISP)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 1, 1)
    assert r.severity is Severity.HIGH  # 66.7 - 6.7 = 60 points >= 25
    [ev] = r.evidence
    p = fisher_exact([[20, 10], [2, 28]], alternative="two-sided").pvalue
    assert ev.data["check_id"] == "EQ-PLAN-DEBT" and ev.data["groups"] == ["f", "m"]
    assert ev.data["n"] == [30, 30] and ev.data["violations"] == [20, 2]
    assert ev.data["rates"] == [20 / 30, 2 / 30]
    assert ev.data["p_holm"] == pytest.approx(p) and ev.data["p_holm"] < 0.01  # one comparison: Holm = raw
    assert "naiset 66,7 % (20/30)" in ev.detail.fi and "kvinnor 66,7 % (20/30)" in ev.detail.sv
    # the dependencies ran first and are in the report
    assert result_of(report, "EQ-PLAN-DEBT").outcome is Outcome.FAIL
    assert result_of(report, "EQ-INTERVIEW-LATE").outcome is Outcome.NOT_APPLICABLE


def test_medium_severity_under_25_points_and_pass_when_p_is_not_small_enough(tmp_path: Path):
    r = result_of(debt_bundle(tmp_path, {"f": (200, 60), "m": (200, 20)}).audit(checks=(DISP,)), DISP)
    assert r.outcome is Outcome.FAIL and r.severity is Severity.MEDIUM  # 30 % vs 10 %: 20 points
    r = result_of(
        debt_bundle(tmp_path / "small", {"f": (20, 4), "m": (20, 1)}).audit(checks=(DISP,)), DISP
    )  # 15 points but p = 0.34
    assert (r.outcome, r.affected, r.population) == (Outcome.PASS, 0, 1)


def test_a_group_below_20_is_never_compared_nor_reported(tmp_path: Path):
    b = debt_bundle(tmp_path, {"f": (19, 19), "m": (40, 0)})
    report = b.audit(checks=(DISP,), lang="fi")
    r = result_of(report, DISP)
    assert r.outcome is Outcome.NOT_APPLICABLE and "20" in r.reason.fi and "20" in r.reason.sv
    from avi_valvonta.report import render

    doc = json.loads(render(report, "json"))
    disp = json.dumps(next(x for x in doc["results"] if x["check_id"] == DISP), ensure_ascii=False)
    assert "naiset" not in disp and "kvinnor" not in disp and '"comparisons": [' not in disp


def test_only_the_pairs_with_20_on_both_sides_are_compared(tmp_path: Path):
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    for i in range(59):  # 19 women, 40 men; 30 under 30, 29 older
        cid = f"C-{i:03d}"
        b.client(
            cid,
            gender="f" if i < 19 else "m",
            birth_date="2000-01-01" if i % 2 else "1980-01-01",
            job_search_start="2023-05-02",
        )
    r = result_of(b.audit(checks=(DISP,)), DISP)
    assert [c["dimension"] for c in r.data["comparisons"]] == ["age"] and r.population == 1
    assert all(min(c["n"]) >= 20 for c in r.data["comparisons"])
    assert "naiset" not in r.message.fi


def test_holm_runs_over_all_comparisons_made(tmp_path: Path):
    # Gender: 20 % vs 8 % (p ~ 0.02 alone) and age: both groups >= 20; Holm doubles the smaller p.
    b = BundleBuilder(tmp_path, as_of="2024-08-15")
    for i in range(100):
        gender = "f" if i < 50 else "m"
        young = i % 2 == 0
        cid = f"C-{i:03d}"
        b.client(cid, gender=gender, birth_date="2000-01-01" if young else "1980-01-01", job_search_start="2023-05-02")
        in_debt = (gender == "f" and i < 25) or (gender == "m" and i < 54)
        if not in_debt:
            b.event(cid, "2024-07-01", "plan_review")
    r = result_of(b.audit(checks=(DISP,)), DISP)
    comps = {c["dimension"]: c for c in r.data["comparisons"]}
    assert set(comps) == {"age", "gender"} and r.population == 2
    raw = [comps["age"]["p"], comps["gender"]["p"]]
    assert [comps["age"]["p_holm"], comps["gender"]["p_holm"]] == pytest.approx(holm(raw))
    assert comps["gender"]["p_holm"] == pytest.approx(min(1.0, 2 * min(raw)))


def test_kokkola_comparisons_match_the_worked_example():
    from conftest import EXAMPLE

    if not EXAMPLE.is_dir():
        pytest.skip("../shared/examples is not present")
    from avi_valvonta.audit.runner import AuditOptions, run_audit

    report = run_audit("Kokkola", AuditOptions(case_dir=EXAMPLE, store=False, checks=(DISP,)))
    r = result_of(report, DISP)
    comps = {c["dimension"]: c for c in r.data["comparisons"]}
    assert set(comps) == {"age", "gender"} and all(c["check_id"] == "EQ-PLAN-DEBT" for c in comps.values())
    assert comps["age"]["n"] == [23, 34] and comps["age"]["violations"] == [1, 1]
    assert comps["age"]["p_holm"] == pytest.approx(1.0)
    assert comps["gender"]["n"] == [29, 27] and comps["gender"]["violations"] == [0, 2]
    assert comps["gender"]["p"] == pytest.approx(0.228, abs=5e-4)
    assert comps["gender"]["p_holm"] == pytest.approx(0.456, abs=1e-3)


def test_a_waiver_does_not_change_the_rates_but_other_outcomes_give_none():
    from valvonta_equal_access.common import GroupCounts
    from valvonta_equal_access.disparity import _usable

    groups = GroupCounts()
    assert _usable(Result("EQ-PLAN-DEBT", Outcome.FAIL, 1, 1, internal={"groups": groups})) is groups
    muted = Result("EQ-PLAN-DEBT", Outcome.MUTED, 1, 1, internal={"groups": groups}, waiver={"outcome": "fail"})
    assert _usable(muted) is groups
    assert _usable(Result("EQ-PLAN-DEBT", Outcome.NOT_APPLICABLE, internal={"groups": groups})) is None
    assert _usable(Result("EQ-PLAN-DEBT", Outcome.ERROR)) is None
    assert _usable(None) is None


def test_risk_indicators_read_the_latest_stored_rates():
    import valvonta_equal_access as plugin

    from avi_valvonta.api import RiskHistory

    runs = [
        {
            "run_id": "new",
            "period": {"as_of": "2024-08-15"},
            "results": [
                {"check_id": "EQ-PLAN-DEBT", "outcome": "fail", "rate": 0.035},
                {"check_id": "EQ-INTERVIEW-LATE", "outcome": "not_applicable", "rate": None},
            ],
        },
        {
            "run_id": "old",
            "period": {"as_of": "2023-08-15"},
            "results": [
                {"check_id": "EQ-INTERVIEW-LATE", "outcome": "pass", "rate": 0.0},
            ],
        },
    ]
    out = {i.id: i for i in plugin.risk_indicators("272", RiskHistory("272", runs=runs))}
    assert out["eq.plan_debt_rate"].value == 0.035 and "new" in out["eq.plan_debt_rate"].source
    assert out["eq.interview_late_rate"].value == 0.0 and str(out["eq.interview_late_rate"].date) == "2023-08-15"
    assert plugin.risk_indicators("272", RiskHistory("272")) == []
