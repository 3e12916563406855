"""Two accounts run the review loop in the admin, in Chromium, and the piece goes live on time.

A writer writes and submits; an editor requests changes with a note; the
writer reads it, edits and submits again; the editor schedules it a few
seconds ahead. Readers get 404 at its address until then, 200 after, and the
list of write-ups (a page the page cache stored before) shows it from then on.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import WriteUp
from tests.factories import make_show

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TITLE = "Soundtrack #1, a first look"
NOTE = "The ending needs a spoiler warning — 결말 스포일러 주의."


@pytest.fixture
def accounts(transactional_db):
    for username, group in (("jiwoo", "Writers"), ("mina", "Editors")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    make_show(title="Soundtrack #1", slug="soundtrack-1")


def log_in(open_context, username):
    page = open_context().new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog and write-ups")
    return page


def test_writer_and_editor_run_the_review_loop_and_the_piece_goes_live_on_time(
    accounts, open_context
):
    writer = log_in(open_context, "jiwoo")
    writer.goto("/admin/reviews/writeup/add/")
    writer.locator("#id_title").press_sequentially(TITLE)
    expect(writer.locator("#id_slug")).to_have_value("soundtrack-1-a-first-look")
    writer.locator("#id_show + .select2").click()
    writer.locator(".select2-container--open .select2-search__field").fill("soundtrack")
    writer.locator(".select2-results__option", has_text="Soundtrack #1").first.click()
    writer.locator("#id_body").fill("## First look\n\nQuiet and warm. The ending surprises.")
    writer.get_by_role("button", name="Save and submit for review").click()
    expect(writer.locator(".messagelist .success")).to_contain_text("Submitted for review.")
    expect(writer.get_by_role("button", name="Save and publish or schedule")).to_have_count(0)

    editor = log_in(open_context, "mina")
    editor.locator("#waiting-for-review").get_by_role("link", name=TITLE).click()
    editor.get_by_label("Note (the writer reads it").fill(NOTE)
    editor.get_by_role("button", name="Save and request changes").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Changes requested.")

    writer.goto("/admin/")
    writer.locator("#changes-requested").get_by_role("link", name=TITLE).click()
    expect(writer.locator(".workflow-note")).to_have_text(NOTE)
    writer.locator("#id_has_spoilers").check()
    writer.get_by_role("button", name="Save and submit for review").click()
    expect(writer.locator(".messagelist .success")).to_contain_text("Submitted for review.")

    editor.goto("/admin/")
    editor.locator("#waiting-for-review").get_by_role("link", name=TITLE).click()
    go_live = timezone.localtime(timezone.now() + timedelta(seconds=15)).replace(microsecond=0)
    editor.locator("#id_published_at_0").fill(go_live.strftime("%Y-%m-%d"))
    editor.locator("#id_published_at_1").fill(go_live.strftime("%H:%M:%S"))
    editor.get_by_role("button", name="Save and publish or schedule").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Published.")
    expect(editor.locator("#workflow-state")).to_contain_text("scheduled")

    writeup = WriteUp.objects.get(slug="soundtrack-1-a-first-look")
    assert (writeup.status, writeup.published_at, writeup.has_spoilers) == (
        "published",
        go_live,
        True,
    )
    reader = open_context().new_page()
    address = writeup.get_absolute_url()
    assert reader.goto(address).status == 404
    reader.goto(reverse("reviews:writeup_list"))  # stored by the page cache until go-live
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)
    assert timezone.now() < go_live
    while timezone.now() < go_live:
        time.sleep(0.25)
    assert reader.goto(address).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    reader.goto(reverse("reviews:writeup_list"))
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(1)
    assert list(writeup.transitions.order_by("at", "pk").values_list("to_state", flat=True)) == [
        "in_review",
        "changes_requested",
        "in_review",
        "published",
    ]
