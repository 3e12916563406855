"""Headless Chromium opens every page the XSS corpus reaches, and not one payload runs.

The corpus and its marker variants (tests/xss.py) are planted in
write-up bodies (as Markdown, and as raw HTML through the sanitiser), titles,
standfirsts, tags and people's names, and typed into the search box. The
browser context bypasses the Content-Security-Policy on purpose: the policy
would stop most injected script anyway, and this test is about the HTML the
site writes, not about the policy covering for it.

A payload "runs" if it opens a dialog (alert, prompt, confirm), throws an
uncaught error, or makes any request that leaves the live server (every
request is routed through Playwright; the marker variants call a host that
exists nowhere). Many payloads share a page, so the test stays fast.
`make test` plants the slice (a few payloads of every class), `make test-all`
the whole corpus.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from reviews.markdown import sanitize_html
from reviews.models import WriteUp
from tests.factories import make_person, make_show, make_writeup
from tests.xss import CORPUS, MARKED, MARKER_HOST, PAYLOADS, SLICE, chunks

pytestmark = pytest.mark.browser

PER_PAGE = 50
# (planted payloads, searched payloads): the slice in `make test`, everything in test-all.
CORPORA = [
    pytest.param((SLICE, [p for p in SLICE if p in PAYLOADS]), id="slice"),
    pytest.param((CORPUS, PAYLOADS), id="corpus", marks=pytest.mark.full),
]


def pages_of(count, page_size):
    return range(1, (count - 1) // page_size + 2)


@pytest.fixture(params=CORPORA)
def hostile_site(request, transactional_db):
    """Everything a reader can see, filled with payloads; returns the pages to open."""
    planted, _ = request.param
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    pages = []
    groups = chunks(planted, PER_PAGE)
    for number, group in enumerate(groups):
        markdown = make_writeup(show=show, slug=f"markdown-{number}", body="\n\n".join(group))
        raw = make_writeup(show=show, slug=f"raw-html-{number}")
        WriteUp.objects.filter(pk=raw.pk).update(
            body_html="".join(sanitize_html(payload) for payload in group)
        )
        pages += [markdown.get_absolute_url(), raw.get_absolute_url()]
    for number, group in enumerate(groups):  # tags too, 50 to a write-up
        tagged = make_writeup(show=show, slug=f"tagged-{number}", tags=[p[:100] for p in group])
        pages.append(tagged.get_absolute_url())
    for number, payload in enumerate(planted):
        make_writeup(show=show, slug=f"titled-{number}", title=payload[:200], standfirst=payload)
        make_person(name=payload[:200], slug=f"named-{number}")
    writeups = 3 * len(groups) + len(planted)
    list_url, people_url = reverse("reviews:writeup_list"), reverse("catalog:person_list")
    pages += [f"{list_url}?page={n}" for n in pages_of(writeups, 20)]
    pages += [f"{people_url}?page={n}" for n in pages_of(len(planted), 36)]
    pages += [reverse("home"), show.get_absolute_url()]
    return pages


def assert_nothing_ran(watch):
    assert watch.dialogs == []
    assert watch.page_errors == []
    assert not [url for url in watch.foreign_requests if MARKER_HOST in url], "marker reached"
    assert watch.foreign_requests == []


def test_no_payload_runs_on_the_pages_that_show_it(hostile_site, open_context):
    watch = open_context(bypass_csp=True)
    page = watch.new_page()

    for url in hostile_site:
        response = page.goto(url)
        assert response.status == 200, url
    page.wait_for_timeout(200)  # let any late timer or load handler fire

    assert_nothing_ran(watch)


@pytest.mark.parametrize("corpus", CORPORA)
def test_no_payload_typed_into_the_search_box_runs(corpus, transactional_db, open_context):
    """The query is echoed in the title, the heading, the box and the results.

    One page per query, so the corpus proper is searched here (the marker
    variants differ only in the call a script would make, and they are all
    on the pages above); the server-side test searches every one.
    """
    _, searched = corpus
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    for number, payload in enumerate(searched[:PER_PAGE]):
        make_writeup(show=show, slug=f"titled-{number}", title=payload[:200], standfirst=payload)
        make_person(name=payload[:200], slug=f"named-{number}")
    watch = open_context(bypass_csp=True)
    page = watch.new_page()
    search = reverse("reviews:search")

    page.goto(search)
    box = page.get_by_role("main").get_by_role("searchbox")
    box.fill(MARKED[0])
    box.press("Enter")
    page.wait_for_url(f"**{search}?q=*")
    for payload in searched:
        response = page.goto(f"{search}?{urlencode({'q': payload})}")
        assert response.status == 200, payload
    page.wait_for_timeout(200)

    assert_nothing_ran(watch)
