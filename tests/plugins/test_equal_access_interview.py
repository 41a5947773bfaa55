"""EQ-INTERVIEW-LATE and EQ-PLAN-MISSING: boundaries of the first-interview deadline and the plan made at it."""

from __future__ import annotations

from pathlib import Path

from avi_valvonta.checks import Outcome
from avi_valvonta.testing import BundleBuilder, result_of

LATE = "EQ-INTERVIEW-LATE"
PLAN = "EQ-PLAN-MISSING"


def audit(b: BundleBuilder, *checks: str):  # type: ignore[no-untyped-def]
    return b.audit(checks=checks or (LATE, PLAN))


def evidence(result, client_id):  # type: ignore[no-untyped-def]
    return [e for e in result.evidence if e.client_id == client_id]


def test_exactly_on_the_deadline_is_not_late_and_one_working_day_over_is(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("ON", job_search_start="2024-01-15")  # Mon: 5th working day = Mon 22.1.
    b.event("ON", "2024-01-22", "initial_interview")
    b.client("OVER", job_search_start="2024-01-15")
    b.event("OVER", "2024-01-23", "initial_interview")
    r = result_of(audit(b), LATE)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 1, 2)
    [ev] = evidence(r, "OVER")
    assert ev.data == {
        "kind": "late",
        "days": 1,
        "unit": "working_days",
        "deadline": "2024-01-22",
        "interview": "2024-01-23",
        "rule_set": "nordic-2022",
    }
    assert "myöhässä 1 arkipäivä:" in ev.detail.fi and "försenad 1 vardag:" in ev.detail.sv
    assert r.legal_basis == ("916/2012 2 luku 4 § (1379/2021)",)


