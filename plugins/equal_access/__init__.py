"""equal_access (yhdenvertainen saatavuus): were clients served on time and equally?

Checks EQ-* of checks.md. Deadlines come from the dated rule sets in the law data (``ctx.rule_set_on``) and the
working-day calendar; nothing here decides what the law was on a date.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from valvonta_equal_access import appeal, disparity, resources, risk
from valvonta_equal_access.complaint_topics import classify_complaint as classify_complaint
from valvonta_equal_access.interview import InterviewLate
from valvonta_equal_access.periodic import PeriodicLate
from valvonta_equal_access.plans import PlanDebt, PlanMissing
from valvonta_equal_access.supplementary import SupplementaryMissing
from valvonta_equal_access.target_group import TargetGroup

from avi_valvonta.api import CheckMeta, Indicator, RiskHistory, hookimpl

__version__ = "0.2.0"

CHECKS: list[tuple[CheckMeta, Any]] = [
    (InterviewLate.meta, InterviewLate),
    (PlanMissing.meta, PlanMissing),
    (PlanDebt.meta, PlanDebt),
    (PeriodicLate.meta, PeriodicLate),
    (SupplementaryMissing.meta, SupplementaryMissing),
    (TargetGroup.meta, TargetGroup),
    (disparity.META, disparity.run),
    (resources.CASELOAD, resources.run_caseload),
    (resources.SERVICE_POINTS, resources.run_service_points),
    (appeal.META, appeal.run),
]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)


@hookimpl
def risk_indicators(municipality: str, history: RiskHistory) -> list[Indicator]:
    """The latest stored plan-debt and late-interview rates of the municipality."""
    return risk.indicators(history)
