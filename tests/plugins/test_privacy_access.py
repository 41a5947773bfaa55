"""PRIV-ACCESS-* on access logs with planted anomalies (checks.md "privacy").

Period 1.1.-30.6.2024, as_of 15.8.2024. "A day" is the Helsinki calendar day: 2024-06-30T21:30:00Z is 1.7. 00:30 in
Helsinki (outside the period), 2023-12-31T22:30:00Z is 1.1.2024 00:30 (inside); a timestamp without an offset is
Helsinki time.
"""

from __future__ import annotations

import pytest

from avi_valvonta.testing import BundleBuilder, result_of


def audit(b: BundleBuilder, *checks: str, config: dict | None = None):  # type: ignore[no-untyped-def]
    return b.audit(checks=checks or ("PRIV-ACCESS-*",), config=config or {})


def staffed(b: BundleBuilder) -> BundleBuilder:
    b.staff("C1", "coach")
    b.staff("A1", "advisor")
    b.client("K-1", coach_id="C1")
    b.client("K-2")
    return b


# -- Helsinki days and the period --------------------------------------------------------------------------------


def test_utc_timestamps_are_judged_by_their_helsinki_day(builder):
    staffed(builder)
    builder.access("2024-06-30T21:30:00Z", "C1", "K-1")  # 1.7. 00:30 Helsinki: outside
    builder.access("2023-12-31T22:30:00Z", "C1", "K-1")  # 1.1.2024 00:30 Helsinki: inside
    builder.access("2023-12-31T23:30:00", "C1", "K-1")  # no offset = Helsinki: 31.12.2023, outside
    builder.access("2024-06-30T23:59:00+03:00", "C1", "K-1")  # inside
    report = audit(builder)
    for cid in ("PRIV-ACCESS-NO-RELATIONSHIP", "PRIV-ACCESS-INACTIVE"):
        assert result_of(report, cid).population == 2, cid
    assert result_of(report, "PRIV-ACCESS-BULK").population == 1


def test_without_an_access_log_the_access_checks_have_no_data(builder):
    staffed(builder)
    report = audit(builder)
    for cid in ("PRIV-ACCESS-NO-RELATIONSHIP", "PRIV-ACCESS-INACTIVE", "PRIV-ACCESS-BULK"):
        r = result_of(report, cid)
        assert str(r.outcome) == "not_applicable" and "access_log.csv" in r.reason.fi, cid


# -- PRIV-ACCESS-NO-RELATIONSHIP ---------------------------------------------------------------------------------


def test_relationship_is_coach_or_an_event_within_90_days_inclusive(builder):
    staffed(builder)
    builder.event("K-2", "2024-02-13", "initial_interview", staff_id="A1")
    builder.access("2024-05-13T10:00:00", "A1", "K-2")  # exactly 90 days after the event: related
    builder.access("2024-05-14T10:00:00", "A1", "K-2")  # 91 days: not related
    builder.access("2023-11-15T10:00:00", "A1", "K-2")  # outside the period: not counted
    builder.access("2024-01-01T10:00:00", "A1", "K-2")  # 43 days before the event: related
    builder.access("2024-03-01T10:00:00", "C1", "K-1")  # the coach, no event: related
    builder.access("2024-03-01T11:00:00", "A1", "K-1")  # neither: violation
    r = result_of(audit(builder), "PRIV-ACCESS-NO-RELATIONSHIP")
    assert (str(r.outcome), r.affected, r.population, str(r.severity)) == ("fail", 2, 5, "medium")
    by_line = {e.line: e for e in r.evidence}
    assert set(by_line) == {3, 7}
    assert by_line[3].data["days"] == 91 and by_line[3].data["nearest_event"] == "E00001"
    assert by_line[7].data["nearest_event"] is None
    assert (by_line[7].staff_id, by_line[7].client_id) == ("A1", "K-1")


def test_event_after_the_access_counts_and_other_staff_events_do_not(builder):
    staffed(builder)
    builder.event("K-2", "2024-08-30", "contact", staff_id="A1")  # after as_of, still 90 days after 1.6.
    builder.event("K-2", "2024-03-01", "contact", staff_id="C1")  # another staff member
    builder.access("2024-06-01T10:00:00", "A1", "K-2")
    builder.access("2024-03-01T10:00:00", "A1", "K-2")
    r = result_of(audit(builder), "PRIV-ACCESS-NO-RELATIONSHIP")
    assert (r.affected, r.population) == (1, 2)
    assert r.evidence[0].line == 3


