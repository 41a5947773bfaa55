"""Letter HTML → Markdown (for review in a text editor or a merge request). Outside text is Markdown-escaped."""

from __future__ import annotations

import re

from avi_valvonta.decisions.htmltree import Node, parse

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(node: Node | str) -> str:
    if isinstance(node, str):
        if not node.strip():
            return " " if node else ""
        lead = " " if node[0].isspace() else ""
        trail = " " if node[-1].isspace() else ""
        return lead + escape(" ".join(node.split())) + trail
    if node.tag == "br":
        return "  \n"
    inner = "".join(_inline(c) for c in node.children)
    if node.tag in ("strong", "b") and inner.strip():
        return f"**{inner.strip()}**"
    if node.tag in ("em", "i") and inner.strip():
        return f"*{inner.strip()}*"
    return inner


def _clean(text: str) -> str:
    lines = [" ".join(part.split()) for part in text.split("  \n")]
    return "  \n".join(line for line in lines if line)


def _table(node: Node) -> list[str]:
    rows = [r for r in node.find_all("tr")]
    cells = [[_clean(_inline(c)) for c in r.elements() if c.tag in ("td", "th")] for r in rows]
    if not cells:
        return []
    has_header = any(c.tag == "th" for c in rows[0].elements())
    if "letterhead" in node.classes or "facts" in node.classes or not has_header:
        # Layout tables (letterhead, facts) read better as lines.
        return [" · ".join(c.replace("  \n", ", ") for c in row if c) for row in cells] + [""]
    width = max(len(r) for r in cells)
    norm = [[*r, *([""] * (width - len(r)))] for r in cells]
    out = ["| " + " | ".join(c.replace("  \n", "<br>") for c in norm[0]) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(c.replace("  \n", "<br>") for c in r) + " |" for r in norm[1:]]
    return [*out, ""]


def _block(node: Node, out: list[str], depth: int = 0) -> None:
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                out += [escape(" ".join(child.split())), ""]
            continue
        tag = child.tag
        if tag in ("h1", "h2", "h3", "h4"):
            level = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}[tag]
            out += ["#" * level + " " + _clean(_inline(child)), ""]
        elif tag == "p":
            text = _clean(_inline(child))
            if text:
                out += [text, ""]
        elif tag in ("ul", "ol"):
            for i, li in enumerate(c for c in child.elements() if c.tag == "li"):
                marker = f"{i + 1}." if tag == "ol" else "-"
                nested = [c for c in li.elements() if c.tag in ("ul", "ol")]
                text = _clean("".join(_inline(c) for c in li.children if not (isinstance(c, Node) and c in nested)))
                out.append("  " * depth + f"{marker} {text}")
                for n in nested:
                    sub: list[str] = []
                    _block(Node("div", children=[n]), sub, depth + 1)
                    out += [s for s in sub if s]
            out.append("")
        elif tag == "table":
            out += _table(child)
        elif tag == "br":
            continue
        else:  # section, div, header, footer, span at block level
            _block(child, out, depth)


def to_markdown(html: str) -> str:
    out: list[str] = []
    _block(parse(html), out)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"
