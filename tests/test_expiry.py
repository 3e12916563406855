"""Scheduled unpublish: after its unpublish time a piece leaves every reader's path.

``published()`` decides, so pages, feeds, the sitemap and search follow; the
page cache's schedule is the earliest go-live or expiry to come.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import WriteUp
from reviews_site import cache as page_cache
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_scheduled, make_show, make_writeup
from tests.workflow_helpers import change_url, signed_in

pytestmark = pytest.mark.django_db
TITLE = "Limited run: 한정판 review"


def reader_paths(writeup):
    return [
        reverse("home"),
        reverse("reviews:writeup_list"),
        writeup.show.get_absolute_url(),
        reverse("reviews:feed_latest"),
        reverse("sitemap_section", kwargs={"section": "writeups"}),
        f"{reverse('reviews:search')}?q=Limited",
    ]


def test_an_expired_piece_is_gone_from_pages_feed_sitemap_and_search(client):
    now = timezone.now()
    live = make_writeup(title=TITLE, slug="limited-run", unpublish_at=now + timedelta(hours=1))
    for path in reader_paths(live):
        response = client.get(path)
        assert TITLE in response.content.decode() or "limited-run" in response.content.decode()
    assert client.get(live.get_absolute_url()).status_code == 200

    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=1)):
        assert not WriteUp.objects.published().filter(pk=live.pk).exists()
        assert client.get(live.get_absolute_url()).status_code == 404
        for path in reader_paths(live):
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert TITLE not in html and "limited-run" not in html, path


def test_the_page_cache_expires_at_the_earliest_go_live_or_expiry(client):
    now = timezone.now()
    expiring = make_writeup(title=TITLE, unpublish_at=now + timedelta(hours=2))
    scheduled = make_scheduled(title="Coming later")  # in three days: after the expiry
    home = reverse("home")
    assert TITLE in client.get(home).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(home)
    assert len(queries) == 0, "stored while nothing changes"

    just_before = expiring.unpublish_at - timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=just_before):
        with CaptureQueriesContext(connection) as queries:
            client.get(home)
        assert len(queries) == 0, "still stored before the expiry"
    with mock.patch("django.utils.timezone.now", return_value=expiring.unpublish_at):
        assert TITLE not in client.get(home).content.decode()
    assert page_cache._next_publication(expiring.unpublish_at) == (
        scheduled.published_at.timestamp()
    )


def test_the_database_refuses_an_unpublish_time_before_the_publish_time():
    with pytest.raises(IntegrityError):
        make_writeup(unpublish_at=timezone.now() - timedelta(days=2))


def test_the_admin_explains_an_unpublish_time_before_the_publish_time():
    editor = signed_in("editor", "Editors")
    writeup = make_writeup(show=make_show(), published_at=timezone.now())
    data = admin_form_data(
        editor.get(change_url(writeup)), unpublish_at_0="2001-01-01", unpublish_at_1="00:00"
    )

    response = editor.post(change_url(writeup), data)

    assert response.status_code == 200
    assert "The unpublish time must come after the publish time." in error_messages(response)
    writeup.refresh_from_db()
    assert writeup.unpublish_at is None


def test_an_editor_sets_an_end_time_and_a_writer_cannot():
    editor, writer = signed_in("editor", "Editors"), signed_in("writer", "Writers")
    writeup = make_writeup(created_by=writer.user, status="draft", published_at=None)
    assert "unpublish_at" not in writer.get(change_url(writeup)).context["adminform"].form.fields
    data = admin_form_data(
        editor.get(change_url(writeup)), unpublish_at_0="2099-01-01", unpublish_at_1="09:00"
    )

    assert editor.post(change_url(writeup), data).status_code == 302
    writeup.refresh_from_db()
    assert writeup.unpublish_at.year == 2099
