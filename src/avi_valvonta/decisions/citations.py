"""Statute citations in the letter's language.

The law data cites statutes the Finnish way (``HL 434/2003 53 d §``, ``916/2012 2 luku 4 §``); a Swedish letter cites
them the Swedish way (``FL 434/2003 53 d §``, ``916/2012 2 kap. 4 §``). Statute numbers and sections do not change,
only the names and the words for chapter and subsection.
"""

from __future__ import annotations

import re

# Longest names first so that "saamen kielilaki" is not caught by "kielilaki".
SWEDISH = {
    "laki oikeudenkäynnistä hallintoasioissa": "lagen om rättegång i förvaltningsärenden",
    "laki Lupa- ja valvontavirastosta": "lagen om Tillstånds- och tillsynsverket",
    "saamen kielilaki": "samiska språklagen",
    "tietosuojalaki": "dataskyddslagen",
    "kotoutumislaki": "integrationslagen",
    "uhkasakkolaki": "viteslagen",
    "kielilaki": "språklagen",
    "kuntalaki": "kommunallagen",
    "HL": "FL",
    "VNA": "SrF",
    "luku": "kap.",
    "mom": "mom.",
}
_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(SWEDISH, key=len, reverse=True)) + r")(?![\w.])"
)


def cite(text: str, lang: str) -> str:
    if lang != "sv" or not text:
        return text
    return _PATTERN.sub(lambda m: SWEDISH[m.group(1)], text)


def cite_all(items: list[str], lang: str) -> list[str]:
    return [cite(i, lang) for i in items]
