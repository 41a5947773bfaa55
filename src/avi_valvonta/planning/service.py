"""``valvonta plan`` and ``valvonta indicators`` call these: gather the indicators, score, allocate.

:func:`gather` reads the sources (database, plugins, an imported file); :func:`build` is pure — units, indicators
and follow-ups in, a :class:`Plan` out — so the evaluation benchmark runs exactly the planner the command runs.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.planning.indicators import IndicatorValue, UnitIndicators, by_unit, label_of
from avi_valvonta.planning.model import Plan
from avi_valvonta.planning.plan import allocate, cents
from avi_valvonta.planning.population import PlanUnit, aggregate, supervised_units
from avi_valvonta.planning.records import FollowUp
from avi_valvonta.planning.score import rank, score_unit
from avi_valvonta.planning.weights import Weights, load_weights
from avi_valvonta.reference import reference

FIRST_YEAR, LAST_YEAR = 2021, 2100
MAX_CAPACITY = 100_000


@dataclass
class Gathered:
    units: list[PlanUnit]
    indicators: dict[str, UnitIndicators]  # by municipality code
    follow_ups: dict[str, list[FollowUp]]  # by municipality code
    labels: dict[str, Text] = field(default_factory=dict)
    warnings: list[Text] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year: {year} is outside {FIRST_YEAR}…{LAST_YEAR} (supervision began on 1.3.2021)")


def check_options(capacity: float, share: float) -> float:
    """The numbers of the command line, checked before anything is read."""
    if not 0 < capacity <= MAX_CAPACITY:
        raise UsageError(f"--capacity: {capacity:g} inspector-days is not a positive number up to {MAX_CAPACITY}")
    if not 0 <= share <= 1:
        raise UsageError(f"--random-share: {share!r} is not a share from 0 to 1 (e.g. 0.1)")
    return share


def gather(
    db: Any,
    *,
    year: int,
    as_of: dt.date,
    weights: Weights,
    indicators_path: str | Path | None = None,
    per: str = "municipality",
    plugins: Any = None,
) -> Gathered:
    """Every indicator of every supervised municipality of the year, from the three sources."""
    from avi_valvonta.planning.hooks import plugin_indicators
    from avi_valvonta.planning.importers import read_indicators
    from avi_valvonta.planning.records import read_records

    check_year(year)
    units = supervised_units(year, per)
    codes = sorted({c for u in units for c in u.members})
    wanted = set(codes)
    warnings: list[Text] = []
    pairs: list[tuple[str, IndicatorValue]] = []
    sources: dict[str, Any] = {"weights": weights.source, "database": True, "plugins": {}, "import": None}

    # The file first: a bad file is refused before anything else is read.
    if indicators_path is not None:
        imported = read_indicators(indicators_path, as_of=as_of, aggregate_of=weights.aggregate_of)
        warnings += imported.warnings
        outside = sorted({code for code, _ in imported.values if code not in wanted})
        if outside:
            warnings.append(_outside_warning(str(indicators_path), outside, year))
        pairs += [(code, v) for code, v in imported.values if code in wanted]
        sources["import"] = {"file": Path(indicators_path).name, "shape": imported.shape, "rows": imported.rows}

    records = read_records(db, as_of=as_of, year=year, settings=weights.records, codes=codes)
    pairs += records.values
    labels: dict[str, Text] = {}
    if plugins is not None:
        found = plugin_indicators(plugins, records.histories, codes)
        pairs += found.values
        labels = found.labels
        warnings += found.warnings
        sources["plugins"] = plugins.versions()
    follow_ups: dict[str, list[FollowUp]] = {}
    for f in records.follow_ups:
        follow_ups.setdefault(f.municipality, []).append(f)
    return Gathered(units, by_unit(pairs), follow_ups, labels, warnings, sources)


def _outside_warning(path: str, codes: list[str], year: int) -> Text:
    ref = reference()
    names = [f"{ref.get(c).name_fi} ({c})" for c in codes[:5]]
    names_sv = [f"{ref.get(c).name_sv} ({c})" for c in codes[:5]]
    more = f" … +{len(codes) - 5}" if len(codes) > 5 else ""
    return Text(
        f"{path}: {len(codes)} kunnan luvut jätettiin pois, koska kunta ei ole valvottava vuonna {year}: "
        f"{', '.join(names)}{more}",
        f"{path}: siffrorna för {len(codes)} kommuner lämnades bort eftersom kommunen inte står under tillsyn "
        f"år {year}: {', '.join(names_sv)}{more}",
    )


def build(
    gathered: Gathered,
    weights: Weights,
    *,
    year: int,
    capacity: float,
    as_of: dt.date,
    seed: int,
    random_share: float | None = None,
    per: str = "municipality",
    tool_version: str = "",
) -> Plan:
    """Score every unit and allocate the inspections (pure: no database, no files)."""
    share = check_options(capacity, weights.plan.random_share if random_share is None else random_share)
    scores = rank(
        [score_unit(u, aggregate(u, gathered.indicators, weights.aggregate_of), weights) for u in gathered.units]
    )
    unit_of = {c: u.code for u in gathered.units for c in u.members}
    follow_ups: dict[str, list[FollowUp]] = {}
    for code, orders in gathered.follow_ups.items():
        if code in unit_of:
            follow_ups.setdefault(unit_of[code], []).extend(orders)
    allocation = allocate(
        scores,
        follow_ups,
        capacity=cents(capacity),
        settings=weights.plan,
        random_share=share,
        seed=seed,
        year=year,
    )
    warnings = list(gathered.warnings) + allocation.warnings
    if all(s.impact_default for s in scores):
        warnings.append(
            Text(
                "Yhdelläkään kunnalla ei ole vaikutusta kuvaavaa lukua (työnhakijat): vaikutus on kaikilla sama. "
                "Tuo luvut tiedostosta (--indicators).",
                "Ingen kommun har en siffra för konsekvens (arbetssökande): konsekvensen är densamma för alla. "
                "Importera siffror från en fil (--indicators).",
            )
        )
    return Plan(
        year=year,
        capacity=cents(capacity),
        used=allocation.used,
        as_of=as_of,
        seed=seed,
        random_share=share,
        per=per,
        weights=weights,
        inspections=allocation.inspections,
        scores=scores,
        labels=gathered.labels,
        sources=gathered.sources,
        warnings=warnings,
        tool_version=tool_version,
    )


def make_plan(
    db: Any,
    *,
    year: int,
    capacity: float,
    as_of: dt.date | None = None,
    indicators_path: str | Path | None = None,
    weights_path: str | Path | None = None,
    random_share: float | None = None,
    seed: int | None = None,
    per: str = "municipality",
    plugins: Any = None,
) -> Plan:
    """The plan the command prints. ``seed`` None draws a fresh one (printed with the plan, so it can be redone)."""
    from avi_valvonta import __version__

    check_year(year)
    weights = load_weights(weights_path)
    check_options(capacity, weights.plan.random_share if random_share is None else random_share)
    as_of = as_of or dt.date.today()
    if seed is None:
        seed = secrets.randbelow(2**31)
    elif not 0 <= seed < 2**63:
        raise UsageError(f"--seed: {seed} is not a whole number from 0 to 2**63")
    gathered = gather(
        db, year=year, as_of=as_of, weights=weights, indicators_path=indicators_path, per=per, plugins=plugins
    )
    return build(
        gathered,
        weights,
        year=year,
        capacity=capacity,
        as_of=as_of,
        seed=seed,
        random_share=random_share,
        per=per,
        tool_version=__version__,
    )


@dataclass
class ShownIndicators:
    """What ``valvonta indicators`` shows: per unit, every value (used or superseded) and its follow-ups."""

    year: int
    units: list[PlanUnit]
    values: dict[str, list[tuple[IndicatorValue, str]]]  # unit code → (value, used | superseded)
    follow_ups: dict[str, list[FollowUp]]
    labels: dict[str, Text]
    warnings: list[Text]

    def label(self, indicator_id: str, lang: str) -> str:
        return label_of(indicator_id, self.labels).get(lang)


def unit_indicators(
    db: Any,
    *,
    year: int,
    as_of: dt.date,
    names: tuple[str, ...] = (),
    indicators_path: str | Path | None = None,
    weights_path: str | Path | None = None,
    per: str = "municipality",
    plugins: Any = None,
) -> ShownIndicators:
    """The indicators of the named municipalities or areas (all supervised ones when none is named)."""
    weights = load_weights(weights_path)
    gathered = gather(
        db, year=year, as_of=as_of, weights=weights, indicators_path=indicators_path, per=per, plugins=plugins
    )
    units = gathered.units
    if names:
        wanted = {reference().resolve_unit(name).code for name in names}
        units = [u for u in units if u.code in wanted or wanted & set(u.members)]
        if not units:
            raise UsageError(f"not supervised in {year}: {', '.join(names)}")
    values = {}
    for u in units:
        found = aggregate(u, gathered.indicators, weights.aggregate_of)
        pairs = [(v, "used") for v in found.used.values()] + [(v, "superseded") for v in found.superseded]
        values[u.code] = sorted(pairs, key=lambda p: (p[0].id, p[1] != "used"))
    follow_ups = {u.code: [f for c in u.members for f in gathered.follow_ups.get(c, [])] for u in units}
    return ShownIndicators(year, units, values, follow_ups, gathered.labels, gathered.warnings)
