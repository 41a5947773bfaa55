"""EQ-TARGET-GROUP: the experiment's target group served by the municipality, the others by the TE office.

1269/2020 4 §: the experiment municipality serves jobseekers without earnings-related allowance, everyone under 30,
immigrants and foreign-language speakers (from 1.3.2023 also those on temporary protection); 5 § lets a client be
transferred back to the TE office. Experiment only: the law data's ``experiment_target_group`` provision decides
the dates (nothing to check for a period after 2024).
"""

from __future__ import annotations

from valvonta_equal_access.common import BENEFIT_LABELS, UNDER_30, label

from avi_valvonta.api import (
    SAAMI_LANGUAGES,
    AuditContext,
    CheckMeta,
    Client,
    ClientHistory,
    Evidence,
    NotApplicable,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    fdate,
)

META = CheckMeta(
    id="EQ-TARGET-GROUP",
    area="equal_access",
    title=Text(
        "Asiakas palveltiin väärässä organisaatiossa kuntakokeilun kohderyhmään nähden",
        "Klienten betjänades av fel organisation med hänsyn till kommunförsökets målgrupp",
    ),
    legal_basis=("1269/2020 4 §", "1269/2020 5 §"),
    severity=Severity.LOW,
    unit="clients",
    description=Text(
        "Kotikunnan asiakkaat, joiden työnhaku alkoi 1.3.2021–31.12.2024: kohderyhmään kuuluva TE-toimiston asiakas "
        "ilman siirtopyyntöä, tai kunnan asiakas, joka ei kuulu kohderyhmään (tuntematon etuus ei ratkaise).",
        "Klienter i hemkommunen vars jobbsökning började 1.3.2021–31.12.2024: en klient i målgruppen hos arbets- "
        "och näringsbyrån utan begäran om överföring, eller en kommunens klient utanför målgruppen (okänd förmån "
        "avgör inget).",
    ),
)
PROVISION = "experiment_target_group"
TEMPORARY_PROTECTION = "experiment_target_group_temporary_protection"
TARGET_BENEFITS = frozenset({"labour_market_subsidy", "basic_allowance", "none"})
CRITERIA = {
    "benefit": Text("etuus ei ansiopäiväraha", "förmånen är inte inkomstrelaterad dagpenning"),
    "under_30": Text("alle 30-vuotias", "under 30 år"),
    "citizenship": Text("ulkomaan kansalainen", "utländsk medborgare"),
    "mother_tongue": Text("vieraskielinen", "främmandespråkig"),
    "temporary_protection": Text("tilapäinen suojelu", "tillfälligt skydd"),
}


class TargetGroup(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        if not ctx.law.provision_reaches(PROVISION, ctx.period_start, ctx.period_end, ctx.unit):
            raise NotApplicable(
                Text(
                    "kuntakokeilun kohderyhmä koskee vain kokeilua 1.3.2021–31.12.2024 (1269/2020 4 §); "
                    "tarkastusjakso on sen jälkeen",
                    "kommunförsökets målgrupp gäller endast försöket 1.3.2021–31.12.2024 (1269/2020 4 §); "
                    "granskningsperioden ligger efter det",
                )
            )
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}

    def criteria(self, c: Client) -> tuple[list[str], bool]:
        """The target-group criteria the client meets, and whether the answer is decided (benefit known)."""
        ctx, start = self.ctx, c.job_search_start
        met = []
        if c.benefit in TARGET_BENEFITS:
            met.append("benefit")
        if c.age_on(start) < UNDER_30:
            met.append("under_30")
        if c.citizenship and c.citizenship.upper() != "FI":
            met.append("citizenship")
        tongue = (c.mother_tongue or "").lower()
        if tongue and tongue not in ("fi", "sv") and tongue not in SAAMI_LANGUAGES:
            met.append("mother_tongue")
        if c.temporary_protection and ctx.law.provision_on(TEMPORARY_PROTECTION, start, ctx.unit) is not None:
            met.append("temporary_protection")
        return met, c.benefit != "unknown"

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        if not ctx.is_home(c) or c.responsible not in ("municipality", "te_office"):
            return
        period = ctx.law.provision_on(PROVISION, c.job_search_start, ctx.unit)
        if period is None:
            return
        self.tally.checked()
        for b in period.basis:
            self.bases[b] = None
        met, decided = self.criteria(c)
        start = fdate(c.job_search_start)
        if c.responsible == "te_office":
            if not met or any(e.type == "transfer_request" for e in history.events):
                return
            why = Text(", ".join(CRITERIA[m].fi for m in met), ", ".join(CRITERIA[m].sv for m in met))
            detail = Text(
                f"TE-toimiston asiakas kuuluu kohderyhmään ({why.fi}), ei siirtopyyntöä (työnhaku alkoi {start})",
                f"klient hos arbets- och näringsbyrån hör till målgruppen ({why.sv}), ingen begäran om överföring "
                f"(jobbsökningen började {start})",
            )
            data = {"responsible": "te_office", "criteria": met}
        else:
            if met or not decided:
                return
            benefit = label(c.benefit, BENEFIT_LABELS)
            detail = Text(
                f"kunnan asiakas ei kuulu kohderyhmään (etuus: {benefit.fi}, {c.age_on(c.job_search_start)} v, "
                f"{c.citizenship}, äidinkieli {c.mother_tongue}; työnhaku alkoi {start})",
                f"kommunens klient hör inte till målgruppen (förmån: {benefit.sv}, {c.age_on(c.job_search_start)} år, "
                f"{c.citizenship}, modersmål {c.mother_tongue}; jobbsökningen började {start})",
            )
            data = {"responsible": "municipality", "criteria": []}
        self.tally.fail(c.client_id, Evidence(detail, client_id=c.client_id, line=c.line, data=data))

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
