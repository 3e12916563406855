"""What the catalog pages show readers: shows, episodes, people, songs, and their lists."""

from datetime import date
from itertools import pairwise

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.defaults import permission_denied

from catalog.models import Credit, Membership, Person, Show, ShowRelation, SongCredit

from .factories import (
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_relation,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)
from .html_tree import parse_html
from .image_files import image_bytes

pytestmark = pytest.mark.django_db


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:800]
    return parse_html(response.content)


def texts(elements):
    return [element.text for element in elements]


@pytest.fixture
def soundtrack():
    """A show with every section filled in, its rows created out of display order."""
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        premiere_date=date(2022, 3, 23),
        network=make_network(name="Disney+", slug="disney-plus"),
        episode_count=4,
        runtime_minutes=45,
        synopsis="Two friends of twenty years write love songs together.",
        alternative_titles=["Saundeuteuraek #1"],
        genres=[make_genre(name="Romance", slug="romance")],
    )
    park = make_person(name="Park Hyung-sik", slug="park-hyung-sik")
    for name, billing, character in [
        ("Guest Star", Credit.Billing.GUEST, "Radio host"),
        ("Unbilled Actor", "", "Neighbour"),
        ("Kim Joo-heon", Credit.Billing.SUPPORTING, "Kim Jin-kyun"),
        ("Lee Hae-ri", Credit.Billing.CAMEO, "Herself"),
    ]:
        make_credit(
            show=show, person=make_person(name=name), billing=billing, character_name=character
        )
    make_credit(
        show=show,
        person=park,
        character_name="Han Seon-woo",
        character_aliases="Han Sun-woo; Seon Woo",
    )
    make_credit(show=show, person=make_person(name="Kang Eun-kyung"), role=Credit.Role.WRITER)
    make_credit(show=show, person=make_person(name="Kim Hee-won"), role=Credit.Role.DIRECTOR)
    for number, title in [(1, "The Two Weeks"), (2, "A Song for Someone")]:
        make_episode(show=show, number=number, title=title, runtime_minutes=45)
    davichi = make_person(name="Davichi", slug="davichi", kind=Person.Kind.GROUP)
    make_song(title="Love Me", slug="love-me", show=show, part_number=2, performers=[park])
    make_song(
        title="Just a Moment", slug="just-a-moment", show=show, part_number=1, performers=[davichi]
    )
    return show


def test_show_page_lists_cast_by_billing_with_characters(client, soundtrack):
    page = get_page(client, soundtrack.get_absolute_url())
    cast = page.find("section", aria_labelledby="cast-heading")
    assert texts(cast.find_all("h3")) == ["Lead", "Supporting", "Cameo", "Guest", "Also starring"]
    members = [member.find("div").text for member in cast.find_all("li", class_="cast-member")]
    # Han Sun-woo and Seon Woo are the same name to a reader (tests/test_quiet_data.py).
    assert members[0] == "Park Hyung-sik as Han Seon-woo"
    assert members[-1] == "Unbilled Actor as Neighbour"
    assert ("/people/park-hyung-sik/", "Park Hyung-sik") in cast.links()


def test_show_page_groups_crew_by_job(client, soundtrack):
    crew = get_page(client, soundtrack.get_absolute_url()).find("dl", class_="crew-list")
    assert texts(crew.find_all("dt")) == ["Director", "Writer"]
    assert texts(crew.find_all("dd")) == ["Kim Hee-won", "Kang Eun-kyung"]


def test_show_page_shows_titles_facts_and_episodes(client, soundtrack):
    page = get_page(client, soundtrack.get_absolute_url())
    assert page.find("h1").text == "Soundtrack #1"
    assert page.find(lang="ko").text == "사운드트랙#1"
    facts = page.find("dl", class_="facts").text
    assert "23 March 2022" in facts and "Disney+" in facts and "Saundeuteuraek #1" in facts
    assert page.find("time", datetime="2022-03-23")
    assert ("/shows/?genre=romance", "Romance") in page.links()
    episodes = page.find("table", class_="episode-table")
    assert ("/shows/soundtrack-1/episodes/2/", "A Song for Someone") in episodes.links()


