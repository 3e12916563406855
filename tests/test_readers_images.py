"""Images on the readers' pages: lead images, posters and photos where they exist,
covers set in type where they do not, and the "at a glance" box.

The launch content has no images (fixtures/README.md): these tests upload
plain generated ones.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.templatetags.catalog_images import COVER_SHAPES, COVER_TEXT_WIDTH, cover_size

from .factories import make_person, make_show, make_writeup
from .image_files import image_bytes
from .reviews_pages import days_ago, get_page, make_review, make_soundtrack

pytestmark = pytest.mark.django_db

LEAD_ALT = "Park Hyung-sik and Han So-hee at a piano"


@pytest.fixture
def soundtrack():
    return make_soundtrack()


def with_lead_image(writeup, size=(1600, 900)):
    writeup.lead_image.save("lead.jpg", ContentFile(image_bytes("JPEG", size)), save=False)
    writeup.lead_image_alt = LEAD_ALT
    writeup.lead_image_caption = "The duet in episode 2."
    writeup.lead_image_credit = "Photo: Disney+"
    writeup.save()
    return writeup


def with_poster(show):
    show.poster.save("poster.jpg", ContentFile(image_bytes("JPEG", (800, 1200))))
    return show


class TestLeadImage:
    def test_the_lead_image_opens_the_page_with_alt_text_caption_and_credit(
        self, client, soundtrack
    ):
        review = with_lead_image(make_review(soundtrack))
        _, page = get_page(client, review.get_absolute_url())
        figure = page.find("figure", class_="writeup__lead")
        img = figure.find("img")
        assert img.attrs["alt"] == LEAD_ALT
        assert img.attrs["width"] and img.attrs["height"]  # no layout shift
        assert img.attrs["loading"] == "eager"  # it is the top of the page
        assert "800w" in img.attrs["srcset"] and "1200w" in img.attrs["srcset"]
        assert figure.find("figcaption").text == "The duet in episode 2. Photo: Disney+"
        markup = client.get(review.get_absolute_url()).content.decode()
        assert (
            markup.index('class="writeup__lead"')
            < markup.index('class="glance"')
            < markup.index('class="prose writeup__body"')
        )

    def test_open_graph_shares_the_lead_image_else_the_poster(self, client, soundtrack):
        with_poster(soundtrack)
        plain = make_writeup(show=soundtrack)
        pictured = with_lead_image(make_writeup(show=soundtrack))
        _, page = get_page(client, pictured.get_absolute_url())
        image = page.find("meta", property="og:image").attrs["content"]
        assert "/lead-images/" in image
        assert page.find("meta", property="og:image:alt").attrs["content"] == LEAD_ALT
        _, page = get_page(client, plain.get_absolute_url())
        assert "/posters/" in page.find("meta", property="og:image").attrs["content"]
        assert (
            page.find("meta", property="og:image:alt").attrs["content"] == "Poster of Soundtrack #1"
        )


class TestCards:
    def test_a_card_shows_the_lead_image_else_the_poster_else_a_cover(self, client, soundtrack):
        bare_show = make_show(title="Grid", native_title="그리드", year=2022)
        with_poster(soundtrack)
        covered = make_writeup(title="Covered", show=bare_show, published_at=days_ago(3))
        postered = make_writeup(title="Postered", show=soundtrack, published_at=days_ago(2))
        pictured = with_lead_image(
            make_writeup(title="Pictured", show=soundtrack, published_at=days_ago(1))
        )
        _, page = get_page(client, reverse("reviews:writeup_list"))
        cards = {
            card.find("h2").text: card for card in page.find_all("article", class_="writeup-card")
        }
        assert cards[pictured.title].find("img").attrs["alt"] == LEAD_ALT
        assert cards[postered.title].find("img").attrs["alt"] == "Poster of Soundtrack #1"
        cover = cards[covered.title].find("span", class_="cover")
        assert not cards[covered.title].find_all("img")
        assert cover.attrs["aria-hidden"] == "true"
        assert cover.find("span", class_="cover__title").text == "Grid"
        assert cover.find("span", class_="cover__native").text == "그리드"
        assert cover.find("span", class_="cover__year").text == "2022"
        # Every card image is below the fold on a list: lazy, with its size given.
        for card in cards.values():
            for img in card.find_all("img"):
                assert img.attrs["loading"] == "lazy"
                assert img.attrs["width"] and img.attrs["height"]

    def test_the_home_page_lead_loads_its_image_first(self, client, soundtrack):
        with_lead_image(make_writeup(show=soundtrack, featured=True))
        _, page = get_page(client, reverse("home"))
        img = page.find("article", class_="lead-story").find("img")
        assert img.attrs["loading"] == "eager"
        assert img.attrs["alt"] == LEAD_ALT

    def test_shows_and_people_without_images_get_covers_not_placeholders(self, client, soundtrack):
        _, page = get_page(client, reverse("catalog:show_list"))
        card = page.find("ul", class_="cards--posters").find("article")
        assert card.find("span", class_="cover__title").text == "Soundtrack #1"
        _, page = get_page(client, reverse("catalog:person_list"))
        card = page.find("ul", class_="cards--people").find("article")
        assert card.find("span", class_="cover")
        assert (
            "avatar-placeholder" not in client.get(reverse("catalog:person_list")).content.decode()
        )

    def test_a_cover_keeps_each_word_whole(self, client, db):
        make_show(title="Hometown Cha-Cha-Cha", native_title="갯마을 차차차", year=2021)
        _, page = get_page(client, reverse("catalog:show_list"))
        title = page.find("span", class_="cover__title")
        assert [word.text for word in title.find_all("span")] == ["Hometown", "Cha-Cha-Cha"]
        native = page.find("span", class_="cover__native")
        assert [word.text for word in native.find_all("span")] == ["갯마을", "차차차"]


class TestSearchAndPeople:
    def test_search_results_carry_a_poster_photo_or_cover(self, client, soundtrack):
        with_poster(soundtrack)
        make_review(soundtrack)
        _, page = get_page(client, "/search/?q=soundtrack")
        shows = page.find("section", aria_labelledby="results-shows")
        assert shows.find("span", class_="result__media").find("img").attrs["alt"] == ""
        _, page = get_page(client, "/search/?q=hyung-sik")
        people = page.find("section", aria_labelledby="results-people")
        assert people.find("span", class_="result__media").find("span", class_="cover")

    def test_a_person_page_shows_posters_beside_the_filmography(self, client, soundtrack):
        with_poster(soundtrack)
        _, page = get_page(client, "/people/park-hyung-sik/")
        filmography = page.find("ol", class_="filmography")
        assert filmography.find("span", class_="filmography__poster").find("img")


class TestAtAGlance:
    def test_it_gives_each_score_the_verdict_where_to_watch_episodes_and_spoilers(
        self, client, soundtrack
    ):
        soundtrack.episode_count, soundtrack.runtime_minutes = 4, 45
        soundtrack.save()
        review = make_review(soundtrack)
        review.spoiler_from_episode, review.spoiler_to_episode = 1, 4
        review.save()
        _, page = get_page(client, review.get_absolute_url())
        glance = page.find("section", class_="glance")
        assert [row.text for row in glance.find("ul", class_="scores").find_all("li")] == [
            "Rated 4.9 / 5 — Oppa",
            "Rated 4.8 / 5 — Noona",
        ]
        facts = {
            div.find("dt").text: div.find("dd").text
            for div in glance.find("dl", class_="glance__facts").find_all("div")
        }
        assert facts == {
            "Watch it if": "You like slow-burn friendships.",
            "Skip it if": "You need a villain.",
            "Where to watch": "Disney+",
            "Episodes": "4, about 45 min each",
            "Spoilers": "Up to the ending",
        }

    def test_an_unscored_review_says_so_at_a_glance(self, client, soundtrack):
        writeup = make_writeup(show=soundtrack, kind="review")
        _, page = get_page(client, writeup.get_absolute_url())
        glance = page.find("section", class_="glance")
        assert glance.find("p", class_="glance__unscored").text.startswith("Not scored")
        facts = {
            div.find("dt").text: div.find("dd").text
            for div in glance.find("dl", class_="glance__facts").find_all("div")
        }
        assert facts["Spoilers"] == "None"


# The covers' size rule, without a browser (the browser test measures the real thing:
# tests/e2e/test_page_types.py).
TITLES = [
    "Soundtrack #1",
    "사운드트랙#1",
    "Gyeongseong Creature",
    "Hometown Cha-Cha-Cha",
    "It's Okay to Not Be Okay",
    "Do Do Sol Sol La La Sol",
    "WWWWWWWWWW",
    "미스터 션샤인",
    "The Legend of the Blue Sea and Every Other Long Title a Show Might Have",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("shape", sorted(COVER_SHAPES))
def test_the_cover_size_lets_no_word_outgrow_its_cover(title, shape):
    from catalog.templatetags.catalog_images import _word_width

    size = cover_size(title, shape)
    assert size != "min"
    widest = max(_word_width(word) for word in title.split())
    assert float(size.replace("_", ".")) * widest <= COVER_TEXT_WIDTH


def test_a_word_no_cover_can_hold_may_wrap_rather_than_overflow():
    assert cover_size("A" * 60) == "min"


def test_a_person_without_a_photo_gets_a_cover_with_both_names(client, db):
    person = make_person(name="Lee Hi", native_name="이하이", slug="lee-hi")
    from catalog.models import Credit

    from .factories import make_credit

    make_credit(show=make_show(), person=person, billing=Credit.Billing.LEAD)
    _, page = get_page(client, person.get_absolute_url())
    cover = page.find("div", class_="detail__media").find("span", class_="cover")
    assert cover.find("span", class_="cover__title").text == "Lee Hi"
    assert cover.find("span", class_="cover__native").text == "이하이"


@pytest.mark.parametrize(
    "title",
    [
        "💔💔💔",
        "...!?",
        "W" * 200,
        "사랑의 불시착 " * 14,
        "Tab\tand\u200bzero-width",
        "A\u0007bell",
    ],
)
def test_covers_of_ordinary_and_odd_titles_render_without_error(client, db, title):
    show = make_show(title=title, native_title=title[:100])
    for url in (reverse("catalog:show_list"), show.get_absolute_url(), "/search/?q=x"):
        assert client.get(url).status_code == 200
    _, page = get_page(client, reverse("catalog:show_list"))
    words = page.find("span", class_="cover__title").find_all("span")
    assert " ".join(word.text for word in words) == " ".join(show.title.split())
