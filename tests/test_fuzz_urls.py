"""No address a reader can type gives a server error: property-based tests over every public URL.

Each public pattern of ``reviews_site.urls`` (walked, not listed by hand) is
requested with generated path values and query strings: NUL bytes, 10,000
character strings, page numbers such as 0, -1, abc and 10**20, HTML, any
unicode, raw and broken percent-encodings, and the real slugs of a small
dataset so that the pages behind them are reached too. Any answer is fine
except a 5xx. The suite runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .factories import (
    make_author,
    make_credit,
    make_episode,
    make_person,
    make_show,
    make_song,
    make_writeup,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 40
REAL_SLUGS = ["a-review", "soundtrack-1", "oppa", "romance", "park-hyung-sik", "song-one", "pages"]
QUERY_KEYS = ["page", "q", "type", "kind", "sort", "tag", "show", "author", "year", "platform"]
QUERY_KEYS += ["genre", "format", "p", "o", "_", ""]


def public_routes(resolver=None, prefix="", namespace=""):
    """(name, full route) of every named public pattern; the admin is not public."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from public_routes(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield namespace + pattern.name, prefix + str(pattern.pattern)


ROUTES = sorted(public_routes())
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Values known to break naive code: page numbers, NUL, HTML, SQL, encodings, scripts.
KNOWN_BAD = [
    "", "0", "-1", "abc", str(10**20), "-" + str(10**20), "1e10", "1.5", " 1", "\uff10",
    "\x00", "a\x00b", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --", "%", "%00", "%zz", "%E2%82", "%25", "..", "../../etc/passwd",
    "사운드트랙", "Hyungsik", "\u202e\u0000", "🇰🇷👩\u200d👩\u200d👧", "\ud7a3", "\uffff",
    "x" * 10_000, "|", "*", "\\", "&", "=", "#", "?", ";", "NULL", "None", "true", "[]", "{}",
]  # fmt: skip

hostile_text = st.one_of(
    st.text(max_size=40),
    # Around 10,000 characters of any unicode.
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(
        lambda text: text * 900
    ),
    st.sampled_from(KNOWN_BAD),
    st.sampled_from(REAL_SLUGS),
)


def encode(value):
    """Percent-encode, except that a few raw encodings ("%zz", "%00") stay as typed."""
    return value if re.fullmatch(r"%[0-9A-Za-z]{0,2}", value) else quote(value, safe="")


@st.composite
def path_for(draw, route):
    def replace(match):
        if match["converter"] == "int":
            value = draw(st.one_of(st.integers(-5, 10**22).map(str), hostile_text))
        else:
            value = draw(hostile_text)
        return encode(value)

    return "/" + _PARAMETER.sub(replace, route)


query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), hostile_text), hostile_text), max_size=4
).map(lambda pairs: "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs))


@pytest.fixture
def small_site():
    """Enough data that the generated slugs sometimes reach real pages."""
    author = make_author(slug="oppa")
    show = make_show(slug="soundtrack-1")
    make_writeup(slug="a-review", show=show, authors=[author], tags=["romance"])
    make_episode(show=show, number=1)
    person = make_person(slug="park-hyung-sik")
    make_credit(show=show, person=person)
    make_song(show=show, slug="song-one", performers=[person])


def test_every_public_route_is_fuzzed():
    names = {name for name, _ in ROUTES}
    assert {"home", "reviews:search", "catalog:episode_detail", "sitemap"} <= names
    assert len(ROUTES) >= 19


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_generated_address_gives_a_server_error(client, small_site, name, route, data):
    path = data.draw(path_for(route), label="path")
    query = data.draw(query_strings, label="query")
    method = data.draw(st.sampled_from(["get", "head"]), label="method")

    response = getattr(client, method)(f"{path}?{query}" if query else path)

    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code < 500, (path, query)


@pytest.mark.parametrize("page", ["0", "-1", "abc", str(10**20), "1.5", "", "%00", "99999", "last"])
@pytest.mark.parametrize("url", ["/reviews/", "/shows/", "/people/", "/songs/", "/tags/romance/"])
def test_bad_page_numbers_are_a_client_error(client, small_site, url, page):
    response = client.get(f"{url}?page={page}")

    assert response.status_code in (200, 400, 404), (url, page)
