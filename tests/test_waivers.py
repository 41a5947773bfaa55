"""Waivers: accepted findings stay in the report as ``muted``, never count in the proposal, and expire."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from avi_valvonta.audit.waivers import Waiver, load_waivers
from avi_valvonta.checks import Outcome
from avi_valvonta.errors import InvalidInput
from avi_valvonta.testing import BundleBuilder, result_of

LATE = "EQ-INTERVIEW-LATE"
TODAY = dt.date(2026, 3, 2)

WAIVERS_TOML = """
[[waiver]]
check = "EQ-INTERVIEW-*"
scope = ["K-1"]
justification = "Asiakas kieltäytyi haastatteluajasta; selvitetty puhelimitse."
approver = "Tarkastaja Virtanen"
expires = 2026-12-31

[[waiver]]
check = "PRIV-HETU-PUBLIC"
justification = "Pöytäkirja poistettu verkosta 3.3.2026."
approver = "Ylitarkastaja Lind"
expires = 2026-06-30
"""

WAIVERS_YAML = """
waiver:
  - check: EQ-INTERVIEW-*
    scope: [K-1]
    justification: Asiakas kieltäytyi haastatteluajasta; selvitetty puhelimitse.
    approver: Tarkastaja Virtanen
    expires: 2026-12-31
  - check: PRIV-HETU-PUBLIC
    justification: Pöytäkirja poistettu verkosta 3.3.2026.
    approver: Ylitarkastaja Lind
    expires: "2026-06-30"
