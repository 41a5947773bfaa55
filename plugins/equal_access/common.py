"""What several EQ checks share: the first interview, services, group counts and the statistics an inspector cites.

Definitions follow checks.md ("Definitions used below"): a first interview is the earliest initial interview or
supplementary discussion on or after the job-search start; a service_end closes the earliest open service_start of
the same client with the same detail; a service "over a month" ends after start + 1 calendar month.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from avi_valvonta.api import (
    FIRST_INTERVIEW_TYPES,
    SAAMI_LANGUAGES,
    AuditContext,
    CheckMeta,
    Client,
    ClientHistory,
    Event,
    RuleSetInForce,
    Text,
    add_months,
)

WILSON_Z = 1.959963984540054  # two-sided 95 %: scipy.stats.norm.ppf(0.975)


# -- dates and deadlines -------------------------------------------------------------------------------------------


def first_interview_deadline(ctx: AuditContext, start: dt.date, rs: RuleSetInForce) -> dt.date | None:
    """The deadline of the first interview under the rule set in force on ``start`` (None: not required)."""
    rule = rs.rule("first_interview")
    if not rule.get("required", True):
        return None
    if rule["unit"] == "working_days":
        return ctx.calendar.add_working_days(start, int(rule["count"]))
    deadline = start + dt.timedelta(days=int(rule["count"]))
    return ctx.calendar.roll_forward(deadline) if rule.get("roll_to_working_day") else deadline


def first_interview(history: ClientHistory, rs: RuleSetInForce | None, as_of: dt.date) -> Event | None:
    """Earliest initial interview or supplementary discussion on or after the job-search start (by as_of)."""
    counts = rs.rule("first_interview").get("counts") if rs is not None else None
    types = frozenset(counts) if counts else FIRST_INTERVIEW_TYPES
    start = history.client.job_search_start
    for e in history.events:
        if e.type in types and start <= e.date <= as_of:
            return e
    return None


@dataclass(frozen=True)
class InterviewCase:
    """A client in EQ-INTERVIEW-LATE's population: the rule set by job-search start and the deadline."""

    rule_set: RuleSetInForce
    deadline: dt.date


def interview_case(ctx: AuditContext, client: Client) -> InterviewCase | bool | None:
    """Whether a client is in EQ-INTERVIEW-LATE's population (checks.md).

    Municipality clients whose job search started in the period, whose deadline is on or before as_of and whose job
    search did not end on or before the deadline. Returns the case, None when outside, False when no rule set covers
    the start date (the caller warns).
    """
    start = client.job_search_start
    if not client.is_municipality_client or not ctx.in_period(start):
        return None
    rs = ctx.rule_set_on(start)
    if rs is None:
        return False
    deadline = first_interview_deadline(ctx, start, rs)
    if deadline is None or deadline > ctx.as_of:
        return None
    if client.job_search_end is not None and client.job_search_end <= deadline:
        return None
    return InterviewCase(rs, deadline)