def test_unknown_clients_are_skipped_with_a_warning_and_counted_by_the_other_checks(builder):
    staffed(builder)
    builder.access("2024-03-01T10:00:00", "A1", "GHOST-1")
    builder.access("2024-03-02T10:00:00", "A1", "GHOST-2")
    builder.access("2024-03-01T10:00:00", "C1", "K-1")
    report = audit(builder)
    r = result_of(report, "PRIV-ACCESS-NO-RELATIONSHIP")
    assert (str(r.outcome), r.population) == ("pass", 1)
    warning = [w for w in report.warnings if "PRIV-ACCESS-NO-RELATIONSHIP" in w.fi]
    assert len(warning) == 1 and " 2 " in warning[0].fi and " 2 " in warning[0].sv
    assert result_of(report, "PRIV-ACCESS-INACTIVE").population == 3


@pytest.mark.parametrize("count, severity", [(10, "medium"), (11, "high")])
def test_severity_is_high_when_one_staff_member_has_more_than_10(builder, count, severity):
    staffed(builder)
    for i in range(count):
        builder.access(f"2024-03-{i + 1:02d}T10:00:00", "A1", "K-1")
    builder.staff("A2", "advisor")
    builder.access("2024-04-01T10:00:00", "A2", "K-1")
    r = result_of(audit(builder), "PRIV-ACCESS-NO-RELATIONSHIP")
    assert (r.affected, str(r.severity)) == (count + 1, severity)
    assert r.data["per_staff"] == {"A1": count, "A2": 1}


# -- PRIV-ACCESS-INACTIVE ----------------------------------------------------------------------------------------


def test_inactive_staff_planted_cases(builder):
    staffed(builder)
    builder.staff("OLD", "coach", active_from="2019-04-01", active_to="2024-04-30")
    builder.staff("NEW", "coach", active_from="2024-05-01")
    builder.staff("NOACC", "administration", system_access="false")
    builder.staff("EMPTY", "other", system_access="")
    rows = [
        ("2024-04-30T15:40:00", "OLD", True),  # the last active day is inclusive
        ("2024-04-30T20:59:00Z", "OLD", True),  # 23:59 Helsinki on 30.4.
        ("2024-04-30T21:30:00Z", "OLD", False),  # 1.5. 00:30 Helsinki: after active_to
        ("2024-05-06T09:03:00+03:00", "OLD", False),
        ("2024-04-30T12:00:00", "NEW", False),  # before active_from
        ("2024-05-01T00:10:00+03:00", "NEW", True),
        ("2024-03-01T10:00:00", "NOACC", False),  # system_access false
        ("2024-03-01T10:00:00", "EMPTY", False),  # empty system_access means false
        ("2024-03-01T10:00:00", "NOBODY", False),  # not in staff.csv
        ("2024-03-01T10:00:00", "C1", True),
    ]
    for ts, staff, _ok in rows:
        builder.access(ts, staff, "K-1")
    r = result_of(audit(builder), "PRIV-ACCESS-INACTIVE")
    bad = [i + 2 for i, (_, _, ok) in enumerate(rows) if not ok]
    assert (str(r.outcome), r.affected, r.population, str(r.severity)) == ("fail", len(bad), len(rows), "high")
    assert sorted(e.line for e in r.evidence) == bad
    assert r.data["reasons"] == {
        "after_active_to": 2,
        "before_active_from": 1,
        "no_system_access": 2,
        "not_in_staff": 1,
    }


def test_inactive_needs_staff_csv(builder):
    builder.client("K-1")
    builder.access("2024-03-01T10:00:00", "C1", "K-1")
    r = result_of(audit(builder, "PRIV-ACCESS-INACTIVE"), "PRIV-ACCESS-INACTIVE")
    assert str(r.outcome) == "not_applicable" and "staff.csv" in r.reason.fi


# -- PRIV-ACCESS-BULK --------------------------------------------------------------------------------------------


def many_clients(b: BundleBuilder, n: int) -> list[str]:
    ids = [f"K-{i:03d}" for i in range(n)]
    for cid in ids:
        b.client(cid)
    return ids


