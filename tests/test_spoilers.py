"""Spoilers by episode: the range on a write-up, the spoiler block, the markers, the fold.

A reader says on a show page how far they have watched (a cookie per show);
pages about that show then fold what comes later, and the page cache keeps a
copy per progress, never serving one reader's page to the other.
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.markdown import render_markdown
from reviews.models import WriteUp
from reviews_site import watched

from .admin_helpers import admin_form_data, error_messages
from .factories import make_episode, make_show, make_writeup
from .html_tree import parse_html

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FOLD_NOTE = "where you are"


@pytest.fixture
def site():
    """A four-episode show: recaps of episodes 1 and 3, a review of the whole, a spoiler block."""
    show = make_show(title="Soundtrack #1", slug="soundtrack-1", episode_count=4)
    for number in range(1, 5):
        make_episode(show=show, number=number, synopsis=f"What happens in episode {number}.")
    recap_1 = make_writeup(
        title="Episode 1 recap",
        slug="episode-1-recap",
        kind=WriteUp.Kind.RECAP,
        show=show,
        episode=show.episodes.get(number=1),
        standfirst="The first evening.",
    )
    recap_3 = make_writeup(
        title="Episode 3 recap",
        slug="episode-3-recap",
        kind=WriteUp.Kind.RECAP,
        show=show,
        episode=show.episodes.get(number=3),
        standfirst="Cuba calls.",
        body="Seon-woo packs.\n\n:::spoiler 3\nHe leaves for Cuba.\n:::\n",
    )
    review = make_writeup(
        title="The whole story",
        slug="the-whole-story",
        show=show,
        standfirst="How it ends.",
        spoiler_from_episode=1,
        spoiler_to_episode=4,
        body="Early on.\n\n:::spoiler 1-2\nThe move-in.\n:::\n\n:::spoiler 4\nThey confess.\n:::\n",
    )
    return {"show": show, "recap_1": recap_1, "recap_3": recap_3, "review": review}


def set_progress(client, show, episode):
    client.cookies[watched.cookie_name(show.pk)] = str(episode)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return parse_html(response.content.decode())


def folds(tree):
    return tree.find_all("details", class_="spoiler-fold")


# The range -----------------------------------------------------------------


def test_the_database_refuses_a_range_that_runs_backwards_or_is_half_given(site):
    review = site["review"]
    for bad in (
        {"spoiler_from_episode": 3, "spoiler_to_episode": 2},
        {"spoiler_from_episode": 2, "spoiler_to_episode": None},
        {"spoiler_from_episode": None, "spoiler_to_episode": 2},
        {"spoiler_from_episode": 0, "spoiler_to_episode": 2},
        {"spoiler_from_episode": 1, "spoiler_to_episode": 2, "has_spoilers": False},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            WriteUp.objects.filter(pk=review.pk).update(**bad)


def test_a_range_turns_the_spoiler_notice_on_when_saved(site):
    writeup = make_writeup(show=site["show"], spoiler_from_episode=2, spoiler_to_episode=3)
    writeup.refresh_from_db()
    assert writeup.has_spoilers
    assert writeup.spoiler_range == (2, 3)


def test_validation_names_the_field_of_a_range_beyond_the_last_episode(site):
    writeup = site["review"]
    writeup.spoiler_to_episode = 5
    with pytest.raises(ValidationError) as refused:
        writeup.full_clean()
    assert "has 4 episodes" in str(refused.value.message_dict["spoiler_to_episode"])


def test_a_recap_covers_its_episode_and_unscoped_spoilers_cover_the_show(site):
    assert site["recap_3"].spoiler_range == (3, 3)
    unscoped = make_writeup(show=site["show"], has_spoilers=True)
    assert unscoped.spoiler_range == (1, None)
    assert make_writeup(show=site["show"]).spoiler_range is None


def admin_add(client, show, **values):
    url = reverse("admin:reviews_writeup_add")
    defaults = {
        "title": "Soundtrack #1, the ending",
        "slug": "the-ending",
        "kind": "review",
        "show": show.pk,
        "status": "draft",
        "body": "Text.",
    }
    return client.post(url, admin_form_data(client.get(url), **(defaults | values)))


def test_an_editor_gives_a_range_and_the_spoiler_notice_follows(admin_client, site):
    response = admin_add(
        admin_client, site["show"], spoiler_from_episode="3", spoiler_to_episode="4"
    )
    assert response.status_code == 302, error_messages(response)
    saved = WriteUp.objects.get(slug="the-ending")
    assert (saved.has_spoilers, saved.spoiler_range) == (True, (3, 4))


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("3", "", "Give the first and the last episode, or neither."),
        ("3", "2", "The last episode comes after the first."),
        ("1", "5", "Soundtrack #1 has 4 episodes."),
    ],
)
def test_an_editor_is_told_what_is_wrong_with_a_range(admin_client, site, first, last, message):
    response = admin_add(
        admin_client, site["show"], spoiler_from_episode=first, spoiler_to_episode=last
    )
    assert response.status_code == 200
    assert message in error_messages(response)
    assert not WriteUp.objects.filter(slug="the-ending").exists()


# The spoiler block -----------------------------------------------------------


def test_a_spoiler_block_renders_as_a_closed_details_labelled_with_its_episodes():
    html = render_markdown("Before.\n\n:::spoiler 5-8\nShe **leaves**.\n\nFor good.\n:::\n")
    block = parse_html(html).find("details", class_="spoiler")
    assert "open" not in block.attrs
    assert block.find("summary").text == "Spoiler (episodes 5\u20138)"
    assert [p.text for p in block.find_all("p")] == ["She leaves.", "For good."]
    assert block.attrs["data-spoiler-to"] == "8"


def test_a_spoiler_block_without_episodes_is_still_a_closed_spoiler():
    block = parse_html(render_markdown(":::spoiler\nA twist.\n:::\n")).find("details")
    assert block.find("summary").text == "Spoiler"
    assert block.classes == ["spoiler"]


@pytest.mark.parametrize(
    "typed",
    [
        '<details open class="spoiler" onclick="alert(1)"><summary>x</summary>y</details>',
        ":::spoiler 1\n<script>alert(1)</script>\n:::",
        ':::spoiler 1" onmouseover="alert(1)\nx\n:::',
    ],
)
def test_typed_html_in_or_around_a_spoiler_block_stays_text(typed):
    tree = parse_html(render_markdown(typed))
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrs)
        assert "open" not in element.attrs
    assert not tree.find_all("script")


def test_the_sanitiser_keeps_details_with_only_the_spoiler_class_and_numeric_episodes():
    from reviews.markdown import sanitize_html

    cleaned = sanitize_html(
        '<details open class="spoiler evil" style="x" data-spoiler-from="2" '
        'data-spoiler-to="3 onload" onclick="x"><summary id="s">Hi</summary>Body</details>'
    )
    assert (
        cleaned
        == '<details class="spoiler" data-spoiler-from="2"><summary>Hi</summary>Body</details>'
    )


# Markers ----------------------------------------------------------------------


def test_cards_say_which_episodes_a_writeup_spoils(client, site):
    tree = page(client, reverse("reviews:writeup_list"))
    markers = {
        card.find("a").text: [badge.text for badge in card.find_all(class_="badge--spoiler")]
        for card in tree.find_all("article", class_="writeup-card")
    }
    assert markers == {
        "The whole story": ["Spoilers: ending"],
        "Episode 3 recap": ["Spoilers: episode 3"],
        "Episode 1 recap": ["Spoilers: episode 1"],
    }


def test_search_results_carry_the_spoiler_marker(client, site):
    tree = page(client, reverse("reviews:search") + "?q=whole+story&type=writeups")
    assert [badge.text for badge in tree.find_all(class_="badge--spoiler")] == ["Spoilers: ending"]


def test_feed_entries_start_with_the_marker_and_never_quote_a_spoiler_block(client, site):
    WriteUp.objects.filter(pk=site["review"].pk).update(standfirst="")
    response = client.get(reverse("reviews:feed_latest"))
    root = ET.fromstring(response.content)
    summaries = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary")
        for entry in root.iter(f"{ATOM}entry")
    }
    assert summaries["The whole story"] == "Spoilers: ending. Early on."
    assert summaries["Episode 3 recap"] == "Spoilers: episode 3. Cuba calls."
    assert "confess" not in response.content.decode()


# The progress form ------------------------------------------------------------------


def test_saying_how_far_you_have_watched_sets_a_lax_cookie_and_goes_back(client, site):
    show = site["show"]
    url = reverse("catalog:show_watched", args=[show.slug])
    response = client.post(url, {"episode": "2"})
    assert response.status_code == 303
    assert response["Location"] == f"{show.get_absolute_url()}#watched"
    cookie = response.cookies[watched.cookie_name(show.pk)]
    assert (cookie.value, cookie["samesite"]) == ("2", "Lax")
    assert cookie["max-age"] == watched.COOKIE_MAX_AGE

    forget = client.post(url, {"forget": "1"})
    assert forget.status_code == 303
    assert forget.cookies[watched.cookie_name(show.pk)]["max-age"] == 0


@pytest.mark.parametrize("value", ["", "abc", "-1", "5", "2.5", "99999999999999999999", "\uff12x"])
def test_a_bad_episode_number_is_answered_400_with_a_message(client, site, value):
    response = client.post(
        reverse("catalog:show_watched", args=[site["show"].slug]), {"episode": value}
    )
    assert response.status_code == 400
    assert "episode" in response.content.decode()
    assert not response.cookies


def test_the_form_is_offered_only_for_a_show_whose_length_is_known(client, site):
    tree = page(client, site["show"].get_absolute_url())
    number = tree.find("input", name="episode")
    assert (number.attrs["min"], number.attrs["max"]) == ("0", "4")
    unknown = make_show(slug="no-count")
    make_writeup(show=unknown)
    assert not page(client, unknown.get_absolute_url()).find_all("form", class_="watched-form")
    refused = client.post(reverse("catalog:show_watched", args=["no-count"]), {"episode": "1"})
    assert refused.status_code == 400
    assert client.get(reverse("catalog:show_watched", args=["no-count"])).status_code == 405
    missing = client.post(reverse("catalog:show_watched", args=["nowhere"]), {"episode": "1"})
    assert missing.status_code == 404


# The last: an Arabic-Indic three, as a WSGI server passes its UTF-8 bytes.
@pytest.mark.parametrize(
    "value", ["abc", "-1", "1e3", "99999", "", "\u0663".encode().decode("latin-1")]
)
def test_a_malformed_cookie_is_ignored(client, site, value):
    client.cookies[watched.cookie_name(site["show"].pk)] = value
    for url in (site["show"].get_absolute_url(), site["review"].get_absolute_url()):
        assert not folds(page(client, url))


# The fold -------------------------------------------------------------------


def test_the_show_page_folds_what_comes_after_the_readers_episode(client, site):
    show = site["show"]
    assert not folds(page(client, show.get_absolute_url()))
    set_progress(client, show, 2)
    tree = page(client, show.get_absolute_url())
    folded = [fold.find("p").text for fold in folds(tree)]
    assert folded == ["How it ends.", "Cuba calls."]
    # Titles stay visible; the first episode's recap is not folded.
    titles = [item.find("a").text for item in tree.find_all("article", class_="writeup-item")]
    assert titles == ["The whole story", "Episode 3 recap", "Episode 1 recap"]
    assert "You have watched up to episode 2 of 4" in tree.find(id="watched").text


def test_the_episode_page_folds_a_later_synopsis_only(client, site):
    show = site["show"]
    set_progress(client, show, 2)
    second = page(client, reverse("catalog:episode_detail", args=[show.slug, 2]))
    assert not folds(second)
    assert "What happens in episode 2." in second.text
    third = page(client, reverse("catalog:episode_detail", args=[show.slug, 3]))
    synopsis, recap = folds(third)
    assert synopsis.find("summary").text.startswith("Synopsis: after episode 2")
    assert "What happens in episode 3." in synopsis.text
    assert recap.text.endswith("Cuba calls.")


def test_a_writeup_beyond_the_reader_is_folded_with_its_later_blocks_marked(client, site):
    url = site["review"].get_absolute_url()
    closed = page(client, url)
    assert not folds(closed)
    assert all("open" not in block.attrs for block in closed.find_all("details", class_="spoiler"))

    set_progress(client, site["show"], 2)
    tree = page(client, url)
    (fold,) = folds(tree)
    assert "open" not in fold.attrs
    assert "beyond episode 2" in fold.find("summary").text
    early, late = fold.find_all("details", class_="spoiler")
    assert "open" in early.attrs
    assert "open" not in late.attrs and "spoiler--ahead" in late.classes
    assert late.find("summary").text == "Spoiler (episode 4) \u2014 after episode 2, where you are"


def test_a_reader_who_has_seen_it_all_gets_nothing_folded(client, site):
    set_progress(client, site["show"], 4)
    tree = page(client, site["review"].get_absolute_url())
    assert not folds(tree)
    assert all("open" in block.attrs for block in tree.find_all("details", class_="spoiler"))


def test_a_list_included_without_progress_folds_nothing(site):
    from django.template.loader import render_to_string

    writeups = WriteUp.objects.select_related("episode").order_by("pk")
    html = render_to_string(
        "includes/writeup_item.html", {"writeup": writeups.last(), "show": site["show"]}
    )
    tree = parse_html(html)
    assert not folds(tree)
    assert tree.find(class_="badge--spoiler").text == "Spoilers: ending"


# The page cache -------------------------------------------------------------------


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return parse_html(response.content.decode()), len(queries) == 0


@pytest.mark.parametrize("cookie_first", [False, True])
def test_the_page_cache_keeps_one_copy_per_progress(client, site, settings, cookie_first):
    assert settings.PAGE_CACHE_SECONDS > 0
    show = site["show"]
    urls = [
        show.get_absolute_url(),
        reverse("catalog:episode_detail", args=[show.slug, 3]),
        site["review"].get_absolute_url(),
    ]
    readers = [False, True, False, True] if not cookie_first else [True, False, True, False]
    seen = set()
    for url in urls:
        for with_cookie in readers:
            client.cookies.pop(watched.cookie_name(show.pk), None)
            if with_cookie:
                set_progress(client, show, 2)
            tree, cached = get(client, url)
            assert bool(folds(tree)) == with_cookie, (url, with_cookie)
            assert cached == ((url, with_cookie) in seen), (url, with_cookie)
            seen.add((url, with_cookie))


def test_cookies_that_do_not_change_the_page_share_the_plain_copy(client, site):
    url = site["review"].get_absolute_url()
    get(client, url)
    client.cookies["watched-abc"] = "2"
    client.cookies["theme"] = "dark"
    client.cookies[watched.cookie_name(site["show"].pk)] = "not a number"
    tree, cached = get(client, url)
    assert cached and not folds(tree)


def test_pages_that_do_not_fold_ignore_progress_cookies_in_the_cache(client, site):
    url = reverse("reviews:writeup_list")
    get(client, url)
    set_progress(client, site["show"], 2)
    assert get(client, url)[1]


def test_a_folded_page_costs_the_same_queries_as_a_plain_one(client, site):
    show = site["show"]
    urls = [
        show.get_absolute_url(),
        reverse("catalog:episode_detail", args=[show.slug, 3]),
        site["review"].get_absolute_url(),
    ]
    for url in urls:
        counts = []
        for episode in (None, 2):
            client.cookies.pop(watched.cookie_name(show.pk), None)
            if episode is not None:
                set_progress(client, show, episode)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append(len(queries))
        # Both are misses (a copy per progress): the fold itself costs no query.
        assert counts[1] == counts[0], url
