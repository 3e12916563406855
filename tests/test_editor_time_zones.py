"""Each editor reads and types times in their own time zone; the database keeps UTC.

The zone is a preference (reviews_site.EditorPreferences, default the site's
Asia/Seoul) that the admin names next to every date-time field and column.
Readers pay nothing for it: no query is added to a public page.
"""

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import WriteUp
from reviews_site.models import EditorPreferences
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_draft, make_writeup
from tests.html_tree import parse_html

NEW_YORK = "America/New_York"


def editor(client, username, time_zone=None):
    """A member of Editors, logged in with ``client``, with ``time_zone`` chosen if given."""
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    if time_zone:
        EditorPreferences.objects.create(user=user, time_zone=time_zone)
    client.force_login(user)
    return user


def change_url(writeup):
    return reverse("admin:reviews_writeup_change", args=[writeup.pk])


def published_at_inputs(response):
    """The (date, time) the change form's publish time boxes hold, and the zone named by them."""
    page = parse_html(response.content.decode())
    date = page.find("input", name="published_at_0")
    time = page.find("input", name="published_at_1")
    zone = date.parent.parent.find("p", class_="time-zone-name")
    return date.attrs["value"], time.attrs["value"], zone.text


@pytest.fixture
def draft(db):
    return make_draft(title="Soundtrack #1, reviewed")


def test_new_york_editor_schedules_9_am_and_it_is_stored_as_14_utc(client, draft):
    editor(client, "jisoo", NEW_YORK)
    form = client.get(change_url(draft))
    data = admin_form_data(
        form, status="published", published_at_0="2027-01-15", published_at_1="09:00:00"
    )

    response = client.post(change_url(draft), data)

    assert response.status_code == 302, error_messages(response)
    draft.refresh_from_db()
    assert draft.status == WriteUp.Status.PUBLISHED
    assert draft.published_at == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    assert published_at_inputs(client.get(change_url(draft))) == (
        "15/01/2027",
        "09:00:00",
        f"Times in {NEW_YORK}",
    )


def test_seoul_editor_sees_the_same_moment_at_23(client, draft):
    draft.published_at = datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    draft.save()
    editor(client, "minho")  # no preference: the site's zone, Asia/Seoul

    assert published_at_inputs(client.get(change_url(draft))) == (
        "15/01/2027",
        "23:00:00",
        "Times in Asia/Seoul",
    )


def test_list_column_names_the_zone_and_shows_its_time(client, db):
    make_writeup(title="Scheduled piece", published_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC))
    editor(client, "jisoo", NEW_YORK)

    response = client.get(reverse("admin:reviews_writeup_changelist"))

    page = parse_html(response.content.decode())
    headers = [th.text for th in page.find(id="result_list").find("thead").find_all("th")]
    assert f"Published at ({NEW_YORK})" in headers
    row = page.find(id="result_list").find("tbody").find("tr")
    assert "15 Jan 2027, 9 a.m." in row.text


@pytest.mark.parametrize(("time_zone", "username"), [(NEW_YORK, "jisoo"), (None, "minho")])
def test_admin_script_compares_the_browser_with_the_editors_zone(client, db, time_zone, username):
    """The "You are N hours behind server time" note reads the offset on <body>."""
    editor(client, username, time_zone)
    zone = zoneinfo.ZoneInfo(time_zone or "Asia/Seoul")

    response = client.get(reverse("admin:index"))

    body = parse_html(response.content.decode()).find("body")
    expected = int(timezone.now().astimezone(zone).utcoffset().total_seconds())
    assert int(body.attrs["data-admin-utc-offset"]) == expected


def test_editor_sets_their_zone_on_their_preferences_page(client, db):
    user = editor(client, "jisoo")
    index = parse_html(client.get(reverse("admin:index")).content.decode())
    links = [a.attrs.get("href") for a in index.find(id="user-tools").find_all("a")]
    assert reverse("admin:preferences") in links

    response = client.post(reverse("admin:preferences"), {"time_zone": NEW_YORK})

    assert response.status_code == 302
    assert EditorPreferences.objects.get(user=user).time_zone == NEW_YORK
    page = client.get(reverse("admin:preferences"))
    assert f"Times are now shown in {NEW_YORK}." in page.content.decode()


@pytest.mark.parametrize("typed", ["Mars/Olympus_Mons", "서울", "Asia/Seoul\x00", "🕘"])
def test_a_zone_that_does_not_exist_is_a_form_error(client, db, typed):
    user = editor(client, "jisoo", NEW_YORK)

    response = client.post(reverse("admin:preferences"), {"time_zone": typed})

    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"]
    assert EditorPreferences.objects.get(user=user).time_zone == NEW_YORK


def test_superuser_sets_an_editors_zone_in_the_user_admin(admin_client, db):
    jisoo = User.objects.create_user("jisoo", password="pw", is_staff=True)
    address = reverse("admin:auth_user_change", args=[jisoo.pk])
    data = admin_form_data(admin_client.get(address))

    def with_zone(name):
        return add_inline_rows(dict(data), "editor_preferences", {"time_zone": name})

    refused = admin_client.post(address, with_zone("Nowhere/Special"))
    assert refused.status_code == 200
    assert any("Nowhere/Special" in message for message in error_messages(refused))
    assert not EditorPreferences.objects.filter(user=jisoo).exists()

    saved = admin_client.post(address, with_zone(NEW_YORK))
    assert saved.status_code == 302, error_messages(saved)
    assert EditorPreferences.objects.get(user=jisoo).time_zone == NEW_YORK


def test_an_invalid_zone_left_in_the_database_falls_back_to_the_sites(client, draft):
    """A zone a tzdata update removed must not break the admin."""
    user = editor(client, "jisoo")
    EditorPreferences.objects.update_or_create(user=user, defaults={"time_zone": "Gone/Zone"})

    assert client.get(change_url(draft)).status_code == 200


def test_preview_of_a_scheduled_piece_says_when_in_the_editors_zone(client, db):
    """Staff previews are never stored in the page cache, so readers never get this time."""
    scheduled = make_writeup(published_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC))
    editor(client, "jisoo", NEW_YORK)

    response = client.get(scheduled.get_absolute_url())

    banner = parse_html(response.content.decode()).find(class_="preview-banner")
    assert f"Scheduled for 15 January 2027, 09:00 ({NEW_YORK})" in banner.text
    assert "private" in response["Cache-Control"]


PUBLIC_PAGES = ["home", "reviews:writeup_list", "catalog:show_list"]


@pytest.mark.parametrize("cookies", [{}, {"csrftoken": "x" * 32}], ids=["no-cookie", "csrf"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_readers_pay_no_query_for_editors_zones(settings, db, name, cookies):
    """The same queries with the middleware as without it (the page cache off to see them)."""
    make_writeup()
    settings.PAGE_CACHE_SECONDS = 0

    def queries():
        client = Client()  # a new client loads the middleware as the settings are now
        client.cookies.load(cookies)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return [query["sql"] for query in captured]

    with_zones = queries()
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "reviews_site.time_zones.EditorTimeZoneMiddleware"
    ]
    without = queries()
    assert with_zones
    assert len(with_zones) == len(without)
    assert not [sql for sql in with_zones if "session" in sql or "preferences" in sql]
