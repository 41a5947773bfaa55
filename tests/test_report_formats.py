"""CSV, Markdown and HTML render the same AuditReport as table and JSON: same results, masked, safe to open."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from avi_valvonta.audit.report import AuditReport, Proposal
from avi_valvonta.checks import Evidence, Outcome, Result, Severity
from avi_valvonta.i18n import Text
from avi_valvonta.report import BUILTIN, render
from avi_valvonta.report.csv_writer import neutralise
from avi_valvonta.testing import BundleBuilder

CODE = "131052-308T"  # a valid identity code
MASKED = "******-***T"
FORMULAS = ['=HYPERLINK("http://x";"klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =cmd|'/C calc'!A0"]


def _result(check_id: str, outcome: Outcome, **kw) -> Result:
    title = Text(f"Otsikko {check_id}", f"Rubrik {check_id}")
    return Result(check_id, outcome, area="equal_access", title=title, legal_basis=("1269/2020 9 §",), **kw)


def synthetic_report() -> AuditReport:
    evil = [Evidence(Text(f, f), client_id=f"K-{i}") for i, f in enumerate(FORMULAS)]
    evil.append(Evidence(Text(f"tunnus {CODE}", f"beteckning {CODE}"), file="a.pdf", page=2, excerpt=f"hetu {CODE}"))
    evil.append(Evidence(Text("<script>alert(1)</script> | *x* _y_", "<b>fet</b>"), client_id="K-<i>"))
    results = [
        _result(
            "EQ-INTERVIEW-LATE",
            Outcome.FAIL,
            population=40,
            affected=len(evil),
            severity=Severity.HIGH,
            evidence=evil,
            message=Text(f"=1+1 viesti {CODE}", f"=1+1 meddelande {CODE}"),
            baseline="still_open",
            baseline_detail={"run_id": "b1", "affected_before": 12, "affected_change": -3},
        ),
        _result("EQ-PLAN-DEBT", Outcome.PASS, population=30, affected=0, message=Text("kunnossa", "i sin ordning")),
        _result(
            "EQ-CASELOAD",
            Outcome.MUTED,
            population=4,
            affected=1,
            severity=Severity.LOW,
            reason=Text("Vapautettu: sovittu", "Undantaget: överenskommet"),
            waiver={
                "check": "EQ-CASELOAD",
                "scope": [],
                "justification": "=sovittu",
                "approver": "Lind",
                "expires": "2026-12-31",
            },
        ),
        _result("EQ-SERVICE-POINTS", Outcome.NOT_APPLICABLE, reason=Text("ei aineistoa", "inga uppgifter")),
    ]
    return AuditReport(
        run_id="20260301-101500-abcdef",
        created_at=dt.datetime(2026, 3, 1, 10, 15, tzinfo=dt.UTC),
        tool_version="0.1.0",
        plugins={"equal_access": "0.1.0"},
        municipality={
            "code": "272",
            "name_fi": "Kokkola",
            "name_sv": "Karleby",
            "languages": ["fi", "sv"],
            "majority": "fi",
            "saami_homeland": False,
        },
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 6, 30),
        as_of=dt.date(2024, 8, 15),
        regime={"law": "1269/2020", "supervisor": "LSSAVI", "supervisor_sv": "RFV", "rule_sets": ["nordic-2022"]},
        results=results,
        proposal=Proposal(
            "correction_order",
            ["EQ-INTERVIEW-LATE"],
            Text(f"Perustelu {CODE}", f"Motivering {CODE}"),
            deadline=dt.date(2026, 6, 1),
            notes=[Text("huom", "obs")],
        ),
        warnings=[Text(f"varoitus {CODE}", f"varning {CODE}")],
        options={"baseline": {"run_id": "b1"}},
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# -- CSV -----------------------------------------------------------------------------------------------------------


def test_csv_one_row_per_result_for_finnish_excel():
    report = synthetic_report()
    rows = _csv_rows(render(report, "csv", "fi"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Tarkastus", "Alue", "Otsikko", "Tulos"]
    assert [r[0] for r in body] == [r.check_id for r in report.results]
    late = dict(zip(header, body[0], strict=True))
    assert late["Tulos"] == "puute" and late["Vakavuus"] == "vakava"
    assert (late["Perusjoukko"], late["Poikkeamat"], late["Osuus %"]) == ("40", "9", "22,5")
    assert late["Seuranta"] == "edelleen avoinna" and late["Muutos"] == "-3"  # a number, not neutralised
    assert late["Ehdotuksen peruste"] == "määräys puutteiden korjaamisesta"
    muted = dict(zip(header, body[2], strict=True))
    assert muted["Tulos"] == "vapautettu" and "Lind" in muted["Vapautus"]
    sv = _csv_rows(render(report, "csv", "sv"))
    assert sv[0][:4] == ["Granskning", "Område", "Rubrik", "Resultat"] and sv[1][3] == "brist"


def test_csv_injection_is_neutralised():
    for f in FORMULAS:
        assert neutralise(f).startswith("'") and neutralise(f)[1:] == f
    assert neutralise("KKL-0001: myöhässä") == "KKL-0001: myöhässä"
    rows = _csv_rows(render(synthetic_report(), "csv", "fi"))
    cells = [c for row in rows for c in row]
    for c in cells:
        if c.lstrip(" ")[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and not re.fullmatch(r"-\d+", c)):
            pytest.fail(f"formula-like cell not neutralised: {c!r}")
    evidence = dict(zip(rows[0], rows[1], strict=True))["Näyttö"]
    assert "K-0: =HYPERLINK" in evidence  # inside the cell it is harmless text
    assert dict(zip(rows[0], rows[1], strict=True))["Mitä"].startswith("'=1+1")
    assert dict(zip(rows[0], rows[3], strict=True))["Vapautus"].startswith("EQ-CASELOAD: =sovittu")


def test_csv_cell_that_is_only_a_formula_is_neutralised(tmp_path: Path):
    report = synthetic_report()
    report.results[0].message = Text("@SUM(A1:A9)", "-1+1")
    fi = dict(zip(*_csv_rows(render(report, "csv", "fi"))[:2], strict=True))
    sv = dict(zip(*_csv_rows(render(report, "csv", "sv"))[:2], strict=True))
    assert fi["Mitä"] == "'@SUM(A1:A9)" and sv["Vad"] == "'-1+1"


# -- Markdown ------------------------------------------------------------------------------------------------------


def test_markdown_for_a_memo():
    md = render(synthetic_report(), "md", "fi").decode("utf-8")
    assert md.startswith("# Valvontatarkastus: Kokkola (272)")
    assert "## Ehdotettu toimenpide: määräys puutteiden korjaamisesta" in md and "**Määräaika:** 1.6.2026" in md
    assert "**Seuranta** (verrattuna ajoon `b1`): uusi 0, edelleen avoinna 1, korjattu 0" in md
    table = [line for line in md.splitlines() if line.startswith("| `")]
    assert len(table) == 4  # one row per result, all with the same number of cells
    assert len({line.count(" | ") for line in table}) == 1
    # Escaped: a masked code is not emphasis, a pipe does not break the table, HTML is text.
    assert r"\*\*\*\*\*\*-\*\*\*T" in md and CODE not in md
    assert r"\<script\>alert(1)\</script\> \| \*x\* \_y\_" in md
    assert "edelleen avoinna: 12 → 9 (-3)" in md
    sv = render(synthetic_report(), "md", "sv").decode("utf-8")
    assert sv.startswith("# Tillsynsgranskning: Karleby (272)") and "föreläggande att avhjälpa brister" in sv


# -- HTML ----------------------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_page():
    page = render(synthetic_report(), "html", "fi").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fi">' in page
    # Nothing from the network: no scripts, no external styles, fonts or images, a CSP that forbids them anyway.
    assert not re.search(r"https?://(?!x\")", page.replace("&#34;", '"').replace("&quot;", '"'))
    assert "<script" not in page and "<link" not in page and " src=" not in page and "@import" not in page
    assert "default-src 'none'" in page
    assert "<style>" in page and "@media print" in page and "@page" in page
    # The chart: an inline SVG, one bar per result with a rate (fail, pass, muted), widths by rate.
    svg = page[page.index("<svg") : page.index("</svg>")]
    bars = re.findall(r'<rect class="bar-(\w+)" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    assert [b[0] for b in bars] == ["muted", "fail", "pass"]  # highest rate first: 1/4, 9/40, 0/30
    widths = [float(b[1]) for b in bars]
    assert widths == pytest.approx([100, 90, 0], abs=0.1)  # 400 px is 100 %
    # Summary, proposal, every result with its evidence.
    assert "määräys puutteiden korjaamisesta" in page and "1.6.2026" in page and 'id="check-EQ-INTERVIEW-LATE"' in page
    assert page.count("<li>K-") >= len(FORMULAS)
    # Escaped and masked.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<b>fet</b>" not in page
    assert CODE not in page and MASKED in page
    sv = render(synthetic_report(), "html", "sv").decode("utf-8")
    assert '<html lang="sv">' in sv and "Föreslagen åtgärd" in sv and "Karleby" in sv and "Ehdotettu" not in sv


# -- every format ------------------------------------------------------------------------------------------------


def test_every_builtin_format_masks_identity_codes():
    report = synthetic_report()
    assert {"table", "json", "csv", "md", "html"} <= set(BUILTIN)
    for fmt in BUILTIN:
        for lang in ("fi", "sv"):
            text = render(report, fmt, lang).decode("utf-8-sig")
            assert CODE not in text, (fmt, lang)
            assert "131052" not in text, (fmt, lang)


def _bundle(tmp_path: Path) -> Path:
    b = BundleBuilder(tmp_path)
    b.client("K-1", job_search_start="2024-01-15")
    b.event("K-1", "2024-01-29", "initial_interview")
    b.client("K-2", job_search_start="2024-01-15")
    b.event("K-2", "2024-01-16", "initial_interview")
    b.document("poytakirja.pdf", [f"Pöytäkirja\nAsiakas {CODE}"], doc_type="minutes", audience="public")
    return b.write()


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_show_re_renders_a_stored_run_exactly_as_the_audit_did(tmp_path: Path, cli, fmt):
    path = _bundle(tmp_path)
    out_file = tmp_path / f"report.{fmt}"
    code, _, err = cli("audit", "Kokkola", "--case", str(path), "--format", fmt, "--lang", "sv", "-o", str(out_file))
    assert code == 0, err
    run_id = err.split(":")[0].strip()
    code, shown, _ = cli("show", run_id, "--format", fmt, "--lang", "sv")
    assert code == 0
    if fmt == "json":
        # The stored run is the masked contract; the live report also carries created_at with seconds only.
        assert json.loads(shown)["results"] == json.loads(out_file.read_text("utf-8"))["results"]
    else:
        assert shown.encode("utf-8") == out_file.read_bytes()
    assert CODE not in shown


def test_show_unknown_run_exits_2(cli):
    code, out, err = cli("show", "nope", "--format", "html")
    assert code == 2 and out == "" and "no stored run" in err
