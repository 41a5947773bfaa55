"""The follow-up diff (--baseline RUN_ID|FILE): new, still_open (with the change), fixed; same municipality only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from avi_valvonta.audit.baseline import Baseline, BaselineResult, mark_followup
from avi_valvonta.checks import Outcome, Result, Severity
from avi_valvonta.testing import BundleBuilder

LATE = "EQ-INTERVIEW-LATE"
LANG = "LANG-SERVICE-LANGUAGE"
HETU = "PRIV-HETU-PUBLIC"
CODE = "131052-308T"  # a valid identity code (python-stdnum's example)


def _first(tmp_path: Path) -> Path:
    """Before the order: one late client of two, an identity code on the web, languages right."""
    b = BundleBuilder(tmp_path, name="first")
    b.client("K-1", job_search_start="2024-01-15")
    b.client("K-2", job_search_start="2024-01-15")
    b.event("K-2", "2024-01-17", "initial_interview")
    b.document("poytakirja.pdf", [f"Pöytäkirja\nAsiakas {CODE} siirrettiin"], doc_type="minutes", audience="public")
    return b.write()


def _second(tmp_path: Path) -> Path:
    """The follow-up: two late clients of three, the minutes cleaned, a Swedish interview with a Finnish client."""
    b = BundleBuilder(tmp_path, name="second", period=("2024-07-01", "2024-09-30"), as_of="2024-11-15")
    for cid in ("K-11", "K-12"):
        b.client(cid, job_search_start="2024-08-12")
    b.client("K-13", job_search_start="2024-08-12")
    b.event("K-13", "2024-08-13", "initial_interview", language="sv")
    b.document("poytakirja.pdf", ["Pöytäkirja\nAsiakas siirrettiin"], doc_type="minutes", audience="public")
    return b.write()


def _results(doc: dict) -> dict[str, dict]:
    return {r["check_id"]: r for r in doc["results"]}


def test_followup_against_a_stored_run(tmp_path: Path, cli):
    code, out, err = cli("audit", "Kokkola", "--case", str(_first(tmp_path)), "--format", "json")
    assert code == 0, err
    first = json.loads(out)
    outcomes = {k: r["outcome"] for k, r in _results(first).items()}
    assert {k: outcomes[k] for k in (LATE, LANG, HETU)} == {LATE: "fail", LANG: "pass", HETU: "fail"}

    code, out, err = cli(
        "audit", "Kokkola", "--case", str(_second(tmp_path)), "--baseline", first["run_id"], "--format", "json"
    )
    assert code == 0, err
    doc = json.loads(out)
    r = _results(doc)
    assert r[LATE]["baseline"] == "still_open" and r[LATE]["affected"] == 2
    assert r[LATE]["baseline_detail"]["affected_before"] == 1 and r[LATE]["baseline_detail"]["affected_change"] == 1
    assert r[LATE]["baseline_detail"]["run_id"] == first["run_id"]
    assert r[LANG]["baseline"] == "new" and r[LANG]["outcome"] == "fail"
    assert r[HETU]["baseline"] == "fixed" and r[HETU]["outcome"] == "pass"
    assert doc["options"]["baseline"]["run_id"] == first["run_id"]

    # The stored follow-up re-renders with its marks, in every format.
    code, out, _ = cli("show", doc["run_id"], "--format", "md", "--lang", "sv")
    assert "fortfarande öppen: 1 → 2 (+1)" in out and "åtgärdad: 1 → 0" in out and "| ny |" in out
    code, out, _ = cli("show", doc["run_id"], "--format", "csv")
    assert "edelleen avoinna;1" in out.replace('"', "")
    code, out, _ = cli("show", doc["run_id"])
    assert "puute · edelleen avoinna" in out and "kunnossa · korjattu" in out


def test_followup_against_a_json_report_file(tmp_path: Path, cli):
    report = tmp_path / "ensimmainen.json"
    code, _, err = cli(
        "audit", "Kokkola", "--case", str(_first(tmp_path)), "--format", "json", "-o", str(report), "--no-store"
    )
    assert code == 0, err
    code, out, err = cli(
        "audit", "Kokkola", "--case", str(_second(tmp_path)), "--baseline", str(report), "--format", "json"
    )
    assert code == 0, err
    r = _results(json.loads(out))
    assert (r[LATE]["baseline"], r[LANG]["baseline"], r[HETU]["baseline"]) == ("still_open", "new", "fixed")


def test_the_baseline_must_be_the_same_municipality(tmp_path: Path, cli):
    code, out, _ = cli("audit", "Kokkola", "--case", str(_first(tmp_path)), "--format", "json")
    run_id = json.loads(out)["run_id"]
    b = BundleBuilder(tmp_path, name="tampere", municipality="Tampere", period=("2025-01-01", "2025-03-31"))
    b.as_of = "2025-05-01"
    b.client("T-1", job_search_start="2025-01-13")
    code, out, err = cli("audit", "Tampere", "--case", str(b.write()), "--baseline", run_id)
    assert code == 2 and out == "" and "Kokkola (272)" in err and "not Tampere (837)" in err
    assert "Traceback" not in err


def test_the_baseline_must_be_earlier(tmp_path: Path, cli):
    code, out, _ = cli("audit", "Kokkola", "--case", str(_second(tmp_path)), "--format", "json")
    later = json.loads(out)["run_id"]
    code, _, err = cli("audit", "Kokkola", "--case", str(_first(tmp_path)), "--baseline", later)
    assert code == 2 and "must be an earlier run" in err


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "neither a stored run"),
        ("{not json", "not valid JSON"),
        ('{"schema": "something/else"}', "[schema]"),
        ('{"schema": "avi-valvonta/audit/1", "municipality": {"code": "272"}, "period": {}}', "[period.as_of]"),
    ],
)
def test_a_bad_baseline_exits_2(tmp_path: Path, cli, content, expected):
    ref = "20990101-000000-abcdef"
    if content is not None:
        f = tmp_path / "vanha.json"
        f.write_text(content, encoding="utf-8")
        ref = str(f)
    code, out, err = cli("audit", "Kokkola", "--case", str(_first(tmp_path)), "--baseline", ref)
    assert code == 2 and out == "" and expected in err and "Traceback" not in err


def _r(check_id: str, outcome: Outcome, affected: int = 0) -> Result:
    severity = Severity.HIGH if outcome is Outcome.FAIL else None
    return Result(check_id, outcome, 10, affected, severity=severity)


def test_mark_followup_rules():
    import datetime as dt

    base = Baseline(
        "b1",
        "272",
        "Kokkola",
        dt.date(2024, 8, 15),
        dt.date(2024, 1, 1),
        dt.date(2024, 6, 30),
        "run",
        {
            "A": BaselineResult("A", "fail", 10, 5, 0.5),
            "B": BaselineResult("B", "fail", 10, 4, 0.4),
            "C": BaselineResult("C", "pass", 10, 0, 0.0),
            "D": BaselineResult("D", "fail", 10, 2, 0.2),
            "E": BaselineResult("E", "fail", 10, 1, 0.1),
        },
    )
    results = [
        _r("A", Outcome.FAIL, 3),  # still open, 2 fewer
        _r("B", Outcome.PASS),  # fixed
        _r("C", Outcome.FAIL, 1),  # new
        _r("D", Outcome.NOT_APPLICABLE),  # cannot tell: not fixed
        _r("F", Outcome.FAIL, 1),  # new (not in the baseline at all)
    ]
    warnings = mark_followup(results, base)
    assert [r.baseline for r in results] == ["still_open", "fixed", "new", None, "new"]
    assert results[0].baseline_detail["affected_change"] == -2 and results[1].baseline_detail["affected_change"] == -4
    assert (
        results[2].baseline_detail["outcome_before"] == "pass" and results[4].baseline_detail["outcome_before"] is None
    )
    assert any("D oli puute" in w.fi and "ei sovellu" in w.fi for w in warnings)
    assert any("gjordes inte nu: E" in w.sv for w in warnings)  # failed in the baseline, not run now
