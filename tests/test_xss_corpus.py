"""A public XSS corpus (tests/data/xss_payloads.txt) comes out of every input inert.

Server-side half; tests/e2e/test_xss_browser.py shows the same pages to
Chromium. Each payload, and a variant of it that calls a marker host instead
of ``alert``, goes

- through the sanitiser: as Markdown (in several Markdown constructs) and as
  raw HTML, where the result must hold no event-handler attribute, no
  script/iframe/object/embed/svg/style/form element, only relative, http,
  https or mailto addresses, and must not change when sanitised again;
- into the pages readers see: a write-up's body (every payload and variant,
  50 to a write-up), title, standfirst and tag, a person's name and the
  search box (the original payloads). Every page is checked element by
  element.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse
from taggit.models import Tag

from reviews.markdown import render_markdown, sanitize_html

from .factories import make_person, make_show, make_writeup

# The whole corpus is minutes of work: `make test-all` and CI run it; `make test` has
# tests/test_markdown_sanitiser.py's payloads through both layers.
pytestmark = pytest.mark.full

CORPUS = Path(__file__).parent / "data" / "xss_payloads.txt"
PAYLOADS = [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()]
# A host that exists nowhere (.test is reserved): the browser test fails on any request to it.
MARKER_HOST = "xss-marker.test"
MARKER_URL = f"http://{MARKER_HOST}/hit"
_CALL = re.compile(r"\b(?:alert|prompt|confirm)\s*\([^()]*\)")
_FOREIGN_HOST = re.compile(r"ha\.ckers\.org")


def with_marker(payload):
    """The payload with its alert()/prompt() calls and foreign hosts aimed at the marker."""
    marked = _CALL.sub(f"fetch(`{MARKER_URL}`)", payload)
    return _FOREIGN_HOST.sub(MARKER_HOST, marked)


MARKED = [marked for payload in PAYLOADS if (marked := with_marker(payload)) != payload]
ALL_PAYLOADS = PAYLOADS + MARKED

# How a payload can sit in a write-up body written in Markdown.
MARKDOWN_CONTEXTS = [
    "{p}",
    "[{p}]({p})",
    "[link](<{p}>)",
    "![{p}]({p})",
    "*{p}* and **{p}**",
    "## {p}",
    "> {p}",
    "- {p}",
    "| {p} |\n|---|\n| {p} |",
    "[ref]: {p}\n\n[ref]",
    "`{p}`",
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "object", "embed", "svg", "math", "style", "form",
    "base", "link", "meta", "img", "input", "button", "textarea", "template", "applet",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Elements(HTMLParser):
    """(tag, attrs) of every element a browser would build from the HTML, and script texts."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.scripts = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def url_scheme(url):
    """The scheme a browser sees: it ignores tabs and newlines and trims control characters."""
    cleaned = "".join(ch for ch in url if ch not in "\t\n\r").strip("\x00- ")
    return urlsplit(cleaned).scheme.lower()


def assert_no_active_content(html, forbidden=FORBIDDEN_TAGS):
    for tag, attrs in Elements(html).elements:
        assert tag not in forbidden, f"<{tag}> in {html[:300]!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} on <{tag}> in {html[:300]!r}"
            assert name != "style", f"style attribute on <{tag}>"
            if name in URL_ATTRIBUTES:
                assert url_scheme(value or "") in SAFE_SCHEMES, f"{name}={value!r} on <{tag}>"


def test_the_corpus_holds_at_least_a_hundred_distinct_payloads():
    assert len(set(PAYLOADS)) >= 100
    assert len(MARKED) >= 100


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_payload_is_inert_as_raw_html_and_in_every_markdown_construct(payload):
    once = sanitize_html(payload)
    assert_no_active_content(once)
    assert sanitize_html(once) == once
    for context in MARKDOWN_CONTEXTS:
        rendered = render_markdown(context.format(p=payload))
        assert_no_active_content(rendered)
        assert sanitize_html(rendered) == rendered


