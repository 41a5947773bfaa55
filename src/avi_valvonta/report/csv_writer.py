"""``--format csv``: one row per result, for Finnish (and Swedish) Excel.

UTF-8 with a BOM (Excel otherwise reads ä as two characters), ``;`` as the delimiter (the Finnish locale's list
separator, because the decimal separator is a comma) and a decimal comma. Text that a spreadsheet would take for a
formula - a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return - is neutralised with a
leading apostrophe (OWASP "CSV injection"): evidence quotes documents that anyone could have written.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.report.view import build

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "check",
    "area",
    "check_title",
    "outcome",
    "severity",
    "population",
    "affected",
    "unit",
    "rate_pct",
    "followup",
    "change",
    "in_proposal",
    "legal_basis",
    "what",
    "evidence",
    "waiver",
    "run",
)


def neutralise(text: str) -> str:
    """A text cell that cannot start a formula (also not after leading blanks, which some spreadsheets skip)."""
    if text.startswith(FORMULA_START) or text.lstrip(" \u00a0").startswith(FORMULA_START):
        return "'" + text
    return text


def _number(value: float | int | None, decimals: int | None = None) -> str:
    """Numbers we format ourselves are never neutralised: -3 must stay a number."""
    if value is None:
        return ""
    if decimals is None:
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")


def render(report: Any, lang: str) -> bytes:
    view = build(report, lang)
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    out.writerow([view.labels[c] for c in COLUMNS])
    for r in view.results:
        text_cells = {
            "check": r.check_id,
            "area": r.area,
            "check_title": r.title,
            "outcome": r.outcome_label,
            "severity": r.severity_label,
            "unit": r.unit,
            "followup": r.followup_label,
            "in_proposal": view.measure_label if r.in_proposal else "",
            "legal_basis": "; ".join(r.legal_basis),
            "what": r.text,
            "evidence": "\n".join(r.evidence),
            "waiver": r.waiver_text,
            "run": view.run_id,
        }
        number_cells = {
            "population": _number(r.population),
            "affected": _number(r.affected),
            "rate_pct": _number(100 * r.rate, 1) if r.rate is not None else "",
            "change": _number(r.change),
        }
        row = []
        for c in COLUMNS:
            if c in number_cells:
                row.append(number_cells[c])
            else:
                row.append(neutralise(mask_identity_codes(text_cells[c])))
        out.writerow(row)
    return buf.getvalue().encode("utf-8-sig")
