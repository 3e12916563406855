"""Edits to a published write-up are staged: readers see the live version until one is published.

An editor saves the change form of a live piece; the change (title, body,
scores, bylines, tags) is kept aside. Readers' page, feed and search stay
as they were; staff see the change at the real address, marked as a
preview. Someone with ``reviews.publish_writeup`` publishes it through the
version-checked save, or it is discarded. Drafts save directly as before.
"""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from reviews.models import Author, StagedChange, WriteUp
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_author, make_draft, make_writeup
from tests.html_tree import parse_html

pytestmark = pytest.mark.django_db

PUBLISH = {"_publish_changes": "Publish changes"}
DISCARD = {"_discard_changes": "Discard changes"}
BANNER = "Unpublished changes — readers see the live version."
PREVIEW_NOTICE = "Preview of unpublished changes — readers see the live version"
STALE = "Someone saved this write-up after you opened it, so nothing was saved."
LIVE_TITLE = "Soundtrack #1, reviewed"
NEW_TITLE = "Soundtrack #1, 다시 보기 🎧"
NEW_BODY = "A second look: the *orchestration* carries the finale."


def change_url(writeup):
    return reverse("admin:reviews_writeup_change", args=[writeup.pk])


def logged_in(username, *, group="Editors", without=()):
    """A staff client with the group's permissions, less the codenames ``without``."""
    user = User.objects.create_user(username, password="pw", is_staff=True)
    permissions = Group.objects.get(name=group).permissions.exclude(codename__in=without)
    user.user_permissions.set(permissions)
    client = Client()
    client.force_login(user)
    return client


def form_as_sent(response):
    """What the browser sends from a change form, the new rows of a reopened draft included.

    admin_form_data keeps each inline's saved rows only; a form reopened on a
    staged change also shows the rows added in the draft.
    """
    data = admin_form_data(response)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in formset.extra_forms if formset.is_bound else ():
            data |= {bound.html_name: str(bound.value()) for bound in form if bound.value()}
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
    return data


@pytest.fixture
def editor():
    return logged_in("editor-minji")


@pytest.fixture
def writeup():
    make_author(name="Bora", slug="bora")  # the byline a staged edit adds
    return make_writeup(
        title=LIVE_TITLE,
        slug="soundtrack-1-reviewed",
        body="The leads carry an unhurried story.",
        authors=[make_author(name="Min", slug="min")],
        scores=[("Story", 8, 10)],
        tags=["romance"],
    )


def staged_edit(client, writeup, **extra):
    """Open the change form, change title, body, score, byline and tags, and press Save."""
    form = admin_form_data(client.get(change_url(writeup)))
    bora = Author.objects.get(slug="bora")
    form |= {"title": NEW_TITLE, "body": NEW_BODY, "scores-0-value": "9.5", "tags": "melodrama"}
    add_inline_rows(form, "bylines", {"author": str(bora.pk), "order": "1"})
    response = client.post(change_url(writeup), form | extra)
    assert response.status_code == 302, error_messages(response)
    return response


def page(client, writeup):
    return client.get(writeup.get_absolute_url())


def feed_titles(client):
    root = ET.fromstring(client.get(reverse("reviews:feed_latest")).content)
    return [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in root.iter()]


def found_writeups(client, query):
    tree = parse_html(client.get(reverse("reviews:search"), {"q": query}).content)
    return [
        heading.text
        for section in tree.find_all("section", class_="search-results")
        if section.attrs["aria-labelledby"] == "results-writeups"
        for heading in section.find_all("h3")
    ]


def live_state(writeup):
    writeup = WriteUp.objects.get(pk=writeup.pk)
    return {
        "title": writeup.title,
        "body": writeup.body,
        "scores": [score.value for score in writeup.scores.all()],
        "bylines": [byline.author.name for byline in writeup.bylines.all()],
        "tags": [tag.name for tag in writeup.tag_list],
    }


LIVE = {
    "title": LIVE_TITLE,
    "body": "The leads carry an unhurried story.",
    "scores": [8],
    "bylines": ["Min"],
    "tags": ["romance"],
}


