"""EQ-INTERVIEW-LATE: the first interview after the job search started, on time (checks.md).

``jtypl-2013``: within 14 calendar days, rolled to a working day (916/2012 2 luku 4 §); ``nordic-2022``: initial
interview or supplementary job-search discussion by the 5th working day (916/2012 2 luku 4 § as amended by
1379/2021; 380/2023 31 §). The rule set is chosen by the job-search start date.
"""

from __future__ import annotations

from valvonta_equal_access.common import (
    GroupCounts,
    InterviewCase,
    first_interview,
    first_interview_deadline,
    interview_case,
    narrowed_basis,
)

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Evidence,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    days_text,
    fdate,
)

__all__ = ["META", "InterviewLate", "first_interview", "first_interview_deadline"]

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
    description=Text(
        "Kunnan asiakkaat, joiden työnhaku alkoi tarkastusjaksolla ja joiden määräaika on päättynyt: ensimmäinen "
        "haastattelu myöhässä tai puuttuu. Yhteydenotto (contact) ei ole haastattelu.",
        "Kommunens klienter vars jobbsökning började under granskningsperioden och vars tidsfrist har löpt ut: den "
        "första intervjun är försenad eller saknas. En kontakt (contact) är ingen intervju.",
    ),
)


class InterviewLate(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}
        self.groups = GroupCounts()  # violation rates per group, for EQ-DISPARITY
        self._uncovered = 0

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        case = interview_case(ctx, c)
        if case is False:
            self._uncovered += 1
            return
        if not isinstance(case, InterviewCase):
            return
        rs, deadline = case.rule_set, case.deadline
        self.tally.checked()
        self.tally.used_rule_set(rs.id)
        for b in rs.basis:
            self.bases[b] = None
        first = first_interview(history, rs, ctx.as_of)
        late = first is None or first.date > deadline
        self.groups.add(c, late)
        if not late:
            return
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
                unit = "working_days"
            else:
                days = (first.date - deadline).days
                unit = "calendar_days"
            late = days_text(days, unit)
            detail = Text(
                f"myöhässä {late.fi}: haastattelu {fdate(first.date)}, määräaika {fdate(deadline)} ({rs.id})",
                f"försenad {late.sv}: intervju {fdate(first.date)}, tidsfrist {fdate(deadline)} ({rs.id})",
            )
            data = {
                "kind": "late",
                "days": days,
                "unit": unit,
                "deadline": deadline.isoformat(),
                "interview": first.date.isoformat(),
                "rule_set": rs.id,
            }
            ev = Evidence(detail, client_id=c.client_id, event_id=first.event_id, line=first.line, data=data)
        self.tally.fail(c.client_id, ev)

    def finish(self) -> Result:
        if self._uncovered:
            self.ctx.warn(
                Text(
                    f"EQ-INTERVIEW-LATE: {self._uncovered} asiakkaan työnhaun alkupäivää ei kata mikään "
                    "määräaikasääntö; heitä ei arvioitu",
                    f"EQ-INTERVIEW-LATE: {self._uncovered} klienters startdatum för jobbsökningen täcks inte av "
                    "någon tidsfristregel; de bedömdes inte",
                )
            )
        result = self.tally.result(internal={"groups": self.groups})
        if self.bases:
            result.legal_basis = narrowed_basis(META, self.bases)
        return result
