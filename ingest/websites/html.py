"""A small, forgiving HTML tree from the standard library's parser. Pages are parsed,
never executed: scripts are kept as text and never run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
# Closing one of these closes the open elements it implies (<p> inside <li>, and so on).
_IMPLIED_END = {"p", "li", "option", "dt", "dd", "tr", "td", "th"}
_RAW_TEXT = {"script", "style", "template"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    def iter(self, *tags: str) -> Iterator[Element]:
        """This element's descendants (document order), those with one of `tags` if given."""
        for child in self.children:
            if isinstance(child, Element):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def first(self, *tags: str) -> Element | None:
        return next(self.iter(*tags), None)

    def text(self) -> str:
        """The visible text below this element, whitespace folded (no script or style)."""
        parts: list[str] = []
        self._collect(parts)
        return " ".join(" ".join(parts).split())

    def _collect(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in _RAW_TEXT:
                child._collect(parts)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def snippet(self, limit: int = 160) -> str:
        """The start tag as written (attributes in order), shortened: evidence for a finding."""
        attrs = "".join(
            f' {name}="{escape(value, quote=True)}"' if value != "" else f" {name}"
            for name, value in self.attrs.items()
        )
        tag = f"<{self.tag}{attrs}>"
        return tag if len(tag) <= limit else tag[: limit - 2] + "…>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IMPLIED_END and self.current.tag == tag:
            self._close(tag)
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self._close(tag)

    def _close(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def decode_body(body: bytes, content_type: str) -> str:
    """The page's text: the charset from the header, else from a meta tag, else UTF-8."""
    charset = ""
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip("\"' ")
    if not charset:
        head = body[:2048].decode("ascii", errors="ignore").lower()
        marker = head.find("charset=")
        if marker >= 0:
            charset = head[marker + 8 :].lstrip("\"' ").split('"')[0].split("'")[0]
            charset = charset.split(";")[0].split(">")[0].split()[0] if charset else ""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
