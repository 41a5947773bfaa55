"""EQ-APPEAL-INSTRUCTIONS: a client decision carries rectification or appeal instructions (HL 434/2003 46-47 §).

The document's text is searched for the words (as word stems, so that inflected and compound forms count: fi
"oikaisuvaatimusohje", "valitusosoituksen"; sv "omprövningsbegäran", "besvärsanvisningen"). A document without
extractable text, or in neither Finnish nor Swedish (by its language profile), needs a person: ``manual``.
"""

from __future__ import annotations

import re

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Document,
    Evidence,
    Result,
    Severity,
    Tally,
    Text,
    fdate,
    no_data,
)

META = CheckMeta(
    id="EQ-APPEAL-INSTRUCTIONS",
    area="equal_access",
    title=Text(
        "Asiakkaalle annetusta päätöksestä puuttuu oikaisuvaatimus- tai valitusosoitus",
        "Ett beslut till klienten saknar anvisning om omprövning eller besvär",
    ),
    legal_basis=("HL 434/2003 46 §", "HL 434/2003 47 §"),
    severity=Severity.MEDIUM,
    unit="documents",
    description=Text(
        "Asiakkaalle osoitetut päätökset: tekstistä puuttuu oikaisuvaatimus-, valitus- tai muutoksenhakuohje. Ilman "
        "tekstiä tai muulla kuin suomen tai ruotsin kielellä oleva asiakirja on tarkistettava.",
        "Beslut till klienter: texten saknar anvisning om omprövning, besvär eller ändringssökande. En handling utan "
        "text eller på ett annat språk än finska eller svenska ska granskas.",
    ),
)

# Word stems (case-insensitive, at the start of a word or inside a compound).
TERMS = {
    "fi": ("oikaisuvaatimu", "valitusosoitu", "muutoksenha"),
    "sv": ("omprövning", "besvärsanvisning", "ändringssök"),
}
_PATTERN = re.compile("|".join(re.escape(t) for stems in TERMS.values() for t in stems), re.IGNORECASE)


def has_instructions(text: str) -> str | None:
    """The first instruction word found, or None."""
    m = _PATTERN.search(text)
    return m.group(0) if m else None


def run(ctx: AuditContext) -> Result:
    if not ctx.has_file("documents.csv"):
        raise no_data("documents.csv")
    tally = Tally(META)
    for doc in ctx.documents():
        if doc.doc_type != "decision" or doc.audience != "client":
            continue
        tally.checked()
        _judge(tally, doc)
    return tally.result()


def _judge(tally: Tally, doc: Document) -> None:
    file, client = doc.file, doc.client_id
    dated = f" ({fdate(doc.date)})" if doc.date else ""
    if not doc.has_text:
        tally.manual(
            file,
            Evidence(
                Text(
                    f"päätöksestä{dated} ei saatu tekstiä: tarkista oikaisuvaatimus- tai valitusosoitus käsin",
                    f"ingen text kunde tas ut ur beslutet{dated}: granska anvisningen om omprövning eller besvär "
                    "manuellt",
                ),
                client_id=client,
                file=file,
                data={"kind": "no_text"},
            ),
        )
        return
    languages = doc.language.languages
    if not ({"fi", "sv"} & languages):
        found = ", ".join(sorted(languages)) or "-"
        tally.manual(
            file,
            Evidence(
                Text(
                    f"päätös{dated} ei ole suomeksi eikä ruotsiksi (kielet: {found}): tarkista käsin",
                    f"beslutet{dated} är varken på finska eller svenska (språk: {found}): granska manuellt",
                ),
                client_id=client,
                file=file,
                data={"kind": "language", "languages": sorted(languages)},
            ),
        )
        return
    if has_instructions(doc.text):
        return
    tally.fail(
        file,
        Evidence(
            Text(
                f"päätöksessä{dated} ei ole oikaisuvaatimus-, valitus- tai muutoksenhakuohjetta",
                f"beslutet{dated} saknar anvisning om omprövning, besvär eller ändringssökande",
            ),
            client_id=client,
            file=file,
            data={"kind": "missing", "languages": sorted(languages)},
        ),
    )
