"""From findings to ONE proposed measure (checks.md "From findings to a proposed measure").

The tool proposes; a person decides. The proposal says which results justify it and why a milder measure does not
suffice. The ladder, top rung first:

1. ``suspension`` (keskeyttäminen, 1269/2020 22 § 3 mom) or ``fine_enforcement`` (uhkasakon maksettavaksi
   tuomitseminen, 380/2023 26 § 2 mom + uhkasakkolaki 1113/1990): only after an issued correction order on the same
   check ids that carried this sanction, whose deadline has passed, and which a follow-up run (its period, as-of
   date and run date after the deadline) still fails. Which of the two exists is law data: the measure with
   ``requires_prior_order`` of the regime in force on the run date (the earliest possible decision date), and the
   sanction it enforces is that regime's ``correction_order_sanction``. Never proposed otherwise; every reason it
   was not proposed becomes a note.
2. ``correction_order`` (määräys puutteiden korjaamisesta): an essential shortcoming, i.e. a ``high`` or
   ``critical`` fail at or above the configured rate, or any ``critical``. Always with a deadline.
3. ``remark`` (huomautus): any other ``high`` fail, or a ``medium`` fail at or above the configured rate.
4. ``guidance`` (hallinnollinen ohjaus): any other fail.
5. ``none``.

Only ``fail`` results count: ``muted`` (waived), ``manual`` and ``not_applicable`` never contribute; an ``error``
makes the proposal say that it rests on an incomplete run. Thresholds: ``[proposal]`` in the config file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from avi_valvonta.audit.report import Proposal
from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import Text, fdate
from avi_valvonta.law import Law, Regime, add_months

DEFAULTS: dict[str, Any] = {
    "correction_order_rate": 0.10,  # a high/critical fail at or above this rate is an essential shortcoming
    "remark_medium_rate": 0.10,  # a medium fail at or above this rate earns a remark
    "deadline_months": 3,  # default deadline of a correction order, from the run date
}

SANCTIONS = {
    "suspension_threat": Text("keskeyttämisen uhka", "hot om avbrytande"),
    "conditional_fine": Text("uhkasakko", "vite"),
    "none": Text("ei tehostetta", "inget påföljdshot"),
}


@dataclass(frozen=True)
class PriorOrder:
    """An issued correction order on the same municipality: what it covered, by when, under which sanction.

    ``deadline`` None is an order without a deadline: the law requires one (1269/2020 22 § 2 mom, 380/2023 26 §
    2 mom), so such an order cannot be enforced and never opens the last rung.
    """

    check_ids: frozenset[str]
    deadline: dt.date | None
    sanction: str  # suspension_threat | conditional_fine | none
    reference: str = ""  # diary number or decision id


def proposal_config(config: dict[str, Any] | None) -> dict[str, Any]:
    """``[proposal]`` of the config file over the defaults, validated: a wrong threshold is a user's mistake."""
    cfg = dict(DEFAULTS)
    for key, value in (config or {}).items():
        if key not in DEFAULTS:
            raise UsageError(f"config [proposal]: unknown setting {key!r} (known: {', '.join(DEFAULTS)})")
        if key == "deadline_months":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(
                    f"config [proposal] deadline_months: a correction order must have a deadline, so this must be "
                    f"a whole number of months of at least 1, not {value!r}"
                )
        elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise UsageError(f"config [proposal] {key}: a rate from 0 to 1 (e.g. 0.10), not {value!r}")
        cfg[key] = value
    return cfg


def _rate(r: Result) -> float:
    return r.rate or 0.0


def _listing(results: Iterable[Result]) -> str:
    return ", ".join(f"{r.check_id} {r.affected}/{r.population}" for r in results)


def _last_rung(law: Law, decision_regime: Regime | None) -> str | None:
    """The measure that enforces a non-complied order in the regime in force on the decision date (law data)."""
    if decision_regime is None:
        return None
    for key in decision_regime.measures:
        if key in law.measures and law.measure(key).requires_prior_order:
            return key
    return None


