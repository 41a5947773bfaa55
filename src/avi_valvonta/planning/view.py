"""The plan as a person reads it, in Finnish or Swedish: labelled, formatted, masked strings every writer lays out."""

from __future__ import annotations

from dataclasses import dataclass, field

from avi_valvonta.i18n import Text, fdate, fnumber, fpercent
from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.planning.indicators import label_of
from avi_valvonta.planning.model import Plan
from avi_valvonta.planning.plan import days_of
from avi_valvonta.planning.score import Term, UnitScore
from avi_valvonta.planning.weights import DEFAULT_SOURCE

LABELS: dict[str, Text] = {
    "title": Text("Riskiperusteinen valvontasuunnitelma", "Riskbaserad tillsynsplan"),
    "year": Text("Vuosi", "År"),
    "capacity": Text("Kapasiteetti", "Kapacitet"),
    "used": Text("Suunniteltu", "Planerat"),
    "days": Text("htp", "dv"),
    "days_long": Text("henkilötyöpäivää", "dagsverken"),
    "as_of": Text("Tilannepäivä", "Lägesdag"),
    "seed": Text("Arvonnan siemen", "Lottningens frö"),
    "random_share": Text("Satunnaisosuus", "Slumpandel"),
    "per": Text("Suunnitteluyksikkö", "Planeringsenhet"),
    "weights": Text("Painot", "Vikter"),
    "plan": Text("Tarkastukset", "Granskningar"),
    "quarter": Text("Nelj.", "Kv."),
    "quarter_long": Text("Vuosineljännes", "Kvartal"),
    "unit": Text("Kunta tai alue", "Kommun eller område"),
    "kind": Text("Tarkastus", "Granskning"),
    "reason": Text("Peruste", "Grund"),
    "score": Text("Pisteet", "Poäng"),
    "band": Text("Riskiluokka", "Riskklass"),
    "rank": Text("Sija", "Plats"),
    "likelihood": Text("Todennäköisyys", "Sannolikhet"),
    "impact": Text("Vaikutus", "Konsekvens"),
    "coverage": Text("Tietojen kattavuus", "Datatäckning"),
    "explanation": Text("Selitys", "Förklaring"),
    "top_components": Text("Suurimmat osatekijät", "Största komponenter"),
    "planned": Text("Suunnitelmassa", "I planen"),
    "ranking": Text("Riskijärjestys", "Riskordning"),
    "indicator": Text("Indikaattori", "Indikator"),
    "value": Text("Arvo", "Värde"),
    "source": Text("Lähde", "Källa"),
    "date": Text("Päivä", "Datum"),
    "normalised": Text("Asteikolla 0–1", "På skalan 0–1"),
    "weight": Text("Paino", "Vikt"),
    "contribution": Text("Osuus pisteistä", "Andel av poängen"),
    "superseded": Text("Korvattu arvo", "Ersatt värde"),
    "orders": Text("Korjausmääräykset", "Förelägganden"),
    "warnings": Text("Huomautukset", "Varningar"),
    "chart": Text("Riskipisteet osatekijöittäin", "Riskpoäng per komponent"),
    "chart_caption": Text(
        "Korkeimmat pisteet; palkin osat ovat pisteiden osatekijät (todennäköisyys × vaikutus).",
        "De högsta poängen; stapelns delar är poängens komponenter (sannolikhet × konsekvens).",
    ),
    "formula": Text(
        "Pisteet = 100 × vaikutus × todennäköisyys; todennäköisyys = Σ paino × arvo asteikolla 0–1; "
        "osatekijöiden summa on pisteet.",
        "Poäng = 100 × konsekvens × sannolikhet; sannolikhet = Σ vikt × värde på skalan 0–1; "
        "komponenternas summa är poängen.",
    ),
    "impact_default": Text("ei kokotietoa: oletus", "ingen storleksuppgift: standard"),
    "summary": Text("Yhteenveto", "Sammanfattning"),
    "units": Text("valvottavaa", "under tillsyn"),
    "none": Text("ei", "inga"),
    "masked": Text(
        "Henkilötunnukset on peitetty. Sivu on tehty ilman verkkoyhteyttä.",
        "Personbeteckningarna är maskerade. Sidan är gjord utan nätverksanslutning.",
    ),
    "tool": Text("Työkalu", "Verktyg"),
    "default_weights": Text("oletuspainot", "standardvikter"),
}
KINDS = {
    "desk": Text("asiakirjatarkastus", "dokumentgranskning"),
    "onsite": Text("tarkastuskäynti", "inspektionsbesök"),
}
REASONS = {
    "follow_up": Text("jälkitarkastus", "uppföljning"),
    "risk": Text("riski", "risk"),
    "random": Text("satunnaisotanta", "slumpurval"),
}
BANDS = {
    "high": Text("korkea", "hög"),
    "medium": Text("kohtalainen", "måttlig"),
    "low": Text("matala", "låg"),
}
PER = {
    "municipality": Text("kunta", "kommun"),
    "area": Text("alue", "område"),
}
# Colours of the chart's components (the same indicator has the same colour everywhere on the page).
PALETTE = (
    "#b3261e",
    "#0b4f8a",
    "#2e7d32",
    "#8a6d00",
    "#7b1fa2",
    "#00838f",
    "#c2185b",
    "#5d4037",
    "#ef6c00",
    "#3949ab",
    "#9e9d24",
    "#263238",
)
OTHER_COLOUR = "#9e9e9e"


