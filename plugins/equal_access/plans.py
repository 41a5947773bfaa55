"""EQ-PLAN-MISSING and EQ-PLAN-DEBT: was a plan made at the first interview, and is it still up to date?

EQ-PLAN-MISSING: a plan at the latest at the first interview (916/2012 2 luku 6 §; as amended by 1379/2021;
380/2023 33 §); a valid integration or activation plan made in the 12 months before substitutes (the rule set's
``plan`` rule says which and how far back). EQ-PLAN-DEBT is the seeds' "suunnitelmavelka": on as_of, clients with no
plan or a plan older than 3 months, reported as a rate with a 95 % Wilson interval beside the seeds' reference values.
"""

from __future__ import annotations

import datetime as dt

from valvonta_equal_access.common import (
    GroupCounts,
    InterviewCase,
    first_interview,
    interview_case,
    label,
    narrowed_basis,
    pct,
    wilson_interval,
)

from avi_valvonta.api import (
    PLAN_TYPES,
    AuditContext,
    CheckMeta,
    ClientHistory,
    Event,
    Evidence,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    add_months,
    days_text,
    fdate,
)

PLAN_MISSING = CheckMeta(
    id="EQ-PLAN-MISSING",
    area="equal_access",
    title=Text(
        "Suunnitelmaa ei laadittu viimeistään ensimmäisessä haastattelussa",
        "Planen gjordes inte senast vid den första intervjun",
    ),
    legal_basis=("916/2012 2 luku 6 §", "916/2012 2 luku 6 § (1379/2021)", "380/2023 33 §"),
    severity=Severity.HIGH,
    unit="clients",
    rule_sets=("jtypl-2013", "nordic-2022"),
    description=Text(
        "EQ-INTERVIEW-LATE:n perusjoukon asiakkaat, joilla oli ensimmäinen haastattelu: työllistymis-, kotoutumis- "
        "tai aktivointisuunnitelma työnhaun alusta ensimmäiseen haastatteluun, tai kotoutumis- tai "
        "aktivointisuunnitelma 12 kuukauden sisällä ennen sitä.",
        "Klienterna i EQ-INTERVIEW-LATE:s population som hade en första intervju: en sysselsättnings-, integrations- "
        "eller aktiveringsplan från jobbsökningens början till den första intervjun, eller en integrations- eller "
        "aktiveringsplan under de 12 månaderna före den.",
    ),
)

PLAN_DEBT = CheckMeta(
    id="EQ-PLAN-DEBT",
    area="equal_access",
    title=Text(
        "Suunnitelmavelka: suunnitelma puuttuu tai on yli kolme kuukautta vanha",
        "Planeringsskuld: planen saknas eller är äldre än tre månader",
    ),
    legal_basis=("916/2012 2 luku 6 §", "916/2012 2 luku 6 § (1379/2021)", "380/2023 33 §"),
    severity=Severity.LOW,  # by rate: >= 50 % high, >= 20 % medium, > 0 low
    unit="clients",
    options={"plan_age_months": 3, "high_rate": 0.5, "medium_rate": 0.2},
    description=Text(
        "Kunnan asiakkaat, jotka ovat aktiivisia tilannepäivänä, tila työtön tai työttömyysuhan alainen ja työnhaku "
        "alkanut vähintään kuukautta aiemmin: uusin suunnitelma tai sen tarkistus puuttuu tai on vanhempi kuin "
        "tilannepäivä − 3 kuukautta.",
        "Kommunens klienter som är aktiva på lägesdagen, arbetslösa eller hotade av arbetslöshet och som började "
        "söka jobb minst en månad tidigare: den nyaste planen eller granskningen saknas eller är äldre än lägesdagen "
        "− 3 månader.",
    ),
)

DEBT_TYPES = PLAN_TYPES | {"plan_review"}
DEBT_STATUSES = frozenset({"unemployed", "at_risk"})
# The seeds (Pirkanmaa and TEM material on the experiments): the share of clients without a valid plan when they
# moved to the experiments. 12.5 % best (Seinäjoki-Ilmajoki), about 50 % typical, about 80 % worst (Helsinki).
REFERENCE = {"best": 0.125, "typical": 0.5, "worst": 0.8}


def _plan_at_first_interview(
    history: ClientHistory, first: dt.date, substitutes: frozenset[str], lookback_from: dt.date | None
) -> Event | None:
    start = history.client.job_search_start
    for e in history.events:
        if e.date > first:
            break
        if e.type in PLAN_TYPES and start <= e.date:
            return e
        if lookback_from is not None and e.type in substitutes and lookback_from <= e.date:
            return e
    return None


