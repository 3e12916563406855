"""Every slug made from a name has an address, whatever the name: Hangul, emoji, punctuation.

A tag "💔" used to get the slug "" (and the next such tag "_1"): every page
linking to it, the home page and the list included, then answered 500.
"""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from taggit.models import Tag

from catalog.models import Genre, Network, Person, Show, Song
from catalog.names import romanize, slugify_name
from reviews.models import Author, Outlet, WriteUp
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_author, make_show, make_writeup

pytestmark = pytest.mark.django_db

URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@pytest.mark.parametrize(
    ("hangul", "romanized"),
    [
        ("사운드트랙", "saundeuteuraek"),
        ("박형식", "bakhyeongsik"),
        ("로맨스", "romaenseu"),
        ("빨리", "ppalli"),  # ㄹㄹ is "ll"
        ("닭", "dak"),
        ("한국", "hanguk"),
        ("\u1109\u1161\u110b\u116e\u11ab", "saun"),  # decomposed, as macOS pastes it
    ],
)
def test_hangul_is_romanized_syllable_by_syllable(hangul, romanized):
    assert romanize(hangul) == romanized


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Soundtrack #1", "soundtrack-1"),
        ("사운드트랙#1", "saundeuteuraek1"),
        ("BTS 방탄소년단", "bts-bangtansonyeondan"),
        ("Café Minamdang", "cafe-minamdang"),
    ],
)
def test_slugs_are_made_from_the_name_in_ascii(name, slug):
    assert slugify_name(name, "show", 200) == slug


@pytest.mark.parametrize("name", ["💔", "!!!", "東京", "Москва", "\u200b", "  "])
def test_a_name_with_nothing_to_keep_gets_a_stable_kind_and_hash(name):
    slug = slugify_name(name, "tag", 100)

    assert re.fullmatch(r"tag-[0-9a-f]{8}", slug)
    assert slug == slugify_name(name, "tag", 100)


def test_emoji_and_punctuation_tags_keep_every_page_up(client):
    writeup = make_writeup(tags=["💔", "!!!", "로맨스"])
    slugs = {tag.name: tag.slug for tag in Tag.objects.all()}

    assert slugs["로맨스"] == "로맨스"  # the tag address takes any text
    assert re.fullmatch(r"tag-[0-9a-f]{8}", slugs["💔"])
    assert re.fullmatch(r"tag-[0-9a-f]{8}", slugs["!!!"])
    assert len(set(slugs.values())) == 3
    for url in ["/", "/reviews/", writeup.get_absolute_url(), "/sitemap-tags.xml"]:
        assert client.get(url).status_code == 200, url
    for name, slug in slugs.items():
        page = client.get(reverse("reviews:tag_detail", kwargs={"slug": slug}))
        assert page.status_code == 200
        assert name in page.content.decode()


def test_tags_whose_names_make_the_same_slug_are_numbered():
    make_writeup(tags=["Slow burn", "slow-burn", "SLOW BURN!"])

    assert sorted(Tag.objects.values_list("slug", flat=True)) == [
        "slow-burn",
        "slow-burn-2",
        "slow-burn-3",
    ]


def test_a_tag_slug_chosen_with_care_is_kept():
    chosen = Tag.objects.create(name="Slice of life", slug="slice-of-life-stories")
    Tag.objects.create(name="로맨틱", slug="romantic")

    chosen.save()

    assert set(Tag.objects.values_list("slug", flat=True)) == {"slice-of-life-stories", "romantic"}


NAMED = [
    (Show, "title", "show"),
    (Person, "name", "person"),
    (Song, "title", "song"),
    (Network, "name", "network"),
    (Genre, "name", "genre"),
    (Author, "name", "author"),
    (Outlet, "name", "outlet"),
]


@pytest.mark.parametrize(("model", "source", "kind"), NAMED)
def test_every_model_fills_a_blank_slug_from_its_name(model, source, kind):
    hangul = model.objects.create(**{source: "사운드트랙"})
    again = model.objects.create(**{source: "사운드트랙 "})
    symbols = model.objects.create(**{source: "♥♥♥"})

    assert hangul.slug == "saundeuteuraek"
    assert again.slug == "saundeuteuraek-2"
    assert re.fullmatch(rf"{kind}-[0-9a-f]{{8}}", symbols.slug)


