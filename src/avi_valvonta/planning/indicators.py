"""Risk indicators: one value per municipality (or area) and id, each with its source and date.

Three origins feed a plan: the tool's own records (``records``: audit runs, complaints, decisions), the plugins'
``risk_indicators`` hook (``plugin:<name>``) and statistics imported from a CSV file (``import``). When two origins
give the same id for the same unit, the imported file wins (it is what the inspector explicitly asked for) over the
records, which win over a plugin; the value that lost is kept and shown as superseded, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.i18n import Text

ORIGIN_RANK = {"import": 0, "records": 1}  # lower wins; plugins come after both


@dataclass(frozen=True)
class IndicatorValue:
    id: str
    value: float
    source: str
    date: dt.date | None
    origin: str  # records | plugin:<name> | import
    label: Text | None = None
    source_text: Text | None = None  # the source in Finnish and Swedish, when the tool itself wrote it

    @classmethod
    def own(cls, indicator: str, value: float, source: Text, date: dt.date | None, origin: str) -> IndicatorValue:
        """A value whose source the tool describes itself (in both languages)."""
        return cls(indicator, value, source.fi, date, origin, source_text=source)

    def source_in(self, lang: str) -> str:
        return self.source_text.get(lang) if self.source_text else self.source

    def rank(self) -> tuple[int, str]:
        return ORIGIN_RANK.get(self.origin, 2), self.origin

    def to_dict(self, lang: str = "fi") -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "value": self.value,
            "source": self.source_in(lang),
            "date": self.date.isoformat() if self.date else None,
            "origin": self.origin,
        }
        if self.source_text:
            out["source_i18n"] = self.source_text.to_dict()
        return out


# Labels of the indicators the tool itself knows (plugins bring their own labels).
LABELS: dict[str, Text] = {
    "expired_orders": Text("määräaikansa ylittäneet korjausmääräykset", "förelägganden med utgången tidsfrist"),
    "failed_severe": Text(
        "vakavat puutteet viimeisimmässä tarkastuksessa", "allvarliga brister i senaste granskningen"
    ),
    "failed_rate_max": Text(
        "suurin puuteosuus viimeisimmässä tarkastuksessa", "största bristandel i senaste granskningen"
    ),
    "failed_checks": Text("puutteet viimeisimmässä tarkastuksessa", "brister i senaste granskningen"),
    "measures_issued": Text("annetut toimenpiteet", "meddelade åtgärder"),
    "complaints_12m": Text("kantelut 12 kk", "klagomål 12 mån"),
    "open_complaints_12m": Text("avoimet kantelut 12 kk", "öppna klagomål 12 mån"),
    "substantiated_complaints_12m": Text("aiheelliset kantelut 12 kk", "befogade klagomål 12 mån"),
    "months_since_inspection": Text("kuukautta edellisestä tarkastuksesta", "månader sedan senaste granskning"),
    "plan_debt_rate": Text("suunnitelmavelan osuus", "andel planeringsskuld"),
    "interview_late_rate": Text("myöhästyneiden alkuhaastattelujen osuus", "andel försenade inledande intervjuer"),
    "jobseekers": Text("työttömät työnhakijat", "arbetslösa arbetssökande"),
    "unemployment_rate": Text("työttömyysaste", "arbetslöshetsgrad"),
    "labour_force": Text("työvoima", "arbetskraft"),
    "open_vacancies": Text("avoimet työpaikat", "lediga arbetsplatser"),
}

# The ids cli.md calls standard, with the range a value must lie in (None: no bound).
STANDARD_RANGES: dict[str, tuple[float | None, float | None]] = {
    "jobseekers": (0, None),
    "plan_debt_rate": (0, 1),
    "interview_late_rate": (0, 1),
    "complaints_12m": (0, None),
    "substantiated_complaints_12m": (0, None),
    "months_since_inspection": (0, None),
}


def label_of(indicator_id: str, known: dict[str, Text] | None = None) -> Text:
    found = (known or {}).get(indicator_id) or LABELS.get(indicator_id)
    return found or Text(indicator_id, indicator_id)


@dataclass
class UnitIndicators:
    """Every value known for one unit: the one used per id, and those it superseded."""

    used: dict[str, IndicatorValue] = field(default_factory=dict)
    superseded: list[IndicatorValue] = field(default_factory=list)

    def add(self, value: IndicatorValue) -> None:
        current = self.used.get(value.id)
        if current is None:
            self.used[value.id] = value
        elif value.rank() < current.rank():
            self.superseded.append(current)
            self.used[value.id] = value
        else:
            self.superseded.append(value)

    def value(self, indicator_id: str) -> float | None:
        found = self.used.get(indicator_id)
        return found.value if found else None


def by_unit(pairs: Iterable[tuple[str, IndicatorValue]]) -> dict[str, UnitIndicators]:
    """(unit code, value) pairs → the indicators of each unit, precedence applied."""
    out: dict[str, UnitIndicators] = {}
    for code, value in pairs:
        out.setdefault(code, UnitIndicators()).add(value)
    return out
