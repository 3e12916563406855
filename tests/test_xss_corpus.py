"""The XSS corpus (tests/xss.py) comes out of every input inert, in the sanitiser and the pages.

Server-side half; tests/e2e/test_xss_browser.py shows the same pages to
Chromium. Every payload, and its variant that calls a marker host instead of
``alert``, goes through the sanitiser, as raw HTML and in several Markdown
constructs: the result may hold only the allowlisted elements and attributes,
only relative, http, https or mailto addresses, and must not change when
sanitised again. `make test` does this for our own payloads and the slice
(a few payloads of every class, tests/xss.py), `make test-all` for all.

Then into the pages readers see: a write-up's body (50 payloads to a
write-up), title, standfirst and tag, a person's name and the search box.
Every page is checked element by element, with the slice in `make test`
and the whole corpus in `make test-all`.
"""

import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from taggit.models import Tag

from reviews.markdown import render_markdown, sanitize_html

from .factories import make_person, make_show, make_writeup
from .xss import (
    BLNS,
    CLASSES,
    CORPUS,
    MARKED,
    OURS,
    PAYLOADS,
    SLICE,
    SLICE_PAYLOADS,
    Elements,
    chunks,
    payload_class,
    url_scheme,
)

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
    ":::spoiler 2\n{p}\n:::",
]

# Written out here rather than imported, so that widening the sanitiser's
# allowlist makes these tests fail and someone looks again.
SAFE_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "blockquote", "pre",
    "code", "em", "strong", "del", "s", "a", "sup", "sub", "table", "thead", "tbody", "tr",
    "th", "td", "caption", "details", "summary",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "rel", "start", "scope", "lang"}
# The spoiler block (reviews/spoilers.py): one class, episode numbers, never "open".
SPOILER_ATTRIBUTES = {"class": {"spoiler"}, "data-spoiler-from": None, "data-spoiler-to": None}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def assert_inert(html):
    """Only allowlisted elements and attributes, no handler, only safe addresses."""
    for tag, attrs in Elements(html).elements:
        assert tag in SAFE_TAGS, f"<{tag}> is outside the allowlist in {html[:300]!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} in {html[:300]!r}"
            if tag == "details" and name in SPOILER_ATTRIBUTES:
                allowed = SPOILER_ATTRIBUTES[name]
                assert value in allowed if allowed else value.isdigit(), f"{name}={value!r}"
                continue
            assert name in SAFE_ATTRIBUTES, f"attribute {name} on <{tag}> in {html[:300]!r}"
            if name == "href":
                assert url_scheme(value or "") in SAFE_SCHEMES, f"href {value!r} in {html[:300]!r}"


def test_the_corpus_holds_both_sources_and_their_marker_variants():
    assert len(set(BLNS)) >= 100
    assert len(set(OURS)) >= 30
    assert len(MARKED) >= 100


def test_the_slice_has_payloads_of_every_class_from_both_sources():
    assert {payload_class(p) for p in SLICE_PAYLOADS} == set(CLASSES)
    assert set(SLICE_PAYLOADS) & set(OURS) and set(SLICE_PAYLOADS) & set(BLNS)
    assert set(SLICE) <= set(CORPUS)


# `make test` puts our own payloads and the slice through the sanitiser, `make test-all` all.
SANITISER_FAST = set(OURS) | set(SLICE)


@pytest.mark.parametrize(
    "payload",
    [p if p in SANITISER_FAST else pytest.param(p, marks=pytest.mark.full) for p in CORPUS],
)
def test_payload_is_inert_as_raw_html_and_in_every_markdown_construct(payload):
    once = sanitize_html(payload)
    assert_inert(once)
    assert sanitize_html(once) == once
    for context in MARKDOWN_CONTEXTS:
        rendered = render_markdown(context.format(p=payload))
        assert_inert(rendered)
        assert sanitize_html(rendered) == rendered


# Through the pages ----------------------------------------------------------------------

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "object", "embed", "svg", "math", "style", "form",
    "base", "link", "meta", "img", "input", "button", "textarea", "template", "applet",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# Elements the site's own templates use that payloads must never add.