# Through the pages ----------------------------------------------------------------------

# Elements the site's own templates use that payloads must never add.
PAGE_FORBIDDEN = FORBIDDEN_TAGS - {"script", "form", "meta", "link", "img", "input", "button"}
SITE_FORMS = {"/search/", "/reviews/", "/shows/", "/people/"}


def assert_page_is_inert(response):
    """The whole page: only the site's own forms, JSON-LD scripts and assets; no handler."""
    assert response.status_code < 500
    html = response.content.decode()
    parsed = Elements(html)
    assert_no_active_content(html, forbidden=PAGE_FORBIDDEN)
    for tag, attrs in parsed.elements:
        attrs = dict(attrs)
        if tag == "script":
            assert attrs.get("type") == "application/ld+json", attrs
            assert "src" not in attrs
        elif tag == "form":
            assert attrs.get("action") in SITE_FORMS, attrs
        elif tag in ("img", "link"):
            address = attrs.get("src") or attrs.get("href") or ""
            assert urlsplit(address).netloc in ("", "testserver"), attrs
        elif tag == "meta":
            assert "http-equiv" not in attrs, attrs
    for text in parsed.scripts:
        json.loads(text)  # the whole element is data: no payload closed it early


def chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


@pytest.fixture
def hostile_site(db):
    """Write-ups titled, tagged and filled with payloads; people named after them."""
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    writeups = []
    for number, payload in enumerate(PAYLOADS):
        writeups.append(
            make_writeup(
                show=show,
                title=payload[:200],
                slug=f"hostile-{number}",
                standfirst=payload[:300],
                tags=[payload[:100]],
            )
        )
    for number, group in enumerate(chunks(ALL_PAYLOADS, 50)):
        make_writeup(show=show, slug=f"hostile-body-{number}", body="\n\n".join(group))
    for number, payload in enumerate(PAYLOADS):
        make_person(name=payload[:200], slug=f"hostile-person-{number}")
    return writeups


def test_payload_bodies_titles_and_tags_render_inert_on_every_write_up_page(client, hostile_site):
    for slug in [writeup.slug for writeup in hostile_site] + [
        f"hostile-body-{number}" for number in range(len(chunks(ALL_PAYLOADS, 50)))
    ]:
        response = client.get(reverse("reviews:writeup_detail", args=[slug]))
        assert response.status_code == 200, slug
        assert_page_is_inert(response)


def test_payload_titles_and_names_render_inert_on_every_list_page(client, hostile_site):
    pages = [
        (reverse("home"), 1),
        (reverse("reviews:writeup_list"), len(PAYLOADS) // 20 + 2),
        (reverse("catalog:person_list"), len(PAYLOADS) // 36 + 1),
        (reverse("catalog:show_detail", args=["soundtrack-1"]), 1),
        (reverse("reviews:feed_latest"), 1),
    ]
    for url, count in pages:
        for page in range(1, count + 1):
            response = client.get(url, {"page": page} if count > 1 else {})
            assert response.status_code == 200, (url, page)
            assert_page_is_inert(response)


def test_payload_tags_render_inert_on_their_tag_pages(client, hostile_site):
    for slug in Tag.objects.values_list("slug", flat=True):
        response = client.get(reverse("reviews:tag_detail", args=[slug]))
        assert response.status_code == 200, slug
        assert_page_is_inert(response)


def test_payload_typed_into_the_search_box_renders_inert(client, hostile_site):
    """The overview for every payload; one-kind pages (with their paging links) for some."""
    searches = [{"q": payload} for payload in PAYLOADS]
    searches += [{"q": payload, "type": "writeups"} for payload in PAYLOADS[::5]]
    searches += [{"q": payload, "type": "people"} for payload in PAYLOADS[2::5]]
    for query in searches:
        response = client.get(f"{reverse('reviews:search')}?{urlencode(query)}")
        assert response.status_code == 200, query
        assert_page_is_inert(response)
