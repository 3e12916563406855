"""Which address stands for each page type, and what a request to it costs in-process.

The addresses are picked in the fixtures' database: the busiest of their
kind there (the show with most write-ups, the person with most credits, the
most used tag). Both data sets hold the fixtures, so the same addresses are
measured at both sizes and run the same queries; the bigger data set adds
its own busiest pages (``busiest_urls``). The search matches songs and
write-ups in the fixtures, so it runs the same queries at both sizes too.
"""

import statistics
import time
from contextlib import suppress

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from catalog.models import Episode, Person, Show, Song
from reviews.models import Author, WriteUp

PAGE_TYPES = [
    "home",
    "review list",
    "review detail",
    "show list",
    "show detail",
    "episode detail",
    "person list",
    "person detail",
    "song list",
    "song detail",
    "tag page",
    "author page",
    "search",
    "feed",
    "sitemap",
]
MINIMAL = "minimal view (reference)"
LAYOUT = "site layout, no query (reference)"
STOCK = "stock ListView, 20 titles (reference)"
STATIC = "static file (reference)"
SEARCH_QUERY = "love"
CACHE_SECONDS = 300


def busiest():
    """The show with most published write-ups, its newest tagged piece, the person with
    most credits and the most used tag: the heaviest pages of their kind here."""
    published = WriteUp.objects.published()
    show = (
        Show.objects.annotate(
            published_count=Count("writeups", filter=Q(writeups__in=published.values("pk")))
        )
        .order_by("-published_count", "pk")
        .first()
    )
    writeup = (
        published.filter(show=show, tagged_items__isnull=False).order_by("-published_at").first()
        or published.first()
    )
    person = Person.objects.annotate(credit_count=Count("credits")).order_by("-credit_count")[0]
    return show, writeup, person, published.tag_counts().first()


def busiest_catalog():
    """The episode with most write-ups, the song with most credits, the author with most
    published pieces (the launch content has one of each at least)."""
    published = WriteUp.objects.published().values("pk")
    episode = (
        Episode.objects.annotate(
            published_count=Count("writeups", filter=Q(writeups__in=published))
        )
        .select_related("show")
        .order_by("-published_count", "pk")
        .first()
    )
    song = Song.objects.annotate(credit_count=Count("credits")).order_by("-credit_count", "pk")[0]
    author = (
        Author.objects.annotate(published_count=Count("writeups", filter=Q(writeups__in=published)))
        .order_by("-published_count", "pk")
        .first()
    )
    return episode, song, author


def pick_urls():
    """{page type: address} for this database, the references last."""
    show, writeup, person, tag = busiest()
    episode, song, author = busiest_catalog()
    urls = {
        "home": reverse("home"),
        "review list": reverse("reviews:writeup_list"),
        "review detail": writeup.get_absolute_url(),
        "show list": reverse("catalog:show_list"),
        "show detail": show.get_absolute_url(),
        "episode detail": episode.get_absolute_url(),
        "person list": reverse("catalog:person_list"),
        "person detail": person.get_absolute_url(),
        "song list": reverse("catalog:song_list"),
        "song detail": song.get_absolute_url(),
        "tag page": reverse("reviews:tag_detail", kwargs={"slug": tag.slug}),
        "author page": author.get_absolute_url(),
        "search": f"{reverse('reviews:search')}?q={SEARCH_QUERY}",
        "feed": reverse("reviews:feed_latest"),
        "sitemap": reverse("sitemap"),
    }
    with suppress(NoReverseMatch):  # BENCHMARK_VIEWS is off
        urls[MINIMAL] = reverse("bench_minimal")
        urls[LAYOUT] = reverse("bench_layout")
        urls[STOCK] = reverse("bench_stock_list")
    urls[STATIC] = staticfiles_storage.url("css/site.css")
    return urls


def busiest_urls():
    """The heaviest detail pages of this database, beside the page types' own addresses.

    The bigger data set is measured at the fixtures' addresses (the same pages,
    in a bigger database) and at these (bigger pages).
    """
    show, writeup, person, tag = busiest()
    return {
        "review detail, busiest show": writeup.get_absolute_url(),
        "show detail, most write-ups": show.get_absolute_url(),
        "person detail, most credits": person.get_absolute_url(),
        "tag page, most used tag": reverse("reviews:tag_detail", kwargs={"slug": tag.slug}),
    }


def _get(client, url):
    """The response and its body, read in full (a static file is streamed)."""
    response = client.get(url)
    # A streamed body read to the end is closed, as a server would close it.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return body


def _durations(client, url, count):
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        _get(client, url)
        durations.append(time.perf_counter() - started)
    return durations


def _timed(client, url, count):
    return statistics.median(_durations(client, url, count)) * 1000


# The uncached requests of a page alternate with requests of the minimal view,
# in this many rounds, so that the two medians come from the same minutes.
ROUNDS = 10


def _timed_with_reference(client, url, reference, count):
    """Median ms of ``url`` and of ``reference``, their requests taken in alternating rounds.

    On a shared machine the speed drifts over minutes; a page measured at a
    slow moment and compared with a reference measured at a fast one would
    look slower than it is. Interleaved, both see the same machine.
    """
    if reference is None:
        return _timed(client, url, count), None
    page, minimal = [], []
    for done in range(ROUNDS):
        share = count * (done + 1) // ROUNDS - count * done // ROUNDS
        page += _durations(client, url, share)
        minimal += _durations(client, reference, share)
    return statistics.median(page) * 1000, statistics.median(minimal) * 1000


def measure_one(client, url, requests, warmup, reference=None):
    """Queries of one request, and the median milliseconds, page cache off then on.

    ``minimal_ms`` is the minimal view's median over the same minutes as the
    page's uncached requests (None without a reference).
    """
    with override_settings(PAGE_CACHE_SECONDS=0):
        _timed(client, url, warmup)
        with CaptureQueriesContext(connection) as queries:
            body = _get(client, url)
        # Counted now: the next request empties the connection's query log.
        query_count = len(queries)
        uncached, minimal = _timed_with_reference(client, url, reference, requests)
    with override_settings(PAGE_CACHE_SECONDS=CACHE_SECONDS):
        cache.clear()
        _timed(client, url, warmup)
        with CaptureQueriesContext(connection) as cached_queries:
            _get(client, url)
        cached_query_count = len(cached_queries)
        cached = _timed(client, url, requests)
    return {
        "url": url,
        "bytes": len(body),
        "queries": query_count,
        "cached_queries": cached_query_count,
        "median_ms": uncached,
        "minimal_ms": minimal,
        "cached_median_ms": cached,
    }


def measure_in_process(urls, *, requests, warmup):
    """{page type: measurements} for every address, with an anonymous reader's client."""
    client = Client()
    reference = urls.get(MINIMAL)
    return {
        name: measure_one(client, url, requests, warmup, reference) for name, url in urls.items()
    }
