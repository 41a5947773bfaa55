"""Checks and their results: the one result model every writer (table, JSON, CSV, HTML, letters) renders.

A check = metadata (:class:`CheckMeta`, validated when its plugin loads) + an implementation: either a function
``run(ctx) -> Result`` or a :class:`StreamingCheck` that sees every client (and access-log row) in one shared pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from avi_valvonta.i18n import Text

if TYPE_CHECKING:
    from avi_valvonta.context import AuditContext
    from avi_valvonta.records import Access, ClientHistory

MAX_EVIDENCE = 20  # per result in every report (checks.md)
_KEEP_EVIDENCE = 200  # kept in memory so that a waiver scope can still leave 20 to show


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MANUAL = "manual"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"
    MUTED = "muted"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def label(self) -> Text:
        return SEVERITY_LABELS[self]


_SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}
SEVERITY_LABELS = {
    Severity.LOW: Text("vähäinen", "ringa"),
    Severity.MEDIUM: Text("kohtalainen", "måttlig"),
    Severity.HIGH: Text("vakava", "allvarlig"),
    Severity.CRITICAL: Text("kriittinen", "kritisk"),
}
OUTCOME_LABELS = {
    Outcome.PASS: Text("kunnossa", "i sin ordning"),
    Outcome.FAIL: Text("puute", "brist"),
    Outcome.MANUAL: Text("tarkistettava", "ska granskas"),
    Outcome.NOT_APPLICABLE: Text("ei sovellu", "inte tillämplig"),
    Outcome.ERROR: Text("virhe", "fel"),
    Outcome.MUTED: Text("vapautettu", "undantagen"),
}

AREAS: dict[str, Text] = {
    "equal_access": Text("yhdenvertainen saatavuus", "jämlik tillgång"),
    "language_rights": Text("kielelliset oikeudet", "språkliga rättigheter"),
    "privacy": Text("yksityiselämän suoja", "skydd för privatlivet"),
    "general": Text("yleinen lainmukaisuus", "allmän laglighet"),
}

# The unit a population counts (checks.md: clients unless the table says otherwise).
UNITS: dict[str, Text] = {
    "clients": Text("asiakasta", "klienter"),
    "documents": Text("asiakirjaa", "handlingar"),
    "requests": Text("pyyntöä", "begäranden"),
    "rows": Text("riviä", "rader"),
    "accesses": Text("käyttökertaa", "användningar"),
    "staff": Text("henkilöä", "personer"),
    "comparisons": Text("vertailua", "jämförelser"),
    "coaches": Text("valmentajaa", "coacher"),
    "municipality": Text("kunta", "kommun"),
}

_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


@dataclass(frozen=True)
class CheckMeta:
    """What a check is, beside its code (cf. Prowler): validated strictly when the plugin loads.

    ``legal_basis``: statute + section for every regime the check covers. ``requires``: ids of checks whose results
    this one reads in ``finish``/``run`` (the runner runs them first and includes them). ``options``: configurable
    thresholds with their defaults (``[checks.<ID>]`` in the config file overrides them).
    """

    id: str
    area: str
    title: Text
    legal_basis: tuple[str, ...]
    severity: Severity
    unit: str = "clients"
    rule_sets: tuple[str, ...] = ()
    description: Text | None = None
    requires: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """Why this metadata is unacceptable (empty when it is fine)."""
        out = []
        if not isinstance(self.id, str) or not _ID.match(self.id):
            out.append(f"check id {self.id!r} must look like AREA-NAME (upper case, dashes)")
        if self.area not in AREAS:
            out.append(f"{self.id}: unknown area {self.area!r} (known: {', '.join(AREAS)})")
        if not isinstance(self.title, Text):
            out.append(f"{self.id}: title must be a Text with Finnish and Swedish")
        if not self.legal_basis or not all(isinstance(b, str) and b.strip() for b in self.legal_basis):
            out.append(f"{self.id}: legal basis (statute and section) is required")
        if not isinstance(self.severity, Severity):
            out.append(f"{self.id}: severity must be a Severity")
        if self.unit not in UNITS:
            out.append(f"{self.id}: unknown population unit {self.unit!r} (known: {', '.join(UNITS)})")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "title": self.title.to_dict(),
            "legal_basis": list(self.legal_basis),
            "severity": str(self.severity),
            "unit": self.unit,
            "rule_sets": list(self.rule_sets),
            "options": dict(self.options),
        }


@dataclass
class Evidence:
    """One item behind a finding: pseudonymous ids, file + page, never an unmasked identity code.

    ``data`` holds the machine-readable facts (days late, unit, rule set, due date…) that the text states.
    """

    detail: Text
    client_id: str | None = None
    event_id: str | None = None
    staff_id: str | None = None
    file: str | None = None
    page: int | None = None
    line: int | None = None
    excerpt: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """What a waiver scope names: a client id or a document file."""
        return self.client_id or self.file

    def to_dict(self, lang: str = "fi") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("client_id", "event_id", "staff_id", "file", "page", "line"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["detail"] = self.detail.get(lang)
        out["detail_i18n"] = self.detail.to_dict()
        if self.excerpt is not None:
            out["excerpt"] = self.excerpt
        out.update({k: v for k, v in self.data.items() if k not in out})
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        known = {
            "client_id",
            "event_id",
            "staff_id",
            "file",
            "page",
            "line",
            "excerpt",
            "detail",
            "detail_i18n",
        }
        return cls(
            detail=Text.from_dict(d.get("detail_i18n") or d.get("detail") or "-"),
            client_id=d.get("client_id"),
            event_id=d.get("event_id"),
            staff_id=d.get("staff_id"),
            file=d.get("file"),
            page=d.get("page"),
            line=d.get("line"),
            excerpt=d.get("excerpt"),
            data={k: v for k, v in d.items() if k not in known},
        )


@dataclass
class Result:
    """The outcome of one check in one run (checks.md "Outcomes")."""

    check_id: str
    outcome: Outcome
    population: int | None = None
    affected: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    message: Text | None = None
    severity: Severity | None = None
    reason: Text | None = None  # why not_applicable / error / muted
    data: dict[str, Any] = field(default_factory=dict)
    rule_sets: tuple[str, ...] = ()
    # Filled in by the runner from the metadata:
    area: str = ""
    title: Text | None = None
    legal_basis: tuple[str, ...] = ()
    unit: str = "clients"
    baseline: str | None = None
    baseline_detail: dict[str, Any] | None = None
    waiver: dict[str, Any] | None = None
    # Not serialised: every affected key (client ids, files…), for waiver scopes; and data for dependent checks.
    affected_keys: list[str] = field(default_factory=list, repr=False)
    internal: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def rate(self) -> float | None:
        if self.population and self.affected is not None:
            return self.affected / self.population
        return None

    def to_dict(self, lang: str = "fi") -> dict[str, Any]:
        rate = self.rate
        out: dict[str, Any] = {
            "check_id": self.check_id,
            "area": self.area,
            "outcome": str(self.outcome),
            "severity": str(self.severity) if self.severity else None,
            "title": self.title.to_dict() if self.title else None,
            "legal_basis": list(self.legal_basis),
            "unit": self.unit,
            "population": self.population,
            "affected": self.affected,
            "rate": round(rate, 6) if rate is not None else None,
            "evidence": [e.to_dict(lang) for e in self.evidence[:MAX_EVIDENCE]],
            "message": self.message.to_dict() if self.message else None,
            "rule_sets": list(self.rule_sets),
            "baseline": self.baseline,
        }
        if self.reason:
            out["reason"] = self.reason.to_dict()
        if self.data:
            out["data"] = self.data
        if self.baseline_detail:
            out["baseline_detail"] = self.baseline_detail
        if self.waiver:
            out["waiver"] = self.waiver
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            check_id=d["check_id"],
            outcome=Outcome(d["outcome"]),
            population=d.get("population"),
            affected=d.get("affected"),
            evidence=[Evidence.from_dict(e) for e in d.get("evidence") or []],
            message=Text.from_dict(d["message"]) if d.get("message") else None,
            severity=Severity(d["severity"]) if d.get("severity") else None,
            reason=Text.from_dict(d["reason"]) if d.get("reason") else None,
            data=d.get("data") or {},
            rule_sets=tuple(d.get("rule_sets") or ()),
            area=d.get("area", ""),
            title=Text.from_dict(d["title"]) if d.get("title") else None,
            legal_basis=tuple(d.get("legal_basis") or ()),
            unit=d.get("unit", "clients"),
            baseline=d.get("baseline"),
            baseline_detail=d.get("baseline_detail"),
            waiver=d.get("waiver"),
        )


class NotApplicable(Exception):
    """Raise from a check (anywhere) to report ``not_applicable`` with the reason in fi/sv."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.fi)
        self.reason = reason


