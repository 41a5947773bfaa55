"""What privacy contributes to risk planning: from the latest stored run that ran the check.

- ``priv.identity_codes_public``: PRIV-HETU-PUBLIC, the number of public documents (minutes, notices, web pages)
  that carried a valid identity code — identity codes found online;
- ``priv.access_no_relationship_rate``: PRIV-ACCESS-NO-RELATIONSHIP, the share of access-log rows by staff with
  no relationship to the client.

Trivial on purpose: weights and the combination are the core's job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from avi_valvonta.api import Indicator, RiskHistory, Text

LABELS = {
    "priv.identity_codes_public": Text(
        "julkiset asiakirjat, joissa henkilötunnus", "offentliga handlingar med personbeteckning"
    ),
    "priv.access_no_relationship_rate": Text(
        "asiakastietojen katselut ilman asiakassuhdetta (osuus)",
        "visningar av klientuppgifter utan klientrelation (andel)",
    ),
}
# indicator id → (check id, the result field that is the value)
INDICATORS = {
    "priv.identity_codes_public": ("PRIV-HETU-PUBLIC", "affected"),
    "priv.access_no_relationship_rate": ("PRIV-ACCESS-NO-RELATIONSHIP", "rate"),
}


def _as_of(run: dict[str, Any]) -> dt.date | None:
    value = (run.get("period") or {}).get("as_of")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def indicators(history: RiskHistory) -> list[Indicator]:
    out = []
    for indicator_id, (check_id, field) in INDICATORS.items():
        for run in history.runs:  # latest first
            found = next((r for r in run.get("results") or [] if r.get("check_id") == check_id), None)
            if found and found.get("outcome") in ("pass", "fail") and found.get(field) is not None:
                source = f"{check_id}, run {run.get('run_id', '?')}"
                value = float(found[field])
                out.append(Indicator(indicator_id, value, source, _as_of(run), LABELS[indicator_id]))
                break
    return out
