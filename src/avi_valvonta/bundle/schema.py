"""The case-bundle format (case-bundle.md, ``format = 1``) as data: files, columns, kinds, allowed values."""

from __future__ import annotations

from dataclasses import dataclass

EVENT_TYPES = frozenset(
    {
        "initial_interview",
        "supplementary_discussion",
        "jobsearch_interview",
        "employment_plan",
        "plan_review",
        "integration_plan",
        "activation_plan",
        "initial_assessment",
        "service_start",
        "service_end",
        "decision",
        "statement",
        "transfer_request",
        "transfer_decision",
        "reminder",
        "contact",
    }
)
BENEFITS = frozenset({"earnings_related", "labour_market_subsidy", "basic_allowance", "none", "unknown"})
STATUSES = frozenset({"unemployed", "at_risk", "laid_off", "subsidised_work", "in_service", "employed", "ended"})
GENDERS = frozenset({"f", "m", "x"})
RESPONSIBLE = frozenset({"municipality", "te_office"})
CHANNELS = frozenset({"in_person", "phone", "video", "letter", "digital"})
ROLES = frozenset(
    {
        "coach",
        "advisor",
        "psychologist",
        "nurse",
        "social_worker",
        "manager",
        "employer_services",
        "administration",
        "it",
        "other",
    }
)
ACTIONS = frozenset({"view", "edit", "print", "export", "search"})
DOC_TYPES = frozenset({"decision", "letter", "plan", "minutes", "notice", "web_page", "guide", "other"})
AUDIENCES = frozenset({"client", "public", "internal"})


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id text date timestamp bool enum list number municipality lang country
    required: bool = False
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str  # e.g. "clients.csv"
    table: str
    columns: tuple[Column, ...]
    required: bool = False
    key: str | None = None  # unique id column

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


CLIENTS = FileSpec(
    "clients.csv",
    "clients",
    (
        Column("client_id", "id", True),
        Column("birth_date", "date", True),
        Column("home_municipality", "municipality", True),
        Column("gender", "enum", False, GENDERS),
        Column("mother_tongue", "lang", True),
        Column("service_language", "lang", True),
        Column("citizenship", "country", True),
        Column("benefit", "enum", True, BENEFITS),
        Column("temporary_protection", "bool"),
        Column("status", "enum", True, STATUSES),
        Column("job_search_start", "date", True),
        Column("job_search_end", "date"),
        Column("responsible", "enum", False, RESPONSIBLE),
        Column("coach_id", "text"),
        Column("needs_interpreter", "bool"),
    ),
    required=True,
    key="client_id",
)

EVENTS = FileSpec(
    "events.csv",
    "events",
    (
        Column("event_id", "id", True),
        Column("client_id", "id", True),
        Column("date", "date", True),
        Column("type", "enum", True, EVENT_TYPES),
        Column("language", "lang"),
        Column("interpreter", "bool"),
        Column("staff_id", "text"),
        Column("channel", "enum", False, CHANNELS),
        Column("detail", "text"),
    ),
    required=True,
    key="event_id",
)

STAFF = FileSpec(
    "staff.csv",
    "staff",
    (
        Column("staff_id", "id", True),
        Column("role", "enum", True, ROLES),
        Column("languages", "list"),
        Column("municipality", "municipality"),
        Column("system_access", "bool"),
        Column("active_from", "date"),
        Column("active_to", "date"),
    ),
    key="staff_id",
)

ACCESS_LOG = FileSpec(
    "access_log.csv",
    "access_log",
    (
        Column("timestamp", "timestamp", True),
        Column("staff_id", "id", True),
        Column("client_id", "id", True),
        Column("action", "enum", True, ACTIONS),
    ),
)

SERVICE_POINTS = FileSpec(
    "service_points.csv",
    "service_points",
    (
        Column("point_id", "text"),
        Column("municipality", "municipality"),
        Column("name", "text"),
        Column("languages", "list"),
        Column("hours_per_week", "number"),
        Column("accessible", "bool"),
        Column("appointment_only", "bool"),
    ),
    key="point_id",
)

DOCUMENTS = FileSpec(
    "documents.csv",
    "documents",
    (
        Column("file", "text", True),
        Column("doc_type", "enum", True, DOC_TYPES),
        Column("audience", "enum", True, AUDIENCES),
        Column("client_id", "text"),
        Column("date", "date"),
        Column("published_until", "date"),
        Column("translation_of", "text"),
    ),
    key="file",
)

# Read in this order: later files refer to earlier ones.
FILES = (CLIENTS, STAFF, EVENTS, ACCESS_LOG, SERVICE_POINTS, DOCUMENTS)
KNOWN_TOP_LEVEL = {f.name for f in FILES} | {"bundle.toml", "documents"}
