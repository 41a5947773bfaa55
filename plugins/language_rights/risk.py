"""What language_rights contributes to risk planning: from the latest stored run that ran the check.

- ``lang.service_language_rate``: LANG-SERVICE-LANGUAGE, the share of clients not served in their language;
- ``lang.swedish_capacity_missing``: 1 when LANG-SWEDISH-CAPACITY failed (a bilingual municipality could not serve
  in Swedish on its own initiative), 0 when it passed. The check itself decides whether the municipality is
  bilingual (law data): ``not_applicable`` gives no indicator, so a Finnish-only municipality gets none.

Trivial on purpose: weights and the combination are the core's job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from avi_valvonta.api import Indicator, RiskHistory, Text

SERVICE_LANGUAGE = ("LANG-SERVICE-LANGUAGE", "lang.service_language_rate")
SWEDISH_CAPACITY = ("LANG-SWEDISH-CAPACITY", "lang.swedish_capacity_missing")
LABELS = {
    "lang.service_language_rate": Text(
        "asiointikieltä loukanneiden palvelutapahtumien asiakasosuus", "andel klienter som inte betjänats på sitt språk"
    ),
    "lang.swedish_capacity_missing": Text(
        "ruotsinkielinen palvelukyky puuttui", "förmåga att betjäna på svenska saknades"
    ),
}


def _as_of(run: dict[str, Any]) -> dt.date | None:
    value = (run.get("period") or {}).get("as_of")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _latest(history: RiskHistory, check_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The newest run (latest first) whose result of the check is a pass or a fail, and that result."""
    for run in history.runs:
        found = next((r for r in run.get("results") or [] if r.get("check_id") == check_id), None)
        if found and found.get("outcome") in ("pass", "fail"):
            return run, found
    return None


def indicators(history: RiskHistory) -> list[Indicator]:
    out = []
    check_id, indicator_id = SERVICE_LANGUAGE
    latest = _latest(history, check_id)
    if latest is not None and latest[1].get("rate") is not None:
        run, result = latest
        source = f"{check_id}, run {run.get('run_id', '?')}"
        out.append(Indicator(indicator_id, float(result["rate"]), source, _as_of(run), LABELS[indicator_id]))
    check_id, indicator_id = SWEDISH_CAPACITY
    latest = _latest(history, check_id)
    if latest is not None:
        run, result = latest
        value = 1.0 if result["outcome"] == "fail" else 0.0
        source = f"{check_id}, run {run.get('run_id', '?')}"
        out.append(Indicator(indicator_id, value, source, _as_of(run), LABELS[indicator_id]))
    return out
