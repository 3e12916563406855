"""The sitemap index and its sections list exactly the public pages, cheaply; robots.txt
points crawlers at it and away from the admin and search."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Author, WriteUp
from reviews_site.sitemaps import SITEMAPS, WriteUpSitemap
from tests.factories import (
    make_author,
    make_draft,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"
SECTIONS = ["pages", "writeups", "shows", "people", "songs", "tags", "authors"]

pytestmark = pytest.mark.django_db


def parse(response, root_tag):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}{root_tag}"
    return root


def index_entries(client):
    """(loc, lastmod) of every sitemap the index lists."""
    root = parse(client.get("/sitemap.xml"), "sitemapindex")
    return [
        (entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod"))
        for entry in root.iter(f"{SITEMAP}sitemap")
    ]


def listed_pages(client):
    """{url path: lastmod} over every section page the index lists."""
    pages = {}
    for loc, _ in index_entries(client):
        root = parse(client.get(loc.removeprefix(HOST)), "urlset")
        for url in root.iter(f"{SITEMAP}url"):
            path = url.findtext(f"{SITEMAP}loc").removeprefix(HOST)
            assert path not in pages, f"{path} is listed twice"
            pages[path] = url.findtext(f"{SITEMAP}lastmod")
    return pages


def iso(moment):
    """A time as the sitemap index writes it."""
    return timezone.localtime(moment).isoformat()


def local_date(moment):
    """The date a sitemap shows for a time: the day it is in the site's time zone."""
    return timezone.localtime(moment).date().isoformat()


@pytest.fixture
def site():
    now = timezone.now()
    writer, drafter = make_author(name="Min Ji", slug="min-ji"), make_author(slug="only-drafts")
    show = make_show(slug="soundtrack-1")
    live = make_writeup(
        slug="live",
        show=show,
        authors=[writer],
        tags=["romance"],
        published_at=now - timedelta(days=3),
    )
    make_writeup(slug="older", show=show, tags=["romance"], published_at=now - timedelta(days=9))
    make_draft(slug="draft", show=show, authors=[drafter], tags=["secret"])
    make_scheduled(slug="scheduled", show=show, authors=[drafter], tags=["secret"])
    make_person(slug="park-hyung-sik")
    make_song(slug="love-beyond-words", show=show)
    return {"live": live, "show": show}


def test_index_lists_every_section_with_its_latest_change(client, site):
    entries = index_entries(client)

    assert [loc for loc, _ in entries] == [f"{HOST}/sitemap-{name}.xml" for name in SECTIONS]
    assert all(lastmod for _, lastmod in entries)


def test_sections_list_exactly_the_public_pages(client, site):
    assert set(listed_pages(client)) == {
        "/",
        "/reviews/",
        "/shows/",
        "/people/",
        "/songs/",
        "/reviews/live/",
        "/reviews/older/",
        "/shows/soundtrack-1/",
        "/people/park-hyung-sik/",
        "/songs/love-beyond-words/",
        "/tags/romance/",
        "/authors/min-ji/",
    }


def test_pages_carry_lastmod_except_lists_tags_and_authors(client, site):
    """A tag's or author's newest piece costs a walk over all their pieces per item: the
    section's lastmod in the index says when one changed instead."""
    pages = listed_pages(client)

    assert pages["/reviews/live/"] == local_date(site["live"].updated_at)
    unstamped = {"/shows/", "/people/", "/songs/", "/tags/romance/", "/authors/min-ji/"}
    assert all(pages[path] for path in pages if path not in unstamped)
    assert not any(pages[path] for path in unstamped)


def test_large_sections_are_split_into_pages_the_index_lists(client, site, monkeypatch):
    """Each page holds ``limit`` public pieces in key order, every one listed once; drafts
    add no page."""
    monkeypatch.setattr(WriteUpSitemap, "limit", 1)
    make_writeup(slug="newest")
    make_draft(slug="newest-draft")

    locs = [loc for loc, _ in index_entries(client) if "writeups" in loc]

    assert locs == [
        f"{HOST}/sitemap-writeups.xml",
        f"{HOST}/sitemap-writeups.xml?p=2",
        f"{HOST}/sitemap-writeups.xml?p=3",
    ]
    pages = {
        n: [
            url.findtext(f"{SITEMAP}loc").removeprefix(HOST)
            for url in parse(client.get(f"/sitemap-writeups.xml?p={n}"), "urlset").iter(
                f"{SITEMAP}url"
            )
        ]
        for n in (1, 2, 3)
    }
    assert pages == {1: ["/reviews/live/"], 2: ["/reviews/older/"], 3: ["/reviews/newest/"]}
    assert client.get("/sitemap-writeups.xml?p=4").status_code == 404


