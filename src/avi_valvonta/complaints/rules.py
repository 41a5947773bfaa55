"""Complaint law as data (``law/data/complaints.toml``) and the register's own settings (``[complaints]`` config).

The law part — the two-year rule of HL 53 b § 3 mom, which targets are outside the supervisor's competence, the
outcomes of HL 53 c § — is data that cites its statute. Jurisdiction over a municipality on a date is the regime
data of ``law.toml`` (:meth:`avi_valvonta.law.Law.supervised_on`), never a date test here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files
from typing import Any

from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import Text

CHANNELS = ("email", "letter", "e-service", "phone", "in_person")
_PREFIX = re.compile(r"^[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9-]{0,19}$")


@dataclass(frozen=True)
class TargetRule:
    key: str
    name: Text
    competence: str  # by_date | outside | manual
    reason: Text | None
    basis: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeRule:
    key: str
    name: Text
    basis: tuple[str, ...]
    law_measure: str | None = None


@dataclass(frozen=True)
class ComplaintRules:
    time_limit_years: int
    time_limit_basis: str
    targets: dict[str, TargetRule]
    outcomes: dict[str, OutcomeRule]


@cache
def complaint_rules() -> ComplaintRules:
    data = tomllib.loads(files("avi_valvonta.law").joinpath("data", "complaints.toml").read_text(encoding="utf-8"))
    targets = {
        t["key"]: TargetRule(
            key=t["key"],
            name=Text(t["name_fi"], t["name_sv"]),
            competence=t["competence"],
            reason=Text(t["reason_fi"], t["reason_sv"]) if "reason_fi" in t else None,
            basis=tuple(t.get("basis", ())),
        )
        for t in data["target"]
    }
    outcomes = {
        o["key"]: OutcomeRule(
            key=o["key"],
            name=Text(o["name_fi"], o["name_sv"]),
            basis=tuple(o["basis"]),
            law_measure=o.get("law_measure"),
        )
        for o in data["outcome"]
    }
    limit = data["time_limit"]
    return ComplaintRules(int(limit["years"]), limit["basis"], targets, outcomes)


@dataclass(frozen=True)
class ComplaintSettings:
    """``[complaints]`` in the config file. Deadlines are the office's practice, not law: hence settings.

    ``prefix``: the diary prefix (default: the supervisor's on the received date, law data ``diary_prefix``);
    ``duplicate_threshold``: rapidfuzz similarity 0-100 at which the same complainant's texts are likely duplicates;
    ``statement_days`` / ``reply_days``: working days given to the municipality for its statement and to the
    complainant for a reply; ``resolution_months``: the handling target from receipt (about 8 months, domain.md);
    ``max_attachment_mb``: the largest attachment accepted.
    """

    prefix: str | None = None
    duplicate_threshold: float = 85.0
    statement_days: int = 20
    reply_days: int = 10
    resolution_months: int = 8
    max_attachment_mb: int = 25

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> ComplaintSettings:
        section = config.get("complaints", {})
        if not isinstance(section, dict):
            raise UsageError("config [complaints]: must be a table")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section.items():
            if key not in known:
                raise UsageError(f"config [complaints] {key}: unknown setting (known: {', '.join(sorted(known))})")
            if key == "prefix":
                if not isinstance(value, str) or not _PREFIX.match(value):
                    raise UsageError(
                        f"config [complaints] prefix: {value!r} is not a diary prefix (letters, digits, '-'; "
                        "at most 20; no '/')"
                    )
            elif key == "duplicate_threshold":
                if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
                    raise UsageError(f"config [complaints] duplicate_threshold: {value!r} is not a number in 1..100")
                value = float(value)
            elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(f"config [complaints] {key}: {value!r} is not a positive whole number")
            values[key] = value
        return cls(**values)
