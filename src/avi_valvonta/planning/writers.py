"""Writers of the plan: ``table`` (terminal), ``json`` (the contract), ``csv`` (Excel) and ``html`` (one
self-contained page with an inline SVG chart). All render the same :class:`Plan`, masked, in Finnish or Swedish."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.errors import UsageError
from avi_valvonta.i18n import fnumber
from avi_valvonta.identity import mask_data, mask_identity_codes
from avi_valvonta.planning.model import Plan
from avi_valvonta.planning.view import PlanView, ScoreView, build, t
from avi_valvonta.report.csv_writer import neutralise
from avi_valvonta.report.pages import page_environment

FORMATS = ("table", "json", "csv", "html")
TABLE_RANKING = 25  # rows of the ranking in the terminal (the plan itself is always whole)
CHART_UNITS = 30


def render(plan: Plan, fmt: str, lang: str = "fi") -> bytes:
    if fmt == "json":
        return render_json(plan, lang)
    if fmt == "table":
        return render_table(plan, lang)
    if fmt == "csv":
        return render_csv(plan, lang)
    if fmt == "html":
        return render_html(plan, lang)
    raise UsageError(f"unknown format {fmt!r} (available: {', '.join(FORMATS)})")


def render_json(plan: Plan, lang: str) -> bytes:
    return (json.dumps(plan.to_dict(lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_table(plan: Plan, lang: str) -> bytes:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    v = build(plan, lang)
    L = v.labels
    buf = io.StringIO()
    width = int(os.environ.get("COLUMNS", "140") or 140)
    console = Console(file=buf, width=width, no_color=True, highlight=False, emoji=False, soft_wrap=False)
    console.print(v.title, style="bold")
    console.print(
        f"{L['capacity']} {v.capacity} {L['days']}, {L['used'].lower()} {v.used} {L['days']} · "
        f"{L['as_of'].lower()} {v.as_of} · {L['seed'].lower()} {v.seed} · "
        f"{L['random_share'].lower()} {v.random_share} · {L['per'].lower()}: {v.per}"
    )
    counts = " · ".join(f"{v.reason_labels[k]} {v.counts[k]}" for k in ("follow_up", "risk", "random"))
    console.print(f"{L['plan']}: {counts} ({v.counts['units']} {L['units']})")

    table = Table(title=L["plan"], title_justify="left", box=box.SIMPLE_HEAD)
    for col, justify in (
        (L["quarter"], "left"),
        (L["unit"], "left"),
        (L["kind"], "left"),
        (L["days"], "right"),
        (L["reason"], "left"),
        (L["score"], "right"),
        (L["band"], "left"),
    ):
        # Short columns never wrap: the explanation takes what is left of the width.
        table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column(L["top_components"], min_width=24, overflow="fold")
    for i in sorted(v.inspections, key=lambda i: i.quarter):
        why = i.why + (f" ({i.note})" if i.note else "")
        table.add_row(
            f"Q{i.quarter}",
            f"{i.name} ({i.code})",
            i.kind_label,
            i.days,
            i.reason_label,
            i.score,
            i.band_label,
            why,
        )
    console.print(table)

    ranking = Table(title=L["ranking"], title_justify="left", box=box.SIMPLE_HEAD)
    for col, justify in (
        (L["rank"], "right"),
        (L["unit"], "left"),
        (L["score"], "right"),
        (L["band"], "left"),
        (L["likelihood"], "right"),
        (L["impact"], "right"),
        (L["planned"], "left"),
    ):
        ranking.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    ranking.add_column(L["top_components"], min_width=24, overflow="fold")
    for s in v.scores[:TABLE_RANKING]:
        ranking.add_row(
            str(s.rank), f"{s.name} ({s.code})", s.score, s.band_label, s.likelihood, s.impact, s.planned, s.top
        )
    console.print(ranking)
    if len(v.scores) > TABLE_RANKING:
        console.print(f"… +{len(v.scores) - TABLE_RANKING} (--format json|csv|html)")
    if v.warnings:
        console.print(f"{L['warnings']}:")
        for w in v.warnings:
            console.print(f"  • {w}")
    return mask_identity_codes(buf.getvalue()).encode("utf-8")


def render_csv(plan: Plan, lang: str) -> bytes:
    """One row per unit, ranked; one column per component (its points), so Excel can sum and sort them."""
    v = build(plan, lang)
    L = v.labels
    component_ids = list(v.colours)  # biggest total contribution first
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    out.writerow(
        [
            L["rank"],
            "code",
            L["unit"],
            L["score"],
            L["band"],
            L["likelihood"],
            L["impact"],
            L["coverage"],
            L["reason"],
            L["kind"],
            L["quarter_long"],
            L["days"],
            *component_ids,
            L["explanation"],
        ]
    )
    planned = {i.code: i for i in v.inspections}
    for s in v.scores:
        i = planned.get(s.code)
        points = {term.id: term.contribution for term in s.terms if term.role != "impact"}
        explanation = "; ".join(
            f"{term.id} = {term.value} ({term.source}, {term.date})"
            + (f" → {term.contribution}" if term.contribution else "")
            for term in s.terms
        )
        text = [s.name, s.band_label, i.reason_label if i else "", i.kind_label if i else "", explanation]
        name, band, reason, kind, explanation = (neutralise(mask_identity_codes(x)) for x in text)
        out.writerow(
            [
                s.rank,
                s.code,
                name,
                s.score,
                band,
                s.likelihood,
                s.impact,
                s.coverage,
                reason,
                kind,
                f"Q{i.quarter}" if i else "",
                i.days if i else "",
                *(points.get(c, "") for c in component_ids),
                explanation,
            ]
        )
    return buf.getvalue().encode("utf-8-sig")


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    title: str


@dataclass
class ChartBar:
    y: int
    label: str
    value: str
    end: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    bars: list[ChartBar]
    width: int
    height: int
    label_width: int
    top: int
    ticks: list[tuple[float, str]]
    legend: list[tuple[str, str, str]]  # colour, id, label


LABEL_WIDTH, BAR_AREA, ROW, TOP = 230, 440, 20, 24


def chart(v: PlanView) -> Chart:
    shown: list[ScoreView] = [s for s in v.scores[:CHART_UNITS] if s.points > 0]
    top_points = max((s.points for s in shown), default=0)
    scale_max = max(10, -(-top_points // 1000) * 10)  # the axis ends at the next ten points
    bars = []
    used: set[str] = set()
    for n, s in enumerate(shown):
        y = TOP + n * ROW
        x = float(LABEL_WIDTH)
        segments = []
        for term in s.terms:
            if term.points <= 0:
                continue
            width = round(term.points / 100 / scale_max * BAR_AREA, 2)
            segments.append(Segment(round(x, 2), width, term.colour, f"{term.id}: {term.contribution}"))
            used.add(term.id)
            x += width
        bars.append(ChartBar(y, f"{s.name} ({s.code})", s.score, round(x, 2), segments))
    step = 5 if scale_max <= 30 else 10 if scale_max <= 60 else 20
    ticks = [(LABEL_WIDTH + BAR_AREA * t / scale_max, fnumber(t, v.lang, 0)) for t in range(0, scale_max + 1, step)]
    legend = [(colour, k, v.indicator_labels[k]) for k, colour in v.colours.items() if k in used]
    return Chart(bars, LABEL_WIDTH + BAR_AREA + 60, TOP + len(bars) * ROW + 8, LABEL_WIDTH, TOP, ticks, legend)


def render_html(plan: Plan, lang: str) -> bytes:
    v = build(plan, lang)
    page = page_environment().get_template("plan/plan.html.j2").render(v=v, chart=chart(v))
    return mask_identity_codes(page).encode("utf-8")


def render_indicators(shown: Any, fmt: str, lang: str) -> bytes:
    """``valvonta indicators``: a table, or JSON (``units`` with their indicators and follow-ups), masked."""
    if fmt == "json":
        doc = {
            "year": shown.year,
            "units": [
                {
                    **u.to_dict(),
                    "indicators": [{**v.to_dict(lang), "status": status} for v, status in shown.values[u.code]],
                    "follow_ups": [f.to_dict() for f in shown.follow_ups[u.code]],
                }
                for u in shown.units
            ],
            "warnings": [w.get(lang) for w in shown.warnings],
        }
        return (json.dumps(mask_data(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for col in (t("unit", lang), t("indicator", lang), t("value", lang), t("date", lang), t("source", lang)):
        table.add_column(col)
    for u in shown.units:
        for v, status in shown.values[u.code]:
            note = "" if status == "used" else f" ({t('superseded', lang).lower()})"
            table.add_row(
                f"{u.name(lang)} ({u.code})",
                f"{v.id}{note}\n{shown.label(v.id, lang)}",
                f"{v.value:g}",
                v.date.isoformat() if v.date else "-",
                f"{v.source_in(lang)} [{v.origin}]",
            )
    buf = io.StringIO()
    width = int(os.environ.get("COLUMNS", "140") or 140)
    Console(file=buf, width=width, no_color=True, highlight=False).print(table)
    for w in shown.warnings:
        buf.write(f"• {w.get(lang)}\n")
    return mask_identity_codes(buf.getvalue()).encode("utf-8")
