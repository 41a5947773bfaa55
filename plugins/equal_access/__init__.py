"""equal_access (yhdenvertainen saatavuus): were clients served on time and equally?

Checks EQ-* of checks.md. Deadlines come from the dated rule sets in the law data (``ctx.rule_set_on``) and the
working-day calendar; nothing here decides what the law was on a date.
"""

from __future__ import annotations

from collections.abc import Callable

from valvonta_equal_access.complaint_topics import classify_complaint as classify_complaint
from valvonta_equal_access.interview import InterviewLate

from avi_valvonta.api import hookimpl

__version__ = "0.1.0"

CHECKS = [(InterviewLate.meta, InterviewLate)]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)