def test_show_page_lists_ost_in_part_order_with_linked_performers(client, soundtrack):
    ost = get_page(client, soundtrack.get_absolute_url()).find("ol", class_="ost-list")
    assert texts(ost.find_all("li")) == [
        "Part 1 Just a Moment by Davichi",
        "Part 2 Love Me by Park Hyung-sik",
    ]
    assert ("/people/davichi/", "Davichi") in ost.links()


def test_show_page_names_related_shows_from_both_sides(client):
    original = make_show(title="Strong Girl Bong-soon", slug="bong-soon", year=2017)
    spin_off = make_show(title="Strong Girl Nam-soon", slug="nam-soon", year=2023)
    make_relation(original, spin_off, ShowRelation.Kind.SPIN_OFF)
    on_original = get_page(client, original.get_absolute_url()).find("ul", class_="related-list")
    on_spin_off = get_page(client, spin_off.get_absolute_url()).find("ul", class_="related-list")
    assert texts(on_original.find_all("li")) == ["Spin-off Strong Girl Nam-soon (2023)"]
    assert texts(on_spin_off.find_all("li")) == ["Original series Strong Girl Bong-soon (2017)"]


def test_show_page_advertises_its_feed_and_all_its_writeups(client, soundtrack):
    page = get_page(client, soundtrack.get_absolute_url())
    feeds = page.find_all("link", rel="alternate", type="application/atom+xml")
    assert reverse("reviews:feed_show", args=["soundtrack-1"]) in [f.attrs["href"] for f in feeds]
    assert (
        reverse("reviews:writeup_list") + "?show=soundtrack-1",
        "All write-ups about this show",
    ) in page.links()


def test_drafts_and_scheduled_writeups_stay_off_show_pages_and_out_of_the_rating(
    client, soundtrack
):
    make_writeup(title="Published review", show=soundtrack, scores=[("Story", 8, 10)])
    make_draft(title="Draft review", show=soundtrack, scores=[("Story", 1, 10)])
    make_scheduled(title="Scheduled review", show=soundtrack, scores=[("Story", 2, 10)])
    page = get_page(client, soundtrack.get_absolute_url())
    writeups = page.find("section", aria_labelledby="writeups-heading").text
    assert "Published review" in writeups
    assert "Draft review" not in writeups and "Scheduled review" not in writeups
    assert page.find("p", class_="rating-summary").text == (
        "Rated 8.0 / 10 derived from 1 scored write-up"
    )


def test_an_unrated_show_shows_no_rating(client, soundtrack):
    make_draft(show=soundtrack, scores=[("Story", 9, 10)])
    assert not get_page(client, soundtrack.get_absolute_url()).find_all(class_="rating-summary")


def test_episode_page_shows_facts_neighbours_and_only_published_recaps(client, soundtrack):
    episode = soundtrack.episodes.get(number=2)
    make_episode(show=soundtrack, number=4, title="After a gap")
    make_writeup(title="Published recap", show=soundtrack, episode=episode, kind="recap")
    make_draft(title="Draft recap", show=soundtrack, episode=episode, kind="recap")
    make_scheduled(title="Scheduled recap", show=soundtrack, episode=episode, kind="recap")
    make_writeup(show=soundtrack, scores=[("Story", 7, 10)])
    page = get_page(client, episode.get_absolute_url())
    assert page.find("h1").text == "Episode 2: A Song for Someone"
    navigation = page.find("nav", aria_label="Episodes")
    assert [href for href, _ in navigation.links()] == [
        "/shows/soundtrack-1/episodes/1/",
        "/shows/soundtrack-1/episodes/4/",
    ]
    recaps = page.find("section", aria_labelledby="recaps-heading").text
    assert "Published recap" in recaps
    assert "Draft recap" not in recaps and "Scheduled recap" not in recaps
    assert page.find("p", class_="rating-summary").text == (
        "Soundtrack #1: Rated 7.0 / 10 derived from 1 scored write-up"
    )


