"""Deleting a write-up in the admin moves it to the trash, from which it can be restored.

A trashed piece disappears from every public path at once, keeps its row,
scores, bylines, tags and address, and comes back with all of them when
restored; ``purge_trash`` deletes for good what has been in the trash longer
than TRASH_RETENTION_DAYS.
"""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from reviews.models import Score, TaggedWriteUp, WriteUp, WriteUpAuthor
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_author, make_show, make_writeup

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_writeup_changelist")
TRASH = reverse("admin:reviews_trashedwriteup_changelist")
TRASHED_TITLE = "Piece that went to the trash"


def delete_url(writeup):
    return reverse("admin:reviews_writeup_delete", args=[writeup.pk])


def messages_of(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def pieces():
    author = make_author(name="Noona", slug="noona")
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    shared = {"show": show, "authors": [author], "tags": ["romance", "slow burn"]}
    kept = make_writeup(title="Piece that stays", scores=[("Story", 6, 10)], **shared)
    trashed = make_writeup(
        title=TRASHED_TITLE,
        slug="trashed-piece",
        body="A body about zanzibar.",
        published_at=timezone.now() - timedelta(hours=1),
        scores=[("Oppa", "4.9", 5), ("Noona", "4.8", 5)],
        **shared,
    )
    return {"kept": kept, "trashed": trashed, "show": show, "author": author}


def trash_in_admin(admin_client, writeup):
    return admin_client.post(delete_url(writeup), {"post": "yes"})


def test_the_delete_page_says_the_piece_goes_to_the_trash(admin_client, pieces):
    html = admin_client.get(delete_url(pieces["trashed"])).content.decode()

    assert "Move the write-up “Piece that went to the trash” to the trash?" in html
    assert "Restore it from the trash within 30 days" in html
    assert 'value="Move to the trash"' in html


def test_deleting_in_the_admin_moves_the_piece_to_the_trash(admin_client, pieces):
    writeup = pieces["trashed"]

    response = trash_in_admin(admin_client, writeup)

    assert response.status_code == 302
    assert "is in the trash" in messages_of(response)
    writeup.refresh_from_db()
    assert writeup.trashed_at is not None
    assert writeup.trashed_by.username == "admin"
    assert writeup.scores.count() == 2 and writeup.bylines.count() == 1
    assert writeup not in admin_client.get(CHANGELIST).context["cl"].result_list
    assert writeup in admin_client.get(TRASH).context["cl"].result_list


def test_the_bulk_delete_action_moves_every_selected_piece_to_the_trash(admin_client, pieces):
    selected = [pieces["kept"].pk, pieces["trashed"].pk]

    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": selected}
    )

    assert response.status_code == 302
    assert "Moved 2 write-ups to the trash" in messages_of(response)
    assert WriteUp.objects.trashed().count() == 2
    assert Score.objects.count() == 3


class TestATrashedPieceLeavesEveryPublicPath:
    @pytest.fixture(autouse=True)
    def trash(self, admin_client, pieces):
        trash_in_admin(admin_client, pieces["trashed"])

    @pytest.mark.parametrize(
        "path",
        [
            "/",
            "/reviews/",
            "/reviews/?sort=rating",
            "/reviews/?kind=review&tag=romance",
            "/tags/romance/",
            "/authors/noona/",
            "/shows/soundtrack-1/",
            "/feeds/latest/",
            "/tags/romance/feed/",
            "/shows/soundtrack-1/feed/",
            "/search/?q=zanzibar",
            "/search/?q=trash",
        ],
    )
    def test_the_page_does_not_show_it(self, client, path):
        response = client.get(path)

        assert response.status_code == 200
        html = response.content.decode()
        assert TRASHED_TITLE not in html
        assert "trashed-piece" not in html

    def test_the_sitemap_does_not_list_it(self, client):
        assert b"trashed-piece" not in client.get("/sitemap-writeups.xml").content

    def test_its_address_answers_404_to_readers_and_editors(self, client, admin_client):
        assert client.get("/reviews/trashed-piece/").status_code == 404
        assert admin_client.get("/reviews/trashed-piece/").status_code == 404

    def test_the_show_is_rated_without_it(self, client):
        html = client.get("/shows/soundtrack-1/").content.decode()
        assert '"ratingValue": "6.0", "reviewCount": 1' in html

    def test_its_address_stays_reserved(self, admin_client, pieces):
        add = reverse("admin:reviews_writeup_add")
        data = admin_form_data(
            admin_client.get(add),
            title="A newcomer",
            slug="trashed-piece",
            show=pieces["show"].pk,
            kind="review",
            status="draft",
            body="Text.",
        )

        response = admin_client.post(add, data)

        assert response.status_code == 200
        assert any(
            "“Piece that went to the trash” in the trash keeps this address" in message
            for message in error_messages(response)
        )


