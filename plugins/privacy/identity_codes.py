"""Identity codes where they do not belong (checks.md "privacy").

- PRIV-HETU-PUBLIC: a public document containing a valid identity code.
- PRIV-HETU-UNNEEDED: a client letter or notice containing a valid identity code.
- PRIV-HETU-BUNDLE: a CSV row of the bundle with a valid identity code in any cell (pseudonyms were required).

A code counts when python-stdnum accepts it (checksum AND a real date in its century; temporary numbers 900-999
count) and its birth date is not after as_of: ``Document.identity_codes()`` and the loader's
``ctx.cell_identity_codes`` (``valid``) say exactly that. Look-alikes whose check character fits are still masked
everywhere, but are not findings. A document the tool cannot read (no text, or a page that is only an image) is
``manual`` unless a code was found on a page it could read.
"""

from __future__ import annotations

from valvonta_privacy.common import code_evidence, unreadable

from avi_valvonta.api import AuditContext, CheckMeta, Document, Evidence, Result, Severity, Tally, Text

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
        "julkisuuslaki 621/1999 24 § 1 mom 25 k",
    ),
    severity=Severity.HIGH,
    unit="documents",
    description=Text(
        "Julkinen asiakirja (audience public), jossa on python-stdnumin hyväksymä henkilötunnus.",
        "En offentlig handling (audience public) med en personbeteckning som python-stdnum godkänner.",
    ),
)

HETU_UNNEEDED = CheckMeta(
    id="PRIV-HETU-UNNEEDED",
    area="privacy",
    title=Text(
        "Asiakkaalle lähetetyssä kirjeessä tai ilmoituksessa on tarpeettomasti henkilötunnus",
        "Ett brev eller meddelande till klienten innehåller onödigt en personbeteckning",
    ),
    legal_basis=("tietosuojalaki 1050/2018 29 § 4 mom",),
    severity=Severity.LOW,
    unit="documents",
    description=Text(
        "Asiakkaalle lähetetty kirje tai ilmoitus (audience client, doc_type letter tai notice), jossa on "
        "henkilötunnus.",
        "Ett brev eller meddelande till en klient (audience client, doc_type letter eller notice) med en "
        "personbeteckning.",
    ),
)

HETU_BUNDLE = CheckMeta(
    id="PRIV-HETU-BUNDLE",
    area="privacy",
    title=Text(
        "Toimitetun aineiston CSV-rivillä on henkilötunnus, vaikka pseudonyymejä pyydettiin",
        "En CSV-rad i det levererade materialet innehåller en personbeteckning fast pseudonymer begärdes",
    ),
    legal_basis=(
        "tietosuoja-asetus (EU) 2016/679 5 art 1 c",
        "tietosuojalaki 1050/2018 29 §",
    ),
    severity=Severity.MEDIUM,
    unit="rows",
    description=Text(
        "Kaikkien aineiston CSV-tiedostojen datarivit; rivi, jonka jossakin solussa on henkilötunnus.",
        "Datarader i alla CSV-filer i materialet; en rad med en personbeteckning i någon cell.",
    ),
)

CLIENT_LETTER_TYPES = ("letter", "notice")


def scan_document(tally: Tally, doc: Document) -> None:
    """Fail for every counted identity code; else ``manual`` when part of the document cannot be read."""
    tally.checked()
    codes = doc.identity_codes()
    for code in codes:
        tally.fail(doc.file, code_evidence(doc, code))
    if codes:
        return
    why = unreadable(doc)
    if why is not None:
        tally.manual(doc.file, why)


def hetu_public(ctx: AuditContext) -> Result:
    tally = Tally(HETU_PUBLIC)
    for doc in ctx.documents():
        if doc.audience == "public":
            scan_document(tally, doc)
    return tally.result()


def hetu_unneeded(ctx: AuditContext) -> Result:
    tally = Tally(HETU_UNNEEDED)
    for doc in ctx.documents():
        if doc.audience == "client" and doc.doc_type in CLIENT_LETTER_TYPES:
            scan_document(tally, doc)
    return tally.result()


def hetu_bundle(ctx: AuditContext) -> Result:
    tally = Tally(HETU_BUNDLE)
    rows = ctx.csv_rows
    tally.checked(sum(rows.values()))
    for hit in ctx.cell_identity_codes:
        if not hit.valid:
            continue  # a look-alike (impossible date, or born after as_of): masked, not a finding
        key = f"{hit.file}:{hit.line}"
        tally.fail(
            key,
            Evidence(
                Text(
                    f"henkilötunnus {hit.masked} tiedoston {hit.file} rivillä {hit.line}, sarakkeessa {hit.column}",
                    f"personbeteckning {hit.masked} i filen {hit.file} på rad {hit.line}, kolumn {hit.column}",
                ),
                file=hit.file,
                line=hit.line,
                data={"kind": "identity_code", "masked": hit.masked, "column": hit.column},
            ),
        )
    return tally.result(data={"rows_per_file": dict(sorted(rows.items()))} if rows else None)


CHECKS = [
    (HETU_PUBLIC, hetu_public),
    (HETU_UNNEEDED, hetu_unneeded),
    (HETU_BUNDLE, hetu_bundle),
]