def _enforcement(
    fails: list[Result],
    prior_orders: Iterable[PriorOrder],
    law: Law,
    run_date: dt.date,
    as_of: dt.date | None,
    period_end: dt.date | None,
) -> tuple[Proposal | None, list[Text]]:
    """Rung 1: an enforceable, non-complied order; else the reasons why not (as notes for the inspector)."""
    notes: list[Text] = []
    orders = sorted(prior_orders, key=lambda o: (o.deadline or dt.date.max, o.reference))
    if not orders:
        return None, notes
    decision_regime = law.regime_on(run_date)
    last = _last_rung(law, decision_regime)
    failing = {r.check_id: r for r in fails}
    for order in orders:
        ref = order.reference or "-"
        still = sorted(order.check_ids & failing.keys())
        if order.deadline is None:
            notes.append(
                Text(
                    f"Korjausmääräyksellä {ref} ei ole määräaikaa, joten sen noudattamatta jättämiseen ei voi "
                    "vedota: määräykselle on asetettava määräaika (1269/2020 22 § 2 mom; 380/2023 26 § 2 mom).",
                    f"Föreläggandet {ref} har ingen tidsfrist, så underlåtenhet att följa det kan inte åberopas: "
                    "en tidsfrist ska sättas (1269/2020 22 § 2 mom; 380/2023 26 § 2 mom).",
                )
            )
            continue
        deadline = fdate(order.deadline)
        if not still:
            notes.append(
                Text(
                    f"Korjausmääräyksen {ref} kohteena olleet puutteet ({', '.join(sorted(order.check_ids))}) eivät "
                    "enää näy tässä ajossa puutteina.",
                    f"De brister som föreläggandet {ref} gällde ({', '.join(sorted(order.check_ids))}) syns inte "
                    "längre som brister i denna körning.",
                )
            )
            continue
        after = [d for d in (run_date, as_of, period_end) if d is not None]
        if not all(d > order.deadline for d in after):
            notes.append(
                Text(
                    f"Korjausmääräyksen {ref} määräaika {deadline} ei ole päättynyt ennen tämän ajon tarkastettua "
                    "aikaa ja tilannepäivää: noudattamatta jättämisen voi todeta vasta määräajan jälkeisestä "
                    "jälkitarkastuksesta.",
                    f"Tidsfristen {deadline} i föreläggandet {ref} hade inte gått ut före den granskade perioden "
                    "och lägesdagen i denna körning: underlåtenhet kan konstateras först vid en uppföljande "
                    "granskning efter tidsfristen.",
                )
            )
            continue
        if last is None or decision_regime is None:
            notes.append(
                Text(
                    f"Korjausmääräystä {ref} ei ole noudatettu ({', '.join(still)}), mutta {fdate(run_date)} "
                    "voimassa oleva laki ei tunne sen noudattamatta jättämisen seuraamusta.",
                    f"Föreläggandet {ref} har inte följts ({', '.join(still)}), men den lag som gäller "
                    f"{fdate(run_date)} känner ingen påföljd för underlåtenheten.",
                )
            )
            continue
        wanted = decision_regime.correction_order_sanction
        measure = law.measure(last)
        if order.sanction != wanted:
            had = SANCTIONS.get(order.sanction, SANCTIONS["none"])
            need = SANCTIONS.get(wanted, Text(wanted, wanted))
            notes.append(
                Text(
                    f"Korjausmääräystä {ref} ei ole noudatettu ({', '.join(still)}), mutta seuraamusta "
                    f"({measure.name.fi}) ei voi ehdottaa: sen edellytys on määräys, jonka tehosteena on "
                    f"{need.fi} ({decision_regime.law}), ja määräyksen {ref} tehoste oli: {had.fi}. Seuraava "
                    f"askel on uusi korjausmääräys, jonka tehosteena on {need.fi}.",
                    f"Föreläggandet {ref} har inte följts ({', '.join(still)}), men påföljden "
                    f"({measure.name.sv}) kan inte föreslås: den förutsätter ett föreläggande förenat med "
                    f"{need.sv} ({decision_regime.law}), och föreläggandet {ref} var förenat med: {had.sv}. Nästa "
                    f"steg är ett nytt föreläggande förenat med {need.sv}.",
                )
            )
            continue
        basis = ", ".join(measure.basis_in(decision_regime))
        listing = _listing(failing[c] for c in still)
        return (
            Proposal(
                last,
                still,
                Text(
                    f"Korjausmääräystä {ref} ei ole noudatettu: sen määräaika {deadline} on päättynyt ja "
                    f"määräajan jälkeinen jälkitarkastus osoittaa samat puutteet ({listing}). Määräyksen "
                    f"tehosteena oli {SANCTIONS[wanted].fi}; lievempi keino ei enää riitä ({basis}).",
                    f"Föreläggandet {ref} har inte följts: tidsfristen {deadline} har gått ut och den "
                    f"uppföljande granskningen efter tidsfristen visar samma brister ({listing}). Föreläggandet "
                    f"var förenat med {SANCTIONS[wanted].sv}; en lindrigare åtgärd räcker inte längre ({basis}).",
                ),
            ),
            notes,
        )
    return None, notes


def propose(
    results: list[Result],
    regime: Regime | None,
    run_date: dt.date,
    law: Law,
    *,
    config: dict[str, Any] | None = None,
    prior_orders: Iterable[PriorOrder] = (),
    as_of: dt.date | None = None,
    period_end: dt.date | None = None,
) -> Proposal:
    """The one proposed measure. ``regime``: the law of the audited period; ``run_date``: today (the proposal's
    deadline counts from it, and the law in force on it decides the last rung); ``as_of``/``period_end``: what the
    follow-up run looked at (both must be after a prior order's deadline)."""
    cfg = proposal_config(config)
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
    enforced, enforcement_notes = _enforcement(fails, prior_orders, law, run_date, as_of, period_end)
    notes += enforcement_notes
    if enforced is not None:
        enforced.incomplete = incomplete
        enforced.notes = notes
        return enforced

    # 2. correction order: an essential shortcoming.
    essential = [
        r
        for r in fails
        if r.severity is Severity.CRITICAL or (r.severity is Severity.HIGH and _rate(r) >= cfg["correction_order_rate"])
    ]
    if essential and "correction_order" in allowed:
        deadline = law.calendar.roll_forward(add_months(run_date, int(cfg["deadline_months"])))
        pct = round(cfg["correction_order_rate"] * 100)
        listing = _listing(essential)
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
            [r.check_id for r in essential],
            Text(
                f"Olennainen puute: vakava havainto vähintään {pct} %:lla tarkastetuista ({listing}). "
                "Huomautus ei riitä, koska puute koskee merkittävää osaa asiakkaista tai asiakirjoista; "
                f"määräykselle on asetettava määräaika, ehdotus {fdate(deadline)}.",
                f"Väsentlig brist: allvarlig iakttagelse hos minst {pct} % av de granskade ({listing}). "
                "En anmärkning räcker inte, eftersom bristen gäller en betydande del av klienterna eller "
                f"handlingarna; för föreläggandet ska en tidsfrist sättas, förslag {fdate(deadline)}.",
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
        listing = _listing(remark)
        return Proposal(
            "remark",
            [r.check_id for r in remark],
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
        listing = _listing(fails)
        return Proposal(
            "guidance",
            [r.check_id for r in fails],
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
