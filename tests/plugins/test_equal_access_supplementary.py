"""EQ-SUPPLEMENTARY-MISSING: 5 (or 4) supplementary discussions in (first interview, + 3 months]."""

from __future__ import annotations

from pathlib import Path

from avi_valvonta.checks import Outcome
from avi_valvonta.testing import BundleBuilder, result_of

SUPP = "EQ-SUPPLEMENTARY-MISSING"


def audit(b: BundleBuilder):  # type: ignore[no-untyped-def]
    return result_of(b.audit(checks=(SUPP,)), SUPP)


def client(b: BundleBuilder, cid: str, dates: list[str], *, first: str = "initial_interview", **values) -> None:  # type: ignore[no-untyped-def]
    b.client(cid, job_search_start="2024-01-08", **values)
    b.event(cid, "2024-01-10", first)
    for d in dates:
        b.event(cid, d, "supplementary_discussion")


FIVE = ["2024-01-24", "2024-02-07", "2024-02-21", "2024-03-06", "2024-03-20"]


def test_five_in_the_window_pass_the_fifth_exactly_on_the_last_day_counts_one_day_later_does_not(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    client(b, "FIVE", FIVE)
    client(b, "ON-LAST-DAY", [*FIVE[:4], "2024-04-10"])  # first interview 10.1. + 3 months = 10.4.
    client(b, "DAY-AFTER", [*FIVE[:4], "2024-04-11"])
    client(b, "SAME-DAY-AS-FIRST", ["2024-01-10", *FIVE[:4]])  # (first, ...]: the first day is outside
    r = audit(b)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 4)
    by_client = {e.client_id: e.data for e in r.evidence}
    assert set(by_client) == {"DAY-AFTER", "SAME-DAY-AS-FIRST"}
    assert by_client["DAY-AFTER"]["held"] == 4 and by_client["DAY-AFTER"]["required"] == 5
    assert by_client["DAY-AFTER"]["window_end"] == "2024-04-10" and by_client["DAY-AFTER"]["rule_set"] == "nordic-2022"


def test_four_are_enough_when_the_first_interview_was_itself_a_supplementary_discussion(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    client(b, "SUPP-FIRST-4", FIVE[:4], first="supplementary_discussion")
    client(b, "SUPP-FIRST-3", FIVE[:3], first="supplementary_discussion")
    r = audit(b)
    assert (r.affected, r.population) == (1, 2)
    assert r.evidence[0].client_id == "SUPP-FIRST-3" and r.evidence[0].data["required"] == 4


def test_laid_off_clients_are_excluded(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    client(b, "LAID-OFF", FIVE[:2], status="laid_off")
    client(b, "UNEMPLOYED", FIVE)
    r = audit(b)
    assert (r.outcome, r.population) == (Outcome.PASS, 1)


def test_population_needs_the_window_end_by_as_of_and_activity_on_it(tmp_path: Path):
    b = BundleBuilder(tmp_path, as_of="2024-04-10")
    client(b, "WINDOW-ENDS-ON-AS-OF", FIVE[:1])  # 10.4. = as_of: in
    b.client("WINDOW-AFTER-AS-OF", job_search_start="2024-01-08")
    b.event("WINDOW-AFTER-AS-OF", "2024-01-11", "initial_interview")  # window ends 11.4. > as_of
    client(b, "ENDED-ON-WINDOW-END", [], job_search_end="2024-04-10", status="employed")  # not active on 10.4.
    client(b, "TE", [], responsible="te_office")
    b.client("NO-INTERVIEW", job_search_start="2024-01-08")
    r = audit(b)
    assert (r.affected, r.population) == (1, 1) and r.evidence[0].client_id == "WINDOW-ENDS-ON-AS-OF"


def test_a_service_over_a_month_started_inside_the_window_takes_the_client_out(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    client(b, "TRAINING", FIVE[:1])
    b.event("TRAINING", "2024-02-01", "service_start", detail="training")
    b.event("TRAINING", "2024-04-30", "service_end", detail="training")
    client(b, "SHORT-SERVICE", FIVE[:1])
    b.event("SHORT-SERVICE", "2024-02-01", "service_start", detail="work_trial")
    b.event("SHORT-SERVICE", "2024-03-01", "service_end", detail="work_trial")  # exactly a month: not over
    client(b, "STARTED-BEFORE", FIVE[:1])
    b.event("STARTED-BEFORE", "2024-01-09", "service_start", detail="training")  # before the window
    r = audit(b)
    assert (r.affected, r.population) == (2, 2)
    assert {e.client_id for e in r.evidence} == {"SHORT-SERVICE", "STARTED-BEFORE"}


def test_job_search_started_before_the_nordic_model_is_outside(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2022-03-01", "2022-08-31"), as_of="2022-10-31")
    b.client("OLD", job_search_start="2022-05-01")  # jtypl-2013
    b.event("OLD", "2022-05-03", "initial_interview")
    b.client("NEW", job_search_start="2022-05-02")  # nordic-2022
    b.event("NEW", "2022-05-03", "initial_interview")
    r = audit(b)
    assert (r.affected, r.population) == (1, 1) and r.evidence[0].client_id == "NEW"


def test_not_applicable_when_the_rule_is_not_in_force_for_the_period(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2021-03-01", "2021-12-31"), as_of="2022-03-31")
    client(b, "J", [])
    r = audit(b)
    assert r.outcome is Outcome.NOT_APPLICABLE and "2.5.2022" in r.reason.fi and "2.5.2022" in r.reason.sv
