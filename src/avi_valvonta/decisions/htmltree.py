"""A small tree of the letter HTML, for the writers that are not a browser (Markdown, DOCX).

The letter templates write a deliberately small HTML vocabulary (headings, paragraphs, lists, tables, strong/em,
line breaks, sections); this parser turns it into nodes the Markdown and DOCX writers walk. Entities are decoded
here, so outside text that the template escaped reaches those writers as the literal text it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "meta", "link", "img", "hr", "col"}
SKIP = {"head", "style", "script", "title"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        out: list[str] = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag == "br":
                out.append("\n")
            else:
                out.append(c.text())
        return "".join(out)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def find_all(self, tag: str) -> list[Node]:
        found: list[Node] = []
        for c in self.elements():
            if c.tag == tag:
                found.append(c)
            found += c.find_all(tag)
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
            return
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            return
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The ``<body>`` of ``html`` as a :class:`Node` (the whole document when there is no body)."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    bodies = builder.root.find_all("body")
    return bodies[0] if bodies else builder.root


def squash(text: str) -> str:
    """Collapse whitespace as a browser would (line breaks from ``<br>`` are kept)."""
    lines = text.split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()
