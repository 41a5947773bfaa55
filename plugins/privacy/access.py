"""Access to client records (checks.md "privacy"): who read whose data, when, and how much.

- PRIV-ACCESS-NO-RELATIONSHIP: an access by a staff member who is not the client's coach and has no event with the
  client within 90 days before or after (inclusive). Accesses to clients not in clients.csv are skipped and counted
  in a warning.
- PRIV-ACCESS-INACTIVE: an access outside the staff member's active_from..active_to (inclusive), by staff without
  system_access (empty = false), or by a staff_id not in staff.csv.
- PRIV-ACCESS-BULK: a staff member who accessed more than 100 distinct clients in one day, or made more than 100
  ``export`` accesses in one day (both thresholds are options).
- PRIV-ACCESS-RIGHTS: staff with system_access whose role is administration, it or other: ``manual`` (a person
  reviews the need), never ``fail``.

"A day" is the Helsinki calendar day of the access (the loader stores it as ``access_log.day``; a timestamp without
an offset is Helsinki time), and "in the period" is judged by that day. Why SQL over the working store and not a
Python pass: a national bundle has ~2M access-log rows and ~8M events; SQLite answers "did this staff member meet
this client within 90 days?" from an index (events: client_idx, staff_id, date) without loading anything, and the
rows are read through a cursor, so memory stays bounded by the findings kept as evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from valvonta_privacy.common import action_text

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Evidence,
    Result,
    Severity,
    Tally,
    Text,
    fdate,
    no_data,
)

# What the tool keeps as evidence per result (the report shows 20); the counts cover every row.
_EVIDENCE = 200

_ACCESS_BASIS = (
    "tietosuoja-asetus (EU) 2016/679 5 art 1 f",
    "tietosuoja-asetus (EU) 2016/679 32 art",
    "julkisuuslaki 621/1999 22 §",
    "julkisuuslaki 621/1999 23 §",
)

NO_RELATIONSHIP = CheckMeta(
    id="PRIV-ACCESS-NO-RELATIONSHIP",
    area="privacy",
    title=Text(
        "Asiakastietoja käytettiin ilman asiakassuhdetta",
        "Klientuppgifter användes utan klientrelation",
    ),
    legal_basis=_ACCESS_BASIS,
    severity=Severity.MEDIUM,
    unit="accesses",
    options={"relationship_days": 90, "high_if_staff_over": 10},
    description=Text(
        "Käyttökerta, jossa käyttäjä ei ole asiakkaan valmentaja (coach_id) eikä hänellä ole asiakkaan kanssa "
        "tapahtumaa 90 päivän sisällä ennen tai jälkeen. Vakava, jos yhdellä käyttäjällä on yli 10 tällaista.",
        "En användning där användaren inte är klientens coach (coach_id) och inte har någon händelse med klienten "
        "inom 90 dagar före eller efter. Allvarlig om en användare har fler än 10 sådana.",
    ),
)

INACTIVE = CheckMeta(
    id="PRIV-ACCESS-INACTIVE",
    area="privacy",
    title=Text(
        "Asiakastietoja käytti henkilö, jolla ei ollut voimassa olevaa käyttöoikeutta",
        "Klientuppgifter användes av en person utan gällande användarrätt",
    ),
    legal_basis=_ACCESS_BASIS,
    severity=Severity.HIGH,
    unit="accesses",
    description=Text(
        "Käyttökerta palvelussuhteen (active_from–active_to) ulkopuolella, henkilöltä ilman käyttöoikeutta "
        "(system_access) tai staff_id, jota ei ole tiedostossa staff.csv.",
        "En användning utanför anställningen (active_from–active_to), av en person utan användarrätt "
        "(system_access) eller av ett staff_id som saknas i staff.csv.",
    ),
)

BULK = CheckMeta(
    id="PRIV-ACCESS-BULK",
    area="privacy",
    title=Text(
        "Asiakastietoja käytettiin joukoittain yhden päivän aikana",
        "Klientuppgifter användes i stor mängd under en dag",
    ),
    legal_basis=_ACCESS_BASIS,
    severity=Severity.MEDIUM,
    unit="staff",
    options={"max_clients_per_day": 100, "max_exports_per_day": 100},
    description=Text(
        "Henkilö, joka käytti yli 100 eri asiakkaan tietoja samana päivänä tai teki yli 100 vientiä (export) "
        "samana päivänä (Helsingin aikaa).",
        "En person som använde uppgifter om fler än 100 olika klienter samma dag eller gjorde fler än 100 "
        "exporter samma dag (Helsingfors tid).",
    ),
)

RIGHTS = CheckMeta(
    id="PRIV-ACCESS-RIGHTS",
    area="privacy",
    title=Text(
        "Hallinto-, IT- tai muun henkilöstön käyttöoikeuden tarve on arvioitava",
        "Behovet av användarrätt för administrativ personal, IT-personal eller annan personal ska bedömas",
    ),
    legal_basis=("tietosuoja-asetus (EU) 2016/679 25 art 2 kohta", "tietosuoja-asetus (EU) 2016/679 32 art"),
    severity=Severity.LOW,  # never a fail (checks.md: —): only ``manual``
    unit="staff",
    options={"review_roles": ["administration", "it", "other"]},
    description=Text(
        "Henkilöt, joilla on asiakastietojärjestelmän käyttöoikeus ja rooli administration, it tai other: "
        "ihmisen on arvioitava oikeuden tarve.",
        "Personer med användarrätt till klientdatasystemet och rollen administration, it eller other: en person "
        "ska bedöma behovet av rätten.",
    ),
)

ROLE_NAMES = {
    "administration": Text("hallinto", "administration"),
    "it": Text("tietohallinto (IT)", "IT"),
    "other": Text("muu", "annan"),
}


def _period(ctx: AuditContext) -> tuple[int, int]:
    return ctx.period_start.toordinal(), ctx.period_end.toordinal()


def _day_column(ctx: AuditContext, start: int, end: int) -> str:
    """``day``, or ``+day`` when the period holds most of the log.

    Why: with ``+day`` SQLite reads the table sequentially instead of through the day index (one random page read per
    row). Measured on 2M accesses and 8M events: 7 s instead of 17-25 s for PRIV-ACCESS-NO-RELATIONSHIP
    (benchmarks/notes/privacy.md). The index pays only when the period is a small part of a long log.
    """
    total = _count(ctx, "SELECT COUNT(*) FROM access_log", ())
    in_period = _count(ctx, "SELECT COUNT(*) FROM access_log WHERE day BETWEEN ? AND ?", (start, end))
    return "+day" if in_period * 4 >= total else "day"


def _need(ctx: AuditContext, *files: str) -> None:
    for f in files:
        if not ctx.has_file(f):
            raise no_data(f)


def _count(ctx: AuditContext, sql: str, params: tuple[Any, ...]) -> int:
    for row in ctx.query(sql, params):
        return int(row[0] or 0)
    return 0


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def _access_line(line: int, timestamp: str, day: dt.date, staff: str, client: str, action: str) -> Text:
    act = action_text(action)
    return Text(
        f"{staff}: {act.fi} {client} {fdate(day)} ({timestamp}, access_log.csv rivi {line})",
        f"{staff}: {act.sv} {client} {fdate(day)} ({timestamp}, access_log.csv rad {line})",
    )


# -- PRIV-ACCESS-NO-RELATIONSHIP -------------------------------------------------------------------------------


def _nearest_event(ctx: AuditContext, client_idx: int, staff_id: str, day: int) -> tuple[str, int] | None:
    """The staff member's event with the client nearest to ``day`` (for the evidence text), or None."""
    rows = ctx.query(
        "SELECT event_id, date FROM events WHERE client_idx = ? AND staff_id = ? ORDER BY ABS(date - ?), date LIMIT 1",
        (client_idx, staff_id, day),
    )
    for event_id, date in rows:
        return str(event_id), int(date)
    return None


