"""privacy (yksityiselämän suoja): identity codes, secret data in public documents, access to client records.

Checks PRIV-* of checks.md:

- ``identity_codes``: PRIV-HETU-PUBLIC, PRIV-HETU-UNNEEDED, PRIV-HETU-BUNDLE
- ``sensitive``: PRIV-SENSITIVE-PUBLIC, PRIV-PUBLISHED-TOO-LONG (word lists: ``data/special_categories.toml``)
- ``access``: PRIV-ACCESS-NO-RELATIONSHIP, PRIV-ACCESS-INACTIVE, PRIV-ACCESS-BULK, PRIV-ACCESS-RIGHTS

Identity codes are found and masked by the core service (``avi_valvonta.api.iter_identity_codes`` /
``mask_identity_codes``); this plugin decides what is a finding.
"""

from __future__ import annotations

from collections.abc import Callable

from valvonta_privacy import risk
from valvonta_privacy.access import CHECKS as ACCESS_CHECKS
from valvonta_privacy.complaint_topics import classify_complaint as classify_complaint
from valvonta_privacy.identity_codes import CHECKS as IDENTITY_CODE_CHECKS
from valvonta_privacy.sensitive import CHECKS as SENSITIVE_CHECKS

from avi_valvonta.api import Indicator, RiskHistory, hookimpl

__version__ = "0.2.0"

CHECKS = [*IDENTITY_CODE_CHECKS, *SENSITIVE_CHECKS, *ACCESS_CHECKS]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)


@hookimpl
def risk_indicators(municipality: str, history: RiskHistory) -> list[Indicator]:
    """The latest stored count of public documents with an identity code, and the no-relationship access rate."""
    return risk.indicators(history)