def t(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def band_label(band: str, lang: str) -> str:
    found = BANDS.get(band)
    return found.get(lang) if found else band


def number(value: float, lang: str, digits: int = 2) -> str:
    if float(value).is_integer() and digits <= 2 and abs(value) >= 1:
        return fnumber(value, lang, 0)
    return fnumber(value, lang, digits)


def days(value: int, lang: str) -> str:
    d = days_of(value)
    return fnumber(d, lang, 0 if isinstance(d, int) else 2)


@dataclass
class TermView:
    id: str
    label: str
    role: str
    value: str
    source: str
    date: str
    origin: str
    normalised: str
    weight: str
    contribution: str
    points: int
    colour: str


@dataclass
class ScoreView:
    rank: int
    code: str
    name: str
    score: str
    points: int
    band: str
    band_label: str
    likelihood: str
    impact: str
    impact_default: bool
    coverage: str
    planned: str
    terms: list[TermView]
    superseded: list[str]
    top: str  # the biggest components in a line


@dataclass
class InspectionView:
    quarter: int
    code: str
    name: str
    kind: str
    kind_label: str
    days: str
    reason: str
    reason_label: str
    score: str
    band: str
    band_label: str
    why: str
    orders: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class PlanView:
    lang: str
    labels: dict[str, str]
    title: str
    year: int
    capacity: str
    used: str
    as_of: str
    seed: int
    random_share: str
    per: str
    weights: str
    counts: dict[str, int]
    reason_labels: dict[str, str]
    inspections: list[InspectionView]
    scores: list[ScoreView]
    colours: dict[str, str]
    indicator_labels: dict[str, str]
    warnings: list[str]
    tool: str


def _colours(plan: Plan) -> dict[str, str]:
    """One colour per likelihood indicator, biggest total contribution first; the rest share grey."""
    totals: dict[str, int] = {}
    for s in plan.scores:
        for term in s.terms:
            if term.role == "likelihood":
                totals[term.id] = totals.get(term.id, 0) + term.points
    ordered = sorted(totals, key=lambda k: (-totals[k], k))
    return {k: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, k in enumerate(ordered)}


def _term(term: Term, plan: Plan, lang: str, colours: dict[str, str]) -> TermView:
    v = term.value
    return TermView(
        id=term.id,
        label=label_of(term.id, plan.labels).get(lang),
        role=term.role,
        value=number(v.value, lang, 4 if abs(v.value) < 1 and v.value != 0 else 1),
        source=mask_identity_codes(v.source_in(lang)),
        date=fdate(v.date) if v.date else "-",
        origin=v.origin,
        normalised=fnumber(term.normalised, lang, 2),
        weight=fpercent(term.weight, lang, 1),
        contribution=fnumber(term.points / 100, lang, 2) if term.role != "impact" else "",
        points=term.points,
        colour=colours.get(term.id, OTHER_COLOUR),
    )


def top_components(s: UnitScore, lang: str, limit: int = 3) -> str:
    parts = [f"{term.id} {fnumber(term.points / 100, lang, 2)}" for term in s.terms if term.points > 0][:limit]
    return ", ".join(parts) or "-"


def build(plan: Plan, lang: str) -> PlanView:
    colours = _colours(plan)
    planned = plan.planned()
    scores = []
    for rank, s in enumerate(plan.scores, start=1):
        p = planned.get(s.unit.code)
        scores.append(
            ScoreView(
                rank=rank,
                code=s.unit.code,
                name=s.unit.name(lang),
                score=fnumber(s.score, lang, 2),
                points=s.points,
                band=s.band,
                band_label=band_label(s.band, lang),
                likelihood=fnumber(s.likelihood, lang, 3),
                impact=fnumber(s.impact, lang, 3),
                impact_default=s.impact_default,
                coverage=fpercent(s.coverage, lang, 0),
                planned=(f"{REASONS[p.reason].get(lang)}, Q{p.quarter}" if p else ""),
                terms=[_term(term, plan, lang, colours) for term in s.terms],
                superseded=[
                    mask_identity_codes(f"{v.id} = {number(v.value, lang)} ({v.origin}: {v.source_in(lang)})")
                    for v in s.superseded
                ],
                top=top_components(s, lang),
            )
        )
    inspections = []
    for i in plan.inspections:
        why = top_components(i.score, lang)
        orders = [f"{o.reference} ({fdate(o.deadline)}: {', '.join(o.check_ids)})" for o in i.orders]
        inspections.append(
            InspectionView(
                quarter=i.quarter,
                code=i.code,
                name=i.score.unit.name(lang),
                kind=i.kind,
                kind_label=KINDS[i.kind].get(lang),
                days=days(i.days, lang),
                reason=i.reason,
                reason_label=REASONS[i.reason].get(lang),
                score=fnumber(i.score.score, lang, 2),
                band=i.score.band,
                band_label=band_label(i.score.band, lang),
                why="; ".join(orders) if orders else why,
                orders=orders,
                note=i.note.get(lang) if i.note else "",
            )
        )
    indicator_labels = {k: label_of(k, plan.labels).get(lang) for k in colours}
    return PlanView(
        lang=lang,
        labels={k: v.get(lang) for k, v in LABELS.items()},
        title=f"{t('title', lang)} {plan.year}",
        year=plan.year,
        capacity=days(plan.capacity, lang),
        used=days(plan.used, lang),
        as_of=fdate(plan.as_of),
        seed=plan.seed,
        random_share=fpercent(plan.random_share, lang, 0),
        per=PER[plan.per].get(lang),
        weights=t("default_weights", lang)
        if plan.weights.source == DEFAULT_SOURCE
        else mask_identity_codes(plan.weights.source),
        counts={**plan.counts(), "units": len(plan.scores)},
        reason_labels={k: v.get(lang) for k, v in REASONS.items()},
        inspections=inspections,
        scores=scores,
        colours=colours,
        indicator_labels=indicator_labels,
        warnings=[mask_identity_codes(w.get(lang)) for w in plan.warnings],
        tool=f"valvonta {plan.tool_version}",
    )