def no_relationship(ctx: AuditContext) -> Result:
    _need(ctx, "access_log.csv")
    days = int(ctx.option(NO_RELATIONSHIP, "relationship_days"))
    over = int(ctx.option(NO_RELATIONSHIP, "high_if_staff_over"))
    start, end = _period(ctx)
    ctx.ensure_index("events", ("client_idx", "staff_id", "date"))
    day = _day_column(ctx, start, end)
    known, unknown = 0, 0
    for row in ctx.query(
        f"SELECT COUNT(client_idx), COUNT(*) - COUNT(client_idx) FROM access_log WHERE {day} BETWEEN ? AND ?",
        (start, end),
    ):
        known, unknown = int(row[0] or 0), int(row[1] or 0)
    if unknown:
        ctx.warn(
            Text(
                f"PRIV-ACCESS-NO-RELATIONSHIP: {unknown} tarkastusjakson käyttölokiriviä koskee asiakkaita, joita ei "
                "ole tiedostossa clients.csv; ne ohitettiin (muut käyttölokitarkastukset laskevat ne mukaan)",
                f"PRIV-ACCESS-NO-RELATIONSHIP: {unknown} loggrader under granskningsperioden gäller klienter som "
                "saknas i clients.csv; de hoppades över (de andra logggranskningarna räknar med dem)",
            )
        )
    tally = Tally(NO_RELATIONSHIP)
    tally.checked(known)
    per_staff: dict[str, int] = {}
    rows: Iterator[tuple[Any, ...]] = ctx.query(
        f"""
        SELECT a.line, a.timestamp, a.day, a.staff_id, a.client_id, a.action, a.client_idx, c.coach_id
        FROM access_log AS a JOIN clients AS c ON c.idx = a.client_idx
        WHERE {day.replace("day", "a.day")} BETWEEN ? AND ?
          AND (c.coach_id IS NULL OR c.coach_id <> a.staff_id)
          AND NOT EXISTS (
              SELECT 1 FROM events AS e
              WHERE e.client_idx = a.client_idx AND e.staff_id = a.staff_id
                AND e.date BETWEEN a.day - ? AND a.day + ?)
        ORDER BY a.line
        """,
        (start, end, days, days),
    )
    pending: list[tuple[Any, ...]] = []
    for line, ts, day, staff, client, action, client_idx, coach in rows:
        per_staff[staff] = per_staff.get(staff, 0) + 1
        if len(pending) < _EVIDENCE:
            pending.append((line, ts, day, staff, client, action, client_idx, coach))
        tally.fail(str(line))
    # Evidence after the scan (the nearest event is one indexed query per kept item, not per row).
    for line, ts, day, staff, client, action, client_idx, coach in pending:
        nearest = _nearest_event(ctx, client_idx, staff, day)
        if nearest is None:
            why = Text(
                "ei valmentaja eikä yhtään tapahtumaa asiakkaan kanssa", "inte coach och ingen händelse med klienten"
            )
            facts: dict[str, Any] = {"nearest_event": None}
        else:
            gap = abs(nearest[1] - day)
            why = Text(
                f"ei valmentaja; lähin tapahtuma asiakkaan kanssa {nearest[0]} {fdate(_day(nearest[1]))}, "
                f"{gap} päivän päässä (raja {days})",
                f"inte coach; närmaste händelse med klienten {nearest[0]} {fdate(_day(nearest[1]))}, "
                f"{gap} dagar bort (gräns {days})",
            )
            facts = {"nearest_event": nearest[0], "nearest_event_date": _day(nearest[1]).isoformat(), "days": gap}
        tally.fail_evidence.append(
            Evidence(
                _access_line(line, ts, _day(day), staff, client, action) + Text(f": {why.fi}", f": {why.sv}"),
                client_id=client,
                staff_id=staff,
                file="access_log.csv",
                line=line,
                data={
                    "kind": "no_relationship",
                    "timestamp": ts,
                    "day": _day(day).isoformat(),
                    "action": action,
                    "coach_id": coach,
                    "limit_days": days,
                    **facts,
                },
            )
        )
    worst = max(per_staff.values(), default=0)
    severity = Severity.HIGH if worst > over else Severity.MEDIUM
    data: dict[str, Any] = {"per_staff": dict(sorted(per_staff.items())), "skipped_unknown_clients": unknown}
    return tally.result(severity=severity, data=data)


