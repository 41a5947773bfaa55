"""Which complaints touch privacy (the ``classify_complaint`` hook): keywords in Finnish and Swedish.

A stem hits at the start of a word, case-insensitively (as the special-category words do), so "tietosuoja" hits
"tietosuojaloukkaus" and "tietosuojavaltuutettu" but nothing hits inside a compound. The topic lists the words that
triggered it, so a person sees why.
"""

from __future__ import annotations

import re
import unicodedata

from avi_valvonta.api import ComplaintView, Text, Topic

STEMS = (
    # fi
    "henkilötunnu",
    "hetu",
    "tietosuoj",
    "salassa pidettäv",
    "salassapi",
    "yksityisyy",
    "yksityiselämä",
    "henkilötie",
    "asiakastie",
    "lokitie",
    "käyttöloki",
    "urkin",
    "luvatta",
    "julkaisti",
    "verkossa näkyv",
    # sv
    "personbeteckn",
    "dataskydd",
    "sekretess",
    "integritet",
    "personuppgift",
    "klientuppgift",
    "logguppgift",
    "obehörig",
    "publicerade",
)
_PATTERN = re.compile(
    r"(?<![^\W_])(?:" + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in STEMS) + r")[^\W_]*",
    re.IGNORECASE,
)
REASON = Text(
    "kantelu koskee henkilötietojen tai salassa pidettävien tietojen käsittelyä",
    "klagomålet gäller behandling av personuppgifter eller sekretessbelagda uppgifter",
)


def classify(complaint: ComplaintView) -> list[Topic]:
    text = unicodedata.normalize("NFC", complaint.text or "")
    words = tuple(dict.fromkeys(m.group(0).lower() for m in _PATTERN.finditer(text)))
    if not words:
        return []
    return [Topic(area="privacy", reason=REASON, words=words, plugin="privacy")]