PAGE_FORBIDDEN = FORBIDDEN_TAGS - {"script", "form", "meta", "link", "img", "input", "button"}
SITE_FORMS = {"/search/", "/reviews/", "/shows/", "/people/"}


def assert_page_is_inert(response):
    """The whole page: only the site's own forms, JSON-LD scripts and assets; no handler."""
    assert response.status_code < 500
    html = response.content.decode()
    parsed = Elements(html)
    for tag, attrs in parsed.elements:
        assert tag not in PAGE_FORBIDDEN, f"<{tag}> in {html[:300]!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} on <{tag}>"
            assert name != "style", f"style attribute on <{tag}>"
            if name in URL_ATTRIBUTES:
                assert url_scheme(value or "") in SAFE_SCHEMES, f"{name}={value!r} on <{tag}>"
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


class HostileSite:
    """Write-ups titled, tagged and filled with payloads; people named after them."""

    def __init__(self, payloads):
        self.payloads = [p for p in payloads if p in PAYLOADS]  # the originals
        show = make_show(title="Soundtrack #1", slug="soundtrack-1")
        self.writeup_slugs = []
        for number, payload in enumerate(self.payloads):
            make_writeup(
                show=show,
                title=payload[:200],
                slug=f"hostile-{number}",
                standfirst=payload[:300],
                tags=[payload[:100]],
            )
            self.writeup_slugs.append(f"hostile-{number}")
        for number, group in enumerate(chunks(payloads, 50)):
            make_writeup(show=show, slug=f"hostile-body-{number}", body="\n\n".join(group))
            self.writeup_slugs.append(f"hostile-body-{number}")
        for number, payload in enumerate(self.payloads):
            make_person(name=payload[:200], slug=f"hostile-person-{number}")


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(SLICE, id="slice"),
        pytest.param(CORPUS, id="corpus", marks=pytest.mark.full),
    ],
)
def hostile_site(request, django_db_setup, django_db_blocker):
    """Built once per module and corpus, rolled back after; the tests only read it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield HostileSite(request.param)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_payload_bodies_titles_and_tags_render_inert_on_every_write_up_page(client, hostile_site):
    for slug in hostile_site.writeup_slugs:
        response = client.get(reverse("reviews:writeup_detail", args=[slug]))
        assert response.status_code == 200, slug
        assert_page_is_inert(response)


@pytest.mark.django_db
def test_payload_titles_and_names_render_inert_on_every_list_page(client, hostile_site):
    writeups, people = len(hostile_site.writeup_slugs), len(hostile_site.payloads)
    pages = [
        (reverse("home"), 1),
        (reverse("reviews:writeup_list"), (writeups - 1) // 20 + 1),
        (reverse("catalog:person_list"), (people - 1) // 36 + 1),
        (reverse("catalog:show_detail", args=["soundtrack-1"]), 1),
        (reverse("reviews:feed_latest"), 1),
    ]
    for url, count in pages:
        for page in range(1, count + 1):
            response = client.get(url, {"page": page} if count > 1 else {})
            assert response.status_code == 200, (url, page)
            assert_page_is_inert(response)


@pytest.mark.django_db
def test_payload_tags_render_inert_on_their_tag_pages(client, hostile_site):
    for slug in Tag.objects.values_list("slug", flat=True):
        response = client.get(reverse("reviews:tag_detail", args=[slug]))
        assert response.status_code == 200, slug
        assert_page_is_inert(response)


@pytest.mark.django_db
def test_payload_typed_into_the_search_box_renders_inert(client, hostile_site):
    """The overview for every payload; one-kind pages (with their paging links) for some."""
    payloads = hostile_site.payloads
    searches = [{"q": payload} for payload in payloads]
    searches += [{"q": payload, "type": "writeups"} for payload in payloads[::5]]
    searches += [{"q": payload, "type": "people"} for payload in payloads[2::5]]
    for query in searches:
        response = client.get(f"{reverse('reviews:search')}?{urlencode(query)}")
        assert response.status_code == 200, query
        assert_page_is_inert(response)
