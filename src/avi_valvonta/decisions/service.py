"""Decisions and letters as services: draft, issue, list, show, verify. The CLI only parses and renders.

A draft holds the letter's content (``decisions.data``), built from an audit run or a complaint and the law of the
decision date. Issuing gives it a diary number (gap-free per year), freezes the content, renders the PDF/A, keeps it
in a private directory and stores the SHA-256 of the PDF and of the content, all in one transaction. An issued
decision is never changed (the database refuses it); a correction is a new decision that refers to the old one.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from avi_valvonta.db.models import Decision
from avi_valvonta.decisions import formats
from avi_valvonta.decisions.complaints import ComplaintFacts
from avi_valvonta.decisions.content import (
    DecisionSettings,
    DraftRequest,
    PriorOrderRow,
    build_complaint_letter,
    build_run_letter,
)
from avi_valvonta.decisions.letters import resolve_kind
from avi_valvonta.decisions.numbering import next_number
from avi_valvonta.decisions.store import data_sha256, decisions_dir, file_name, sha256_file, write_private
from avi_valvonta.errors import RefusedError, UsageError


@dataclass
class Drafted:
    decision: Decision
    warnings: list[str] = field(default_factory=list)


def new_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"d{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def get(db: Any, ref: str) -> Decision:
    """A decision by id, a unique id prefix, or its diary number."""
    with db.session() as s:
        found = s.get(Decision, ref)
        if found is None:
            found = s.exec(select(Decision).where(Decision.number == ref)).first()
        if found is None:
            matches = list(s.exec(select(Decision).where(Decision.id.startswith(ref)).limit(2)))  # type: ignore[attr-defined]
            if len(matches) == 1:
                found = matches[0]
    if found is None:
        raise UsageError(f"no decision {ref!r} (see `valvonta decision list`)")
    return found


def _prior_orders(db: Any, municipality_code: str) -> list[PriorOrderRow]:
    with db.session() as s:
        q = (
            select(Decision)
            .where(Decision.municipality_code == municipality_code)
            .where(Decision.status == "issued")
            .where(Decision.measure == "correction_order")
        )
        return [
            PriorOrderRow(
                id=d.id,
                number=d.number or d.id,
                decision_date=d.decision_date,
                deadline=d.deadline,
                check_ids=tuple(d.check_ids),
                sanction=d.sanction or "none",
            )
            for d in s.exec(q)
            if d.deadline is not None
        ]


def _corrected(db: Any, ref: str | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    old = get(db, ref)
    if old.status != "issued":
        raise UsageError(f"--corrects: {old.id} is a draft; only an issued decision is corrected by a new one")
    return {"id": old.id, "number": old.number, "decision_date": old.decision_date.isoformat()}


def _run(db: Any, run_id: str) -> Any:
    run = db.run(run_id)
    if run is None:
        raise UsageError(f"no stored run {run_id!r} (see `valvonta runs`)")
    return run


def draft(db: Any, req: DraftRequest, settings: DecisionSettings) -> Drafted:
    """Build the content (law-aware; refusals raise before anything is stored) and store a draft."""
    if (req.run_id is None) == (req.complaint is None):
        raise UsageError("a letter is drafted from an audit run (--run RUN_ID) or a complaint (--complaint DNRO)")
    kind, outcome = resolve_kind(req.measure, from_complaint=req.complaint is not None)
    corrected = _corrected(db, req.corrects)
    if req.run_id is not None:
        run = _run(db, req.run_id)
        code = run.report["municipality"]["code"]
        content = build_run_letter(req, kind, run, settings, _prior_orders(db, code), corrected)
        run_id, dnro = run.id, None
    else:
        complaint: ComplaintFacts = req.complaint  # type: ignore[assignment]
        run = _run(db, complaint.run_id) if complaint.run_id else None
        content = build_complaint_letter(req, kind, outcome, complaint, settings, run, corrected)
        run_id, dnro = (run.id if run else None), complaint.dnro
    now = dt.datetime.now(dt.UTC)
    decision = Decision(
        id=new_id(now),
        status="draft",
        measure=kind.key,
        municipality_code=content.municipality_code,
        run_id=run_id,
        complaint_dnro=dnro,
        decision_date=req.decision_date,
        deadline=content.deadline,
        check_ids=content.check_ids,
        sanction=content.sanction,
        lang=content.lang,
        authority=content.authority,
        appealable=content.appealable,
        refers_to=corrected["id"] if corrected else None,
        data=content.data,
        created_at=now,
    )
    with db.session() as s:
        s.add(decision)
        s.commit()
    return Drafted(decision, content.warnings)


Renderer = Callable[[dict[str, Any], str], bytes]


def issue(db: Any, ref: str, *, renderer: Renderer | None = None) -> Decision:
    """Number, freeze, render and hash a draft, in one transaction (a failure gives the number back)."""
    render = renderer or formats.render
    d = get(db, ref)
    if d.status != "draft":
        raise RefusedError(f"{d.id} is already issued as {d.number}: issued decisions cannot be changed")
    formats.prepare_pdf()  # import WeasyPrint before taking the diary lock
    directory = decisions_dir(db.url)
    with db.session() as s:
        number = next_number(s.connection(), d.data["authority"]["diary_prefix"], d.decision_date.year)
        row = s.get(Decision, d.id)
        if row is None or row.status != "draft":
            s.rollback()
            raise RefusedError(f"{d.id} was issued meanwhile")
        data = {**row.data, "number": number}
        pdf = render(data, "pdf")
        path = directory / file_name(number, row.id)
        write_private(path, pdf)
        try:
            row.status = "issued"
            row.number = number
            row.data = data
            row.file = str(path)
            row.sha256 = formats.sha256(pdf)
            row.data_sha256 = data_sha256(data)
            row.issued_at = dt.datetime.now(dt.UTC)
            s.add(row)
            s.commit()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        s.refresh(row)
        return row


def list_decisions(db: Any, *, status: str | None = None, municipality: str | None = None) -> list[Decision]:
    with db.session() as s:
        q = select(Decision).order_by(Decision.created_at, Decision.id)  # type: ignore[arg-type]
        if status:
            q = q.where(Decision.status == status)
        if municipality:
            q = q.where(Decision.municipality_code == municipality)
        return list(s.exec(q))


def summary(d: Decision) -> dict[str, Any]:
    """The ``decision list --format json`` row (cli.md) and a little more."""
    return {
        "id": d.id,
        "status": d.status,
        "number": d.number,
        "measure": d.measure,
        "lang": d.lang,
        "authority": d.authority,
        "appealable": d.appealable,
        "file": d.file,
        "sha256": d.sha256,
        "data_sha256": d.data_sha256,
        "municipality": d.municipality_code,
        "decision_date": d.decision_date.isoformat(),
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "check_ids": list(d.check_ids),
        "sanction": d.sanction,
        "run_id": d.run_id,
        "complaint_dnro": d.complaint_dnro,
        "refers_to": d.refers_to,
        "created_at": d.created_at.isoformat(timespec="seconds"),
        "issued_at": d.issued_at.isoformat(timespec="seconds") if d.issued_at else None,
    }


def render_decision(d: Decision, fmt: str) -> bytes:
    """An issued decision's PDF is the stored file (the one that was hashed); other formats from the frozen data."""
    if d.status == "issued" and fmt == "pdf" and d.file:
        path = Path(d.file)
        if not path.is_file():
            raise UsageError(f"{d.number}: the issued file is missing: {path} (run `valvonta decision verify`)")
        return path.read_bytes()
    return formats.render(d.data, fmt)


