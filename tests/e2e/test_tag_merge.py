"""An editor merges two spellings of a tag in the admin, clicking as a person would."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.factories import make_writeup

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(transactional_db):
    user = User.objects.create_user("mina", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    make_writeup(title="Only rom-com", tags=["rom-com"])
    make_writeup(title="Only romance", tags=["romance"])
    return user


def test_editor_merges_two_tags_and_the_old_page_leads_to_the_target(editor, open_context):
    watch = open_context()
    page = watch.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/admin/taggit/tag/")
    for name in ("rom-com", "romance"):
        page.locator("#result_list tr", has_text=name).locator("input.action-select").check()
    page.locator("select[name=action]").select_option("merge_selected")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("romance").check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Merged tags “rom-com” into “romance”."
    )

    page.goto("/tags/rom-com/")
    assert page.url.endswith("/tags/romance/")
    expect(page.locator("main")).to_contain_text("Only rom-com")
    expect(page.locator("main")).to_contain_text("Only romance")
    assert watch.csp_violations == [] and watch.page_errors == []
