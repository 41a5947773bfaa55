"""language_rights (kielelliset oikeudet): Finnish, Swedish and Saami, on records and on the documents themselves.

Checks LANG-* of checks.md. Whether a rule reaches a municipality on a date (bilingual municipalities until
31.12.2024, every municipality from 2025 under 380/2023 19 §, the Saami homeland, the experiment's transfers) comes
from the law data (``ctx.law.provision_on``), never from a date test in a check; a rule that does not reach the audited
municipality gives ``not_applicable`` with the reason. Document language is detected from the text (textlang).
"""

from __future__ import annotations

from collections.abc import Callable

from valvonta_language_rights import complaints, document_language, public_bilingual, risk, swedish_capacity
from valvonta_language_rights.interpreter import Interpreter
from valvonta_language_rights.saami import Saami
from valvonta_language_rights.service_language import ServiceLanguage
from valvonta_language_rights.transfer import Transfer

from avi_valvonta.api import ComplaintView, Indicator, RiskHistory, Topic, hookimpl

__version__ = "0.2.0"

CHECKS = [
    (ServiceLanguage.meta, ServiceLanguage),
    (document_language.META, document_language.run),
    (public_bilingual.META, public_bilingual.run),
    (swedish_capacity.META, swedish_capacity.run),
    (Saami.meta, Saami),
    (Interpreter.meta, Interpreter),
    (Transfer.meta, Transfer),
]


@hookimpl
def register_checks(register: Callable[..., None]) -> None:
    for meta, implementation in CHECKS:
        register(meta, implementation)


@hookimpl
def classify_complaint(complaint: ComplaintView) -> list[Topic]:
    return complaints.classify(complaint)


@hookimpl
def risk_indicators(municipality: str, history: RiskHistory) -> list[Indicator]:
    """The latest stored service-language rate and whether Swedish-service capacity was missing."""
    return risk.indicators(history)
