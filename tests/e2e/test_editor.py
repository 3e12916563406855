"""An editor (staff, in the Editors group, not a superuser) builds a show and publishes a review.

Everything goes through the admin's real JavaScript: slugs prepopulated from
titles, select2 autocomplete boxes searched by a variant spelling, inline
rows, the "View on site" preview and the publish action. The page's
Content-Security-Policy stays on throughout, and the test fails if Chromium
reports a single violation.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.factories import make_author, make_person

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TITLE = "Soundtrack #2 is the quieter sequel"


@pytest.fixture
def editor(transactional_db):
    user = User.objects.create_user("mina", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    make_person(name="Park Hyung-sik", slug="park-hyung-sik", native_name="박형식")
    make_author(name="Oppa", slug="oppa")
    return user


def pick_in_autocomplete(page, select_id, typed, option):
    """Open a select2 box, type into its search field, choose the matching option."""
    page.locator(f"#{select_id} + .select2").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    expect(page.locator(f"#{select_id} + .select2")).to_contain_text(option)


def test_editor_creates_a_show_writes_previews_and_publishes_a_review(editor, open_context):
    watch = open_context()
    page = watch.new_page()

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog and write-ups")

    # A show, with its lead cast inline; the person is found by a variant spelling.
    response = page.goto("/admin/catalog/show/add/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy  # strict, in force
    page.locator("#id_title").press_sequentially("Soundtrack #2")
    expect(page.locator("#id_slug")).to_have_value("soundtrack-2")
    page.locator("#id_premiere_date").fill("2023-12-06")
    pick_in_autocomplete(page, "id_credits-0-person", "Hyungsik", "Park Hyung-sik")
    page.locator("#id_credits-0-role").select_option("cast")
    page.locator("#id_credits-0-billing").select_option("lead")
    page.locator("#id_credits-0-character_name").fill("Han Seon-woo")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    # A draft review with a score, a byline and tags.
    page.goto("/admin/reviews/writeup/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_kind").select_option("review")
    page.locator("#id_standfirst").fill("Quieter, warmer and just as catchy.")
    pick_in_autocomplete(page, "id_show", "soundtrack 2", "Soundtrack #2")
    page.locator("#id_tags").fill("romance, music drama")
    page.locator("#id_body").fill("## Why it works\n\nA *quiet* sequel with a **great** OST.")
    page.locator("#id_scores-0-label").fill("Story")
    page.locator("#id_scores-0-value").fill("8.5")
    page.locator("#id_scores-0-scale").fill("10")
    pick_in_autocomplete(page, "id_bylines-0-author", "opp", "Oppa")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    # The preview: the draft at its real address, with a banner.
    page.get_by_role("link", name="View on site").click()
    expect(page).to_have_url(re.compile(r"/reviews/soundtrack-2-is-the-quieter-sequel/$"))
    expect(page.locator(".preview-banner")).to_contain_text("this draft is not published")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Publish it from the list with the admin action.
    page.goto("/admin/reviews/writeup/")
    page.get_by_role("row", name=re.compile(re.escape(TITLE))).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published 1 write-up.")

    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # A reader, signed out, sees it on the home page and in the feed.
    reader = open_context().new_page()
    reader.goto("/")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    feed = reader.request.get("/feeds/latest/")
    assert feed.ok
    assert f"<title>{TITLE}</title>" in feed.text()

    assert watch.csp_violations == []
    assert watch.page_errors == []
    assert watch.foreign_requests == []
