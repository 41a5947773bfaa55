"""The audit context: everything a check may read, passed explicitly (no globals, no sessions).

A check reads the bundle through the context (streams and small lists), asks the law what was in force on a date,
reads its configured thresholds, and adds warnings. Documents come with their text per page, their language profile
and the identity codes in them, each computed once per run however many checks ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from avi_valvonta.i18n import Text
from avi_valvonta.identity import IdentityCodeMatch
from avi_valvonta.law import Law, Regime, RuleSetInForce
from avi_valvonta.law.calendar import WorkingDayCalendar
from avi_valvonta.records import (
    Access,
    Client,
    ClientHistory,
    DocumentRecord,
    Event,
    Page,
    ServicePoint,
    StaffMember,
)
from avi_valvonta.reference import SupervisedUnit
from avi_valvonta.textlang import LanguageProfile, from_rows, profile

if TYPE_CHECKING:
    from avi_valvonta.bundle import Bundle, CellIdentityCode
    from avi_valvonta.checks import CheckMeta, Result


@dataclass(frozen=True)
class DocumentIdentityCode:
    """An identity code in a document: masked text and where to find the original."""

    match: IdentityCodeMatch
    page: int
    line: int
    excerpt: str  # the surrounding text, masked

    @property
    def masked(self) -> str:
        return self.match.masked


class Document:
    """A bundle document with lazily computed text, language profile and identity codes (cached per run)."""

    def __init__(self, record: DocumentRecord, ctx: AuditContext) -> None:
        self.record = record
        self._ctx = ctx

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)

    def __repr__(self) -> str:
        return f"Document({self.record.file!r}, {self.record.doc_type}, {self.record.audience})"

    @cached_property
    def pages(self) -> list[Page]:
        return self._ctx.bundle.store.pages(self.record.file)

    @property
    def has_text(self) -> bool:
        return any(p.has_text for p in self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @cached_property
    def language(self) -> LanguageProfile:
        """The language profile, computed when the bundle was loaded (in parallel) or now if it was not."""
        import json

        stored = self._ctx.bundle.store.page_languages(self.record.file)
        if stored and all(lang is not None for _, lang in stored):
            rows = [row for _, lang in stored for row in json.loads(lang or "[]")]
            return from_rows(rows, (number for number, _ in stored))
        return profile((p.number, p.text) for p in self.pages)

    @cached_property
    def identity_code_matches(self) -> list[DocumentIdentityCode]:
        """Every pattern match with a correct check character (valid or not), with page and line.

        Found by the loader in the original text, which the working store never keeps: ``match.code`` is the masked
        code and ``start``/``end`` are offsets in the (masked) page text.
        """
        out = []
        for page, start, end, line, masked, valid, birth, excerpt in self._ctx.bundle.store.page_codes(
            self.record.file
        ):
            match = IdentityCodeMatch(start, end, masked, True, valid, birth)
            out.append(DocumentIdentityCode(match, page, line, excerpt))
        return out

    def identity_codes(self) -> list[DocumentIdentityCode]:
        """Identity codes that count as findings (valid, born on or before as_of)."""
        as_of = self._ctx.as_of
        return [c for c in self.identity_code_matches if c.match.counts_on(as_of)]


@dataclass
class AuditContext:
    """What a check sees. Build one per run (the runner does)."""

    unit: SupervisedUnit
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    law: Law
    bundle: Bundle
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[Text] = field(default_factory=list)
    results: dict[str, Result] = field(default_factory=dict)  # finished results, for checks that `require` others
    _documents: list[Document] | None = None

    # -- time and law ----------------------------------------------------------------------------------------

    @property
    def calendar(self) -> WorkingDayCalendar:
        return self.law.calendar

    def in_period(self, day: dt.date | None) -> bool:
        return day is not None and self.period_start <= day <= self.period_end

    def regime_on(self, day: dt.date) -> Regime | None:
        return self.law.regime_on(day)

    def rule_set_on(self, day: dt.date, *, by: str = "start_date") -> RuleSetInForce | None:
        return self.law.rule_set_on(day, by=by)

    # -- configuration ---------------------------------------------------------------------------------------

    def option(self, meta: CheckMeta, name: str) -> Any:
        """A threshold: the config file's ``[checks.<ID>]`` value, else the default in the check's metadata."""
        configured = self.config.get(meta.id, {})
        if name in configured:
            return configured[name]
        if name not in meta.options:
            raise KeyError(f"{meta.id} has no option {name!r}")
        return meta.options[name]

    def warn(self, message: Text) -> None:
        """A warning shown in the report, in Finnish and Swedish (masked like everything else)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def result_of(self, check_id: str) -> Result | None:
        """The result of a check listed in this check's ``requires`` (None if it did not run)."""
        return self.results.get(check_id)

    # -- the bundle ------------------------------------------------------------------------------------------

    def has_file(self, name: str) -> bool:
        """Whether the bundle has ``name`` (e.g. ``access_log.csv``); a check without its file is not_applicable."""
        return self.bundle.has(name)

    def is_home(self, client: Client) -> bool:
        """The client lives in the audited municipality (or in a member of the audited area)."""
        return client.home_municipality in self.unit.member_codes

    def clients(self) -> Iterator[Client]:
        return self.bundle.store.clients()

    def client_ids(self) -> set[str]:
        """Every client_id of the bundle (to find pseudonyms in documents)."""
        return self.bundle.store.client_ids()

    def histories(self) -> Iterator[ClientHistory]:
        """Every client with his or her events. Prefer a StreamingCheck: it shares one pass with all checks."""
        return self.bundle.store.histories()

    def events(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Event]:
        return self.bundle.store.events(where, params)

    def access_log(self) -> Iterator[Access]:
        return self.bundle.store.access_log()

    def staff(self) -> list[StaffMember]:
        return self.bundle.store.staff()

    def service_points(self) -> list[ServicePoint]:
        return self.bundle.store.service_points()

    def documents(self) -> list[Document]:
        if self._documents is None:
            self._documents = [Document(r, self) for r in self.bundle.store.documents()]
        return self._documents

    def document(self, file: str) -> Document | None:
        for d in self.documents():
            if d.record.file == file:
                return d
        return None

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Read-only SQL over the working store (tables as in case-bundle.md; dates as ordinals)."""
        return self.bundle.store.query(sql, params)

    def ensure_index(self, table: str, columns: Sequence[str]) -> None:
        self.bundle.store.ensure_index(table, columns)

    @property
    def csv_rows(self) -> dict[str, int]:
        """Data rows per CSV file of the bundle."""
        return dict(self.bundle.rows)

    @property
    def cell_identity_codes(self) -> list[CellIdentityCode]:
        """Identity codes found in CSV cells while loading (already masked)."""
        return list(self.bundle.cell_identity_codes)
