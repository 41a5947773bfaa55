"""The complaint register's services: every ``valvonta complaint`` command calls one method here.

Each change runs in one write transaction (:func:`avi_valvonta.complaints.store.write_session`) that also appends
its event (who, when, what): the register never has a change without its history, nor a history without the change.
Input is validated before the transaction starts, so a refused command stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from avi_valvonta.complaints.attachments import AttachmentFile
from avi_valvonta.complaints.numbering import diary_prefix, format_dnro, next_number
from avi_valvonta.complaints.rules import ComplaintSettings, complaint_rules
from avi_valvonta.complaints.screening import OVERRIDABLE, Earlier, Facts, effective, screen, with_duplicates
from avi_valvonta.complaints.store import find, read_session, write_session
from avi_valvonta.complaints.submission import Submission
from avi_valvonta.complaints.workflow import (
    OPEN,
    STATUSES,
    Due,
    given_due,
    is_overdue,
    require,
    resolution_due,
    working_days_due,
)
from avi_valvonta.db.complaint_models import Complaint, ComplaintAttachment, ComplaintEvent
from avi_valvonta.errors import RefusedError, UsageError
from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.reference import normalise_name


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def complainant_key(name: str) -> str:
    """The same person whatever the case, accents or spacing of the name."""
    return normalise_name(name)[:300]


def contact_key(email: str | None, phone: str | None) -> str | None:
    if email:
        return email.strip().casefold()[:300]
    if phone:
        digits = re.sub(r"\D", "", phone)
        return ("0" + digits[3:]) if digits.startswith("358") else digits
    return None


INFO_COLUMNS = ("id", "kind", "name", "media_type", "size", "sha256", "pages", "needs_ocr", "added_at", "added_by")


@dataclass
class AttachmentInfo:
    id: int
    kind: str
    name: str
    media_type: str
    size: int
    sha256: str
    pages: int
    needs_ocr: bool
    added_at: dt.datetime
    added_by: str


@dataclass
class ComplaintRecord:
    """A complaint with its history and attachments (without their bytes), as ``complaint show`` renders it."""

    complaint: Complaint
    events: list[ComplaintEvent]
    attachments: list[AttachmentInfo] = field(default_factory=list)

    @property
    def screening(self) -> dict[str, Any]:
        return effective(self.complaint.screening, self.complaint.overrides)


def _attachment_row(c: Complaint, a: AttachmentFile, kind: str, actor: str, now: dt.datetime) -> ComplaintAttachment:
    assert c.id is not None
    return ComplaintAttachment(
        complaint_id=c.id,
        kind=kind,
        name=a.name[:300],
        media_type=a.media_type,
        size=a.size,
        sha256=a.sha256,
        pages=a.pages,
        needs_ocr=a.needs_ocr,
        text=a.text,
        content=a.content,
        added_at=now,
        added_by=actor,
    )


def _record_events(
    session: Session, c: Complaint, events: list[tuple[str, dict[str, Any]]], actor: str, now: dt.datetime
) -> None:
    """Append the events of one change (inside its transaction)."""
    assert c.id is not None
    for what, detail in events:
        session.add(ComplaintEvent(complaint_id=c.id, at=now, actor=actor, what=what, detail=detail))


def _screening_summary(screening: dict[str, Any]) -> dict[str, Any]:
    return {
        "jurisdiction": screening["jurisdiction"]["ok"],
        "two_year_rule": screening["two_year_rule"]["ok"],
        "duplicates": screening["duplicates"],
        "topics": sorted({t["area"] for t in screening["topics"]}),
    }


def _due_detail(due: Due) -> dict[str, Any]:
    return {"due": due.day.isoformat(), "due_kind": due.kind, "due_rule": due.explanation.to_dict()}


def _check_actor(actor: str) -> str:
    actor = actor.strip()
    if not actor or len(actor) > 100:
        raise UsageError("--actor: a name of 1-100 characters")
    return actor


def _check_day(day: dt.date, c: Complaint, today: dt.date, option: str) -> None:
    if day > today:
        raise UsageError(f"{option}: {day.isoformat()} is in the future (today {today.isoformat()})")
    if day < c.received:
        raise UsageError(f"{option}: {day.isoformat()} is before the complaint arrived ({c.received.isoformat()})")


@dataclass
class ComplaintRegister:
    """The services of the register, bound to a database (:class:`avi_valvonta.db.Database`) and the settings."""

    db: Any
    settings: ComplaintSettings = field(default_factory=ComplaintSettings)
    plugins: Any = None  # loaded on first screening (avi_valvonta.plugins.load_plugins)

    def _plugins(self) -> Any:
        if self.plugins is None:
            from avi_valvonta.plugins import load_plugins

            self.plugins = load_plugins()
        return self.plugins

    def _earlier(self, session: Session, key: str, contact: str | None, exclude: int | None) -> list[Earlier]:
        same = col(Complaint.complainant_key) == key
        if contact:
            same = or_(same, col(Complaint.contact_key) == contact)  # type: ignore[assignment]
        q = select(Complaint.id, Complaint.dnro, Complaint.text).where(same)
        return [Earlier(dnro, text) for cid, dnro, text in session.exec(q) if cid != exclude]

    @staticmethod
    def _facts(c: Complaint) -> Facts:
        return Facts(c.municipality_code, c.events_date, c.received, c.target, c.text, c.complainant_language)

    # -- intake -----------------------------------------------------------------------------------------------

    def register(self, sub: Submission, actor: str, now: dt.datetime | None = None) -> Complaint:
        """Give the next diary number, store the complaint with its attachments, screen it: one transaction."""
        actor = _check_actor(actor)
        now = now or utcnow()
        key = complainant_key(sub.complainant.name)
        contact = contact_key(sub.complainant.email, sub.complainant.phone)
        facts = Facts(
            sub.municipality.code, sub.events_date, sub.received, sub.target, sub.text, sub.complainant.language
        )
        # Screened before the write lock is taken: plugins must not hold up other inspectors. Duplicates are looked
        # for under the lock, so that two intakes of the same text at the same moment see each other.
        screening = screen(facts, self.settings, self._plugins(), now)
        due = resolution_due(sub.received, self.settings)
        prefix, year = diary_prefix(sub.received, self.settings), sub.received.year
        with write_session(self.db) as s:
            number = next_number(s, prefix, year)
            screening = with_duplicates(screening, sub.text, self._earlier(s, key, contact, None))
            c = Complaint(
                dnro=format_dnro(prefix, number, year),
                prefix=prefix,
                number=number,
                year=year,
                status="screened",
                municipality_code=sub.municipality.code,
                target=sub.target,
                channel=sub.channel,
                events_date=sub.events_date,
                received=sub.received,
                text=sub.text,
                complainant_name=sub.complainant.name,
                complainant_email=sub.complainant.email,
                complainant_phone=sub.complainant.phone,
                complainant_address=sub.complainant.address,
                complainant_language=sub.complainant.language,
                complainant_key=key,
                contact_key=contact,
                screening=screening,
                overrides={},
                due=due.day,
                due_kind=due.kind,
                run_ids=[],
                created_at=now,
                created_by=actor,
                updated_at=now,
            )
            s.add(c)
            s.flush()
            for a in sub.attachments:
                s.add(_attachment_row(c, a, "complaint", actor, now))
            registered = {
                "dnro": c.dnro,
                "municipality": c.municipality_code,
                "channel": c.channel,
                "received": c.received.isoformat(),
                "attachments": [{"name": a.name, "sha256": a.sha256} for a in sub.attachments],
                "notes": list(sub.notes),
            }
            _record_events(
                s,
                c,
                [("registered", registered), ("screened", {**_screening_summary(screening), **_due_detail(due)})],
                actor,
                now,
            )
        return c

    # -- screening --------------------------------------------------------------------------------------------

    def rescreen(self, dnro: str, actor: str, now: dt.datetime | None = None) -> Complaint:
        actor = _check_actor(actor)
        now = now or utcnow()
        plugins = self._plugins()
        with write_session(self.db) as s:
            c = find(s, dnro, lock=True)
            require("screen", c.dnro, c.status)
            earlier = self._earlier(s, c.complainant_key, c.contact_key, c.id)
            c.screening = with_duplicates(screen(self._facts(c), self.settings, plugins, now), c.text, earlier)
            detail = {**_screening_summary(c.screening), "again": True}
            if c.status == "registered":
                c.status = "screened"
            c.updated_at = now
            s.add(c)
            _record_events(s, c, [("screened", detail)], actor, now)
        return c

    def override(
        self, dnro: str, rule: str, ok: bool, justification: str, actor: str, now: dt.datetime | None = None
    ) -> Complaint:
        """Record an inspector's decision on a screening rule, with the justification (e.g. a special reason)."""
        actor = _check_actor(actor)
        now = now or utcnow()
        if rule not in OVERRIDABLE:
            raise UsageError(f"--rule: {rule!r} is not one of {', '.join(OVERRIDABLE)}")
        justification = mask_identity_codes(justification.strip())
        if not justification:
            raise UsageError("--justification: an override needs its reason (it is recorded)")
        with write_session(self.db) as s:
            c = find(s, dnro, lock=True)
            require("override", c.dnro, c.status)
            entry = {"ok": ok, "justification": justification, "actor": actor, "at": now.isoformat(timespec="seconds")}
            c.overrides = {**c.overrides, rule: entry}  # a new object: JSON columns track assignment, not mutation
            c.updated_at = now
            s.add(c)
            _record_events(s, c, [("override", {"rule": rule, "ok": ok, "justification": justification})], actor, now)
        return c

    # -- workflow ---------------------------------------------------------------------------------------------

    @contextmanager
    def _step(self, dnro: str, step: str, on: dt.date, today: dt.date) -> Iterator[tuple[Session, Complaint]]:
        """A workflow step's transaction: the complaint locked, the step allowed in its status, the date sane."""
        with write_session(self.db) as s:
            c = find(s, dnro, lock=True)
            require(step, c.dnro, c.status)
            _check_day(on, c, today, "--date")
            yield s, c

    def request_statement(
        self,
        dnro: str,
        actor: str,
        *,
        on: dt.date,
        today: dt.date,
        due: dt.date | None = None,
        days: int | None = None,
        now: dt.datetime | None = None,
    ) -> Complaint:
        """Ask the municipality for a statement by a due date (given, or ``days`` working days after ``on``)."""
        actor = _check_actor(actor)
        now = now or utcnow()
        with self._step(dnro, "request_statement", on, today) as (s, c):
            computed = self._due(on, due, days, self.settings.statement_days, "statement", "--due")
            detail = {"requested_on": on.isoformat(), **_due_detail(computed), "again": c.status != "screened"}
            c.status, c.due, c.due_kind, c.updated_at = "statement_requested", computed.day, computed.kind, now
            s.add(c)
            _record_events(s, c, [("statement_requested", detail)], actor, now)
        return c

    def record_statement(
        self,
        dnro: str,
        document: AttachmentFile,
        actor: str,
        *,
        on: dt.date,
        today: dt.date,
        reply_due: dt.date | None = None,
        reply_days: int | None = None,
        now: dt.datetime | None = None,
    ) -> Complaint:
        """The municipality's statement arrived: store it; the complainant gets until the reply due date."""
        actor = _check_actor(actor)
        now = now or utcnow()
        with self._step(dnro, "record_statement", on, today) as (s, c):
            computed = self._due(on, reply_due, reply_days, self.settings.reply_days, "reply", "--reply-due")
            s.add(_attachment_row(c, document, "statement", actor, now))
            detail = {
                "received_on": on.isoformat(),
                "attachment": {"name": document.name, "sha256": document.sha256},
                "late": c.due is not None and on > c.due,
                **_due_detail(computed),
            }
            c.status, c.due, c.due_kind, c.updated_at = "statement_received", computed.day, computed.kind, now
            s.add(c)
            _record_events(s, c, [("statement_received", detail)], actor, now)
        return c

    def record_reply(
        self,
        dnro: str,
        document: AttachmentFile | None,
        actor: str,
        *,
        on: dt.date,
        today: dt.date,
        now: dt.datetime | None = None,
    ) -> Complaint:
        """The complainant's reply (``document``), or that none came (``None``); the handling target is next."""
        actor = _check_actor(actor)
        now = now or utcnow()
        with self._step(dnro, "record_reply", on, today) as (s, c):
            if document is not None:
                s.add(_attachment_row(c, document, "reply", actor, now))
            computed = resolution_due(c.received, self.settings)
            detail = {
                "received_on": on.isoformat(),
                "no_reply": document is None,
                "attachment": {"name": document.name, "sha256": document.sha256} if document else None,
                **_due_detail(computed),
            }
            c.status, c.due, c.due_kind, c.updated_at = "reply_received", computed.day, computed.kind, now
            s.add(c)
            _record_events(s, c, [("reply_received", detail)], actor, now)
        return c

    def resolve(
        self,
        dnro: str,
        measure: str,
        reason: str,
        actor: str,
        *,
        on: dt.date,
        today: dt.date,
        now: dt.datetime | None = None,
    ) -> Complaint:
        """The ruling (HL 53 c §; not appealable, 53 d §). Only ``none`` for a matter screening keeps out."""
        from avi_valvonta.law import law

        actor = _check_actor(actor)
        now = now or utcnow()
        outcomes = complaint_rules().outcomes
        if measure not in outcomes:
            raise UsageError(f"--measure: {measure!r} is not one of {', '.join(outcomes)}")
        outcome = outcomes[measure]
        reason = mask_identity_codes(reason.strip())
        if not reason:
            raise UsageError("--reason: a ruling needs its reasons")
        basis = list(outcome.basis)
        if outcome.law_measure is not None:
            regime = law().regime_on(on)
            allowed = [m.key for m in law().measures_on(on)]
            if regime is None or outcome.law_measure not in allowed:
                raise RefusedError(f"--measure {measure}: the law in force on {on.isoformat()} does not know it")
            basis += [b for b in law().measure(outcome.law_measure).basis_in(regime) if b not in basis]
        with self._step(dnro, "resolve", on, today) as (s, c):
            screening = effective(c.screening, c.overrides)
            if measure != "none" and not screening.get("investigate", False):
                raise RefusedError(
                    f"{c.dnro}: screening keeps the matter out (jurisdiction or the two-year rule); resolve it with "
                    "--measure none, or record an override with its justification first (`complaint override`)"
                )
            c.status, c.measure, c.resolved_on, c.resolution_reason = "resolved", measure, on, reason
            c.due, c.due_kind, c.updated_at = None, None, now
            s.add(c)
            detail = {"measure": measure, "reason": reason, "resolved_on": on.isoformat(), "basis": basis}
            _record_events(s, c, [("resolved", detail)], actor, now)
        return c

    def close(self, dnro: str, actor: str, *, on: dt.date, today: dt.date, now: dt.datetime | None = None) -> Complaint:
        actor = _check_actor(actor)
        now = now or utcnow()
        with self._step(dnro, "close", on, today) as (s, c):
            c.status, c.updated_at = "closed", now
            s.add(c)
            _record_events(s, c, [("closed", {"closed_on": on.isoformat()})], actor, now)
        return c

    def link(self, dnro: str, run_id: str, actor: str, now: dt.datetime | None = None) -> Complaint:
        """Link a stored audit run (e.g. the own-initiative audit a complaint led to)."""
        actor = _check_actor(actor)
        now = now or utcnow()
        run = self.db.run(run_id)
        if run is None:
            raise UsageError(f"--run: no stored run {run_id!r} (see `valvonta runs`)")
        members = set(run.report.get("municipality", {}).get("members", [])) | {run.municipality_code}
        with write_session(self.db) as s:
            c = find(s, dnro, lock=True)
            require("link", c.dnro, c.status)
            if c.municipality_code not in members:
                raise RefusedError(
                    f"run {run.id} audited {run.municipality_name} ({run.municipality_code}), "
                    f"not the complaint's municipality ({c.municipality_code})"
                )
            if run.id in c.run_ids:
                raise RefusedError(f"{c.dnro} is already linked to run {run.id}")
            c.run_ids = [*c.run_ids, run.id]
            c.updated_at = now
            s.add(c)
            _record_events(s, c, [("linked", {"run_id": run.id, "municipality": run.municipality_code})], actor, now)
        return c

    @staticmethod
    def _due(on: dt.date, due: dt.date | None, days: int | None, default_days: int, kind: str, option: str) -> Due:
        if due is not None and days is not None:
            raise UsageError(f"{option} and --days: give one of them")
        if due is not None:
            if due <= on:
                raise UsageError(f"{option}: {due.isoformat()} is not after {on.isoformat()}")
            return given_due(due, kind)
        if days is not None and days < 1:
            raise UsageError("--days: at least 1 working day")
        return working_days_due(on, days or default_days, kind)

    # -- reading ----------------------------------------------------------------------------------------------

    def get(self, dnro: str) -> ComplaintRecord:
        with read_session(self.db) as s:
            c = find(s, dnro)
            events = list(
                s.exec(
                    select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id).order_by(col(ComplaintEvent.id))
                )
            )
            table: Any = ComplaintAttachment.__table__  # type: ignore[attr-defined]
            q = (
                sa_select(*(table.c[name] for name in INFO_COLUMNS))  # not the bytes
                .where(table.c.complaint_id == c.id)
                .order_by(table.c.id)
            )
            attachments = [AttachmentInfo(*row) for row in s.execute(q)]
        return ComplaintRecord(c, events, attachments)

    def attachment(self, dnro: str, attachment_id: int) -> ComplaintAttachment:
        with read_session(self.db) as s:
            c = find(s, dnro)
            q = select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id)
            found = s.exec(q.where(ComplaintAttachment.id == attachment_id)).first()
            if found is None:
                raise UsageError(f"{c.dnro} has no attachment {attachment_id} (see `valvonta complaint show`)")
            return found

    def list(
        self,
        *,
        status: str | None = None,
        municipality_code: str | None = None,
        overdue_on: dt.date | None = None,
    ) -> list[Complaint]:
        """Complaints in diary order; ``overdue_on``: only those whose due date passed before that day."""
        if status is not None and status not in STATUSES:
            raise UsageError(f"--status: {status!r} is not one of {', '.join(STATUSES)}")
        with read_session(self.db) as s:
            q = select(Complaint)
            if status:
                q = q.where(Complaint.status == status)
            if municipality_code:
                q = q.where(Complaint.municipality_code == municipality_code)
            if overdue_on is not None:
                q = q.where(col(Complaint.status).in_(OPEN)).where(col(Complaint.due) < overdue_on)
            q = q.order_by(col(Complaint.year), col(Complaint.prefix), col(Complaint.number))
            found = list(s.exec(q))
        if overdue_on is not None:
            found = [c for c in found if is_overdue(c.status, c.due, overdue_on)]
        return found