NO_DATA = Text("ei aineistoa", "inga uppgifter")
NOTHING_TO_CHECK = Text("ei tarkastettavaa", "inget att granska")


def no_data(file: str) -> NotApplicable:
    return NotApplicable(Text(f"ei aineistoa ({file} puuttuu)", f"inga uppgifter ({file} saknas)"))


class Tally:
    """Counts a population and its findings, and turns them into a :class:`Result` by the general rules.

    ``fail``/``manual`` take a key (client id, file, access line…): ``affected`` counts distinct keys, so one client
    with three missed due dates is one affected client with three evidence items.
    """

    def __init__(self, meta: CheckMeta) -> None:
        self.meta = meta
        self.population = 0
        self._fail_keys: dict[str, None] = {}
        self._manual_keys: dict[str, None] = {}
        self.fail_evidence: list[Evidence] = []
        self.manual_evidence: list[Evidence] = []
        self.rule_sets: dict[str, None] = {}

    def checked(self, count: int = 1) -> None:
        self.population += count

    def fail(self, key: str, evidence: Evidence | None = None) -> None:
        self._fail_keys[key] = None
        if evidence is not None and len(self.fail_evidence) < _KEEP_EVIDENCE:
            self.fail_evidence.append(evidence)

    def manual(self, key: str, evidence: Evidence | None = None) -> None:
        self._manual_keys[key] = None
        if evidence is not None and len(self.manual_evidence) < _KEEP_EVIDENCE:
            self.manual_evidence.append(evidence)

    def used_rule_set(self, rule_set_id: str) -> None:
        self.rule_sets[rule_set_id] = None

    @property
    def affected(self) -> int:
        return len(self._fail_keys)

    def result(
        self,
        *,
        message: Text | None = None,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
        internal: dict[str, Any] | None = None,
    ) -> Result:
        """fail > manual > pass; an empty population is ``not_applicable`` ("nothing to check")."""
        meta = self.meta
        common: dict[str, Any] = {
            "data": data or {},
            "rule_sets": tuple(self.rule_sets),
            "internal": internal or {},
        }
        if self.population == 0:
            return Result(meta.id, Outcome.NOT_APPLICABLE, reason=NOTHING_TO_CHECK, **common)
        if self._fail_keys:
            return Result(
                meta.id,
                Outcome.FAIL,
                population=self.population,
                affected=len(self._fail_keys),
                evidence=self.fail_evidence,
                message=message or default_message(meta, len(self._fail_keys), self.population),
                severity=severity or meta.severity,
                affected_keys=list(self._fail_keys),
                **common,
            )
        if self._manual_keys:
            return Result(
                meta.id,
                Outcome.MANUAL,
                population=self.population,
                affected=len(self._manual_keys),
                evidence=self.manual_evidence,
                message=message or manual_message(meta, len(self._manual_keys), self.population),
                affected_keys=list(self._manual_keys),
                **common,
            )
        return Result(
            meta.id,
            Outcome.PASS,
            population=self.population,
            affected=0,
            message=message or pass_message(meta, self.population),
            **common,
        )


