"""The measure ladder (checks.md "From findings to a proposed measure"; domain.md measures by regime).

Each rung, and each refusal of the last rung: no order, an order whose deadline has not passed or that no
follow-up after the deadline shows, an order without a deadline, suspension after the experiment (2025), fine
enforcement in the experiment, and an order that did not carry the sanction.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from avi_valvonta.audit.proposal import PriorOrder, propose
from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.errors import UsageError
from avi_valvonta.law import law
from avi_valvonta.testing import BundleBuilder

D = dt.date
LATE = "EQ-INTERVIEW-LATE"
PLAN = "EQ-PLAN-DEBT"
HETU = "PRIV-HETU-PUBLIC"


def fail(check_id: str, severity: str, affected: int, population: int = 100) -> Result:
    return Result(check_id, Outcome.FAIL, population, affected, severity=Severity(severity))


def other(check_id: str, outcome: Outcome, severity: str | None = None) -> Result:
    return Result(check_id, outcome, 100, 50, severity=Severity(severity) if severity else None)


def run(
    results: list[Result],
    run_date: dt.date,
    *,
    orders: tuple[PriorOrder, ...] = (),
    as_of: dt.date | None = None,
    period_end: dt.date | None = None,
    config: dict | None = None,
):
    the_law = law()
    # The audited period's regime: the follow-up looked at the months before as_of.
    regime = the_law.regime_on(period_end or run_date)
    return propose(
        results,
        regime,
        run_date,
        the_law,
        config=config,
        prior_orders=orders,
        as_of=as_of or run_date,
        period_end=period_end or run_date,
    )


def order(checks: set[str], deadline: dt.date | None, sanction: str, ref: str = "LSSAVI/123/2024") -> PriorOrder:
    return PriorOrder(frozenset(checks), deadline, sanction, ref)


# -- rungs 2-5 -------------------------------------------------------------------------------------------------


def test_no_fails_no_measure():
    p = run([other(LATE, Outcome.PASS), other(HETU, Outcome.NOT_APPLICABLE)], D(2024, 9, 1))
    assert (p.measure, p.check_ids, p.deadline) == ("none", [], None)
    assert p.reasons.fi and p.reasons.sv


def test_guidance_for_minor_fails():
    p = run([fail("EQ-CASELOAD", "low", 3, 10), fail(PLAN, "medium", 5)], D(2024, 9, 1))
    assert p.measure == "guidance" and p.check_ids == ["EQ-CASELOAD", PLAN]
    assert "EQ-CASELOAD 3/10" in p.reasons.fi and "EQ-CASELOAD 3/10" in p.reasons.sv


def test_remark_for_a_high_fail_below_the_rate_or_a_medium_fail_at_it():
    p = run([fail(LATE, "high", 9), fail(PLAN, "medium", 10), fail("EQ-CASELOAD", "low", 90)], D(2024, 9, 1))
    assert p.measure == "remark" and p.check_ids == [LATE, PLAN]  # the low fail is not the remark's ground
    assert p.deadline is None


def test_correction_order_for_an_essential_shortcoming_with_a_deadline_rolled_to_a_working_day():
    p = run([fail(LATE, "high", 10), fail(PLAN, "medium", 50), fail("XX-C", "critical", 1, 1000)], D(2024, 6, 1))
    assert p.measure == "correction_order"
    assert p.check_ids == [LATE, "XX-C"]  # high at exactly 10 %, and any critical
    # 1.6.2024 + 3 months = Sunday 1.9.2024 → Monday 2.9.2024
    assert p.deadline == D(2024, 9, 2)
    assert "2.9.2024" in p.reasons.fi and "2.9.2024" in p.reasons.sv


def test_thresholds_are_configuration():
    results = [fail(LATE, "high", 15)]
    assert run(results, D(2024, 6, 3)).measure == "correction_order"
    p = run(results, D(2024, 6, 3), config={"correction_order_rate": 0.2, "deadline_months": 1})
    assert p.measure == "remark"
    p = run(results, D(2024, 6, 3), config={"deadline_months": 1})
    assert p.deadline == D(2024, 7, 3)
    assert run([fail(PLAN, "medium", 5)], D(2024, 6, 3), config={"remark_medium_rate": 0.05}).measure == "remark"


@pytest.mark.parametrize(
    "config, word",
    [
        ({"deadline_months": 0}, "must have a deadline"),
        ({"deadline_months": "3"}, "must have a deadline"),
        ({"correction_order_rate": 1.5}, "rate from 0 to 1"),
        ({"suspension": True}, "unknown setting"),
    ],
)
def test_a_correction_order_without_a_deadline_or_a_bad_threshold_is_refused(config, word):
    with pytest.raises(UsageError, match=word):
        run([fail(LATE, "high", 50)], D(2024, 6, 3), config=config)


def test_muted_manual_and_not_applicable_never_count_and_an_error_makes_it_incomplete():
    results = [
        other(LATE, Outcome.MUTED, "high"),
        other(HETU, Outcome.MANUAL),
        other(PLAN, Outcome.NOT_APPLICABLE),
    ]
    assert run(results, D(2024, 6, 3)).measure == "none"
    p = run([*results, Result("XX-BROKEN", Outcome.ERROR)], D(2024, 6, 3))
    assert p.measure == "none" and p.incomplete and "XX-BROKEN" in p.notes[0].fi and "XX-BROKEN" in p.notes[0].sv


# -- rung 1: suspension (1269/2020) and fine enforcement (380/2023) ---------------------------------------------


def test_suspension_after_a_non_complied_order_in_the_experiment():
    orders = (order({LATE, HETU}, D(2024, 6, 28), "suspension_threat"),)
    results = [fail(LATE, "high", 30), other(HETU, Outcome.PASS), fail(PLAN, "high", 40)]
    p = run(results, D(2024, 11, 4), orders=orders, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "suspension"
    assert p.check_ids == [LATE]  # the order's checks that still fail; PLAN-DEBT was not in the order
    assert p.deadline is None
    assert "LSSAVI/123/2024" in p.reasons.fi and "28.6.2024" in p.reasons.fi and "1269/2020 22 § 3 mom" in p.reasons.fi
    assert "LSSAVI/123/2024" in p.reasons.sv and "inte följts" in p.reasons.sv


def test_fine_enforcement_from_2025_after_an_order_with_a_conditional_fine():
    orders = (order({LATE}, D(2025, 3, 31), "conditional_fine", "LVV/9/2025"),)
    p = run([fail(LATE, "high", 2)], D(2025, 9, 1), orders=orders, as_of=D(2025, 8, 15), period_end=D(2025, 6, 30))
    assert p.measure == "fine_enforcement" and p.check_ids == [LATE]
    assert "uhkasakko" in p.reasons.fi and "vite" in p.reasons.sv and "1113/1990" in p.reasons.fi


def test_refused_suspension_without_an_order():
    results = [fail(LATE, "high", 30)]
    p = run(results, D(2024, 11, 4), as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"
    other_order = (order({HETU}, D(2024, 6, 28), "suspension_threat"),)  # an order on other checks
    p = run(results, D(2024, 11, 4), orders=other_order, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"
    assert any("eivät enää näy" in n.fi for n in p.notes)


def test_refused_suspension_before_the_deadline_or_without_a_follow_up_after_it():
    results = [fail(LATE, "high", 30)]
    pending = (order({LATE}, D(2024, 12, 31), "suspension_threat"),)
    p = run(results, D(2024, 11, 4), orders=pending, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"
    # The deadline passed before today, but the bundle describes the time before it: no follow-up after the deadline.
    passed = (order({LATE}, D(2024, 8, 30), "suspension_threat"),)
    p = run(results, D(2024, 11, 4), orders=passed, as_of=D(2024, 8, 15), period_end=D(2024, 6, 30))
    assert p.measure == "correction_order"
    # as_of is after the deadline, but the audited period ended before it: still no follow-up of the order.
    ended = (order({LATE}, D(2024, 7, 31), "suspension_threat"),)
    p = run(results, D(2024, 11, 4), orders=ended, as_of=D(2024, 8, 15), period_end=D(2024, 6, 30))
    assert p.measure == "correction_order"
    assert any("jälkitarkastuksesta" in n.fi and "uppföljande granskning" in n.sv for n in p.notes)


def test_refused_when_the_order_has_no_deadline():
    orders = (order({LATE}, None, "suspension_threat"),)
    p = run([fail(LATE, "high", 30)], D(2024, 11, 4), orders=orders, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"
    assert any("ei ole määräaikaa" in n.fi and "ingen tidsfrist" in n.sv for n in p.notes)


def test_refused_suspension_in_2025():
    """The order was issued in the experiment under threat of suspension; the follow-up is under 380/2023."""
    orders = (order({LATE}, D(2024, 11, 29), "suspension_threat"),)
    p = run([fail(LATE, "high", 30)], D(2025, 4, 22), orders=orders, as_of=D(2025, 4, 15), period_end=D(2025, 3, 31))
    assert p.measure == "correction_order"  # a new order, under 380/2023, with a conditional fine
    assert p.measure not in ("suspension", "fine_enforcement")
    note = next(n for n in p.notes if "LSSAVI/123/2024" in n.fi)
    assert "uhkasakko" in note.fi and "keskeyttämisen uhka" in note.fi and "vite" in note.sv


def test_refused_suspension_decided_in_2025_about_an_experiment_period():
    """The law in force on the decision date decides: the experiment period does not keep suspension alive."""
    orders = (order({LATE}, D(2024, 9, 30), "suspension_threat"),)
    the_law = law()
    p = propose(
        [fail(LATE, "high", 30)],
        the_law.regime_on(D(2024, 12, 31)),
        D(2025, 2, 3),
        the_law,
        prior_orders=orders,
        as_of=D(2025, 1, 15),
        period_end=D(2024, 12, 31),
    )
    assert p.measure == "correction_order"
    assert any("380/2023" in n.fi for n in p.notes)


def test_refused_fine_enforcement_in_the_experiment():
    orders = (order({LATE}, D(2024, 6, 28), "conditional_fine"),)
    p = run([fail(LATE, "high", 30)], D(2024, 11, 4), orders=orders, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"


def test_an_order_without_the_sanction_cannot_be_enforced():
    orders = (order({LATE}, D(2024, 6, 28), "none"),)
    p = run([fail(LATE, "high", 30)], D(2024, 11, 4), orders=orders, as_of=D(2024, 10, 15), period_end=D(2024, 9, 30))
    assert p.measure == "correction_order"
    assert any("ei tehostetta" in n.fi for n in p.notes)


def test_a_waived_finding_does_not_keep_an_order_open():
    orders = (order({LATE}, D(2024, 6, 28), "suspension_threat"),)
    p = run(
        [other(LATE, Outcome.MUTED, "high")],
        D(2024, 11, 4),
        orders=orders,
        as_of=D(2024, 10, 15),
        period_end=D(2024, 9, 30),
    )
    assert p.measure == "none"


# -- end to end: an issued order in the decisions table opens the last rung --------------------------------------


def _issue_order(deadline: dt.date | None, sanction: str | None, checks: list[str], number: str = "LVV/1/2025") -> None:
    from avi_valvonta.db import open_database
    from avi_valvonta.db.models import Decision

    db = open_database()
    with db.session() as s:
        s.add(
            Decision(
                id=f"d-{number.replace('/', '-')}",
                status="issued",
                number=number,
                measure="correction_order",
                municipality_code="272",
                decision_date=D(2025, 1, 15),
                deadline=deadline,
                check_ids=checks,
                sanction=sanction,
                lang="fi",
                authority="lssavi",
                appealable=True,
                created_at=dt.datetime(2025, 1, 15, 9, tzinfo=dt.UTC),
                issued_at=dt.datetime(2025, 1, 15, 9, tzinfo=dt.UTC),
            )
        )
        s.commit()


def _follow_up_2025(tmp_path: Path) -> Path:
    b = BundleBuilder(tmp_path, period=("2025-04-01", "2025-06-30"), as_of="2025-08-15")
    b.client("K-1", job_search_start="2025-04-14")  # no interview at all: late
    b.client("K-2", job_search_start="2025-04-14")
    b.event("K-2", "2025-04-16", "initial_interview")
    return b.write()


def test_an_issued_order_in_the_database_leads_to_fine_enforcement(tmp_path: Path, cli):
    _issue_order(D(2025, 3, 31), "conditional_fine", [LATE])
    code, out, err = cli("audit", "Kokkola", "--case", str(_follow_up_2025(tmp_path)), "--format", "json")
    assert code == 0, err
    p = json.loads(out)["proposal"]
    assert p["measure"] == "fine_enforcement" and p["check_ids"] == [LATE] and "LVV/1/2025" in p["reasons"]["fi"]


def test_an_issued_order_without_a_deadline_opens_nothing(tmp_path: Path, cli):
    _issue_order(None, "conditional_fine", [LATE])
    code, out, err = cli("audit", "Kokkola", "--case", str(_follow_up_2025(tmp_path)), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["proposal"]["measure"] == "correction_order"
