"""Which language-rights matters a complaint text touches (``classify_complaint`` hook), with the words that
triggered each: Swedish-language service, an interpreter, Saami, the language of service in general.

Keywords are word stems in Finnish and Swedish, matched case-insensitively at word starts (Finnish inflects and
compounds: ``ruotsi`` finds *ruotsiksi* and *ruotsinkielinen*). A topic is a hint for the inspector, not a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from avi_valvonta.api import ComplaintView, Text, Topic, hookimpl

AREA = "language_rights"


@dataclass(frozen=True)
class KeywordRule:
    reason: Text
    patterns: tuple[re.Pattern[str], ...]

    def words(self, text: str, limit: int = 6) -> tuple[str, ...]:
        found: dict[str, str] = {}
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                found.setdefault(m.group(0).casefold(), m.group(0))
        return tuple(list(found.values())[:limit])


def _rule(fi: str, sv: str, *patterns: str) -> KeywordRule:
    return KeywordRule(Text(fi, sv), tuple(re.compile(p, re.IGNORECASE) for p in patterns))


RULES = (
    _rule(
        "ruotsinkielinen palvelu (kielilaki 423/2003; 380/2023 19 §)",
        "service på svenska (språklagen 423/2003; 380/2023 19 §)",
        r"\bruotsi\w*",
        r"\w*ruotsinkiel\w*",
        r"\bsvensk\w*",
        r"\w*svenskspråkig\w*",
    ),
    _rule(
        "tulkkaus (HL 434/2003 26 §)",
        "tolkning (FL 434/2003 26 §)",
        r"\w*tulkk\w*",
        r"\w*tulki(?:n|lle|lla|t|ksi)\b",
        r"\w*tolk(?:en|ar|arna|ning\w*|a|ade|as)?\b",
    ),
    _rule(
        "saamen kieli (saamen kielilaki 1086/2003)",
        "samiska (samiska språklagen 1086/2003)",
        r"\bsaame\w*",
        r"\w*saamenkiel\w*",
        r"\bsamisk\w*",
        r"\bsamer\w*",
        r"\bsámi\w*",
        r"\bsápmi\w*",
        r"\bsámeg\w*",  # sámegiella, sámegillii
        r"\bsápmela\w*",
    ),
    _rule(
        "asiointikieli (kielilaki 423/2003 10 §)",
        "språket i ärendet (språklagen 423/2003 10 §)",
        r"\w*kieli\b",
        r"\w*kiel(?:en|ellä|eksi|elle|tä)\b",
        r"\w*kielinen\b",
        r"\bkielellis\w*",
        r"\bkielilai\w*",
        r"\w*språk(?:et|en|lag\w*|lig\w*)?\b",
    ),
)


@hookimpl
def classify_complaint(complaint: ComplaintView) -> list[Topic]:
    """Language-rights topics of a complaint text, each with the words that triggered it."""
    topics = []
    for rule in RULES:
        words = rule.words(complaint.text)
        if words:
            topics.append(Topic(AREA, rule.reason, words, plugin=AREA))
    return topics
