"""Build small case bundles from readable Python, for the project's tests and for plugin authors' tests.

    b = BundleBuilder(tmp_path, municipality="Kokkola", period=("2024-01-01", "2024-06-30"), as_of="2024-08-15")
    b.client("K-1", job_search_start="2024-01-15")
    b.event("K-1", "2024-01-29", "initial_interview")
    b.document("paatos.pdf", ["Page one text", "Page two text"], doc_type="decision", audience="client",
               client_id="K-1")
    report = b.audit()

Every column not given gets a sensible default (a Finnish-speaking unemployed municipality client, …). PDFs are
real PDFs (reportlab, a test dependency) with a text layer, optionally encrypted or image-only.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CLIENT_DEFAULTS: dict[str, Any] = {
    "birth_date": "1985-06-15",
    "home_municipality": None,  # the bundle's municipality
    "gender": "f",
    "mother_tongue": "fi",
    "service_language": "fi",
    "citizenship": "FI",
    "benefit": "labour_market_subsidy",
    "temporary_protection": "false",
    "status": "unemployed",
    "job_search_start": "2024-01-15",
    "job_search_end": "",
    "responsible": "municipality",
    "coach_id": "",
    "needs_interpreter": "false",
}
CLIENT_COLUMNS = ["client_id", *CLIENT_DEFAULTS]
EVENT_COLUMNS = [
    "event_id",
    "client_id",
    "date",
    "type",
    "language",
    "interpreter",
    "staff_id",
    "channel",
    "detail",
]
STAFF_COLUMNS = ["staff_id", "role", "languages", "municipality", "system_access", "active_from", "active_to"]
ACCESS_COLUMNS = ["timestamp", "staff_id", "client_id", "action"]
POINT_COLUMNS = [
    "point_id",
    "municipality",
    "name",
    "languages",
    "hours_per_week",
    "accessible",
    "appointment_only",
]
DOC_COLUMNS = ["file", "doc_type", "audience", "client_id", "date", "published_until", "translation_of"]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def make_pdf(
    path: Path,
    pages: Sequence[str | None],
    *,
    encrypt: str | None = None,
    font_size: int = 10,
) -> Path:
    """A real PDF: each page's text on its own page, line by line. ``None`` makes an image-only page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if Path(FONT).exists():
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", FONT))
        font = "DejaVu"
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    width, height = A4
    for text in pages:
        if text is None:
            _draw_image(c, width, height)
        else:
            c.setFont(font, font_size)
            y = height - 60
            for line in text.splitlines():
                c.drawString(50, y, line)
                y -= font_size * 1.4
                if y < 40:
                    c.showPage()
                    c.setFont(font, font_size)
                    y = height - 60
        c.showPage()
    c.save()
    return path


