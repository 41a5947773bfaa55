"""Law as data: supervisors, regimes, measures and deadline rule sets, each looked up by date.

Nothing legal is an ``if year > 2024`` in a check: checks ask this module what was in force on a date, and get the
statute to cite with the answer. The data lives in ``data/law.toml``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from avi_valvonta.i18n import Text
from avi_valvonta.law.calendar import CALENDAR, WorkingDayCalendar, add_months
from avi_valvonta.reference import Reference, SupervisedUnit, reference

EXPERIMENT_START = dt.date(2021, 3, 1)
SUPERVISION_START = EXPERIMENT_START  # the supervisor's competence starts with the experiment (1269/2020)


def _in(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Supervisor:
    id: str
    short: str
    name: Text
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str
    verified: bool
    diary_prefix: str
    note: str = ""


@dataclass(frozen=True)
class Regime:
    id: str
    law: str
    title: Text
    valid_from: dt.date
    valid_to: dt.date | None
    supervised: str
    basis: str
    measures: tuple[str, ...]
    correction_order_sanction: str

    def valid_on(self, day: dt.date) -> bool:
        return _in(day, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Measure:
    key: str
    rank: int
    name: Text
    appealable: bool
    appeal_basis: dict[str, str]
    basis: dict[str, tuple[str, ...]]
    requires_deadline: bool = False
    requires_prior_order: bool = False
    enforceable_despite_appeal: str | None = None
    appeal_days: int | None = None  # appeal period from service (808/2019 13 §), for appealable measures
    sanction_basis: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the basis part about a sanction

    def basis_in(self, regime: Regime) -> tuple[str, ...]:
        return self.basis.get(regime.id, ())


@dataclass(frozen=True)
class RuleSetPeriod:
    valid_from: dt.date
    valid_to: dt.date | None
    basis: tuple[str, ...]
    verified: bool = True
    note: str = ""

    def contains(self, day: dt.date) -> bool:
        return _in(day, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class RuleSet:
    """A set of deadline rules with the periods it was in force and the statute of each period."""

    id: str
    title: Text
    params: dict[str, Any]
    periods: tuple[RuleSetPeriod, ...]
    applies_by: str = "start_date"
    note: str = ""

    def period_on(self, day: dt.date) -> RuleSetPeriod | None:
        for p in self.periods:
            if p.contains(day):
                return p
        return None

    def rule(self, name: str) -> dict[str, Any]:
        return dict(self.params.get(name, {}))


@dataclass(frozen=True)
class RuleSetInForce:
    """A rule set as it applied on one date: the rules plus the statute of that period."""

    rule_set: RuleSet
    period: RuleSetPeriod

    @property
    def id(self) -> str:
        return self.rule_set.id

    @property
    def basis(self) -> tuple[str, ...]:
        return self.period.basis

    @property
    def verified(self) -> bool:
        return self.period.verified

    def rule(self, name: str) -> dict[str, Any]:
        return self.rule_set.rule(name)


@dataclass(frozen=True)
class ProvisionPeriod:
    valid_from: dt.date
    valid_to: dt.date | None
    applies_to: str  # all | bilingual | saami_homeland
    basis: tuple[str, ...]

    def contains(self, day: dt.date) -> bool:
        return _in(day, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Provision:
    """A rule whose reach depends on the date and the municipality (e.g. the client's language, 380/2023 19 §)."""

    id: str
    title: Text
    periods: tuple[ProvisionPeriod, ...]

    def period_on(self, day: dt.date) -> ProvisionPeriod | None:
        for p in self.periods:
            if p.contains(day):
                return p
        return None


@dataclass
class Law:
    supervisors: list[Supervisor]
    regimes: list[Regime]
    measures: dict[str, Measure]
    rule_sets: dict[str, RuleSet]
    provisions: dict[str, Provision] = field(default_factory=dict)
    calendar: WorkingDayCalendar = field(default=CALENDAR)
    ref: Reference = field(default_factory=reference)

    # -- by date ---------------------------------------------------------------------------------------------

    def supervisor_on(self, day: dt.date) -> Supervisor:
        for s in self.supervisors:
            if _in(day, s.valid_from, s.valid_to):
                return s
        return self.supervisors[-1]

    def regime_on(self, day: dt.date) -> Regime | None:
        for r in self.regimes:
            if r.valid_on(day):
                return r
        return None

    def regimes_between(self, start: dt.date, end: dt.date) -> list[Regime]:
        return [r for r in self.regimes if _in(end, r.valid_from, None) and _in(start, None, r.valid_to)]

    def rule_set_on(self, day: dt.date, *, by: str = "start_date") -> RuleSetInForce | None:
        """The deadline rule set in force on ``day``.

        ``by="due_date"`` also considers rule sets chosen by the due date of a duty (``covid-2020``), which then
        take precedence inside their window.
        """
        candidates = []
        for rs in self.rule_sets.values():
            if rs.applies_by == "due_date" and by != "due_date":
                continue
            period = rs.period_on(day)
            if period is not None:
                candidates.append((rs.applies_by == "due_date", RuleSetInForce(rs, period)))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0], reverse=True)
        return candidates[0][1]

    def rule_sets_between(self, start: dt.date, end: dt.date) -> list[RuleSetInForce]:
        """Every (rule set, period) that overlaps [start, end], in date order."""
        out = []
        for rs in self.rule_sets.values():
            for p in rs.periods:
                if _in(end, p.valid_from, None) and _in(start, None, p.valid_to):
                    out.append(RuleSetInForce(rs, p))
        return sorted(out, key=lambda r: r.period.valid_from)

    def provision_on(self, provision_id: str, day: dt.date, unit: SupervisedUnit) -> ProvisionPeriod | None:
        """The provision's period in force on ``day`` if it reaches ``unit``, else None."""
        period = self.provisions[provision_id].period_on(day)
        if period is None:
            return None
        if period.applies_to == "bilingual" and not unit.bilingual:
            return None
        if period.applies_to == "saami_homeland" and not unit.saami_homeland:
            return None
        return period

    def provision_reaches(self, provision_id: str, start: dt.date, end: dt.date, unit: SupervisedUnit) -> bool:
        """Whether the provision reaches ``unit`` on any day of [start, end] (checked at every period boundary)."""
        days = {start, end}
        for p in self.provisions[provision_id].periods:
            for d in (p.valid_from, p.valid_to):
                if d is not None and start <= d <= end:
                    days.add(d)
        return any(self.provision_on(provision_id, d, unit) is not None for d in days)

    # -- jurisdiction ----------------------------------------------------------------------------------------

    def supervised_on(self, municipality_code: str, day: dt.date) -> tuple[bool, Text]:
        """Whether the supervisor had competence over the municipality's employment services on ``day``."""
        regime = self.regime_on(day)
        if regime is None:
            return False, Text(
                f"valvojalla ei ollut toimivaltaa {day:%d.%m.%Y} (valvonta alkoi 1.3.2021, 1269/2020)",
                f"tillsynsmyndigheten var inte behörig {day:%d.%m.%Y} (tillsynen började 1.3.2021, 1269/2020)",
            )
        if regime.supervised == "experiment_municipalities":
            area = self.ref.experiment_area_of(municipality_code, day)
            if area is None:
                return False, Text(
                    "kunta ei ollut kokeilualueen kunta (1269/2020 3 §); TE-toimiston tehtävät eivät kuulu "
                    "valvojan toimivaltaan",
                    "kommunen var inte en kommun i ett försöksområde (1269/2020 3 §); arbets- och "
                    "näringsbyråns uppgifter hör inte till tillsynsmyndighetens behörighet",
                )
            return True, Text(
                f"kokeilualueen kunta: {area.name_fi} (1269/2020 3 §)",
                f"kommun i försöksområde: {area.name_sv} (1269/2020 3 §)",
            )
        area = self.ref.employment_area_of(municipality_code, day)
        if area is not None and not area.under_380_2023:
            return False, Text(
                "Ahvenanmaan työvoimapalvelut kuuluvat maakunnan toimivaltaan, eivät lakiin 380/2023",
                "arbetskraftsservicen på Åland hör till landskapets behörighet, inte till lag 380/2023",
            )
        return True, Text("työvoimaviranomainen (380/2023)", "arbetskraftsmyndighet (380/2023)")

    def unit_supervised_on(self, unit: SupervisedUnit, day: dt.date) -> tuple[bool, Text]:
        results = [self.supervised_on(code, day) for code in sorted(unit.member_codes)]
        for ok, reason in results:
            if not ok:
                return False, reason
        return results[0]

    def measure(self, key: str) -> Measure:
        return self.measures[key]

    def measures_on(self, day: dt.date) -> list[Measure]:
        regime = self.regime_on(day)
        if regime is None:
            return []
        return [self.measures[k] for k in regime.measures]

    # -- warnings --------------------------------------------------------------------------------------------

    def unverified_between(self, start: dt.date, end: dt.date) -> list[Text]:
        """Warnings for every rule set applied in [start, end] that is not verified against enacted law."""
        notes = []
        for rif in self.rule_sets_between(start, end):
            if not rif.verified and rif.rule_set.applies_by != "due_date":
                since = f"{rif.period.valid_from:%d.%m.%Y}"
                notes.append(
                    Text(
                        f"Määräaikasääntöjä {rif.id} ei ole varmennettu {since} alkaen voimassa olevaa lakia vastaan "
                        "(HE 108/2025 ehdotti muutoksia); vuoden 2025 sääntöjä sovellettiin, tulokset ovat alustavia.",
                        f"Tidsfristreglerna {rif.id} har inte verifierats mot gällande lag från {since} "
                        "(RP 108/2025 föreslog ändringar); 2025 års regler tillämpades, resultaten är preliminära.",
                    )
                )
        return notes


