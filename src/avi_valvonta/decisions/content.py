"""The content of a letter: facts from an audit run or a complaint, and the law of the decision date.

Everything a letter says that is law comes from the law data by the decision date (``law()``): the authority and
its letterhead (LSSAVI until 31.12.2025, Lupa- ja valvontavirasto from 1.1.2026), whether the measure exists
(a suspension only under 1269/2020), its legal basis, whether it can be appealed and how. What the law does not
allow is refused (:class:`RefusedError`, exit 2) before anything is written:

- a measure the law in force on the decision date does not know;
- a correction order without a deadline (1269/2020 22 § 2 mom, 380/2023 26 § 2 mom);
- a suspension without an issued order under the threat of suspension, on the same checks, whose deadline has
  passed and which the (follow-up) run still fails (1269/2020 22 § 3 mom).

The content is a plain JSON-able dict, masked, that is frozen into ``decisions.data`` when the decision is issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from avi_valvonta.checks import AREAS, SEVERITY_LABELS, UNITS, Severity
from avi_valvonta.decisions.citations import cite, cite_all
from avi_valvonta.decisions.complaints import ComplaintFacts
from avi_valvonta.decisions.letters import KINDS, RULING_OUTCOMES, SANCTIONS, SCOPES, LetterKind
from avi_valvonta.errors import RefusedError, UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.identity import mask_data
from avi_valvonta.law import Law, Measure, Regime, add_months, law
from avi_valvonta.reference import SupervisedUnit, reference

SCHEMA = "avi-valvonta/decision/1"
EVIDENCE_IN_LETTER = 5  # per result; the whole evidence stays in the stored run
DEFAULT_TITLES = {
    "decision_maker": Text("ylitarkastaja", "överinspektör"),
    "presenter": Text("tarkastaja", "inspektör"),
}


@dataclass(frozen=True)
class Signer:
    name: str
    title: Text

    def to_dict(self, lang: str) -> dict[str, str]:
        return {"name": self.name, "title": self.title.get(lang)}


@dataclass
class DecisionSettings:
    """``[decisions]`` of the config file, overridden by command-line options.

    ``decision_maker``/``presenter``: a name, or a table ``{ name = "…", title_fi = "…", title_sv = "…" }``;
    ``diary_prefix``: overrides the authority's prefix in the law data; ``copies``: who gets a copy (tiedoksi).
    """

    decision_maker: Signer | None = None
    presenter: Signer | None = None
    diary_prefix: str | None = None
    copies: list[str] = field(default_factory=list)

    @classmethod
    def from_config(
        cls, config: dict[str, Any], *, decision_maker: str | None = None, presenter: str | None = None
    ) -> DecisionSettings:
        section = config.get("decisions") or {}
        if not isinstance(section, dict):
            raise UsageError("config: [decisions] must be a table")

        def signer(role: str, override: str | None) -> Signer | None:
            value: Any = override if override else section.get(role)
            if not value:
                return None
            default = DEFAULT_TITLES[role]
            if isinstance(value, str):
                return Signer(value, default)
            if isinstance(value, dict) and value.get("name"):
                title = Text(value.get("title_fi") or default.fi, value.get("title_sv") or default.sv)
                if override:
                    return Signer(override, title)
                return Signer(str(value["name"]), title)
            raise UsageError(f"config: [decisions] {role} must be a name or {{ name, title_fi, title_sv }}")

        copies = section.get("copies") or []
        if not isinstance(copies, list) or not all(isinstance(c, str) for c in copies):
            raise UsageError("config: [decisions] copies must be a list of names")
        return cls(
            decision_maker=signer("decision_maker", decision_maker),
            presenter=signer("presenter", presenter),
            diary_prefix=section.get("diary_prefix") or None,
            copies=list(copies),
        )


@dataclass
class DraftRequest:
    """What ``decision draft`` was asked for (the service's input; the CLI only parses into this)."""

    measure: str
    decision_date: dt.date
    run_id: str | None = None
    complaint: ComplaintFacts | None = None
    deadline: dt.date | None = None
    lang: str | None = None
    check_ids: tuple[str, ...] = ()
    sanction: str | None = None
    fine: Decimal | None = None
    scope: str | None = None
    reason: str | None = None  # the inspector's own assessment, added to the letter as written (escaped)
    corrects: str | None = None  # id or number of an issued decision this one corrects


@dataclass(frozen=True)
class PriorOrderRow:
    """An issued correction order as a suspension needs it (from the decisions table)."""

    id: str
    number: str
    decision_date: dt.date
    deadline: dt.date
    check_ids: tuple[str, ...]
    sanction: str


@dataclass
class Content:
    data: dict[str, Any]  # the letter's content (masked, JSON-able)
    kind: LetterKind
    municipality_code: str
    check_ids: list[str]
    deadline: dt.date | None
    sanction: str | None
    appealable: bool
    authority: str
    lang: str
    warnings: list[str] = field(default_factory=list)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def letter_language(unit: SupervisedUnit | None, recipient_language: str | None = None) -> str:
    """The recipient's language (kielilaki 423/2003 19 §): a person's own Finnish or Swedish; a municipality's
    language, and for a bilingual one its majority language."""
    if recipient_language in ("fi", "sv"):
        return recipient_language
    if unit is None:
        return "fi"
    return unit.majority if unit.majority in ("fi", "sv") else unit.languages[0]


def _unit(code: str) -> SupervisedUnit:
    return reference().resolve_unit(code)


def _regime_on(the_law: Law, day: dt.date) -> Regime:
    regime = the_law.regime_on(day)
    if regime is None:
        raise RefusedError(
            f"no supervision law was in force on {day:%d.%m.%Y}: the supervisor's competence over municipal "
            "employment services began on 1.3.2021 (1269/2020)"
        )
    return regime


def _measure_in_force(the_law: Law, regime: Regime, key: str, day: dt.date) -> Measure:
    if key not in regime.measures:
        known = ", ".join(regime.measures)
        raise RefusedError(
            f"{key} is not a measure under {regime.law} on the decision date {day:%d.%m.%Y} "
            f"(the law in force then knows: {known})"
        )
    return the_law.measure(key)


def _supervised(the_law: Law, unit: SupervisedUnit, day: dt.date) -> None:
    ok, reason = the_law.unit_supervised_on(unit, day)
    if not ok:
        raise RefusedError(f"{unit.name_fi} ({unit.code}) was not under supervision on {day:%d.%m.%Y}: {reason.fi}")


def _authority(the_law: Law, day: dt.date, prefix: str | None) -> dict[str, Any]:
    s = the_law.supervisor_on(day)
    return {
        "id": s.id,
        "short": s.short,
        "name_fi": s.name.fi,
        "name_sv": s.name.sv,
        "basis": s.basis,
        "verified": s.verified,
        "diary_prefix": prefix or s.diary_prefix,
    }


def _regime(regime: Regime) -> dict[str, Any]:
    return {"id": regime.id, "law": regime.law, "title_fi": regime.title.fi, "title_sv": regime.title.sv}


def _measure(m: Measure, regime: Regime, lang: str, sanction: str | None = None) -> dict[str, Any]:
    basis = list(m.basis_in(regime))
    if sanction in (None, "none"):
        # An order without a sanction does not cite the provisions about the sanction.
        basis = [b for b in basis if b not in m.sanction_basis.get(regime.id, ())]
    return {
        "key": m.key,
        "name": m.name.get(lang),
        "basis": basis,
        "appealable": m.appealable,
        "appeal_basis": m.appeal_basis.get(regime.id, ""),
        "appeal_days": m.appeal_days,
        "enforceable_despite_appeal": m.enforceable_despite_appeal,
    }


def _evidence_text(e: dict[str, Any], lang: str) -> dict[str, Any]:
    detail = e.get("detail_i18n") or e.get("detail") or ""
    text = detail.get(lang) if isinstance(detail, dict) else str(detail)
    label = " ".join(str(e[k]) for k in ("client_id", "event_id") if e.get(k)) or str(e.get("file") or "")
    return {"label": label, "text": text, "excerpt": e.get("excerpt")}


def _result(r: dict[str, Any], lang: str) -> dict[str, Any]:
    def pick(value: Any) -> str:
        if isinstance(value, dict):
            return str(value.get(lang) or value.get("fi") or "")
        return str(value or "")

    severity = r.get("severity")
    evidence = r.get("evidence") or []
    return {
        "check_id": r["check_id"],
        "title": pick(r.get("title")) or r["check_id"],
        "area": AREAS[r["area"]].get(lang) if r.get("area") in AREAS else str(r.get("area") or ""),
        "severity": SEVERITY_LABELS[Severity(severity)].get(lang) if severity else "",
        "outcome": r["outcome"],
        "population": r.get("population"),
        "affected": r.get("affected"),
        "rate": r.get("rate"),
        "unit": UNITS.get(r.get("unit") or "clients", UNITS["clients"]).get(lang),
        "legal_basis": list(r.get("legal_basis") or []),
        "message": pick(r.get("message")).rstrip(" ."),
        "evidence": [_evidence_text(e, lang) for e in evidence[:EVIDENCE_IN_LETTER]],
        "evidence_total": len(evidence),
    }


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _signers(settings: DecisionSettings, lang: str, *, decision: bool) -> dict[str, Any]:
    if settings.decision_maker is None:
        raise UsageError(
            "who signs the letter? --decision-maker NAME (and --presenter NAME for a decision), or in the config "
            'file: [decisions] decision_maker = { name = "…", title_fi = "…", title_sv = "…" }'
        )
    if decision and settings.presenter is None:
        raise UsageError(
            "a decision is presented by an official: --presenter NAME, or [decisions] presenter in the config file"
        )
    return {
        "decision_maker": settings.decision_maker.to_dict(lang),
        "presenter": settings.presenter.to_dict(lang) if settings.presenter else None,
    }


def _fine(value: Decimal | None) -> str | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise UsageError(f"--fine: not an amount in euros: {value!r}") from None
    if amount <= 0:
        raise UsageError(f"--fine: must be more than 0 euros, not {value}")
    return str(amount)


def _check_deadline(deadline: dt.date, day: dt.date, the_law: Law, warnings: list[str]) -> None:
    if deadline <= day:
        raise RefusedError(f"the deadline {deadline:%d.%m.%Y} must come after the decision date {day:%d.%m.%Y}")
    if not the_law.calendar.is_working_day(deadline):
        nxt = the_law.calendar.roll_forward(deadline)
        warnings.append(
            f"the deadline {deadline:%d.%m.%Y} is not a working day; by 150/1930 it would move to {nxt:%d.%m.%Y}"
        )


def build_run_letter(
    req: DraftRequest,
    kind: LetterKind,
    run: Any,
    settings: DecisionSettings,
    prior_orders: list[PriorOrderRow],
    corrected: dict[str, Any] | None,
) -> Content:
    """Guidance, remark, correction order or suspension, from a stored audit run."""
    the_law = law()
    day = req.decision_date
    report: dict[str, Any] = run.report
    unit = _unit(report["municipality"]["code"])
    regime = _regime_on(the_law, day)
    assert kind.measure is not None
    measure = _measure_in_force(the_law, regime, kind.measure, day)
    _supervised(the_law, unit, day)
    lang = req.lang or letter_language(unit)
    warnings: list[str] = []

    results = report.get("results") or []
    fails = {r["check_id"]: r for r in results if r.get("outcome") == "fail"}
    proposal = report.get("proposal") or {}
    if req.check_ids:
        unknown = [c for c in req.check_ids if c not in fails]
        if unknown:
            raise UsageError(
                f"--check: {', '.join(unknown)} did not fail in run {run.id} (failed: {', '.join(fails) or 'none'})"
            )
        check_ids = list(req.check_ids)
    elif proposal.get("measure") == kind.measure and proposal.get("check_ids"):
        check_ids = [c for c in proposal["check_ids"] if c in fails]
    else:
        check_ids = list(fails)
    if not check_ids:
        raise RefusedError(f"run {run.id} has no failing result to base a {kind.key} on")

    deadline = req.deadline
    sanction: str | None = None
    fine = None
    prior: PriorOrderRow | None = None
    if measure.requires_deadline:
        if deadline is None:
            hint = f" (the run proposed {proposal['deadline']})" if proposal.get("deadline") else ""
            raise RefusedError(
                f"a {kind.key} must set a deadline ({', '.join(measure.basis_in(regime))}): --deadline DATE{hint}"
            )
        _check_deadline(deadline, day, the_law, warnings)
        sanction = req.sanction or regime.correction_order_sanction
        if sanction not in SANCTIONS:
            raise UsageError(f"--sanction: unknown {sanction!r} (known: {', '.join(SANCTIONS)})")
        if sanction not in (regime.correction_order_sanction, "none"):
            raise RefusedError(
                f"under {regime.law} a correction order can carry {regime.correction_order_sanction} or nothing, "
                f"not {sanction}"
            )
        fine = _fine(req.fine)
        if sanction == "conditional_fine" and fine is None:
            raise RefusedError(
                "a conditional fine needs its amount (uhkasakkolaki 1113/1990 8 §): --fine EUR, or --sanction none"
            )
        if sanction != "conditional_fine" and fine is not None:
            raise UsageError("--fine goes with --sanction conditional_fine (380/2023)")
        if proposal.get("measure") not in ("correction_order", "suspension", "fine_enforcement"):
            warnings.append(
                f"the run proposed {proposal.get('measure') or 'nothing'}: a correction order needs an essential "
                f"shortcoming ({', '.join(measure.basis_in(regime))}); say why in --reason"
            )
    else:
        if deadline is not None:
            raise UsageError(f"--deadline: a {kind.key} sets no deadline")
        if req.sanction is not None or req.fine is not None:
            raise UsageError(f"--sanction and --fine go with a correction order, not a {kind.key}")
    if measure.requires_prior_order:
        prior = _non_complied_order(prior_orders, check_ids, fails, run, day, regime)
        check_ids = sorted(set(check_ids) & set(prior.check_ids))
        if req.scope is not None and req.scope not in SCOPES:
            raise UsageError(f"--scope: partial or full, not {req.scope!r}")
    elif req.scope is not None:
        raise UsageError("--scope goes with a suspension")

    period = report.get("period") or {}
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": kind.key,
        "lang": lang,
        "title": f"{kind.title.get(lang)}: {unit.name(lang)}",
        "number": None,
        "decision_date": day.isoformat(),
        "deadline": _iso(deadline),
        "authority": _authority(the_law, day, settings.diary_prefix),
        "regime": _regime(regime),
        "measure": _measure(measure, regime, lang, sanction),
        "recipient": {"kind": "municipality", "name": unit.name(lang), "code": unit.code},
        "municipality": {
            "code": unit.code,
            "name": unit.name(lang),
            "name_fi": unit.name_fi,
            "name_sv": unit.name_sv,
            "bilingual": unit.bilingual,
            "kind": unit.kind,
        },
        "run": {
            "id": run.id,
            "period_start": period.get("start"),
            "period_end": period.get("end"),
            "as_of": period.get("as_of"),
            "law": (report.get("regime") or {}).get("law"),
            "rule_sets": list((report.get("regime") or {}).get("rule_sets") or []),
            "summary": dict(report.get("summary") or {}),
            "checks_run": len(results),
            "failed": len(fails),
        },
        "results": [_result(fails[c], lang) for c in check_ids],
        "other_failures": [_result(fails[c], lang) for c in fails if c not in check_ids],
        "check_ids": check_ids,
        "proposal": {
            "measure": proposal.get("measure"),
            "same": proposal.get("measure") == kind.measure,
            "reasons": (proposal.get("reasons") or {}).get(lang) if isinstance(proposal.get("reasons"), dict) else None,
        },
        "assessment": req.reason,
        "sanction": sanction,
        "sanction_basis": _sanction_basis(the_law, regime, sanction),
        "fine": fine,
        "scope": (req.scope or "partial") if measure.requires_prior_order else None,
        "prior_order": _prior_dict(prior),
        "complaint": None,
        "outcome": None,
        "appeal": _appeal(measure, regime, letter=False),
        "provisions": _unique(
            [
                *_measure(measure, regime, lang, sanction)["basis"],
                *(b for c in check_ids for b in fails[c].get("legal_basis") or []),
            ]
        ),
        "signers": _signers(settings, lang, decision=True),
        "copies": list(settings.copies),
        "refers_to": corrected,
    }
    if not the_law.supervisor_on(day).verified:
        warnings.append(f"the authority's data for {day:%d.%m.%Y} is marked unverified in the law data")
    return Content(
        data=mask_data(_localise_citations(data)),  # type: ignore[arg-type]
        kind=kind,
        municipality_code=unit.code,
        check_ids=check_ids,
        deadline=deadline,
        sanction=sanction,
        appealable=measure.appealable,
        authority=data["authority"]["id"],
        lang=lang,
        warnings=warnings,
    )


