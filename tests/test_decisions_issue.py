"""Drafting, issuing and verifying decisions through the database and the command line.

Issued decisions: a gap-free diary number per year (a counter row in the same transaction), a frozen content, a
PDF/A in a private directory, SHA-256 of both; the database refuses to change them; ``verify`` finds a changed byte.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from avi_valvonta.db import open_database
from avi_valvonta.decisions import DraftRequest, draft, issue, list_decisions, verify
from avi_valvonta.decisions.numbering import next_number
from avi_valvonta.errors import RefusedError
from decisions_support import SETTINGS, SIGNERS, complaint, flat, pdf_text, report, store


@pytest.fixture(autouse=True)
def _no_user_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    from avi_valvonta.decisions.templating import clear_cache

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def db() -> Any:
    return open_database()


def fake_pdf(data: dict[str, Any], fmt: str) -> bytes:
    return f"%PDF-1.7 {data['number']}".encode()


def order(db: Any, run_id: str, day: dt.date = dt.date(2024, 9, 2), deadline: dt.date = dt.date(2024, 10, 31)) -> Any:
    req = DraftRequest("correction_order", day, run_id=run_id, deadline=deadline)
    return draft(db, req, SETTINGS).decision


def test_issue_numbers_freezes_hashes_and_keeps_the_pdf_private(db: Any, tmp_path: Path) -> None:
    run_id = store(db, report())
    d = issue(db, order(db, run_id).id)
    assert (d.status, d.number) == ("issued", "LSSAVI/1/2024")
    path = Path(d.file or "")
    assert path.parent == tmp_path / "decisions"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    import hashlib

    from avi_valvonta.decisions.store import data_sha256

    assert d.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert d.data_sha256 == data_sha256(d.data) and d.data["number"] == "LSSAVI/1/2024"
    text = flat(pdf_text(path.read_bytes()))
    assert "LSSAVI/1/2024" in text and "31.10.2024" in text and "37/200" in text and "LUONNOS" not in text
    # The proposal ladder reads issued orders from the columns.
    (prior,) = db.issued_orders("272")
    assert prior.deadline == dt.date(2024, 10, 31) and prior.sanction == "suspension_threat"
    assert prior.check_ids == frozenset({"EQ-INTERVIEW-LATE", "PRIV-HETU-PUBLIC"}) and prior.reference == d.number
    assert [v.ok for v in verify(db)] == [True]


def test_numbers_are_gap_free_per_year_and_a_failed_issue_gives_its_number_back(db: Any) -> None:
    run_id = store(db, report())

    def broken(data: dict[str, Any], fmt: str) -> bytes:
        raise RuntimeError("renderer crashed")

    first = order(db, run_id)
    with pytest.raises(RuntimeError):
        issue(db, first.id, renderer=broken)
    assert list_decisions(db, status="issued") == []
    numbers = [issue(db, order(db, run_id).id, renderer=fake_pdf).number for _ in range(2)]
    numbers.append(issue(db, first.id, renderer=fake_pdf).number)
    late = report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-09-01", law="380/2023", proposal="remark")
    numbers.append(
        issue(
            db,
            draft(db, DraftRequest("remark", dt.date(2025, 9, 5), run_id=store(db, late)), SETTINGS).decision.id,
            renderer=fake_pdf,
        ).number
    )
    assert numbers == ["LSSAVI/1/2024", "LSSAVI/2/2024", "LSSAVI/3/2024", "LSSAVI/1/2025"]
    with pytest.raises(RefusedError, match="already issued"):
        issue(db, first.id, renderer=fake_pdf)


def test_the_counter_is_unique_under_concurrent_transactions(db: Any) -> None:
    got: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            with db.session() as s:
                number = next_number(s.connection(), "T", 2024)
                s.commit()
            with lock:
                got.append(number)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(int(n.split("/")[1]) for n in got) == list(range(1, 21))


def test_issued_decisions_cannot_be_changed_and_verify_finds_a_changed_byte(db: Any, tmp_path: Path) -> None:
    d = issue(db, order(db, store(db, report())).id, renderer=fake_pdf)
    con = sqlite3.connect(tmp_path / "valvonta.sqlite3")
    with pytest.raises(sqlite3.IntegrityError, match="issued decisions cannot be changed"):
        con.execute("UPDATE decisions SET deadline = '2030-01-01' WHERE id = ?", (d.id,))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("DELETE FROM decisions WHERE id = ?", (d.id,))
    path = Path(d.file or "")
    original = path.read_bytes()
    path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # one changed byte
    (bad,) = verify(db)
    assert bad.problems == ["file changed: SHA-256 of the PDF differs"]
    path.write_bytes(original)
    assert verify(db)[0].ok
    # Someone with the database bypasses the trigger and edits the frozen content and the ladder's column.
    con.execute("DROP TRIGGER decisions_issued_no_update")
    data = json.loads(con.execute("SELECT data FROM decisions WHERE id = ?", (d.id,)).fetchone()[0])
    data["deadline"] = "2030-01-01"
    con.execute("UPDATE decisions SET data = ?, deadline = '2030-01-01' WHERE id = ?", (json.dumps(data), d.id))
    con.commit()
    (bad,) = verify(db)
    assert bad.problems == ["content changed: SHA-256 of the frozen data differs"]
    con.execute("UPDATE decisions SET deadline = '2030-02-02' WHERE id = ?", (d.id,))
    con.commit()
    assert any("column deadline" in p for p in verify(db)[0].problems)
    path.unlink()
    assert any(p.startswith("file missing") for p in verify(db)[0].problems)


def test_a_suspension_after_a_non_complied_issued_order(db: Any) -> None:
    issue(db, order(db, store(db, report())).id, renderer=fake_pdf)
    follow_up = store(db, report(period=("2024-07-01", "2024-10-31"), as_of="2024-11-15", proposal="suspension"))
    early = DraftRequest("suspension", dt.date(2024, 10, 20), run_id=follow_up)
    with pytest.raises(RefusedError, match="threat of suspension"):
        draft(db, early, SETTINGS)
    d = draft(db, DraftRequest("suspension", dt.date(2024, 11, 20), run_id=follow_up), SETTINGS).decision
    assert d.appealable and d.data["prior_order"]["number"] == "LSSAVI/1/2024" and d.sanction is None


def test_a_correction_is_a_new_decision_that_refers_to_the_old(db: Any) -> None:
    run_id = store(db, report())
    old = issue(db, order(db, run_id).id, renderer=fake_pdf)
    req = DraftRequest("correction_order", dt.date(2024, 9, 9), run_id=run_id, deadline=dt.date(2024, 11, 29))
    req.corrects = old.number
    new = draft(db, req, SETTINGS).decision
    assert new.refers_to == old.id and new.data["refers_to"]["number"] == "LSSAVI/1/2024"
    from avi_valvonta.decisions import formats

    assert "korjaa päätöksen LSSAVI/1/2024" in formats.render(new.data, "html").decode()
    draft_only = order(db, run_id)
    req.corrects = draft_only.id
    with pytest.raises(Exception, match="only an issued decision"):
        draft(db, req, SETTINGS)


# -- command line ----------------------------------------------------------------------------------------------------


def test_cli_draft_issue_list_show_verify(cli: Any, db: Any, tmp_path: Path) -> None:
    run_id = store(db, report())
    out_pdf = tmp_path / "luonnos.pdf"
    code, out, err = cli(
        "decision", "draft", "--run", run_id, "--measure", "correction_order", "--deadline", "2024-11-29",
        "--date", "2024-09-02", *SIGNERS, "--output", str(out_pdf),
    )  # fmt: skip
    assert code == 0, err
    decision_id = out.splitlines()[0]
    assert decision_id.startswith("d") and out_pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = cli("decision", "draft", "--run", run_id, "--measure", "remark", "--date", "2024-09-02",
                       "--lang", "sv", "--format", "md", *SIGNERS)  # fmt: skip
    assert code == 0 and "# Anmärkning" in out and out.splitlines()[0].startswith("d")
    code, out, _ = cli("decision", "issue", decision_id)
    assert code == 0 and out.splitlines()[0] == "LSSAVI/1/2024"
    code, out, _ = cli("decision", "list", "--format", "json")
    rows = json.loads(out)
    assert {"id", "status", "number", "measure", "lang", "authority", "appealable", "file", "sha256"} <= set(rows[0])
    issued = next(r for r in rows if r["status"] == "issued")
    assert (issued["measure"], issued["authority"], issued["appealable"], issued["lang"]) == (
        "correction_order", "lssavi", True, "fi",
    )  # fmt: skip
    assert next(r for r in rows if r["status"] == "draft")["appealable"] is False
    code, out, _ = cli("decision", "show", "LSSAVI/1/2024", "--format", "json")
    assert code == 0 and json.loads(out)["data"]["number"] == "LSSAVI/1/2024"
    shown = tmp_path / "shown.pdf"
    assert cli("decision", "show", decision_id, "--format", "pdf", "-o", str(shown))[0] == 0
    assert shown.read_bytes() == Path(issued["file"]).read_bytes()
    code, out, _ = cli("decision", "show", decision_id)
    assert code == 0 and "number: LSSAVI/1/2024" in out and "# Määräys puutteiden korjaamisesta" in out
    code, out, _ = cli("decision", "verify")
    assert code == 0 and out.startswith("ok LSSAVI/1/2024")
    path = Path(issued["file"])
    path.write_bytes(path.read_bytes() + b"\n")
    code, out, _ = cli("decision", "verify", "--format", "json")
    assert code == 1 and json.loads(out)[0]["problems"] == ["file changed: SHA-256 of the PDF differs"]
    code, _, err = cli("decision", "show", decision_id, "--format", "pdf", "-o", str(shown))
    assert code == 0 and "has changed since it was issued" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--measure", "suspension", "--date", "2024-09-02"), "threat of suspension"),
        (("--measure", "correction_order", "--date", "2024-09-02"), "must set a deadline"),
        (("--measure", "suspension", "--date", "2025-09-02"), "not a measure under 380/2023"),
        (("--measure", "acknowledgement"), "needs --complaint"),
        (("--measure", "remark", "--date", "2024-09-02", "--format", "pdf"), "needs --output"),
    ],
)
def test_cli_refusals_exit_2(cli: Any, db: Any, args: tuple[str, ...], message: str) -> None:
    run_id = store(db, report())
    code, out, err = cli("decision", "draft", "--run", run_id, *args, *SIGNERS)
    assert code == 2 and message in err and out == ""
    assert list_decisions(db) == []


def test_cli_complaint_letters_from_the_register_or_a_file(cli: Any, db: Any, tmp_path: Path) -> None:
    code, _, err = cli("decision", "draft", "--complaint", "LSSAVI/77/2025", "--measure", "acknowledgement", *SIGNERS)
    assert code == 2 and "no such complaint" in err
    # The real register: a complaint registered with `valvonta complaint add`.
    c = complaint()
    added = tmp_path / "kantelu-rekisteriin.toml"
    added.write_text(
        'municipality = "Raasepori"\nevents_date = 2025-03-03\nreceived = 2025-04-01\nchannel = "email"\n'
        f'text = """{c.text}"""\n[complainant]\nname = "Kim Klagande"\nemail = "kim@example.org"\nlanguage = "sv"\n',
        encoding="utf-8",
    )
    code, out, err = cli("complaint", "add", "--file", str(added))
    assert code == 0, err
    dnro = out.split()[0]
    code, out, err = cli("decision", "draft", "--complaint", dnro, "--measure", "acknowledgement",
                         "--date", "2025-04-07", "--format", "md", *SIGNERS)  # fmt: skip
    assert code == 0, err
    assert "MOTTAGNINGSBEKRÄFTELSE" in out and "Ert klagomål har tagits emot" in out and dnro in out
    code, _, err = cli("decision", "draft", "--complaint", "LSSAVI/9/2025", "--measure", "acknowledgement", *SIGNERS)
    assert code == 2 and "no such complaint 'LSSAVI/9/2025'" in err
    file = tmp_path / "kantelu.toml"
    file.write_text(
        'dnro = "LSSAVI/78/2025"\nmunicipality = "Kokkola"\nreceived = 2025-04-01\ntext = "Haastattelu myöhästyi."\n'
        '[complainant]\nname = "Kaisa Kantelija"\nlanguage = "fi"\n',
        encoding="utf-8",
    )
    code, out, err = cli("decision", "draft", "--complaint-file", str(file), "--measure", "statement_request",
                         "--deadline", "2025-05-02", "--date", "2025-04-07", "--format", "md", *SIGNERS)  # fmt: skip
    assert code == 0, err
    assert "Selvitys- ja lausuntopyyntö" in out and "2.5.2025" in out and "380/2023 116 §" in out
    rows = json.loads(cli("decision", "list", "--format", "json")[1])
    assert [r["measure"] for r in rows] == ["acknowledgement", "statement_request"]
    assert all(r["appealable"] is False for r in rows)


def test_cli_help_has_an_example(cli: Any) -> None:
    for sub in ("draft", "issue", "list", "show", "verify"):
        code, out, _ = cli("decision", sub, "--help")
        assert code == 0 and "Example" in out


def test_decisions_dir_is_private_and_overridable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from avi_valvonta.decisions.store import decisions_dir

    monkeypatch.setenv("VALVONTA_DECISIONS_DIR", str(tmp_path / "elsewhere"))
    path = decisions_dir("postgresql+psycopg://u@h/db")
    assert path == tmp_path / "elsewhere" and stat.S_IMODE(os.stat(path).st_mode) == 0o700
