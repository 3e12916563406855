"""Conditional requests see every change: a removal or a go-live is never answered 304.

Reproduces issue 13, finding 9: feeds and sitemaps sent the date of their
newest item as Last-Modified, so unpublishing that item moved it backwards
and a client asking If-Modified-Since got 304 and kept the removed piece; a
scheduled piece going live left /sitemap-writeups.xml answering 304 too.
They now send no Last-Modified; their ETag answers If-None-Match.

Issue 12, item 6: browsers revalidate every page (``max-age=0``) and get
304 while its ETag holds, whether the page came from the cache or not.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from reviews.models import WriteUp
from reviews_site.sitemaps import SITEMAPS

from .factories import make_author, make_scheduled, make_show, make_writeup

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    author = make_author(name="Min", slug="min")
    pieces = {"show": show, "author": author}
    for name, hours in (("older", 48), ("newest", 1)):
        pieces[name] = make_writeup(
            title=f"The {name} piece",
            slug=f"the-{name}-piece",
            show=show,
            authors=[author],
            tags=["romance"],
            published_at=timezone.now() - timedelta(hours=hours),
        )
    return pieces


def feeds_and_sitemaps(site):
    return [
        reverse("reviews:feed_latest"),
        reverse("reviews:feed_tag", kwargs={"slug": "romance"}),
        reverse("reviews:feed_show", kwargs={"slug": site["show"].slug}),
        reverse("sitemap"),
        *(reverse("sitemap_section", kwargs={"section": section}) for section in SITEMAPS),
    ]


def now_as_a_client_saw_it():
    """The If-Modified-Since a client sends that fetched everything just now."""
    return http_date(time.time())


def test_feeds_and_sitemaps_send_no_last_modified_but_an_etag(client, site):
    for url in feeds_and_sitemaps(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Last-Modified" not in response, url
        assert response["ETag"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url


def test_unpublishing_the_newest_piece_is_a_change_for_if_modified_since(client, site):
    before = {url: client.get(url) for url in feeds_and_sitemaps(site)}
    listing = [url for url, response in before.items() if b"the-newest-piece" in response.content]
    assert len(listing) >= 4, "the feeds and the write-ups sitemap list the newest piece"
    since = now_as_a_client_saw_it()

    site["newest"].status = WriteUp.Status.DRAFT
    site["newest"].save()

    for url in before:
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
        assert by_date.status_code == 200, url
        assert b"the-newest-piece" not in by_date.content, url
    for url in listing:
        by_tag = client.get(url, HTTP_IF_NONE_MATCH=before[url]["ETag"])
        assert by_tag.status_code == 200, url


def test_a_scheduled_piece_going_live_is_a_change_for_if_modified_since(client, site):
    scheduled = make_scheduled(
        title="Coming on Friday",
        slug="coming-on-friday",
        show=site["show"],
        authors=[site["author"]],
        tags=["romance"],
    )
    urls = feeds_and_sitemaps(site)
    for url in urls:
        assert "coming-on-friday" not in client.get(url).content.decode(), url
    since = now_as_a_client_saw_it()

    later = scheduled.published_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for url in urls:
            response = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
            assert response.status_code == 200, url
    writeups = reverse("sitemap_section", kwargs={"section": "writeups"})
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "coming-on-friday" in client.get(writeups).content.decode()


@pytest.mark.parametrize("page_cache_seconds", [300, 0])
def test_a_page_answers_if_none_match_with_304_while_unchanged_stored_or_not(
    client, site, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    url = site["newest"].get_absolute_url()
    first = client.get(url)
    assert "max-age=0" in first["Cache-Control"]
    assert "must-revalidate" in first["Cache-Control"]
    assert f"s-maxage={page_cache_seconds}" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    site["newest"].title = "The newest piece, corrected"
    site["newest"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "corrected" in changed.content.decode()
