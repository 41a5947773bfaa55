"""The plan as one object: every writer (table, JSON, CSV, HTML) renders it; ``to_dict`` is the JSON contract
(cli.md ``valvonta plan``, schema ``avi-valvonta/plan/1``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.i18n import Text
from avi_valvonta.identity import mask_data
from avi_valvonta.planning.plan import Inspection, days_of
from avi_valvonta.planning.score import UnitScore
from avi_valvonta.planning.weights import Weights

SCHEMA = "avi-valvonta/plan/1"


@dataclass
class Plan:
    year: int
    capacity: int  # hundredths of an inspector-day
    used: int
    as_of: dt.date
    seed: int
    random_share: float
    per: str  # municipality | area
    weights: Weights
    inspections: list[Inspection]
    scores: list[UnitScore]  # ranked, highest first
    labels: dict[str, Text] = field(default_factory=dict)  # indicator labels the plugins gave
    sources: dict[str, Any] = field(default_factory=dict)
    warnings: list[Text] = field(default_factory=list)
    tool_version: str = ""

    def planned(self) -> dict[str, Inspection]:
        return {i.code: i for i in self.inspections}

    def counts(self) -> dict[str, int]:
        out = {"follow_up": 0, "risk": 0, "random": 0}
        for i in self.inspections:
            out[i.reason] += 1
        return out

    def to_dict(self, lang: str = "fi") -> dict[str, Any]:
        planned = self.planned()
        data = {
            "schema": SCHEMA,
            "tool": {"version": self.tool_version},
            "year": self.year,
            "capacity": days_of(self.capacity),
            "used": days_of(self.used),
            "as_of": self.as_of.isoformat(),
            "per": self.per,
            "seed": self.seed,
            "random_share": self.random_share,
            "summary": {**self.counts(), "units": len(self.scores)},
            "inspections": [i.to_dict() for i in self.inspections],
            "scores": [
                {
                    "municipality": s.unit.code,
                    "name_fi": s.unit.name_fi,
                    "name_sv": s.unit.name_sv,
                    "kind": s.unit.kind,
                    "rank": rank,
                    "score": s.score,
                    "band": s.band,
                    "likelihood": round(s.likelihood, 4),
                    "impact": round(s.impact, 4),
                    "impact_default": s.impact_default,
                    "coverage": round(s.coverage, 4),
                    "components": s.components,
                    "indicators": [t.to_dict(lang) for t in s.terms],
                    "superseded": [v.to_dict(lang) for v in s.superseded],
                    "planned": planned[s.unit.code].reason if s.unit.code in planned else None,
                }
                for rank, s in enumerate(self.scores, start=1)
            ],
            "weights": self.weights.to_dict(),
            "sources": self.sources,
            "warnings": [w.get(lang) for w in self.warnings],
            "warnings_i18n": [w.to_dict() for w in self.warnings],
        }
        return mask_data(data)  # type: ignore[return-value]
