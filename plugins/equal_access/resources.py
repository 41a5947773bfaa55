"""EQ-CASELOAD and EQ-SERVICE-POINTS: are the resources adequate for equal access?

EQ-CASELOAD: active municipality clients per personal coach on as_of against a configurable limit (the seeds: one
OMA-valmentaja for 130 clients in Pirkanmaa). EQ-SERVICE-POINTS: the municipality has a physically accessible
service point (yhdenvertaisuuslaki 1325/2014 5 §, 15 §).
"""

from __future__ import annotations

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Evidence,
    Result,
    Severity,
    Tally,
    Text,
    no_data,
)

CASELOAD = CheckMeta(
    id="EQ-CASELOAD",
    area="equal_access",
    title=Text(
        "Valmentajalla on liikaa aktiivisia asiakkaita",
        "En coach har för många aktiva klienter",
    ),
    legal_basis=("PL 731/1999 18 § 2 mom", "380/2023 12 §", "380/2023 13 §"),
    severity=Severity.LOW,  # medium above 1.5 x the limit
    unit="coaches",
    options={"limit": 130, "medium_factor": 1.5},
    description=Text(
        "Henkilöstöluettelon valmentajat: aktiivisia kunnan asiakkaita (coach_id) tilannepäivänä enemmän kuin raja.",
        "Coacherna i personalförteckningen: fler aktiva kommunklienter (coach_id) på lägesdagen än gränsen.",
    ),
)

SERVICE_POINTS = CheckMeta(
    id="EQ-SERVICE-POINTS",
    area="equal_access",
    title=Text(
        "Kunnassa ei ole esteetöntä palvelupistettä",
        "Kommunen har inget tillgängligt serviceställe",
    ),
    legal_basis=("yhdenvertaisuuslaki 1325/2014 5 §", "yhdenvertaisuuslaki 1325/2014 15 §", "380/2023 13 §"),
    severity=Severity.MEDIUM,
    unit="municipality",
    description=Text(
        "Tarkastettava kunta (1), kun palvelupisteluettelo on annettu: ei palvelupistettä tai ei yhtään fyysisesti "
        "esteetöntä.",
        "Den granskade kommunen (1), när förteckningen över serviceställen finns: inget serviceställe eller inget "
        "som är fysiskt tillgängligt.",
    ),
)


def run_caseload(ctx: AuditContext) -> Result:
    if not ctx.has_file("staff.csv"):
        raise no_data("staff.csv")
    limit = int(ctx.option(CASELOAD, "limit"))
    medium_above = float(ctx.option(CASELOAD, "medium_factor")) * limit
    day = ctx.as_of.toordinal()
    # Active on as_of (checks.md): start <= as_of and (no end or end > as_of); municipality clients only.
    counts = dict(
        ctx.query(
            "SELECT coach_id, COUNT(DISTINCT client_id) FROM clients "
            "WHERE coach_id IS NOT NULL AND job_search_start <= ? AND (job_search_end IS NULL OR job_search_end > ?) "
            "AND (responsible IS NULL OR responsible != 'te_office') GROUP BY coach_id",
            (day, day),
        )
    )
    tally = Tally(CASELOAD)
    medium = False
    loads = {}
    for member in ctx.staff():
        if member.role != "coach":
            continue
        tally.checked()
        n = int(counts.get(member.staff_id, 0))
        loads[member.staff_id] = n
        if n <= limit:
            continue
        medium = medium or n > medium_above
        tally.fail(
            member.staff_id,
            Evidence(
                Text(
                    f"valmentajalla {member.staff_id} on {n} aktiivista asiakasta (raja {limit})",
                    f"coachen {member.staff_id} har {n} aktiva klienter (gräns {limit})",
                ),
                staff_id=member.staff_id,
                line=member.line,
                data={"active_clients": n, "limit": limit},
            ),
        )
    data = {"limit": limit, "active_clients": loads}
    return tally.result(severity=Severity.MEDIUM if medium else None, data=data)


def run_service_points(ctx: AuditContext) -> Result:
    if not ctx.has_file("service_points.csv"):
        raise no_data("service_points.csv")
    tally = Tally(SERVICE_POINTS)
    tally.checked()
    unit = ctx.unit
    # A point without a municipality is taken to be the delivering municipality's own.
    own = [p for p in ctx.service_points() if p.municipality is None or p.municipality in unit.member_codes]
    accessible = [p for p in own if p.accessible]
    unknown = [p for p in own if p.accessible is None]
    key = unit.code
    data = {"points": len(own), "accessible": len(accessible), "unknown": len(unknown)}
    if not own:
        tally.fail(
            key,
            Evidence(
                Text(
                    f"kunnalla {unit.name_fi} ei ole yhtään palvelupistettä (service_points.csv)",
                    f"kommunen {unit.name_sv} har inget serviceställe (service_points.csv)",
                ),
                file="service_points.csv",
                data=data,
            ),
        )
    elif not accessible and not unknown:
        tally.fail(
            key,
            Evidence(
                Text(
                    f"yksikään kunnan {len(own)} palvelupisteestä ei ole fyysisesti esteetön",
                    f"inget av kommunens {len(own)} serviceställen är fysiskt tillgängligt",
                ),
                file="service_points.csv",
                data={**data, "point_ids": [p.point_id for p in own]},
            ),
        )
    elif not accessible:
        tally.manual(
            key,
            Evidence(
                Text(
                    f"esteettömyys on ilmoittamatta {len(unknown)} palvelupisteestä, eikä yksikään ole ilmoitettu "
                    "esteettömäksi",
                    f"tillgängligheten är inte angiven för {len(unknown)} serviceställen, och inget är angivet som "
                    "tillgängligt",
                ),
                file="service_points.csv",
                data={**data, "point_ids": [p.point_id for p in unknown]},
            ),
        )
    return tally.result(data=data)