"""


def _late(tmp_path: Path, late: int = 3, on_time: int = 1) -> BundleBuilder:
    """``late`` clients K-1… without any interview (late), ``on_time`` clients interviewed on time."""
    b = BundleBuilder(tmp_path)
    for i in range(1, late + 1):
        b.client(f"K-{i}", job_search_start="2024-01-15")
    for i in range(late + 1, late + on_time + 1):
        b.client(f"K-{i}", job_search_start="2024-01-15")
        b.event(f"K-{i}", "2024-01-17", "initial_interview")
    return b


def w(check: str = LATE, scope: tuple[str, ...] = (), expires: dt.date = dt.date(2026, 12, 31), n: int = 1) -> Waiver:
    return Waiver(check, "hyväksytty poikkeama", "Tarkastaja Virtanen", expires, scope, n, "w.toml")


def test_toml_and_yaml_read_the_same(tmp_path: Path):
    (tmp_path / "w.toml").write_text(WAIVERS_TOML, encoding="utf-8")
    (tmp_path / "w.yaml").write_text(WAIVERS_YAML, encoding="utf-8")
    from_toml = load_waivers(tmp_path / "w.toml")
    from_yaml = load_waivers(tmp_path / "w.yaml")
    strip = [{k: v for k, v in x.to_dict().items() if k != "file"} for x in from_toml]
    assert strip == [{k: v for k, v in x.to_dict().items() if k != "file"} for x in from_yaml]
    assert from_toml[0].scope == ("K-1",) and from_toml[1].expires == dt.date(2026, 6, 30)


def test_a_whole_check_waiver_mutes_keeps_the_result_and_the_proposal_ignores_it(tmp_path: Path):
    b = _late(tmp_path)
    plain = b.audit(run_date=TODAY)
    assert result_of(plain, LATE).outcome is Outcome.FAIL and plain.proposal.measure == "correction_order"
    report = b.audit(run_date=TODAY, waivers=(w("EQ-*"),))
    r = result_of(report, LATE)
    assert r.outcome is Outcome.MUTED
    assert (r.population, r.affected, len(r.evidence)) == (4, 3, 3)  # kept as it was found
    assert r.waiver["approver"] == "Tarkastaja Virtanen" and r.waiver["outcome"] == "fail"
    assert "hyväksytty poikkeama" in r.reason.fi and "Tarkastaja Virtanen" in r.reason.sv
    assert report.proposal.measure == "none" and LATE not in report.proposal.check_ids


def test_a_scoped_waiver_mutes_only_its_items_and_the_result_is_recounted(tmp_path: Path):
    b = _late(tmp_path, late=3, on_time=1)
    report = b.audit(run_date=TODAY, checks=(LATE,), waivers=(w(scope=("K-1", "K-9")),))
    r = result_of(report, LATE)
    assert r.outcome is Outcome.FAIL and (r.affected, r.population) == (2, 4)
    assert [e.client_id for e in r.evidence] == ["K-2", "K-3"]
    assert r.waiver["partial"] is True and r.waiver["muted_items"] == ["K-1"] and r.waiver["affected"] == 3
    assert r.message.fi.startswith("2/4 asiakasta") and r.message.sv.startswith("2/4 klienter")
    # Scopes of several waivers add up; when nothing is left the result is muted.
    report = b.audit(run_date=TODAY, checks=(LATE,), waivers=(w(scope=("K-1", "K-2")), w(scope=("K-3",), n=2)))
    r = result_of(report, LATE)
    assert r.outcome is Outcome.MUTED and sorted(r.waiver["scope"]) == ["K-1", "K-2", "K-3"]
    assert report.proposal.measure == "none"


def test_the_proposal_counts_what_a_scoped_waiver_leaves(tmp_path: Path):
    b = _late(tmp_path, late=2, on_time=18)  # 2/20 = 10 %: an essential shortcoming
    assert b.audit(run_date=TODAY, checks=(LATE,)).proposal.measure == "correction_order"
    report = b.audit(run_date=TODAY, checks=(LATE,), waivers=(w(scope=("K-1",)),))  # 1/20 = 5 %: a remark
    assert report.proposal.measure == "remark" and report.proposal.check_ids == [LATE]


def test_an_expired_waiver_stops_applying_and_the_report_says_so(tmp_path: Path):
    b = _late(tmp_path)
    on_the_day = b.audit(run_date=dt.date(2026, 1, 31), waivers=(w(expires=dt.date(2026, 1, 31)),))
    assert result_of(on_the_day, LATE).outcome is Outcome.MUTED  # expires = the last day it applies
    report = b.audit(run_date=dt.date(2026, 2, 1), waivers=(w(expires=dt.date(2026, 1, 31)),))
    r = result_of(report, LATE)
    assert r.outcome is Outcome.FAIL and r.waiver is None
    assert report.proposal.measure == "correction_order"
    warning = next(x for x in report.warnings if "w.toml #1" in x.fi)
    assert "päättyi 31.1.2026" in warning.fi and "upphörde 31.1.2026" in warning.sv


def test_a_waiver_that_matches_nothing_is_reported(tmp_path: Path):
    report = _late(tmp_path).audit(run_date=TODAY, waivers=(w("XX-NOTHING"),))
    assert any("XX-NOTHING" in x.fi and "ei koske" in x.fi and "gäller ingen" in x.sv for x in report.warnings)


def test_pass_and_not_applicable_are_not_muted(tmp_path: Path):
    b = _late(tmp_path, late=0, on_time=2)
    report = b.audit(run_date=TODAY, checks=("EQ-INTERVIEW-LATE", "LANG-*"), waivers=(w("*"),))
    assert result_of(report, LATE).outcome is Outcome.PASS
    assert all(r.outcome is not Outcome.MUTED for r in report.results)


def test_cli_waivers_muted_in_json_and_in_every_re_rendered_format(tmp_path: Path, cli):
    path = _late(tmp_path).write()
    wf = tmp_path / "vapautukset.toml"
    wf.write_text(WAIVERS_TOML.replace("2026-12-31", "2999-12-31").replace("2026-06-30", "2999-06-30"), "utf-8")
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--waivers", str(wf), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    r = {x["check_id"]: x for x in doc["results"]}[LATE]
    assert r["outcome"] == "fail" and r["affected"] == 2 and r["waiver"]["muted_items"] == ["K-1"]
    assert doc["options"]["waivers"][0]["approver"] == "Tarkastaja Virtanen"
    assert len(doc["options"]["waivers_sha256"]) == 64
    code, out, _ = cli("show", doc["run_id"], "--format", "md")
    assert code == 0 and "Tarkastaja Virtanen" in out and "Vapautus" in out


def test_cli_a_whole_check_waiver_shows_muted_in_the_table(tmp_path: Path, cli):
    path = _late(tmp_path).write()
    wf = tmp_path / "w.yaml"
    wf.write_text(
        "- check: EQ-INTERVIEW-LATE\n  justification: hyväksytty\n  approver: Lind\n  expires: 2999-01-01\n", "utf-8"
    )
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--waivers", str(wf), "--no-store")
    assert code == 0, err
    assert "vapautettu" in out and "Vapautettu: hyväksytty" in out


@pytest.mark.parametrize(
    "text, where",
    [
        (WAIVERS_TOML.replace('approver = "Ylitarkastaja Lind"\n', ""), "[waiver 2, approver]"),
        (WAIVERS_TOML.replace("expires = 2026-06-30", 'expires = "kesäkuussa"'), "[waiver 2, expires]"),
        (WAIVERS_TOML.replace("expires = 2026-12-31", ""), "[waiver 1, expires]"),
        (WAIVERS_TOML.replace('justification = "Asiakas', 'justification = "  "\nx = "'), "[waiver 1, justification]"),
        (WAIVERS_TOML.replace('scope = ["K-1"]', "scope = []"), "[waiver 1, scope]"),
        (WAIVERS_TOML.replace("expires = 2026-12-31", "expiry = 2026-12-31"), "[waiver 1, expiry]"),
        (WAIVERS_TOML.replace('check = "PRIV-HETU-PUBLIC"', 'check = "PRIV HETU; rm"'), "[waiver 2, check]"),
        ("[[waiver]\ncheck = 1", "not valid TOML"),
    ],
)
def test_a_malformed_waivers_file_exits_2_naming_file_entry_and_field(tmp_path: Path, cli, text, where):
    path = _late(tmp_path).write()
    wf = tmp_path / "vapautukset.toml"
    wf.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_waivers(wf)
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--waivers", str(wf))
    assert code == 2 and out == "" and "Traceback" not in err
    assert "vapautukset.toml" in err and where in err
    assert json.loads(cli("runs", "--format", "json")[1]) == []  # nothing stored


def test_a_malformed_yaml_file_names_the_line(tmp_path: Path, cli):
    path = _late(tmp_path).write()
    wf = tmp_path / "w.yml"
    wf.write_text("waiver:\n  - check: EQ-X\n    approver: [unclosed\n", encoding="utf-8")
    code, _, err = cli("audit", "Kokkola", "--case", str(path), "--waivers", str(wf))
    assert code == 2 and "w.yml:" in err and "not valid YAML" in err


def test_a_waivers_file_of_another_kind_is_refused(tmp_path: Path, cli):
    path = _late(tmp_path).write()
    wf = tmp_path / "w.json"
    wf.write_text("{}", encoding="utf-8")
    code, _, err = cli("audit", "Kokkola", "--case", str(path), "--waivers", str(wf))
    assert code == 2 and ".toml, .yaml or .yml" in err
