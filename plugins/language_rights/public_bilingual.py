"""LANG-PUBLIC-BILINGUAL: information to the public of a bilingual municipality in Finnish and Swedish.

checks.md: population = public documents of type notice, web_page or guide (minutes are exempt: kielilaki 32 §),
dated (else period_start) on a day the rule reaches the municipality (bilingual municipalities, both regimes:
kielilaki 23 §, 32 §; law data ``public_information_bilingual``). A document fails when it is not in both Finnish and
Swedish, itself or together with a ``translation_of`` partner (either direction) in the other language. Languages are
detected from the text; a document without text that no partner makes bilingual is ``manual``.
"""

from __future__ import annotations

import datetime as dt

from valvonta_language_rights.common import (
    FI_SV,
    PUBLIC_INFORMATION_TYPES,
    Partners,
    doc_type_name,
    document_day,
    document_facts,
    names,
    no_text_evidence,
    provision_reason,
    require_reach,
    undecided,
    undecided_evidence,
)

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Evidence,
    NotApplicable,
    Result,
    Severity,
    Tally,
    Text,
    fdate,
    no_data,
)

META = CheckMeta(
    id="LANG-PUBLIC-BILINGUAL",
    area="language_rights",
    title=Text(
        "Yleisölle tarkoitettu tiedote ei ollut sekä suomeksi että ruotsiksi",
        "Information till allmänheten fanns inte på både finska och svenska",
    ),
    legal_basis=("kielilaki 423/2003 32 §", "kielilaki 423/2003 23 §"),
    severity=Severity.MEDIUM,
    unit="documents",
    description=Text(
        "Julkinen ilmoitus, verkkosivu tai opas, joka ei ole kummallakin kielellä itse eikä käännöksensä kanssa "
        "(pöytäkirjat eivät kuulu tähän, kielilaki 32 §).",
        "Ett offentligt meddelande, en webbsida eller en guide som inte finns på båda språken, varken själv eller "
        "med sin översättning (protokoll omfattas inte, språklagen 32 §).",
    ),
)
PROVISION = "public_information_bilingual"
_IN_FI = {"fi": "suomeksi", "sv": "ruotsiksi"}
_IN_SV = {"fi": "på finska", "sv": "på svenska"}


def run(ctx: AuditContext) -> Result:
    require_reach(ctx, PROVISION, ctx.period_start, ctx.period_end)
    if not ctx.has_file("documents.csv"):
        raise no_data("documents.csv")
    documents = ctx.documents()
    partners = Partners(documents)
    tally = Tally(META)
    bases: dict[str, None] = {}
    outside: list[dt.date] = []
    for doc in documents:
        if doc.record.audience != "public" or doc.record.doc_type not in PUBLIC_INFORMATION_TYPES:
            continue
        day = document_day(ctx, doc)
        period = ctx.law.provision_on(PROVISION, day, ctx.unit)
        if period is None:
            outside.append(day)
            continue
        tally.checked()
        for b in period.basis:
            bases[b] = None
        pair = partners.of(doc)
        found: set[str] = set()
        for d in (doc, *pair):
            if d.has_text:
                found |= set(d.language.languages) & set(FI_SV)
        if set(FI_SV) <= found:
            continue
        silent = [d for d in (doc, *pair) if not d.has_text]
        if doc in silent:
            tally.manual(doc.record.file, no_text_evidence(doc))
            continue
        if undecided(doc) and not found:
            tally.manual(doc.record.file, undecided_evidence(doc))
            continue
        facts = {
            "date": day.isoformat(),
            "doc_type": doc.record.doc_type,
            **document_facts(doc),
            "translations": [p.record.file for p in pair],
            "basis": list(period.basis),
        }
        if silent:
            tally.manual(
                doc.record.file,
                Evidence(
                    Text(
                        f"käännöksessä {', '.join(d.record.file for d in silent)} ei ole tekstiä: tarkistettava käsin",
                        f"översättningen {', '.join(d.record.file for d in silent)} har ingen text: ska granskas "
                        "manuellt",
                    ),
                    file=doc.record.file,
                    data=facts,
                ),
            )
            continue
        missing = [lang for lang in FI_SV if lang not in found]
        detected = names(doc.language.languages)
        tally.fail(
            doc.record.file,
            Evidence(
                Text(
                    f"{doc_type_name(doc.record.doc_type).fi} {fdate(day)}: tekstin kielet {detected.fi}; puuttuu "
                    + " ja ".join(_IN_FI[m] for m in missing)
                    + ("" if not pair else " myös käännöksestä"),
                    f"{doc_type_name(doc.record.doc_type).sv} {fdate(day)}: textens språk {detected.sv}; saknas "
                    + " och ".join(_IN_SV[m] for m in missing)
                    + ("" if not pair else " även i översättningen"),
                ),
                file=doc.record.file,
                data={**facts, "missing": missing},
            ),
        )
    if tally.population == 0 and outside:
        raise NotApplicable(provision_reason(ctx, PROVISION, min(outside), max(outside)))
    result = tally.result()
    if bases:
        result.legal_basis = tuple(bases)
    return result
