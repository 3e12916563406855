"""One rating component: one rounding rule, each author's score on its own scale first,
the derived rating labelled as derived on the site's scale, a show's rating with the number
of scored write-ups it rests on, and an unscored review that says so (issue 16, part 6)."""

import re
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_show, make_writeup
from tests.html_tree import parse_html
from tests.launch_fixtures import FIXTURES

REVIEW = "k-drama-review-soundtrack-1-2022"
BINGE = "the-weekend-binge-soundtrack-1"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse_html(response.content.decode())


def squash(text):
    return " ".join(text.split())


def writeup_url(slug):
    return reverse("reviews:writeup_detail", kwargs={"slug": slug})


class LaunchRatingsTests(TestCase):
    fixtures = FIXTURES

    def test_review_gives_each_authors_score_on_its_own_scale_first(self):
        review = page(self.client, writeup_url(REVIEW))
        scores = review.find("section", class_="glance")
        rows = [squash(row.text) for row in scores.find("ul", class_="scores").find_all("li")]
        assert rows == ["Rated 4.9 / 5 — Oppa", "Rated 4.8 / 5 — Noona"]
        derived = squash(scores.find("p", class_="scores__derived").text)
        assert derived.startswith("Rated 9.7 / 10 derived")

    def test_no_page_states_an_overall_score_nobody_gave(self):
        for url in (writeup_url(REVIEW), "/", reverse("reviews:writeup_list")):
            text = squash(page(self.client, url).text)
            assert "Overall" not in text, url
            # Every 9.7 on the page is labelled as derived.
            assert text.count("9.7 / 10") == text.count("9.7 / 10 derived"), url

    def test_scores_come_at_a_glance_before_the_body(self):
        markup = self.client.get(writeup_url(REVIEW)).content.decode()
        assert markup.index('class="glance"') < markup.index('class="prose writeup__body"')

    def test_show_rating_says_it_rests_on_one_scored_writeup_among_two_reviews(self):
        show = page(self.client, reverse("catalog:show_detail", kwargs={"slug": "soundtrack-1"}))
        summary = squash(show.find("p", class_="rating-summary").text)
        assert summary == "Rated 9.7 / 10 derived from 1 scored write-up"
        listed = show.find("section", aria_labelledby="writeups-heading")
        reviews = [
            item
            for item in listed.find_all("article", class_="writeup-item")
            if "Review" in item.find("p", class_="writeup-item__meta").text
        ]
        assert len(reviews) == 2

    def test_the_unscored_review_says_so_on_cards_and_lists(self):
        show = page(self.client, reverse("catalog:show_detail", kwargs={"slug": "soundtrack-1"}))
        items = {
            squash(item.find("h3").text): item
            for item in show.find_all("article", class_="writeup-item")
        }
        binge = next(item for title, item in items.items() if "Weekend Binge" in title)
        assert squash(binge.find("p", class_="writeup-item__rating").text) == "Not scored"
        cards = page(self.client, reverse("reviews:writeup_list")).find_all(
            "article", class_="writeup-card"
        )
        binge_card = next(card for card in cards if "Weekend Binge" in card.text)
        assert squash(binge_card.find("p", class_="writeup-card__top").text) == (
            "Review Not scored"
        )
        recap = next(card for card in cards if "Episode recap" in card.text)
        assert "scored" not in recap.text  # only a review is expected to carry scores

    def test_writeup_page_sidebar_and_home_give_the_show_rating_the_same_way(self):
        expected = "9.7 / 10 derived from 1 scored write-up"
        home = squash(page(self.client, "/").find("ol", class_="top-shows").text)
        aside = squash(page(self.client, writeup_url(BINGE)).find("dl", class_="facts").text)
        shows = squash(page(self.client, reverse("catalog:show_list")).text)
        for text in (home, aside, shows):
            assert expected in text


@pytest.mark.django_db
def test_one_rounding_rule_on_the_card_and_in_top_rated_shows(client):
    """8.75 was 8.75 on its card and 8.8 in "Top-rated shows" on the same page."""
    show = make_show(title="Rounding show", year=2022)
    make_writeup(show=show, kind="review", scores=[("Story", "8.5", 10), ("Acting", 9, 10)])
    home = page(client, "/")
    card = home.find("article", class_="lead-story")
    top = home.find("ol", class_="top-shows")
    assert squash(card.find("span", class_="rating").text).startswith("Rated 8.8 / 10")
    assert "Rated 8.8 / 10" in squash(top.text)
    assert "8.75" not in home.text


@pytest.mark.django_db
def test_derived_ratings_take_their_scale_from_the_model_not_the_template(client, monkeypatch):
    monkeypatch.setattr("reviews.templatetags.ratings.RATING_SCALE", Decimal(100))
    show = make_show(title="Scale show", year=2022)
    review = make_writeup(show=show, kind="review", scores=[("Story", 4, 5)])
    for url in ("/", review.get_absolute_url(), show.get_absolute_url()):
        text = squash(page(client, url).text)
        assert re.search(r"8\.0 / 100 derived", text), url
        assert "/ 10 " not in text and "/10" not in text, url