# The measure a correction order's sanction leads to when the order is not complied with.
_SANCTION_MEASURE = {"suspension_threat": "suspension", "conditional_fine": "fine_enforcement"}


def _sanction_basis(the_law: Law, regime: Regime, sanction: str | None) -> list[str]:
    key = _SANCTION_MEASURE.get(sanction or "")
    if key is None:
        return []
    measure = the_law.measure(key)
    # Cite what allows the measure, not what makes it enforceable despite an appeal.
    return [b for b in measure.basis_in(regime) if b != measure.enforceable_despite_appeal]


def _localise_citations(data: dict[str, Any]) -> dict[str, Any]:
    """Statute names in the letter's language (the law data cites them in Finnish)."""
    lang = data["lang"]
    for key in ("provisions", "sanction_basis", "information_basis"):
        if data.get(key):
            data[key] = cite_all(data[key], lang)
    for part in (data.get("measure"), data.get("appeal")):
        if part:
            for key in ("appeal_basis", "basis", "enforceable_despite_appeal"):
                value = part.get(key)
                if isinstance(value, list):
                    part[key] = cite_all(value, lang)
                elif isinstance(value, str):
                    part[key] = cite(value, lang)
    for r in [*data.get("results", []), *data.get("other_failures", [])]:
        r["legal_basis"] = cite_all(r["legal_basis"], lang)
    return data