# -- PRIV-ACCESS-INACTIVE --------------------------------------------------------------------------------------


def inactive(ctx: AuditContext) -> Result:
    _need(ctx, "access_log.csv", "staff.csv")
    start, end = _period(ctx)
    ctx.ensure_index("staff", ("staff_id",))
    tally = Tally(INACTIVE)
    day = _day_column(ctx, start, end)
    tally.checked(_count(ctx, "SELECT COUNT(*) FROM access_log WHERE day BETWEEN ? AND ?", (start, end)))
    reasons: dict[str, int] = {}
    rows = ctx.query(
        f"""
        SELECT a.line, a.timestamp, a.day, a.staff_id, a.client_id, a.action,
               s.staff_id IS NOT NULL, s.system_access, s.active_from, s.active_to
        FROM access_log AS a LEFT JOIN staff AS s ON s.staff_id = a.staff_id
        WHERE {day.replace("day", "a.day")} BETWEEN ? AND ?
          AND (s.staff_id IS NULL OR s.system_access IS NULL OR s.system_access = 0
               OR a.day < s.active_from OR a.day > s.active_to)
        ORDER BY a.line
        """,
        (start, end),
    )
    for line, ts, day, staff, client, action, listed, access, active_from, active_to in rows:
        if not listed:
            kind = "not_in_staff"
            why = Text("käyttäjätunnusta ei ole tiedostossa staff.csv", "användar-id saknas i staff.csv")
        elif not access:
            kind = "no_system_access"
            why = Text(
                "henkilöllä ei ole käyttöoikeutta (system_access false tai tyhjä)",
                "personen har ingen användarrätt (system_access false eller tom)",
            )
        elif active_from is not None and day < active_from:
            kind = "before_active_from"
            why = Text(
                f"ennen palvelussuhteen alkua {fdate(_day(active_from))}",
                f"före anställningens början {fdate(_day(active_from))}",
            )
        else:
            kind = "after_active_to"
            why = Text(
                f"palvelussuhteen päättymisen {fdate(_day(active_to))} jälkeen",
                f"efter att anställningen upphörde {fdate(_day(active_to))}",
            )
        reasons[kind] = reasons.get(kind, 0) + 1
        evidence = None
        if len(tally.fail_evidence) < _EVIDENCE:
            evidence = Evidence(
                _access_line(line, ts, _day(day), staff, client, action) + Text(f": {why.fi}", f": {why.sv}"),
                client_id=client,
                staff_id=staff,
                file="access_log.csv",
                line=line,
                data={
                    "kind": kind,
                    "timestamp": ts,
                    "day": _day(day).isoformat(),
                    "action": action,
                    "active_from": _day(active_from).isoformat() if active_from is not None else None,
                    "active_to": _day(active_to).isoformat() if active_to is not None else None,
                },
            )
        tally.fail(str(line), evidence)
    return tally.result(data={"reasons": dict(sorted(reasons.items()))} if reasons else None)


