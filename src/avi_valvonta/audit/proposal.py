"""From findings to ONE proposed measure (checks.md "From findings to a proposed measure").

The tool proposes; a person decides. The proposal says which results justify it and why a milder measure does not
suffice. The ladder is law-aware: the measures come from the regime of the audited period (law data), so
``suspension`` exists only under 1269/2020 and ``fine_enforcement`` only under 380/2023, and either needs a prior
correction order on the same checks whose deadline has passed and which this (follow-up) run still fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from avi_valvonta.audit.report import Proposal
from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.i18n import Text
from avi_valvonta.law import Law, Regime, add_months

DEFAULTS: dict[str, Any] = {
    "correction_order_rate": 0.10,  # a high/critical fail at or above this rate is an essential shortcoming
    "remark_medium_rate": 0.10,  # a medium fail at or above this rate earns a remark
    "deadline_months": 3,  # default deadline of a correction order, from the run date
}


@dataclass(frozen=True)
class PriorOrder:
    """An issued correction order on the same municipality: what it covered and by when."""

    check_ids: frozenset[str]
    deadline: dt.date
    sanction: str  # suspension_threat | conditional_fine | none
    reference: str = ""  # diary number or decision id


def _ids(results: Iterable[Result]) -> list[str]:
    return [r.check_id for r in results]


def _rate(r: Result) -> float:
    return r.rate or 0.0


def propose(
    results: list[Result],
    regime: Regime | None,
    run_date: dt.date,
    law: Law,
    *,
    config: dict[str, Any] | None = None,
    prior_orders: Iterable[PriorOrder] = (),
) -> Proposal:
    cfg = {**DEFAULTS, **(config or {})}
    incomplete = any(r.outcome is Outcome.ERROR for r in results)
    fails = [r for r in results if r.outcome is Outcome.FAIL]
    notes: list[Text] = []
    if incomplete:
        errored = ", ".join(r.check_id for r in results if r.outcome is Outcome.ERROR)
        notes.append(
            Text(
                f"Ehdotus perustuu keskeneräiseen ajoon: tarkastus kaatui ({errored}).",
                f"Förslaget bygger på en ofullständig körning: granskningen avbröts ({errored}).",
            )
        )
    allowed = set(regime.measures) if regime else {"guidance", "remark"}

    # 1. suspension / fine enforcement: only after a non-complied order that carried the sanction.
    last_rung = (
        "suspension" if "suspension" in allowed else "fine_enforcement" if "fine_enforcement" in allowed else None
    )
    if last_rung:
        failing = {r.check_id: r for r in fails}
        wanted_sanction = "suspension_threat" if last_rung == "suspension" else "conditional_fine"
        for order in prior_orders:
            still = sorted(order.check_ids & failing.keys())
            if order.deadline < run_date and still and order.sanction == wanted_sanction:
                return Proposal(
                    last_rung,
                    still,
                    Text(
                        f"Korjausmääräystä {order.reference} ei ole noudatettu: sen määräaika "
                        f"{order.deadline:%d.%m.%Y} on päättynyt ja jälkitarkastus osoittaa samat puutteet "
                        f"({', '.join(still)}). Lievempi keino ei enää riitä.",
                        f"Föreläggandet {order.reference} har inte följts: tidsfristen {order.deadline:%d.%m.%Y} "
                        f"har gått ut och uppföljningsgranskningen visar samma brister ({', '.join(still)}). "
                        "En lindrigare åtgärd räcker inte längre.",
                    ),
                    incomplete=incomplete,
                    notes=notes,
                )

    # 2. correction order: an essential shortcoming.
    essential = [
        r
        for r in fails
        if r.severity is Severity.CRITICAL or (r.severity is Severity.HIGH and _rate(r) >= cfg["correction_order_rate"])
    ]
    if essential and "correction_order" in allowed:
        deadline = law.calendar.roll_forward(add_months(run_date, int(cfg["deadline_months"])))
        pct = round(cfg["correction_order_rate"] * 100)
        listing = ", ".join(f"{r.check_id} {r.affected}/{r.population}" for r in essential)
        if regime and regime.valid_to and run_date > regime.valid_to:
            notes.append(
                Text(
                    f"Tarkastetun ajan laki {regime.law} ei ole enää voimassa ({regime.valid_to:%d.%m.%Y} jälkeen): "
                    "korjausmääräys voi perustua vain päätöspäivänä voimassa olevaan lakiin; jatkuvat puutteet "
                    "käsitellään sen mukaan, muuten päätös on huomautus tai ohjaus (HL 53 c §).",
                    f"Lagen för den granskade perioden, {regime.law}, gäller inte längre (efter "
                    f"{regime.valid_to:%d.%m.%Y}): ett föreläggande kan bara grunda sig på den lag som gäller på "
                    "beslutsdagen; fortgående brister behandlas enligt den, annars blir beslutet en anmärkning "
                    "eller styrning (FL 53 c §).",
                )
            )
        return Proposal(
            "correction_order",
            _ids(essential),
            Text(
                f"Olennainen puute: vakava havainto vähintään {pct} %:lla tarkastetuista ({listing}). "
                "Huomautus ei riitä, koska puute koskee merkittävää osaa asiakkaista tai asiakirjoista; "
                "määräykselle on asetettava määräaika.",
                f"Väsentlig brist: allvarlig iakttagelse hos minst {pct} % av de granskade ({listing}). "
                "En anmärkning räcker inte, eftersom bristen gäller en betydande del av klienterna eller "
                "handlingarna; för föreläggandet ska en tidsfrist sättas.",
            ),
            deadline=deadline,
            incomplete=incomplete,
            notes=notes,
        )

    # 3. remark
    remark = [
        r
        for r in fails
        if r.severity in (Severity.HIGH, Severity.CRITICAL)
        or (r.severity is Severity.MEDIUM and _rate(r) >= cfg["remark_medium_rate"])
    ]
    if remark:
        listing = ", ".join(f"{r.check_id} {r.affected}/{r.population}" for r in remark)
        return Proposal(
            "remark",
            _ids(remark),
            Text(
                f"Lainvastaista menettelyä, joka ei ole olennainen puute ({listing}); huomautus tulevan "
                "toiminnan varalle riittää.",
                f"Lagstridigt förfarande som inte är en väsentlig brist ({listing}); en anmärkning för "
                "framtiden räcker.",
            ),
            incomplete=incomplete,
            notes=notes,
        )

    # 4. guidance
    if fails:
        listing = ", ".join(f"{r.check_id} {r.affected}/{r.population}" for r in fails)
        return Proposal(
            "guidance",
            _ids(fails),
            Text(
                f"Vähäisiä puutteita ({listing}): riittää kiinnittää huomiota hyvään hallintoon.",
                f"Mindre brister ({listing}): det räcker att fästa uppmärksamhet vid god förvaltning.",
            ),
            incomplete=incomplete,
            notes=notes,
        )
    return Proposal(
        "none",
        [],
        Text("Ei puutteita, ei toimenpiteitä.", "Inga brister, inga åtgärder."),
        incomplete=incomplete,
        notes=notes,
    )