def _prior_dict(prior: PriorOrderRow | None) -> dict[str, Any] | None:
    if prior is None:
        return None
    return {
        "id": prior.id,
        "number": prior.number,
        "decision_date": prior.decision_date.isoformat(),
        "deadline": prior.deadline.isoformat(),
        "check_ids": list(prior.check_ids),
    }


def _non_complied_order(
    orders: list[PriorOrderRow],
    check_ids: list[str],
    fails: dict[str, Any],
    run: Any,
    day: dt.date,
    regime: Regime,
) -> PriorOrderRow:
    """The latest issued order under the threat of suspension whose deadline has passed before the decision date
    and before the follow-up run's situation date, on checks this run still fails (1269/2020 22 § 3 mom)."""
    as_of = dt.date.fromisoformat(run.report["period"]["as_of"])
    candidates = [
        o
        for o in orders
        if o.sanction == regime.correction_order_sanction
        and o.deadline < day
        and o.deadline < as_of
        and set(o.check_ids) & set(check_ids) & set(fails)
    ]
    if not candidates:
        described = (
            "; ".join(
                f"{o.number} (deadline {o.deadline:%d.%m.%Y}, {o.sanction}, checks {', '.join(o.check_ids)})"
                for o in orders
            )
            or "none"
        )
        raise RefusedError(
            "a suspension needs an issued correction order under the threat of suspension that was not complied "
            "with: its deadline passed before the decision date and before the follow-up run's situation date "
            f"({as_of:%d.%m.%Y}), and the run still fails the same checks ({', '.join(check_ids)}) "
            f"(1269/2020 22 § 3 mom). Issued orders: {described}"
        )
    return max(candidates, key=lambda o: (o.deadline, o.decision_date))


