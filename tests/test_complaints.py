"""``valvonta complaint …``: intake (file, options, prompts), diary numbers, bad input, the workflow with due dates
and its append-only history - the workflow on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, func, select

from avi_valvonta.db import open_database
from avi_valvonta.db.complaint_models import Complaint, ComplaintAttachment, ComplaintEvent, DiaryCounter
from avi_valvonta.testing import make_pdf

HETU = "131052-308T"


def write_complaint(tmp_path: Path, name: str = "kantelu.toml", **fields: Any) -> Path:
    """A complaint file (TOML) with sensible defaults; ``None`` drops a field."""
    data: dict[str, Any] = {
        "municipality": "Raasepori",
        "events_date": dt.date(2023, 5, 10),
        "received": dt.date(2024, 1, 15),
        "channel": "email",
        "text": "Jag fick ingen service på svenska och fick vänta på en intervju i tre månader.",
        "complainant": {"name": "Anna Andersson", "email": "anna@example.fi", "language": "sv"},
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    lines = []
    for key, value in data.items():
        if key == "complainant":
            continue
        lines.append(f"{key} = {_toml(value)}")
    lines.append("[complainant]")
    for key, value in data.get("complainant", {}).items():
        lines.append(f"{key} = {_toml(value)}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def counts(url: str | None = None) -> dict[str, int]:
    db = open_database(url)
    with Session(db.engine) as s:
        out = {
            "complaints": s.exec(select(func.count()).select_from(Complaint)).one(),
            "events": s.exec(select(func.count()).select_from(ComplaintEvent)).one(),
            "attachments": s.exec(select(func.count()).select_from(ComplaintAttachment)).one(),
            "counters": s.exec(select(func.count()).select_from(DiaryCounter)).one(),
        }
    db.engine.dispose()
    return out


def show(cli: Any, dnro: str, *extra: str) -> dict[str, Any]:
    code, out, err = cli("complaint", "show", dnro, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


# -- intake ---------------------------------------------------------------------------------------------------------


def test_add_from_file_prints_the_diary_number_and_stores_attachments_with_hashes(cli, tmp_path):
    pdf = make_pdf(tmp_path / "liite1.pdf", [f"Päätös, henkilötunnus {HETU}", "Sivu kaksi"])
    (tmp_path / "liite2.txt").write_text("Sähköpostiketju: odotin vastausta.\n", encoding="utf-8")
    path = write_complaint(
        tmp_path, text=f"Sain päätöksen, jossa oli henkilötunnukseni {HETU}.", attachments=["liite1.pdf", "liite2.txt"]
    )
    code, out, err = cli("complaint", "add", "--file", str(path), "--actor", "tarkastaja")
    assert code == 0, err
    assert out.splitlines()[0] == "LSSAVI/1/2024"

    data = show(cli, "LSSAVI/1/2024")
    assert data["dnro"] == "LSSAVI/1/2024" and data["status"] == "screened"
    assert data["municipality"]["code"] == "710"
    assert (data["received"], data["events_date"]) == ("2024-01-15", "2023-05-10")
    assert {"jurisdiction", "two_year_rule", "duplicates", "topics"} <= set(data["screening"])
    assert set(data["screening"]["jurisdiction"]) >= {"ok", "reason"}
    assert data["due"] == "2024-09-16"  # 8 months after receipt, 15.9.2024 is a Sunday
    assert [e["what"] for e in data["events"]] == ["registered", "screened"]
    assert {e["actor"] for e in data["events"]} == {"tarkastaja"}
    hashes = {a["name"]: a["sha256"] for a in data["attachments"]}
    assert hashes == {
        "liite1.pdf": hashlib.sha256(pdf.read_bytes()).hexdigest(),
        "liite2.txt": hashlib.sha256((tmp_path / "liite2.txt").read_bytes()).hexdigest(),
    }
    assert [a["pages"] for a in data["attachments"]] == [2, 1]
    # Identity codes are masked in what is stored and shown (the attachment's bytes are the original record).
    assert HETU not in json.dumps(data) and "******-***T" in data["text"]
    db = open_database()
    with Session(db.engine) as s:
        stored = s.exec(select(Complaint)).one()
        texts = [a.text for a in s.exec(select(ComplaintAttachment))]
    assert HETU not in stored.text and all(HETU not in t for t in texts)
    # The attachment comes back exactly as received.
    code, _, err = cli(
        "complaint", "attachment", "LSSAVI/1/2024", str(data["attachments"][0]["id"]), "-o", str(tmp_path / "out.pdf")
    )
    assert code == 0, err
    assert (tmp_path / "out.pdf").read_bytes() == pdf.read_bytes()
    assert (tmp_path / "out.pdf").stat().st_mode & 0o777 == 0o600


def test_add_from_json_file_and_from_options(cli, tmp_path):
    path = tmp_path / "k.json"
    path.write_text(
        json.dumps(
            {
                "municipality": "Karleby",
                "events_date": "2024-02-01",
                "received": "2024-02-20",
                "channel": "letter",
                "text": "Haastattelu viivästyi.",
                "complainant": {"name": "Matti M", "address": "Katu 1, 67100 Kokkola", "language": "fi"},
            }
        ),
        encoding="utf-8",
    )
    code, out, err = cli("complaint", "add", "--file", str(path))
    assert code == 0, err
    assert out.splitlines()[0] == "LSSAVI/1/2024"
    code, out, err = cli(
        "complaint", "add", "--municipality", "272", "--events-date", "2024-03-01", "--received", "2024-03-05",
        "--channel", "phone", "--name", "Maija M", "--phone", "040 123 4567", "--text", "Suunnitelmaa ei tehty.",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["dnro"] == "LSSAVI/2/2024" and data["channel"] == "phone"
    assert data["complainant"]["language"] == "fi"  # not given: detected from the text
    assert data["municipality"]["name_sv"] == "Karleby"


def test_add_interactively_with_prompts(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from avi_valvonta.cli import cli as group

    answers = "\n".join(
        [
            "Inari",  # municipality
            "2025-03-03",  # events date
            "2025-04-01",  # received
            "e-service",  # channel
            "municipality",  # target
            "Ánde Sápmi",  # name
            "ande@example.fi",  # e-mail
            "se",  # language
            "Mun in ožžon bálvalusa sámegillii.",  # text, line 1
            "Tulkkia ei ollut.",  # text, line 2
            "",  # end of text
        ]
    )
    result = CliRunner().invoke(group, ["complaint", "add", "-i"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "LSSAVI/1/2025" in result.output
    db = open_database()
    with Session(db.engine) as s:
        c = s.exec(select(Complaint)).one()
    assert (c.municipality_code, c.channel, c.complainant_language) == ("148", "e-service", "se")
    assert c.text == "Mun in ožžon bálvalusa sámegillii.\nTulkkia ei ollut."
    areas = {t["area"] for t in c.screening["topics"]}
    assert "language_rights" in areas


@pytest.mark.parametrize(
    ("fields", "setup", "expected"),
    [
        ({"municipality": "Atlantis"}, None, "unknown municipality 'Atlantis'"),
        ({"events_date": dt.date(2099, 1, 1)}, None, "[events_date]: in the future"),
        ({"received": dt.date(2099, 1, 1)}, None, "[received]: in the future"),
        ({"events_date": dt.date(2024, 2, 1)}, None, "[events_date]: after the received date"),
        ({"text": "   "}, None, "[text]: empty"),
        ({"text": None}, None, "[text]: empty"),
        ({"attachments": ["puuttuu.pdf"]}, None, "[attachments[0]]"),
        ({"attachments": ["rikki.pdf"]}, "corrupt", "not a PDF"),
        ({"attachments": ["salattu.pdf"]}, "encrypted", "encrypted PDF"),
        ({"attachments": ["tyhja.txt"]}, "empty", "empty (0 bytes)"),
        ({"attachments": ["kuva.png"]}, "png", "only .pdf and .txt"),
        ({"channel": "pigeon"}, None, "[channel]: 'pigeon' is not one of"),
        ({"target": "ministry"}, None, "[target]"),
        ({"municpality": "Raasepori"}, None, "[municpality]: unknown field"),
        ({"complainant": {"email": "anna@example.fi"}}, None, "[complainant.name]: missing"),
    ],
)
def test_bad_input_exits_2_and_stores_nothing(cli, tmp_path, fields, setup, expected):
    if setup == "corrupt":
        (tmp_path / "rikki.pdf").write_bytes(b"this is not a pdf at all")
    elif setup == "encrypted":
        make_pdf(tmp_path / "salattu.pdf", ["salainen"], encrypt="sala")
    elif setup == "empty":
        (tmp_path / "tyhja.txt").write_bytes(b"")
    elif setup == "png":
        (tmp_path / "kuva.png").write_bytes(b"\x89PNG")
    path = write_complaint(tmp_path, **fields)
    code, out, err = cli("complaint", "add", "--file", str(path))
    assert code == 2, (out, err)
    assert expected in err
    assert str(path) in err  # names the file
    assert "Traceback" not in err and out == ""
    assert counts() == {"complaints": 0, "events": 0, "attachments": 0, "counters": 0}


def test_bad_input_lists_every_problem_at_once(cli, tmp_path):
    path = write_complaint(tmp_path, municipality="Atlantis", text="", events_date=dt.date(2099, 1, 1))
    code, _, err = cli("complaint", "add", "--file", str(path))
    assert code == 2
    assert "3 problem(s)" in err
    assert all(f in err for f in ("[municipality]", "[text]", "[events_date]"))


def test_bad_complaint_files(cli, tmp_path):
    broken = tmp_path / "rikki.toml"
    broken.write_text('municipality = "Raasepori"\ntext = """auki\n', encoding="utf-8")
    code, _, err = cli("complaint", "add", "--file", str(broken))
    assert code == 2 and "not valid TOML" in err
    broken_json = tmp_path / "rikki.json"
    broken_json.write_text('{"municipality": "Raasepori",\n "text": }', encoding="utf-8")
    code, _, err = cli("complaint", "add", "--file", str(broken_json))
    assert code == 2 and "rikki.json:2" in err and "not valid JSON" in err
    code, _, err = cli("complaint", "add", "--file", str(tmp_path / "puuttuu.toml"))
    assert code == 2 and "file not found" in err
    assert counts()["complaints"] == 0