def _draw_image(c: Any, width: float, height: float) -> None:
    """A scanned page: an image, no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (60, 80), (200, 200, 200))
    c.drawImage(ImageReader(image), 50, height / 2, width=300, height=400)


class BundleBuilder:
    """Write a case bundle in ``root`` from Python values; ``write()`` returns its folder."""

    def __init__(
        self,
        root: Path,
        *,
        municipality: str = "Kokkola",
        period: tuple[str, str] = ("2024-01-01", "2024-06-30"),
        as_of: str = "2024-08-15",
        area: str | None = None,
        name: str = "bundle",
        delimiter: str = ",",
    ) -> None:
        self.dir = Path(root) / name
        self.municipality = municipality
        self.period = period
        self.as_of = as_of
        self.area = area
        self.delimiter = delimiter
        self.clients: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.staff_rows: list[dict[str, Any]] | None = None
        self.access_rows: list[dict[str, Any]] | None = None
        self.point_rows: list[dict[str, Any]] | None = None
        self.doc_rows: list[dict[str, Any]] | None = None
        self.files: dict[str, bytes] = {}
        self._event_no = 0

    # -- rows ------------------------------------------------------------------------------------------------

    def client(self, client_id: str, **values: Any) -> BundleBuilder:
        row = {"client_id": client_id, **CLIENT_DEFAULTS, **values}
        if row["home_municipality"] is None:
            row["home_municipality"] = self.municipality
        self.clients.append(row)
        return self

    def event(self, client_id: str, date: str, type: str, **values: Any) -> str:
        self._event_no += 1
        event_id = values.pop("event_id", f"E{self._event_no:05d}")
        row = {
            "event_id": event_id,
            "client_id": client_id,
            "date": date,
            "type": type,
            "language": "fi",
            **values,
        }
        self.events.append(row)
        return event_id

    def staff(self, staff_id: str, role: str = "coach", **values: Any) -> BundleBuilder:
        if self.staff_rows is None:
            self.staff_rows = []
        self.staff_rows.append(
            {
                "staff_id": staff_id,
                "role": role,
                "languages": "fi",
                "municipality": self.municipality,
                "system_access": "true",
                **values,
            }
        )
        return self

    def access(self, timestamp: str, staff_id: str, client_id: str, action: str = "view") -> BundleBuilder:
        if self.access_rows is None:
            self.access_rows = []
        self.access_rows.append(
            {"timestamp": timestamp, "staff_id": staff_id, "client_id": client_id, "action": action}
        )
        return self

    def service_point(self, point_id: str, **values: Any) -> BundleBuilder:
        if self.point_rows is None:
            self.point_rows = []
        self.point_rows.append(
            {
                "point_id": point_id,
                "municipality": self.municipality,
                "name": point_id,
                "languages": "fi",
                "hours_per_week": 37.5,
                "accessible": "true",
                "appointment_only": "false",
                **values,
            }
        )
        return self

    def document(
        self,
        file: str,
        pages: Sequence[str | None] | str | bytes | None,
        *,
        listed: bool = True,
        encrypt: str | None = None,
        **values: Any,
    ) -> BundleBuilder:
        """A document: PDF pages (list of str; None = image page), a .txt text, raw bytes, or None (missing)."""
        if listed:
            if self.doc_rows is None:
                self.doc_rows = []
            self.doc_rows.append({"file": file, "doc_type": "other", "audience": "internal", **values})
        if pages is None:
            return self
        target = self.dir / "documents" / file
        if isinstance(pages, bytes):
            self.files[f"documents/{file}"] = pages
        elif isinstance(pages, str):
            self.files[f"documents/{file}"] = pages.encode("utf-8")
        else:
            make_pdf(target, pages, encrypt=encrypt)
        return self

    # -- output ----------------------------------------------------------------------------------------------

    def _write_csv(self, name: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
        extra = [k for r in rows for k in r if k not in columns]
        cols = columns + list(dict.fromkeys(extra))
        with (self.dir / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter=self.delimiter, lineterminator="\n")
            w.writerow(cols)
            for r in rows:
                w.writerow([_s(r.get(c)) for c in cols])

    def write(self) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        toml = [
            "format = 1",
            f'municipality = "{self.municipality}"',
            f"period_start = {self.period[0]}",
            f"period_end = {self.period[1]}",
            f"as_of = {self.as_of}",
            'source = "test bundle"',
        ]
        if self.area:
            toml.insert(2, f'area = "{self.area}"')
        (self.dir / "bundle.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
        self._write_csv("clients.csv", CLIENT_COLUMNS, self.clients)
        self._write_csv("events.csv", EVENT_COLUMNS, self.events)
        if self.staff_rows is not None:
            self._write_csv("staff.csv", STAFF_COLUMNS, self.staff_rows)
        if self.access_rows is not None:
            self._write_csv("access_log.csv", ACCESS_COLUMNS, self.access_rows)
        if self.point_rows is not None:
            self._write_csv("service_points.csv", POINT_COLUMNS, self.point_rows)
        if self.doc_rows is not None:
            self._write_csv("documents.csv", DOC_COLUMNS, self.doc_rows)
        for rel, data in self.files.items():
            target = self.dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return self.dir

    def audit(self, kunta: str | None = None, **options: Any) -> Any:
        """Write the bundle and audit it without storing; returns the AuditReport."""
        from avi_valvonta.audit.runner import AuditOptions, run_audit

        path = self.write()
        options.setdefault("store", False)
        return run_audit(kunta or self.municipality, AuditOptions(case_dir=path, **options))


def result_of(report: Any, check_id: str) -> Any:
    """The result of one check in a report (AssertionError when it did not run)."""
    found = report.result(check_id)
    assert found is not None, f"{check_id} did not run; ran: {[r.check_id for r in report.results]}"
    return found
