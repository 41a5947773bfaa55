"""EQ-PERIODIC-LATE: the periodic job-search interviews (checks.md, "Periodic duty").

Which generator of due dates applies is law data: the rule set in force on the (unrolled) due date says how its
``periodic`` duty is anchored. ``anchor = "last_interview"`` (``nordic-2022``): the due date is 3 months after the
most recent interview; after a miss, the next one counts from the interview that finally took place; a service over
a month that spans a due date suspends it, and the next due date is 3 months after that service ended unless an
interview comes first. ``anchor = "job_search_start"`` (``jtypl-2013``, "each time unemployment has lasted 3
months"): due = start + 3, 6, 9 … months, met by an interview in (rolled due − 1 month, rolled due]. Due dates are
rolled to a working day; the rolled date decides "in the period", "on or before as_of" and "active".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valvonta_equal_access.common import Service, first_interview, long_services, narrowed_basis

from avi_valvonta.api import (
    INTERVIEW_TYPES,
    AuditContext,
    CheckMeta,
    ClientHistory,
    Event,
    Evidence,
    Result,
    RuleSetInForce,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    add_months,
    days_text,
    fdate,
)

META = CheckMeta(
    id="EQ-PERIODIC-LATE",
    area="equal_access",
    title=Text(
        "Määräaikainen työnhakukeskustelu ei toteutunut ajallaan",
        "Det periodiska jobbsökningssamtalet hölls inte i tid",
    ),
    legal_basis=(
        "916/2012 2 luku 4 § 2 mom (1.1.2017-)",
        "916/2012 2 luku 4 § (1379/2021)",
        "916/2012 2 luku 5 § (1379/2021)",
        "380/2023 32 §",
        "380/2023 32 § (435/2024)",
    ),
    severity=Severity.MEDIUM,
    unit="clients",
    rule_sets=("jtypl-2013", "nordic-2022"),
    description=Text(
        "Kunnan asiakkaat, joilla on tarkastusjaksolle ja viimeistään tilannepäivälle osuva eräpäivä aktiivisena "
        "eikä yli kuukauden palvelussa: eräpäivä meni ohi ilman haastattelua.",
        "Kommunens klienter med en förfallodag under granskningsperioden och senast på lägesdagen, som aktiva och "
        "inte i en tjänst över en månad: förfallodagen passerade utan intervju.",
    ),
)
SUPPLEMENTARY_RESTARTS = "supplementary_discussion_restarts_periodic"


@dataclass(frozen=True)
class Due:
    """One due date of the periodic duty and how it went."""

    unrolled: dt.date
    due: dt.date  # rolled to a working day
    rule_set: RuleSetInForce
    anchor: dt.date | None  # the interview (or service end) it counts from
    met_by: Event | None  # the interview that met it
    next_interview: Event | None  # the first interview after it (when missed)
    suspended_by: Service | None


class PeriodicLate(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}
        self.horizon = min(ctx.period_end, ctx.as_of)
        # Per-date answers are cached: a national bundle asks the same few hundred dates millions of times.
        self._rs_cache: dict[tuple[dt.date, str], RuleSetInForce | None] = {}
        self._roll_cache: dict[dt.date, dt.date] = {}
        self._restarts_cache: dict[dt.date, bool] = {}
        # Which generators can give a due date in the period at all (an unrolled due date lies at most a few days
        # before its rolled date: a weekend plus Easter or Christmas).
        anchors = {
            rif.rule("periodic").get("anchor")
            for rif in ctx.law.rule_sets_between(ctx.period_start - dt.timedelta(days=14), self.horizon)
            if rif.rule("periodic").get("required", False)
        }
        self.by_start = "job_search_start" in anchors
        self.by_interview = "last_interview" in anchors

    # -- due dates -------------------------------------------------------------------------------------------

    def _rule_set(self, unrolled: dt.date, anchor: str) -> RuleSetInForce | None:
        key = (unrolled, anchor)
        if key in self._rs_cache:
            return self._rs_cache[key]
        rs = self.ctx.rule_set_on(unrolled, by="due_date")
        if rs is not None:
            rule = rs.rule("periodic")
            if not rule.get("required", False) or rule.get("anchor") != anchor:
                rs = None
        self._rs_cache[key] = rs
        return rs

    def _roll(self, day: dt.date) -> dt.date:
        rolled = self._roll_cache.get(day)
        if rolled is None:
            rolled = self._roll_cache[day] = self.ctx.calendar.roll_forward(day)
        return rolled

    def _restarts(self, day: dt.date) -> bool:
        """A supplementary discussion on ``day`` restarts the period (380/2023 32 § as amended by 435/2024)."""
        found = self._restarts_cache.get(day)
        if found is None:
            ctx = self.ctx
            found = self._restarts_cache[day] = ctx.law.provision_on(SUPPLEMENTARY_RESTARTS, day, ctx.unit) is not None
        return found

    def _interviews(self, history: ClientHistory, first: Event | None) -> list[Event]:
        """Interviews that restart the period: initial or job-search interviews, and supplementary discussions
        on the dates the law makes them count (380/2023 32 § as amended by 435/2024)."""
        ctx = self.ctx
        out = []
        for e in history.events:
            if e.date > ctx.as_of:
                break
            if e.type in INTERVIEW_TYPES or (e.type == "supplementary_discussion" and self._restarts(e.date)):
                out.append(e)
            elif first is not None and e is first:
                out.append(e)  # the chain starts at the first interview, whatever its type
        return out

    def _last_interview_chain(
        self, history: ClientHistory, interviews: list[Event], first: Event, services: list[Service]
    ) -> list[Due]:
        roll = self._roll
        after = [e for e in interviews if e.date > first.date]
        pos = 0  # index of the first interview after the current anchor
        anchor = first.date
        unrolled = add_months(anchor, 3)
        out: list[Due] = []
        while True:
            due = roll(unrolled)
            if due > self.horizon:
                return out
            while pos < len(after) and after[pos].date <= anchor:
                pos += 1
            nxt = after[pos] if pos < len(after) else None
            rs = self._rule_set(unrolled, "last_interview")
            spanning = [s for s in services if s.spans(due)]
            svc = max(spanning, key=lambda s: s.end) if spanning else None  # suspends the due date
            if nxt is not None and nxt.date <= due:
                if rs is not None:
                    out.append(Due(unrolled, due, rs, anchor, nxt, None, svc))
                anchor = nxt.date
                unrolled = add_months(anchor, 3)
                continue
            if svc is not None:
                if rs is not None:
                    out.append(Due(unrolled, due, rs, anchor, None, None, svc))
                after_service = add_months(svc.end, 3)
                if nxt is not None and nxt.date <= roll(after_service):
                    anchor = nxt.date  # an interview came first: the next due date counts from it
                    unrolled = add_months(anchor, 3)
                else:
                    anchor = svc.end
                    unrolled = after_service
                continue
            if rs is not None:
                out.append(Due(unrolled, due, rs, anchor, None, nxt, None))
            if nxt is None:
                return out  # no later interview: nothing counts from
            anchor = nxt.date  # after a miss, the next due date counts from the interview that took place
            unrolled = add_months(anchor, 3)

    def _job_search_start_chain(
        self, history: ClientHistory, interviews: list[Event], services: list[Service]
    ) -> list[Due]:
        ctx = self.ctx
        roll = self._roll
        start = history.client.job_search_start
        # Skip the due dates long before the period (a 2013 start would otherwise walk 40 quarters per client).
        months = (ctx.period_start.year - start.year) * 12 + ctx.period_start.month - start.month
        k = max(1, months // 3 - 1)
        out: list[Due] = []
        while True:
            unrolled = add_months(start, 3 * k)
            k += 1
            due = roll(unrolled)
            if due > self.horizon:
                return out
            rs = self._rule_set(unrolled, "job_search_start")
            if rs is None:
                continue
            window_months = int(rs.rule("periodic").get("window_months", 1))
            window_from = add_months(due, -window_months)
            met = next((e for e in interviews if window_from < e.date <= due), None)
            spanning = [s for s in services if s.spans(due)]
            svc = max(spanning, key=lambda s: s.end) if spanning else None
            nxt = None if met or svc else next((e for e in interviews if e.date > due), None)
            out.append(Due(unrolled, due, rs, None, met, nxt, svc))

    # -- the check -------------------------------------------------------------------------------------------

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        if not c.is_municipality_client or c.job_search_start > self.horizon:
            return
        if c.job_search_end is not None and c.job_search_end <= ctx.period_start:
            return  # not active on any day of the period
        first = first_interview(history, None, ctx.as_of)
        interviews = self._interviews(history, first)
        services = long_services(history, ctx.as_of)
        dues = self._job_search_start_chain(history, interviews, services) if self.by_start else []
        if first is not None and self.by_interview:
            dues += self._last_interview_chain(history, interviews, first, services)
        counted = False
        for d in dues:
            if not ctx.in_period(d.due) or d.due > ctx.as_of or not c.is_active_on(d.due):
                continue
            if d.suspended_by is not None:
                continue
            counted = True
            self.tally.used_rule_set(d.rule_set.id)
            for b in d.rule_set.basis:
                self.bases[b] = None
            if d.met_by is None:
                self.tally.fail(c.client_id, self._evidence(history, d))
        if counted:
            self.tally.checked()

    def _evidence(self, history: ClientHistory, d: Due) -> Evidence:
        c, rs = history.client, d.rule_set.id
        data: dict[str, object] = {
            "due": d.due.isoformat(),
            "due_unrolled": d.unrolled.isoformat(),
            "rule_set": rs,
        }
        if d.anchor is not None:
            data["counted_from"] = d.anchor.isoformat()
        since = (
            Text(f", laskettu {fdate(d.anchor)} alkaen", f", räknat från {fdate(d.anchor)}")
            if d.anchor is not None
            else Text(
                f", työnhaku alkoi {fdate(c.job_search_start)}",
                f", jobbsökningen började {fdate(c.job_search_start)}",
            )
        )
        nxt = d.next_interview
        if nxt is None:
            data["kind"] = "missing"
            head = Text(
                f"eräpäivä {fdate(d.due)} ohitettu: ei haastattelua {fdate(self.ctx.as_of)} mennessä",
                f"förfallodagen {fdate(d.due)} passerade: ingen intervju före {fdate(self.ctx.as_of)}",
            )
            return Evidence(head + since + Text(f" ({rs})", f" ({rs})"), client_id=c.client_id, line=c.line, data=data)
        days = (nxt.date - d.due).days
        data.update(kind="late", days=days, unit="calendar_days", interview=nxt.date.isoformat())
        head = Text(
            f"eräpäivä {fdate(d.due)} ohitettu: haastattelu vasta {fdate(nxt.date)}, myöhässä {days_text(days).fi}",
            f"förfallodagen {fdate(d.due)} passerade: intervju först {fdate(nxt.date)}, försenad {days_text(days).sv}",
        )
        return Evidence(
            head + since + Text(f" ({rs})", f" ({rs})"),
            client_id=c.client_id,
            event_id=nxt.event_id,
            line=nxt.line,
            data=data,
        )

    def finish(self) -> Result:
        result = self.tally.result()
        if self.bases:
            result.legal_basis = narrowed_basis(META, self.bases)
        return result