def test_an_edit_to_a_live_piece_is_kept_aside_and_readers_see_the_live_version(
    editor, writeup, client
):
    sitemap = reverse("sitemap_section", kwargs={"section": "writeups"})
    listed = editor.get(sitemap).content  # signed in: never a stored page

    response = staged_edit(editor, writeup)

    assert editor.get(sitemap).content == listed  # same address, same lastmod
    assert WriteUp.objects.get(pk=writeup.pk).updated_at == writeup.updated_at
    assert response.url == reverse("admin:reviews_writeup_changelist")
    assert live_state(writeup) == LIVE
    assert StagedChange.objects.filter(writeup=writeup).exists()
    text = page(client, writeup).content.decode()
    assert LIVE_TITLE in text
    assert "orchestration" not in text and NEW_TITLE not in text and "Bora" not in text
    assert PREVIEW_NOTICE not in text
    assert LIVE_TITLE in feed_titles(client) and NEW_TITLE not in feed_titles(client)
    assert found_writeups(client, "orchestration") == []
    assert found_writeups(client, "unhurried") == [LIVE_TITLE]


def test_the_change_form_opens_with_the_staged_values_under_a_banner(editor, writeup):
    staged_edit(editor, writeup)

    response = editor.get(change_url(writeup))

    form = form_as_sent(response)
    assert form["title"] == NEW_TITLE
    assert form["body"] == NEW_BODY
    assert form["scores-0-value"] == "9.5"
    assert form["bylines-TOTAL_FORMS"] == "2"
    assert form["bylines-1-author"] == str(Author.objects.get(slug="bora").pk)
    assert form["tags"] == "melodrama"
    text = " ".join(response.content.decode().split())
    assert BANNER in text
    assert 'name="_publish_changes"' in text and 'name="_discard_changes"' in text


def test_staff_preview_the_staged_version_at_the_real_address_never_cached(editor, writeup, client):
    staged_edit(editor, writeup)

    preview = page(editor, writeup)

    text = preview.content.decode()
    assert PREVIEW_NOTICE in text
    assert NEW_TITLE in text and "orchestration" in text and "Bora" in text
    assert "melodrama" in text and "9.5" in text
    assert "no-cache" in preview["Cache-Control"]
    assert preview["X-Robots-Tag"] == "noindex"
    assert NEW_TITLE not in page(client, writeup).content.decode()


def test_staging_leaves_stored_pages_in_the_cache_and_publishing_retires_them(
    editor, writeup, client
):
    def anonymous_get():
        with CaptureQueriesContext(connection) as queries:
            response = page(client, writeup)
        return response.content.decode(), len(queries) == 0  # a hit runs no query

    assert anonymous_get()[1] is False
    staged_edit(editor, writeup)
    page(editor, writeup)  # a staff preview is never stored

    text, cached = anonymous_get()
    assert cached and LIVE_TITLE in text and PREVIEW_NOTICE not in text

    editor.post(change_url(writeup), form_as_sent(editor.get(change_url(writeup))) | PUBLISH)
    text, cached = anonymous_get()
    assert not cached and NEW_TITLE in text


def test_staff_who_may_only_view_write_ups_preview_too_and_open_the_form(editor, writeup):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(viewer)
    staged_edit(editor, writeup)

    assert PREVIEW_NOTICE in page(client, writeup).content.decode()
    opened = client.get(change_url(writeup))
    assert opened.status_code == 200
    assert BANNER in " ".join(opened.content.decode().split())
    assert 'name="_publish_changes"' not in opened.content.decode()
    assert 'name="_discard_changes"' not in opened.content.decode()
    assert client.post(change_url(writeup), DISCARD).status_code == 403
    assert StagedChange.objects.filter(writeup=writeup).exists()


