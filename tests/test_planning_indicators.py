"""Where indicators come from: the complaint register, issued decisions, the plugins' ``risk_indicators`` hook (one
failing plugin does not stop the others), and the precedence between sources."""

from __future__ import annotations

import datetime as dt

from avi_valvonta.api import Indicator, RiskHistory, hookimpl
from avi_valvonta.db import open_database
from avi_valvonta.db.models import Decision
from avi_valvonta.planning.indicators import IndicatorValue, UnitIndicators
from avi_valvonta.planning.records import read_records
from avi_valvonta.planning.service import gather
from avi_valvonta.planning.weights import RecordSettings, load_weights
from avi_valvonta.plugins import load_plugins
from decisions_support import HETU, LATE, report, store

TODAY = dt.date.today()


def add_complaint(cli, municipality: str, received: dt.date, *, target: str = "municipality") -> str:
    events = (received - dt.timedelta(days=20)).isoformat()
    code, out, err = cli(
        "complaint", "add", "--municipality", municipality, "--events-date", events,
        "--received", received.isoformat(), "--channel", "email", "--target", target, "--name", "Kim Kantelija",
        "--email", f"kim{received}@example.org", "--language", "fi",
        "--text", f"Alkuhaastattelu myöhästyi kuukaudella ({received}).",
    )  # fmt: skip
    assert code == 0, err
    return out.strip().splitlines()[0]


def test_complaints_of_the_last_12_months_count_open_and_substantiated(cli, db_url):
    recent = TODAY - dt.timedelta(days=60)
    first = add_complaint(cli, "Tampere", recent)
    add_complaint(cli, "Tampere", recent - dt.timedelta(days=1))  # stays open
    add_complaint(cli, "Tampere", TODAY - dt.timedelta(days=500))  # outside the window
    add_complaint(cli, "Tampere", recent, target="kela")  # outside the supervisor's competence
    code, _, err = cli("complaint", "resolve", first, "--measure", "remark", "--reason", "Aiheellinen.")
    assert code == 0, err
    records = read_records(open_database(), as_of=TODAY, year=TODAY.year + 1, settings=RecordSettings(), codes=["837"])
    values = {v.id: v for code, v in records.values if code == "837"}
    assert values["complaints_12m"].value == 2
    assert values["open_complaints_12m"].value == 1
    assert values["substantiated_complaints_12m"].value == 1
    assert "kanteluasiat" in values["complaints_12m"].source
    assert values["complaints_12m"].source_in("sv").startswith("klagomålsregistret")
    # The plugins see the complaints without their text or complainant.
    complaint = records.histories["837"].complaints[0]
    assert set(complaint) == {"dnro", "status", "measure", "received", "events_date", "target", "topics"}


def test_issued_measures_count_and_drafts_do_not():
    now = dt.datetime.now(dt.UTC)
    with open_database().session() as s:
        for i, (status, measure) in enumerate([("issued", "remark"), ("issued", "guidance"), ("draft", "remark")]):
            s.add(
                Decision(
                    id=f"d{i}", status=status, number=f"LSSAVI/{i}/2026" if status == "issued" else None,
                    measure=measure, municipality_code="272", decision_date=TODAY - dt.timedelta(days=30),
                    check_ids=[], lang="fi", authority="lssavi", created_at=now,
                )
            )  # fmt: skip
        s.commit()
    records = read_records(open_database(), as_of=TODAY, year=TODAY.year + 1, settings=RecordSettings(), codes=["272"])
    values = {v.id: v.value for code, v in records.values if code == "272"}
    assert values["measures_issued"] == 2 and values["expired_orders"] == 0
    assert records.follow_ups == []


