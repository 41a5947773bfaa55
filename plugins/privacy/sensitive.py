"""Secret client data in public documents, and personal data kept online too long (checks.md "privacy").

- PRIV-SENSITIVE-PUBLIC: a public document that names a client of the bundle (a client_id as a whole token), or
  holds a valid identity code together with a special-category word (health, disability, substance abuse, social
  assistance, child welfare: ``data/special_categories.toml``). Public minutes with a special-category word but
  neither of those are ``manual``: a person decides whether the text identifies somebody.
- PRIV-PUBLISHED-TOO-LONG: public minutes and notices that hold a valid identity code or a client_id, online longer
  than the law allows: online time = (published_until, or as_of when empty or later) - document date; more than
  37 days for minutes (kuntalaki 140 §: deemed known 7 days after publication + 30 days of appeal) or 14 days for
  notices (kuntalaki 108 §). A document without a date is ``manual``.

A document the tool cannot read (no text, or a page that is only an image) is ``manual`` for both checks when
nothing on its readable pages decides it already: for PRIV-PUBLISHED-TOO-LONG only when it was online longer than
the limit (or has no date), since a shorter time online is lawful whatever the pages hold.
"""

from __future__ import annotations

import datetime as dt

from valvonta_privacy.common import code_evidence, unreadable
from valvonta_privacy.scan import client_ids, special_words

from avi_valvonta.api import AuditContext, CheckMeta, Document, Evidence, Result, Severity, Tally, Text, fdate

CATEGORY_NAMES: dict[str, Text] = {
    "health": Text("terveys", "hälsa"),
    "disability": Text("vammaisuus", "funktionsnedsättning"),
    "substance_abuse": Text("päihteet", "missbruk"),
    "social_assistance": Text("toimeentulotuki", "utkomststöd"),
    "child_welfare": Text("lastensuojelu", "barnskydd"),
}

SENSITIVE_PUBLIC = CheckMeta(
    id="PRIV-SENSITIVE-PUBLIC",
    area="privacy",
    title=Text(
        "Julkisessa asiakirjassa on salassa pidettäviä asiakastietoja",
        "En offentlig handling innehåller sekretessbelagda klientuppgifter",
    ),
    legal_basis=(
        "kuntalaki 410/2015 29 § 2 mom",
        "julkisuuslaki 621/1999 24 § 1 mom 25 k",
        "tietosuoja-asetus (EU) 2016/679 9 art",
    ),
    severity=Severity.HIGH,
    unit="documents",
    description=Text(
        "Julkinen asiakirja, jossa on aineiston asiakastunnus tai henkilötunnus yhdessä erityisiin henkilötietoryhmiin "
        "kuuluvaa tietoa ilmaisevan sanan kanssa (terveys, vammaisuus, päihteet, toimeentulotuki, lastensuojelu).",
        "En offentlig handling med ett klient-id ur materialet eller en personbeteckning tillsammans med ett ord som "
        "anger särskilda kategorier av uppgifter (hälsa, funktionsnedsättning, missbruk, utkomststöd, barnskydd).",
    ),
)

PUBLISHED_TOO_LONG = CheckMeta(
    id="PRIV-PUBLISHED-TOO-LONG",
    area="privacy",
    title=Text(
        "Henkilötietoja sisältävä pöytäkirja tai kuulutus on ollut verkossa liian kauan",
        "Protokoll eller kungörelse med personuppgifter har varit på nätet för länge",
    ),
    legal_basis=("kuntalaki 410/2015 140 §", "kuntalaki 410/2015 108 §"),
    severity=Severity.MEDIUM,
    unit="documents",
    options={
        # kuntalaki 140 § 2 mom: deemed known 7 days after publication, then 30 days to appeal.
        "minutes_days": 37,
        # kuntalaki 108 § 1 mom: personal data in a notice is removed after 14 days.
        "notice_days": 14,
    },
    description=Text(
        "Verkossaoloaika = (published_until tai as_of) − asiakirjan päivämäärä; pöytäkirjat enintään 37 päivää, "
        "kuulutukset 14 päivää, jos asiakirjassa on henkilötunnus tai asiakastunnus.",
        "Tid på nätet = (published_until eller as_of) − handlingens datum; protokoll högst 37 dagar, kungörelser "
        "14 dagar, om handlingen innehåller en personbeteckning eller ett klient-id.",
    ),
)


def _client_id_evidence(doc: Document, client_id: str, page: int, line: int, count: int) -> Evidence:
    times = Text(f" ({count} kertaa)", f" ({count} gånger)") if count > 1 else None
    return Evidence(
        Text(
            f"asiakastunnus {client_id} sivulla {page}, rivillä {line}{times.fi if times else ''}",
            f"klient-id {client_id} på sidan {page}, rad {line}{times.sv if times else ''}",
        ),
        client_id=client_id,
        file=doc.file,
        page=page,
        line=line,
        data={"kind": "client_id", "occurrences": count},
    )


