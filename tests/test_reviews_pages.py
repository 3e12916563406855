"""What the reviews pages show readers: home, the write-up list, a tag, an author.

A write-up's own page is tested in test_writeup_page.
"""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.models import WriteUp

from .factories import make_author, make_show, make_writeup
from .reviews_pages import (
    assert_headings_in_order,
    card_titles,
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


class TestHomePage:
    def test_lead_story_shows_kind_title_standfirst_show_byline_date_and_rating(
        self, client, review
    ):
        _, page = get_page(client, reverse("home"))
        card = page.find("article", class_="lead-story")
        assert card.find("span", class_="badge").text == "Review"
        assert card.find("h3").links() == [(review.get_absolute_url(), review.title)]
        assert card.find("p", class_="lead-story__standfirst").text == review.standfirst
        assert card.find("p", class_="writeup-card__show").text == "Soundtrack #1"
        assert card.find("span", class_="byline").text == "By Min Ji and Ana for Drama Notes"
        assert card.find("time").attrs["datetime"]
        assert card.find("span", class_="rating").text == "Rated 9.7 / 10 derived from its scores"

    def test_latest_lists_the_newest_pieces_first_after_the_lead(self, client, db):
        old = make_writeup(title="Old piece", published_at=days_ago(5))
        middle = make_writeup(title="Middle piece", published_at=days_ago(3))
        new = make_writeup(title="New piece", published_at=days_ago(1))
        _, page = get_page(client, reverse("home"))
        assert page.find("article", class_="lead-story").find("h3").text == new.title
        titles = [h.text for h in page.find("ul", class_="writeup-cards").find_all("h3")]
        assert titles == [middle.title, old.title]

    def test_the_featured_piece_leads_the_home_page_even_when_older(self, client, db):
        featured = make_writeup(title="Featured piece", published_at=days_ago(20), featured=True)
        newer = [make_writeup(title=f"Piece {n}", published_at=days_ago(n)) for n in range(1, 12)]
        _, page = get_page(client, reverse("home"))
        lead = page.find("article", class_="lead-story")
        assert lead.find("h3").text == featured.title
        assert page.find("h2", id="lead-heading").text == "Featured"
        titles = [h.text for h in page.find("ul", class_="writeup-cards").find_all("h3")]
        assert titles == [piece.title for piece in newer[:9]]  # the nine newest after it
        assert featured.title not in titles

    def test_featuring_a_piece_unfeatures_the_one_before(self, client, db):
        first = make_writeup(title="First lead", featured=True)
        second = make_writeup(title="Second lead", published_at=days_ago(9), featured=True)
        first.refresh_from_db()
        assert not first.featured
        _, page = get_page(client, reverse("home"))
        assert page.find("article", class_="lead-story").find("h3").text == second.title

    def test_the_database_refuses_two_featured_pieces(self, db):
        make_writeup(featured=True)
        other = make_writeup()
        with pytest.raises(IntegrityError), transaction.atomic():
            WriteUp.objects.filter(pk=other.pk).update(featured=True)

    def test_a_featured_piece_that_is_not_visible_does_not_lead(self, client, db):
        make_writeup(title="Draft", featured=True, status=WriteUp.Status.DRAFT)
        make_writeup(
            title="Scheduled", featured=True, published_at=timezone.now() + timedelta(days=1)
        )
        newest = make_writeup(title="Newest", published_at=days_ago(1))
        _, page = get_page(client, reverse("home"))
        assert page.find("article", class_="lead-story").find("h3").text == newest.title
        assert page.find("h2", id="lead-heading").text == "Newest"

    def test_top_rated_shows_are_ordered_by_mean_rating_with_their_count(self, client, db):
        good, better = make_show(title="Good show"), make_show(title="Better show")
        make_writeup(show=good, scores=[("Story", 6, 10)])
        make_writeup(show=good, scores=[("Story", 8, 10)])
        make_writeup(show=better, scores=[("Story", 9, 10)])
        make_writeup(show=make_show(title="Unrated show"))
        _, page = get_page(client, reverse("home"))
        entries = [li.text for li in page.find("ol", class_="top-shows").find_all("li")]
        assert entries == [
            "Better show (2022) Rated 9.0 / 10 derived from 1 scored write-up",
            "Good show (2022) Rated 7.0 / 10 derived from 2 scored write-ups",
        ]

    def test_popular_tags_link_to_tag_pages_with_their_counts(self, client, db):
        make_writeup(tags=["romance", "music"])
        make_writeup(tags=["romance"])
        _, page = get_page(client, reverse("home"))
        section = page.find("section", aria_labelledby="tags-heading")
        assert section.links() == [
            ("/tags/romance/", "romance 2 write-ups"),
            ("/tags/music/", "music 1 write-up"),
        ]

    def test_search_form_sends_a_get_to_the_search_page_with_its_own_labelled_input(
        self, client, db
    ):
        _, page = get_page(client, reverse("home"))
        form = page.find("form", class_="home-search")
        assert form.attrs["method"] == "get"
        assert form.attrs["action"] == reverse("reviews:search")
        field = form.find("input", name="q")
        assert field.attrs["id"] == "home-search-q"
        assert page.find("label", **{"for": "home-search-q"}).text
        # One search box a page: the header's is left out here (issue 16).
        assert page.find_all("form", role="search") == [form]

    def test_home_has_one_h1_and_headings_in_order(self, client, review):
        _, page = get_page(client, reverse("home"))
        assert_headings_in_order(page)


@pytest.fixture
def library(soundtrack):
    """Reviews, recaps and a feature on two shows, by two authors, some rated."""
    kim, lee = make_author(name="Kim", slug="kim"), make_author(name="Lee", slug="lee")
    other_show = make_show(title="Twinkling Watermelon", slug="twinkling-watermelon")
    return {
        "best": make_writeup(
            title="Best review",
            show=soundtrack,
            authors=[kim],
            tags=["romance"],
            scores=[("Story", 9.5, 10)],
            published_at=days_ago(5),
        ),
        "recap": make_writeup(
            title="A recap",
            kind="recap",
            show=soundtrack,
            authors=[lee],
            tags=["romance", "music"],
            published_at=days_ago(1),
        ),
        "feature": make_writeup(
            title="A feature",
            kind="feature",
            show=other_show,
            authors=[kim, lee],
            tags=["music"],
            published_at=days_ago(2),
        ),
        "weak": make_writeup(
            title="Weak review",
            show=other_show,
            authors=[lee],
            scores=[("Story", 4, 10)],
            published_at=days_ago(3),
        ),
    }


class TestWriteUpList:
    url = "/reviews/"

    def test_lists_every_published_piece_newest_first(self, client, library):
        _, page = get_page(client, self.url)
        assert card_titles(page) == ["A recap", "A feature", "Weak review", "Best review"]
        assert page.find("h1").text == "Write-ups"

    @pytest.mark.parametrize(
        ("query", "titles", "heading"),
        [
            ("kind=review", ["Weak review", "Best review"], "Reviews"),
            ("kind=recap", ["A recap"], "Episode recaps"),
            ("tag=music", ["A recap", "A feature"], "Write-ups tagged “music”"),
            ("show=soundtrack-1", ["A recap", "Best review"], "Write-ups on Soundtrack #1"),
            ("author=kim", ["A feature", "Best review"], "Write-ups by Kim"),
            (
                "kind=review&show=twinkling-watermelon&author=lee",
                ["Weak review"],
                "Reviews on Twinkling Watermelon by Lee",
            ),
        ],
    )
    def test_filters_narrow_the_list_and_name_it(self, client, library, query, titles, heading):
        _, page = get_page(client, f"{self.url}?{query}")
        assert card_titles(page) == titles
        assert page.find("h1").text == heading
        assert page.find("title").text.startswith(heading)

    def test_sort_by_rating_puts_the_highest_first_and_unrated_last(self, client, library):
        _, page = get_page(client, f"{self.url}?sort=rating")
        assert card_titles(page) == ["Best review", "Weak review", "A recap", "A feature"]
        assert page.find("h1").text == "Write-ups, highest rated first"

    def test_active_filters_are_listed_with_links_that_clear_each(self, client, library):
        _, page = get_page(client, f"{self.url}?kind=review&tag=romance&sort=rating&page=1")
        active = page.find(class_="active-filters")
        items = [li.text for li in active.find("ul").find_all("li")]
        assert items == [
            "Kind: Review Clear the kind filter",
            "Tag: romance Clear the tag filter",
        ]
        clear_links = [
            a.attrs["href"] for a in active.find_all("a", class_="active-filters__clear")
        ]
        # The page cache puts the parameters a page reads in the order of their names.
        assert clear_links == ["?sort=rating&tag=romance", "?kind=review&sort=rating"]
        assert ("/reviews/", "Clear all filters") in active.links()

    def test_the_filter_form_has_labelled_controls_and_keeps_hidden_filters(self, client, library):
        _, page = get_page(client, f"{self.url}?show=soundtrack-1")
        form = page.find("form", class_="writeup-filters")
        for control in form.find_all("select"):
            assert page.find("label", **{"for": control.attrs["id"]}).text
        assert form.find("input", type="hidden", name="show").attrs["value"] == "soundtrack-1"

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("kind=nonsense", "There is no kind of write-up “nonsense”"),
            ("sort=evil", "ordered by newest or by rating, not “evil”"),
            ("show=no-such-show", "There is no show “no-such-show”"),
            ("tag=no-such-tag", "There is no tag “no-such-tag”"),
            ("author=nobody", "There is no author “nobody”"),
            ("kind=<script>alert(1)</script>", "There is no kind of write-up “<script>"),
        ],
    )
    def test_invalid_filters_answer_400_with_a_clear_message(self, client, library, query, message):
        _, page = get_page(client, f"{self.url}?{query}&page=7", status=400)
        alert = page.find(role="alert")
        assert message in alert.text
        assert not page.find_all("script", type=None), "the bad value stays text"
        assert not page.find_all("article", class_="writeup-card")
        assert page.find("meta", name="robots").attrs["content"] == "noindex"

    def test_an_invalid_choice_is_described_next_to_its_control(self, client, library):
        _, page = get_page(client, f"{self.url}?kind=nonsense", status=400)
        select = page.find("select", name="kind")
        error = page.find(id=select.attrs["aria-describedby"])
        assert "There is no kind of write-up “nonsense”" in error.text

    @pytest.mark.parametrize("number", ["abc", "-1", "0", str(10**20), "1.5", "last1"])
    def test_bad_page_numbers_are_404(self, client, library, number):
        get_page(client, f"{self.url}?page={number}", status=404)

    @pytest.mark.parametrize(
        "query",
        [
            "kind=review&kind=recap",
            "show=" + "x" * 5000,
            "tag=%F0%9F%98%80",
            "tag=%ED%95%9C%EA%B8%80",
            "author=%2F..%2F",
            "show=%25&sort=",
            "unknown=1",
            "sort=rating&page=last",
        ],
    )
    def test_odd_input_never_causes_a_server_error(self, client, library, query):
        response = client.get(f"{self.url}?{query}")
        assert response.status_code in {200, 400, 404}

    def test_paginates_twenty_a_page(self, client, db):
        for n in range(21):
            make_writeup(title=f"Piece {n:02}", published_at=days_ago(n + 1))
        _, first = get_page(client, self.url)
        _, second = get_page(client, f"{self.url}?page=2")
        assert len(card_titles(first)) == 20
        assert card_titles(second) == ["Piece 20"]
        assert second.find("a", rel="prev").attrs["href"] == "?page=1"
        assert second.find("title").text.startswith("Write-ups, page 2")

    def test_list_has_one_h1_and_headings_in_order(self, client, library):
        _, page = get_page(client, f"{self.url}?kind=review")
        assert_headings_in_order(page)


