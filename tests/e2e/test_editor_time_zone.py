"""An editor in New York works in New York time, in a browser in New York.

The admin's script warns "You are N hours behind server time" when the
browser's offset differs from the active zone's (<body data-admin-utc-offset>):
with the editor's zone active it agrees with their browser, and with the
site's (Asia/Seoul) it does not.
"""

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import WriteUp
from reviews_site.models import EditorPreferences
from tests.factories import make_draft

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
NEW_YORK = "America/New_York"


@pytest.fixture
def editor(transactional_db):
    user = User.objects.create_user("mina", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    EditorPreferences.objects.create(user=user, time_zone=NEW_YORK)
    return user


def hours_between_seoul_and_new_york():
    now = timezone.now()
    seoul = now.astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).utcoffset()
    new_york = now.astimezone(zoneinfo.ZoneInfo(NEW_YORK)).utcoffset()
    return int((seoul - new_york).total_seconds() // 3600)


def test_new_york_editor_schedules_in_new_york_time_without_a_warning(editor, open_context):
    draft = make_draft(title="Soundtrack #1, reviewed")
    watch = open_context(timezone_id=NEW_YORK)
    page = watch.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/admin/reviews/writeup/{draft.pk}/change/")
    expect(page.locator(".time-zone-name").first).to_have_text(f"Times in {NEW_YORK}")
    expect(page.locator(".timezonewarning")).to_have_count(0)
    page.locator("#id_status").select_option("published")
    page.locator("#id_published_at_0").fill("15/01/2027")
    page.locator("#id_published_at_1").fill("09:00:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    draft.refresh_from_db()
    assert draft.status == WriteUp.Status.PUBLISHED
    assert draft.published_at == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)

    # Back to the site's zone: the script now sees the browser is behind it.
    page.get_by_role("link", name="Your preferences").click()
    page.get_by_label("Time zone").select_option("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("Times are now shown in Asia/Seoul.")
    page.goto(f"/admin/reviews/writeup/{draft.pk}/change/")
    hours = hours_between_seoul_and_new_york()
    expect(page.locator(".timezonewarning").first).to_have_text(
        f"Note: You are {hours} hours behind server time."
    )
    expect(page.locator("#id_published_at_1")).to_have_value("23:00:00")
    assert not watch.page_errors and not watch.csp_violations