def test_diary_prefix_follows_the_supervisor_by_date_and_the_config(cli, tmp_path, monkeypatch):
    for received, expected in [
        (dt.date(2024, 12, 30), "LSSAVI/1/2024"),
        (dt.date(2025, 1, 2), "LSSAVI/1/2025"),  # a new year starts from 1
        (dt.date(2025, 3, 3), "LSSAVI/2/2025"),
        (dt.date(2026, 1, 5), "LUOVA/1/2026"),  # Lupa- ja valvontavirasto from 2026 (law data)
    ]:
        path = write_complaint(tmp_path, received=received, events_date=received - dt.timedelta(days=20))
        code, out, err = cli("complaint", "add", "--file", str(path))
        assert code == 0, err
        assert out.splitlines()[0] == expected
    config = tmp_path / "config.toml"
    config.write_text('[complaints]\nprefix = "TESTI"\n', encoding="utf-8")
    code, out, err = cli("--config", str(config), "complaint", "add", "--file", str(path))
    assert code == 0, err
    assert out.splitlines()[0] == "TESTI/1/2026"
    # Short forms find the complaint when they are unambiguous.
    assert show(cli, "2/2025")["dnro"] == "LSSAVI/2/2025"
    code, _, err = cli("complaint", "show", "1/2026")
    assert code == 2 and "ambiguous" in err
    config.write_text('[complaints]\nprefix = "A/B"\n', encoding="utf-8")
    code, _, err = cli("--config", str(config), "complaint", "add", "--file", str(path))
    assert code == 2 and "prefix" in err


