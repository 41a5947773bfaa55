"""Make the sample letters in this folder: one issued PDF per letter type, from the demo cases in ``cases/``.

    python docs/samples/generate.py

Audits the demo bundles into a throwaway database, drafts and issues one letter of each type (the complaint letters
from an explicit, invented complaint), and copies the issued PDF/A files here. Everything is synthetic: no real
persons; the signers are invented. Run it again after changing a template.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="valvonta-samples-"))
    os.environ["VALVONTA_DB"] = f"sqlite:///{work / 'samples.sqlite3'}"
    os.environ["VALVONTA_LOG_DIR"] = str(work / "log")
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")  # no user template overrides in the samples

    from avi_valvonta.audit.runner import AuditOptions, run_audit
    from avi_valvonta.db import open_database
    from avi_valvonta.decisions import ComplaintFacts, DecisionSettings, DraftRequest, Signer, draft, issue
    from avi_valvonta.i18n import Text

    db = open_database()
    settings = DecisionSettings(
        decision_maker=Signer("Maija Mallikas", Text("ylitarkastaja", "överinspektör")),
        presenter=Signer("Pekka Esimerkki", Text("tarkastaja", "inspektör")),
    )

    def audit(name: str, as_of: str) -> str:
        options = AuditOptions(case_dir=ROOT / "cases" / name, as_of=dt.date.fromisoformat(as_of))
        options.prior_orders = tuple(db.issued_orders(run_code(name)))
        return run_audit(name, options, store=db.store_run).run_id

    def run_code(name: str) -> str:
        from avi_valvonta.reference import reference

        return reference().resolve_unit(name).code

    def make(file: str, request: DraftRequest) -> str:
        decision = issue(db, draft(db, request, settings).decision.id)
        shutil.copyfile(decision.file or "", HERE / file)
        print(f"{file}: {decision.number} ({decision.measure}, {decision.lang})")
        return decision.number or ""

    kokkola = audit("kokkola", "2024-08-15")
    make("1-guidance-sv.pdf", DraftRequest("guidance", dt.date(2024, 9, 2), run_id=kokkola, lang="sv",
                                           check_ids=("LANG-SERVICE-LANGUAGE",)))  # fmt: skip
    make("2-remark-fi.pdf", DraftRequest("remark", dt.date(2025, 10, 6), run_id=audit("inari", "2025-08-29")))
    make("3-correction-order-fi.pdf", DraftRequest("correction_order", dt.date(2024, 9, 2), run_id=kokkola,
                                                   deadline=dt.date(2024, 10, 31)))  # fmt: skip
    make("4-correction-order-conditional-fine-fi.pdf", DraftRequest(
        "correction_order", dt.date(2026, 1, 15), run_id=audit("tampere", "2025-09-01"),
        deadline=dt.date(2026, 4, 15), fine=Decimal("20000"),
    ))  # fmt: skip
    follow_up = audit("kokkola", "2024-11-15")
    make("5-suspension-fi.pdf", DraftRequest("suspension", dt.date(2024, 11, 20), run_id=follow_up, scope="partial"))
    complaint = ComplaintFacts(
        dnro="LSSAVI/118/2025",
        municipality="Raasepori",
        received=dt.date(2025, 4, 1),
        events_date=dt.date(2025, 2, 10),
        text=(
            "Jag bad om att få sköta mitt ärende på svenska, men den inledande intervjun hölls på finska och "
            "min sysselsättningsplan skickades till mig endast på finska. När jag frågade fick jag höra att det "
            "inte finns någon svensktalande coach. Jag anser att mina språkliga rättigheter har kränkts."
        ),
        complainant_name="Kim Klagande",
        complainant_language="sv",
        complainant_contact="Exempelgatan 1, 10600 Ekenäs",
        statement=(
            "Staden medger att planen skickades på finska. En svensktalande coach har anställts 1.5.2025 och "
            "planerna skickas numera på klientens språk."
        ),
    )
    make("6-acknowledgement-sv.pdf", DraftRequest("acknowledgement", dt.date(2025, 4, 7), complaint=complaint))
    make("7-statement-request-sv.pdf", DraftRequest("statement_request", dt.date(2025, 4, 7), complaint=complaint,
                                                    deadline=dt.date(2025, 5, 9)))  # fmt: skip
    make("8-ruling-sv.pdf", DraftRequest(
        "remark", dt.date(2025, 9, 15), complaint=complaint,
        reason=(
            "Klienten hade rätt att använda svenska i sitt eget ärende (380/2023 19 §), och beslut och planer ska "
            "ges på klientens språk (språklagen 423/2003 19 §). Staden har medgett att planen gavs endast på "
            "finska. Förfarandet var lagstridigt. Staden har därefter vidtagit åtgärder, varför en anmärkning "
            "för framtiden är tillräcklig."
        ),
    ))  # fmt: skip
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
