"""The public API for plugins. A plugin imports from here and nowhere else in the core.

from avi_valvonta.api import CheckMeta, Evidence, Severity, StreamingCheck, Tally, Text, hookimpl

META = CheckMeta(id="XX-EXAMPLE", area="general", title=Text("…", "…"), legal_basis=("HL 434/2003 23 §",),
                 severity=Severity.LOW)

def run(ctx):
    tally = Tally(META)
    ...
    return tally.result()

@hookimpl
def register_checks(register):
    register(META, run)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.audit.report import AuditReport, Proposal
from avi_valvonta.checks import (
    AREAS,
    UNITS,
    CheckMeta,
    Evidence,
    NotApplicable,
    Outcome,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    no_data,
)
from avi_valvonta.context import AuditContext, Document, DocumentIdentityCode
from avi_valvonta.hookspecs import hookimpl
from avi_valvonta.i18n import Text, days_text, fdate
from avi_valvonta.identity import (
    IdentityCodeMatch,
    find_identity_codes,
    is_valid_identity_code,
    iter_identity_codes,
    mask_identity_codes,
    masked_excerpt,
)
from avi_valvonta.law import RuleSetInForce
from avi_valvonta.law.calendar import CALENDAR, DeadlineExplanation, WorkingDayCalendar, add_months
from avi_valvonta.records import (
    FIRST_INTERVIEW_TYPES,
    INTERVIEW_TYPES,
    PLAN_TYPES,
    Access,
    Client,
    ClientHistory,
    Event,
    Page,
    ServicePoint,
    StaffMember,
)
from avi_valvonta.reference import SAAMI_LANGUAGES, SupervisedUnit
from avi_valvonta.textlang import LanguageProfile
from avi_valvonta.textlang import classify as classify_language
from avi_valvonta.textlang import profile as language_profile
from avi_valvonta.topics import KeywordRule, keyword_rule


@dataclass(frozen=True)
class ComplaintView:
    """What ``classify_complaint`` sees of a complaint (no complainant identity)."""

    text: str
    language: str | None = None
    target: str = "municipality"
    municipality: str | None = None  # code
    events_date: dt.date | None = None


@dataclass(frozen=True)
class Topic:
    """An area a complaint touches, with the reason and the words that triggered it."""

    area: str
    reason: Text
    words: tuple[str, ...] = ()
    plugin: str = ""


@dataclass(frozen=True)
class Indicator:
    """A risk indicator value for one municipality, with its source and date."""

    id: str
    value: float
    source: str
    date: dt.date | None = None
    label: Text | None = None


@dataclass
class RiskHistory:
    """What the tool knows of a municipality for risk planning (latest stored run first)."""

    municipality: str
    runs: list[dict[str, Any]] = field(default_factory=list)  # stored reports (masked JSON)
    complaints: list[dict[str, Any]] = field(default_factory=list)


__all__ = [
    "AREAS",
    "CALENDAR",
    "FIRST_INTERVIEW_TYPES",
    "INTERVIEW_TYPES",
    "PLAN_TYPES",
    "SAAMI_LANGUAGES",
    "UNITS",
    "Access",
    "AuditContext",
    "AuditReport",
    "CheckMeta",
    "Client",
    "ClientHistory",
    "ComplaintView",
    "DeadlineExplanation",
    "Document",
    "DocumentIdentityCode",
    "Event",
    "Evidence",
    "IdentityCodeMatch",
    "Indicator",
    "KeywordRule",
    "LanguageProfile",
    "NotApplicable",
    "Outcome",
    "Page",
    "Proposal",
    "Result",
    "RiskHistory",
    "RuleSetInForce",
    "ServicePoint",
    "Severity",
    "StaffMember",
    "StreamingCheck",
    "SupervisedUnit",
    "Tally",
    "Text",
    "Topic",
    "WorkingDayCalendar",
    "add_months",
    "classify_language",
    "days_text",
    "fdate",
    "find_identity_codes",
    "hookimpl",
    "is_valid_identity_code",
    "iter_identity_codes",
    "keyword_rule",
    "language_profile",
    "mask_identity_codes",
    "masked_excerpt",
    "no_data",
]
