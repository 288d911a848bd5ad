"""A small HTML reader for the tests (the standard library's parser, no extra dependency):
find elements by tag and attributes and read their text, so tests assert exact content."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, with whitespace collapsed as a browser shows it."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split()) if self.tag != "pre" else "".join(parts)

    def find_all(self, tag: str, **attrs: str) -> list["Element"]:
        """Descendants with this tag whose attributes equal ``attrs`` (``class_`` for class;
        a class matches when it is one of the element's classes)."""
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if child.tag == tag and _matches(child, attrs):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> "Element":
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]


def _matches(element: Element, attrs: dict[str, str]) -> bool:
    for name, value in attrs.items():
        name = name.rstrip("_").replace("_", "-")
        if name == "class":
            if value not in element.attrs.get("class", "").split():
                return False
        elif element.attrs.get(name) != value:
            return False
    return True


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(content: bytes | str) -> Element:
    """Parse a page (a response's content) into a tree of elements."""
    builder = _TreeBuilder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return builder.root
