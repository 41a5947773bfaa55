"""``--format html``: the report as ONE self-contained page (no network: inline CSS, an inline SVG chart), readable
in a browser, printable (``@media print``), in Finnish or Swedish.

Jinja2 with autoescape and strict undefined variables: evidence quotes documents anyone could have written, so
nothing from the data reaches the page unescaped, and a missing variable is a bug, not an empty cell. The template is
``templates/report/report.html.j2`` (package ``avi_valvonta.templates``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.report.pages import page_environment
from avi_valvonta.report.view import Bar, build

LABEL_WIDTH = 210  # px for the check ids left of the bars
BAR_AREA = 400  # px for 100 %
BAR_HEIGHT = 16
ROW = 24
TOP = 26


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    """Failure rates by check as horizontal bars; geometry computed here, drawn by the template."""

    bars: list[Bar]
    width: int = LABEL_WIDTH + BAR_AREA + 70
    height: int = 0
    top: int = TOP
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    ticks: list[Tick] = field(default_factory=list)


def chart(bars: list[Bar]) -> Chart:
    for i, b in enumerate(bars):
        b.y = TOP + i * ROW
        # A failing check never looks like 0 %: at least a sliver is drawn.
        b.width = round(max(b.rate * BAR_AREA, 2.0 if b.rate > 0 else 0.0), 1)
    ticks = [Tick(LABEL_WIDTH + BAR_AREA * q / 100, f"{q} %") for q in (0, 25, 50, 75, 100)]
    return Chart(bars=bars, height=TOP + len(bars) * ROW + 8, ticks=ticks)


def render(report: Any, lang: str) -> bytes:
    view = build(report, lang)
    page = page_environment().get_template("report/report.html.j2").render(v=view, chart=chart(view.bars))
    return mask_identity_codes(page).encode("utf-8")