# -- workflow (SQLite and PostgreSQL) -------------------------------------------------------------------------------


def test_workflow_from_intake_to_closing_with_its_history(cli, tmp_path, db_url):
    path = write_complaint(tmp_path)
    assert cli("complaint", "add", "--file", str(path), "--actor", "anna.inspector")[0] == 0
    dnro = "LSSAVI/1/2024"
    early = tmp_path / "early.txt"
    early.write_text("Selvitys\n", encoding="utf-8")

    # Steps out of order are refused (exit 2) and change nothing.
    for args in (
        ["record-reply", dnro, "--no-reply"],
        ["close", dnro],
        ["record-statement", dnro, "--file", str(early)],
    ):
        code, _, err = cli("complaint", *args, "--date", "2024-02-01")
        assert code == 2, args
        assert "cannot" in err
    assert len(show(cli, dnro)["events"]) == 2

    code, out, err = cli(
        "complaint", "request-statement", dnro, "--days", "15", "--date", "2024-02-01", "--actor", "ville"
    )
    assert code == 0, err
    assert out.strip() == f"{dnro}: selvitystä pyydetty, selvitys kunnalta 22.2.2024"
    statement = make_pdf(tmp_path / "selvitys.pdf", ["Kaupungin selvitys", "Liite"])
    code, _, err = cli(
        "complaint", "record-statement", dnro, "--file", str(statement), "--date", "2024-02-20", "--reply-days", "10"
    )
    assert code == 0, err
    reply = tmp_path / "vastine.txt"
    reply.write_text("Kantelijan vastine: asia ei ole korjaantunut.\n", encoding="utf-8")
    assert cli("complaint", "record-reply", dnro, "--file", str(reply), "--date", "2024-03-01")[0] == 0
    code, _, err = cli(
        "complaint", "resolve", dnro, "--measure", "guidance", "--reason", "Palvelu ruotsiksi viivästyi.",
        "--date", "2024-04-02",
    )  # fmt: skip
    assert code == 0, err
    assert cli("complaint", "close", dnro, "--date", "2024-04-05")[0] == 0

    data = show(cli, dnro)
    assert data["status"] == "closed" and data["due"] is None and not data["overdue"]
    assert data["resolution"] == {"measure": "guidance", "reason": "Palvelu ruotsiksi viivästyi.", "date": "2024-04-02"}
    whats = [e["what"] for e in data["events"]]
    assert whats == [
        "registered",
        "screened",
        "statement_requested",
        "statement_received",
        "reply_received",
        "resolved",
        "closed",
    ]
    assert data["events"][0]["actor"] == "anna.inspector" and data["events"][2]["actor"] == "ville"
    requested, received = data["events"][2], data["events"][3]
    assert requested["detail"]["due"] == "2024-02-22"
    assert received["detail"]["due"] == "2024-03-05" and received["detail"]["late"] is False
    assert "HL 434/2003 53 c §" in data["events"][5]["detail"]["basis"]
    assert "1269/2020 22 § 5 mom" not in data["events"][5]["detail"]["basis"]  # guidance is not a remark
    assert [a["kind"] for a in data["attachments"]] == ["statement", "reply"]
    assert all(e["message"]["fi"] and e["message"]["sv"] for e in data["events"])
    code, out, _ = cli("complaint", "show", dnro, "--lang", "sv")
    assert "Avgjort 2.4.2024" in out and "Utredning begärd av kommunen 1.2.2024" in out


