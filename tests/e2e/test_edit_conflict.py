"""Two editors, two browsers, one write-up: the stale save is refused, nothing is lost.

Editor A and editor B (staff in the Editors group, each in their own browser
context) open the same change page. A appends a correction to the body and
saves. B, on the page opened before, changes only "Skip it if" and saves: B
gets the form back with a message naming A and A's values beside B's, B's
typed text still in the form, and A's correction in the database. B saves
again deliberately and that save goes through.
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from reviews.models import WriteUp
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_author, make_writeup

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
CORRECTION = "Correction: the finale aired on 13 April."
SKIP = "You cannot stand a love triangle."


@pytest.fixture
def writeup(transactional_db):
    for name in ("alice", "bora"):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
    return make_writeup(
        title="Soundtrack #1, reviewed",
        body="## Why it works\n\nThe leads.",
        verdict_skip="You want a plot twist.",
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


def test_a_stale_save_in_a_second_browser_is_refused_and_both_texts_survive(writeup, open_context):
    url = f"/admin/reviews/writeup/{writeup.pk}/change/"
    watch_a, page_a = signed_in(open_context, "alice")
    watch_b, page_b = signed_in(open_context, "bora")
    page_a.goto(url)
    page_b.goto(url)

    body = page_a.locator("#id_body")
    body.fill(body.input_value() + "\n\n" + CORRECTION)
    page_a.locator("input[name=_publish_changes]").click()  # a live piece: published at once
    expect(page_a.locator(".messagelist .success")).to_contain_text("Published the changes")

    page_b.locator("#id_verdict_skip").fill(SKIP)
    page_b.locator("input[name=_publish_changes]").click()

    conflict = page_b.locator(".edit-conflict")
    expect(conflict).to_contain_text("alice saved this write-up after you opened it")
    expect(conflict.get_by_role("row", name="Skip it if")).to_contain_text("You want a plot twist.")
    expect(conflict.locator(".edit-conflict__theirs").last).to_contain_text(CORRECTION)
    expect(page_b.locator(".errornote")).to_be_visible()
    expect(page_b.locator("#id_verdict_skip")).to_have_value(SKIP)  # B's text is kept
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    conflict.screenshot(path=SCREENSHOTS / "edit-conflict.png")
    saved = WriteUp.objects.get(pk=writeup.pk)
    assert saved.body.endswith(CORRECTION)
    assert saved.verdict_skip == "You want a plot twist."

    # Having read A's values, B saves again on purpose: it goes through.
    page_b.locator("input[name=_publish_changes]").click()
    expect(page_b.locator(".messagelist .success")).to_contain_text("Published the changes")
    assert WriteUp.objects.get(pk=writeup.pk).verdict_skip == SKIP

    for watch in (watch_a, watch_b):
        assert watch.csp_violations == []
        assert watch.page_errors == []
        assert watch.foreign_requests == []
