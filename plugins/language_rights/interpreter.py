"""LANG-INTERPRETER: a client who needs an interpreter, interviewed in a language not his or her own without one.

checks.md: population = municipality clients with needs_interpreter who had an initial_interview,
supplementary_discussion or jobsearch_interview in the period. Such an event fails when it had no interpreter and its
known language is not the client's mother tongue (an empty language is unknown: never a finding; an empty
interpreter means none). Applies everywhere (law data ``interpreter``: HL 434/2003 26 §, the integration acts).
"""

from __future__ import annotations

from valvonta_language_rights.common import lang_name, norm_lang, require_reach

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
    fdate,
)

META = CheckMeta(
    id="LANG-INTERPRETER",
    area="language_rights",
    title=Text(
        "Tulkkia tarvitseva asiakas haastateltiin muulla kuin omalla kielellään ilman tulkkia",
        "En klient i behov av tolk intervjuades på ett annat språk än sitt eget utan tolk",
    ),
    legal_basis=("HL 434/2003 26 §", "kotoutumislaki 1386/2010 / 681/2023"),
    severity=Severity.MEDIUM,
    unit="clients",
    description=Text(
        "Alkuhaastattelu, täydentävä työnhakukeskustelu tai työnhakukeskustelu tulkkia tarvitsevan asiakkaan "
        "kanssa muulla kuin hänen äidinkielellään ilman tulkkia.",
        "Inledande intervju, kompletterande jobbsökningssamtal eller jobbsökningssamtal med en klient i behov av "
        "tolk, på ett annat språk än klientens modersmål och utan tolk.",
    ),
)
PROVISION = "interpreter"
INTERVIEWS = frozenset({"initial_interview", "supplementary_discussion", "jobsearch_interview"})


class Interpreter(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        require_reach(ctx, PROVISION, ctx.period_start, ctx.period_end)
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        if not c.is_municipality_client or not c.needs_interpreter:
            return
        mother_tongue = norm_lang(c.mother_tongue)
        counted = False
        for e in history.events:
            if e.type not in INTERVIEWS or not ctx.in_period(e.date):
                continue
            period = ctx.law.provision_on(PROVISION, e.date, ctx.unit)
            if period is None:
                continue
            counted = True
            for b in period.basis:
                self.bases[b] = None
            language = norm_lang(e.language)
            if e.interpreter or language is None or language == mother_tongue:
                continue
            self.tally.fail(
                c.client_id,
                Evidence(
                    Text(
                        f"{fdate(e.date)} {e.type}: kieli {lang_name(language).fi}, äidinkieli {mother_tongue}, "
                        "ei tulkkia",
                        f"{fdate(e.date)} {e.type}: språk {lang_name(language).sv}, modersmål {mother_tongue}, "
                        "ingen tolk",
                    ),
                    client_id=c.client_id,
                    event_id=e.event_id,
                    line=e.line,
                    data={
                        "date": e.date.isoformat(),
                        "event_type": e.type,
                        "language": language,
                        "mother_tongue": mother_tongue,
                        "interpreter": e.interpreter,
                    },
                ),
            )
        if counted:
            self.tally.checked()

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
