"""A reader half-way through a show says so, and what comes later is folded until they ask."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from catalog.models import Show
from reviews.models import WriteUp
from tests.e2e.test_page_types import scan
from tests.factories import make_writeup

pytestmark = pytest.mark.browser

FIXTURES = ("fixtures/catalog.json", "fixtures/writeups.json")
ENDING = "the confession and the two being together finally"


@pytest.fixture
def launch_content(transactional_db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    show = Show.objects.get(slug="soundtrack-1")
    make_writeup(
        title="Episode 3 recap",
        slug="episode-3-recap",
        kind=WriteUp.Kind.RECAP,
        show=show,
        episode=show.episodes.get(number=3),
        standfirst="Seon-woo leaves for Cuba.",
        body="Early on.\n\n:::spoiler 2\nThe move-in.\n:::\n\n:::spoiler 3\nThe airport.\n:::\n",
    )


def test_a_reader_at_episode_2_sees_later_content_folded_and_opens_it(
    launch_content, open_context, axe_source
):
    watch = open_context()
    page = watch.new_page()
    page.goto("/shows/soundtrack-1/")

    page.get_by_label("I have watched up to episode").fill("2")
    page.get_by_role("button", name="Fold what comes later").click()
    expect(page).to_have_url(re.compile("/shows/soundtrack-1/#watched$"))
    expect(page.locator("#watched")).to_contain_text("You have watched up to episode 2 of 4")

    # The recap of episode 3 keeps its title; its standfirst waits behind a fold.
    expect(page.get_by_role("link", name="Episode 3 recap")).to_be_visible()
    expect(page.get_by_text("Seon-woo leaves for Cuba.")).to_be_hidden()
    expect(page.get_by_text("Spoilers: ending").first).to_be_visible()
    assert scan(page, axe_source) == []

    # The Oppa/Noona review tells the ending: folded, until the reader opens it.
    page.get_by_role("link", name="K Drama Review: Soundtrack #1 (2022)").first.click()
    fold = page.locator("details.spoiler-fold")
    expect(fold).to_have_count(1)
    expect(page.get_by_text(ENDING, exact=False)).to_be_hidden()
    assert scan(page, axe_source) == []
    fold.locator("summary").click()
    expect(fold).to_have_attribute("open", "")
    expect(page.get_by_text(ENDING, exact=False)).to_be_visible()

    # In the recap, the block of episode 2 is open, the one of episode 3 closed.
    page.goto("/reviews/episode-3-recap/")
    page.locator("details.spoiler-fold > summary").click()
    early, late = page.locator("details.spoiler").all()
    expect(early).to_have_attribute("open", "")
    expect(page.get_by_text("The airport.")).to_be_hidden()
    late.locator("summary").click()
    expect(page.get_by_text("The airport.")).to_be_visible()

    assert watch.foreign_requests == []
    assert watch.console_errors == []
    assert watch.page_errors == []
