"""XML read safely into a small tree that keeps each element's line: defusedxml refuses any DTD, so no entity is
expanded, no local file read and no address fetched; depth and element count are capped while parsing."""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass, field

import defusedxml.sax

from .limits import Limits, Unsafe


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def findtext(self, tag: str) -> str:
        node = self.find(tag)
        return node.text if node is not None else ""

    def get(self, name: str) -> str:
        return self.attrs.get(name, "").strip()


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.count = 0
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        self.count += 1
        if len(self.stack) >= self.limits.max_depth:
            raise Unsafe(f"the XML nests deeper than {self.limits.max_depth} levels")
        if self.count > self.limits.max_items:
            raise Unsafe(f"the XML holds more than {self.limits.max_items:,} elements")
        line = self.locator.getLineNumber() if self.locator else 0
        node = Node(name, {k: v for k, v in attrs.items()}, line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


def parse(raw: bytes, limits: Limits) -> Node:
    """The root element of *raw*; Unsafe for a DTD, entities or a cap exceeded, xml.sax.SAXParseException
    (with its line) for XML that is not well formed."""
    builder = _Builder(limits)
    try:
        defusedxml.sax.parseString(raw, builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise Unsafe(f"the XML declares a DTD or entities, which could read local files, reach the network or "
                     f"expand without end ({type(exc).__name__})") from exc
    if builder.root is None:
        raise xml.sax.SAXParseException("no root element", None, builder.locator)
    return builder.root