@pytest.mark.parametrize("n, outcome", [(100, "pass"), (101, "fail")])
def test_bulk_more_than_100_distinct_clients_in_a_helsinki_day(builder, n, outcome):
    builder.staff("B1", "advisor")
    ids = many_clients(builder, 102)
    for i, cid in enumerate(ids[:n]):
        builder.access(f"2024-03-04T{8 + i // 60:02d}:{i % 60:02d}:00+02:00", "B1", cid)
    builder.access("2024-03-04T08:00:00", "B1", ids[0])  # the same client again: still distinct clients only
    # 21:59Z on 4.3. is 5.3. 00:59 in Helsinki (UTC+2): another day, does not add to 4.3.
    builder.access("2024-03-04T22:59:00Z", "B1", ids[101])
    builder.access("2024-03-05T10:00:00", "GUEST", ids[0])  # not in staff.csv: still in the population
    r = result_of(audit(builder, "PRIV-ACCESS-BULK"), "PRIV-ACCESS-BULK")
    assert (str(r.outcome), r.population) == (outcome, 2)
    if outcome == "fail":
        assert (r.affected, str(r.severity)) == (1, "medium")
        ev = r.evidence[0]
        assert (ev.staff_id, ev.data["day"], ev.data["distinct_clients"]) == ("B1", "2024-03-04", 101)


@pytest.mark.parametrize("n, outcome", [(100, "pass"), (101, "fail")])
def test_bulk_more_than_100_exports_in_a_day(builder, n, outcome):
    builder.staff("B1", "advisor")
    builder.client("K-1")
    for i in range(n):
        builder.access(f"2024-03-04T{8 + i // 60:02d}:{i % 60:02d}:00", "B1", "K-1", action="export")
    r = result_of(audit(builder, "PRIV-ACCESS-BULK"), "PRIV-ACCESS-BULK")
    assert (str(r.outcome), r.population) == (outcome, 1)


def test_bulk_threshold_is_configurable(builder):
    builder.staff("B1", "advisor")
    ids = many_clients(builder, 3)
    for cid in ids:
        builder.access("2024-03-04T10:00:00", "B1", cid)
    config = {"checks": {"PRIV-ACCESS-BULK": {"max_clients_per_day": 2}}}
    r = result_of(audit(builder, "PRIV-ACCESS-BULK", config=config), "PRIV-ACCESS-BULK")
    assert (str(r.outcome), r.affected) == ("fail", 1)


# -- PRIV-ACCESS-RIGHTS ------------------------------------------------------------------------------------------


def test_rights_is_manual_for_administration_it_and_other_with_system_access(builder):
    builder.client("K-1")
    builder.staff("S1", "coach")
    builder.staff("S2", "it")
    builder.staff("S3", "administration")
    builder.staff("S4", "other")
    builder.staff("S5", "administration", system_access="false")
    builder.staff("S6", "it", system_access="")
    r = result_of(audit(builder, "PRIV-ACCESS-RIGHTS"), "PRIV-ACCESS-RIGHTS")
    assert (str(r.outcome), r.affected, r.population) == ("manual", 3, 4)
    assert [e.staff_id for e in r.evidence] == ["S2", "S3", "S4"]


def test_rights_never_fails_and_passes_without_such_roles(builder):
    builder.client("K-1")
    builder.staff("S1", "coach")
    r = result_of(audit(builder, "PRIV-ACCESS-RIGHTS"), "PRIV-ACCESS-RIGHTS")
    assert (str(r.outcome), r.population) == ("pass", 1)


def test_same_answers_when_the_period_is_a_small_part_of_a_long_log(builder):
    # Most rows outside the period: the checks read through the day index instead of scanning the table.
    staffed(builder)
    for month in range(1, 13):
        builder.access(f"2023-{month:02d}-10T10:00:00", "A1", "K-2")
    builder.access("2024-03-01T11:00:00", "A1", "K-1")
    builder.access("2024-03-01T12:00:00", "GONE", "K-1")
    report = audit(builder)
    r = result_of(report, "PRIV-ACCESS-NO-RELATIONSHIP")
    assert (r.affected, r.population) == (2, 2)
    r = result_of(report, "PRIV-ACCESS-INACTIVE")
    assert (r.affected, r.population) == (1, 2)
