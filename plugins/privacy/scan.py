"""What the privacy checks look for in document text: special-category words and the bundle's client ids.

Identity codes are the core's service (``Document.identity_codes()`` / ``identity_code_matches``); this module adds
the two other things checks.md asks about public documents:

- **Special-category words** (PRIV-SENSITIVE-PUBLIC): stems from ``data/special_categories.toml`` (Finnish and
  Swedish; health, disability, substance abuse, social assistance, child welfare), matched at the start of a word,
  case-insensitively, so that a compound such as "ympäristöterveydenhuolto" never hits a stem that only occurs inside
  it. The text is NFC-normalised and a hyphen at a line end is joined first ("lastensuo-" + "jelu"), because PDFs
  split words there.
- **Client ids** (PRIV-SENSITIVE-PUBLIC, PRIV-PUBLISHED-TOO-LONG): a token (maximal run of letters, digits, ``-``
  and ``_``) that equals a client_id of the bundle, case-sensitively. The tokens of a document are looked up in the
  working store in chunks (an index on clients.client_id), so a national bundle's 400k ids are never held in memory.

Results are cached per document object, which the audit context keeps for one run: the two checks that need the same
scan do it once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import weakref
from dataclasses import dataclass
from functools import cache
from importlib import resources

from avi_valvonta.api import AuditContext, Document

CATEGORIES = ("health", "disability", "substance_abuse", "social_assistance", "child_welfare")

# PDFium writes U+0002 for a hyphen at a line end when it joins the two lines; U+00AD is a soft hyphen.
_SOFT_HYPHENS = re.compile("[\u0002\u00ad]")
# A hyphen at the end of a line between two letters, as a plain-text export writes a split word.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")
# checks.md: a token is a maximal run of letters, digits, "-" and "_".
TOKEN = re.compile(r"[\w-]+")
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Vocabulary:
    """The special-category stems per category and language, and one compiled pattern over all of them."""

    stems: dict[str, dict[str, tuple[str, ...]]]  # category -> language -> stems
    pattern: re.Pattern[str]

    def category_of(self, word: str) -> tuple[str, str] | None:
        """(category, language) of the longest stem that starts ``word`` (case-insensitive)."""
        low = _fold(word)
        best: tuple[int, str, str] | None = None
        for category, by_lang in self.stems.items():
            for lang, stems in by_lang.items():
                for stem in stems:
                    s = _fold(stem)
                    if low.startswith(s) and (best is None or len(s) > best[0]):
                        best = (len(s), category, lang)
        return (best[1], best[2]) if best else None


def _fold(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


def build_vocabulary(stems: dict[str, dict[str, list[str]]]) -> Vocabulary:
    """Compile stems (category -> language -> list) into one start-of-word, case-insensitive pattern."""
    cleaned: dict[str, dict[str, tuple[str, ...]]] = {}
    alternatives: list[str] = []
    for category, by_lang in stems.items():
        cleaned[category] = {}
        for lang, words in by_lang.items():
            kept = tuple(unicodedata.normalize("NFC", w.strip()) for w in words if w and w.strip())
            cleaned[category][lang] = kept
            alternatives += [re.sub(r"\\ ", r"\\s+", re.escape(w)) for w in kept]
    alternatives.sort(key=len, reverse=True)
    body = "|".join(alternatives) or r"(?!x)x"
    # Start of a word: not preceded by a letter or digit. The hit extends to the end of the word.
    pattern = re.compile(rf"(?<![^\W_])(?:{body})[^\W_]*", re.IGNORECASE)
    return Vocabulary(cleaned, pattern)


@cache
def vocabulary() -> Vocabulary:
    """The plugin's word lists (``data/special_categories.toml``, shipped as package data)."""
    raw = tomllib.loads(
        resources.files("valvonta_privacy").joinpath("data/special_categories.toml").read_text(encoding="utf-8")
    )
    unknown = set(raw) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"special_categories.toml: unknown categories {sorted(unknown)} (known: {CATEGORIES})")
    return build_vocabulary(raw)


def normalise_text(text: str) -> str:
    """NFC, soft hyphens removed, words split by a hyphen at a line end joined."""
    text = unicodedata.normalize("NFC", text)
    text = _SOFT_HYPHENS.sub("", text)
    return _LINE_END_HYPHEN.sub("", text)


@dataclass(frozen=True)
class WordHit:
    word: str
    category: str
    language: str
    page: int
    line: int


@dataclass(frozen=True)
class ClientIdHit:
    client_id: str
    page: int
    line: int
    count: int  # occurrences in the document


def find_special_words(text: str, vocab: Vocabulary | None = None) -> list[tuple[str, int]]:
    """(word, offset in the normalised text) of every special-category hit."""
    vocab = vocab or vocabulary()
    return [(m.group(0), m.start()) for m in vocab.pattern.finditer(normalise_text(text))]


_word_cache: weakref.WeakKeyDictionary[Document, list[WordHit]] = weakref.WeakKeyDictionary()
_id_cache: weakref.WeakKeyDictionary[Document, list[ClientIdHit]] = weakref.WeakKeyDictionary()


def special_words(doc: Document) -> list[WordHit]:
    """Every special-category word of a document, with page and line (cached for the run)."""
    found = _word_cache.get(doc)
    if found is None:
        vocab = vocabulary()
        found = []
        for page in doc.pages:
            if not page.has_text:
                continue
            text = normalise_text(page.text)
            for m in vocab.pattern.finditer(text):
                cat = vocab.category_of(m.group(0))
                category, lang = cat if cat else ("?", "?")
                found.append(WordHit(m.group(0), category, lang, page.number, text.count("\n", 0, m.start()) + 1))
        _word_cache[doc] = found
    return found


def _token_variants(text: str) -> list[str]:
    """The text as PDFium gave it, with its line-end hyphen markers read both as "-" and as nothing."""
    if "\u0002" not in text and "\u00ad" not in text:
        return [text]
    return [_SOFT_HYPHENS.sub("-", text), _SOFT_HYPHENS.sub("", text)]


def client_ids(ctx: AuditContext, doc: Document) -> list[ClientIdHit]:
    """The bundle's client ids that occur in the document as whole tokens, case-sensitively (cached for the run)."""
    found = _id_cache.get(doc)
    if found is not None:
        return found
    first: dict[str, tuple[int, int]] = {}  # token -> (page, line) of its first occurrence
    counts: dict[str, int] = {}
    for page in doc.pages:
        if not page.has_text:
            continue
        for variant in _token_variants(page.text):
            for m in TOKEN.finditer(variant):
                tok = m.group(0)
                counts[tok] = counts.get(tok, 0) + 1
                if tok not in first:
                    first[tok] = (page.number, variant.count("\n", 0, m.start()) + 1)
    hits: list[ClientIdHit] = []
    if first:
        ctx.ensure_index("clients", ("client_id",))
        tokens = sorted(first)
        known: set[str] = set()
        for i in range(0, len(tokens), _LOOKUP_CHUNK):
            chunk = tokens[i : i + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in ctx.query(f"SELECT client_id FROM clients WHERE client_id IN ({marks})", chunk))
        for tok in sorted(known, key=lambda t: first[t]):
            page_no, line = first[tok]
            hits.append(ClientIdHit(tok, page_no, line, counts[tok]))
    _id_cache[doc] = hits
    return hits
