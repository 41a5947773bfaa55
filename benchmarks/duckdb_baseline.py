"""A plain DuckDB SQL baseline: three checks over the same CSV files the audit reads.

Not part of the product: it tells how far the tool is from what a column store does with the same data.
EQ-INTERVIEW-LATE (nordic-2022: first interview by the 5th working day), EQ-PLAN-DEBT (no plan newer than as_of - 3
months) and PRIV-ACCESS-NO-RELATIONSHIP (no coach link and no event within 90 days). Simplifications, stated: the
access day is the date written in the timestamp (no time-zone conversion), the rule set is nordic-2022 throughout.

    python benchmarks/duckdb_baseline.py BUNDLE_DIR
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import tomllib
from pathlib import Path


def working_days(start: dt.date, end: dt.date) -> list[tuple[dt.date, bool]]:
    from avi_valvonta.law.calendar import CALENDAR  # the same calendar the tool uses

    out = []
    d = start
    while d <= end:
        out.append((d, CALENDAR.is_working_day(d)))
        d += dt.timedelta(days=1)
    return out


def run(bundle: Path) -> dict[str, object]:
    import duckdb

    meta = tomllib.loads((bundle / "bundle.toml").read_text(encoding="utf-8"))
    ps, pe, as_of = meta["period_start"], meta["period_end"], meta["as_of"]
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    cal = working_days(dt.date(2019, 1, 1), dt.date(2027, 12, 31))
    con.execute("CREATE TABLE cal (d DATE, working BOOLEAN)")
    con.executemany("INSERT INTO cal VALUES (?, ?)", cal)
    con.execute(
        """CREATE TABLE wd AS SELECT d, working,
                  SUM(CASE WHEN working THEN 1 ELSE 0 END) OVER (ORDER BY d) AS idx FROM cal"""
    )
    con.execute(
        f"CREATE VIEW clients AS SELECT * FROM read_csv('{bundle / 'clients.csv'}', header=true, all_varchar=true)"
    )
    con.execute(
        f"""CREATE TABLE events AS SELECT client_id, CAST(date AS DATE) AS date, type, staff_id
            FROM read_csv('{bundle / "events.csv"}', header=true, all_varchar=true)"""
    )
    con.execute(
        f"""CREATE TABLE access AS SELECT staff_id, client_id, CAST(substr(timestamp, 1, 10) AS DATE) AS day
            FROM read_csv('{bundle / "access_log.csv"}', header=true, all_varchar=true)"""
    )
    interview = con.execute(
        f"""
        WITH c AS (
            SELECT client_id, CAST(job_search_start AS DATE) AS s, TRY_CAST(job_search_end AS DATE) AS e
            FROM clients WHERE coalesce(responsible, '') <> 'te_office'
              AND CAST(job_search_start AS DATE) BETWEEN DATE '{ps}' AND DATE '{pe}'),
        dl AS (
            SELECT c.client_id, c.s, c.e,
                   (SELECT min(w2.d) FROM wd w2 WHERE w2.working AND w2.idx = w1.idx + 5) AS deadline
            FROM c JOIN wd w1 ON w1.d = c.s),
        pop AS (SELECT * FROM dl WHERE deadline <= DATE '{as_of}' AND (e IS NULL OR e > deadline)),
        fi AS (
            SELECT p.client_id, min(ev.date) AS first
            FROM pop p LEFT JOIN events ev ON ev.client_id = p.client_id
             AND ev.type IN ('initial_interview', 'supplementary_discussion')
             AND ev.date >= p.s AND ev.date <= DATE '{as_of}'
            GROUP BY p.client_id)
        SELECT count(*) AS population,
               count(*) FILTER (WHERE fi.first IS NULL OR fi.first > pop.deadline) AS affected
        FROM pop JOIN fi USING (client_id)"""
    ).fetchone()
    plan = con.execute(
        f"""
        WITH pop AS (
            SELECT client_id FROM clients
            WHERE coalesce(responsible, '') <> 'te_office' AND status IN ('unemployed', 'at_risk')
              AND CAST(job_search_start AS DATE) <= DATE '{as_of}' - INTERVAL 1 MONTH
              AND (job_search_end IS NULL OR CAST(job_search_end AS DATE) > DATE '{as_of}')),
        newest AS (
            SELECT client_id, max(date) AS d FROM events
            WHERE type IN ('employment_plan', 'plan_review', 'integration_plan', 'activation_plan')
              AND date <= DATE '{as_of}'
            GROUP BY client_id)
        SELECT count(*), count(*) FILTER (WHERE n.d IS NULL OR n.d < DATE '{as_of}' - INTERVAL 3 MONTH)
        FROM pop LEFT JOIN newest n USING (client_id)"""
    ).fetchone()
    access = con.execute(
        f"""
        WITH a AS (
            SELECT a.*, c.coach_id FROM access a JOIN clients c USING (client_id)
            WHERE a.day BETWEEN DATE '{ps}' AND DATE '{pe}'),
        pairs AS (SELECT DISTINCT client_id, staff_id, date FROM events)
        SELECT count(*),
               count(*) FILTER (WHERE coalesce(a.coach_id, '') <> a.staff_id AND NOT EXISTS (
                   SELECT 1 FROM pairs p WHERE p.client_id = a.client_id AND p.staff_id = a.staff_id
                     AND p.date BETWEEN a.day - 90 AND a.day + 90))
        FROM a"""
    ).fetchone()
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "EQ-INTERVIEW-LATE": {"population": interview[0], "affected": interview[1]},
        "EQ-PLAN-DEBT": {"population": plan[0], "affected": plan[1]},
        "PRIV-ACCESS-NO-RELATIONSHIP": {"population": access[0], "affected": access[1]},
    }


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1])), indent=2))