@dataclass
class Verification:
    id: str
    number: str | None
    file: str | None
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "file": self.file, "ok": self.ok, "problems": self.problems}


def _column_problems(d: Decision) -> list[str]:
    """The columns other code reads (the proposal ladder) must say what the frozen content says."""
    data = d.data or {}
    expected = {
        "number": data.get("number"),
        "measure": data.get("kind"),
        "deadline": data.get("deadline"),
        "check_ids": data.get("check_ids"),
        "sanction": data.get("sanction"),
        "lang": data.get("lang"),
    }
    actual = {
        "number": d.number,
        "measure": d.measure,
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "check_ids": list(d.check_ids),
        "sanction": d.sanction,
        "lang": d.lang,
    }
    return [
        f"column {k} ({actual[k]!r}) differs from the frozen content ({expected[k]!r})"
        for k in expected
        if expected[k] != actual[k]
    ]


def verify(db: Any) -> list[Verification]:
    """Re-hash every issued decision's file and content."""
    out = []
    for d in list_decisions(db, status="issued"):
        problems: list[str] = []
        if d.data_sha256 != data_sha256(d.data):
            problems.append("content changed: SHA-256 of the frozen data differs")
        problems += _column_problems(d)
        if not d.file:
            problems.append("no file recorded")
        else:
            path = Path(d.file)
            if not path.is_file():
                problems.append(f"file missing: {path}")
            elif sha256_file(path) != d.sha256:
                problems.append("file changed: SHA-256 of the PDF differs")
        out.append(Verification(d.id, d.number, d.file, problems))
    return out
