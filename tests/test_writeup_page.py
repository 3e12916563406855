"""What a write-up's page shows readers: header, scores, body, sidebars, neighbours."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import make_episode, make_show, make_writeup
from .reviews_pages import (
    assert_headings_in_order,
    days_ago,
    get_page,
    make_review,
    make_soundtrack,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def soundtrack():
    return make_soundtrack()


@pytest.fixture
def review(soundtrack):
    return make_review(soundtrack)


class TestWriteUpPage:
    def test_header_shows_kind_title_standfirst_byline_date_and_reading_time(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        header = page.find("header", class_="writeup__header")
        assert header.find("p", class_="eyebrow").text == "Review"
        assert header.find("h1").text == "Soundtrack #1 is a warm duet"
        assert header.find("p", class_="lede").text == review.standfirst
        published = timezone.localtime(review.published_at)
        time = header.find("time")
        assert time.attrs["datetime"] == published.isoformat()
        assert time.text == f"{published.day} {published:%B %Y}"
        assert "4 min read" in header.text

    def test_byline_links_authors_in_order_and_the_outlet_to_the_original(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        byline = page.find("header", class_="writeup__header").find("span", class_="byline")
        assert byline.links() == [
            ("/authors/min-ji/", "Min Ji"),
            ("/authors/ana/", "Ana"),
            ("https://dramanotes.example/soundtrack", "Drama Notes"),
        ]
        outlet = byline.find("a", href="https://dramanotes.example/soundtrack")
        assert outlet.attrs["rel"] == "noopener nofollow"

    def test_spoiler_notice_comes_before_the_body(self, client, review):
        response, page = get_page(client, review.get_absolute_url())
        notice = page.find(class_="notice")
        assert "Spoiler" in notice.find("strong").text
        html = response.content.decode()
        assert html.index("notice--spoiler") < html.index("writeup__body")

    def test_no_spoiler_notice_when_the_piece_has_none(self, client, soundtrack):
        writeup = make_writeup(show=soundtrack, has_spoilers=False)
        _, page = get_page(client, writeup.get_absolute_url())
        assert not page.find_all(class_="notice--spoiler")

    def test_body_is_the_rendered_markdown_with_headings_under_the_title(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        body = page.find("div", class_="writeup__body")
        assert [h.text for h in body.find_all("h2")] == ["The songs"]
        assert [h.text for h in body.find_all("h3")] == ["The leads"]
        assert not body.find_all("em"), "raw HTML in the Markdown must stay text"
        assert "<em>lands</em>" in body.text

    def test_scores_come_each_on_its_own_scale_then_the_derived_rating(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        rows = [row.text for row in page.find("ul", class_="scores").find_all("li")]
        assert rows == ["Rated 4.9 / 5 — Oppa", "Rated 4.8 / 5 — Noona"]
        derived = page.find("p", class_="scores__derived").text
        assert derived == (
            "Rated 9.7 / 10 derived — the mean of the scores above, worked out by us"
        )

    def test_at_a_glance_shows_who_should_watch_and_who_should_skip(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        verdict = page.find("section", class_="glance").find_all("div", class_="glance__verdict")
        assert [div.find("dt").text for div in verdict] == ["Watch it if", "Skip it if"]
        assert [div.find("dd").text for div in verdict] == [
            "You like slow-burn friendships.",
            "You need a villain.",
        ]

    def test_at_a_glance_has_no_verdict_when_neither_is_set(self, client, soundtrack):
        writeup = make_writeup(show=soundtrack)
        _, page = get_page(client, writeup.get_absolute_url())
        assert page.find("section", class_="glance")
        assert not page.find_all(class_="glance__verdict")

    def test_tags_link_to_their_tag_pages(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        tags = page.find("section", class_="writeup__tags")
        assert sorted(tags.links()) == [
            ("/tags/friends-to-lovers/", "friends-to-lovers"),
            ("/tags/music/", "music"),
            ("/tags/romance/", "romance"),
        ]

    def test_show_card_has_titles_year_platform_leads_and_aggregate_rating(self, client, review):
        make_writeup(show=review.show, scores=[("Story", 7.7, 10)])
        _, page = get_page(client, review.get_absolute_url())
        card = page.find("section", class_="writeup-show")
        assert card.find("p", class_="writeup-show__title").links() == [
            ("/shows/soundtrack-1/", "Soundtrack #1")
        ]
        assert card.find(lang="ko").text == "사운드트랙#1"
        facts = card.find("dl", class_="facts").text
        assert "2022" in facts
        assert "Disney+" in facts
        leads = [li.text for li in card.find("ul", class_="writeup-show__leads").find_all("li")]
        assert leads == ["Park Hyung-sik as Han Seon-woo", "Han So-hee as Lee Eun-soo"]
        assert "8.7 / 10 derived from 2 scored write-ups" in facts

    def test_recap_links_to_the_episode_it_covers(self, client, soundtrack):
        episode = make_episode(show=soundtrack, number=3, title="The bet")
        recap = make_writeup(show=soundtrack, kind="recap", episode=episode)
        _, page = get_page(client, recap.get_absolute_url())
        link = page.find("a", class_="writeup__episode")
        assert link.attrs["href"] == "/shows/soundtrack-1/episodes/3/"
        assert link.text == "episode 3: The bet"
        assert page.find("p", class_="eyebrow").text == "Episode recap"

    def test_more_about_the_show_lists_up_to_four_other_pieces_newest_first(self, client, review):
        others = [
            make_writeup(show=review.show, title=f"Other {n}", published_at=days_ago(n))
            for n in range(1, 6)
        ]
        make_writeup(title="Another show entirely")
        _, page = get_page(client, review.get_absolute_url())
        section = page.find("section", aria_labelledby="more-heading")
        assert section.find("h2").text == "More about Soundtrack #1"
        titles = [a.text for a in section.find("ul").find_all("a")]
        assert titles == [other.title for other in others[:4]]

    def test_related_lists_pieces_sharing_the_most_tags_first(self, client, review):
        one = make_writeup(title="Shares one tag", tags=["music"], published_at=days_ago(1))
        three = make_writeup(
            title="Shares three tags",
            tags=["music", "romance", "friends-to-lovers"],
            published_at=days_ago(30),
        )
        two = make_writeup(title="Shares two tags", tags=["music", "romance"])
        make_writeup(title="Shares nothing", tags=["thriller"])
        _, page = get_page(client, review.get_absolute_url())
        related = page.find("section", aria_labelledby="related-heading")
        titles = [a.text for a in related.find("ul").find_all("a")]
        assert titles == [three.title, two.title, one.title]

    def test_previous_and_next_are_the_chronological_neighbours(self, client, review):
        make_writeup(title="Much older", published_at=days_ago(40))
        older = make_writeup(title="Just before", published_at=days_ago(11))
        newer = make_writeup(title="Just after", published_at=days_ago(9))
        make_writeup(title="Much newer", published_at=days_ago(1))
        _, page = get_page(client, review.get_absolute_url())
        pager = page.find("nav", class_="writeup-pager")
        assert pager.find("a", rel="prev").attrs["href"] == older.get_absolute_url()
        assert pager.find("a", rel="next").attrs["href"] == newer.get_absolute_url()

    def test_the_newest_piece_has_no_next_link(self, client, review):
        older = make_writeup(published_at=days_ago(20))
        _, page = get_page(client, review.get_absolute_url())
        pager = page.find("nav", class_="writeup-pager")
        assert pager.links()[0][0] == older.get_absolute_url()
        assert not pager.find_all("a", rel="next")

    def test_title_and_description_come_from_the_piece(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        assert page.find("title").text.startswith("Soundtrack #1 is a warm duet ·")
        assert page.find("meta", name="description").attrs["content"] == review.standfirst
        feed_url = reverse("reviews:feed_show", args=["soundtrack-1"])
        assert page.find("link", rel="alternate", href=feed_url).attrs["title"]

    def test_a_rated_review_carries_schema_org_review_data(self, client, review):
        _, page = get_page(client, review.get_absolute_url())
        data = json.loads(page.find("script", type="application/ld+json").raw_text())
        assert data["@type"] == "Review"
        assert data["headline"] == review.title
        assert data["itemReviewed"] == {
            "@type": "TVSeries",
            "name": "Soundtrack #1",
            "alternateName": ["사운드트랙#1"],
            "url": "http://testserver/shows/soundtrack-1/",
        }
        assert data["reviewRating"]["ratingValue"] == "9.7"
        assert data["reviewRating"]["bestRating"] == "10"
        assert [author["name"] for author in data["author"]] == ["Min Ji", "Ana"]

    def test_structured_data_cannot_close_its_script_element(self, client, soundtrack):
        title = "Bad </script><script>alert(1)</script> & co"
        writeup = make_writeup(show=soundtrack, kind="feature", title=title)
        _, page = get_page(client, writeup.get_absolute_url())
        scripts = page.find_all("script")
        assert len(scripts) == 1
        data = json.loads(scripts[0].raw_text())
        assert data["@type"] == "Article"
        assert data["headline"] == title

    def test_page_has_one_h1_and_headings_in_order(self, client, review):
        make_writeup(show=review.show, tags=["music"])
        _, page = get_page(client, review.get_absolute_url())
        assert_headings_in_order(page)

    def test_unknown_slug_is_404(self, client, db):
        get_page(client, "/reviews/no-such-piece/", status=404)

    def test_anonymous_readers_get_a_publicly_cacheable_page(self, client, review, settings):
        response, _ = get_page(client, review.get_absolute_url())
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        # Browsers revalidate every time; shared caches keep it as long as the page cache.
        assert "max-age=0" in cache_control
        assert f"s-maxage={settings.PAGE_CACHE_SECONDS}" in cache_control
        assert "Cookie" in response["Vary"], "a signed-in editor's copy must not be shared"
        assert "X-Robots-Tag" not in response


def test_a_piece_with_hundreds_of_tags_still_shows_its_related_pieces(client, soundtrack):
    """Each tag was an arm of one UNION, and SQLite refuses more than 500: the page answered 503."""
    tags = [f"theme {number}" for number in range(600)]
    piece = make_writeup(show=soundtrack, slug="many-tags", tags=tags)
    neighbour = make_writeup(show=make_show(), slug="shares-one", tags=[tags[0]])
    response, page = get_page(client, piece.get_absolute_url())
    assert response.status_code == 200
    assert neighbour.title in page.text