def test_history_is_append_only_in_the_database(cli, tmp_path, db_url):
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path, attachments=None)))[0] == 0
    db = open_database(db_url)
    for statement in ("UPDATE complaint_events SET actor = 'someone else'", "DELETE FROM complaint_events"):
        with pytest.raises((IntegrityError, DBAPIError)), db.engine.begin() as conn:
            conn.execute(text(statement))
    db.engine.dispose()
    assert counts(db_url)["events"] == 2


def test_resolution_is_refused_when_screening_keeps_the_matter_out_until_overridden(cli, tmp_path, db_url):
    path = write_complaint(tmp_path, target="te_office")
    assert cli("complaint", "add", "--file", str(path))[0] == 0
    dnro = "LSSAVI/1/2024"
    code, _, err = cli("complaint", "resolve", dnro, "--measure", "remark", "--reason", "x", "--date", "2024-02-01")
    assert code == 2 and "override" in err
    code, _, err = cli("complaint", "override", dnro, "--rule", "jurisdiction", "--justification", "  ")
    assert code == 2 and "justification" in err
    code, _, err = cli(
        "complaint", "override", dnro, "--rule", "jurisdiction", "--actor", "päällikkö",
        "--justification", "Asia koskee kunnan omaa palvelua, ei TE-toimistoa.",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli("complaint", "resolve", dnro, "--measure", "remark", "--reason", "x", "--date", "2024-02-01")
    assert code == 0, err
    data = show(cli, dnro)
    jurisdiction = data["screening"]["jurisdiction"]
    assert jurisdiction["ok"] is True and jurisdiction["auto_ok"] is False
    assert jurisdiction["override"]["actor"] == "päällikkö"
    resolved = data["events"][-1]
    assert resolved["what"] == "resolved" and "1269/2020 22 § 5 mom" in resolved["detail"]["basis"]
    assert data["events"][2]["what"] == "override"


def test_overdue_listing_counts_working_days_across_the_holidays(cli, tmp_path, db_url):
    for received in ("2024-12-02", "2024-12-03"):
        path = write_complaint(tmp_path, received=dt.date.fromisoformat(received))
        assert cli("complaint", "add", "--file", str(path))[0] == 0
    # 5 working days after Friday 20.12.2024: 23.12, 27.12, 30.12, 31.12, 2.1.2025 (Christmas Eve, Christmas Day,
    # Boxing Day, the weekend and New Year's Day are skipped).
    code, out, err = cli("complaint", "request-statement", "LSSAVI/1/2024", "--days", "5", "--date", "2024-12-20")
    assert code == 0, err
    # A due date given on a holiday (Epiphany, Monday 6.1.2025) moves to the next working day.
    code, out, err = cli(
        "complaint", "request-statement", "LSSAVI/2/2024", "--due", "2025-01-06", "--date", "2024-12-20"
    )
    assert code == 0, err
    first, second = show(cli, "LSSAVI/1/2024"), show(cli, "LSSAVI/2/2024")
    assert first["due"] == "2025-01-02"
    rule = first["events"][-1]["detail"]["due_rule"]
    assert "Jouluaatto" in rule["fi"] and "Julafton" in rule["sv"] and "Uudenvuodenpäivä" in rule["fi"]
    assert second["due"] == "2025-01-07"
    assert "Loppiainen" in second["events"][-1]["detail"]["due_rule"]["fi"]

    def overdue(as_of: str) -> list[str]:
        code, out, err = cli("complaint", "list", "--overdue", "--as-of", as_of, "--format", "json")
        assert code == 0, err
        return [c["dnro"] for c in json.loads(out)]

    assert overdue("2025-01-02") == []
    assert overdue("2025-01-03") == ["LSSAVI/1/2024"]
    assert overdue("2025-01-07") == ["LSSAVI/1/2024"]
    assert overdue("2025-01-08") == ["LSSAVI/1/2024", "LSSAVI/2/2024"]
    # The statement arrives: no longer overdue for it; the complainant's reply is due next.
    statement = tmp_path / "selvitys.txt"
    statement.write_text("Kunnan selvitys.\n", encoding="utf-8")
    assert (
        cli("complaint", "record-statement", "LSSAVI/1/2024", "--file", str(statement), "--date", "2025-01-03")[0] == 0
    )
    assert overdue("2025-01-08") == ["LSSAVI/2/2024"]
    assert show(cli, "LSSAVI/1/2024")["events"][-1]["detail"]["late"] is True
    code, out, _ = cli("complaint", "list", "--overdue", "--as-of", "2025-01-08")
    assert "LSSAVI/2/2024" in out and "LSSAVI/1/2024" not in out


def test_list_filters(cli, tmp_path):
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path)))[0] == 0
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path, municipality="Tampere")))[0] == 0
    assert cli("complaint", "request-statement", "LSSAVI/2/2024", "--days", "10", "--date", "2024-02-01")[0] == 0

    def dnros(*args: str) -> list[str]:
        code, out, err = cli("complaint", "list", "--format", "json", *args)
        assert code == 0, err
        return [c["dnro"] for c in json.loads(out)]

    assert dnros() == ["LSSAVI/1/2024", "LSSAVI/2/2024"]
    assert dnros("--municipality", "Tammerfors") == ["LSSAVI/2/2024"]
    assert dnros("--status", "statement_requested") == ["LSSAVI/2/2024"]
    code, _, err = cli("complaint", "list", "--status", "lost")
    assert code == 2 and "--status" in err
    code, _, err = cli("complaint", "list", "--municipality", "Atlantis")
    assert code == 2 and "unknown municipality" in err


