"""A tiny HTML tree for tests: find elements by tag, class and attributes, read their text.

Built on html.parser so that tests look at elements, not at substrings: text
that merely looks like markup ("&lt;h1&gt;") is text here, as in a browser.
"""

from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "source", "track", "wbr",
}  # fmt: skip


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    @property
    def text(self):
        """The element's text, with runs of whitespace collapsed to one space."""
        return " ".join(self.raw_text().split())

    def raw_text(self):
        return "".join(
            child if isinstance(child, str) else child.raw_text() for child in self.children
        )

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, class_=None, **attrs):
        """Descendants matching the tag, one of the classes and every attribute given.

        Attribute names use ``_`` for ``-`` (``aria_label="Tags"``).
        """
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag=None, class_=None, **attrs):
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag or '*'} class={class_!r} {attrs}> in the page"
        return found[0]

    def links(self):
        """(href, text) for every link below this element."""
        return [(a.attrs.get("href"), a.text) for a in self.find_all("a")]

    def headings(self):
        """(level, text) of every h1 to h6, in document order."""
        levels = {f"h{n}": n for n in range(1, 7)}
        return [(levels[e.tag], e.text) for e in self.iter() if e.tag in levels]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(html):
    """The document tree of an HTML string or bytes."""
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