def test_person_page_lists_filmography_newest_first_and_unknown_years_last(client):
    person = make_person(name="Park Hyung-sik", slug="park-hyung-sik")
    bare = Show.objects.create(title="Known Only By Title", slug="bare")
    dated = Show.objects.create(title="Hwarang", slug="hwarang", year=2016)
    recent = make_show(title="Soundtrack #1", year=2022)
    make_credit(
        show=dated, person=person, billing=Credit.Billing.LEAD, character_name="Sam Maek-jong"
    )
    make_credit(show=bare, person=person, role=Credit.Role.PRODUCER)
    make_credit(show=recent, person=person, character_name="Han Seon-woo")
    make_credit(show=recent, person=person, role=Credit.Role.DIRECTOR)
    filmography = get_page(client, person.get_absolute_url()).find("ol", class_="filmography")
    rows = [row for row in filmography.children if not isinstance(row, str)]
    assert [
        (
            row.find(class_="filmography__year").text,
            row.find(class_="filmography__show").text,
            texts(row.find("ul").find_all("li")),
        )
        for row in rows
    ] == [
        ("2022", "Soundtrack #1", ["as Han Seon-woo lead", "Director"]),
        ("2016", "Hwarang", ["as Sam Maek-jong lead"]),
        ("—Year not known", "Known Only By Title", ["Producer"]),
    ]


def test_person_page_shows_groups_members_songs_and_song_credits(client):
    davichi = make_person(name="Davichi", slug="davichi", kind=Person.Kind.GROUP)
    haeri = make_person(name="Lee Hae-ri", slug="lee-hae-ri", native_name="이해리")
    Membership.objects.create(group=davichi, member=haeri)
    song = make_song(title="Just a Moment", show=make_show(title="Soundtrack #1"), part_number=1)
    song.performances.create(person=davichi)
    song.credits.create(person=haeri, role=SongCredit.Role.LYRICIST)

    group_page = get_page(client, davichi.get_absolute_url())
    assert ("/people/lee-hae-ri/", "Lee Hae-ri") in group_page.find(
        "section", aria_labelledby="members-heading"
    ).links()
    assert (
        "Just a Moment · Soundtrack #1 OST, part 1"
        in group_page.find("section", aria_labelledby="songs-heading").text
    )

    member_page = get_page(client, haeri.get_absolute_url())
    assert member_page.find(lang="ko").text == "이해리"
    assert ("/people/davichi/", "Davichi") in member_page.find("aside").links()
    assert (
        "Just a Moment Lyricist"
        in member_page.find("section", aria_labelledby="song-credits-heading").text
    )


def test_song_page_shows_show_part_performers_and_credits(client, soundtrack):
    song = soundtrack.songs.get(slug="just-a-moment")
    song.credits.create(person=make_person(name="Song Dong-woon"), role=SongCredit.Role.PRODUCER)
    song.credits.create(person=make_person(name="Lee Hae-ri"), role=SongCredit.Role.LYRICIST)
    page = get_page(client, song.get_absolute_url())
    facts = page.find("dl", class_="facts")
    assert texts(facts.find_all("dt")) == [
        "Performed by",
        "From",
        "OST part",
        "Producer",
        "Lyricist",
    ]
    assert ("/people/davichi/", "Davichi") in facts.links()
    assert ("/shows/soundtrack-1/", "Soundtrack #1") in facts.links()
    rest = page.find("section", aria_labelledby="soundtrack-heading")
    assert rest.links() == [("/songs/love-me/", "Love Me")]


def test_images_have_alt_text_and_missing_images_render_no_img(client, soundtrack):
    soundtrack.poster.save("poster.png", ContentFile(image_bytes("PNG", (400, 600))))
    page = get_page(client, soundtrack.get_absolute_url())
    assert page.find("img", alt="Poster of Soundtrack #1")
    assert all(img.attrs.get("alt") is not None for img in page.find_all("img"))
    person_page = get_page(client, "/people/park-hyung-sik/")
    # No photo: a cover set in type, not an image; the poster beside the
    # show in the filmography repeats the title next to it, so its alt is empty.
    assert [img.attrs["alt"] for img in person_page.find_all("img")] == [""]
    assert person_page.find("span", class_="cover")


