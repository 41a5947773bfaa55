"""LANG-SWEDISH-CAPACITY: can a bilingual municipality serve in Swedish on its own initiative?

checks.md: on as_of, no active staff member with role coach or advisor serves in ``sv`` (staff.csv), or no service
point serves in ``sv`` (service_points.csv); the evidence says which. Population: the municipality (1). A missing
file makes its half ``not_applicable`` (said in the result's message and data); both missing: no data. Binds
bilingual municipalities in both regimes (kielilaki 23 §; law data ``bilingual_service_capacity``).
"""

from __future__ import annotations

from valvonta_language_rights.common import norm_lang, provision_reason

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Evidence,
    NotApplicable,
    Result,
    Severity,
    Tally,
    Text,
    fdate,
    no_data,
)

META = CheckMeta(
    id="LANG-SWEDISH-CAPACITY",
    area="language_rights",
    title=Text(
        "Kaksikielisellä kunnalla ei ollut ruotsinkielistä palvelukykyä",
        "Den tvåspråkiga kommunen saknade förmåga att betjäna på svenska",
    ),
    legal_basis=("kielilaki 423/2003 23 §", "kielilaki 423/2003 24 §"),
    severity=Severity.MEDIUM,
    unit="municipality",
    description=Text(
        "Tarkastuspäivänä ei yhtään ruotsiksi palvelevaa aktiivista valmentajaa tai neuvojaa, tai ei yhtään "
        "ruotsiksi palvelevaa palvelupistettä.",
        "På granskningsdagen ingen aktiv coach eller rådgivare som betjänar på svenska, eller inget serviceställe "
        "som betjänar på svenska.",
    ),
    options={"roles": ["coach", "advisor"]},
)
PROVISION = "bilingual_service_capacity"
STAFF, POINTS = "staff.csv", "service_points.csv"


def _half_missing(file: str) -> Text:
    what = Text("henkilöstön", "personalens") if file == STAFF else Text("palvelupisteiden", "serviceställenas")
    return Text(
        f"{what.fi} osa ei sovellu: {file} puuttuu",
        f"{what.sv} del tillämpas inte: {file} saknas",
    )


def run(ctx: AuditContext) -> Result:
    as_of = ctx.as_of
    period = ctx.law.provision_on(PROVISION, as_of, ctx.unit)
    if period is None:
        raise NotApplicable(provision_reason(ctx, PROVISION, as_of, as_of))
    has_staff, has_points = ctx.has_file(STAFF), ctx.has_file(POINTS)
    if not has_staff and not has_points:
        raise no_data(f"{STAFF}, {POINTS}")
    key = ctx.unit.code
    tally = Tally(META)
    tally.checked()
    halves: dict[str, dict[str, object]] = {}
    notes: list[Text] = []

    if has_staff:
        roles = set(ctx.option(META, "roles"))
        active = [s for s in ctx.staff() if s.role in roles and s.is_active_on(as_of)]
        swedish = [s.staff_id for s in active if "sv" in {norm_lang(x) for x in s.languages}]
        halves["staff"] = {"outcome": "pass" if swedish else "fail", "active": len(active), "serving_sv": swedish}
        if not swedish:
            tally.fail(
                key,
                Evidence(
                    Text(
                        f"{fdate(as_of)}: yksikään {len(active)} aktiivisesta valmentajasta tai neuvojasta ei "
                        "palvele ruotsiksi (staff.csv)",
                        f"{fdate(as_of)}: ingen av de {len(active)} aktiva coacherna eller rådgivarna betjänar "
                        "på svenska (staff.csv)",
                    ),
                    file=STAFF,
                    data={"half": "staff", "as_of": as_of.isoformat(), "active": len(active), "roles": sorted(roles)},
                ),
            )
    else:
        halves["staff"] = {"outcome": "not_applicable", "reason": _half_missing(STAFF).to_dict()}
        notes.append(_half_missing(STAFF))

    if has_points:
        points = ctx.service_points()
        swedish_points = [
            p.point_id or p.name or f"line {p.line}" for p in points if "sv" in {norm_lang(x) for x in p.languages}
        ]
        halves["service_points"] = {
            "outcome": "pass" if swedish_points else "fail",
            "points": len(points),
            "serving_sv": swedish_points,
        }
        if not swedish_points:
            tally.fail(
                key,
                Evidence(
                    Text(
                        f"yksikään {len(points)} palvelupisteestä ei palvele ruotsiksi (service_points.csv)",
                        f"inget av de {len(points)} serviceställena betjänar på svenska (service_points.csv)",
                    ),
                    file=POINTS,
                    data={"half": "service_points", "points": len(points)},
                ),
            )
    else:
        halves["service_points"] = {"outcome": "not_applicable", "reason": _half_missing(POINTS).to_dict()}
        notes.append(_half_missing(POINTS))

    message = None
    if notes:
        failed = tally.affected > 0
        head = (
            Text("1/1 kunta: ", "1/1 kommun: ") + META.title
            if failed
            else Text("1 kunta tarkastettu, ei havaintoja", "1 kommun granskad, inga iakttagelser")
        )
        message = Text(head.fi + "; " + "; ".join(n.fi for n in notes), head.sv + "; " + "; ".join(n.sv for n in notes))
    result = tally.result(message=message, data={"as_of": as_of.isoformat(), **halves})
    result.legal_basis = period.basis
    return result
