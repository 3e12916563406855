"""Drafts and scheduled pieces never reach readers through any reviews page.

Each test builds one published piece and, next to it, a draft and a
scheduled piece that would show up on the same path if the page forgot
``WriteUp.objects.published()``: same show, same tags, same author, higher
scores, and publish times that put them in the published piece's way.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from reviews.models import WriteUp

from .factories import make_author, make_draft, make_scheduled, make_show, make_writeup
from .html_tree import parse_html

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Unpublished draft piece"
SCHEDULED_TITLE = "Embargoed scheduled piece"
HIDDEN_TITLES = (DRAFT_TITLE, SCHEDULED_TITLE)


@pytest.fixture
def pieces():
    author = make_author(slug="shared-author")
    show = make_show(title="Shared show", slug="shared-show")
    lonely_show = make_show(title="Only unpublished show", slug="lonely-show")
    shared = {"show": show, "authors": [author], "tags": ["shared-tag", "second-tag"]}
    older = make_writeup(
        title="Older published piece",
        published_at=timezone.now() - timedelta(days=10),
        scores=[("Story", 5, 10)],
        **shared,
    )
    newer = make_writeup(
        title="Newer published piece",
        published_at=timezone.now() - timedelta(days=2),
        **shared,
    )
    draft = make_draft(
        title=DRAFT_TITLE,
        scores=[("Story", 10, 10)],
        tags=["shared-tag", "second-tag", "draft-only-tag"],
        show=show,
        authors=[author],
    )
    # A draft with a publish time between the two published pieces: if it
    # leaked, it would be their neighbour.
    WriteUp.objects.filter(pk=draft.pk).update(published_at=timezone.now() - timedelta(days=5))
    scheduled = make_scheduled(
        title=SCHEDULED_TITLE,
        scores=[("Story", 10, 10)],
        tags=["shared-tag", "second-tag", "scheduled-only-tag"],
        show=show,
        authors=[author],
    )
    make_draft(title="Draft on a show of its own", show=lonely_show, scores=[("Story", 9, 10)])
    make_scheduled(title="Scheduled on a show of its own", show=lonely_show)
    return {
        "older": older,
        "newer": newer,
        "draft": draft,
        "scheduled": scheduled,
        "author": author,
        "show": show,
    }


def assert_hides_unpublished(response):
    assert response.status_code == 200
    html = response.content.decode()
    for title in HIDDEN_TITLES:
        assert title not in html
    return html


@pytest.fixture
def staff_client(client):
    """A signed-in editor who may view write-ups in the admin."""
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_writeup"))
    client.force_login(user)
    return client


class TestReadersNeverSeeUnpublishedPieces:
    def test_home_latest_list(self, client, pieces):
        html = assert_hides_unpublished(client.get(reverse("home")))
        assert pieces["newer"].title in html

    def test_home_top_rated_shows_average_only_published_scores(self, client, pieces):
        page = parse_html(assert_hides_unpublished(client.get(reverse("home"))))
        shows = [li.text for li in page.find("ol", class_="top-shows").find_all("li")]
        assert shows == ["Shared show (2022) Rated 5.0 / 10 derived from 1 scored write-up"]

    def test_home_popular_tags_count_only_published_pieces(self, client, pieces):
        page = parse_html(assert_hides_unpublished(client.get(reverse("home"))))
        tags = page.find("section", aria_labelledby="tags-heading").links()
        assert sorted(tags) == [
            ("/tags/second-tag/", "second-tag 2 write-ups"),
            ("/tags/shared-tag/", "shared-tag 2 write-ups"),
        ]

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "kind=review",
            "tag=shared-tag",
            "show=shared-show",
            "author=shared-author",
            "sort=rating",
            "sort=rating&tag=second-tag&show=shared-show&author=shared-author&kind=review",
        ],
    )
    def test_writeup_list_with_and_without_filters(self, client, pieces, query):
        html = assert_hides_unpublished(client.get(f"{reverse('reviews:writeup_list')}?{query}"))
        assert pieces["older"].title in html
        assert pieces["newer"].title in html

    def test_list_refuses_a_tag_found_only_on_unpublished_pieces(self, client, pieces):
        for tag in ("draft-only-tag", "scheduled-only-tag"):
            response = client.get(reverse("reviews:writeup_list"), {"tag": tag})
            assert response.status_code == 400

    def test_list_sorted_by_rating_puts_the_published_scored_piece_first(self, client, pieces):
        html = assert_hides_unpublished(
            client.get(reverse("reviews:writeup_list"), {"sort": "rating"})
        )
        assert html.index(pieces["older"].title) < html.index(pieces["newer"].title)

    def test_tag_page(self, client, pieces):
        html = assert_hides_unpublished(
            client.get(reverse("reviews:tag_detail", args=["shared-tag"]))
        )
        assert "2 write-ups" in html

    @pytest.mark.parametrize("tag", ["draft-only-tag", "scheduled-only-tag"])
    def test_a_tag_found_only_on_unpublished_pieces_has_no_page(self, client, pieces, tag):
        assert client.get(reverse("reviews:tag_detail", args=[tag])).status_code == 404

    def test_author_page(self, client, pieces):
        html = assert_hides_unpublished(client.get(pieces["author"].get_absolute_url()))
        assert "2 write-ups" in html

    def test_an_author_seen_only_on_unpublished_pieces_has_no_page(self, client, pieces):
        """Like a tag: no name, bio or JSON-LD for a byline readers cannot see yet."""
        hidden = make_author(name="Hidden Writer", slug="hidden-writer", bio="Secret bio.")
        for piece in (pieces["draft"], pieces["scheduled"]):
            piece.bylines.create(author=hidden, order=1)

        response = client.get(hidden.get_absolute_url())

        assert response.status_code == 404
        assert "Secret bio." not in response.content.decode()
        assert "hidden-writer" not in client.get("/sitemap-authors.xml").content.decode()
        listed = client.get(reverse("reviews:writeup_list"), {"author": "hidden-writer"})
        assert listed.status_code == 400  # as for a tag seen only on drafts
        assert "There is no author “hidden-writer”" in listed.content.decode()

    def test_detail_more_from_show_related_and_neighbours(self, client, pieces):
        html = assert_hides_unpublished(client.get(pieces["older"].get_absolute_url()))
        assert f'href="{pieces["newer"].get_absolute_url()}" rel="next"' in html
        assert 'rel="prev"' not in html
        html = assert_hides_unpublished(client.get(pieces["newer"].get_absolute_url()))
        assert f'href="{pieces["older"].get_absolute_url()}" rel="prev"' in html
        assert 'rel="next"' not in html, "the scheduled piece is not yet the next one"

    def test_detail_show_card_rates_the_show_from_published_pieces_only(self, client, pieces):
        html = assert_hides_unpublished(client.get(pieces["newer"].get_absolute_url()))
        assert "from 1 scored write-up" in html

    @pytest.mark.parametrize("which", ["draft", "scheduled"])
    def test_unpublished_detail_is_404_for_anonymous_readers(self, client, pieces, which):
        response = client.get(pieces[which].get_absolute_url())
        assert response.status_code == 404
        assert pieces[which].title not in response.content.decode()

    @pytest.mark.parametrize("which", ["draft", "scheduled"])
    def test_unpublished_detail_is_404_for_signed_in_readers(self, client, pieces, which):
        client.force_login(User.objects.create_user("reader", password="x"))
        assert client.get(pieces[which].get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("which", ["draft", "scheduled"])
    def test_unpublished_detail_is_404_for_staff_without_the_view_permission(
        self, client, pieces, which
    ):
        client.force_login(User.objects.create_user("intern", password="x", is_staff=True))
        assert client.get(pieces[which].get_absolute_url()).status_code == 404


class TestStaffPreview:
    def test_a_draft_opens_with_a_banner_noindex_and_no_caching(self, staff_client, pieces):
        response = staff_client.get(pieces["draft"].get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert '<div class="preview-banner" role="status">' in html
        assert "Preview — this draft is not published" in html
        assert '<meta name="robots" content="noindex">' in html
        assert "application/ld+json" not in html, "no structured data for search engines"
        assert response["X-Robots-Tag"] == "noindex"
        cache_control = response["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control
        assert "public" not in cache_control

    def test_a_scheduled_piece_says_when_it_will_appear(self, staff_client, pieces):
        response = staff_client.get(pieces["scheduled"].get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        published = timezone.localtime(pieces["scheduled"].published_at)
        assert f'Scheduled for <time datetime="{published.isoformat()}">' in html
        assert "readers cannot see it yet" in html
        assert response["X-Robots-Tag"] == "noindex"
        assert "no-store" in response["Cache-Control"]

    def test_a_published_piece_has_no_banner_for_staff_and_stays_private(
        self, staff_client, pieces
    ):
        response = staff_client.get(pieces["newer"].get_absolute_url())
        html = response.content.decode()
        assert "preview-banner" not in html
        assert "noindex" not in html
        assert "X-Robots-Tag" not in response
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    def test_the_preview_still_hides_other_unpublished_pieces(self, staff_client, pieces):
        html = staff_client.get(pieces["draft"].get_absolute_url()).content.decode()
        assert SCHEDULED_TITLE not in html
        assert "Draft on a show of its own" not in html


class TestSchedule:
    def test_a_scheduled_piece_appears_once_its_time_has_passed(self, client, pieces):
        scheduled = pieces["scheduled"]
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        WriteUp.objects.filter(pk=scheduled.pk).update(
            published_at=timezone.now() - timedelta(minutes=1)
        )
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert SCHEDULED_TITLE in client.get(reverse("home")).content.decode()
        listed = client.get(reverse("reviews:writeup_list"), {"tag": "scheduled-only-tag"})
        assert listed.status_code == 200
        assert SCHEDULED_TITLE in listed.content.decode()
        tag_page = client.get(reverse("reviews:tag_detail", args=["scheduled-only-tag"]))
        assert tag_page.status_code == 200
        newer = client.get(pieces["newer"].get_absolute_url()).content.decode()
        assert f'href="{scheduled.get_absolute_url()}" rel="next"' in newer
