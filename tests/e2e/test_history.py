"""An editor finds a lost paragraph in the history, compares two versions and restores one.

Through the admin in Chromium, as an editor (Editors group, not a superuser):
edit a write-up's body, open History, press Compare on the two newest
versions, open the older one and save it. The public page then shows the
restored text, and no page broke the Content-Security-Policy.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import expect

from tests.factories import make_writeup

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ORIGINAL = "The leads have chemistry.\n\nA correction: the finale aired on 13 April."


def editors_group():
    """The Editors group its migration makes, or the same again.

    A live-server test flushes the database, and once Chromium runs the
    serialized rollback no longer brings the migration's rows back.
    """
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        apps = ("catalog", "reviews", "taggit")
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    return group


@pytest.fixture
def writeup(transactional_db):
    user = User.objects.create_user("mina", password=PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return make_writeup(title="Soundtrack #1, reviewed", slug="soundtrack-1-reviewed")


def test_editor_compares_two_versions_and_restores_the_older(writeup, open_context):
    watch = open_context()
    page = watch.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    change = f"/admin/reviews/writeup/{writeup.pk}/change/"
    # A live piece: each edit is published at once ("Publish changes").
    page.goto(change)
    page.locator("#id_body").fill(ORIGINAL)
    page.locator("input[name=_publish_changes]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published the changes")
    page.goto(change)
    page.locator("#id_body").fill("The leads have chemistry.")  # the correction is lost
    page.locator("input[name=_publish_changes]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published the changes")
    page.goto(change)

    page.get_by_role("link", name="History").click()
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("mina")
    page.get_by_role("button", name="Compare").click()
    expect(
        page.locator("del", has_text="A correction: the finale aired on 13 April.")
    ).to_be_visible()

    page.get_by_role("link", name="Go back to history list").first.click()
    # The compare page has a history table too: wait for the list before picking a row.
    expect(page).to_have_url(re.compile(r"/history/$"))
    page.locator("#change-history tbody tr").nth(1).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/history/\d+/$"))
    expect(page.locator("#id_body")).to_have_value(ORIGINAL)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    reader = open_context().new_page()
    reader.goto(writeup.get_absolute_url())
    expect(reader.locator("main")).to_contain_text("A correction: the finale aired on 13 April.")
    assert watch.csp_violations == []
    assert watch.page_errors == []
