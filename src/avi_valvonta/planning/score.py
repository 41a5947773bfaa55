"""The risk score: likelihood × impact, with every point explained by an indicator. No black box.

    score       = 100 × impact × likelihood                        (0–100)
    likelihood  = Σ wᵢ·nᵢ / Σ wᵢ         nᵢ = the indicator's value mapped onto 0…1 (weights file); missing: 0
    impact      = floor + (1 − floor) × Σ vⱼ·mⱼ / Σ vⱼ   over the impact indicators the unit has (else ``missing``)
    componentᵢ  = 100 × impact × wᵢ·nᵢ / Σ wᵢ

The components sum to the score exactly as printed: both are kept in hundredths (integers), the score being the
rounded sum and the components rounded by the largest-remainder method (each within 0.01 of its exact value). An
indicator the weights do not name is listed with the contribution 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.planning.indicators import IndicatorValue, UnitIndicators
from avi_valvonta.planning.population import PlanUnit
from avi_valvonta.planning.weights import Weights

SCALE = 100


@dataclass(frozen=True)
class Term:
    """One indicator in a unit's score: its value, how it was mapped and what it adds."""

    id: str
    role: str  # likelihood | impact | unweighted
    value: IndicatorValue
    normalised: float
    weight: float  # share of the role's total weight (0 for an unweighted indicator)
    points: int = 0  # hundredths of a score point (likelihood terms only)

    def to_dict(self, lang: str = "fi") -> dict[str, Any]:
        return {
            **self.value.to_dict(lang),
            "role": self.role,
            "normalised": round(self.normalised, 4),
            "weight": round(self.weight, 4),
            "contribution": self.points / 100 if self.role != "impact" else None,
        }


@dataclass
class UnitScore:
    unit: PlanUnit
    points: int  # the score in hundredths
    exact: float  # the unrounded score (ties in the ranking)
    likelihood: float
    impact: float
    impact_default: bool  # no impact figure: the weights' ``missing`` was used
    coverage: float  # share of the likelihood weight the unit has data for
    band: str
    terms: list[Term] = field(default_factory=list)
    superseded: list[IndicatorValue] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.points / 100

    @property
    def components(self) -> dict[str, float]:
        return {t.id: t.points / 100 for t in self.terms if t.role != "impact"}

    def sort_key(self) -> tuple[int, float, str]:
        return -self.points, -self.exact, self.unit.code


def largest_remainder(exact: dict[str, float]) -> dict[str, int]:
    """Hundredths that sum to round(Σ exact), each within one hundredth of its exact value."""
    scaled = {k: v * 100 for k, v in exact.items()}
    floors = {k: math.floor(v) for k, v in scaled.items()}
    total = round(sum(scaled.values()))
    extra = total - sum(floors.values())
    order = sorted(scaled, key=lambda k: (-(scaled[k] - floors[k]), k))
    for k in order[: max(0, extra)]:
        floors[k] += 1
    return floors


def score_unit(unit: PlanUnit, indicators: UnitIndicators, weights: Weights) -> UnitScore:
    total_weight = sum(w.weight for w in weights.likelihood.values())
    terms: list[Term] = []
    exact: dict[str, float] = {}

    # Impact first: it scales every likelihood term.
    impact_terms = []
    for indicator_id, w in weights.impact.items():
        found = indicators.used.get(indicator_id)
        if found is not None and w.weight > 0:
            impact_terms.append((w, found, w.normalise(found.value)))
    impact_weight = sum(w.weight for w, _, _ in impact_terms)
    if impact_terms and impact_weight > 0:
        mapped = sum(w.weight * m for w, _, m in impact_terms) / impact_weight
        impact = weights.impact_floor + (1 - weights.impact_floor) * mapped
        impact_default = False
    else:
        impact, impact_default = weights.impact_missing, True
    for w, found, m in impact_terms:
        terms.append(Term(found.id, "impact", found, m, w.weight / impact_weight))

    likelihood = 0.0
    covered = 0.0
    for indicator_id, found in sorted(indicators.used.items()):
        if indicator_id in weights.impact:
            continue
        lw = weights.likelihood.get(indicator_id)
        if lw is None or lw.weight == 0:
            terms.append(Term(indicator_id, "unweighted", found, 0.0, 0.0))
            exact[indicator_id] = 0.0
            continue
        n = lw.normalise(found.value)
        share = lw.weight / total_weight
        likelihood += share * n
        covered += share
        exact[indicator_id] = SCALE * impact * share * n
        terms.append(Term(indicator_id, "likelihood", found, n, share))
    points = largest_remainder(exact)
    terms = [Term(t.id, t.role, t.value, t.normalised, t.weight, points.get(t.id, 0)) for t in terms]
    # Biggest contributions first: the explanation reads from the top.
    terms.sort(key=lambda t: (t.role == "impact", -t.points, -t.weight, t.id))
    total = sum(points.values())
    return UnitScore(
        unit=unit,
        points=total,
        exact=SCALE * impact * likelihood,
        likelihood=likelihood,
        impact=impact,
        impact_default=impact_default,
        coverage=covered,
        band=weights.band(total / 100),
        terms=terms,
        superseded=list(indicators.superseded),
    )


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    return sorted(scores, key=UnitScore.sort_key)
