"""EQ-INTERVIEW-LATE: the first interview after the job search started, on time (checks.md).

``jtypl-2013``: within 14 calendar days, rolled to a working day (916/2012 2 luku 4 §); ``nordic-2022``: initial
interview or supplementary job-search discussion by the 5th working day (916/2012 2 luku 4 § as amended by
1379/2021; 380/2023 31 §). The rule set is chosen by the job-search start date.
"""

from __future__ import annotations

import datetime as dt

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Event,
    Evidence,
    RuleSetInForce,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    fdate,
)

META = CheckMeta(
    id="EQ-INTERVIEW-LATE",
    area="equal_access",
    title=Text(
        "Alkuhaastattelu tai täydentävä työnhakukeskustelu ei toteutunut määräajassa",
        "Inledande intervju eller kompletterande jobbsökningssamtal hölls inte inom tidsfristen",
    ),
    legal_basis=("916/2012 2 luku 4 §", "916/2012 2 luku 4 § (1379/2021)", "380/2023 31 §"),
    severity=Severity.HIGH,
    unit="clients",
    rule_sets=("jtypl-2013", "nordic-2022"),
)


def first_interview_deadline(ctx: AuditContext, start: dt.date, rs: RuleSetInForce) -> dt.date | None:
    """The deadline of the first interview under the rule set in force on ``start`` (None: not required)."""
    rule = rs.rule("first_interview")
    if not rule.get("required", True):
        return None
    if rule["unit"] == "working_days":
        return ctx.calendar.add_working_days(start, int(rule["count"]))
    deadline = start + dt.timedelta(days=int(rule["count"]))
    return ctx.calendar.roll_forward(deadline) if rule.get("roll_to_working_day") else deadline


def first_interview(history: ClientHistory, rs: RuleSetInForce, as_of: dt.date) -> Event | None:
    """Earliest initial interview or supplementary discussion on or after the job-search start (by as_of)."""
    types = set(rs.rule("first_interview").get("counts", ("initial_interview", "supplementary_discussion")))
    start = history.client.job_search_start
    for e in history.events:
        if e.type in types and start <= e.date <= as_of:
            return e
    return None


class InterviewLate(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}
        self.outcomes: list[tuple[str, bool]] = []  # (client_id, violated) for EQ-DISPARITY
        self._uncovered = 0

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        start = c.job_search_start
        if not c.is_municipality_client or not ctx.in_period(start):
            return
        rs = ctx.rule_set_on(start)
        if rs is None:
            self._uncovered += 1
            return
        deadline = first_interview_deadline(ctx, start, rs)
        if deadline is None or deadline > ctx.as_of:
            return
        if c.job_search_end is not None and c.job_search_end <= deadline:
            return
        self.tally.checked()
        self.tally.used_rule_set(rs.id)
        for b in rs.basis[:1]:
            self.bases[b] = None
        first = first_interview(history, rs, ctx.as_of)
        if first is not None and first.date <= deadline:
            self.outcomes.append((c.client_id, False))
            return
        self.outcomes.append((c.client_id, True))
        working = rs.rule("first_interview")["unit"] == "working_days"
        if first is None:
            detail = Text(
                f"puuttuu: ei haastattelua {fdate(ctx.as_of)} mennessä (määräaika {fdate(deadline)}, {rs.id})",
                f"saknas: ingen intervju före {fdate(ctx.as_of)} (tidsfrist {fdate(deadline)}, {rs.id})",
            )
            data: dict[str, object] = {"kind": "missing", "deadline": deadline.isoformat(), "rule_set": rs.id}
            ev = Evidence(detail, client_id=c.client_id, line=c.line, data=data)
        else:
            if working:
                days = ctx.calendar.working_days_between(deadline, first.date)
                unit_fi, unit_sv, unit = "arkipäivää", "vardagar", "working_days"
            else:
                days = (first.date - deadline).days
                unit_fi, unit_sv, unit = "kalenteripäivää", "kalenderdagar", "calendar_days"
            detail = Text(
                f"myöhässä {days} {unit_fi}: haastattelu {fdate(first.date)}, määräaika {fdate(deadline)} ({rs.id})",
                f"försenad {days} {unit_sv}: intervju {fdate(first.date)}, tidsfrist {fdate(deadline)} ({rs.id})",
            )
            data = {
                "kind": "late",
                "days": days,
                "unit": unit,
                "deadline": deadline.isoformat(),
                "rule_set": rs.id,
            }
            ev = Evidence(detail, client_id=c.client_id, event_id=first.event_id, line=first.line, data=data)
        self.tally.fail(c.client_id, ev)

    def finish(self):  # type: ignore[no-untyped-def]
        if self._uncovered:
            self.ctx.warn(
                Text(
                    f"EQ-INTERVIEW-LATE: {self._uncovered} asiakkaan työnhaun alkupäivää ei kata mikään "
                    "määräaikasääntö; heitä ei arvioitu",
                    f"EQ-INTERVIEW-LATE: {self._uncovered} klienters startdatum för jobbsökningen täcks inte av "
                    "någon tidsfristregel; de bedömdes inte",
                )
            )
        result = self.tally.result(internal={"outcomes": self.outcomes})
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
