"""language_rights (kielelliset oikeudet): Finnish, Swedish and Saami, on records and on the documents themselves.

Checks LANG-* of checks.md. Whether a rule reaches a municipality on a date (bilingual municipalities until
31.12.2024, every municipality from 2025 under 380/2023 19 §, the Saami homeland) comes from the law data
(``ctx.law.provision_on``), never from a date test in the check. Document language is detected from the text.
"""

from __future__ import annotations

from collections.abc import Callable

from valvonta_language_rights.complaint_topics import classify_complaint as classify_complaint
from valvonta_language_rights.service_language import ServiceLanguage

from avi_valvonta.api import hookimpl

__version__ = "0.1.0"

CHECKS = [(ServiceLanguage.meta, ServiceLanguage)]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)
