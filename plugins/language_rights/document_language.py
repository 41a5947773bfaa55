"""LANG-DOCUMENT-LANGUAGE: a client document (decision, letter or plan) that is not in the client's language.

checks.md: population = documents with audience client whose client's service_language is fi or sv, dated (else
period_start) on a day the client-language rule reaches the municipality. The language is detected from the text
(textlang: segments of ≥ 5 words, ≥ 30 words make a language), never taken from metadata. A document passes when it
is in the service language, or a translation partner is (``translation_of``, either direction: "a pair counts as
bilingual", case-bundle.md). A document without extractable text (or whose only partners have none) is ``manual``.
"""

from __future__ import annotations

import datetime as dt

from valvonta_language_rights.common import (
    CLIENT_DOCUMENT_TYPES,
    FI_SV,
    Partners,
    clients_of,
    doc_type_name,
    document_day,
    document_facts,
    lang_name,
    names,
    no_text_evidence,
    provision_reason,
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
    id="LANG-DOCUMENT-LANGUAGE",
    area="language_rights",
    title=Text(
        "Asiakkaalle lähetetty asiakirja ei ollut hänen asiointikielellään",
        "En handling som sänts till klienten var inte på klientens ärendespråk",
    ),
    legal_basis=("kielilaki 423/2003 10 §", "kielilaki 423/2003 19 §", "380/2023 19 §"),
    severity=Severity.HIGH,
    unit="documents",
    description=Text(
        "Päätös, kirje tai suunnitelma, jonka teksti ei ole asiakkaan asiointikielellä (suomi tai ruotsi) eikä "
        "sillä ole käännöstä sillä kielellä.",
        "Ett beslut, brev eller en plan vars text inte är på klientens ärendespråk (finska eller svenska) och "
        "som inte har någon översättning till det språket.",
    ),
)
PROVISION = "client_language"


def run(ctx: AuditContext) -> Result:
    if not ctx.has_file("documents.csv"):
        raise no_data("documents.csv")
    documents = ctx.documents()
    candidates = [d for d in documents if d.record.audience == "client" and d.record.doc_type in CLIENT_DOCUMENT_TYPES]
    clients = clients_of(ctx, (d.record.client_id for d in candidates if d.record.client_id))
    partners = Partners(documents)
    tally = Tally(META)
    bases: dict[str, None] = {}
    outside: list[dt.date] = []
    unknown_client = 0
    for doc in candidates:
        client_id = doc.record.client_id
        if client_id is None or client_id not in clients:
            unknown_client += 1
            continue
        service_language = clients[client_id][0]
        if service_language not in FI_SV:
            continue  # Saami decisions: LANG-SAAMI; other languages: no fi/sv rule
        day = document_day(ctx, doc)
        period = ctx.law.provision_on(PROVISION, day, ctx.unit)
        if period is None:
            outside.append(day)
            continue
        tally.checked()
        for b in period.basis:
            if b in META.legal_basis:
                bases[b] = None
        if doc.has_text and doc.language.is_in(service_language):
            continue
        pair = partners.of(doc)
        if any(p.has_text and p.language.is_in(service_language) for p in pair):
            continue
        if not doc.has_text:
            tally.manual(doc.record.file, no_text_evidence(doc, client_id))
            continue
        if undecided(doc):
            tally.manual(doc.record.file, undecided_evidence(doc, client_id))
            continue
        silent = [p.record.file for p in pair if not p.has_text]
        facts = {
            "client_id": client_id,
            "service_language": service_language,
            "date": day.isoformat(),
            "doc_type": doc.record.doc_type,
            **document_facts(doc),
            "translations": [p.record.file for p in pair],
            "basis": list(period.basis),
        }
        found = names(doc.language.languages)
        if silent:
            tally.manual(
                doc.record.file,
                Evidence(
                    Text(
                        f"asiakirjan kielet: {found.fi}; käännöksessä {', '.join(silent)} ei ole tekstiä: "
                        "tarkistettava käsin",
                        f"handlingens språk: {found.sv}; översättningen {', '.join(silent)} har ingen text: "
                        "ska granskas manuellt",
                    ),
                    client_id=client_id,
                    file=doc.record.file,
                    data=facts,
                ),
            )
            continue
        wanted = lang_name(service_language)
        kind = doc_type_name(doc.record.doc_type)
        tally.fail(
            doc.record.file,
            Evidence(
                Text(
                    f"{kind.fi} {fdate(day)}: tekstin kielet: {found.fi}; asiointikieli {wanted.fi}; "
                    "ei käännöstä asiointikielelle",
                    f"{kind.sv} {fdate(day)}: textens språk: {found.sv}; ärendespråket {wanted.sv}; "
                    "ingen översättning till ärendespråket",
                ),
                client_id=client_id,
                file=doc.record.file,
                data=facts,
            ),
        )
    if unknown_client:
        ctx.warn(
            Text(
                f"LANG-DOCUMENT-LANGUAGE: {unknown_client} asiakirjaa asiakkaalle, jota ei ole clients.csv:ssä tai "
                "jonka client_id puuttuu: asiointikieltä ei tiedetä, kieltä ei tarkastettu",
                f"LANG-DOCUMENT-LANGUAGE: {unknown_client} handlingar till en klient som inte finns i clients.csv "
                "eller utan client_id: ärendespråket är okänt, språket granskades inte",
            )
        )
    if tally.population == 0 and (
        outside or not ctx.law.provision_reaches(PROVISION, ctx.period_start, ctx.period_end, ctx.unit)
    ):
        start = min([ctx.period_start, *outside])
        end = max([ctx.period_end, *outside])
        raise NotApplicable(provision_reason(ctx, PROVISION, start, end))
    result = tally.result(data={"documents_outside_rule": len(outside)} if outside else None)
    if bases:
        result.legal_basis = tuple(bases)
    return result
