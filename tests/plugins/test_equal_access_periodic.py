"""EQ-PERIODIC-LATE: due dates of the periodic duty in both rule sets, rolling, suspension and the 2025 rule."""

from __future__ import annotations

from pathlib import Path

from avi_valvonta.checks import Outcome
from avi_valvonta.testing import BundleBuilder, result_of

PERIODIC = "EQ-PERIODIC-LATE"


def audit(b: BundleBuilder):  # type: ignore[no-untyped-def]
    return result_of(b.audit(checks=(PERIODIC,)), PERIODIC)


def missed(result, client_id):  # type: ignore[no-untyped-def]
    return [e.data["due"] for e in result.evidence if e.client_id == client_id]


def long_client(b: BundleBuilder, cid: str, first: str, **values) -> None:  # type: ignore[no-untyped-def]
    b.client(cid, job_search_start="2023-06-01", **values)
    b.event(cid, first, "initial_interview")


def test_interview_on_the_due_date_meets_it_one_day_later_misses_it(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    long_client(b, "ON", "2024-01-10")  # due Wed 10.4.
    b.event("ON", "2024-04-10", "jobsearch_interview")
    long_client(b, "LATE", "2024-01-10")
    b.event("LATE", "2024-04-11", "jobsearch_interview")
    r = audit(b)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 1, 2)
    [ev] = r.evidence
    assert ev.client_id == "LATE" and ev.event_id is not None
    assert ev.data["due"] == "2024-04-10" and ev.data["days"] == 1 and ev.data["unit"] == "calendar_days"
    assert ev.data["rule_set"] == "nordic-2022" and ev.data["counted_from"] == "2024-01-10"


