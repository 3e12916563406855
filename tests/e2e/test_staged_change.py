"""A change to a live write-up, in browsers: kept aside, previewed by staff, published by an editor.

Jisu (staff with every Editors permission but publishing) retitles a live
review and saves: the form says the change is unpublished, and "View on
site" shows it with a preview notice, while a reader still sees the live
title. Mina (an editor) opens the form, finds Jisu's change in it and
publishes it; the reader then sees the new title.
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_author, make_writeup

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
LIVE_TITLE = "Soundtrack #1, reviewed"
NEW_TITLE = "Soundtrack #1, 다시 보기"


@pytest.fixture
def writeup(transactional_db):
    editors = Group.objects.get(name="Editors")
    User.objects.create_user("mina", password=PASSWORD, is_staff=True).groups.add(editors)
    jisu = User.objects.create_user("jisu", password=PASSWORD, is_staff=True)
    jisu.user_permissions.set(editors.permissions.exclude(codename="publish_writeup"))
    return make_writeup(
        title=LIVE_TITLE,
        slug="soundtrack-1-reviewed",
        body="The leads carry it.",
        authors=[make_author(name="Min")],
        scores=[("Story", 8, 10)],
    )


def signed_in(open_context, name):
    watch = open_context()
    page = watch.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog and write-ups")
    return watch, page


def test_a_staged_change_is_previewed_by_staff_and_reaches_readers_once_published(
    writeup, open_context
):
    change = f"/admin/reviews/writeup/{writeup.pk}/change/"
    reader = open_context().new_page()
    watch_jisu, jisu = signed_in(open_context, "jisu")

    jisu.goto(change)
    expect(jisu.locator("input[name=_publish_changes]")).to_have_count(0)
    jisu.locator("#id_title").fill(NEW_TITLE)
    jisu.locator("input[name=_continue]").click()
    expect(jisu.locator(".messagelist .success")).to_contain_text("unpublished changes")
    expect(jisu.locator("form .messagelist .warning")).to_contain_text(
        "Unpublished changes — readers see the live version."
    )
    expect(jisu.locator("#id_title")).to_have_value(NEW_TITLE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    jisu.screenshot(path=SCREENSHOTS / "staged-change-form.png")

    jisu.get_by_role("link", name="View on site").click()
    expect(jisu.locator(".preview-banner")).to_contain_text("Preview of unpublished changes")
    expect(jisu.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    reader.goto(writeup.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(LIVE_TITLE)
    expect(reader.locator(".preview-banner")).to_have_count(0)

    watch_mina, mina = signed_in(open_context, "mina")
    mina.goto(change)
    expect(mina.locator("#id_title")).to_have_value(NEW_TITLE)
    mina.locator("input[name=_publish_changes]").click()
    expect(mina.locator(".messagelist .success")).to_contain_text("Published the changes")

    reader.goto(writeup.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    for watch in (watch_jisu, watch_mina):
        assert watch.csp_violations == []
        assert watch.page_errors == []
        assert watch.foreign_requests == []