def test_show_list_filters_by_year_platform_genre_and_kind(client):
    tvn, romance = make_network(name="tvN", slug="tvn"), make_genre(name="Romance", slug="romance")
    make_show(title="Match", year=2021, network=tvn, genres=[romance])
    make_show(title="Other year", year=2020, network=tvn, genres=[romance])
    make_show(title="Other platform", year=2021, genres=[romance])
    make_show(title="Other genre", year=2021, network=tvn)
    make_show(title="A film", year=2021, network=tvn, genres=[romance], kind=Show.Kind.FILM)
    page = get_page(client, "/shows/?year=2021&platform=tvn&genre=romance&kind=series")
    assert texts(page.find_all(class_="card__title")) == ["Match"]
    assert "selected" in page.find("select", name="platform").find("option", value="tvn").attrs


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Enter a year between 1900 and 2100"),
        ("year=99999999999999999999", "Enter a year between 1900 and 2100"),
        ("year=10**20", "Enter a year between 1900 and 2100"),
        ("platform=no-such-platform", "There is no platform “no-such-platform”"),
        ("genre=no-such-genre", "There is no genre “no-such-genre”"),
        ("kind=soap", "“soap” is not a kind of show"),
    ],
)
def test_show_list_answers_bad_filters_with_400_and_the_reason(client, query, message):
    make_show()
    page = get_page(client, f"/shows/?{query}", status=400)
    assert message in page.find("div", role="alert").text
    control = "input" if query.startswith("year") else "select"
    assert page.find(control, aria_invalid="true")
    assert not page.find_all(class_="card")


def test_person_list_filters_by_kind(client):
    make_person(name="Davichi", kind=Person.Kind.GROUP)
    make_person(name="Park Hyung-sik")
    page = get_page(client, "/people/?kind=group")
    assert texts(page.find_all(class_="card__title")) == ["Davichi"]
    assert "not a kind of person" in get_page(client, "/people/?kind=robot", status=400).text


@pytest.mark.parametrize("url", ["/shows/", "/people/", "/songs/"])
@pytest.mark.parametrize("page_number", ["abc", "-1", "0", str(10**20), "99"])
def test_list_pages_answer_404_to_pages_that_do_not_exist(client, url, page_number):
    make_show(), make_person(), make_song()
    get_page(client, f"{url}?page={page_number}", status=404)


@pytest.mark.parametrize(
    "url",
    [
        "/shows/no-such-show/",
        "/shows/soundtrack-1/episodes/99/",
        "/shows/soundtrack-1/episodes/0/",
        f"/shows/soundtrack-1/episodes/{10**20}/",
        "/shows/no-such-show/episodes/1/",
        "/people/no-such-person/",
        "/songs/no-such-song/",
    ],
)
def test_unknown_addresses_answer_404_with_the_site_search(client, soundtrack, url):
    page = get_page(client, url, status=404)
    assert page.find("h1").text == "We could not find that page"
    assert page.find("form", role="search")


def catalog_urls(show):
    episode = show.episodes.first()
    return [
        "/shows/",
        show.get_absolute_url(),
        episode.get_absolute_url(),
        "/shows/plain/",
        "/people/",
        "/people/park-hyung-sik/",
        "/people/davichi/",
        "/songs/",
        "/songs/just-a-moment/",
        "/shows/?year=abc",
    ]


def test_every_catalog_page_has_one_h1_and_headings_in_order(client, soundtrack):
    Show.objects.create(title="Plain", slug="plain")
    make_writeup(show=soundtrack)
    for url in catalog_urls(soundtrack):
        response = client.get(url)
        headings = parse_html(response.content).headings()
        assert [level for level, _ in headings].count(1) == 1, (url, headings)
        assert headings[0][0] == 1, (url, headings)
        for (before, _), (after, text) in pairwise(headings):
            assert after <= before + 1, f"{url}: h{before} is followed by h{after} ({text})"


def test_detail_pages_have_breadcrumbs_ending_at_the_current_page(client, soundtrack):
    for url in ["/shows/soundtrack-1/", "/shows/soundtrack-1/episodes/1/", "/songs/love-me/"]:
        crumbs = get_page(client, url).find("nav", aria_label="Breadcrumb")
        items = crumbs.find("ol").find_all("li")
        assert items[-1].find("a").attrs == {"href": url, "aria-current": "page"}
        assert all("aria-current" not in item.find("a").attrs for item in items[:-1])


def test_forbidden_page_explains_itself(rf):
    request = rf.get("/admin/secret/")
    forbidden = permission_denied(request, exception=None)
    assert forbidden.status_code == 403
    assert parse_html(forbidden.content).find("h1").text == "This page is not open to you"


def test_server_error_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    page = parse_html(html)
    assert page.find("h1").text == "Something went wrong on our side"
    assert page.find("link", rel="stylesheet", href="/static/css/site.css")