def test_sections_list_a_thousand_pages_a_page():
    """A page of 1,000 renders in about a fifth of a second (docs/search-limits.md)."""
    sections = [SITEMAPS[name] for name in SECTIONS if name != "pages"]
    assert all(section.limit == 1_000 for section in sections)


def test_a_section_whose_keys_start_high_fills_its_first_page(client, db):
    """Ids far above the page size (a PostgreSQL sequence after many deletions) still make
    one page, listing everything."""
    for pk in (70_001, 70_002):
        make_writeup(pk=pk, slug=f"piece-{pk}")

    locs = [loc for loc, _ in index_entries(client) if "writeups" in loc]

    assert locs == [f"{HOST}/sitemap-writeups.xml"]
    assert sorted(path for path in listed_pages(client) if path.startswith("/reviews/")) == [
        "/reviews/",
        "/reviews/piece-70001/",
        "/reviews/piece-70002/",
    ]


def test_index_dates_each_section_from_what_readers_see(client, site):
    """Drafts and scheduled pieces edited last move no section's latest change."""
    now = timezone.now()
    WriteUp.objects.filter(slug="live").update(updated_at=now - timedelta(hours=5))
    WriteUp.objects.filter(slug="older").update(updated_at=now - timedelta(hours=6))
    WriteUp.objects.filter(slug__in=["draft", "scheduled"]).update(updated_at=now)
    Author.objects.filter(slug="min-ji").update(updated_at=now - timedelta(days=30))

    lastmods = {loc.removeprefix(HOST): lastmod for loc, lastmod in index_entries(client)}

    assert lastmods["/sitemap-writeups.xml"] == iso(now - timedelta(hours=5))
    assert lastmods["/sitemap-tags.xml"] == iso(site["live"].published_at)
    assert lastmods["/sitemap-authors.xml"] == iso(site["live"].published_at)


@pytest.mark.parametrize("page", ["99", "abc"])
def test_missing_section_pages_are_404(client, site, page):
    assert client.get(f"/sitemap-writeups.xml?p={page}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def build(size):
    show = make_show()
    for _ in range(size):
        author = make_author()
        make_writeup(show=show, authors=[author], tags=[f"tag-{author.pk}"])
        make_draft(show=show, authors=[make_author()], tags=["hidden"])
        make_person()
        make_song(show=make_show())


@pytest.mark.parametrize("size", [2, 30])
def test_index_runs_one_query_per_section(client, django_assert_num_queries, size):
    """One COUNT and MAX aggregate per model section; the fixed pages need the latest
    publish time once. Django's default would walk every item of every section."""
    build(size)
    with django_assert_num_queries(7):
        assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("section", ["writeups", "shows", "people", "songs", "tags", "authors"])
def test_section_page_runs_two_queries(client, django_assert_num_queries, size, section):
    """Its size and its items: no query per URL (N+1)."""
    build(size)
    with django_assert_num_queries(2):
        root = parse(client.get(f"/sitemap-{section}.xml"), "urlset")
    assert len(list(root.iter(f"{SITEMAP}url"))) >= size


def test_robots_txt_allows_the_site_but_not_admin_or_search_and_names_the_sitemap(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /search/", "Allow: /"} <= set(lines)
    assert f"Sitemap: {HOST}{reverse('sitemap')}" in lines


def test_index_keeps_section_summaries_until_the_content_changes(
    client, settings, django_assert_num_queries
):
    """Counts and latest changes are kept for the page cache's generation: with the
    page cache off, a second index asks only the fixed pages' latest publication;
    an edit starts a new generation, and the index counts again."""
    settings.PAGE_CACHE_SECONDS = 0
    build(2)
    client.get("/sitemap.xml")
    with django_assert_num_queries(1):
        assert client.get("/sitemap.xml").status_code == 200

    added = make_writeup(authors=[make_author()], tags=["new-tag"])

    lastmods = {loc.removeprefix(HOST): lastmod for loc, lastmod in index_entries(client)}
    assert lastmods["/sitemap-writeups.xml"] == iso(added.updated_at)
    assert lastmods["/sitemap-tags.xml"] == iso(added.published_at)
