"""LANG-SAAMI: Saami clients of the Saami homeland served in Saami, and their decisions in Saami.

checks.md: population = municipality clients whose service_language is a Saami language (se, smn, sms …) with an
event in the period or a decision. A client fails with an event in the period held in another known language without
an interpreter, or with a decision that is in Finnish or Swedish and not in Saami (itself or a ``translation_of``
partner; letters are not covered). Applies where the audited municipality is in the Saami homeland (saamen kielilaki
1086/2003; law data ``saami_language``, reference data ``saami_homeland``). The detector knows North Saami; any Saami
text counts as Saami. An empty event language is unknown, never a finding.
"""

from __future__ import annotations

import datetime as dt

from valvonta_language_rights.common import (
    Partners,
    document_day,
    document_facts,
    in_languages,
    is_saami,
    no_text_evidence,
    norm_lang,
    require_reach,
    undecided,
    undecided_evidence,
    wrong_language_evidence,
)

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Document,
    Evidence,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    fdate,
)

META = CheckMeta(
    id="LANG-SAAMI",
    area="language_rights",
    title=Text(
        "Saamenkielistä asiakasta ei palveltu saameksi tai päätös ei ollut saameksi",
        "En samiskspråkig klient betjänades inte på samiska eller beslutet var inte på samiska",
    ),
    legal_basis=(
        "saamen kielilaki 1086/2003 4 §",
        "saamen kielilaki 1086/2003 12 §",
        "saamen kielilaki 1086/2003 13 §",
        "saamen kielilaki 1086/2003 15 §",
    ),
    severity=Severity.HIGH,
    unit="clients",
    description=Text(
        "Saamea asiointikielenään käyttävä asiakas: tapahtuma muulla kielellä ilman tulkkia tai suomen- tai "
        "ruotsinkielinen päätös ilman saamenkielistä versiota.",
        "En klient med samiska som ärendespråk: en händelse på ett annat språk utan tolk eller ett beslut på finska "
        "eller svenska utan samisk version.",
    ),
)
PROVISION = "saami_language"
FI_SV = frozenset({"fi", "sv"})


class Saami(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        require_reach(ctx, PROVISION, ctx.period_start, ctx.period_end)
        self.tally = Tally(META)
        self.decisions: dict[str, list[Document]] = {}
        self.partners: Partners | None = None
        if ctx.has_file("documents.csv"):
            documents = ctx.documents()
            self.partners = Partners(documents)
            for d in documents:
                r = d.record
                if r.audience == "client" and r.doc_type == "decision" and r.client_id:
                    self.decisions.setdefault(r.client_id, []).append(d)
        self.bases: dict[str, None] = {}

    def _applies_on(self, day: dt.date) -> bool:
        period = self.ctx.law.provision_on(PROVISION, day, self.ctx.unit)
        if period is None:
            return False
        for b in period.basis:
            self.bases[b] = None
        return True

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        service_language = norm_lang(c.service_language)
        if not c.is_municipality_client or not is_saami(service_language):
            return
        counted = False
        for e in history.events:
            if not ctx.in_period(e.date) or not self._applies_on(e.date):
                continue
            counted = True
            language = norm_lang(e.language)
            if language is None or language == service_language or e.interpreter:
                continue
            self.tally.fail(c.client_id, wrong_language_evidence(c.client_id, e, language, service_language))
        for doc in self.decisions.get(c.client_id, []):
            day = document_day(ctx, doc)
            if not self._applies_on(day):
                continue
            counted = True
            self._judge_decision(c.client_id, service_language, doc)
        if counted:
            self.tally.checked()

    def _judge_decision(self, client_id: str, service_language: str | None, doc: Document) -> None:
        pair = self.partners.of(doc) if self.partners else []
        if any(d.has_text and d.language.is_in("se") for d in (doc, *pair)):
            return
        if not doc.has_text:
            self.tally.manual(client_id, no_text_evidence(doc, client_id))
            return
        if undecided(doc):
            self.tally.manual(client_id, undecided_evidence(doc, client_id))
            return
        found = doc.language.languages & FI_SV
        if not found:
            return  # neither Finnish nor Swedish: not what this rule forbids
        silent = [d.record.file for d in pair if not d.has_text]
        facts = {
            "service_language": service_language,
            **document_facts(doc),
            "translations": [d.record.file for d in pair],
        }
        if silent:
            self.tally.manual(
                client_id,
                Evidence(
                    Text(
                        f"päätös on {in_languages(found).fi}; käännöksessä {', '.join(silent)} ei ole tekstiä",
                        f"beslutet är {in_languages(found).sv}; översättningen {', '.join(silent)} har ingen text",
                    ),
                    client_id=client_id,
                    file=doc.record.file,
                    data=facts,
                ),
            )
            return
        self.tally.fail(
            client_id,
            Evidence(
                Text(
                    f"päätös {fdate(doc.record.date)} on {in_languages(found).fi}, ei saameksi eikä sillä ole "
                    "saamenkielistä käännöstä",
                    f"beslut {fdate(doc.record.date)} är {in_languages(found).sv}, inte på samiska och har ingen "
                    "samisk översättning",
                ),
                client_id=client_id,
                file=doc.record.file,
                data=facts,
            ),
        )

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
