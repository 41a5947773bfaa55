"""What the LANG checks share: language codes, whether a provision reaches the audited unit (and why not), and
the language a document is in by its text, alone or with its translation partners.

Applicability is read from the law data (``ctx.law.provisions``: validity dates, the kind of municipality a period
reaches, the statute) and from the reference data of the audited unit (language status, Saami homeland). Nothing here
compares a date with a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from avi_valvonta.api import SAAMI_LANGUAGES, AuditContext, Document, Event, Evidence, NotApplicable, Text, fdate

# ISO 639-2/3 codes a bundle may carry for the languages the rules name (case-bundle.md asks for 639-1 where one is).
_ALIASES = {"fin": "fi", "swe": "sv", "sme": "se", "eng": "en"}
FI_SV = ("fi", "sv")
CLIENT_DOCUMENT_TYPES = frozenset({"decision", "letter", "plan"})
PUBLIC_INFORMATION_TYPES = frozenset({"notice", "web_page", "guide"})

DOC_TYPES = {
    "decision": Text("päätös", "beslut"),
    "letter": Text("kirje", "brev"),
    "plan": Text("suunnitelma", "plan"),
    "notice": Text("ilmoitus", "meddelande"),
    "web_page": Text("verkkosivu", "webbsida"),
    "guide": Text("opas", "guide"),
    "minutes": Text("pöytäkirja", "protokoll"),
    "other": Text("asiakirja", "handling"),
}
LANGUAGE_NAMES = {
    "fi": Text("suomi", "finska"),
    "sv": Text("ruotsi", "svenska"),
    "se": Text("saame", "samiska"),
    "other": Text("muu kieli", "annat språk"),
}


def norm_lang(code: str | None) -> str | None:
    """A language code as the rules compare it (``swe`` → ``sv``, ``sme`` → ``se``); None stays unknown."""
    if code is None:
        return None
    code = code.strip().lower()
    return _ALIASES.get(code, code) or None


def is_saami(code: str | None) -> bool:
    return norm_lang(code) in SAAMI_LANGUAGES


def doc_type_name(doc_type: str) -> Text:
    return DOC_TYPES.get(doc_type, Text(doc_type, doc_type))


def lang_name(code: str) -> Text:
    return LANGUAGE_NAMES.get(code, Text(code, code))


def names(codes: Iterable[str]) -> Text:
    codes = sorted(codes)
    if not codes:
        return Text("ei tunnistettua kieltä", "inget identifierat språk")
    return Text(", ".join(lang_name(c).fi for c in codes), ", ".join(lang_name(c).sv for c in codes))


# -- applicability -------------------------------------------------------------------------------------------------


def _why_not(ctx: AuditContext, applies_to: str, basis: tuple[str, ...]) -> Text:
    unit = ctx.unit
    cite = basis[0] if basis else ""
    if applies_to == "bilingual":
        return Text(
            f"sitoo vain kaksikielisiä kuntia ({cite}), ja {unit.name_fi} on yksikielinen (VNA 1385/2022)",
            f"binder endast tvåspråkiga kommuner ({cite}), och {unit.name_sv} är enspråkig (SRf 1385/2022)",
        )
    if applies_to == "saami_homeland":
        return Text(
            "koskee vain saamelaisten kotiseutualuetta (Enontekiö, Inari, Sodankylä ja Utsjoki: saamen kielilaki "
            f"1086/2003 3 §), eikä {unit.name_fi} ole siellä",
            "gäller endast samernas hembygdsområde (Enontekis, Enare, Sodankylä och Utsjoki: samiska språklagen "
            f"1086/2003 3 §), och {unit.name_sv} ligger inte där",
        )
    return Text(f"ei sovellu ({cite})", f"tillämpas inte ({cite})")


def _reaches(ctx: AuditContext, applies_to: str) -> bool:
    if applies_to == "bilingual":
        return ctx.unit.bilingual
    if applies_to == "saami_homeland":
        return ctx.unit.saami_homeland
    return True


def provision_reason(ctx: AuditContext, provision_id: str, start: dt.date, end: dt.date) -> Text:
    """Why ``provision_id`` does not reach the audited unit on any day of [start, end], in Finnish and Swedish.

    Built from the law data: the provision's title, its periods (which kind of municipality each reaches, the
    statute) and the unit's language status / Saami homeland from the reference data.
    """
    prov = ctx.law.provisions[provision_id]
    when = fdate(start) if start == end else f"{fdate(start)}–{fdate(end)}"
    head = Text(
        f"{prov.title.fi}: ei sovellu kuntaan {ctx.unit.name_fi} {when}",
        f"{prov.title.sv}: tillämpas inte på {ctx.unit.name_sv} {when}",
    )
    parts: list[Text] = []
    overlapping = [p for p in prov.periods if p.valid_from <= end and (p.valid_to is None or p.valid_to >= start)]
    for p in overlapping:
        parts.append(_why_not(ctx, p.applies_to, p.basis))
    if not overlapping:
        spans = ", ".join(f"{fdate(p.valid_from)}–{fdate(p.valid_to) if p.valid_to else ''}" for p in prov.periods)
        cite = prov.periods[0].basis[0]
        parts.append(Text(f"säännös on voimassa {spans} ({cite})", f"bestämmelsen gäller {spans} ({cite})"))
    later = next((p for p in prov.periods if p.valid_from > end and _reaches(ctx, p.applies_to)), None)
    if later is not None:
        parts.append(
            Text(
                f"kuntaa se sitoo {fdate(later.valid_from)} alkaen ({later.basis[0]})",
                f"kommunen binds av den från {fdate(later.valid_from)} ({later.basis[0]})",
            )
        )
    return Text(
        head.fi + ": " + "; ".join(p.fi for p in parts),
        head.sv + ": " + "; ".join(p.sv for p in parts),
    )


def require_reach(ctx: AuditContext, provision_id: str, start: dt.date, end: dt.date) -> None:
    """Raise :class:`NotApplicable` with the reason when the provision reaches the unit on no day of [start, end]."""
    if not ctx.law.provision_reaches(provision_id, start, end, ctx.unit):
        raise NotApplicable(provision_reason(ctx, provision_id, start, end))


def document_day(ctx: AuditContext, doc: Document) -> dt.date:
    """The date a document is judged by: its own, else period_start (checks.md)."""
    day: dt.date | None = doc.record.date
    return day if day is not None else ctx.period_start


# -- documents -----------------------------------------------------------------------------------------------------


class Partners:
    """Translation pairs (``translation_of``, either direction): a pair counts as bilingual (case-bundle.md)."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_file = {d.record.file: d for d in documents}
        self.translations: dict[str, list[Document]] = {}
        for d in documents:
            target = d.record.translation_of
            if target:
                self.translations.setdefault(target, []).append(d)

    def of(self, doc: Document) -> list[Document]:
        """Documents that translate ``doc``, and the one ``doc`` translates (if it is in the bundle)."""
        out = list(self.translations.get(doc.record.file, []))
        original = doc.record.translation_of
        if original and original in self.by_file and self.by_file[original] not in out:
            out.append(self.by_file[original])
        return [d for d in out if d is not doc]


