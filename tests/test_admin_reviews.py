"""The write-up admin: inlines, publishing actions, warnings and errors editors see."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from reviews.models import WriteUp
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import (
    make_author,
    make_draft,
    make_episode,
    make_scheduled,
    make_show,
    make_writeup,
)

CHANGELIST = reverse("admin:reviews_writeup_changelist")
ADD = reverse("admin:reviews_writeup_add")


def change_url(writeup):
    return reverse("admin:reviews_writeup_change", args=[writeup.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def show(db):
    return make_show(
        title="Soundtrack #1",
        native_title="사운드트랙#1",
        alternative_titles=["Why Did You Come"],
    )


def writeup_data(client, show, **values):
    defaults = {
        "title": "Soundtrack #1, reviewed",
        "slug": "soundtrack-1-reviewed",
        "kind": "review",
        "show": show.pk,
        "status": "draft",
        "body": "## Why it works\n\nThe *leads*.",
    }
    return admin_form_data(client.get(ADD), **(defaults | values))


def test_writeup_add_form_saves_scores_bylines_and_tags(admin_client, show):
    first, second = make_author(name="Min"), make_author(name="Joon")
    data = writeup_data(admin_client, show, tags="romance, slow burn")
    add_inline_rows(data, "scores", {"label": "Story", "value": "8", "scale": "10", "order": "1"},
                    {"label": "Oppa", "value": "4.5", "scale": "5", "order": "0"})  # fmt: skip
    add_inline_rows(data, "bylines", {"author": second.pk, "order": "1"},
                    {"author": first.pk, "order": "0"})  # fmt: skip

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, error_messages(response)
    writeup = WriteUp.objects.get(slug="soundtrack-1-reviewed")
    assert [score.label for score in writeup.scores.all()] == ["Oppa", "Story"]
    assert [byline.author for byline in writeup.bylines.all()] == [first, second]
    assert sorted(writeup.tags.names()) == ["romance", "slow burn"]
    assert writeup.rating == Decimal("8.50")
    assert writeup.body_html.startswith("<h2>Why it works</h2>")


def test_score_above_its_scale_is_a_form_error(admin_client, show):
    data = writeup_data(admin_client, show)
    add_inline_rows(data, "scores", {"label": "Story", "value": "11", "scale": "10", "order": "0"})

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    assert "A score must be between 0 and its scale." in error_messages(response)
    assert not WriteUp.objects.exists()


def test_episode_of_another_show_is_an_error_on_the_episode_field(admin_client, show):
    other_episode = make_episode(show=make_show())

    response = admin_client.post(ADD, writeup_data(admin_client, show, episode=other_episode.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["episode"] == [
        "This episode belongs to another show."
    ]
    assert not WriteUp.objects.exists()


def test_publishing_without_an_author_warns_but_saves(admin_client, show):
    response = admin_client.post(ADD, writeup_data(admin_client, show, status="published"))

    assert response.status_code == 302, error_messages(response)
    writeup = WriteUp.objects.get()
    assert writeup.is_published
    assert any("published without an author" in message for message in messages_of(response))


def test_publishing_with_an_author_gives_no_warning(admin_client, show):
    data = writeup_data(admin_client, show, status="published")
    add_inline_rows(data, "bylines", {"author": make_author().pk, "order": "0"})

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, error_messages(response)
    assert not any("without an author" in message for message in messages_of(response))


def test_a_draft_without_an_author_gives_no_warning(admin_client, show):
    response = admin_client.post(ADD, writeup_data(admin_client, show))

    assert response.status_code == 302, error_messages(response)
    assert not any("without an author" in message for message in messages_of(response))


# Actions ----------------------------------------------------------------------------------


def run_action(client, action, *writeups):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [writeup.pk for writeup in writeups]},
        follow=True,
    )


def test_publish_action_publishes_drafts_now_and_keeps_a_future_date(admin_client, db):
    draft = make_draft()
    later = timezone.now() + timedelta(days=5)
    planned = make_draft(published_at=later)

    response = run_action(admin_client, "publish", draft, planned)

    draft.refresh_from_db()
    planned.refresh_from_db()
    assert draft.is_published
    assert planned.is_scheduled
    assert planned.published_at == later
    assert messages_of(response) == [
        "Published 2 write-ups. 1 of them is scheduled and appears at its publish time."
    ]


def test_unpublish_action_moves_published_pieces_to_unpublished(admin_client, db):
    live, scheduled = make_writeup(), make_scheduled()

    response = run_action(admin_client, "unpublish", live, scheduled)

    assert set(WriteUp.objects.values_list("status", flat=True)) == {WriteUp.Status.UNPUBLISHED}
    assert not WriteUp.objects.published().exists()
    assert messages_of(response) == ["Unpublished 2 write-ups."]


# The list ---------------------------------------------------------------------------------


def test_changelist_shows_scheduled_status_and_rating(admin_client, db):
    make_scheduled(title="Coming soon", scores=[("Story", 4, 5)])

    response = admin_client.get(CHANGELIST)

    content = response.content.decode()
    assert "Scheduled" in content
    assert "8 / 10" in content


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", {"draft"}), ("live", {"live"}), ("scheduled", {"scheduled"})],
)
def test_status_filter_tells_live_from_scheduled(admin_client, db, state, expected):
    make_draft(title="draft")
    make_writeup(title="live")
    make_scheduled(title="scheduled")

    response = admin_client.get(CHANGELIST, {"state": state})

    assert {writeup.title for writeup in response.context["cl"].result_list} == expected


def search(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return [writeup.title for writeup in response.context["cl"].result_list]


@pytest.mark.parametrize(
    "term", ["Why Did You Come", "why-did-you-come", "사운드트랙", "slow burn"]
)
def test_search_finds_writeups_by_show_titles_in_any_spelling_and_by_body(admin_client, show, term):
    make_writeup(title="The review", show=show, body="A slow burn done right.")
    make_writeup(title="Unrelated", show=make_show(title="Other"))

    assert search(admin_client, term) == ["The review"]


def test_tag_and_author_filters_narrow_the_list(admin_client, db):
    author = make_author()
    make_writeup(title="tagged", tags=["office"], authors=[author])
    make_writeup(title="other", tags=["romance"])

    by_tag = admin_client.get(CHANGELIST, {"tag": "office"})
    by_author = admin_client.get(CHANGELIST, {"authors__id__exact": author.pk})

    assert [w.title for w in by_tag.context["cl"].result_list] == ["tagged"]
    assert [w.title for w in by_author.context["cl"].result_list] == ["tagged"]


# The change page --------------------------------------------------------------------------


def test_view_on_site_opens_the_public_page_of_a_draft(admin_client, db):
    draft = make_draft()
    page = admin_client.get(change_url(draft))
    content_type = ContentType.objects.get_for_model(WriteUp)
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, draft.pk])

    response = admin_client.get(view_on_site)

    assert view_on_site in page.content.decode()
    assert response.status_code == 302
    assert response["Location"].endswith(draft.get_absolute_url())


def test_body_has_a_large_textarea_and_a_markdown_cheat_sheet(admin_client, db):
    response = admin_client.get(ADD)

    body = response.context["adminform"].form.fields["body"].widget
    assert int(body.attrs["rows"]) >= 30
    content = response.content.decode()
    assert "Markdown cheat-sheet" in content
    assert "<code>## Why it works</code>" in content


def test_author_admin_searches_and_links_user_accounts(admin_client, db):
    make_author(name="Kim Min-ji")

    response = admin_client.get(reverse("admin:reviews_author_changelist"), {"q": "min-ji"})
    add_page = admin_client.get(reverse("admin:reviews_author_add"))

    assert [author.name for author in response.context["cl"].result_list] == ["Kim Min-ji"]
    assert "user" in add_page.context["adminform"].form.fields
