"""EQ-DISPARITY: were some groups served worse? Fisher's exact test with Holm's correction (checks.md).

For each of EQ-INTERVIEW-LATE and EQ-PLAN-DEBT whose own outcome was pass or fail, the violation rates of two groups
are compared (service language fi vs sv; foreign-language vs others; under 30 vs 30+; women vs men), only when both
groups have at least 20 clients. A comparison fails when the rates differ by at least 10 percentage points AND the
two-sided Fisher p (``scipy.stats.fisher_exact``) adjusted by Holm over all comparisons made is below 0.01.
"""

from __future__ import annotations

from typing import Any

from valvonta_equal_access.common import COMPARISONS, GROUP_LABELS, GroupCounts, holm, pct

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    Evidence,
    NotApplicable,
    Outcome,
    Result,
    Severity,
    Tally,
    Text,
)

SOURCES = ("EQ-INTERVIEW-LATE", "EQ-PLAN-DEBT")

META = CheckMeta(
    id="EQ-DISPARITY",
    area="equal_access",
    title=Text(
        "Ryhmien välillä on tilastollisesti merkitsevä ero palvelun toteutumisessa",
        "Det finns en statistiskt signifikant skillnad mellan grupperna i hur servicen fullgjordes",
    ),
    legal_basis=("PL 731/1999 6 §", "yhdenvertaisuuslaki 1325/2014 5 §", "yhdenvertaisuuslaki 1325/2014 8 §"),
    severity=Severity.MEDIUM,  # high when a failing comparison differs by >= 25 points
    unit="comparisons",
    requires=SOURCES,
    options={"min_difference_points": 10, "alpha": 0.01, "high_difference_points": 25, "min_group": 20},
    description=Text(
        "EQ-INTERVIEW-LATE- ja EQ-PLAN-DEBT-puutteiden osuudet ryhmittäin (asiointikieli, vieraskielisyys, ikä, "
        "sukupuoli); Fisherin tarkka testi, Holmin korjaus; vain ryhmät, joissa vähintään 20 asiakasta.",
        "Andelarna brister i EQ-INTERVIEW-LATE och EQ-PLAN-DEBT per grupp (ärendespråk, främmande språk, ålder, "
        "kön); Fishers exakta test, Holms korrektion; endast grupper med minst 20 klienter.",
    ),
)


def _usable(result: Result | None) -> GroupCounts | None:
    """The group counts of a source check whose own outcome was pass or fail (a waiver does not change rates)."""
    if result is None:
        return None
    groups = result.internal.get("groups")
    if not isinstance(groups, GroupCounts):
        return None
    underlying = result.outcome
    if underlying is Outcome.MUTED and result.waiver:
        underlying = Outcome(result.waiver.get("outcome", "muted"))
    if underlying in (Outcome.PASS, Outcome.FAIL) or (underlying is Outcome.MUTED and result.population):
        return groups
    return None


def _differs_by(k1: int, n1: int, k2: int, n2: int, points: float) -> bool:
    """|k1/n1 - k2/n2| >= points/100, exactly (no floating-point edge at 10.0 points)."""
    from fractions import Fraction

    return abs(Fraction(k1, n1) - Fraction(k2, n2)) * 100 >= Fraction(str(points))


def run(ctx: AuditContext) -> Result:
    from scipy.stats import fisher_exact  # imported here: scipy costs ~1.5 s, which `valvonta checks` should not pay

    min_group = int(ctx.option(META, "min_group"))
    min_points = float(ctx.option(META, "min_difference_points"))
    high_points = float(ctx.option(META, "high_difference_points"))
    alpha = float(ctx.option(META, "alpha"))

    sources = {cid: _usable(ctx.result_of(cid)) for cid in SOURCES}
    if not any(sources.values()):
        raise NotApplicable(
            Text(
                "EQ-INTERVIEW-LATE ja EQ-PLAN-DEBT eivät antaneet osuuksia (tulos ei ollut kunnossa tai puute)",
                "EQ-INTERVIEW-LATE och EQ-PLAN-DEBT gav inga andelar (resultatet var varken i sin ordning eller brist)",
            )
        )
    made: list[dict[str, Any]] = []
    for cid, groups in sources.items():
        if groups is None:
            continue
        for dim, a, b in COMPARISONS:
            n1, k1 = groups.get(dim, a)
            n2, k2 = groups.get(dim, b)
            if n1 < min_group or n2 < min_group:
                continue  # never report a group smaller than the minimum
            p = float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided").pvalue)
            made.append(
                {
                    "check_id": cid,
                    "dimension": dim,
                    "groups": [a, b],
                    "n": [n1, n2],
                    "violations": [k1, k2],
                    "rates": [k1 / n1, k2 / n2],
                    "difference_points": abs(k1 / n1 - k2 / n2) * 100,
                    "p": p,
                }
            )
    if not made:
        raise NotApplicable(
            Text(
                f"yhtään vertailua ei voitu tehdä: kummassakin ryhmässä pitää olla vähintään {min_group} asiakasta",
                f"ingen jämförelse kunde göras: båda grupperna måste ha minst {min_group} klienter",
            )
        )
    for comp, adjusted in zip(made, holm([c["p"] for c in made]), strict=True):
        comp["p_holm"] = adjusted

    tally = Tally(META)
    high = False
    for comp in made:
        tally.checked()
        (k1, k2), (n1, n2) = comp["violations"], comp["n"]
        failing = _differs_by(k1, n1, k2, n2, min_points) and comp["p_holm"] < alpha
        comp["fails"] = failing
        if not failing:
            continue
        high = high or _differs_by(k1, n1, k2, n2, high_points)
        tally.fail(f"{comp['check_id']}:{comp['dimension']}", _evidence(comp))
    severity = Severity.HIGH if high else None
    message = _message(made, tally)
    return tally.result(message=message, severity=severity, data={"comparisons": made})


def _describe(comp: dict[str, Any]) -> Text:
    a, b = comp["groups"]
    (r1, r2), (n1, n2), (k1, k2) = comp["rates"], comp["n"], comp["violations"]
    la, lb = GROUP_LABELS[a], GROUP_LABELS[b]
    p = f"{comp['p_holm']:.3g}".replace(".", ",")
    diff = f"{comp['difference_points']:.1f}".replace(".", ",")
    return Text(
        f"{comp['check_id']}: {la.fi} {pct(r1)} ({k1}/{n1}) vs. {lb.fi} {pct(r2)} ({k2}/{n2}), ero {diff} "
        f"prosenttiyksikköä, Holm-korjattu p = {p}",
        f"{comp['check_id']}: {la.sv} {pct(r1)} ({k1}/{n1}) mot {lb.sv} {pct(r2)} ({k2}/{n2}), skillnad {diff} "
        f"procentenheter, Holm-korrigerat p = {p}",
    )


def _evidence(comp: dict[str, Any]) -> Evidence:
    data = {k: v for k, v in comp.items() if k != "fails"}
    return Evidence(_describe(comp), data=data)


def _message(made: list[dict[str, Any]], tally: Tally) -> Text:
    parts = [_describe(c) for c in made]
    head = Text(
        f"{tally.affected}/{tally.population} vertailussa merkitsevä ero: ",
        f"{tally.affected}/{tally.population} jämförelser med signifikant skillnad: ",
    )
    return head + Text("; ".join(p.fi for p in parts), "; ".join(p.sv for p in parts))