def _appeal(measure: Measure | None, regime: Regime | None, *, letter: bool, basis: str = "") -> dict[str, Any]:
    if letter:
        return {"section": False, "appealable": False}
    if measure is not None and regime is not None:
        return {
            "section": True,
            "appealable": measure.appealable,
            "basis": measure.appeal_basis.get(regime.id, "") or basis,
            "days": measure.appeal_days,
            "enforceable_despite_appeal": measure.enforceable_despite_appeal,
        }
    return {"section": True, "appealable": False, "basis": basis, "days": None, "enforceable_despite_appeal": None}


def _provision(the_law: Law, pid: str, day: dt.date) -> list[str]:
    period = the_law.provisions[pid].period_on(day)
    return list(period.basis) if period else []


def build_complaint_letter(
    req: DraftRequest,
    kind: LetterKind,
    outcome: str | None,
    complaint: ComplaintFacts,
    settings: DecisionSettings,
    run: Any | None,
    corrected: dict[str, Any] | None,
) -> Content:
    """Acknowledgement to the complainant, request for a statement to the municipality, or the ruling."""
    the_law = law()
    day = req.decision_date
    unit = _unit(complaint.municipality)
    warnings: list[str] = []
    if req.check_ids or req.sanction or req.fine is not None or req.scope:
        raise UsageError("--check, --sanction, --fine and --scope go with decisions from an audit run")
    to_complainant = kind.key in ("acknowledgement", "ruling")
    lang = req.lang or letter_language(unit, complaint.complainant_language if to_complainant else None)
    regime = the_law.regime_on(day)
    measure: Measure | None = None
    deadline: dt.date | None = None
    if kind.key == "statement_request":
        if regime is None:
            raise RefusedError(f"no supervision law was in force on {day:%d.%m.%Y} (supervision began 1.3.2021)")
        _supervised(the_law, unit, day)
        deadline = req.deadline or complaint.statement_due
        if deadline is None:
            raise UsageError("a request for a statement needs its due date: --deadline DATE")
        _check_deadline(deadline, day, the_law, warnings)
    elif req.deadline is not None:
        raise UsageError(f"--deadline: a {kind.key} letter sets no deadline")
    if kind.key == "ruling":
        outcome = outcome or complaint.outcome
        if outcome is None:
            raise UsageError(
                "the ruling's outcome: --measure none|guidance|remark|own_initiative (or the complaint's resolution)"
            )
        if outcome not in RULING_OUTCOMES:
            raise UsageError(f"unknown ruling outcome {outcome!r} (known: {', '.join(RULING_OUTCOMES)})")
        law_measure = RULING_OUTCOMES[outcome]
        if law_measure is not None:
            regime = _regime_on(the_law, day)
            measure = _measure_in_force(the_law, regime, law_measure, day)
        if not (req.reason or complaint.reason):
            raise UsageError("a ruling gives its reasons: --reason TEXT (or the complaint's resolution reason)")
    complaint_basis = _provision(the_law, "complaint_handling", day)
    two_year = add_months(complaint.events_date, 24) < complaint.received if complaint.events_date else False
    results: list[dict[str, Any]] = []
    run_info = None
    if run is not None:
        fails = [r for r in run.report.get("results") or [] if r.get("outcome") == "fail"]
        results = [_result(r, lang) for r in fails]
        period = run.report.get("period") or {}
        run_info = {
            "id": run.id,
            "period_start": period.get("start"),
            "period_end": period.get("end"),
            "as_of": period.get("as_of"),
            "summary": dict(run.report.get("summary") or {}),
            "checks_run": len(run.report.get("results") or []),
            "failed": len(fails),
        }
    appeal_basis = complaint_basis[-1] if complaint_basis else "HL 434/2003 53 d §"
    if kind.key == "ruling":
        appeal = _appeal(measure, regime, letter=False, basis=appeal_basis)
        appeal["appealable"] = False  # no appeal against a complaint ruling (HL 53 d §), whatever its outcome
        if measure is not None and regime is not None and not measure.appeal_basis.get(regime.id):
            appeal["basis"] = appeal_basis
    else:
        appeal = _appeal(None, None, letter=True)
    provisions = list(complaint_basis)
    if measure is not None and regime is not None:
        provisions += list(measure.basis_in(regime))
    if kind.key == "statement_request":
        provisions += _provision(the_law, "supervisor_information", day)
    if two_year:
        provisions += _provision(the_law, "complaint_two_year_rule", day)
    recipient = (
        {"kind": "complainant", "name": complaint.complainant_name, "contact": complaint.complainant_contact}
        if to_complainant
        else {"kind": "municipality", "name": unit.name(lang), "code": unit.code}
    )
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": kind.key,
        "lang": lang,
        "title": f"{kind.title.get(lang)}: {complaint.dnro}",
        "number": None,
        "decision_date": day.isoformat(),
        "deadline": _iso(deadline),
        "authority": _authority(the_law, day, settings.diary_prefix),
        "regime": _regime(regime) if regime else None,
        "measure": _measure(measure, regime, lang) if measure is not None and regime is not None else None,
        "recipient": recipient,
        "municipality": {
            "code": unit.code,
            "name": unit.name(lang),
            "name_fi": unit.name_fi,
            "name_sv": unit.name_sv,
            "bilingual": unit.bilingual,
            "kind": unit.kind,
        },
        "run": run_info,
        "results": results,
        "other_failures": [],
        "check_ids": [r["check_id"] for r in results],
        "proposal": None,
        "assessment": req.reason or complaint.reason,
        "sanction": None,
        "sanction_basis": [],
        "information_basis": _provision(the_law, "supervisor_information", day),
        "fine": None,
        "scope": None,
        "prior_order": None,
        "complaint": {
            "dnro": complaint.dnro,
            "received": complaint.received.isoformat(),
            "events_date": _iso(complaint.events_date),
            "text": complaint.text,
            "complainant": {
                "name": complaint.complainant_name,
                "contact": complaint.complainant_contact,
                "language": complaint.complainant_language,
            },
            "statement": complaint.statement,
            "older_than_two_years": two_year,
        },
        "outcome": outcome,
        "appeal": appeal,
        "provisions": _unique(provisions),
        "signers": _signers(settings, lang, decision=kind.decision),
        "copies": list(settings.copies),
        "refers_to": corrected,
    }
    return Content(
        data=mask_data(_localise_citations(data)),  # type: ignore[arg-type]
        kind=kind,
        municipality_code=unit.code,
        check_ids=data["check_ids"],
        deadline=deadline,
        sanction=None,
        appealable=False,
        authority=data["authority"]["id"],
        lang=lang,
        warnings=warnings,
    )


__all__ = [
    "KINDS",
    "Content",
    "DecisionSettings",
    "DraftRequest",
    "PriorOrderRow",
    "Signer",
    "build_complaint_letter",
    "build_run_letter",
    "letter_language",
]
