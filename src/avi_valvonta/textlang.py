"""Which language a text is in: Finnish, Swedish, North Saami, or other - from the text, never from metadata.

checks.md "Document language": text is split into segments (lines as extracted; a PDF line is the unit a reader
sees); segments of fewer than 5 words (letterheads, names, addresses) are not classified; a document is "in"
language L when segments classified as L hold at least 30 words, so it may be in two languages (bilingual).

The classifier is py3langid restricted to a small candidate set (offline, no model download, ~70 µs a call):
restricting it is what makes Finnish vs Swedish vs North Saami reliable on short official sentences. The choice
and its measured accuracy on real text are in benchmarks/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

# Languages the classifier may answer; everything but fi/sv/se is reported as "other".
CANDIDATES = ("fi", "sv", "se", "en", "et", "de", "fr", "ru")
CLASSES = ("fi", "sv", "se", "other")
MIN_SEGMENT_WORDS = 5
MIN_LANGUAGE_WORDS = 30
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def classify(text: str) -> tuple[str, float]:
    """(class, confidence) for one segment: class is fi, sv, se or other."""
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
    """Words per language class, per document and per page; ``languages`` are those with ≥ 30 words."""

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
        return lang in self.languages

    @property
    def bilingual(self) -> bool:
        return {"fi", "sv"} <= self.languages

    def confidence(self, lang: str) -> float:
        """Word-weighted mean confidence of the segments classified as ``lang``."""
        segs = [s for s in self.segments if s.language == lang]
        total = sum(s.words for s in segs)
        return sum(s.confidence * s.words for s in segs) / total if total else 0.0

    def summary(self) -> str:
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.words.items(), key=lambda kv: -kv[1]))
        return langs or "-"


def profile(pages: Iterable[tuple[int, str]]) -> LanguageProfile:
    """Classify the segments of (page number, text) pairs."""
    prof = LanguageProfile()
    for number, text in pages:
        page_words: dict[str, int] = {}
        for raw in text.splitlines():
            line = raw.strip()
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