class TestTagPage:
    def test_lists_the_tags_published_pieces_and_advertises_its_feed(self, client, library):
        _, page = get_page(client, reverse("reviews:tag_detail", args=["music"]))
        assert page.find("h1").text == "music"
        assert card_titles(page) == ["A recap", "A feature"]
        feed_url = reverse("reviews:feed_tag", args=["music"])
        feed = page.find("link", rel="alternate", type="application/atom+xml", href=feed_url)
        assert "music" in feed.attrs["title"]
        assert page.find("title").text.startswith("Write-ups tagged “music”")
        assert "music" in page.find("meta", name="description").attrs["content"]
        assert_headings_in_order(page)

    def test_a_tag_with_a_unicode_slug_has_a_page(self, client, db):
        writeup = make_writeup(tags=["로맨스"])
        _, page = get_page(client, "/tags/로맨스/")
        assert page.find("h1").text == "로맨스"
        assert card_titles(page) == [writeup.title]

    def test_unknown_tag_is_404(self, client, db):
        get_page(client, "/tags/no-such-tag/", status=404)

    def test_tag_page_is_paginated(self, client, db):
        for n in range(21):
            make_writeup(tags=["long"], published_at=days_ago(n + 1))
        _, page = get_page(client, "/tags/long/?page=2")
        assert len(card_titles(page)) == 1
        get_page(client, "/tags/long/?page=3", status=404)


