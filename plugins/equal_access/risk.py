"""What equal_access contributes to risk planning: the latest stored rates of plan debt and late first interviews.

Trivial on purpose: planning (weights, combining indicators) is the core's job; this only reads the latest stored run
that has a pass or fail result for the check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from avi_valvonta.api import Indicator, RiskHistory, Text

INDICATORS = (
    ("EQ-PLAN-DEBT", "eq.plan_debt_rate", Text("suunnitelmavelan osuus", "andel planeringsskuld")),
    (
        "EQ-INTERVIEW-LATE",
        "eq.interview_late_rate",
        Text("myöhästyneiden alkuhaastattelujen osuus", "andel försenade inledande intervjuer"),
    ),
)


def _as_of(run: dict[str, Any]) -> dt.date | None:
    value = (run.get("period") or {}).get("as_of")
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def indicators(history: RiskHistory) -> list[Indicator]:
    out = []
    for check_id, indicator_id, label in INDICATORS:
        for run in history.runs:  # latest first
            found = next((r for r in run.get("results") or [] if r.get("check_id") == check_id), None)
            if found and found.get("outcome") in ("pass", "fail") and found.get("rate") is not None:
                source = f"{check_id}, run {run.get('run_id', '?')}"
                out.append(Indicator(indicator_id, float(found["rate"]), source, _as_of(run), label))
                break
    return out
