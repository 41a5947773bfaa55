"""Helpers shared by the privacy checks: readable pages, evidence for identity codes, action names."""

from __future__ import annotations

from avi_valvonta.api import Document, DocumentIdentityCode, Evidence, Text

ACTIONS: dict[str, Text] = {
    "view": Text("katselu", "visning"),
    "edit": Text("muokkaus", "redigering"),
    "print": Text("tulostus", "utskrift"),
    "export": Text("vienti", "export"),
    "search": Text("haku", "sökning"),
}


def action_text(action: str) -> Text:
    return ACTIONS.get(action, Text(action, action))


def image_pages(doc: Document) -> list[int]:
    """Pages without text that carry an image: scanned pages a person must read."""
    return [p.number for p in doc.pages if not p.has_text and p.has_images]


def unreadable(doc: Document) -> Evidence | None:
    """Why a person must read the document (checks.md: a document without extractable text is ``manual``).

    A document with no text at all, or with a page that is only an image (the text the tool reads cannot show what
    that page holds). None when the tool read all of it.
    """
    if not doc.has_text:
        return Evidence(
            Text(
                "ei luettavaa tekstiä (kuva tai tyhjä): ihmisen on luettava asiakirja",
                "ingen läsbar text (bild eller tom): en person måste läsa handlingen",
            ),
            file=doc.file,
            data={"kind": "no_text", "pages": len(doc.pages)},
        )
    images = image_pages(doc)
    if images:
        listed = ", ".join(str(n) for n in images)
        return Evidence(
            Text(
                f"sivu(t) {listed} ovat kuvia ilman tekstiä: ihmisen on luettava ne",
                f"sida/sidor {listed} är bilder utan text: en person måste läsa dem",
            ),
            file=doc.file,
            page=images[0],
            data={"kind": "image_pages", "image_pages": images},
        )
    return None


def code_evidence(doc: Document, code: DocumentIdentityCode, what: Text | None = None) -> Evidence:
    """A (masked) identity code with the page and line where an inspector finds the original."""
    prefix = what or Text("henkilötunnus", "personbeteckning")
    return Evidence(
        Text(
            f"{prefix.fi} {code.masked} sivulla {code.page}, rivillä {code.line}",
            f"{prefix.sv} {code.masked} på sidan {code.page}, rad {code.line}",
        ),
        file=doc.file,
        page=code.page,
        line=code.line,
        excerpt=code.excerpt,
        data={"kind": "identity_code", "masked": code.masked},
    )
