"""Helpers for the decision-letter tests: stored runs from readable Python, complaints, signers, PDF text."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from types import SimpleNamespace
from typing import Any

from avi_valvonta.audit.report import AuditReport, Proposal
from avi_valvonta.checks import Evidence, Outcome, Result, Severity
from avi_valvonta.decisions.complaints import ComplaintFacts
from avi_valvonta.decisions.content import DEFAULT_TITLES, DecisionSettings, Signer
from avi_valvonta.i18n import Text
from avi_valvonta.reference import reference

SETTINGS = DecisionSettings(
    decision_maker=Signer("Maija Mallikas", DEFAULT_TITLES["decision_maker"]),
    presenter=Signer("Pekka Esimerkki", DEFAULT_TITLES["presenter"]),
)
SIGNERS = ("--decision-maker", "Maija Mallikas", "--presenter", "Pekka Esimerkki")

LATE = {
    "check_id": "EQ-INTERVIEW-LATE",
    "area": "equal_access",
    "title": Text("Alkuhaastattelu myöhässä", "Inledande intervju försenad"),
    "legal_basis": ("916/2012 2 luku 4 § (1379/2021)",),
    "severity": Severity.HIGH,
    "population": 200,
    "affected": 37,
}
HETU = {
    "check_id": "PRIV-HETU-PUBLIC",
    "area": "privacy",
    "title": Text("Julkisessa asiakirjassa henkilötunnus", "Personbeteckning i en offentlig handling"),
    "legal_basis": ("tietosuojalaki 1050/2018 29 §",),
    "severity": Severity.HIGH,
    "population": 12,
    "affected": 2,
    "unit": "documents",
}
LANGUAGE = {
    "check_id": "LANG-SERVICE-LANGUAGE",
    "area": "language_rights",
    "title": Text("Asiointikieli ei toteutunut", "Ärendespråket tillgodosågs inte"),
    "legal_basis": ("kielilaki 423/2003 10 §",),
    "severity": Severity.MEDIUM,
    "population": 150,
    "affected": 4,
}


def result(spec: dict[str, Any], outcome: Outcome = Outcome.FAIL) -> Result:
    failing = outcome is Outcome.FAIL
    evidence = [
        Evidence(
            Text(f"myöhässä {i + 2} arkipäivää", f"försenad {i + 2} vardagar"),
            client_id=f"K-{i:04d}",
            event_id=f"E-{i:05d}",
        )
        for i in range(min(spec["affected"], 7) if failing else 0)
    ]
    return Result(
        check_id=spec["check_id"],
        outcome=outcome,
        population=spec["population"],
        affected=spec["affected"] if failing else 0,
        evidence=evidence,
        message=Text(
            f"{spec['affected']}/{spec['population']}: {spec['title'].fi}",
            f"{spec['affected']}/{spec['population']}: {spec['title'].sv}",
        ),
        severity=spec["severity"] if failing else None,
        area=spec["area"],
        title=spec["title"],
        legal_basis=spec["legal_basis"],
        unit=spec.get("unit", "clients"),
    )


def report(
    municipality: str = "Kokkola",
    *,
    period: tuple[str, str] = ("2024-01-01", "2024-06-30"),
    as_of: str = "2024-08-15",
    fails: tuple[dict[str, Any], ...] = (LATE, HETU),
    passes: tuple[dict[str, Any], ...] = (LANGUAGE,),
    proposal: str = "correction_order",
    law: str = "1269/2020",
) -> AuditReport:
    unit = reference().resolve_unit(municipality)
    results = [result(s) for s in fails] + [result(s, Outcome.PASS) for s in passes]
    return AuditReport(
        run_id=f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}",
        created_at=dt.datetime.now(dt.UTC),
        tool_version="test",
        plugins={},
        municipality=unit.to_dict(),
        period_start=dt.date.fromisoformat(period[0]),
        period_end=dt.date.fromisoformat(period[1]),
        as_of=dt.date.fromisoformat(as_of),
        regime={"law": law, "rule_sets": ["nordic-2022"]},
        results=results,
        proposal=Proposal(
            proposal,
            [s["check_id"] for s in fails],
            Text("Olennainen puute (ehdotus).", "Väsentlig brist (förslag)."),
        ),
    )


def run_of(rep: AuditReport) -> Any:
    """What the letter builder reads from a stored run, without a database."""
    return SimpleNamespace(id=rep.run_id, report=rep.to_dict())


def store(db: Any, rep: AuditReport) -> str:
    db.store_run(rep)
    return rep.run_id


def complaint(
    municipality: str = "Raasepori",
    *,
    language: str = "sv",
    text: str = "Jag fick ingen service på svenska trots att jag bad om det.",
    outcome: str | None = None,
    reason: str | None = None,
    events_date: dt.date | None = dt.date(2025, 3, 3),
) -> ComplaintFacts:
    return ComplaintFacts(
        dnro="LSSAVI/77/2025",
        municipality=municipality,
        received=dt.date(2025, 4, 1),
        text=text,
        complainant_name="Kim Klagande",
        complainant_language=language,
        complainant_contact="kim@example.org",
        events_date=events_date,
        statement_due=dt.date(2025, 5, 2),
        statement="Kommunen har anställt en svensktalande coach.",
        outcome=outcome,
        reason=reason,
    )


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def flat(text: str) -> str:
    """PDF text with line breaks and hyphenation joins undone, for assertions about phrases."""
    return " ".join(text.split())
