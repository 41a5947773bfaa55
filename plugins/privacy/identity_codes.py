"""PRIV-HETU-PUBLIC: a valid identity code in a public document."""

from __future__ import annotations

from avi_valvonta.api import AuditContext, CheckMeta, Evidence, Result, Severity, Tally, Text

HETU_PUBLIC = CheckMeta(
    id="PRIV-HETU-PUBLIC",
    area="privacy",
    title=Text(
        "Julkisessa asiakirjassa on henkilötunnus",
        "En offentlig handling innehåller en personbeteckning",
    ),
    legal_basis=(
        "tietosuojalaki 1050/2018 29 §",
        "kuntalaki 410/2015 29 § 2 mom",
        "kuntalaki 410/2015 140 §",
    ),
    severity=Severity.HIGH,
    unit="documents",
)

NO_TEXT = Text(
    "ei tekstiä: sivu on kuva, ihmisen on luettava se",
    "ingen text: sidan är en bild, en person måste läsa den",
)


def hetu_public(ctx: AuditContext) -> Result:
    tally = Tally(HETU_PUBLIC)
    for doc in ctx.documents():
        if doc.audience != "public":
            continue
        tally.checked()
        if not doc.has_text:
            tally.manual(doc.file, Evidence(NO_TEXT, file=doc.file))
            continue
        codes = doc.identity_codes()
        for code in codes:
            tally.fail(
                doc.file,
                Evidence(
                    Text(
                        f"henkilötunnus {code.masked} sivulla {code.page}, rivillä {code.line}",
                        f"personbeteckning {code.masked} på sidan {code.page}, rad {code.line}",
                    ),
                    file=doc.file,
                    page=code.page,
                    line=code.line,
                    excerpt=code.excerpt,
                ),
            )
    return tally.result()


CHECKS = [(HETU_PUBLIC, hetu_public)]