def test_a_run_of_an_area_counts_for_its_members():
    store(
        open_database(),
        report("Kainuu-Koillismaa", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01", fails=(LATE,)),
    )
    records = read_records(
        open_database(), as_of=TODAY, year=TODAY.year + 1, settings=RecordSettings(), codes=["205", "837"]
    )
    values = {(code, v.id): v.value for code, v in records.values}
    assert values[("205", "failed_severe")] == 1  # Kajaani is in the Kainuu-Koillismaa area
    assert ("837", "failed_severe") not in values


class Broken:
    @hookimpl
    def risk_indicators(self, municipality: str, history: RiskHistory) -> list[Indicator]:
        raise RuntimeError("database of the plugin is down")


class Wrong:
    @hookimpl
    def risk_indicators(self, municipality: str, history: RiskHistory) -> list[object]:
        return [{"id": "x", "value": 1}]


class Fine:
    @hookimpl
    def risk_indicators(self, municipality: str, history: RiskHistory) -> list[Indicator]:
        return [Indicator("extra.signal", 0.5, f"runs: {len(history.runs)}", TODAY)]


def test_a_failing_plugin_is_named_and_the_others_still_count():
    store(
        open_database(), report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01", fails=(LATE, HETU))
    )
    plugins = load_plugins(extra=[("broken", Broken()), ("wrong", Wrong()), ("fine", Fine())])
    weights = load_weights()
    found = gather(open_database(), year=TODAY.year + 1, as_of=TODAY, weights=weights, plugins=plugins)
    found_here = found.indicators["837"]
    assert found_here.used["extra.signal"].origin == "plugin:fine"
    assert found_here.used["extra.signal"].source == "runs: 1"
    assert found_here.used["eq.interview_late_rate"].origin == "plugin:equal_access"
    warnings = " ".join(w.fi for w in found.warnings)
    assert "broken" in warnings and "RuntimeError" in warnings and "wrong" in warnings
    assert "x" not in found_here.used


def test_the_imported_file_wins_over_the_records_which_win_over_a_plugin():
    found = UnitIndicators()
    found.add(IndicatorValue("v", 1, "plugin", TODAY, "plugin:a"))
    found.add(IndicatorValue("v", 2, "records", TODAY, "records"))
    found.add(IndicatorValue("v", 3, "file", TODAY, "import"))
    assert found.used["v"].value == 3
    assert sorted(v.value for v in found.superseded) == [1, 2]


def test_language_rights_and_privacy_answer_from_their_latest_run():
    import valvonta_language_rights as lang
    import valvonta_privacy as priv

    runs = [
        {
            "run_id": "new",
            "period": {"as_of": "2025-08-01"},
            "results": [
                {"check_id": "LANG-SWEDISH-CAPACITY", "outcome": "fail", "rate": 1.0, "affected": 1},
                {"check_id": "LANG-SERVICE-LANGUAGE", "outcome": "not_applicable", "rate": None},
                {"check_id": "PRIV-HETU-PUBLIC", "outcome": "fail", "affected": 2, "rate": 0.5},
            ],
        },
        {
            "run_id": "old",
            "period": {"as_of": "2024-08-01"},
            "results": [
                {"check_id": "LANG-SERVICE-LANGUAGE", "outcome": "pass", "rate": 0.0, "affected": 0},
                {"check_id": "PRIV-ACCESS-NO-RELATIONSHIP", "outcome": "fail", "rate": 0.03, "affected": 30},
            ],
        },
    ]
    history = RiskHistory("272", runs=runs)
    got = {i.id: i for i in lang.risk_indicators("272", history)}
    assert got["lang.swedish_capacity_missing"].value == 1.0 and "new" in got["lang.swedish_capacity_missing"].source
    assert (
        got["lang.service_language_rate"].value == 0.0 and str(got["lang.service_language_rate"].date) == "2024-08-01"
    )
    got = {i.id: i for i in priv.risk_indicators("272", history)}
    assert got["priv.identity_codes_public"].value == 2
    assert got["priv.access_no_relationship_rate"].value == 0.03
    assert lang.risk_indicators("272", RiskHistory("272")) == []
    assert priv.risk_indicators("272", RiskHistory("272")) == []
    # A monolingual municipality's capacity check is not_applicable: no indicator.
    na = [
        {"run_id": "r", "period": {}, "results": [{"check_id": "LANG-SWEDISH-CAPACITY", "outcome": "not_applicable"}]}
    ]
    assert lang.risk_indicators("837", RiskHistory("837", runs=na)) == []