# -- PRIV-ACCESS-BULK ------------------------------------------------------------------------------------------


def _bulk_days(ctx: AuditContext, start: int, end: int) -> Iterator[tuple[int, dict[str, set[str]], dict[str, int]]]:
    """One Helsinki day at a time: (day, distinct clients per staff member, exports per staff member).

    Read in day order through the loader's index on ``access_log.day``, so memory holds one day's accesses, never
    the whole log (a log is written in time order, so this is close to a sequential read of the table).
    """
    current: int | None = None
    clients: dict[str, set[str]] = {}
    exports: dict[str, int] = {}
    rows = ctx.query(
        "SELECT day, staff_id, client_id, action FROM access_log WHERE day BETWEEN ? AND ? ORDER BY day",
        (start, end),
    )
    for day, staff, client, action in rows:
        if day != current:
            if current is not None:
                yield current, clients, exports
            current, clients, exports = day, {}, {}
        seen = clients.get(staff)
        if seen is None:
            seen = clients[staff] = set()
        seen.add(client)
        if action == "export":
            exports[staff] = exports.get(staff, 0) + 1
    if current is not None:
        yield current, clients, exports


def bulk(ctx: AuditContext) -> Result:
    _need(ctx, "access_log.csv")
    max_clients = int(ctx.option(BULK, "max_clients_per_day"))
    max_exports = int(ctx.option(BULK, "max_exports_per_day"))
    start, end = _period(ctx)
    tally = Tally(BULK)
    staff_seen: set[str] = set()
    for day, clients, exports in _bulk_days(ctx, start, end):
        staff_seen.update(clients)
        for staff in sorted(clients):
            n_clients, n_exports = len(clients[staff]), exports.get(staff, 0)
            if n_clients <= max_clients and n_exports <= max_exports:
                continue
            parts_fi, parts_sv = [], []
            if n_clients > max_clients:
                parts_fi.append(f"{n_clients} eri asiakasta (raja {max_clients})")
                parts_sv.append(f"{n_clients} olika klienter (gräns {max_clients})")
            if n_exports > max_exports:
                parts_fi.append(f"{n_exports} vientiä (raja {max_exports})")
                parts_sv.append(f"{n_exports} exporter (gräns {max_exports})")
            evidence = None
            if len(tally.fail_evidence) < _EVIDENCE:
                evidence = Evidence(
                    Text(
                        f"{staff} {fdate(_day(day))}: {' ja '.join(parts_fi)}",
                        f"{staff} {fdate(_day(day))}: {' och '.join(parts_sv)}",
                    ),
                    staff_id=staff,
                    file="access_log.csv",
                    data={
                        "kind": "bulk",
                        "day": _day(day).isoformat(),
                        "distinct_clients": n_clients,
                        "exports": n_exports,
                        "max_clients_per_day": max_clients,
                        "max_exports_per_day": max_exports,
                    },
                )
            tally.fail(staff, evidence)
    tally.checked(len(staff_seen))
    return tally.result()


# -- PRIV-ACCESS-RIGHTS ----------------------------------------------------------------------------------------


def rights(ctx: AuditContext) -> Result:
    _need(ctx, "staff.csv")
    roles = set(ctx.option(RIGHTS, "review_roles"))
    tally = Tally(RIGHTS)
    for member in ctx.staff():
        if not member.system_access:
            continue
        tally.checked()
        if member.role not in roles:
            continue
        name = ROLE_NAMES.get(member.role, Text(member.role, member.role))
        tally.manual(
            member.staff_id,
            Evidence(
                Text(
                    f"{member.staff_id} (rooli {name.fi}) on asiakastietojärjestelmän käyttäjä: arvioi, tarvitseeko "
                    "hän pääsyn asiakastietoihin",
                    f"{member.staff_id} (roll {name.sv}) använder klientdatasystemet: bedöm om personen behöver "
                    "tillgång till klientuppgifter",
                ),
                staff_id=member.staff_id,
                file="staff.csv",
                line=member.line,
                data={"kind": "review_role", "role": member.role},
            ),
        )
    return tally.result()


CHECKS = [
    (NO_RELATIONSHIP, no_relationship),
    (INACTIVE, inactive),
    (BULK, bulk),
    (RIGHTS, rights),
]
