"""A stored page's key holds only what changes the page: junk parameters cannot fill the cache.

Reproduces issue 13, finding 4: the page cache keyed on the full address, so
``?utm_source=1``, ``?utm_source=2``... each stored a new page (2,000
requests grew Redis from 1.3 MB to 17.6 MB). Every public view now declares
the query parameters it reads (reviews_site.cache), and the middleware drops
the others before the view runs: the page, its links and its key are those
of the clean address.
"""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from reviews_site.cache import query_parameters

from .factories import make_show, make_writeup
from .redis_servers import REDIS_URL, cache_settings, clear_cache, count_keys, redis_answers

pytestmark = pytest.mark.django_db

JUNK = 1000


def locmem_entries():
    return len(cache._cache)


@pytest.fixture(params=["local memory", "redis"])
def stored_entries(request, settings):
    """A function that counts the page cache's entries, in local memory or in Redis db 15."""
    if request.param == "local memory":
        yield locmem_entries
        return
    if not redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = cache_settings(REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    yield lambda: count_keys(REDIS_URL, prefix)
    clear_cache()


@pytest.fixture
def writeups():
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    return [make_writeup(show=show, tags=["romance"]) for _ in range(25)]


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0


def test_a_thousand_junk_parameters_store_no_new_page(client, stored_entries, writeups):
    url = reverse("reviews:writeup_list")
    client.get(url)
    before = stored_entries()
    assert before > 0, "the clean page was stored"

    for number in range(JUNK):
        junk = ("utm_source", "fbclid", f"x{number}")[number % 3]
        response = client.get(f"{url}?{junk}={number}")
        assert response.status_code == 200
    assert stored_entries() == before
    assert served_from_cache(client, f"{url}?utm_source=newsletter&gclid=abc")


def test_every_page_a_parameter_changes_is_still_its_own(client, writeups):
    url = reverse("reviews:writeup_list")
    first = client.get(url).content.decode()
    second = client.get(f"{url}?page=2&utm_source=1").content.decode()
    assert second != first
    assert served_from_cache(client, f"{url}?utm_source=2&page=2")
    filtered = client.get(f"{url}?show=soundtrack-1&kind=review&ref=x")
    assert filtered.status_code == 200
    assert "Reviews on Soundtrack #1" in filtered.content.decode()


def test_a_stored_page_never_carries_another_readers_parameters(client, writeups):
    """The page is made from the clean request, so its links hold no junk to share."""
    url = reverse("reviews:writeup_list")
    html = client.get(f"{url}?tracking=reader-42").content.decode()
    assert "reader-42" not in html
    assert "tracking" not in html
    # Parameters the page reads keep their links (the pager keeps the filter).
    html = client.get(f"{url}?tag=romance&tracking=reader-42").content.decode()
    assert "tag=romance&amp;page=2" in html or "page=2&amp;tag=romance" in html
    assert "reader-42" not in html


def test_the_order_of_parameters_makes_one_page(client, writeups):
    url = reverse("reviews:writeup_list")
    client.get(f"{url}?kind=review&sort=rating")
    assert served_from_cache(client, f"{url}?sort=rating&kind=review")


def test_search_keeps_what_it_reads(client, writeups):
    url = reverse("reviews:search")
    response = client.get(f"{url}?q=Soundtrack&type=shows&utm_source=1")
    assert response.status_code == 200
    assert "Soundtrack #1" in response.content.decode()
    assert served_from_cache(client, f"{url}?type=shows&q=Soundtrack")


def public_views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from public_views(pattern, prefix)
        elif isinstance(pattern, URLPattern):
            yield str(pattern.pattern), pattern.callback


def test_every_public_view_says_which_parameters_it_reads():
    """A view that does not say would be stored only without a query string."""
    undeclared = [
        route
        for route, view in public_views()
        if query_parameters(view) is None and not getattr(view, "page_cache_exempt", False)
    ]
    assert undeclared == []


_calls = itertools.count(1)


def counting_view(request):
    return HttpResponse(f"call {next(_calls)}")


urlpatterns = [path("counting/", counting_view)]


@pytest.mark.urls(__name__)
def test_a_view_that_does_not_say_is_stored_only_without_a_query_string(client):
    assert client.get("/counting/").content == client.get("/counting/").content
    assert client.get("/counting/?a=1").content != client.get("/counting/?a=1").content
