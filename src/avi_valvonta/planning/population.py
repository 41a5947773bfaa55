"""Who is planned: every municipality (or area) the supervisor has competence over in the plan year (law data).

Until 2024 the experiment municipalities (1269/2020 3 §), from 2025 every employment authority except Åland's
(380/2023; Åland's employment services are the province's own): :meth:`avi_valvonta.law.Law.supervised_on` on the
first day of each month of the year decides. Per area (``--per area``): the experiment areas or employment areas of
the regime in force, with their supervised members; an area's indicators combine its members' values by each
indicator's ``aggregate`` rule (weights file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.law import add_months, law
from avi_valvonta.planning.indicators import IndicatorValue, UnitIndicators
from avi_valvonta.reference import Area, reference

PER = ("municipality", "area")
RULES = {
    "sum": Text("summa", "summa"),
    "max": Text("suurin", "största"),
    "min": Text("pienin", "minsta"),
    "mean": Text("keskiarvo", "medelvärde"),
    "weighted": Text("työnhakijoilla painotettu keskiarvo", "med arbetssökande vägt medelvärde"),
}


@dataclass(frozen=True)
class PlanUnit:
    code: str
    name_fi: str
    name_sv: str
    kind: str  # municipality | experiment_area | employment_area
    members: tuple[str, ...]  # municipality codes
    bilingual: bool

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "name_fi": self.name_fi, "name_sv": self.name_sv, "kind": self.kind}


def _months(year: int) -> list[dt.date]:
    return [add_months(dt.date(year, 1, 1), i) for i in range(12)]


def supervised_in(code: str, year: int) -> bool:
    return any(law().supervised_on(code, day)[0] for day in _months(year))


def supervised_units(year: int, per: str = "municipality") -> list[PlanUnit]:
    """The units of the plan year, sorted by code; an error when the supervisor had no competence that year."""
    ref = reference()
    if per not in PER:
        raise UsageError(f"--per: {per!r} is not one of {', '.join(PER)}")
    codes = sorted(code for code in ref.municipalities if supervised_in(code, year))
    if not codes:
        raise UsageError(
            f"--year {year}: the supervisor had no competence over any municipality that year "
            "(supervision began on 1.3.2021 with the experiment, 1269/2020)"
        )
    if per == "municipality":
        return [
            PlanUnit(m.code, m.name_fi, m.name_sv, "municipality", (m.code,), m.bilingual)
            for m in (ref.municipalities[c] for c in codes)
        ]
    supervised = set(codes)
    units = []
    for area in _areas_of(year):
        members = tuple(sorted(c for c in area.members if c in supervised))
        if not members:
            continue
        bilingual = any(ref.municipalities[c].bilingual for c in members)
        units.append(PlanUnit(area.code, area.name_fi, area.name_sv, f"{area.kind}_area", members, bilingual))
    return sorted(units, key=lambda u: u.code)


def _areas_of(year: int) -> list[Area]:
    """The areas of the regime in force on the first supervised day of the year."""
    ref = reference()
    days = _months(year)
    regime = next((law().regime_on(d) for d in days if law().regime_on(d) is not None), None)
    if regime is not None and regime.supervised == "experiment_municipalities":
        pool = ref.experiment_areas
    else:
        pool = [a for a in ref.employment_areas if a.under_380_2023]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [a for a in pool if a.valid_from <= last and (a.valid_to is None or a.valid_to >= first)]


def _combine(values: list[IndicatorValue], how: str, sizes: dict[str, float], codes: list[str]) -> float:
    numbers = [v.value for v in values]
    if how == "sum":
        return sum(numbers)
    if how == "max":
        return max(numbers)
    if how == "min":
        return min(numbers)
    if all(c in sizes for c in codes) and sum(sizes[c] for c in codes) > 0:
        total = sum(sizes[c] for c in codes)
        return sum(v.value * sizes[c] for v, c in zip(values, codes, strict=True)) / total
    return sum(numbers) / len(numbers)


def aggregate(
    unit: PlanUnit, by_municipality: dict[str, UnitIndicators], aggregate_of: Callable[[str], str]
) -> UnitIndicators:
    """An area's indicators from its members' (a municipality's are its own)."""
    if unit.kind == "municipality":
        return by_municipality.get(unit.code) or UnitIndicators()
    sizes = {
        c: v
        for c in unit.members
        if (v := (by_municipality.get(c) or UnitIndicators()).value("jobseekers")) is not None
    }
    ids = sorted({i for c in unit.members for i in (by_municipality.get(c) or UnitIndicators()).used})
    out = UnitIndicators()
    for indicator in ids:
        pairs = [
            (c, found)
            for c in unit.members
            if (found := (by_municipality.get(c) or UnitIndicators()).used.get(indicator)) is not None
        ]
        values = [v for _, v in pairs]
        codes = [c for c, _ in pairs]
        how = aggregate_of(indicator)
        combined = _combine(values, how, sizes, codes)
        dates = [v.date for v in values if v.date is not None]
        origins = sorted({v.origin for v in values})
        weighted = how == "mean" and all(c in sizes for c in codes)
        rule = RULES["weighted" if weighted else how]
        listing = "; ".join(f"{c} {v.value:g}" for c, v in pairs)
        n = f"{len(values)}/{len(unit.members)}"
        source = Text(f"{rule.fi} {n} jäsenkunnasta: {listing}", f"{rule.sv} av {n} medlemskommuner: {listing}")
        out.used[indicator] = IndicatorValue(
            indicator,
            round(combined, 4),
            source.fi,
            max(dates) if dates else None,
            origins[0] if len(origins) == 1 else "+".join(origins),
            values[0].label,
            source_text=source,
        )
    return out
