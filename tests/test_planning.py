"""``valvonta plan`` through the real entry point: the JSON contract of cli.md, follow-ups of expired orders, the
same output for the same seed, the StatFin importer on the real file, and bad files refused with exit 2."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from avi_valvonta.db import open_database
from avi_valvonta.db.models import Decision
from conftest import SHARED
from decisions_support import HETU, LANGUAGE, LATE, report, store

STATFIN = SHARED / "data" / "employment" / "statfin_jobseekers_by_municipality_2006-2020.csv"
TODAY = dt.date.today()
YEAR = TODAY.year + 1
AS_OF = TODAY.isoformat()
G = "municipality,indicator,value,date,source\n"  # the generic header
S = "kunta_nimi,month,tyottomat_tyonhakijat,tyovoima,avoimet_tyopaikat\n"  # Statistics Finland's
BASE = ("plan", "--year", str(YEAR), "--as-of", AS_OF, "--seed", "11")


def plan_json(cli, *args: str) -> dict:
    code, out, err = cli(*BASE, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def issue_order(code: str, deadline: dt.date, *, number: str = "", checks=("EQ-INTERVIEW-LATE",)) -> None:
    now = dt.datetime.now(dt.UTC)
    with open_database().session() as s:
        s.add(
            Decision(
                id=f"order-{code}-{deadline}",
                status="issued",
                number=number or f"LSSAVI/{code}/{deadline.year}",
                measure="correction_order",
                municipality_code=code,
                decision_date=deadline - dt.timedelta(days=90),
                deadline=deadline,
                check_ids=list(checks),
                sanction="conditional_fine",
                lang="fi",
                authority="lssavi",
                appealable=True,
                created_at=now,
                issued_at=now,
            )
        )
        s.commit()


# -- the contract --------------------------------------------------------------------------------------------------


def test_the_json_has_the_shape_of_cli_md_and_ranks_every_supervised_municipality(cli):
    doc = plan_json(cli, "--capacity", "30")
    assert doc["year"] == YEAR and doc["capacity"] == 30 and doc["used"] <= 30
    assert doc["seed"] == 11 and doc["as_of"] == AS_OF
    codes = [s["municipality"] for s in doc["scores"]]
    assert len(codes) == len(set(codes)) == 292  # 308 municipalities less Åland's 16 (380/2023 does not reach them)
    assert "478" not in codes and "035" not in codes  # Maarianhamina, Brändö
    for i in doc["inspections"]:
        assert set(i) >= {"municipality", "kind", "quarter", "days", "reason", "score"}
        assert i["kind"] in ("desk", "onsite") and 1 <= i["quarter"] <= 4 and i["reason"] in ("risk", "random")
    for s in doc["scores"]:
        assert set(s) >= {"municipality", "score", "band", "components"}
        total = sum((Decimal(str(v)) for v in s["components"].values()), Decimal(0))
        assert total == Decimal(str(s["score"])), s  # the explanation sums to the score, exactly as printed
    assert sum(i["days"] for i in doc["inspections"]) == doc["used"]


def test_stored_runs_raise_a_municipality_and_explain_why(cli, db_url):
    db = open_database()
    store(db, report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01", fails=(LATE, HETU)))
    store(db, report("Kokkola", fails=(), passes=(LATE, HETU, LANGUAGE), proposal="none"))
    doc = plan_json(cli, "--capacity", "30")
    by_code = {s["municipality"]: s for s in doc["scores"]}
    tampere, kokkola = by_code["837"], by_code["272"]
    assert doc["scores"][0]["municipality"] == "837"
    assert tampere["components"]["failed_severe"] > 0 and tampere["components"]["failed_rate_max"] > 0
    used = {i["id"]: i for i in tampere["indicators"]}
    assert used["failed_severe"]["value"] == 2 and used["failed_severe"]["origin"] == "records"
    assert used["eq.interview_late_rate"]["origin"] == "plugin:equal_access"  # the hook answered
    assert used["months_since_inspection"]["value"] < 1  # the run was made today
    assert kokkola["components"].get("failed_checks") == 0
    assert doc["inspections"][0]["municipality"] == "837" and doc["inspections"][0]["reason"] == "risk"


# -- follow-ups of expired correction orders ----------------------------------------------------------------------


def test_an_expired_order_without_a_follow_up_run_is_planned_first(cli, db_url):
    deadline = TODAY - dt.timedelta(days=40)
    issue_order("091", deadline, number="LSSAVI/7/2025")  # Helsinki: no run at all since
    doc = plan_json(cli, "--capacity", "10")
    first = doc["inspections"][0]
    assert first["municipality"] == "091" and first["reason"] == "follow_up" and first["quarter"] == 1
    assert first["orders"][0]["order"] == "LSSAVI/7/2025" and first["orders"][0]["expired"] is True
    helsinki = next(s for s in doc["scores"] if s["municipality"] == "091")
    assert helsinki["components"]["expired_orders"] > 0


def test_a_follow_up_run_after_the_deadline_closes_the_follow_up(cli):
    deadline = TODAY - dt.timedelta(days=200)
    issue_order("272", deadline)
    after = (deadline + dt.timedelta(days=1)).isoformat(), (deadline + dt.timedelta(days=60)).isoformat()
    store(open_database(), report("Kokkola", period=after, as_of=(deadline + dt.timedelta(days=90)).isoformat()))
    doc = plan_json(cli, "--capacity", "10")
    assert all(i["reason"] != "follow_up" for i in doc["inspections"])


def test_a_run_before_the_deadline_is_no_follow_up(cli):
    deadline = TODAY - dt.timedelta(days=10)
    issue_order("272", deadline)
    store(open_database(), report("Kokkola"))  # looked at 2024: before the deadline
    doc = plan_json(cli, "--capacity", "10")
    assert doc["inspections"][0]["municipality"] == "272" and doc["inspections"][0]["reason"] == "follow_up"


def test_a_capacity_that_cannot_hold_the_follow_ups_is_refused(cli, tmp_path):
    for code in ("091", "272"):
        issue_order(code, TODAY - dt.timedelta(days=30))
    out = tmp_path / "plan.json"
    code, _, err = cli(*BASE, "--capacity", "3", "--output", str(out))
    assert code == 2 and "2 expired correction order(s)" in err and "at least --capacity 4" in err
    assert not out.exists()


# -- determinism -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "html", "csv", "table"])
def test_the_same_seed_gives_byte_identical_output(cli, fmt):
    store(open_database(), report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01"))
    runs = [cli(*BASE, "--capacity", "40", "--format", fmt) for _ in range(2)]
    assert runs[0][0] == 0 and runs[0][1] == runs[1][1]


def test_another_seed_draws_other_random_inspections_and_no_seed_prints_the_one_drawn(cli):
    def random_codes(*args: str) -> tuple[int, list[str]]:
        base = ("plan", "--year", str(YEAR), "--as-of", AS_OF)
        code, out, err = cli(*base, "--capacity", "40", "--format", "json", *args)
        assert code == 0, err
        doc = json.loads(out)
        return doc["seed"], [i["municipality"] for i in doc["inspections"] if i["reason"] == "random"]

    assert random_codes("--seed", "1") != random_codes("--seed", "2")
    seed, drawn = random_codes()
    assert random_codes("--seed", str(seed)) == (seed, drawn)


# -- the real Statistics Finland file -----------------------------------------------------------------------------


@pytest.mark.skipif(not STATFIN.is_file(), reason=f"the shared data file is not at {STATFIN}")
def test_the_statfin_series_is_imported_with_its_mergers_and_aland(cli):
    code, out, err = cli(*BASE, "--capacity", "30", "--format", "json", "--indicators", str(STATFIN))
    assert code == 0, err
    doc = json.loads(out)
    warnings = " ".join(doc["warnings"])
    assert "Honkajoki (099) liitettiin kuntaan Kankaanpää (214)" in warnings
    assert "Pertunmaa (588) liitettiin kuntaan Mäntyharju (507)" in warnings
    assert "Maarianhamina (478)" not in warnings or "ei ole valvottava" in warnings  # Åland: imported, not planned
    assert "16 kunnan luvut jätettiin pois" in warnings
    by_code = {s["municipality"]: {i["id"]: i for i in s["indicators"]} for s in doc["scores"]}
    assert all("jobseekers" in by_code[c] for c in by_code)  # every supervised municipality has a size
    helsinki = by_code["091"]["jobseekers"]
    assert 30000 < helsinki["value"] < 70000 and helsinki["date"] == "2020-10-31" and helsinki["origin"] == "import"
    assert "2019-11…2020-10" in helsinki["source"]
    # Kankaanpää is Honkajoki + Kankaanpää as they were: their 12-month means add up.
    kankaanpaa = by_code["214"]["jobseekers"]["value"]
    alone = _mean_of_last_12(STATFIN, "Kankaanpää") + _mean_of_last_12(STATFIN, "Honkajoki")
    assert kankaanpaa == pytest.approx(alone, abs=0.1)
    assert 0 < by_code["091"]["unemployment_rate"]["value"] < 0.3
    # Size now decides impact: Helsinki weighs more than Luhanka.
    scores = {s["municipality"]: s for s in doc["scores"]}
    assert scores["091"]["impact"] == 1.0 and scores["435"]["impact"] < 0.7


def _mean_of_last_12(path: Path, name: str) -> float:
    import csv

    rows = [r for r in csv.DictReader(path.open(encoding="utf-8")) if r["kunta_nimi"] == name]
    rows.sort(key=lambda r: r["month"])
    values = [float(r["tyottomat_tyonhakijat"]) for r in rows if r["tyottomat_tyonhakijat"]]
    return sum(values[-12:]) / 12


def test_a_generic_file_feeds_standard_and_unknown_indicators(cli, tmp_path):
    f = tmp_path / "stats.csv"
    f.write_text(
        G + "Tampere,plan_debt_rate,0.62,2025-06-30,TEM seuranta\n"
        "Karleby,interview_late_rate,0.25,2025-06,TEM seuranta\n"
        "837,jobseekers,20000,2025-06-30,StatFin\n"
        "Honkajoki,complaints_12m,2,2025-06-30,vanha rekisteri\n"
        "Kankaanpää,complaints_12m,1,2025-06-30,vanha rekisteri\n"
        "Tampere,waiting_days,14,2025,oma seuranta\n",
        encoding="utf-8",
    )
    doc = plan_json(cli, "--capacity", "30", "--indicators", str(f))
    by_code = {s["municipality"]: s for s in doc["scores"]}
    tampere = {i["id"]: i for i in by_code["837"]["indicators"]}
    assert tampere["plan_debt_rate"]["value"] == 0.62 and tampere["plan_debt_rate"]["source"] == "TEM seuranta"
    assert tampere["waiting_days"]["role"] == "unweighted" and by_code["837"]["components"]["waiting_days"] == 0
    assert {i["id"]: i for i in by_code["272"]["indicators"]}["interview_late_rate"]["date"] == "2025-06-30"
    merged = {i["id"]: i for i in by_code["214"]["indicators"]}["complaints_12m"]
    assert merged["value"] == 3  # Honkajoki's count joins Kankaanpää's (a count adds up)
    assert any("Honkajoki (099)" in w for w in doc["warnings"])
    # The weights file can make an unknown indicator count.
    w = tmp_path / "w.toml"
    w.write_text("[likelihood.waiting_days]\nweight = 20\nfull_at = 30\n", encoding="utf-8")
    doc = plan_json(cli, "--capacity", "30", "--indicators", str(f), "--weights", str(w))
    assert {s["municipality"]: s for s in doc["scores"]}["837"]["components"]["waiting_days"] > 0


def test_an_imported_value_supersedes_the_records_and_both_are_shown(cli, tmp_path):
    store(open_database(), report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01"))
    f = tmp_path / "stats.csv"
    f.write_text(G + "Tampere,months_since_inspection,30,2025-10-01,arkisto\n")
    doc = plan_json(cli, "--capacity", "30", "--indicators", str(f))
    tampere = next(s for s in doc["scores"] if s["municipality"] == "837")
    used = {i["id"]: i for i in tampere["indicators"]}["months_since_inspection"]
    assert used["value"] == 30 and used["origin"] == "import"
    assert [s["origin"] for s in tampere["superseded"]] == ["records"]


# -- bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            G + "Tampere,jobseekers,100,2025-01-01,x\nAtlantis,jobseekers,5,2025-01-01,x\n",
            ":3 [municipality]: unknown municipality 'Atlantis'",
        ),
        (G + "Tampere,jobseekers,paljon,2025-01-01,x\n", ":2 [value]: not a number: 'paljon'"),
        (G + "Tampere,plan_debt_rate,1.5,2025-01-01,x\n", ":2 [value]: plan_debt_rate must be 0…1"),
        (G + "Tampere,jobseekers,5,1.1.2025,x\n", ":2 [date]: not a date"),
        (
            G + "Tampere,jobseekers,5,2025-01-01,x\nTampere,jobseekers,6,2025-01-01,y\n",
            ":3: jobseekers of Tampere on 2025-01-01 is also on line 2",
        ),
        ("kunta,arvo\nTampere,5\n", ":1: header 'kunta,arvo' is neither the generic shape"),
        ("", ":1: empty file"),
        (G, ":2: no values"),
        (S + "Akaa,2020-13,5,10,\n", ":2 [month]: not a month YYYY-MM: '2020-13'"),
        (S + "Akaa,2020-01,viisi,10,\nMordor,2020-01,1,2,\n", ":2 [tyottomat_tyonhakijat]: not a count"),
    ],
)
def test_a_bad_indicators_file_is_refused_with_its_line_and_nothing_is_written(cli, tmp_path, content, expected):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "plan.html"
    code, stdout, err = cli(*BASE, "--capacity", "10", "--indicators", str(f), "--format", "html", "--output", str(out))
    assert code == 2, err
    assert f"{f}{expected}" in err, err
    assert "Traceback" not in err and stdout == "" and not out.exists()


def test_every_problem_of_a_file_is_listed_in_one_pass(cli, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(
        S + "Akaa,2020-01,5,10,\nMordor,2020-01,1,2,\nAkaa,2020-02,x,10,\nGondor,2020-01,1,2,\n",
        encoding="utf-8",
    )
    code, _, err = cli(*BASE, "--capacity", "10", "--indicators", str(f))
    assert code == 2 and "3 problem(s)" in err
    assert f"{f}:3 [kunta_nimi]: unknown municipality 'Mordor'" in err and f"{f}:5 [kunta_nimi]" in err


def test_a_file_that_is_not_utf8_or_not_there_is_refused(cli, tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes((G + "Hämeenlinna,jobseekers,5,2025-01-01,x\n").encode("latin-1"))
    code, _, err = cli(*BASE, "--capacity", "10", "--indicators", str(f))
    assert code == 2 and f"{f}:2: not UTF-8 text" in err
    code, _, err = cli(*BASE, "--capacity", "10", "--indicators", str(tmp_path / "missing.csv"))
    assert code == 2 and "file not found" in err


def test_excel_semicolons_and_decimal_commas_are_read(cli, tmp_path):
    f = tmp_path / "excel.csv"
    f.write_bytes(
        "\ufeffmunicipality;indicator;value;date;source\r\nTampere;plan_debt_rate;0,45;2025-06-30;TEM\r\n".encode()
    )
    doc = plan_json(cli, "--capacity", "10", "--indicators", str(f))
    tampere = next(s for s in doc["scores"] if s["municipality"] == "837")
    assert {i["id"]: i["value"] for i in tampere["indicators"]}["plan_debt_rate"] == 0.45


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[likelihood.failed_severe]\nweight = -1\n", "likelihood.failed_severe.weight: must be at least 0"),
        ("[likelihood.x]\nweight = 1\nfull_at = 0\n", "likelihood.x: full_at (0) must be above zero_at (0)"),
        ("[plan]\nrandom_share = 2\n", "plan.random_share: must be from 0 to 1"),
        ("[plan]\ndesk_dayz = 2\n", "plan.desk_dayz: unknown setting"),
        ("[bands]\nlow = 1\n", "bands.low"),
        ("[likelihood\n", "not valid TOML"),
    ],
)
def test_a_bad_weights_file_is_refused_naming_the_key(cli, tmp_path, toml, expected):
    w = tmp_path / "w.toml"
    w.write_text(toml, encoding="utf-8")
    code, _, err = cli(*BASE, "--capacity", "10", "--weights", str(w))
    assert code == 2 and expected in err and str(w) in err, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--capacity", "0"), "--capacity: 0 inspector-days"),
        (("--capacity", "10", "--random-share", "1.5"), "--random-share"),
        (("--capacity", "ten"), "'ten' is not a valid float"),
        (("--capacity", "10", "--as-of", "eilen"), "--as-of: not a date"),
    ],
)
def test_bad_options_exit_2(cli, args, expected):
    code, _, err = cli(*BASE, *args)
    assert code == 2 and expected in err, err


def test_a_year_before_supervision_is_refused(cli):
    code, _, err = cli("plan", "--year", "2019", "--capacity", "10")
    assert code == 2 and "--year" in err


# -- formats -------------------------------------------------------------------------------------------------------


def test_the_html_page_is_self_contained_with_a_chart_and_in_swedish_on_request(cli, tmp_path):
    store(open_database(), report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01"))
    out = tmp_path / "plan.html"
    code, _, err = cli(*BASE, "--capacity", "30", "--format", "html", "--lang", "sv", "--output", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert "<svg" in page and "Riskbaserad tillsynsplan" in page and "Tammerfors" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "failed_severe" in page  # the explanation by component
    assert "körning" in page and "tarkastusajo" not in page  # the tool's own source texts, in Swedish too


def test_the_csv_has_one_row_per_unit_for_finnish_excel(cli):
    code, out, err = cli(*BASE, "--capacity", "30", "--format", "csv")
    assert code == 0, err
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Sija;code;Kunta tai alue;Pisteet;Riskiluokka")
    assert len(lines) == 1 + 292


def test_per_area_plans_the_employment_areas_without_aland(cli):
    doc = plan_json(cli, "--capacity", "30", "--per", "area")
    codes = {s["municipality"] for s in doc["scores"]}
    assert len(codes) == 45 and all(c.startswith("TA") for c in codes) and "TA46" not in codes


def test_indicators_shows_the_sources_of_a_municipality(cli):
    store(open_database(), report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-08-01"))
    code, out, err = cli("indicators", "Tampere", "--year", str(YEAR), "--format", "json")
    assert code == 0, err
    (unit,) = json.loads(out)["units"]
    ids = {i["id"]: i for i in unit["indicators"]}
    assert unit["code"] == "837" and {"failed_severe", "months_since_inspection", "eq.interview_late_rate"} <= set(ids)
    assert all(i["source"] for i in unit["indicators"])


def test_identity_codes_in_an_imported_file_never_reach_an_output(cli, tmp_path):
    f = tmp_path / "stats.csv"
    f.write_text(G + "Tampere,jobseekers,100,2025-01-01,lista 131052-308T\n", encoding="utf-8")
    for fmt in ("json", "html", "csv", "table"):
        code, out, err = cli(*BASE, "--capacity", "400", "--indicators", str(f), "--format", fmt)
        assert code == 0, err
        assert "131052-308T" not in out and "131052-308T" not in err
    assert "******-***T" in cli(*BASE, "--capacity", "10", "--indicators", str(f), "--format", "json")[1]
