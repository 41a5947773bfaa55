"""`valvonta audit` end to end: the JSON contract, storing runs, exit codes, refusals."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from avi_valvonta.checks import Outcome
from avi_valvonta.testing import BundleBuilder

OUTCOMES = {"pass", "fail", "manual", "not_applicable", "error", "muted"}
SEVERITIES = {None, "low", "medium", "high", "critical"}
MEASURES = {"none", "guidance", "remark", "correction_order", "suspension", "fine_enforcement"}


def assert_audit_json_shape(doc: dict) -> None:
    """The documented shape of `avi-valvonta/audit/1` (cli.md)."""
    assert doc["schema"] == "avi-valvonta/audit/1"
    assert isinstance(doc["run_id"], str) and doc["run_id"]
    assert isinstance(doc["tool"]["version"], str) and isinstance(doc["tool"]["plugins"], dict)
    m = doc["municipality"]
    assert set(m) >= {"code", "name_fi", "name_sv", "languages", "majority", "saami_homeland"}
    assert set(doc["period"]) == {"start", "end", "as_of"}
    assert set(doc["regime"]) >= {"law", "supervisor", "rule_sets"} and isinstance(doc["regime"]["rule_sets"], list)
    for r in doc["results"]:
        assert set(r) >= {
            "check_id",
            "area",
            "outcome",
            "severity",
            "title",
            "legal_basis",
            "population",
            "affected",
            "rate",
            "evidence",
            "message",
            "baseline",
        }
        assert r["outcome"] in OUTCOMES and r["severity"] in SEVERITIES
        assert set(r["title"]) == {"fi", "sv"} and isinstance(r["legal_basis"], list) and r["legal_basis"]
        assert len(r["evidence"]) <= 20
        if r["outcome"] == "fail":
            assert r["population"] >= r["affected"] > 0 and r["severity"]
            assert abs(r["rate"] - r["affected"] / r["population"]) < 1e-6
            assert set(r["message"]) == {"fi", "sv"}
        for e in r["evidence"]:
            assert isinstance(e["detail"], str)
    p = doc["proposal"]
    assert p["measure"] in MEASURES and isinstance(p["check_ids"], list) and set(p["reasons"]) == {"fi", "sv"}
    assert isinstance(doc["warnings"], list) and all(isinstance(w, str) for w in doc["warnings"])


def _late_bundle(tmp_path: Path) -> BundleBuilder:
    b = BundleBuilder(tmp_path)
    b.client("K-1", job_search_start="2024-01-15")
    b.event("K-1", "2024-01-29", "initial_interview")  # deadline 22.1.: late by 5 working days
    b.client("K-2", job_search_start="2024-01-15")
    b.event("K-2", "2024-01-22", "initial_interview")  # on the deadline
    return b


def test_audit_json_matches_the_documented_shape_and_is_stored(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert_audit_json_shape(doc)
    r = {x["check_id"]: x for x in doc["results"]}["EQ-INTERVIEW-LATE"]
    assert (r["outcome"], r["affected"], r["population"]) == ("fail", 1, 2)
    assert r["evidence"][0]["client_id"] == "K-1" and r["evidence"][0]["days"] == 5
    assert r["evidence"][0]["rule_set"] == "nordic-2022" and r["evidence"][0]["unit"] == "working_days"
    code, out, _ = cli("runs", "--format", "json")
    runs = json.loads(out)
    assert [x["run_id"] for x in runs] == [doc["run_id"]]
    code, out, _ = cli("show", doc["run_id"], "--format", "json", "--lang", "sv")
    shown = json.loads(out)
    assert shown["results"] == [
        {**x, "evidence": [{**e, "detail": e["detail_i18n"]["sv"]} for e in x["evidence"]]} for x in doc["results"]
    ]
    db = Path(os.environ["VALVONTA_DB"].removeprefix("sqlite:///"))
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_table_output_in_both_languages(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    code, out, _ = cli("audit", "Kokkola", "--case", str(path), "--no-store")
    assert code == 0 and "Ehdotettu toimenpide" in out and "EQ-INTERVIEW-LATE" in out and "(ei tallennettu)" in out
    code, out, _ = cli("audit", "Karleby", "--case", str(path), "--no-store", "--lang", "sv")
    assert code == 0 and "Föreslagen åtgärd" in out and "försenad 5 vardagar" in out


def test_fail_on_and_check_selection(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    code, out, _ = cli("audit", "Kokkola", "--case", str(path), "--no-store", "--format", "json", "--fail-on", "high")
    assert code == 1
    code, out, _ = cli("audit", "Kokkola", "--case", str(path), "--no-store", "--format", "json", "--check", "EQ-*")
    assert code == 0 and {r["check_id"][:3] for r in json.loads(out)["results"]} == {"EQ-"}
    code, out, _ = cli(
        "audit",
        "Kokkola",
        "--case",
        str(path),
        "--no-store",
        "--format",
        "json",
        "--skip-check",
        "EQ-*",
        "-p",
        "no:privacy",
    )
    ids = {r["check_id"] for r in json.loads(out)["results"]}
    assert not any(i.startswith(("EQ-", "PRIV-")) for i in ids)
    code, _, err = cli("audit", "Kokkola", "--case", str(path), "--no-store", "--check", "NOPE-*")
    assert code == 2 and "no check matches NOPE-*" in err


def test_no_store_stores_nothing(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    assert cli("audit", "Kokkola", "--case", str(path), "--no-store")[0] == 0
    assert json.loads(cli("runs", "--format", "json")[1]) == []


@pytest.mark.parametrize(
    "kunta, period, expected",
    [
        ("Kokkola", ("2021-01-01", "2021-06-30"), "before 1.3.2021"),
        ("Järvenpää", ("2024-01-01", "2024-06-30"), "was not supervised"),
    ],
)
def test_refused_periods_and_municipalities(tmp_path: Path, cli, kunta, period, expected):
    b = BundleBuilder(tmp_path, municipality=kunta, period=period, as_of=period[1])
    b.client("K-1", job_search_start=period[0])
    code, _, err = cli("audit", kunta, "--case", str(b.write()))
    assert code == 2 and expected in err and "Traceback" not in err
    assert json.loads(cli("runs", "--format", "json")[1]) == []


def test_a_2025_audit_of_a_non_experiment_municipality_is_inside_competence(tmp_path: Path, cli):
    b = BundleBuilder(tmp_path, municipality="Järvenpää", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01")
    b.client("K-1", job_search_start="2025-02-03")
    b.event("K-1", "2025-02-05", "initial_interview")
    code, out, err = cli("audit", "Järvenpää", "--case", str(b.write()), "--format", "json", "--no-store")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["regime"]["law"] == "380/2023"


def test_kunta_must_match_the_bundle(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    code, _, err = cli("audit", "Vaasa", "--case", str(path))
    assert code == 2 and "the bundle is for Kokkola (272) but the command names Vaasa (905)" in err


def test_unknown_municipality_suggests(tmp_path: Path, cli):
    code, _, err = cli("audit", "Kokola", "--case", str(tmp_path))
    assert code == 2 and "Kokkola" in err and "did you mean" in err


def test_malformed_bundle_exits_2_without_traceback_and_stores_nothing(tmp_path: Path, cli):
    b = BundleBuilder(tmp_path)
    b.client("K-1", job_search_start="2024-13-01")
    b.event("K-7", "2024-02-01", "initial_interview")
    code, out, err = cli("audit", "Kokkola", "--case", str(b.write()))
    assert code == 2 and out == ""
    assert "clients.csv:2 [job_search_start]" in err and "events.csv:2 [client_id]" in err
    assert "Traceback" not in err
    assert json.loads(cli("runs", "--format", "json")[1]) == []


def test_a_crashing_check_becomes_error_and_the_run_goes_on(tmp_path: Path):
    from avi_valvonta.api import CheckMeta, Severity, Text
    from avi_valvonta.audit.runner import AuditOptions, run_audit
    from avi_valvonta.plugins import load_plugins

    class Broken:
        @staticmethod
        def register_checks(register):  # type: ignore[no-untyped-def]
            register(
                CheckMeta("XX-BROKEN", "general", Text("rikki", "trasig"), ("HL 434/2003 23 §",), Severity.LOW),
                lambda ctx: 1 / 0,
            )

    from avi_valvonta.hookspecs import hookimpl

    Broken.register_checks = hookimpl(Broken.register_checks)  # type: ignore[method-assign]
    plugins = load_plugins(extra=[("broken", Broken)])
    path = _late_bundle(tmp_path).write()
    report = run_audit("Kokkola", AuditOptions(case_dir=path, store=False), plugins=plugins)
    broken = report.result("XX-BROKEN")
    assert broken.outcome is Outcome.ERROR and "ZeroDivisionError" in broken.reason.fi
    assert report.result("EQ-INTERVIEW-LATE").outcome is Outcome.FAIL
    assert report.proposal.incomplete


def test_default_case_dir_is_cases_slug(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    b = BundleBuilder(tmp_path / "cases", name="kokkola")
    b.client("K-1")
    b.write()
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("audit", "KOKKOLA", "--no-store", "--format", "json")
    assert code == 0, err
    code, _, err = cli("audit", "Karleby", "--no-store", "--format", "json")
    assert code == 0, err


def test_stored_run_records_inputs_versions_and_rule_sets(tmp_path: Path, cli):
    path = _late_bundle(tmp_path).write()
    _, out, _ = cli("audit", "Kokkola", "--case", str(path), "--format", "json", "--lang", "sv")
    run_id = json.loads(out)["run_id"]
    db = os.environ["VALVONTA_DB"].removeprefix("sqlite:///")
    con = sqlite3.connect(db)
    row = con.execute("SELECT inputs, plugins, rule_sets, options FROM runs WHERE id = ?", (run_id,)).fetchone()
    inputs, plugins, rule_sets, options = (json.loads(x) for x in row)
    assert len(inputs["files"]["clients.csv"]) == 64 and "equal_access" in plugins and rule_sets == ["nordic-2022"]
    assert options["lang"] == "sv"
    n = con.execute("SELECT COUNT(*) FROM run_results WHERE run_id = ?", (run_id,)).fetchone()[0]
    assert n == len(json.loads(out)["results"])
