"""Which privacy matters a complaint text touches (``classify_complaint`` hook), with the words that triggered
each: identity codes (also a masked one quoted in the text) or personal data published online, personal data and
secrecy, access to client records.

Keywords are word stems in Finnish and Swedish, matched case-insensitively at word starts. A topic is a hint for
the inspector, not a finding.
"""

from __future__ import annotations

from avi_valvonta.api import ComplaintView, Text, Topic, hookimpl, keyword_rule

AREA = "privacy"


_rule = keyword_rule


IDENTITY_CODES = _rule(
    "henkilötunnukset (tietosuojalaki 1050/2018 29 §)",
    "personbeteckningar (dataskyddslagen 1050/2018 29 §)",
    r"\w*henkilötun\w*",
    r"\bhetu\w*",
    r"\bsosiaaliturvatun\w*",
    r"\w*personbeteckning\w*",
    r"\bpersonnummer\w*",
    r"\*{6}[-+A-Y]\*{3}[0-9A-Y]",  # a code the complainant quoted, already masked by the core
)
ONLINE = _rule(
    "julkaistu verkossa (kuntalaki 410/2015 29 §, 140 §)",
    "publicerat på nätet (kommunallagen 410/2015 29 §, 140 §)",
    r"\bverko\w*",
    r"\bverkkosivu\w*",
    r"\bnettisivu\w*",
    r"\bnetissä\b",
    r"\binternet\w*",
    r"\bjulkais\w*",
    r"\bpöytäkir\w*",
    r"\bwebbplats\w*",
    r"\bnätet\b",
    r"\bpublicer\w*",
    r"\bprotokoll\w*",
)
RULES = (
    _rule(
        "henkilötiedot ja salassapito (tietosuojalaki 1050/2018; julkisuuslaki 621/1999 24 §)",
        "personuppgifter och sekretess (dataskyddslagen 1050/2018; offentlighetslagen 621/1999 24 §)",
        r"\w*henkilötie\w*",
        r"\btietosuoj\w*",
        r"\bsalassa\w*",
        r"\bsalassapi\w*",
        r"\w*personuppgift\w*",
        r"\bdataskydd\w*",
        r"\bsekretess\w*",
    ),
    _rule(
        "asiakastietojen katselu ja käyttö (julkisuuslaki 621/1999 24 §; 1269/2020 18 §)",
        "läsning och användning av klientuppgifter (offentlighetslagen 621/1999 24 §; 1269/2020 18 §)",
        r"\w*asiakastie\w*",
        r"\btietojani\b",
        r"\blokitie\w*",
        r"\bluvatta\b",
        r"\bluvatto\w*",
        r"\bluvaton\w*",
        r"\bklientuppgift\w*",
        r"\bmina uppgifter\b",
        r"\buppgifter om mig\b",
        r"\bobehörig\w*",
        r"\bloggar\w*",
    ),
)


@hookimpl
def classify_complaint(complaint: ComplaintView) -> list[Topic]:
    """Privacy topics of a complaint text, each with the words that triggered it."""
    topics = []
    codes = IDENTITY_CODES.words(complaint.text)
    if codes:
        online = ONLINE.words(complaint.text)
        reason = IDENTITY_CODES.reason
        if online:
            reason = Text(f"{reason.fi}, {ONLINE.reason.fi}", f"{reason.sv}, {ONLINE.reason.sv}")
        topics.append(Topic(AREA, reason, codes + online, plugin=AREA))
    for rule in RULES:
        words = rule.words(complaint.text)
        if words:
            topics.append(Topic(AREA, rule.reason, words, plugin=AREA))
    return topics
