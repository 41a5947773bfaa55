"""Bilingual text: everything a person reads exists in Finnish and Swedish (kielilaki 423/2003)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("fi", "sv")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Finnish and Swedish. Both are required: a missing translation is a bug, not a fallback."""

    fi: str
    sv: str

    def __post_init__(self) -> None:
        if not isinstance(self.fi, str) or not isinstance(self.sv, str) or not self.fi.strip() or not self.sv.strip():
            raise ValueError(f"Text needs both Finnish and Swedish: {self.fi!r} / {self.sv!r}")

    def get(self, lang: str) -> str:
        if lang == "sv":
            return self.sv
        return self.fi

    def format(self, **kwargs: Any) -> Text:
        return Text(self.fi.format(**kwargs), self.sv.format(**kwargs))

    def to_dict(self) -> dict[str, str]:
        return {"fi": self.fi, "sv": self.sv}

    @classmethod
    def from_dict(cls, data: dict[str, str] | str) -> Text:
        if isinstance(data, str):
            return cls(data, data)
        return cls(data["fi"], data["sv"])

    def __add__(self, other: Text) -> Text:
        return Text(self.fi + other.fi, self.sv + other.sv)


def join(texts: list[Text], sep: str = " ") -> Text:
    return Text(sep.join(t.fi for t in texts), sep.join(t.sv for t in texts))


def fdate(day: dt.date | None) -> str:
    """A date as Finnish and Swedish official texts write it: 22.1.2024."""
    return f"{day.day}.{day.month}.{day.year}" if day else "-"


def fnumber(value: float, lang: str, digits: int = 1) -> str:
    """A number as Finnish or Swedish write it (decimal comma, non-breaking thousands space): 1 234,5."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale="sv_FI" if lang == "sv" else "fi_FI"))


def fpercent(rate: float, lang: str, digits: int = 1) -> str:
    """A rate (0-1) as a percentage: 11,1 %."""
    return f"{fnumber(rate * 100, lang, digits)}\u00a0%"


_DAY_WORDS = {
    "working_days": (("arkipäivä", "arkipäivää"), ("vardag", "vardagar")),
    "calendar_days": (("kalenteripäivä", "kalenteripäivää"), ("kalenderdag", "kalenderdagar")),
}


def days_text(n: int, unit: str = "calendar_days") -> Text:
    """``5 arkipäivää`` / ``5 vardagar``, and the singular for one: ``1 arkipäivä`` / ``1 vardag``."""
    (fi_one, fi_many), (sv_one, sv_many) = _DAY_WORDS[unit]
    return Text(f"{n} {fi_one if n == 1 else fi_many}", f"{n} {sv_one if n == 1 else sv_many}")
