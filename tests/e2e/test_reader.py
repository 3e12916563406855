"""A reader finds an actor by a variant spelling and follows links through the launch content."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIXTURES = ("fixtures/catalog.json", "fixtures/writeups.json")


@pytest.fixture
def launch_content(transactional_db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def search_from_the_page(page, text):
    """With the page's one search box: the header's, or the home and search pages' own."""
    box = page.get_by_role("searchbox")
    box.fill(text)
    box.press("Enter")


def test_reader_searches_a_variant_spelling_and_reaches_show_person_write_up_and_tag(
    launch_content, open_context
):
    watch = open_context()
    page = watch.new_page()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    search_from_the_page(page, "Hyungsik")
    expect(page).to_have_url(re.compile(r"/search/\?q=Hyungsik"))
    people = page.get_by_role("region", name=re.compile("^People"))
    people.get_by_role("link", name="Park Hyung-sik").click()
    expect(page).to_have_url(re.compile("/people/park-hyung-sik/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Park Hyung-sik")

    search_from_the_page(page, "Sun-woo")
    characters = page.get_by_role("region", name=re.compile("^Characters"))
    characters.get_by_role("link", name="Soundtrack #1", exact=True).first.click()
    expect(page).to_have_url(re.compile("/shows/soundtrack-1/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Soundtrack #1")

    page.get_by_role("link", name="K Drama Review: Soundtrack #1 (2022)").first.click()
    expect(page).to_have_url(re.compile("/reviews/k-drama-review-soundtrack-1-2022/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "K Drama Review: Soundtrack #1 (2022)"
    )

    page.get_by_role("link", name="romance", exact=True).first.click()
    expect(page).to_have_url(re.compile("/tags/romance/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("romance")

    assert watch.foreign_requests == []
    assert watch.console_errors == []
    assert watch.page_errors == []