@dataclass(frozen=True)
class Service:
    start: dt.date
    end: dt.date
    detail: str | None
    start_event: Event
    end_event: Event | None

    @property
    def over_a_month(self) -> bool:
        """checks.md: "Over a month": end > start + 1 month."""
        return self.end > add_months(self.start, 1)

    def spans(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def services(history: ClientHistory, as_of: dt.date) -> list[Service]:
    """Pair service_start and service_end (same detail, earliest open start first); unpaired starts run on."""
    open_starts: dict[str, list[Event]] = {}
    out: list[Service] = []
    for e in history.events:
        if e.type == "service_start":
            open_starts.setdefault(e.detail or "", []).append(e)
        elif e.type == "service_end":
            pending = open_starts.get(e.detail or "")
            if pending:
                s = pending.pop(0)
                out.append(Service(s.date, e.date, s.detail, s, e))
    until = history.client.job_search_end or as_of
    for pending in open_starts.values():
        for s in pending:
            out.append(Service(s.date, max(until, s.date), s.detail, s, None))
    out.sort(key=lambda s: (s.start, s.end))
    return out


def long_services(history: ClientHistory, as_of: dt.date) -> list[Service]:
    """Only the services over a month (the ones that suspend or shorten a duty)."""
    if not any(e.type == "service_start" for e in history.events):
        return []
    return [s for s in services(history, as_of) if s.over_a_month]


# -- labels ------------------------------------------------------------------------------------------------------

EVENT_LABELS: dict[str, Text] = {
    "initial_interview": Text("alkuhaastattelu", "inledande intervju"),
    "supplementary_discussion": Text("täydentävä työnhakukeskustelu", "kompletterande jobbsökningssamtal"),
    "jobsearch_interview": Text("työnhakukeskustelu", "jobbsökningssamtal"),
    "employment_plan": Text("työllistymissuunnitelma", "sysselsättningsplan"),
    "plan_review": Text("suunnitelman tarkistus", "granskning av planen"),
    "integration_plan": Text("kotoutumissuunnitelma", "integrationsplan"),
    "activation_plan": Text("aktivointisuunnitelma", "aktiveringsplan"),
}
BENEFIT_LABELS: dict[str, Text] = {
    "earnings_related": Text("ansiopäiväraha", "inkomstrelaterad dagpenning"),
    "labour_market_subsidy": Text("työmarkkinatuki", "arbetsmarknadsstöd"),
    "basic_allowance": Text("peruspäiväraha", "grunddagpenning"),
    "none": Text("ei etuutta", "ingen förmån"),
    "unknown": Text("tuntematon", "okänd"),
}


def label(code: str, labels: dict[str, Text] = EVENT_LABELS) -> Text:
    """A record code as Finnish and Swedish words (the code itself when there is no label)."""
    return labels.get(code) or Text(code, code)


# -- legal basis ---------------------------------------------------------------------------------------------------


def narrowed_basis(meta: CheckMeta, used: Iterable[str]) -> tuple[str, ...]:
    """The entries of the check's legal basis that the rule sets actually applied name (all when none matched)."""
    used_set = set(used)
    narrowed = tuple(b for b in meta.legal_basis if b in used_set)
    return narrowed or meta.legal_basis


# -- groups for EQ-DISPARITY ---------------------------------------------------------------------------------------

UNDER_30 = 30  # checks.md: "Under 30": age on job_search_start

# (dimension, group a, group b) in the order checks.md lists them.
COMPARISONS: tuple[tuple[str, str, str], ...] = (
    ("service_language", "fi", "sv"),
    ("foreign_language", "foreign", "domestic"),
    ("age", "under_30", "30_plus"),
    ("gender", "f", "m"),
)
GROUP_LABELS: dict[str, Text] = {
    "fi": Text("asiointikieli suomi", "ärendespråk finska"),
    "sv": Text("asiointikieli ruotsi", "ärendespråk svenska"),
    "foreign": Text("vieraskieliset", "främmandespråkiga"),
    "domestic": Text("suomen-, ruotsin- tai saamenkieliset", "finsk-, svensk- eller samiskspråkiga"),
    "under_30": Text("alle 30-vuotiaat", "under 30 år"),
    "30_plus": Text("30 vuotta täyttäneet", "30 år och äldre"),
    "f": Text("naiset", "kvinnor"),
    "m": Text("miehet", "män"),
}


def groups_of(client: Client) -> Iterable[tuple[str, str]]:
    """The (dimension, group) pairs a client belongs to; a client may be in no group of a dimension."""
    if client.service_language in ("fi", "sv"):
        yield "service_language", client.service_language
    tongue = (client.mother_tongue or "").lower()
    if tongue:
        domestic = tongue in ("fi", "sv") or tongue in SAAMI_LANGUAGES
        yield "foreign_language", "domestic" if domestic else "foreign"
    yield "age", "under_30" if client.age_on(client.job_search_start) < UNDER_30 else "30_plus"
    if client.gender in ("f", "m"):
        yield "gender", client.gender


class GroupCounts:
    """Clients and violations per group, counted as a check goes (bounded memory: a few counters)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = {}

    def add(self, client: Client, violated: bool) -> None:
        for key in groups_of(client):
            c = self.counts.get(key)
            if c is None:
                c = self.counts[key] = [0, 0]
            c[0] += 1
            c[1] += violated

    def get(self, dimension: str, group: str) -> tuple[int, int]:
        """(n, violations) of a group."""
        n, k = self.counts.get((dimension, group), (0, 0))
        return n, k

    def to_dict(self) -> dict[str, dict[str, tuple[int, int]]]:
        out: dict[str, dict[str, tuple[int, int]]] = {}
        for (dim, group), (n, k) in sorted(self.counts.items()):
            out.setdefault(dim, {})[group] = (n, k)
        return out


# -- statistics ----------------------------------------------------------------------------------------------------


def wilson_interval(k: int, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n (95 % by default); (0, 0) for n = 0."""
    if n <= 0:
        return 0.0, 0.0
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the input order (step-down, monotone, capped at 1)."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def pct(value: float, decimals: int = 1) -> str:
    """A percentage as Finnish and Swedish write it: 3,5 %."""
    return f"{value * 100:.{decimals}f}".replace(".", ",") + " %"
