"""Letter HTML → DOCX (python-docx): an editable letter with the same content as the PDF.

Headings, paragraphs, lists and tables become real Word headings, paragraphs, list paragraphs and tables (not an
image of the PDF), so a lawyer can edit a draft. The page header carries the page number as ``1 (3)``, as Finnish
and Swedish official letters do.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from avi_valvonta.decisions.htmltree import Node, parse

FONT = "Arial"


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _runs(paragraph: Any, node: Node | str, bold: bool = False, italic: bool = False) -> None:
    if isinstance(node, str):
        text = " ".join(node.split())
        if node[:1].isspace() and text:
            text = " " + text
        if node[-1:].isspace() and text:
            text = text + " "
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        return
    if node.tag == "br":
        paragraph.add_run().add_break()
        return
    for child in node.children:
        _runs(paragraph, child, bold or node.tag in ("strong", "b", "th"), italic or node.tag in ("em", "i"))


def _strip(paragraph: Any) -> None:
    """Trim leading/trailing spaces the HTML layout left around the text."""
    runs = paragraph.runs
    if runs and runs[0].text:
        runs[0].text = runs[0].text.lstrip()
    if runs and runs[-1].text:
        runs[-1].text = runs[-1].text.rstrip()


def _table(doc: Any, node: Node) -> None:
    rows = node.find_all("tr")
    if not rows:
        return
    width = max(len([c for c in r.elements() if c.tag in ("td", "th")]) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    layout = "letterhead" in node.classes or "facts" in node.classes
    if not layout:
        table.style = "Table Grid"
    for r in rows:
        cells = table.add_row().cells
        for i, c in enumerate(x for x in r.elements() if x.tag in ("td", "th")):
            p = cells[i].paragraphs[0]
            _runs(p, c, bold=c.tag == "th")
            _strip(p)
    doc.add_paragraph()


def _blocks(doc: Any, node: Node, list_level: int = 0) -> None:
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                doc.add_paragraph(" ".join(child.split()))
            continue
        tag = child.tag
        if tag in ("h1", "h2", "h3", "h4"):
            level = {"h1": 1, "h2": 2, "h3": 3, "h4": 3}[tag]
            h = doc.add_heading(level=level)
            _runs(h, child)
            _strip(h)
        elif tag == "p":
            p = doc.add_paragraph()
            _runs(p, child)
            _strip(p)
        elif tag in ("ul", "ol"):
            style = "List Number" if tag == "ol" else "List Bullet"
            if list_level:
                style += " 2"
            for li in (c for c in child.elements() if c.tag == "li"):
                nested = [c for c in li.elements() if c.tag in ("ul", "ol")]
                p = doc.add_paragraph(style=style)
                for c in li.children:
                    if not (isinstance(c, Node) and c in nested):
                        _runs(p, c)
                _strip(p)
                for n in nested:
                    _blocks(doc, Node("div", children=[n]), list_level + 1)
        elif tag == "table":
            _table(doc, child)
        elif tag == "br":
            continue
        else:
            _blocks(doc, child, list_level)


def to_docx(html: str, *, title: str, author: str, lang: str, created: dt.date) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Heading 1"].font.size = Pt(14)
    doc.styles["Heading 2"].font.size = Pt(11.5)
    doc.styles["Heading 3"].font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.alignment = 2  # right
    _field(header, "PAGE")
    header.add_run(" (")
    _field(header, "NUMPAGES")
    header.add_run(")")
    _blocks(doc, parse(html))
    props = doc.core_properties
    props.title, props.author, props.language = title, author, {"fi": "fi-FI", "sv": "sv-FI"}.get(lang, lang)
    moment = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)
    props.created = props.modified = moment
    props.last_modified_by = author
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
