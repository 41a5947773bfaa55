"""EQ-SUPPLEMENTARY-MISSING: the supplementary job-search discussions after the initial interview (nordic model).

``nordic-2022`` (916/2012 2 luku 4-5 § as amended by 1379/2021; 380/2023 32 §): 5 supplementary discussions within
3 months of the first interview, 4 when the first interview was itself one; not for laid-off clients. The numbers,
the window and the excluded statuses are the rule set's ``supplementary`` rule (law data).
"""

from __future__ import annotations

from valvonta_equal_access.common import first_interview, label, long_services, narrowed_basis

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Evidence,
    NotApplicable,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    add_months,
    fdate,
)

META = CheckMeta(
    id="EQ-SUPPLEMENTARY-MISSING",
    area="equal_access",
    title=Text(
        "Täydentäviä työnhakukeskusteluja oli liian vähän kolmen kuukauden aikana",
        "För få kompletterande jobbsökningssamtal under de tre månaderna",
    ),
    legal_basis=("916/2012 2 luku 4 § (1379/2021)", "916/2012 2 luku 5 § (1379/2021)", "380/2023 32 §"),
    severity=Severity.MEDIUM,
    unit="clients",
    rule_sets=("nordic-2022",),
    description=Text(
        "Kunnan asiakkaat, joiden työnhaku alkoi tarkastusjaksolla pohjoismaisen mallin aikana, jotka eivät ole "
        "lomautettuja ja olivat aktiivisia ensimmäinen haastattelu + 3 kk: täydentäviä keskusteluja alle 5 (tai 4).",
        "Kommunens klienter vars jobbsökning började under granskningsperioden under den nordiska modellen, som inte "
        "är permitterade och var aktiva vid första intervjun + 3 mån: färre än 5 (eller 4) kompletterande samtal.",
    ),
)


class SupplementaryMissing(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        in_force = [
            rif for rif in ctx.law.rule_sets_between(ctx.period_start, ctx.period_end) if rif.rule("supplementary")
        ]
        if not in_force:
            raise NotApplicable(
                Text(
                    "täydentäviä työnhakukeskusteluja ei edellytetty tarkastusjaksolla alkaneilta työnhauilta "
                    "(pohjoismainen malli 2.5.2022 alkaen, 916/2012 1379/2021)",
                    "kompletterande jobbsökningssamtal krävdes inte för jobbsökningar som började under "
                    "granskningsperioden (den nordiska modellen från 2.5.2022, 916/2012 1379/2021)",
                )
            )
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        start = c.job_search_start
        if not c.is_municipality_client or not ctx.in_period(start):
            return
        rs = ctx.rule_set_on(start)
        rule = rs.rule("supplementary") if rs is not None else {}
        if rs is None or not rule:
            return
        if c.status in rule.get("excluded_status", ()):
            return
        first = first_interview(history, rs, ctx.as_of)
        if first is None:
            return
        window_end = add_months(first.date, int(rule.get("within_months", 3)))
        if window_end > ctx.as_of or not c.is_active_on(window_end):
            return
        if any(first.date < s.start <= window_end for s in long_services(history, ctx.as_of)):
            return  # a service over a month started inside the window
        self.tally.checked()
        self.tally.used_rule_set(rs.id)
        for b in rs.basis:
            self.bases[b] = None
        supplementary_first = first.type == "supplementary_discussion"
        required = int(rule["count_after_supplementary_first"] if supplementary_first else rule["count"])
        held = [e for e in history.events if e.type == "supplementary_discussion" and first.date < e.date <= window_end]
        if len(held) >= required:
            return
        kind = label(first.type)
        detail = Text(
            f"{len(held)}/{required} täydentävää keskustelua ajalla {fdate(first.date)}–{fdate(window_end)} "
            f"(ensimmäinen haastattelu: {kind.fi}, {rs.id})",
            f"{len(held)}/{required} kompletterande samtal under tiden {fdate(first.date)}–{fdate(window_end)} "
            f"(första intervjun: {kind.sv}, {rs.id})",
        )
        data = {
            "held": len(held),
            "required": required,
            "first_interview": first.date.isoformat(),
            "window_end": window_end.isoformat(),
            "rule_set": rs.id,
            "event_ids": [e.event_id for e in held],
        }
        self.tally.fail(c.client_id, Evidence(detail, client_id=c.client_id, event_id=first.event_id, data=data))

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = narrowed_basis(META, self.bases)
        return result
