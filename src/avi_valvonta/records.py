"""The rows of a case bundle as checks see them (case-bundle.md). Small immutable tuples: cheap at national scale.

Empty cells are ``None`` ("unknown"). Dates are :class:`datetime.date`. ``line`` is the CSV line number, so a finding
can always be traced back to the record an inspector can open.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

INTERVIEW_TYPES = frozenset({"initial_interview", "jobsearch_interview"})
FIRST_INTERVIEW_TYPES = frozenset({"initial_interview", "supplementary_discussion"})
PLAN_TYPES = frozenset({"employment_plan", "integration_plan", "activation_plan"})


class Client(NamedTuple):
    client_id: str
    birth_date: dt.date
    home_municipality: str  # municipality code
    gender: str | None
    mother_tongue: str
    service_language: str
    citizenship: str
    benefit: str
    temporary_protection: bool | None
    status: str
    job_search_start: dt.date
    job_search_end: dt.date | None
    responsible: str | None
    coach_id: str | None
    needs_interpreter: bool | None
    line: int

    def is_active_on(self, day: dt.date) -> bool:
        """job_search_start ≤ day and (no end or end > day) - checks.md "Active on D"."""
        return self.job_search_start <= day and (self.job_search_end is None or self.job_search_end > day)

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def is_municipality_client(self) -> bool:
        """Not marked ``responsible = te_office`` (TE-office clients are outside the supervisor's competence)."""
        return self.responsible != "te_office"


class Event(NamedTuple):
    event_id: str
    client_id: str
    date: dt.date
    type: str
    language: str | None
    interpreter: bool | None
    staff_id: str | None
    channel: str | None
    detail: str | None
    line: int


class ClientHistory(NamedTuple):
    """A client with all of his or her events, sorted by date (then by line)."""

    client: Client
    events: list[Event]


class StaffMember(NamedTuple):
    staff_id: str
    role: str
    languages: tuple[str, ...]
    municipality: str | None
    system_access: bool | None
    active_from: dt.date | None
    active_to: dt.date | None
    line: int

    def is_active_on(self, day: dt.date) -> bool:
        """Empty active_from / active_to mean unbounded (inclusive bounds)."""
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class Access(NamedTuple):
    timestamp: str  # as written in the file
    day: dt.date  # the Helsinki calendar day of the access
    staff_id: str
    client_id: str
    action: str
    known_client: bool  # the client_id exists in clients.csv
    line: int


class ServicePoint(NamedTuple):
    point_id: str | None
    municipality: str | None
    name: str | None
    languages: tuple[str, ...]
    hours_per_week: float | None
    accessible: bool | None
    appointment_only: bool | None
    line: int


class Page(NamedTuple):
    number: int  # 1-based
    text: str
    has_images: bool

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


class DocumentRecord(NamedTuple):
    file: str
    doc_type: str
    audience: str
    client_id: str | None
    date: dt.date | None
    published_until: dt.date | None
    translation_of: str | None
    described: bool  # listed in documents.csv (an undescribed file is scanned as other/internal)
    line: int | None
    pages: int
    sha256: str