def test_dates_of_steps_are_checked(cli, tmp_path):
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path)))[0] == 0
    dnro = "LSSAVI/1/2024"
    code, _, err = cli("complaint", "request-statement", dnro, "--date", "2099-01-01")
    assert code == 2 and "in the future" in err
    code, _, err = cli("complaint", "request-statement", dnro, "--date", "2023-01-01")
    assert code == 2 and "before the complaint arrived" in err
    code, _, err = cli("complaint", "request-statement", dnro, "--date", "2024-02-01", "--due", "2024-01-20")
    assert code == 2 and "not after" in err
    code, _, err = cli("complaint", "record-reply", dnro)
    assert code == 2 and "--no-reply" in err
    code, _, err = cli("complaint", "show", "LSSAVI/99/2024")
    assert code == 2 and "no complaint" in err
    assert len(show(cli, dnro)["events"]) == 2


def test_link_a_stored_run_of_the_same_municipality(cli, tmp_path, builder):
    from avi_valvonta.db import open_database as opendb

    builder.client("K-1", job_search_start="2024-01-15")
    report = builder.audit()
    opendb().store_run(report)
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path, municipality="Kokkola")))[0] == 0
    assert cli("complaint", "add", "--file", str(write_complaint(tmp_path, municipality="Tampere")))[0] == 0
    code, _, err = cli("complaint", "link", "LSSAVI/1/2024", "--run", report.run_id)
    assert code == 0, err
    assert show(cli, "LSSAVI/1/2024")["runs"] == [report.run_id]
    code, _, err = cli("complaint", "link", "LSSAVI/1/2024", "--run", report.run_id)
    assert code == 2 and "already linked" in err
    code, _, err = cli("complaint", "link", "LSSAVI/2/2024", "--run", report.run_id)
    assert code == 2 and "not the complaint's municipality" in err
    code, _, err = cli("complaint", "link", "LSSAVI/2/2024", "--run", "no-such-run")
    assert code == 2 and "no stored run" in err


def test_every_complaint_command_has_help_with_an_example(cli):
    from avi_valvonta.cli.complaint_cmd import complaint

    for name, command in complaint.commands.items():
        code, out, _ = cli("complaint", name, "--help")
        assert code == 0, name
        assert "Example" in out, name
        assert command.help