def document_facts(doc: Document) -> dict[str, object]:
    """Machine-readable facts of the detected language, for evidence ``data``."""
    if not doc.has_text:
        return {"has_text": False}
    prof = doc.language
    return {"has_text": True, **prof.to_dict()}


def no_text_evidence(doc: Document, client_id: str | None = None) -> Evidence:
    return Evidence(
        Text(
            "asiakirjassa ei ole tekstiä (skannattu kuva?): kieli on tarkistettava käsin",
            "handlingen har ingen text (en skannad bild?): språket ska granskas manuellt",
        ),
        client_id=client_id,
        file=doc.record.file,
        data={"has_text": False},
    )


def clients_of(ctx: AuditContext, client_ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """client_id → (service_language, responsible) for the given ids, by indexed SQL (no pass over all clients)."""
    ids = sorted({c for c in client_ids if c})
    out: dict[str, tuple[str | None, str | None]] = {}
    if not ids:
        return out
    ctx.ensure_index("clients", ["client_id"])
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT client_id, service_language, responsible FROM clients WHERE client_id IN ({marks})"
        for client_id, service_language, responsible in ctx.query(sql, chunk):
            out[client_id] = (norm_lang(service_language), responsible)
    return out


def undecided(doc: Document) -> bool:
    """The document has text, but too little for any language to reach 30 words: the tool cannot decide."""
    return doc.has_text and not doc.language.languages


def undecided_evidence(doc: Document, client_id: str | None = None) -> Evidence:
    return Evidence(
        Text(
            f"liian vähän tekstiä kielen tunnistamiseen ({doc.language.classified_words} luokiteltua sanaa): "
            "tarkistettava käsin",
            f"för lite text för att identifiera språket ({doc.language.classified_words} klassificerade ord): "
            "ska granskas manuellt",
        ),
        client_id=client_id,
        file=doc.record.file,
        data=document_facts(doc),
    )


_IN = {
    "fi": Text("suomeksi", "på finska"),
    "sv": Text("ruotsiksi", "på svenska"),
    "se": Text("saameksi", "på samiska"),
    "other": Text("muulla kielellä", "på ett annat språk"),
}


def in_languages(codes: Iterable[str]) -> Text:
    """'suomeksi ja ruotsiksi' / 'på finska och på svenska'."""
    parts = [_IN.get(c, Text(c, c)) for c in sorted(codes)]
    if not parts:
        return Text("ei millään tunnistetulla kielellä", "inte på något identifierat språk")
    return Text(" ja ".join(p.fi for p in parts), " och ".join(p.sv for p in parts))


def wrong_language_evidence(
    client_id: str, e: Event, language: str, service_language: str, basis: tuple[str, ...] = ()
) -> Evidence:
    """Evidence of an event held in another language than the client's, without an interpreter."""
    data: dict[str, object] = {
        "date": e.date.isoformat(),
        "event_type": e.type,
        "language": language,
        "service_language": service_language,
        "interpreter": e.interpreter,
    }
    if basis:
        data["basis"] = list(basis)
    return Evidence(
        Text(
            f"{fdate(e.date)} {e.type}: kieli {lang_name(language).fi}, asiointikieli "
            f"{lang_name(service_language).fi}, ei tulkkausta",
            f"{fdate(e.date)} {e.type}: språk {lang_name(language).sv}, ärendespråk "
            f"{lang_name(service_language).sv}, ingen tolkning",
        ),
        client_id=client_id,
        event_id=e.event_id,
        line=e.line,
        data=data,
    )
