"""One letter, four formats: HTML from the template, then PDF/A (WeasyPrint), DOCX (python-docx) and Markdown.

Every format starts from the same rendered HTML, so the PDF a lawyer signs, the DOCX they edit and the Markdown a
reviewer reads say the same thing. The HTML is masked (identity codes) before any format is made from it.
WeasyPrint costs about a second to import: it is imported only when a PDF is made.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

from avi_valvonta.decisions.templating import package_template_dir, render_template
from avi_valvonta.errors import UsageError
from avi_valvonta.identity import mask_identity_codes

FORMATS = ("pdf", "docx", "html", "md")
PDF_VARIANT = "pdf/a-3b"  # archival (PDF/A-3, level B); WeasyPrint writes the pdfaid XMP and an sRGB OutputIntent
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "md": ".md"}


def template_name(data: dict[str, Any]) -> str:
    return f"{data['lang']}/{data['kind']}.html.j2"


def render_html(data: dict[str, Any], extra_dirs: list[Path] | None = None) -> str:
    """The letter as one self-contained HTML page (the CSS inlined), masked."""
    html = render_template(template_name(data), {**data, "draft": data.get("number") is None}, extra_dirs)
    return mask_identity_codes(html)


def _title(data: dict[str, Any]) -> str:
    return str(data.get("title") or data["kind"])


def _author(data: dict[str, Any]) -> str:
    authority = data["authority"]
    return str(authority["name_sv"] if data["lang"] == "sv" else authority["name_fi"])


def html_to_pdf(html: str, *, created: dt.date) -> bytes:
    """PDF/A-3b. The creation date is the decision date, so the same letter gives the same metadata."""
    import weasyprint

    stamp = f"{created.isoformat()}T00:00:00Z"
    html = html.replace("<head>", f'<head><meta name="dcterms.created" content="{stamp}">', 1)
    with warnings.catch_warnings():
        # PDF/A variants leave WeasyPrint's sRGB ICC file open (measured-facts.md): a known, harmless warning.
        warnings.simplefilter("ignore", ResourceWarning)
        document = weasyprint.HTML(string=html, base_url=str(package_template_dir()))
        return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def prepare_pdf() -> None:
    """Import WeasyPrint now (about a second), e.g. before taking a lock that the rendering will hold."""
    import weasyprint  # noqa: F401


def sha256(data: bytes) -> str:
    from avi_valvonta.decisions.store import sha256_bytes

    return sha256_bytes(data)


def render(data: dict[str, Any], fmt: str, extra_dirs: list[Path] | None = None) -> bytes:
    if fmt not in FORMATS:
        raise UsageError(f"unknown letter format {fmt!r} (available: {', '.join(FORMATS)})")
    html = render_html(data, extra_dirs)
    created = dt.date.fromisoformat(data["decision_date"])
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "md":
        from avi_valvonta.decisions.markdown import to_markdown

        return mask_identity_codes(to_markdown(html)).encode("utf-8")
    if fmt == "docx":
        from avi_valvonta.decisions.docx_writer import to_docx

        return to_docx(html, title=_title(data), author=_author(data), lang=data["lang"], created=created)
    return html_to_pdf(html, created=created)


def format_for(output: str | None, fmt: str | None) -> str:
    """``--format`` wins; else the output file's suffix; else PDF."""
    if fmt:
        return fmt
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
        if suffix == "markdown":
            return "md"
    return "pdf"
