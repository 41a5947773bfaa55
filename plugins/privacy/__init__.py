"""privacy (yksityiselämän suoja): identity codes, sensitive data in public documents, access to client records.

Checks PRIV-* of checks.md. Identity codes are found and masked by the core service
(``avi_valvonta.api.iter_identity_codes`` / ``mask_identity_codes``); this plugin decides what is a finding.
"""

from __future__ import annotations

from collections.abc import Callable

from valvonta_privacy.complaint_topics import classify_complaint as classify_complaint
from valvonta_privacy.identity_codes import CHECKS as IDENTITY_CODE_CHECKS

from avi_valvonta.api import hookimpl

__version__ = "0.1.0"

CHECKS = [*IDENTITY_CODE_CHECKS]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)
