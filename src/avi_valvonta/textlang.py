"""Which language a text is in: Finnish, Swedish, North Saami, or other - from the text, never from metadata.

checks.md "Document language": text is split into segments (lines as extracted; a PDF line is the unit a reader
sees); segments of fewer than 5 words (letterheads, names, addresses) are not classified; a document is "in"
language L when segments classified as L hold at least 30 words, so it may be in two languages (bilingual).
Web and e-mail addresses are removed before words are counted: they are not language.

The classifier is py3langid (BSD-3, model inside the package: offline, no download, ~60 µs a segment) restricted to
Finnish, Swedish, North Saami and the 20 languages most clients of Finnish employment services use besides them.
Chosen by measurement on real text (benchmarks/bench_language_detection.py, figures in
benchmarks/notes/language_rights.md): no Finnish/Swedish/North Saami segment of ≥ 5 words was confused with another
of the three. The restriction matters both ways: without it Norwegian and Danish take Swedish lines; with only a few
"other" languages a quarter of Arabic, Somali, Ukrainian... texts were taken for Saami or Swedish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

# Languages of clients of Finnish employment services besides fi/sv/Saami, as py3langid knows them. Scandinavian
# neighbours (no, nn, da, fo, is) are deliberately absent: they would take Swedish segments.
OTHERS = (
    "en", "et", "ru", "uk", "ar", "so", "fa", "ku", "tr", "es", "pl", "de", "fr", "zh", "th", "vi", "sq", "ro", "lt",
    "lv",
)  # fmt: skip
# Languages the classifier may answer; everything but fi/sv/se is reported as "other".
CANDIDATES = ("fi", "sv", "se", *OTHERS)
CLASSES = ("fi", "sv", "se", "other")
MIN_SEGMENT_WORDS = 5
MIN_LANGUAGE_WORDS = 30
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Web and e-mail addresses are not language: "https://www.ely-keskus.fi/sv/kuulutukset" would make 6 "words".
_NOT_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


def warm_up() -> None:
    """Load the classifier model now (about 0.3 s), e.g. before forking workers that will all need it."""
    _identifier()


def clean(text: str) -> str:
    """The text without what is not language (web and e-mail addresses)."""
    return _NOT_LANGUAGE.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of a text (runs of letters, with inner hyphens and apostrophes)."""
    return _WORD.findall(text)


@lru_cache(maxsize=65536)
def classify(text: str) -> tuple[str, float]:
    """(class, confidence) for one segment: class is fi, sv, se or other; confidence 0…1.

    Cached: letterheads, footers and standard paragraphs repeat on every page of a document set.
    """
    text = clean(text)
    if not words(text):
        return "other", 0.0
    lang, prob = _identifier().classify(text)
    return (lang if lang in ("fi", "sv", "se") else "other"), float(prob)


@dataclass(frozen=True)
class Segment:
    page: int
    text: str
    words: int
    language: str | None  # None: too short to classify
    confidence: float = 0.0


@dataclass
class LanguageProfile:
    """Words per language class, per document and per page; ``languages`` are those with ≥ 30 words.

    ``words``: class → words in the document; ``pages``: page number → (class → words) on that page.
    """

    words: dict[str, int] = field(default_factory=dict)
    pages: dict[int, dict[str, int]] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for lang, n in self.words.items() if n >= MIN_LANGUAGE_WORDS)

    @property
    def has_text(self) -> bool:
        return any(s.words for s in self.segments)

    @property
    def classified_words(self) -> int:
        return sum(self.words.values())

    def is_in(self, lang: str) -> bool:
        """The document is in ``lang`` (fi, sv, se or other): segments in it hold ≥ 30 words."""
        return lang in self.languages

    @property
    def bilingual(self) -> bool:
        """In both Finnish and Swedish (each with ≥ 30 words)."""
        return {"fi", "sv"} <= self.languages

    @property
    def main_language(self) -> str | None:
        """The class with the most words (None when nothing was classified)."""
        if not self.words:
            return None
        return max(self.words.items(), key=lambda kv: (kv[1], kv[0] in ("fi", "sv", "se")))[0]

    def confidence(self, lang: str, page: int | None = None) -> float:
        """Word-weighted mean confidence of the segments classified as ``lang`` (in the document, or on a page)."""
        segs = [s for s in self.segments if s.language == lang and (page is None or s.page == page)]
        total = sum(s.words for s in segs)
        return sum(s.confidence * s.words for s in segs) / total if total else 0.0

    def page_languages(self, page: int) -> frozenset[str]:
        """The languages a page is in by the same rule (≥ 30 words on that page)."""
        return frozenset(lang for lang, n in self.pages.get(page, {}).items() if n >= MIN_LANGUAGE_WORDS)

    def summary(self) -> str:
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.words.items(), key=lambda kv: -kv[1]))
        return langs or "-"

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable facts for evidence: languages, words and confidence per class."""
        return {
            "languages": sorted(self.languages),
            "words": dict(sorted(self.words.items())),
            "confidence": {lang: round(self.confidence(lang), 3) for lang in sorted(self.words)},
        }


def to_rows(prof: LanguageProfile) -> list[list[Any]]:
    """The segments as plain rows [page, words, language, confidence] (to store a profile computed elsewhere)."""
    return [[s.page, s.words, s.language, round(s.confidence, 4)] for s in prof.segments]


def from_rows(rows: Iterable[Iterable[Any]], pages: Iterable[int] = ()) -> LanguageProfile:
    """A profile rebuilt from :func:`to_rows` rows (segment texts are not kept)."""
    prof = LanguageProfile()
    for number in pages:
        prof.pages.setdefault(number, {})
    for page, n, lang, conf in rows:
        prof.segments.append(Segment(page, "", n, lang, conf))
        if lang is not None:
            page_words = prof.pages.setdefault(page, {})
            page_words[lang] = page_words.get(lang, 0) + n
            prof.words[lang] = prof.words.get(lang, 0) + n
    return prof


def profile(pages: Iterable[tuple[int, str]]) -> LanguageProfile:
    """Classify the segments of (page number, text) pairs."""
    prof = LanguageProfile()
    for number, text in pages:
        page_words: dict[str, int] = {}
        for raw in text.splitlines():
            line = clean(raw).strip()
            if not line:
                continue
            n = len(words(line))
            if n < MIN_SEGMENT_WORDS:
                prof.segments.append(Segment(number, line, n, None))
                continue
            lang, conf = classify(line)
            prof.segments.append(Segment(number, line, n, lang, conf))
            page_words[lang] = page_words.get(lang, 0) + n
            prof.words[lang] = prof.words.get(lang, 0) + n
        prof.pages[number] = page_words
    return prof
