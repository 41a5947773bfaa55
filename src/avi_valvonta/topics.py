"""Keyword rules for the ``classify_complaint`` hook: a topic with its reason in Finnish and Swedish and the words
that triggered it (so an inspector sees why a complaint was filed under an area)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from avi_valvonta.i18n import Text


@dataclass(frozen=True)
class KeywordRule:
    """A reason (fi/sv) and the regular expressions whose matches trigger it (case-insensitive)."""

    reason: Text
    patterns: tuple[re.Pattern[str], ...]

    def words(self, text: str, limit: int = 6) -> tuple[str, ...]:
        """The distinct words of ``text`` that match, in order of the patterns, at most ``limit``."""
        found: dict[str, str] = {}
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                found.setdefault(m.group(0).casefold(), m.group(0))
        return tuple(list(found.values())[:limit])


def keyword_rule(fi: str, sv: str, *patterns: str) -> KeywordRule:
    """``keyword_rule("tulkkaus", "tolkning", r"\\w*tulkk\\w*")``: a rule from a reason and its patterns."""
    return KeywordRule(Text(fi, sv), tuple(re.compile(p, re.IGNORECASE) for p in patterns))