def test_a_writeup_with_an_emoji_title_gets_a_page(client):
    writeup = make_writeup(title="💔💔💔", slug="")

    assert re.fullmatch(r"writeup-[0-9a-f]{8}", writeup.slug)
    assert client.get(writeup.get_absolute_url()).status_code == 200


def test_pages_of_people_and_songs_named_only_in_hangul_answer(client):
    person = Person.objects.create(name="박형식")
    song = Song.objects.create(title="아름다운 사람", show=make_show())
    author = make_author(name="김작가", slug="")
    make_writeup(authors=[author])

    for obj in (person, song, author):
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_a_long_name_makes_a_slug_that_fits_its_column():
    long_title = "사랑" * 100  # 200 characters, 600 once romanized

    first = Show.objects.create(title=long_title)
    second = Show.objects.create(title=long_title)

    assert len(first.slug) <= 200 and len(second.slug) <= 200
    assert second.slug.endswith("-2")
    assert first.slug != second.slug


# Through the admin: its script leaves the slug empty for a Hangul title ----------------------


def test_admin_saves_a_hangul_title_with_an_empty_slug(admin_client, client):
    add = reverse("admin:catalog_show_add")
    make_show(title="Soundtrack", slug="saundeuteuraek")  # the slug is taken already
    data = admin_form_data(admin_client.get(add), title="사운드트랙", slug="", kind="series")

    response = admin_client.post(add, data)

    assert response.status_code == 302, error_messages(response)
    show = Show.objects.get(title="사운드트랙")
    assert show.slug == "saundeuteuraek-2"
    assert client.get(show.get_absolute_url()).status_code == 200


def test_admin_saves_a_writeup_with_an_emoji_title_and_tag(admin_client, client):
    add = reverse("admin:reviews_writeup_add")
    show = make_show()
    data = admin_form_data(
        admin_client.get(add),
        title="💔",
        slug="",
        kind="review",
        show=str(show.pk),
        status="published",
        body="Sad.",
        tags="💔, !!!",
    )

    response = admin_client.post(add, data)

    assert response.status_code == 302, error_messages(response)
    writeup = WriteUp.objects.get()
    assert URL_SLUG.fullmatch(writeup.slug)
    assert all(URL_SLUG.fullmatch(tag.slug) for tag in writeup.tags.all())
    for url in ["/", "/reviews/", writeup.get_absolute_url(), "/sitemap-tags.xml"]:
        assert client.get(url).status_code == 200, url


def test_admin_still_refuses_a_slug_typed_with_spaces(admin_client):
    add = reverse("admin:catalog_person_add")
    data = admin_form_data(admin_client.get(add), name="Park", slug="park hyung sik")

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert any("slug" in message.lower() for message in error_messages(response))
    assert not Person.objects.exists()


def test_tag_admin_makes_the_slug_when_left_empty(admin_client):
    add = reverse("admin:taggit_tag_add")
    data = admin_form_data(admin_client.get(add), name="💔", slug="")

    response = admin_client.post(add, data)

    assert response.status_code == 302, error_messages(response)
    assert re.fullmatch(r"tag-[0-9a-f]{8}", Tag.objects.get().slug)


# The database refuses what no page could link to ------------------------------------------


def assert_refused(constraint, write):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        write()
    message = str(refused.value)
    if connection.vendor == "postgresql" or "CHECK" in message:
        assert constraint in message


@pytest.mark.parametrize(("model", "source", "kind"), [*NAMED, (WriteUp, "title", "writeup")])
@pytest.mark.parametrize("bad", ["", "사운드트랙", "a b", "a/b"])
def test_database_refuses_a_slug_without_an_address(model, source, kind, bad):
    row = make_writeup() if model is WriteUp else model.objects.create(**{source: "Fine"})
    constraint = f"{model._meta.db_table}_slug_shape"

    assert_refused(constraint, lambda: model.objects.filter(pk=row.pk).update(slug=bad))


def test_database_refuses_an_empty_tag_slug():
    tag = Tag.objects.create(name="Romance")

    assert_refused(
        "taggit_tag_slug_not_empty", lambda: Tag.objects.filter(pk=tag.pk).update(slug="")
    )
    assert_refused("taggit_tag_slug_not_empty", lambda: Tag.objects.bulk_create([Tag(name="x")]))