def test_deadline_across_easter_skips_good_friday_and_easter_monday(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    # Start Mon 25.3.2024: 26, 27, 28 (3), Good Friday 29.3., weekend, Easter Monday 1.4., 2.4. (4), 3.4. (5).
    b.client("EASTER-ON", job_search_start="2024-03-25")
    b.event("EASTER-ON", "2024-04-03", "initial_interview")
    b.client("EASTER-LATE", job_search_start="2024-03-25")
    b.event("EASTER-LATE", "2024-04-04", "supplementary_discussion")
    r = result_of(audit(b), LATE)
    assert (r.affected, r.population) == (1, 2)
    [ev] = evidence(r, "EASTER-LATE")
    assert ev.data["deadline"] == "2024-04-03" and ev.data["days"] == 1


def test_deadline_across_midsummer_skips_midsummer_eve(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    # Start Mon 17.6.2024: 18, 19, 20 (3), Midsummer Eve Fri 21.6., weekend, 24 (4), 25 (5).
    b.client("MID-ON", job_search_start="2024-06-17")
    b.event("MID-ON", "2024-06-25", "initial_interview")
    b.client("MID-LATE", job_search_start="2024-06-17")
    b.event("MID-LATE", "2024-06-26", "initial_interview")
    r = result_of(audit(b), LATE)
    assert (r.affected, r.population) == (1, 2)
    assert evidence(r, "MID-LATE")[0].data["deadline"] == "2024-06-25"


def test_contact_is_not_an_interview_and_missing_interview_says_missing(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("CONTACT", job_search_start="2024-01-15")
    b.event("CONTACT", "2024-01-17", "contact")
    r = result_of(audit(b, LATE), LATE)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 1, 1)
    assert r.evidence[0].data["kind"] == "missing" and "puuttuu" in r.evidence[0].detail.fi


def test_job_search_that_ended_on_or_before_the_deadline_is_outside(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("ENDED-ON", job_search_start="2024-04-15", job_search_end="2024-04-22", status="employed")
    b.client("ENDED-AFTER", job_search_start="2024-04-15", job_search_end="2024-04-23", status="employed")
    r = result_of(audit(b, LATE), LATE)
    assert (r.affected, r.population) == (1, 1)
    assert r.evidence[0].client_id == "ENDED-AFTER"


def test_population_needs_the_deadline_by_as_of_a_start_in_the_period_and_a_municipality_client(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2024-01-01", "2024-06-30"), as_of="2024-07-03")
    b.client("DEADLINE-AFTER-AS-OF", job_search_start="2024-06-28")  # deadline Fri 5.7. > as_of
    b.client("BEFORE-PERIOD", job_search_start="2023-12-20")
    b.client("TE", job_search_start="2024-02-01", responsible="te_office")
    b.client("IN", job_search_start="2024-06-20")  # deadline 28.6. (Midsummer Eve 21.6. skipped)
    b.event("IN", "2024-06-28", "initial_interview")
    r = result_of(audit(b, LATE), LATE)
    assert (r.outcome, r.affected, r.population) == (Outcome.PASS, 0, 1)


def test_jtypl_2013_fourteen_calendar_days_rolled_across_easter_2021(tmp_path: Path):
    b = BundleBuilder(tmp_path, period=("2021-03-01", "2021-12-31"), as_of="2022-01-31")
    # Start Sat 20.3.2021 + 14 days = Easter Saturday 3.4.2021; Easter Sunday and Monday -> Tue 6.4.2021.
    b.client("J-ON", job_search_start="2021-03-20")
    b.event("J-ON", "2021-04-06", "initial_interview")
    b.client("J-LATE", job_search_start="2021-03-20")
    b.event("J-LATE", "2021-04-08", "initial_interview")
    r = result_of(audit(b, LATE), LATE)
    assert (r.affected, r.population) == (1, 2)
    [ev] = evidence(r, "J-LATE")
    assert ev.data["rule_set"] == "jtypl-2013" and ev.data["unit"] == "calendar_days"
    assert ev.data["deadline"] == "2021-04-06" and ev.data["days"] == 2
    assert "kalenteripäivää" in ev.detail.fi and "kalenderdagar" in ev.detail.sv
    assert r.legal_basis == ("916/2012 2 luku 4 §",) and r.rule_sets == ("jtypl-2013",)


def test_an_audit_period_starting_before_1_3_2021_is_refused_with_exit_2(tmp_path: Path, cli):
    b = BundleBuilder(tmp_path, period=("2021-02-28", "2021-06-30"), as_of="2021-08-15")
    b.client("K-1", job_search_start="2021-03-15")
    path = b.write()
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--no-store", "--check", "EQ-*")
    assert code == 2 and "1.3.2021" in err and not out


def test_plan_at_the_first_interview_on_time_and_one_day_late(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("SAME-DAY", job_search_start="2024-01-15")
    b.event("SAME-DAY", "2024-01-18", "initial_interview")
    b.event("SAME-DAY", "2024-01-18", "employment_plan")
    b.client("NEXT-DAY", job_search_start="2024-01-15")
    b.event("NEXT-DAY", "2024-01-18", "initial_interview")
    b.event("NEXT-DAY", "2024-01-19", "employment_plan")
    b.client("NEVER", job_search_start="2024-01-15")
    b.event("NEVER", "2024-01-18", "initial_interview")
    b.client("NO-INTERVIEW", job_search_start="2024-01-15")  # not in EQ-PLAN-MISSING's population
    r = result_of(audit(b, PLAN), PLAN)
    assert (r.outcome, r.affected, r.population) == (Outcome.FAIL, 2, 3)
    [late] = evidence(r, "NEXT-DAY")
    assert late.data["kind"] == "late" and late.data["days"] == 1 and late.data["rule_set"] == "nordic-2022"
    assert evidence(r, "NEVER")[0].data["kind"] == "missing"


def test_integration_plan_in_the_12_months_before_substitutes_to_the_day(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("EXACT", job_search_start="2024-02-19", mother_tongue="ar")
    b.event("EXACT", "2023-02-21", "integration_plan")  # first interview 21.2.2024 - 12 months
    b.event("EXACT", "2024-02-21", "initial_interview")
    b.client("DAY-EARLIER", job_search_start="2024-02-19", mother_tongue="ar")
    b.event("DAY-EARLIER", "2023-02-20", "activation_plan")
    b.event("DAY-EARLIER", "2024-02-21", "initial_interview")
    b.client("OLD-EMPLOYMENT-PLAN", job_search_start="2024-02-19")
    b.event("OLD-EMPLOYMENT-PLAN", "2023-10-01", "employment_plan")  # only integration/activation substitute
    b.event("OLD-EMPLOYMENT-PLAN", "2024-02-21", "initial_interview")
    r = result_of(audit(b, PLAN), PLAN)
    assert (r.affected, r.population) == (2, 3)
    assert {e.client_id for e in r.evidence} == {"DAY-EARLIER", "OLD-EMPLOYMENT-PLAN"}


def test_plan_at_a_later_initial_interview_is_late_when_a_supplementary_discussion_came_first(tmp_path: Path):
    b = BundleBuilder(tmp_path)
    b.client("SUPP-FIRST", job_search_start="2024-02-12")
    b.event("SUPP-FIRST", "2024-02-14", "supplementary_discussion")
    b.event("SUPP-FIRST", "2024-02-20", "initial_interview")
    b.event("SUPP-FIRST", "2024-02-20", "employment_plan")
    b.client("SUPP-WITH-PLAN", job_search_start="2024-02-12")
    b.event("SUPP-WITH-PLAN", "2024-02-14", "supplementary_discussion")
    b.event("SUPP-WITH-PLAN", "2024-02-14", "employment_plan")
    r = result_of(audit(b, PLAN), PLAN)
    assert (r.affected, r.population) == (1, 2)
    [ev] = r.evidence
    assert ev.client_id == "SUPP-FIRST" and ev.data["first_interview_type"] == "supplementary_discussion"
    assert ev.data["days"] == 6