class TestAuthorPage:
    def test_shows_name_bio_website_and_their_published_pieces(self, client, db):
        author = make_author(
            name="Min Ji",
            slug="min-ji",
            bio="Watches everything twice.",
            website="https://mj.example",
        )
        mine = make_writeup(authors=[author], published_at=days_ago(2))
        shared = make_writeup(authors=[make_author(), author], published_at=days_ago(1))
        make_writeup(authors=[make_author()])
        _, page = get_page(client, author.get_absolute_url())
        assert page.find("h1").text == "Min Ji"
        assert page.find("p", class_="lede").text == "Watches everything twice."
        website = page.find("a", href="https://mj.example")
        assert website.attrs["rel"] == "me noopener"
        titles = [h.text for h in page.find("main").find_all("h3", class_="writeup-card__title")]
        assert titles == [shared.title, mine.title]
        assert page.find("meta", name="description").attrs["content"] == author.bio
        assert_headings_in_order(page)

    def test_unknown_author_is_404(self, client, db):
        get_page(client, "/authors/nobody/", status=404)

    def test_author_page_is_paginated(self, client, db):
        author = make_author()
        for n in range(21):
            make_writeup(authors=[author], published_at=days_ago(n + 1))
        _, page = get_page(client, f"{author.get_absolute_url()}?page=2")
        assert len(page.find("main").find_all("article", class_="writeup-card")) == 1
        get_page(client, f"{author.get_absolute_url()}?page=abc", status=404)
