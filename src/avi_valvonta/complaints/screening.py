"""Screening of a complaint (esikäsittely): is it the supervisor's matter, is it too old, is it a duplicate, what is
it about - each rule with its reason in Finnish and Swedish and the statute it rests on.

- **jurisdiction** on the events date: the target (TE office, Kela, court → outside competence; other → an inspector
  assesses), then the regime of the law data (:meth:`avi_valvonta.law.Law.supervised_on`: experiment municipalities
  1.3.2021-31.12.2024, every employment authority from 2025, Åland excluded);
- **two-year rule** (HL 434/2003 53 b § 3 mom): events more than two years before the complaint arrived;
- **duplicates**: the same complainant (name or contact) with a similar text (rapidfuzz ``token_sort_ratio`` ≥ the
  configured threshold);
- **topics**: what the plugins' ``classify_complaint`` hook recognises, with the words that triggered it.

The result is plain data (stored as JSON with the complaint). An inspector may override jurisdiction, the two-year
rule or the duplicate finding with a recorded justification; the overrides are kept apart from this automatic
result (:func:`effective`), so a re-run of the screening never loses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from avi_valvonta.complaints.rules import ComplaintSettings, complaint_rules
from avi_valvonta.i18n import Text, fdate

OVERRIDABLE = ("jurisdiction", "two_year_rule", "duplicates")


@dataclass(frozen=True)
class Facts:
    """What screening looks at (no complainant identity goes to the plugins)."""

    municipality_code: str
    events_date: dt.date
    received: dt.date
    target: str
    text: str
    language: str


@dataclass(frozen=True)
class Earlier:
    """An earlier complaint of the same complainant, for the duplicate rule."""

    dnro: str
    text: str


def jurisdiction(facts: Facts) -> dict[str, Any]:
    from avi_valvonta.law import law
    from avi_valvonta.reference import reference

    rule = complaint_rules().targets[facts.target]
    if rule.competence in ("outside", "manual"):
        assert rule.reason is not None
        return {
            "ok": False,
            "manual": rule.competence == "manual",
            "reason": (Text(f"{rule.name.fi}: ", f"{rule.name.sv}: ") + rule.reason).to_dict(),
            "basis": list(rule.basis),
        }
    m = reference().get(facts.municipality_code)
    ok, reason = law().supervised_on(facts.municipality_code, facts.events_date)
    regime = law().regime_on(facts.events_date)
    head = Text(f"{m.name_fi} {fdate(facts.events_date)}: ", f"{m.name_sv} {fdate(facts.events_date)}: ")
    return {
        "ok": ok,
        "manual": False,
        "reason": (head + reason).to_dict(),
        "basis": [regime.basis] if regime is not None else ["1269/2020 3 §"],
    }


def two_year_rule(facts: Facts) -> dict[str, Any]:
    from avi_valvonta.law.calendar import add_months

    rules = complaint_rules()
    years = rules.time_limit_years
    limit = add_months(facts.received, -12 * years)
    ok = facts.events_date >= limit
    events, received = fdate(facts.events_date), fdate(facts.received)
    if ok:
        reason = Text(
            f"tapahtumat {events} enintään {years} vuotta ennen kantelun saapumista {received}",
            f"händelserna {events} högst {years} år före klagomålets ankomst {received}",
        )
    else:
        reason = Text(
            f"tapahtumat {events} yli {years} vuotta ennen kantelun saapumista {received}: kantelua ei tutkita, "
            "ellei siihen ole erityistä syytä",
            f"händelserna {events} mer än {years} år före klagomålets ankomst {received}: klagomålet utreds inte "
            "om det inte finns särskild anledning",
        )
    return {"ok": ok, "reason": reason.to_dict(), "limit": limit.isoformat(), "basis": [rules.time_limit_basis]}


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def duplicates(text: str, earlier: Iterable[Earlier], threshold: float) -> list[dict[str, Any]]:
    """Earlier complaints of the same complainant whose text is at least ``threshold`` similar (0-100)."""
    from rapidfuzz import fuzz

    mine = _normal(text)
    found = []
    for other in earlier:
        score = fuzz.token_sort_ratio(mine, _normal(other.text), score_cutoff=threshold)
        if score:
            found.append({"dnro": other.dnro, "score": round(float(score), 1)})
    return sorted(found, key=lambda d: -d["score"])


def topics(facts: Facts, plugins: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Every plugin's ``classify_complaint`` answer; a plugin that fails is named in the warnings, the rest count."""
    from avi_valvonta.api import ComplaintView, Topic

    view = ComplaintView(
        text=facts.text,
        language=facts.language,
        target=facts.target,
        municipality=facts.municipality_code,
        events_date=facts.events_date,
    )
    found: list[dict[str, Any]] = []
    warnings: list[str] = []
    for impl in plugins.manager.hook.classify_complaint.get_hookimpls():  # registration order
        try:
            answer = impl.function(complaint=view) or []
            for topic in answer:
                if not isinstance(topic, Topic):
                    raise TypeError(f"returned {type(topic).__name__}, not Topic")
                found.append(
                    {
                        "area": topic.area,
                        "reason": topic.reason.to_dict(),
                        "words": list(topic.words),
                        "plugin": topic.plugin or impl.plugin_name,
                    }
                )
        except Exception as e:  # one broken plugin must not stop an intake
            warnings.append(f"plugin {impl.plugin_name}: classify_complaint failed: {type(e).__name__}: {e}")
    return found, warnings


def screen(facts: Facts, settings: ComplaintSettings, plugins: Any, now: dt.datetime) -> dict[str, Any]:
    """The automatic screening result (stored as JSON with the complaint), duplicates still to be added.

    The duplicate rule needs the register as it is inside the intake's transaction (after the diary counter's lock,
    so two near-simultaneous intakes of the same text see each other): :func:`with_duplicates`.
    """
    found, warnings = topics(facts, plugins)
    return {
        "screened_at": now.isoformat(timespec="seconds"),
        "jurisdiction": jurisdiction(facts),
        "two_year_rule": two_year_rule(facts),
        "duplicates": [],
        "duplicate_scores": [],
        "duplicate_threshold": settings.duplicate_threshold,
        "topics": found,
        "warnings": warnings,
    }


def with_duplicates(screening: dict[str, Any], text: str, earlier: Iterable[Earlier]) -> dict[str, Any]:
    dupes = duplicates(text, earlier, screening["duplicate_threshold"])
    return {**screening, "duplicates": [d["dnro"] for d in dupes], "duplicate_scores": dupes}


def effective(screening: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The screening as it stands: each overridable rule's ``ok`` is the inspector's where one was recorded.

    ``duplicate_check.ok`` is False when likely duplicates were found (and not overridden as "not a duplicate").
    ``investigate``: jurisdiction and the two-year rule both ok.
    """
    if not screening:
        return {}
    out = dict(screening)
    for rule in ("jurisdiction", "two_year_rule"):
        auto = dict(screening[rule])
        auto["auto_ok"] = auto["ok"]
        auto["override"] = overrides.get(rule)
        if auto["override"] is not None:
            auto["ok"] = bool(auto["override"]["ok"])
        out[rule] = auto
    dup_override = overrides.get("duplicates")
    dup_ok = not screening["duplicates"]
    out["duplicate_check"] = {
        "ok": bool(dup_override["ok"]) if dup_override else dup_ok,
        "auto_ok": dup_ok,
        "candidates": screening.get("duplicate_scores", []),
        "override": dup_override,
    }
    out["investigate"] = out["jurisdiction"]["ok"] and out["two_year_rule"]["ok"]
    return out