def test_due_date_rolled_across_ascension_easter_and_midsummer(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-06-30"), as_of="2024-08-15")
    long_client(b, "ASCENSION", "2024-02-09")  # 9.5. Ascension Day -> Fri 10.5.
    b.event("ASCENSION", "2024-05-10", "jobsearch_interview")
    long_client(b, "EASTER", "2023-12-29")  # 29.3. Good Friday .. 1.4. Easter Monday -> Tue 2.4.
    b.event("EASTER", "2024-04-02", "jobsearch_interview")
    long_client(b, "EASTER-LATE", "2023-12-29")
    b.event("EASTER-LATE", "2024-04-03", "jobsearch_interview")
    long_client(b, "MIDSUMMER", "2024-03-21")  # 21.6. Midsummer Eve -> Mon 24.6.
    b.event("MIDSUMMER", "2024-06-24", "jobsearch_interview")
    r = audit(b)
    assert (r.affected, r.population) == (1, 4)
    assert missed(r, "EASTER-LATE") == ["2024-04-02"]
    assert r.evidence[0].data["due_unrolled"] == "2024-03-29"


def test_an_early_interview_restarts_the_period_and_after_a_miss_the_next_interview_counts(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-12-31"), as_of="2025-01-31")
    long_client(b, "EARLY", "2024-01-10")
    b.event("EARLY", "2024-03-01", "jobsearch_interview")  # due 10.4. met early; next due 3.6. (1.6. is a Saturday)
    b.event("EARLY", "2024-06-04", "jobsearch_interview")  # misses 3.6.; next due 4.9.
    b.event("EARLY", "2024-09-04", "jobsearch_interview")  # meets 4.9.; next due 4.12.
    b.event("EARLY", "2024-12-04", "jobsearch_interview")  # meets 4.12.
    long_client(b, "MISS", "2024-01-10")
    b.event("MISS", "2024-04-24", "jobsearch_interview")  # misses 10.4.; next due 24.7. (not 10.7.)
    b.event("MISS", "2024-07-24", "jobsearch_interview")  # meets 24.7.; next due 24.10.
    b.event("MISS", "2024-10-24", "jobsearch_interview")  # meets 24.10.; next due 24.1.2025, after the period
    r = audit(b)
    assert missed(r, "EARLY") == ["2024-06-03"]
    assert missed(r, "MISS") == ["2024-04-10"]


def test_a_service_over_a_month_spanning_the_due_date_suspends_it(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-12-31"), as_of="2025-01-31")
    long_client(b, "TRAINING", "2024-01-15")  # due 15.4. inside the training 4.3.-31.5.
    b.event("TRAINING", "2024-03-04", "service_start", detail="training")
    b.event("TRAINING", "2024-05-31", "service_end", detail="training")
    # next due: 31.5. + 3 months = Sat 31.8. -> Mon 2.9.; no interview after: missed
    long_client(b, "SHORT", "2024-01-15")  # a service of exactly one month does not suspend
    b.event("SHORT", "2024-04-01", "service_start", detail="coaching")
    b.event("SHORT", "2024-05-01", "service_end", detail="coaching")
    b.event("SHORT", "2024-05-02", "jobsearch_interview")
    b.event("SHORT", "2024-08-01", "jobsearch_interview")
    b.event("SHORT", "2024-11-01", "jobsearch_interview")
    r = audit(b)
    assert missed(r, "TRAINING") == ["2024-09-02"]
    assert missed(r, "SHORT") == ["2024-04-15"]


def test_after_a_suspension_an_interview_that_comes_first_restarts_the_period(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-12-31"), as_of="2025-01-31")
    long_client(b, "K16", "2024-01-15")
    b.event("K16", "2024-03-04", "service_start", detail="training")
    b.event("K16", "2024-05-31", "service_end", detail="training")
    b.event("K16", "2024-06-03", "jobsearch_interview")  # before 31.5. + 3 months: next due 3.9.
    b.event("K16", "2024-09-03", "jobsearch_interview")  # meets 3.9.; next due 3.12.
    b.event("K16", "2024-12-03", "jobsearch_interview")
    r = audit(b)
    assert (r.outcome, r.population) == (Outcome.PASS, 1)


def test_a_suspended_due_date_alone_puts_no_one_in_the_population(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-04-01", "2024-04-30"), as_of="2024-08-15")
    long_client(b, "ONLY-SUSPENDED", "2024-01-15")
    b.event("ONLY-SUSPENDED", "2024-03-04", "service_start", detail="training")  # unpaired: runs to as_of
    r = audit(b)
    assert r.outcome is Outcome.NOT_APPLICABLE


def test_job_search_ended_before_the_due_date_is_not_counted(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    long_client(b, "ENDED", "2024-01-10", job_search_end="2024-04-10", status="employed")  # not active on 10.4.
    long_client(b, "ACTIVE", "2024-01-10", job_search_end="2024-04-11", status="employed")
    long_client(b, "TE", "2024-01-10", responsible="te_office")
    r = audit(b)
    assert (r.affected, r.population) == (1, 1) and missed(r, "ACTIVE") == ["2024-04-10"]


def test_from_2025_a_supplementary_discussion_restarts_the_period_judged_by_its_date(tmp_path: Path):
    b25 = BundleBuilder(tmp_path, period=("2025-01-01", "2025-06-30"), as_of="2025-08-15", name="b25")
    b25.client("S", job_search_start="2024-06-03")
    b25.event("S", "2024-06-05", "initial_interview")
    b25.event("S", "2025-01-10", "jobsearch_interview")
    b25.event("S", "2025-03-03", "supplementary_discussion")  # restarts: due 3.6.2025
    b25.event("S", "2025-05-20", "jobsearch_interview")
    r25 = audit(b25)
    assert (r25.outcome, r25.population) == (Outcome.PASS, 1)
    assert "380/2023 32 §" in r25.legal_basis

    b24 = BundleBuilder(tmp_path, period=("2024-01-01", "2024-06-30"), as_of="2024-08-15", name="b24")
    b24.client("S", job_search_start="2023-06-01")
    b24.event("S", "2023-06-05", "initial_interview")
    b24.event("S", "2024-01-10", "jobsearch_interview")
    b24.event("S", "2024-03-01", "supplementary_discussion")  # 2024: does not restart the period
    b24.event("S", "2024-05-20", "jobsearch_interview")
    r24 = audit(b24)
    assert missed(r24, "S") == ["2024-04-10"]


def test_jtypl_2013_every_three_months_from_the_start_met_only_in_the_month_before(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2021-03-01", "2021-12-31"), as_of="2022-01-31")
    b.client("J", job_search_start="2021-01-15")  # due 15.4., 15.7., 15.10.2021 (15.1.2022 after the period)
    b.event("J", "2021-01-20", "initial_interview")
    b.event("J", "2021-04-01", "jobsearch_interview")  # in (15.3., 15.4.]: meets 15.4.
    b.event("J", "2021-06-14", "jobsearch_interview")  # before (15.6., 15.7.]: 15.7. is missed
    b.event("J", "2021-10-15", "jobsearch_interview")  # meets 15.10.
    b.client("J-ROLL", job_search_start="2021-01-03")  # 3.4.2021 Easter Saturday -> Tue 6.4.2021
    b.event("J-ROLL", "2021-03-06", "jobsearch_interview")  # window (6.3., 6.4.]: 6.3. is outside
    b.event("J-ROLL", "2021-07-02", "jobsearch_interview")  # meets 5.7. (3.7. Sat)
    b.event("J-ROLL", "2021-10-04", "jobsearch_interview")  # meets 4.10. (3.10. Sun)
    r = audit(b)
    assert (r.affected, r.population) == (2, 2)
    assert missed(r, "J") == ["2021-07-15"]
    assert missed(r, "J-ROLL") == ["2021-04-06"]
    assert {e.data["rule_set"] for e in r.evidence} == {"jtypl-2013"} and r.rule_sets == ("jtypl-2013",)
    assert r.legal_basis == ("916/2012 2 luku 4 § 2 mom (1.1.2017-)",)


def test_rule_set_is_chosen_by_the_unrolled_due_date_across_2_5_2022(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2022-03-01", "2022-09-30"), as_of="2022-10-31")
    b.client("X", job_search_start="2022-01-31")  # jtypl due 30.4.2022 (Sat -> Mon 2.5.): jtypl by 30.4.
    b.event("X", "2022-02-02", "initial_interview")  # nordic chain: due 2.5.2022 -> nordic-2022
    b.event("X", "2022-08-10", "jobsearch_interview")
    r = audit(b)
    dues = {(e.data["due"], e.data["rule_set"]) for e in r.evidence}
    # jtypl: 2.5. (from 30.4.) missed; jtypl-era ends there. nordic: 2.5. (from 2.2.) missed, next from 10.8.
    assert dues == {("2022-05-02", "jtypl-2013"), ("2022-05-02", "nordic-2022")}


def test_a_suspended_due_date_is_outside_the_population_even_when_an_interview_met_it(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-04-01", "2024-04-30"), as_of="2024-08-15")
    long_client(b, "MET-IN-SERVICE", "2024-01-15")  # due 15.4. inside the training
    b.event("MET-IN-SERVICE", "2024-03-04", "service_start", detail="training")
    b.event("MET-IN-SERVICE", "2024-05-31", "service_end", detail="training")
    b.event("MET-IN-SERVICE", "2024-04-10", "jobsearch_interview")
    long_client(b, "MET", "2024-01-15")
    b.event("MET", "2024-04-10", "jobsearch_interview")
    r = audit(b)
    assert (r.outcome, r.population) == (Outcome.PASS, 1)
