"""The plan: inspections within the capacity, in this order.

1. **Follow-ups** (``follow_up``) of issued correction orders whose deadline has passed without a follow-up run (on
   the as-of date, or by the time the plan year begins) — always, first, in the first quarter; a capacity too
   small for them is refused (exit 2), never quietly cut.
   Orders whose deadline passes during the plan year follow when they fit, in the quarter after the deadline.
2. **Risk** (``risk``): down the ranking (score, highest first), for units with a score above 0; an on-site visit
   for the bands the weights name (``onsite_bands``), else a desk review. On-site visits take at most
   ``onsite_share`` of the risk days (default 40 %): one costs three desk reviews and finds only a little more in
   documents (benchmarks/notes/planning.md), so the rest of a high band gets desk reviews, with a note.
3. **Random** (``random``): a share of the capacity left after follow-ups (default 10 %) is kept for units drawn
   at random from those not yet planned, so that every supervised unit can be inspected whatever its score (good
   regulatory practice: a ranking alone can be learnt and gamed). The draw uses ``random.Random(seed)`` over the
   units sorted by code: the same seed gives the same plan.

Days are counted in hundredths (integers), so ``used ≤ capacity`` holds exactly. Quarters: each inspection goes to
the earliest quarter that still has room (a quarter has a quarter of the capacity), else to the least loaded one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import Text, fdate
from avi_valvonta.planning.records import FollowUp
from avi_valvonta.planning.score import UnitScore
from avi_valvonta.planning.weights import PlanSettings

REASONS = ("follow_up", "risk", "random")


def cents(days: float) -> int:
    return round(days * 100)


def days_of(value: int) -> int | float:
    """Hundredths of a day as a JSON number: 6, not 6.0; 2.5 stays 2.5."""
    return value // 100 if value % 100 == 0 else value / 100


@dataclass
class Inspection:
    score: UnitScore
    kind: str  # desk | onsite
    days: int  # hundredths
    reason: str  # follow_up | risk | random
    quarter: int = 0
    orders: list[FollowUp] = field(default_factory=list)
    note: Text | None = None

    @property
    def code(self) -> str:
        return self.score.unit.code

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "municipality": self.code,
            "name_fi": self.score.unit.name_fi,
            "name_sv": self.score.unit.name_sv,
            "kind": self.kind,
            "quarter": self.quarter,
            "days": days_of(self.days),
            "reason": self.reason,
            "score": self.score.score,
            "band": self.score.band,
        }
        if self.orders:
            out["orders"] = [o.to_dict() for o in self.orders]
        if self.note is not None:
            out["note"] = self.note.to_dict()
        return out


@dataclass
class Allocation:
    inspections: list[Inspection]
    used: int  # hundredths
    random_budget: int
    warnings: list[Text] = field(default_factory=list)


def _follow_up_quarter(orders: list[FollowUp], year: int) -> int:
    deadline = min(o.deadline for o in orders)
    start = deadline + dt.timedelta(days=1)
    if start.year < year:
        return 1
    if start.year > year:
        return 4
    return (start.month - 1) // 3 + 1


def allocate(
    ranked: list[UnitScore],
    follow_ups: dict[str, list[FollowUp]],
    *,
    capacity: int,
    settings: PlanSettings,
    random_share: float,
    seed: int,
    year: int,
) -> Allocation:
    """Choose the inspections (``capacity`` in hundredths of a day); see the module docstring for the rules."""
    by_code = {s.unit.code: s for s in ranked}
    chosen: list[Inspection] = []
    warnings: list[Text] = []
    remaining = capacity
    fixed_quarter: dict[str, int] = {}

    # 1. Follow-ups: expired orders are a duty; refuse a capacity that cannot hold them. An order whose deadline
    # passes before the plan year begins is as expired as one past it on the as-of date.
    year_start = dt.date(year, 1, 1)

    def overdue(orders: list[FollowUp]) -> bool:
        return any(o.expired or o.deadline < year_start for o in orders)

    follow_cost = cents(settings.days(settings.follow_up_kind))
    due = sorted(
        ((code, orders) for code, orders in follow_ups.items() if code in by_code),
        key=lambda item: (not overdue(item[1]), min(o.deadline for o in item[1]), item[0]),
    )
    expired = [code for code, orders in due if overdue(orders)]
    needed = follow_cost * len(expired)
    if needed > capacity:
        raise UsageError(
            f"--capacity {days_of(capacity)}: {len(expired)} expired correction order(s) need a follow-up "
            f"inspection first ({days_of(needed)} days as {settings.follow_up_kind} reviews: "
            f"{', '.join(expired)}); give at least --capacity {days_of(needed)}"
        )
    for code, orders in due:
        if follow_cost > remaining:
            listing = ", ".join(f"{o.reference} ({fdate(o.deadline)})" for o in orders)
            warnings.append(
                Text(
                    f"{code}: määräajan {listing} jälkitarkastus ei mahtunut kapasiteettiin.",
                    f"{code}: den uppföljande granskningen efter tidsfristen {listing} rymdes inte i kapaciteten.",
                )
            )
            continue
        remaining -= follow_cost
        chosen.append(Inspection(by_code[code], settings.follow_up_kind, follow_cost, "follow_up", orders=orders))
        fixed_quarter[code] = 1 if overdue(orders) else _follow_up_quarter(orders, year)

    # 2. Risk, with the random share kept aside.
    random_budget = int(remaining * random_share)
    risk_budget = remaining - random_budget
    planned = {i.code for i in chosen}
    desk, onsite = cents(settings.desk_days), cents(settings.onsite_days)
    onsite_budget = int(risk_budget * settings.onsite_share)
    for s in ranked:
        if s.unit.code in planned or s.points <= 0:
            continue
        if risk_budget < min(desk, onsite):
            break
        kind = "onsite" if s.band in settings.onsite_bands else "desk"
        note = None
        if kind == "onsite" and (onsite > risk_budget or onsite > onsite_budget):
            kind = "desk"
            note = Text(
                "tarkastuskäynneille varattu osuus kapasiteetista on käytetty: asiakirjatarkastus",
                "den andel av kapaciteten som reserverats för inspektionsbesök är använd: dokumentgranskning",
            )
        cost = cents(settings.days(kind))
        if cost > risk_budget:
            continue
        if kind == "onsite":
            onsite_budget -= cost
        risk_budget -= cost
        chosen.append(Inspection(s, kind, cost, "risk", note=note))
        planned.add(s.unit.code)

    # 3. Random: what the risk ranking left unused joins the random share.
    budget = random_budget + risk_budget
    cost = cents(settings.days(settings.random_kind))
    pool = sorted(code for code in by_code if code not in planned)
    rng = random.Random(seed)
    rng.shuffle(pool)
    for code in pool:
        if cost > budget:
            break
        budget -= cost
        chosen.append(Inspection(by_code[code], settings.random_kind, cost, "random"))

    _quarters(chosen, capacity, fixed_quarter)
    used = sum(i.days for i in chosen)
    assert used <= capacity, (used, capacity)  # the arithmetic above guarantees it; a plan must never exceed
    return Allocation(chosen, used, random_budget, warnings)


def _quarters(chosen: list[Inspection], capacity: int, fixed: dict[str, int]) -> None:
    load = {q: 0 for q in (1, 2, 3, 4)}
    room = -(-capacity // 4)  # a quarter of the capacity, rounded up
    for i in chosen:
        if i.code in fixed:
            i.quarter = fixed[i.code]
        else:
            fits = [q for q in (1, 2, 3, 4) if load[q] + i.days <= room]
            i.quarter = fits[0] if fits else min(load, key=lambda q: (load[q], q))
        load[i.quarter] += i.days