def default_message(meta: CheckMeta, affected: int, population: int) -> Text:
    unit = UNITS[meta.unit]
    return Text(
        f"{affected}/{population} {unit.fi}: {meta.title.fi}",
        f"{affected}/{population} {unit.sv}: {meta.title.sv}",
    )


def manual_message(meta: CheckMeta, affected: int, population: int) -> Text:
    unit = UNITS[meta.unit]
    return Text(
        f"{affected}/{population} {unit.fi} vaatii ihmisen arvion",
        f"{affected}/{population} {unit.sv} kräver en persons bedömning",
    )


def pass_message(meta: CheckMeta, population: int) -> Text:
    unit = UNITS[meta.unit]
    return Text(
        f"{population} {unit.fi} tarkastettu, ei havaintoja",
        f"{population} {unit.sv} granskade, inga iakttagelser",
    )


class StreamingCheck:
    """A check that sees every client history (and/or every access-log row) in ONE pass shared by all checks.

    Subclass, set ``meta``, override ``visit_client`` and/or ``visit_access``, and return the result from
    ``finish``. ``__init__`` may raise :class:`NotApplicable`. Why: a national bundle has millions of events;
    reading them once for all checks instead of once per check is what keeps an audit within a minute.
    """

    meta: ClassVar[CheckMeta]

    def __init__(self, ctx: AuditContext) -> None:
        self.ctx = ctx

    def visit_client(self, history: ClientHistory) -> None:  # pragma: no cover - optional
        return None

    def visit_access(self, access: Access) -> None:  # pragma: no cover - optional
        return None

    def finish(self) -> Result:
        raise NotImplementedError

    @classmethod
    def wants_clients(cls) -> bool:
        return cls.visit_client is not StreamingCheck.visit_client

    @classmethod
    def wants_access(cls) -> bool:
        return cls.visit_access is not StreamingCheck.visit_access


def matches(check_id: str, patterns: Iterable[str]) -> bool:
    """``EQ-*`` style wildcards (fnmatch, case-insensitive)."""
    from fnmatch import fnmatchcase

    cid = check_id.upper()
    return any(fnmatchcase(cid, p.upper()) for p in patterns)
