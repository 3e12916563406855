"""Write-up bodies cannot carry script: every XSS payload comes out inert.

Each payload goes through both layers on its own: render_markdown (the path
editors' text takes) and sanitize_html (the allowlist, in case a future
change lets HTML past Markdown). The output is parsed with html.parser and
checked element by element: escaped text such as ``&lt;script&gt;`` is
harmless text and is allowed, a real element or attribute outside the
allowlist is not.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from reviews.markdown import render_markdown, sanitize_html

# Written out here rather than imported, so that widening the sanitiser's
# allowlist makes these tests fail and someone looks again.
SAFE_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "blockquote", "pre",
    "code", "em", "strong", "del", "s", "a", "sup", "sub", "table", "thead", "tbody", "tr",
    "th", "td", "caption",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "rel", "start", "scope", "lang"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script\n>alert(1)</script\n>",
    "<script\tsrc=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(1)">',
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<img src=x onerror=alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<a href="javascript:alert(1)">x</a>',
    "<a href='javascript:alert(\"1\")'>nested quotes</a>",
    '<a href="&#106;avascript:alert(1)">entity-encoded scheme</a>',
    '<a href="jav&#x0A;ascript:alert(1)">newline in scheme</a>',
    '<a href="java\tscript:alert(1)">tab in scheme</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](  javascript:alert(1)  )",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<p onclick=alert(1)>event handler on an allowed tag</p>",
    '<a href="https://ok.example" onmouseover="alert(1)">allowed link, bad handler</a>',
    "<table><tr><td onmouseover=alert(1)>x</td></tr></table>",
    "<a title='x\" onmouseover=\"alert(1)'>quote break-out</a>",
    '<img """><script>alert(1)</script>">',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "```\n<script>alert(1)</script>\n```",
    "**<script>alert(1)</script>**",
]


class Inspector(HTMLParser):
    """Collects every element and attribute the browser would build from the HTML."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def url_scheme(url):
    """The scheme a browser would see: it drops tabs and newlines and trims spaces."""
    cleaned = "".join(ch for ch in url if ch not in "\t\n\r").strip(" \x00\x0b\x0c")
    return urlsplit(cleaned).scheme.lower()


def assert_inert(html):
    for tag, attrs in Inspector(html).elements:
        assert tag in SAFE_TAGS, f"<{tag}> is outside the allowlist in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} in {html!r}"
            assert name in SAFE_ATTRIBUTES, f"attribute {name} on <{tag}> in {html!r}"
            if name == "href":
                assert url_scheme(value or "") in SAFE_SCHEMES, f"href {value!r} in {html!r}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renders_the_payload_inert(payload):
    assert_inert(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sanitiser_alone_renders_the_payload_inert(payload):
    assert_inert(sanitize_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitising_twice_changes_nothing(payload):
    once = sanitize_html(payload)
    assert sanitize_html(once) == once
    rendered = render_markdown(payload)
    assert sanitize_html(rendered) == rendered


def test_there_are_at_least_thirty_payloads():
    assert len(set(PAYLOADS)) >= 30


def test_html_typed_in_markdown_is_shown_as_text():
    html = render_markdown('I love <b>bold</b> and <a href="https://x.example">links</a>.')
    assert [tag for tag, _ in Inspector(html).elements] == ["p"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_body_headings_start_at_h2_below_the_page_title():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n###### Six")
    assert [tag for tag, _ in Inspector(html).elements] == ["h2", "h2", "h3", "h6"]


def test_tables_render_with_column_header_scopes_and_no_inline_style():
    html = render_markdown("| Who | Score |\n|:---|---:|\n| Oppa | 4.9 |")
    elements = Inspector(html).elements
    assert [tag for tag, _ in elements] == [
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]  # fmt: skip
    assert [attrs for tag, attrs in elements if tag == "th"] == [[("scope", "col")]] * 2
    assert all(not attrs for tag, attrs in elements if tag == "td")


@pytest.mark.parametrize(
    "href", ["https://example.com/a", "http://example.com", "//example.com/path"]
)
def test_links_to_other_sites_get_noopener_nofollow(href):
    html = render_markdown(f"[elsewhere]({href})")
    assert Inspector(html).elements[1] == ("a", [("href", href), ("rel", "noopener nofollow")])


@pytest.mark.parametrize(
    "href", ["/shows/soundtrack-1/", "#scores", "../reviews/", "mailto:editors@example.com"]
)
def test_links_within_the_site_and_mail_links_get_no_rel(href):
    html = render_markdown(f"[here]({href})")
    assert Inspector(html).elements[1] == ("a", [("href", href)])


def test_ordinary_markdown_survives_the_sanitiser():
    source = (
        "Some *emphasis*, **strong**, ~~struck~~ and `code`.\n\n"
        "> A quote\n\n1. one\n2. two\n\n- a\n- b\n\n---\n\n```\nblock\n```"
    )
    tags = [tag for tag, _ in Inspector(render_markdown(source)).elements]
    for tag in ("em", "strong", "s", "code", "blockquote", "ol", "ul", "li", "hr", "pre"):
        assert tag in tags
