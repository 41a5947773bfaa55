"""LANG-TRANSFER: a request to move a client to the TE office for language reasons, left undecided.

checks.md: population (unit: requests) = transfer_request events with detail ``language`` dated in the period,
on a day the experiment's transfer rule was in force (law data ``client_transfer``: 1269/2020 5 § 3 mom, events up to
31.12.2024), whose 30 days ended on or before as_of. A request fails when no transfer_decision (approved or rejected)
for the same client is dated within 30 calendar days of it, inclusive (request + 30 days is still in time).
TE-office clients count: the check is about moving clients between the two.
"""

from __future__ import annotations

import datetime as dt

from valvonta_language_rights.common import require_reach

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Evidence,
    Result,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    days_text,
    fdate,
)

META = CheckMeta(
    id="LANG-TRANSFER",
    area="language_rights",
    title=Text(
        "Kielellisin perustein tehtyä siirtopyyntöä ei ratkaistu 30 päivässä",
        "En begäran om överföring av språkliga skäl avgjordes inte inom 30 dagar",
    ),
    legal_basis=("1269/2020 5 § 3 mom",),
    severity=Severity.MEDIUM,
    unit="requests",
    description=Text(
        "Siirtopyyntö (peruste kieli), jolle ei ole siirtopäätöstä (hyväksytty tai hylätty) 30 kalenteripäivän "
        "kuluessa.",
        "En begäran om överföring (skäl: språk) utan beslut (godkänt eller avslaget) inom 30 kalenderdagar.",
    ),
    options={"decision_days": 30},
)
PROVISION = "client_transfer"
DECISION_OUTCOMES = frozenset({"approved", "rejected"})


def _detail(value: str | None) -> str | None:
    return value.strip().lower() or None if value else None


class Transfer(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        require_reach(ctx, PROVISION, ctx.period_start, ctx.period_end)
        self.days = int(ctx.option(META, "decision_days"))
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}
        self.pending = 0  # requests of the period whose 30 days had not ended on as_of

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        requests = [
            e
            for e in history.events
            if e.type == "transfer_request" and _detail(e.detail) == "language" and ctx.in_period(e.date)
        ]
        if not requests:
            return
        # A decision of either outcome answers the request; an empty detail is a decision of unknown outcome.
        decisions = [
            e
            for e in history.events
            if e.type == "transfer_decision" and (_detail(e.detail) is None or _detail(e.detail) in DECISION_OUTCOMES)
        ]
        for req in requests:
            period = ctx.law.provision_on(PROVISION, req.date, ctx.unit)
            if period is None:
                continue
            deadline = req.date + dt.timedelta(days=self.days)
            if deadline > ctx.as_of:
                self.pending += 1
                continue
            self.tally.checked()
            for b in period.basis:
                self.bases[b] = None
            if any(req.date <= d.date <= deadline for d in decisions):
                continue
            later = next((d for d in decisions if d.date > deadline), None)
            data: dict[str, object] = {
                "date": req.date.isoformat(),
                "deadline": deadline.isoformat(),
                "unit": "calendar_days",
                "limit_days": self.days,
            }
            if later is not None:
                days = (later.date - req.date).days
                data.update({"decision_event_id": later.event_id, "days": days, "late_days": days - self.days})
                detail = Text(
                    f"siirtopyyntö {fdate(req.date)}: päätös vasta {fdate(later.date)} ({days_text(days).fi}, "
                    f"määräaika {fdate(deadline)})",
                    f"begäran om överföring {fdate(req.date)}: beslut först {fdate(later.date)} ({days_text(days).sv}, "
                    f"tidsfrist {fdate(deadline)})",
                )
            else:
                days = (ctx.as_of - req.date).days
                data.update({"days": days, "decided": False})
                detail = Text(
                    f"siirtopyyntö {fdate(req.date)}: ei päätöstä {fdate(ctx.as_of)} mennessä ({days_text(days).fi}, "
                    f"määräaika {fdate(deadline)})",
                    f"begäran om överföring {fdate(req.date)}: inget beslut senast {fdate(ctx.as_of)} "
                    f"({days_text(days).sv}, tidsfrist {fdate(deadline)})",
                )
            self.tally.fail(
                req.event_id,
                Evidence(detail, client_id=c.client_id, event_id=req.event_id, line=req.line, data=data),
            )

    def finish(self) -> Result:
        data = {"requests_not_yet_due": self.pending} if self.pending else None
        result = self.tally.result(data=data)
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