def test_restoring_brings_it_back_at_its_address_with_scores_bylines_and_tags(
    admin_client, client, pieces
):
    writeup = pieces["trashed"]
    trash_in_admin(admin_client, writeup)

    response = admin_client.post(
        TRASH, {"action": "restore", "_selected_action": [writeup.pk]}, follow=True
    )

    assert "Restored 1 write-up at its address" in response.content.decode()
    page = client.get("/reviews/trashed-piece/")
    assert page.status_code == 200
    html = page.content.decode()
    assert TRASHED_TITLE in html
    assert "Oppa" in html and "Noona" in html
    assert "/tags/romance/" in html and "/tags/slow-burn/" in html
    writeup.refresh_from_db()
    assert (writeup.trashed_at, writeup.status) == (None, WriteUp.Status.PUBLISHED)
    assert sorted(writeup.tags.names()) == ["romance", "slow burn"]
    assert [byline.author.slug for byline in writeup.bylines.all()] == ["noona"]
    assert str(writeup.rating) == "9.70"
    assert TRASHED_TITLE in client.get("/feeds/latest/").content.decode()
    assert not admin_client.get(TRASH).context["cl"].result_list


def test_the_trash_lists_who_trashed_each_piece_and_when(admin_client, pieces):
    trash_in_admin(admin_client, pieces["trashed"])

    html = admin_client.get(TRASH).content.decode()

    assert "/reviews/trashed-piece/" in html
    assert ">admin<" in html
    assert "Deleted for good after" in html


def test_delete_for_good_from_the_trash_removes_the_piece_and_its_parts(admin_client, pieces):
    writeup = pieces["trashed"]
    trash_in_admin(admin_client, writeup)

    response = admin_client.post(
        TRASH, {"action": "delete_selected", "_selected_action": [writeup.pk], "post": "yes"}
    )

    assert response.status_code == 302
    assert not WriteUp.objects.filter(pk=writeup.pk).exists()
    assert not Score.objects.filter(writeup_id=writeup.pk).exists()
    assert not WriteUpAuthor.objects.filter(writeup_id=writeup.pk).exists()
    assert not TaggedWriteUp.objects.filter(content_object_id=writeup.pk).exists()
    assert WriteUp.objects.filter(pk=pieces["kept"].pk).exists()


def test_only_editors_who_may_delete_may_trash_restore_or_purge(client, pieces):
    user = User.objects.create_user("writer", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_writeup", "change_writeup"])
    )
    client.force_login(user)
    pieces["trashed"].move_to_trash()

    assert client.post(delete_url(pieces["kept"]), {"post": "yes"}).status_code == 403
    assert client.get(TRASH).status_code == 403
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [pieces["kept"].pk]})
    assert not WriteUp.objects.trashed().filter(pk=pieces["kept"].pk).exists()
    assert WriteUp.objects.trashed().filter(pk=pieces["trashed"].pk).exists()


# purge_trash ----------------------------------------------------------------------------


def trashed_days_ago(days, **kwargs):
    writeup = make_writeup(**kwargs)
    writeup.move_to_trash()
    WriteUp.objects.filter(pk=writeup.pk).update(trashed_at=timezone.now() - timedelta(days=days))
    return writeup


def purge(*args):
    out = StringIO()
    call_command("purge_trash", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_pieces_older_than_the_retention_and_keeps_younger_ones():
    old = trashed_days_ago(31, slug="old-enough", scores=[("Story", 5, 10)])
    young = trashed_days_ago(29, slug="too-young")
    live = make_writeup(slug="never-trashed")

    output = purge()

    assert "Deleted for good 1 write-up(s)" in output and "old-enough" in output
    assert not WriteUp.objects.filter(pk=old.pk).exists()
    assert not Score.objects.filter(writeup_id=old.pk).exists()
    assert WriteUp.objects.filter(pk__in=[young.pk, live.pk]).count() == 2


def test_a_purged_piece_can_still_be_recovered_from_its_last_version():
    old = trashed_days_ago(31, slug="old-enough", scores=[("Story", 5, 10)])

    purge()

    (version,) = Version.objects.get_deleted(WriteUp)
    assert version.object_id == str(old.pk)
    assert "for good after 30 days in the trash" in version.revision.comment
    version.revision.revert(delete=True)
    restored = WriteUp.objects.get(slug="old-enough")
    assert [(s.label, s.value) for s in restored.scores.all()] == [("Story", Decimal("5.00"))]


def test_purge_follows_the_retention_setting_and_a_dry_run_deletes_nothing(settings):
    settings.TRASH_RETENTION_DAYS = 7
    week_old = trashed_days_ago(8, slug="a-week-old")

    assert "Would delete for good 1 write-up(s)" in purge("--dry-run")
    assert WriteUp.objects.filter(pk=week_old.pk).exists()
    purge()
    assert not WriteUp.objects.filter(pk=week_old.pk).exists()
    assert "Nothing has been in the trash for more than 7 days." in purge()
