"""The schema.org JSON-LD of a write-up's page: a review, an article or nothing at all.

Every test reads the page through the HTTP client and parses each
<script type="application/ld+json"> with json.loads, as a crawler would. The
other pages' data is tested in test_structured_data_catalog.
"""

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission, User

from catalog.models import Show

from .factories import (
    make_author,
    make_draft,
    make_outlet,
    make_scheduled,
    make_show,
    make_writeup,
)
from .json_ld import SITE, make_soundtrack, the_json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def soundtrack():
    return make_soundtrack()


@pytest.fixture
def authors():
    return [make_author(name="Min Ji", slug="min-ji"), make_author(name="Ana", slug="ana")]


class TestWriteUpPages:
    def test_a_scored_review_is_a_review_of_the_series_with_its_rating(
        self, client, soundtrack, authors
    ):
        review = make_writeup(
            show=soundtrack,
            kind="review",
            title="A warm duet",
            slug="a-warm-duet",
            standfirst="Short, sweet and well sung.",
            authors=authors,
            tags=["romance"],
            scores=[("Story", 9, 10), ("Oppa", 4.9, 5)],
        )
        data = the_json_ld(client, review.get_absolute_url())
        assert data["@type"] == "Review"
        assert data["headline"] == "A warm duet"
        assert data["description"] == "Short, sweet and well sung."
        assert data["url"] == f"{SITE}/reviews/a-warm-duet/"
        assert datetime.fromisoformat(data["datePublished"]) == review.published_at
        assert datetime.fromisoformat(data["dateModified"]) >= review.published_at
        assert data["author"] == [
            {"@type": "Person", "name": "Min Ji", "url": f"{SITE}/authors/min-ji/"},
            {"@type": "Person", "name": "Ana", "url": f"{SITE}/authors/ana/"},
        ]
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "Second Lead",
            "url": f"{SITE}/",
        }
        assert data["itemReviewed"] == {
            "@type": "TVSeries",
            "name": "Soundtrack #1",
            "alternateName": ["사운드트랙#1"],
            "url": f"{SITE}/shows/soundtrack-1/",
        }
        assert data["reviewRating"] == {
            "@type": "Rating",
            "ratingValue": "9.4",
            "bestRating": "10",
            "worstRating": "0",
        }
        assert data["keywords"] == ["romance"]

    def test_an_unscored_review_is_still_a_review_without_a_rating(self, client, soundtrack):
        review = make_writeup(show=soundtrack, kind="review")
        data = the_json_ld(client, review.get_absolute_url())
        assert data["@type"] == "Review"
        assert data["itemReviewed"]["name"] == "Soundtrack #1"
        assert "reviewRating" not in data

    def test_a_film_review_reviews_a_movie(self, client):
        film = make_show(title="Parasite", slug="parasite", kind=Show.Kind.FILM)
        review = make_writeup(show=film, kind="review", scores=[("Story", 10, 10)])
        data = the_json_ld(client, review.get_absolute_url())
        assert data["itemReviewed"]["@type"] == "Movie"
        assert data["reviewRating"]["ratingValue"] == "10.0"  # as the page shows it

    def test_a_piece_from_an_outlet_names_the_outlet_as_publisher(self, client, soundtrack):
        outlet = make_outlet(name="Drama Beans", website="https://dramabeans.example/")
        review = make_writeup(show=soundtrack, outlet=outlet)
        data = the_json_ld(client, review.get_absolute_url())
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "Drama Beans",
            "url": "https://dramabeans.example/",
        }

    def test_a_feature_is_an_article_about_the_series(self, client, soundtrack, authors):
        feature = make_writeup(show=soundtrack, kind="feature", authors=authors[:1])
        data = the_json_ld(client, feature.get_absolute_url())
        assert data["@type"] == "Article"
        assert data["about"]["@type"] == "TVSeries"
        assert data["about"]["name"] == "Soundtrack #1"
        assert data["articleSection"] == "Feature"
        assert data["author"][0]["name"] == "Min Ji"
        assert "itemReviewed" not in data
        assert "reviewRating" not in data

    def test_a_recap_is_an_article_about_its_episode_of_the_series(self, client, soundtrack):
        episode = soundtrack.episodes.get(number=1)
        recap = make_writeup(show=soundtrack, episode=episode, kind="recap")
        data = the_json_ld(client, recap.get_absolute_url())
        assert data["@type"] == "Article"
        assert data["about"] == {
            "@type": "TVEpisode",
            "name": "A new song",
            "episodeNumber": 1,
            "url": f"{SITE}/shows/soundtrack-1/episodes/1/",
            "partOfSeries": {
                "@type": "TVSeries",
                "name": "Soundtrack #1",
                "alternateName": ["사운드트랙#1"],
                "url": f"{SITE}/shows/soundtrack-1/",
            },
        }

    def test_a_piece_without_a_byline_names_no_author_only_the_publisher(self, client, soundtrack):
        feature = make_writeup(show=soundtrack, kind="feature")
        data = the_json_ld(client, feature.get_absolute_url())
        assert "author" not in data
        assert data["publisher"]["name"] == "Second Lead"

    def test_a_title_that_closes_the_script_element_stays_inside_the_json(self, client, soundtrack):
        title = 'Bad </script><script>alert(1)</script> <!-- & "co"'
        review = make_writeup(show=soundtrack, title=title, standfirst=title)
        response = client.get(review.get_absolute_url())
        assert b"</script><script>alert(1)" not in response.content
        data = the_json_ld(client, review.get_absolute_url())
        assert data["headline"] == title
        assert data["description"] == title

    @pytest.mark.parametrize("make_unpublished", [make_draft, make_scheduled])
    def test_a_staff_preview_of_an_unpublished_piece_has_no_json_ld(
        self, client, soundtrack, make_unpublished
    ):
        editor = User.objects.create_user("editor", password="x", is_staff=True)
        editor.user_permissions.add(Permission.objects.get(codename="view_writeup"))
        client.force_login(editor)
        piece = make_unpublished(show=soundtrack, scores=[("Story", 2, 10)])
        response = client.get(piece.get_absolute_url())
        assert response.status_code == 200
        assert b"application/ld+json" not in response.content