def test_publishing_applies_title_body_scores_bylines_and_tags_in_one_version(
    editor, writeup, client
):
    staged_edit(editor, writeup)
    form = form_as_sent(editor.get(change_url(writeup)))

    response = editor.post(change_url(writeup), form | PUBLISH)

    assert response.status_code == 302, error_messages(response)
    assert live_state(writeup) == {
        "title": NEW_TITLE,
        "body": NEW_BODY,
        "scores": [9.5],
        "bylines": ["Min", "Bora"],
        "tags": ["melodrama"],
    }
    assert not StagedChange.objects.filter(writeup=writeup).exists()
    latest = Version.objects.get_for_object(writeup).first()
    assert latest.revision.comment.startswith("Published staged changes.")
    text = page(client, writeup).content.decode()
    assert NEW_TITLE in text and "orchestration" in text
    assert NEW_TITLE in feed_titles(client)


def test_discarding_drops_the_change_and_the_form_shows_the_live_version(editor, writeup):
    staged_edit(editor, writeup)

    response = editor.post(change_url(writeup), DISCARD)

    assert response.status_code == 302
    assert not StagedChange.objects.filter(writeup=writeup).exists()
    assert live_state(writeup) == LIVE
    reopened = editor.get(change_url(writeup))
    assert admin_form_data(reopened)["title"] == LIVE_TITLE
    assert BANNER not in " ".join(reopened.content.decode().split())


def test_without_publish_permission_a_crafted_publish_post_is_refused(writeup):
    writer = logged_in("writer-bora", without=["publish_writeup"])
    staged_edit(writer, writeup)
    form_page = writer.get(change_url(writeup))
    assert 'name="_publish_changes"' not in form_page.content.decode()

    response = writer.post(change_url(writeup), form_as_sent(form_page) | PUBLISH)

    assert response.status_code == 403
    assert live_state(writeup) == LIVE
    assert StagedChange.objects.filter(writeup=writeup).exists()


def test_a_stale_publish_is_refused_and_does_not_erase_the_edit_made_meanwhile(editor, writeup):
    staged_edit(editor, writeup)
    form = form_as_sent(editor.get(change_url(writeup)))
    # Meanwhile, someone saves the live piece another way (a script, a list action).
    live = WriteUp.objects.get(pk=writeup.pk)
    live.verdict_skip = "You want a plot twist."
    live.save()

    refused = editor.post(change_url(writeup), form | PUBLISH)

    assert refused.status_code == 200
    assert STALE in " ".join(error_messages(refused))
    live.refresh_from_db()
    assert live.verdict_skip == "You want a plot twist."
    assert live.title == LIVE_TITLE
    # Read the difference, then publish again on purpose: both edits are kept.
    again = form_as_sent(refused) | {"verdict_skip": "You want a plot twist."}
    assert editor.post(change_url(writeup), again | PUBLISH).status_code == 302
    live.refresh_from_db()
    assert (live.title, live.verdict_skip) == (NEW_TITLE, "You want a plot twist.")


def test_a_second_editor_cannot_overwrite_a_draft_from_a_form_opened_before_it(editor, writeup):
    other = logged_in("editor-jisoo")
    opened_before = admin_form_data(other.get(change_url(writeup)))
    staged_edit(editor, writeup)

    refused = other.post(change_url(writeup), opened_before | {"standfirst": "Quiet."})

    assert refused.status_code == 200
    assert STALE in " ".join(error_messages(refused))
    reopened = admin_form_data(editor.get(change_url(writeup)))
    assert reopened["title"] == NEW_TITLE


def test_the_list_marks_and_filters_the_pieces_with_unpublished_changes(editor, writeup):
    make_writeup(title="Untouched live piece")
    staged_edit(editor, writeup)

    listed = editor.get(reverse("admin:reviews_writeup_changelist"), {"staged": "yes"})

    assert [row.title for row in listed.context["cl"].result_list] == [LIVE_TITLE]
    assert listed.context["cl"].result_list[0].has_staged_change


def test_a_draft_is_saved_directly(editor):
    draft = make_draft(title="Working title", scores=[("Story", 6, 10)])
    form = admin_form_data(editor.get(change_url(draft)))

    response = editor.post(change_url(draft), form | {"title": "Final title"})

    assert response.status_code == 302, error_messages(response)
    assert WriteUp.objects.get(pk=draft.pk).title == "Final title"
    assert not StagedChange.objects.exists()


def test_editors_may_publish_and_review(db):
    codes = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"publish_writeup", "review_writeup"} <= codes