class PlanMissing(StreamingCheck):
    meta = PLAN_MISSING

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self.tally = Tally(PLAN_MISSING)
        self.bases: dict[str, None] = {}

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        case = interview_case(ctx, c)
        if not isinstance(case, InterviewCase):
            return  # EQ-INTERVIEW-LATE warns about starts no rule set covers
        rs = case.rule_set
        first = first_interview(history, rs, ctx.as_of)
        if first is None:
            return
        self.tally.checked()
        self.tally.used_rule_set(rs.id)
        for b in rs.basis:
            self.bases[b] = None
        rule = rs.rule("plan")
        substitutes = frozenset(rule.get("substitutes", ()))
        months = rule.get("substitute_lookback_months")
        lookback_from = add_months(first.date, -int(months)) if substitutes and months else None
        if _plan_at_first_interview(history, first.date, substitutes, lookback_from) is not None:
            return
        later = next(
            (e for e in history.events if e.type in PLAN_TYPES and e.date > first.date and e.date <= ctx.as_of),
            None,
        )
        data: dict[str, object] = {
            "first_interview": first.date.isoformat(),
            "first_interview_type": first.type,
            "rule_set": rs.id,
        }
        kind = label(first.type)
        if later is None:
            detail = Text(
                f"ei suunnitelmaa: ensimmäinen haastattelu {fdate(first.date)} ({kind.fi}), ei suunnitelmaa "
                f"{fdate(ctx.as_of)} mennessä ({rs.id})",
                f"ingen plan: första intervjun {fdate(first.date)} ({kind.sv}), ingen plan före "
                f"{fdate(ctx.as_of)} ({rs.id})",
            )
            data["kind"] = "missing"
            ev = Evidence(detail, client_id=c.client_id, event_id=first.event_id, line=first.line, data=data)
        else:
            days = (later.date - first.date).days
            plan = label(later.type)
            detail = Text(
                f"myöhässä {days_text(days).fi}: {plan.fi} {fdate(later.date)}, ensimmäinen haastattelu "
                f"{fdate(first.date)} ({kind.fi}, {rs.id})",
                f"försenad {days_text(days).sv}: {plan.sv} {fdate(later.date)}, första intervjun "
                f"{fdate(first.date)} ({kind.sv}, {rs.id})",
            )
            data.update(kind="late", days=days, unit="calendar_days", plan=later.date.isoformat())
            ev = Evidence(detail, client_id=c.client_id, event_id=later.event_id, line=later.line, data=data)
        self.tally.fail(c.client_id, ev)

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = narrowed_basis(PLAN_MISSING, self.bases)
        return result


class PlanDebt(StreamingCheck):
    meta = PLAN_DEBT

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self.tally = Tally(PLAN_DEBT)
        self.groups = GroupCounts()  # for EQ-DISPARITY
        months = int(ctx.option(PLAN_DEBT, "plan_age_months"))
        self.months = months
        self.cutoff = add_months(ctx.as_of, -months)  # a plan dated before this is "older than 3 months"
        self.started_by = add_months(ctx.as_of, -1)  # job search started at least 1 month before as_of

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        if not c.is_municipality_client or c.status not in DEBT_STATUSES:
            return
        if not c.is_active_on(ctx.as_of) or c.job_search_start > self.started_by:
            return
        self.tally.checked()
        newest = None
        for e in history.events:
            if e.date > ctx.as_of:
                break
            if e.type in DEBT_TYPES:
                newest = e
        in_debt = newest is None or newest.date < self.cutoff
        self.groups.add(c, in_debt)
        if not in_debt:
            return
        if newest is None:
            detail = Text(
                f"ei suunnitelmaa lainkaan {fdate(ctx.as_of)}",
                f"ingen plan alls {fdate(ctx.as_of)}",
            )
            ev = Evidence(detail, client_id=c.client_id, line=c.line, data={"kind": "no_plan"})
        else:
            days = (self.cutoff - newest.date).days
            plan = label(newest.type)
            detail = Text(
                f"uusin suunnitelma ({plan.fi}) {fdate(newest.date)} on vanhempi kuin {self.months} kk "
                f"(raja {fdate(self.cutoff)}, {days} päivää)",
                f"den nyaste planen ({plan.sv}) {fdate(newest.date)} är äldre än {self.months} mån "
                f"(gräns {fdate(self.cutoff)}, {days} dagar)",
            )
            data = {
                "kind": "outdated",
                "plan": newest.date.isoformat(),
                "plan_type": newest.type,
                "cutoff": self.cutoff.isoformat(),
                "days": days,
                "unit": "calendar_days",
            }
            ev = Evidence(detail, client_id=c.client_id, event_id=newest.event_id, line=newest.line, data=data)
        self.tally.fail(c.client_id, ev)

    def finish(self) -> Result:
        t = self.tally
        n, k = t.population, t.affected
        internal = {"groups": self.groups}
        if n == 0:
            return t.result(internal=internal)
        rate = k / n
        low, high = wilson_interval(k, n)
        data = {
            "rate": rate,
            "wilson_95": [low, high],
            "reference": dict(REFERENCE),
            "cutoff": self.cutoff.isoformat(),
        }
        ref = REFERENCE
        message = Text(
            f"{k}/{n} asiakkaalla suunnitelmavelkaa: {pct(rate)} (95 %:n luottamusväli {pct(low)}–{pct(high)}, "
            f"Wilson). Vertailuarvot kokeilujen alusta: paras {pct(ref['best'])}, tyypillinen noin "
            f"{pct(ref['typical'], 0)}, heikoin noin {pct(ref['worst'], 0)}.",
            f"{k}/{n} klienter har planeringsskuld: {pct(rate)} (95 % konfidensintervall {pct(low)}–{pct(high)}, "
            f"Wilson). Jämförelsevärden från försökens början: bäst {pct(ref['best'])}, typiskt cirka "
            f"{pct(ref['typical'], 0)}, sämst cirka {pct(ref['worst'], 0)}.",
        )
        severity = None
        if k:
            if rate >= float(self.ctx.option(PLAN_DEBT, "high_rate")):
                severity = Severity.HIGH
            elif rate >= float(self.ctx.option(PLAN_DEBT, "medium_rate")):
                severity = Severity.MEDIUM
            else:
                severity = Severity.LOW
        return t.result(message=message, severity=severity, data=data, internal=internal)