def _load() -> Law:
    data = tomllib.loads(files("avi_valvonta.law").joinpath("data", "law.toml").read_text(encoding="utf-8"))
    supervisors = [
        Supervisor(
            id=s["id"],
            short=s["short"],
            name=Text(s["name_fi"], s["name_sv"]),
            valid_from=s["valid_from"],
            valid_to=s.get("valid_to"),
            basis=s["basis"],
            verified=s.get("verified", True),
            diary_prefix=s["diary_prefix"],
            note=s.get("note", ""),
        )
        for s in data["supervisor"]
    ]
    regimes = [
        Regime(
            id=r["id"],
            law=r["law"],
            title=Text(r["title_fi"], r["title_sv"]),
            valid_from=r["valid_from"],
            valid_to=r.get("valid_to"),
            supervised=r["supervised"],
            basis=r["basis"],
            measures=tuple(r["measures"]),
            correction_order_sanction=r["correction_order_sanction"],
        )
        for r in data["regime"]
    ]
    measures = {}
    for m in data["measure"]:
        appeal = m.get("appeal_basis", "")
        measures[m["key"]] = Measure(
            key=m["key"],
            rank=m["rank"],
            name=Text(m["name_fi"], m["name_sv"]),
            appealable=m["appealable"],
            appeal_basis=appeal if isinstance(appeal, dict) else {r.id: appeal for r in regimes},
            basis={k: tuple(v) for k, v in m.get("basis", {}).items()},
            requires_deadline=m.get("requires_deadline", False),
            requires_prior_order=m.get("requires_prior_order", False),
            enforceable_despite_appeal=m.get("enforceable_despite_appeal"),
            appeal_days=m.get("appeal_days"),
            sanction_basis={k: tuple(v) for k, v in m.get("sanction_basis", {}).items()},
        )
    rule_sets = {}
    for rs in data["rule_set"]:
        params = {k: v for k, v in rs.items() if isinstance(v, dict)}
        periods = tuple(
            RuleSetPeriod(
                valid_from=p["valid_from"],
                valid_to=p.get("valid_to"),
                basis=tuple(p["basis"]),
                verified=p.get("verified", True),
                note=p.get("note", ""),
            )
            for p in rs["period"]
        )
        rule_sets[rs["id"]] = RuleSet(
            id=rs["id"],
            title=Text(rs["title_fi"], rs["title_sv"]),
            params=params,
            periods=periods,
            applies_by=rs.get("applies_by", "start_date"),
            note=rs.get("note", ""),
        )
    provisions = {
        pr["id"]: Provision(
            id=pr["id"],
            title=Text(pr["title_fi"], pr["title_sv"]),
            periods=tuple(
                ProvisionPeriod(p["valid_from"], p.get("valid_to"), p["applies_to"], tuple(p["basis"]))
                for p in pr["period"]
            ),
        )
        for pr in data.get("provision", [])
    }
    return Law(supervisors, regimes, measures, rule_sets, provisions)


@cache
def law() -> Law:
    """The law data, loaded once per process."""
    return _load()


__all__ = [
    "CALENDAR",
    "EXPERIMENT_START",
    "Law",
    "Measure",
    "Provision",
    "ProvisionPeriod",
    "Regime",
    "RuleSet",
    "RuleSetInForce",
    "Supervisor",
    "WorkingDayCalendar",
    "add_months",
    "law",
]
