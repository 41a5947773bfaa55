"""Which language-rights topics a complaint text touches (the ``classify_complaint`` hook), with the words.

Words are matched case-insensitively at the start of a word (``ruotsi`` finds "ruotsiksi"), and a few stems also
inside compounds (``språk`` finds "ärendespråket", ``saame`` finds "pohjoissaame"). Stems that would hit ordinary
complaint words are avoided on purpose: ``kiel`` alone would find "kielteinen päätös" (a negative decision) and
``tulkin`` alone "tulkinta" (interpretation of the law), so only their language senses are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from avi_valvonta.api import ComplaintView, Text, Topic

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class _Theme:
    reason: Text
    starts: tuple[str, ...]  # a word starting with one of these
    inside: tuple[str, ...] = ()  # a word containing one of these (compounds)
    exact: tuple[str, ...] = ()  # the whole word


_FI_SV_STARTS = (
    "ruotsi", "ruotsa", "svensk", "finsk", "kaksikiel", "tvåspråk", "kielellis", "kielilai", "käännö", "käännet",
    "käänt", "översätt", "suomeksi", "suomenkiel", "ruotsinkiel", "språk",
)  # fmt: skip
THEMES = (
    _Theme(
        Text(
            "suomen tai ruotsin kieli asiakkaan asiassa (kielilaki 423/2003, 380/2023 19 §)",
            "finska eller svenska i klientens ärende (språklagen 423/2003, 380/2023 19 §)",
        ),
        starts=_FI_SV_STARTS,
        inside=("asiointikiel", "äidinkiel", "palvelukiel", "språk", "modersmål"),
    ),
    _Theme(
        Text(
            "saamen kieli (saamen kielilaki 1086/2003)",
            "samiska (samiska språklagen 1086/2003)",
        ),
        starts=("saame", "sámi", "sáme", "saami", "samer", "samisk"),
        inside=("saame", "samisk", "sámegiel"),
    ),
    _Theme(
        Text("tulkkaus (HL 434/2003 26 §)", "tolkning (FL 434/2003 26 §)"),
        starts=("tulkki", "tulkka", "tulkkia", "tulke", "tolk"),
        inside=("tulkki", "tulkkau", "tolkning"),  # asiointitulkki, viittomakielen tulkkaus
        exact=("tulkin", "tulkit", "tulkilla", "tulkille"),
    ),
)


def _hits(theme: _Theme, words: list[str]) -> list[str]:
    found: dict[str, None] = {}
    for w in words:
        if w in theme.exact or w.startswith(theme.starts) or any(s in w for s in theme.inside):
            found[w] = None
    return list(found)


def classify(complaint: ComplaintView) -> list[Topic]:
    words = [w.casefold() for w in _WORD.findall(complaint.text)]
    topics = []
    for theme in THEMES:
        hits = _hits(theme, words)
        if hits:
            topics.append(Topic("language_rights", theme.reason, tuple(hits), "language_rights"))
    return topics
