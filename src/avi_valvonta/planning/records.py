"""Indicators from the tool's own records: audit runs, complaints and decisions in the database.

Everything is read as it stood on the plan's as-of date (a record created later is ignored), so the same database
and the same ``--as-of`` give the same plan. Nothing here reads a complaint's text or complainant.

- ``failed_checks``, ``failed_severe`` (high/critical), ``failed_rate_max`` (the largest affected / population
  among fails with a population of at least 20): the fails of the municipality's latest run (latest as-of date;
  ``runs`` / ``run_results``);
- ``months_since_inspection``: since the latest run's date; never audited: since supervision began (law data);
- ``complaints_12m``, ``open_complaints_12m``, ``substantiated_complaints_12m`` (resolved with guidance, a remark or
  own-initiative supervision): complaints received in the window (``[records] complaints_months``) whose target is
  within the supervisor's competence — given for every municipality once the register holds any complaint;
- ``measures_issued``: issued decisions that are measures of the ladder (law data), in ``measures_months``;
- ``expired_orders``: issued correction orders whose deadline has passed without a follow-up run after it (a run
  whose date, as-of date and period end are all after the deadline, as the proposal ladder requires). These, and
  orders whose deadline falls in the plan year, become the plan's ``follow_up`` inspections.

A run or decision about an area counts for each of its member municipalities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from avi_valvonta.api import RiskHistory
from avi_valvonta.db.complaint_models import Complaint
from avi_valvonta.db.models import Decision, Run, RunResult
from avi_valvonta.i18n import Text, fdate
from avi_valvonta.law import EXPERIMENT_START, add_months, law
from avi_valvonta.planning.indicators import IndicatorValue
from avi_valvonta.planning.weights import RecordSettings
from avi_valvonta.reference import reference

SUBSTANTIATED = ("guidance", "remark", "own_initiative")
RESOLVED = ("resolved", "closed")
SEVERE = ("high", "critical")
HISTORY_RUNS = 3  # stored reports handed to the plugins per municipality
RATE_POPULATION = 20  # failed_rate_max looks at results with at least this population
DAYS_PER_MONTH = 365.25 / 12
MONTHS = "months_since_inspection"


@dataclass(frozen=True)
class FollowUp:
    """An issued correction order that needs a follow-up inspection in the plan year."""

    municipality: str  # a current municipality code
    reference: str  # diary number, or the decision id
    deadline: dt.date
    check_ids: tuple[str, ...]
    expired: bool  # the deadline passed before the as-of date (else: it passes during the plan year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": self.reference,
            "deadline": self.deadline.isoformat(),
            "check_ids": list(self.check_ids),
            "expired": self.expired,
        }


@dataclass
class Records:
    values: list[tuple[str, IndicatorValue]] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    histories: dict[str, RiskHistory] = field(default_factory=dict)


@dataclass(frozen=True)
class _RunRow:
    id: str
    created: dt.date
    code: str
    as_of: dt.date
    period_end: dt.date


def members(code: str) -> tuple[str, ...]:
    """The current municipalities a stored code stands for (a municipality, a former one, or an area)."""
    ref = reference()
    if code in ref.municipalities:
        return (code,)
    if code in ref.former:
        successor = ref.former[code].successor
        return (successor,) if successor else ()
    for area in [*ref.experiment_areas, *ref.employment_areas]:
        if area.code == code:
            return tuple(m if m in ref.municipalities else (ref.former[m].successor or m) for m in area.members)
    return ()


def months_between(start: dt.date, end: dt.date) -> float:
    return round(max(0, (end - start).days) / DAYS_PER_MONTH, 1)


@cache
def supervision_start(code: str, until: dt.date) -> dt.date | None:
    """The first day of a month (from 1.3.2021) on which the supervisor had competence over the municipality."""
    day = EXPERIMENT_START
    while day <= until:
        if law().supervised_on(code, day)[0]:
            return day
        day = add_months(day, 1)
    return None


def _date(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def read_records(db: Any, *, as_of: dt.date, year: int, settings: RecordSettings, codes: Iterable[str]) -> Records:
    """The indicators of every municipality in ``codes`` (current codes) from the database, as of ``as_of``."""
    wanted = set(codes)
    out = Records()
    with Session(db.engine) as session:
        runs = _runs(session, as_of)
        latest: dict[str, list[_RunRow]] = {}
        for run in sorted(runs, key=lambda r: (r.as_of, r.created, r.id), reverse=True):
            for code in members(run.code):
                if code in wanted:
                    latest.setdefault(code, []).append(run)
        _run_indicators(session, latest, as_of, out)
        _inspection_age(wanted, latest, as_of, year, out)
        complaints = _complaints(session, as_of, settings, wanted, out)
        _decisions(session, as_of, year, settings, wanted, runs, out)
        _histories(session, latest, complaints, out)
    return out


def _runs(session: Session, as_of: dt.date) -> list[_RunRow]:
    q = sa_select(col(Run.id), col(Run.created_at), col(Run.municipality_code), col(Run.as_of), col(Run.period_end))
    return [
        _RunRow(rid, _date(created), code, run_as_of, period_end)
        for rid, created, code, run_as_of, period_end in session.execute(q)
        if _date(created) <= as_of and run_as_of <= as_of
    ]


def _run_indicators(session: Session, latest: dict[str, list[_RunRow]], as_of: dt.date, out: Records) -> None:
    newest = {code: runs[0] for code, runs in latest.items()}
    ids = sorted({r.id for r in newest.values()})
    results: dict[str, list[tuple[str, str | None, float | None]]] = {}
    for chunk in range(0, len(ids), 500):
        q = sa_select(
            col(RunResult.run_id),
            col(RunResult.outcome),
            col(RunResult.severity),
            col(RunResult.rate),
            col(RunResult.population),
        ).where(col(RunResult.run_id).in_(ids[chunk : chunk + 500]))
        for run_id, outcome, severity, rate, population in session.execute(q):
            if outcome == "fail":
                # A rate of 1/1 (a municipality-level check) is not a rate: only populations that make one count.
                counted = rate if (population or 0) >= RATE_POPULATION else None
                results.setdefault(run_id, []).append((outcome, severity, counted))
    for code, run in sorted(newest.items()):
        fails = results.get(run.id, [])
        source = Text(f"ajo {run.id} (tilanne {fdate(run.as_of)})", f"körning {run.id} (läge {fdate(run.as_of)})")
        severe = sum(1 for _, severity, _ in fails if severity in SEVERE)
        worst = max((rate or 0.0 for _, _, rate in fails), default=0.0)
        for indicator, value in (
            ("failed_checks", len(fails)),
            ("failed_severe", severe),
            ("failed_rate_max", round(worst, 4)),
        ):
            out.values.append((code, IndicatorValue.own(indicator, float(value), source, run.as_of, "records")))


def _inspection_age(
    wanted: set[str], latest: dict[str, list[_RunRow]], as_of: dt.date, year: int, out: Records
) -> None:
    for code in sorted(wanted):
        if code in latest:
            run = latest[code][0]
            months = months_between(run.created, as_of)
            source = Text(
                f"viimeisin tarkastusajo {run.id} {fdate(run.created)}",
                f"senaste granskningskörning {run.id} {fdate(run.created)}",
            )
            out.values.append((code, IndicatorValue.own(MONTHS, months, source, run.created, "records")))
            continue
        start = supervision_start(code, as_of)
        if start is None:
            start = supervision_start(code, dt.date(year, 12, 31))
            source = (
                Text(
                    f"ei tarkastusajoa; valvonnassa {fdate(start)} alkaen",
                    f"ingen granskningskörning; under tillsyn från {fdate(start)}",
                )
                if start
                else Text("ei tarkastusajoa", "ingen granskningskörning")
            )
            out.values.append((code, IndicatorValue.own(MONTHS, 0.0, source, None, "records")))
            continue
        months = months_between(start, as_of)
        source = Text(
            f"ei tallennettua tarkastusajoa; valvonnassa {fdate(start)} alkaen",
            f"ingen sparad granskningskörning; under tillsyn sedan {fdate(start)}",
        )
        out.values.append((code, IndicatorValue.own(MONTHS, months, source, None, "records")))


def _complaints(
    session: Session, as_of: dt.date, settings: RecordSettings, wanted: set[str], out: Records
) -> dict[str, list[dict[str, Any]]]:
    from avi_valvonta.complaints.rules import complaint_rules
    from avi_valvonta.complaints.workflow import OPEN

    rules = complaint_rules()
    since = add_months(as_of, -settings.complaints_months)
    q = sa_select(
        col(Complaint.dnro),
        col(Complaint.municipality_code),
        col(Complaint.status),
        col(Complaint.measure),
        col(Complaint.received),
        col(Complaint.events_date),
        col(Complaint.target),
        col(Complaint.screening),
    ).where(col(Complaint.received) <= as_of)
    rows = list(session.execute(q))
    if not rows:
        return {}
    counts: dict[str, list[int]] = {code: [0, 0, 0] for code in wanted}
    listed: dict[str, list[dict[str, Any]]] = {}
    for dnro, code, status, measure, received, events_date, target, screening in rows:
        rule = rules.targets.get(target)
        in_competence = rule is None or rule.competence != "outside"
        for m in members(code):
            if m not in wanted:
                continue
            listed.setdefault(m, []).append(
                {
                    "dnro": dnro,
                    "status": status,
                    "measure": measure,
                    "received": received.isoformat(),
                    "events_date": events_date.isoformat(),
                    "target": target,
                    "topics": sorted({t.get("area", "") for t in (screening or {}).get("topics", [])}),
                }
            )
            if not in_competence or received <= since:
                continue
            counts[m][0] += 1
            counts[m][1] += status in OPEN
            counts[m][2] += status in RESOLVED and measure in SUBSTANTIATED
    window = f"{fdate(since + dt.timedelta(days=1))}–{fdate(as_of)}"
    for code, (received_n, open_n, substantiated_n) in sorted(counts.items()):
        for indicator, value in (
            ("complaints_12m", received_n),
            ("open_complaints_12m", open_n),
            ("substantiated_complaints_12m", substantiated_n),
        ):
            source = Text(f"kanteluasiat, saapuneet {window}", f"klagomålsregistret, inkomna {window}")
            out.values.append((code, IndicatorValue.own(indicator, float(value), source, as_of, "records")))
    return listed


def _decisions(
    session: Session,
    as_of: dt.date,
    year: int,
    settings: RecordSettings,
    wanted: set[str],
    runs: list[_RunRow],
    out: Records,
) -> None:
    q = select(Decision).where(Decision.status == "issued").where(Decision.decision_date <= as_of)
    decisions = list(session.exec(q))
    if not decisions:
        return
    measures = set(law().measures)
    since = add_months(as_of, -settings.measures_months)
    issued: dict[str, int] = dict.fromkeys(wanted, 0)
    expired: dict[str, int] = dict.fromkeys(wanted, 0)
    year_end = dt.date(year, 12, 31)
    runs_of: dict[str, list[_RunRow]] = {}
    for run in runs:
        for code in members(run.code):
            runs_of.setdefault(code, []).append(run)
    for d in sorted(decisions, key=lambda d: (d.decision_date, d.number or d.id)):
        for code in members(d.municipality_code):
            if code not in wanted:
                continue
            if d.measure in measures and d.decision_date > since:
                issued[code] += 1
            if d.measure != "correction_order" or d.deadline is None or d.deadline > year_end:
                continue
            deadline = d.deadline
            followed = any(
                r.created > deadline and r.as_of > deadline and r.period_end > deadline for r in runs_of.get(code, [])
            )
            if followed:
                continue
            is_expired = deadline < as_of
            expired[code] += is_expired
            out.follow_ups.append(FollowUp(code, d.number or d.id, deadline, tuple(sorted(d.check_ids)), is_expired))
    window = f"{fdate(since + dt.timedelta(days=1))}–{fdate(as_of)}"
    for code in sorted(wanted):
        source = Text(f"annetut päätökset {window}", f"meddelade beslut {window}")
        out.values.append((code, IndicatorValue.own("measures_issued", float(issued[code]), source, as_of, "records")))
        source = Text(
            f"korjausmääräykset, joiden määräaika päättyi {fdate(as_of)} mennessä ilman jälkitarkastusta",
            f"förelägganden vars tidsfrist gick ut senast {fdate(as_of)} utan uppföljande granskning",
        )
        out.values.append((code, IndicatorValue.own("expired_orders", float(expired[code]), source, as_of, "records")))


def _histories(
    session: Session, latest: dict[str, list[_RunRow]], complaints: dict[str, list[dict[str, Any]]], out: Records
) -> None:
    wanted_ids = sorted({r.id for runs in latest.values() for r in runs[:HISTORY_RUNS]})
    reports: dict[str, dict[str, Any]] = {}
    for chunk in range(0, len(wanted_ids), 200):
        q = select(Run.id, Run.report).where(col(Run.id).in_(wanted_ids[chunk : chunk + 200]))
        for run_id, report in session.exec(q):
            reports[run_id] = dict(report)
    for code in sorted(set(latest) | set(complaints)):
        runs = [reports[r.id] for r in latest.get(code, [])[:HISTORY_RUNS] if r.id in reports]
        out.histories[code] = RiskHistory(code, runs=runs, complaints=complaints.get(code, []))