def sensitive_public(ctx: AuditContext) -> Result:
    tally = Tally(SENSITIVE_PUBLIC)
    categories: dict[str, int] = {}
    for doc in ctx.documents():
        if doc.audience != "public":
            continue
        tally.checked()
        ids = client_ids(ctx, doc)
        for hit in ids:
            tally.fail(doc.file, _client_id_evidence(doc, hit.client_id, hit.page, hit.line, hit.count))
        words = special_words(doc)
        for w in words:
            categories[w.category] = categories.get(w.category, 0) + 1
        codes = doc.identity_codes()
        if codes and words:
            listed = ", ".join(dict.fromkeys(w.word for w in words))
            first = words[0]
            for code in codes:
                ev = code_evidence(doc, code)
                ev.detail = ev.detail + Text(
                    f"; samassa asiakirjassa erityisiin henkilötietoryhmiin viittaavia sanoja: {listed} "
                    f"(ensimmäinen sivulla {first.page})",
                    f"; i samma handling ord som hänvisar till särskilda kategorier av uppgifter: {listed} "
                    f"(det första på sidan {first.page})",
                )
                ev.data["special_words"] = sorted({w.word.lower() for w in words})
                ev.data["categories"] = sorted({w.category for w in words})
                tally.fail(doc.file, ev)
        if ids or (codes and words):
            continue
        if doc.doc_type == "minutes" and words:
            for w in words[:5]:
                name = CATEGORY_NAMES.get(w.category, Text(w.category, w.category))
                tally.manual(
                    doc.file,
                    Evidence(
                        Text(
                            f"pöytäkirjassa sana ”{w.word}” ({name.fi}) sivulla {w.page}, rivillä {w.line}: "
                            "tarkista, voiko henkilön tunnistaa",
                            f"protokollet har ordet ”{w.word}” ({name.sv}) på sidan {w.page}, rad {w.line}: "
                            "granska om en person kan identifieras",
                        ),
                        file=doc.file,
                        page=w.page,
                        line=w.line,
                        data={"kind": "special_word", "word": w.word, "category": w.category},
                    ),
                )
            continue
        why = unreadable(doc)
        if why is not None:
            tally.manual(doc.file, why)
    return tally.result(data={"special_word_hits": dict(sorted(categories.items()))} if categories else None)


def _online_until(ctx: AuditContext, doc: Document) -> dt.date:
    """published_until, or as_of when empty; a published_until later than as_of counts as as_of."""
    until = doc.published_until
    return ctx.as_of if until is None or until > ctx.as_of else until


def published_too_long(ctx: AuditContext) -> Result:
    tally = Tally(PUBLISHED_TOO_LONG)
    limits = {
        "minutes": int(ctx.option(PUBLISHED_TOO_LONG, "minutes_days")),
        "notice": int(ctx.option(PUBLISHED_TOO_LONG, "notice_days")),
    }
    for doc in ctx.documents():
        if doc.audience != "public" or doc.doc_type not in limits:
            continue
        codes = doc.identity_codes()
        ids = client_ids(ctx, doc)
        unknown = None if codes or ids else unreadable(doc)
        if not codes and not ids and unknown is None:
            continue  # no personal data the check is about: not in the population
        limit = limits[doc.doc_type]
        until = _online_until(ctx, doc)
        what = [c.masked for c in codes] + [h.client_id for h in ids]
        facts = {
            "doc_type": doc.doc_type,
            "limit_days": limit,
            "online_until": until.isoformat(),
            "published_until": doc.published_until.isoformat() if doc.published_until else None,
            "personal_data": what[:10],
        }
        if doc.date is None:
            tally.checked()
            tally.manual(
                doc.file,
                Evidence(
                    Text(
                        "asiakirjalta puuttuu päivämäärä: verkossaoloaikaa ei voi laskea",
                        "handlingen saknar datum: tiden på nätet kan inte räknas ut",
                    ),
                    file=doc.file,
                    data={"kind": "no_date", **facts},
                ),
            )
            continue
        days = (until - doc.date).days
        if unknown is not None and days <= limit:
            continue  # cannot read it, but the time online was lawful whatever it holds
        tally.checked()
        if unknown is not None:
            unknown.detail = unknown.detail + Text(
                f"; verkossa {days} päivää (raja {limit})", f"; på nätet {days} dagar (gräns {limit})"
            )
            unknown.data.update({"days": days, **facts})
            tally.manual(doc.file, unknown)
            continue
        if days <= limit:
            continue
        kind = Text("pöytäkirja", "protokollet") if doc.doc_type == "minutes" else Text("kuulutus", "kungörelsen")
        end = (
            Text(f"poistettu {fdate(until)}", f"borttagen {fdate(until)}")
            if doc.published_until is not None and doc.published_until <= ctx.as_of
            else Text(f"yhä verkossa {fdate(ctx.as_of)}", f"fortfarande på nätet {fdate(ctx.as_of)}")
        )
        tally.fail(
            doc.file,
            Evidence(
                Text(
                    f"{kind.fi} {fdate(doc.date)}, {end.fi}: verkossa {days} päivää, yli {limit} päivän "
                    f"({days - limit} päivää liikaa); henkilötietoja: {', '.join(what[:5])}",
                    f"{kind.sv} {fdate(doc.date)}, {end.sv}: på nätet {days} dagar, över {limit} dagar "
                    f"({days - limit} dagar för länge); personuppgifter: {', '.join(what[:5])}",
                ),
                file=doc.file,
                data={
                    "kind": "too_long",
                    "days": days,
                    "over_days": days - limit,
                    "unit": "calendar_days",
                    "date": doc.date.isoformat(),
                    **facts,
                },
            ),
        )
    return tally.result()


CHECKS = [
    (SENSITIVE_PUBLIC, sensitive_public),
    (PUBLISHED_TOO_LONG, published_too_long),
]
