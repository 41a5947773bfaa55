"""LANG-SERVICE-LANGUAGE: clients served in a language other than the one they chose, without an interpreter.

checks.md: population = municipality clients with service_language fi or sv who have an event in the period with a
known language, on a date when the client-language rule reaches the municipality (bilingual municipalities up to
31.12.2024, every employment authority from 1.1.2025: 380/2023 19 §; the dates are law data). An empty ``language``
is unknown (never a finding); an empty ``interpreter`` means none was recorded.
"""

from __future__ import annotations

from valvonta_language_rights.common import (
    FI_SV,
    norm_lang,
    provision_reason,
    require_reach,
    wrong_language_evidence,
)

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
)

META = CheckMeta(
    id="LANG-SERVICE-LANGUAGE",
    area="language_rights",
    title=Text(
        "Asiakasta palveltiin muulla kuin hänen valitsemallaan kielellä ilman tulkkausta",
        "Klienten betjänades på ett annat språk än det klienten valt, utan tolkning",
    ),
    legal_basis=(
        "kielilaki 423/2003 10 §",
        "kielilaki 423/2003 12 §",
        "kielilaki 423/2003 18 §",
        "380/2023 19 §",
    ),
    severity=Severity.HIGH,
    unit="clients",
    description=Text(
        "Tapahtuma, jonka kieli poikkeaa asiakkaan asiointikielestä (suomi tai ruotsi) eikä tulkkia ollut.",
        "En händelse vars språk avviker från klientens ärendespråk (finska eller svenska) utan tolk.",
    ),
)
PROVISION = "client_language"


class ServiceLanguage(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        require_reach(ctx, PROVISION, ctx.period_start, ctx.period_end)
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}
        self.outside_rule = 0  # events of the period on dates the rule did not reach the municipality

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        service_language = norm_lang(c.service_language)
        if not c.is_municipality_client or service_language not in FI_SV:
            return
        counted = False
        for e in history.events:
            language = norm_lang(e.language)
            if language is None or not ctx.in_period(e.date):
                continue
            period = ctx.law.provision_on(PROVISION, e.date, ctx.unit)
            if period is None:
                self.outside_rule += 1
                continue
            counted = True
            for b in period.basis:
                self.bases[b] = None
            if language != service_language and not e.interpreter:
                self.tally.fail(
                    c.client_id, wrong_language_evidence(c.client_id, e, language, service_language, period.basis)
                )
        if counted:
            self.tally.checked()

    def finish(self) -> Result:
        data = {"events_outside_rule": self.outside_rule} if self.outside_rule else {}
        result = self.tally.result(data=data)
        if self.tally.population == 0 and self.outside_rule:
            # Every event with a known language fell on a date the rule did not reach the municipality.
            result.reason = provision_reason(self.ctx, PROVISION, self.ctx.period_start, self.ctx.period_end)
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
