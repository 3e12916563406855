"""Editors keep the tags tidy: counts, merging, synonyms, descriptions (reviews.tag_vocabulary).

taggit's stock "Merge selected tags" said "Tags have been merged" and moved nothing (it
knows only its own TaggedItem rows, not our TaggedWriteUp); the merge here goes through
the admin as an editor would and checks every write-up and every address afterwards.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from reviews.models import TagDescription, TagSynonym, WriteUp
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_draft, make_show, make_writeup
from tests.test_search import results, search
from tests.test_search_index import index_in_step

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", "editor@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def tag(name):
    return Tag.objects.get(name=name)


def tag_page(slug):
    return reverse("reviews:tag_detail", kwargs={"slug": slug})


def tag_names(writeup):
    return sorted(writeup.tags.values_list("name", flat=True))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def merge(client, tags, target, **extra):
    """Select ``tags``, run the action, then confirm ``target``: both responses."""
    selected = {"action": "merge_selected", "_selected_action": [t.pk for t in tags]}
    confirmation = client.post(CHANGELIST, selected)
    done = client.post(CHANGELIST, {**selected, "post": "yes", "target": target.pk, **extra})
    return confirmation, done


@pytest.fixture
def used_tags():
    """ "rom-com" and "romance" both in use, on one piece together; a draft with "rom-com"."""
    show = make_show()
    return {
        "only_romcom": make_writeup(title="Only rom-com", show=show, tags=["rom-com"]),
        "only_romance": make_writeup(title="Only romance", show=show, tags=["romance"]),
        "both": make_writeup(title="Both tags", show=show, tags=["rom-com", "romance", "office"]),
        "draft": make_draft(title="Draft rom-com", show=show, tags=["rom-com", "office"]),
    }


def test_merging_two_used_tags_moves_every_writeup_to_the_target(editor, client, used_tags):
    romcom, romance = tag("rom-com"), tag("romance")

    confirmation, done = merge(editor, [romcom, romance], target=romance)

    assert confirmation.status_code == 200
    assert "Merge into" in confirmation.content.decode()
    assert done.status_code == 302
    assert any("into “romance”" in message for message in messages_of(done))
    for writeup in used_tags.values():
        assert "rom-com" not in tag_names(writeup)
    assert tag_names(used_tags["only_romcom"]) == ["romance"]
    assert tag_names(used_tags["both"]) == ["office", "romance"]  # one link, not two
    assert tag_names(used_tags["draft"]) == ["office", "romance"]
    assert not Tag.objects.filter(name="rom-com").exists()
    assert TagSynonym.objects.get().tag == romance
    page = client.get(tag_page("romance")).content.decode()
    for title in ("Only rom-com", "Only romance", "Both tags"):
        assert title in page
    assert "Draft rom-com" not in page


def test_a_merged_tags_pages_and_its_own_old_slugs_redirect_to_the_target(editor, client):
    make_writeup(tags=["rom-com", "romance"])
    romcom = tag("rom-com")
    romcom.slug = "romantic-comedy"
    romcom.save()  # "rom-com" is now its old slug
    merge(editor, [romcom, tag("romance")], target=tag("romance"))

    for old in ("romantic-comedy", "rom-com"):
        response = client.get(tag_page(old))
        assert response.status_code == 301, old
        assert response["Location"] == tag_page("romance")
    feed = client.get(reverse("reviews:feed_tag", args=["romantic-comedy"]))
    assert feed["Location"] == reverse("reviews:feed_tag", args=["romance"])


def test_a_merge_records_a_version_of_each_moved_writeup(editor, used_tags):
    merge(editor, [tag("rom-com"), tag("romance")], target=tag("romance"))

    for key in ("only_romcom", "both", "draft"):
        latest = Version.objects.get_for_object(used_tags[key]).first()
        assert latest.revision.comment == "Merged tags “rom-com” into “romance”."
        assert latest.revision.user.username == "editor"
    assert not Version.objects.get_for_object(used_tags["only_romance"]).exists()


def test_after_a_merge_search_finds_the_moved_writeups_by_the_target(editor, client, used_tags):
    assert "Only rom-com" not in results(search(client, "romance")).get("writeups", [])

    merge(editor, [tag("rom-com"), tag("romance")], target=tag("romance"))

    assert "Only rom-com" in results(search(client, "romance"))["writeups"]
    assert index_in_step()  # as a rebuild from scratch would make it


def test_a_merge_retires_the_cached_tag_page(editor, client, used_tags):
    assert "Only rom-com" not in client.get(tag_page("romance")).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(tag_page("romance"))
    assert len(queries) == 0  # stored

    merge(editor, [tag("rom-com"), tag("romance")], target=tag("romance"))

    assert "Only rom-com" in client.get(tag_page("romance")).content.decode()


def test_a_synonym_typed_later_on_a_writeup_gives_the_target(editor, used_tags):
    merge(editor, [tag("rom-com"), tag("romance")], target=tag("romance"))
    writeup = used_tags["only_romance"]
    change = reverse("admin:reviews_writeup_change", args=[writeup.pk])

    # A published piece: the edit is published at once (staged changes otherwise).
    data = admin_form_data(
        editor.get(change), tags="ROM-COM, slow burn, romance", _publish_changes="1"
    )
    response = editor.post(change, data)

    assert response.status_code == 302, error_messages(response)
    assert tag_names(writeup) == ["romance", "slow burn"]
    assert not Tag.objects.filter(name__iexact="rom-com").exists()


def test_merging_a_single_tag_into_itself_is_refused(editor, used_tags):
    romance = tag("romance")

    confirmation, _ = merge(editor, [romance], target=romance)

    assert any("cannot be merged into itself" in m for m in messages_of(confirmation))
    assert Tag.objects.filter(name="romance").exists()
    assert TagSynonym.objects.count() == 0


def test_a_target_outside_the_selection_is_refused_and_nothing_moves(editor, used_tags):
    selected = [tag("rom-com"), tag("romance")]

    _, done = merge(editor, selected, target=tag("office"))

    assert done.status_code == 200
    assert "Select a valid choice" in done.content.decode()
    assert tag_names(used_tags["only_romcom"]) == ["rom-com"]


def test_non_staff_and_staff_without_tag_rights_cannot_merge(client, used_tags):
    reader = User.objects.create_user("reader", "reader@example.com", "pw")
    client.force_login(reader)
    _, done = merge(client, [tag("rom-com"), tag("romance")], target=tag("romance"))
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("admin:login"))

    staff = User.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    client.force_login(staff)
    _, done = merge(client, [tag("rom-com"), tag("romance")], target=tag("romance"))
    assert done.status_code == 403

    assert Tag.objects.filter(name="rom-com").exists()
    assert tag_names(used_tags["only_romcom"]) == ["rom-com"]


def test_a_tag_name_that_is_a_synonym_is_refused_with_a_message(editor, used_tags):
    merge(editor, [tag("rom-com"), tag("romance")], target=tag("romance"))
    add = reverse("admin:taggit_tag_add")

    response = editor.post(add, admin_form_data(editor.get(add), name="Rom-Com", slug=""))

    assert response.status_code == 200
    assert any("synonym of the tag “romance”" in m for m in error_messages(response))
    assert not Tag.objects.filter(name="Rom-Com").exists()


def test_synonyms_are_edited_inline_and_a_tag_name_is_refused_as_one(editor, used_tags):
    change = reverse("admin:taggit_tag_change", args=[tag("romance").pk])
    data = admin_form_data(editor.get(change))
    add_inline_rows(data, "synonyms", {"name": "office"}, {"name": "melo"})

    refused = editor.post(change, data)

    assert refused.status_code == 200
    assert any("is a tag of its own" in m for m in error_messages(refused))
    assert TagSynonym.objects.count() == 0
    assert 'value="melo"' in refused.content.decode()  # nothing typed is lost

    data = admin_form_data(editor.get(change))
    add_inline_rows(data, "synonyms", {"name": "melo"})
    assert editor.post(change, data).status_code == 302
    assert TagSynonym.objects.get().name == "melo"


def test_the_database_refuses_a_synonym_differing_only_in_case():
    romance = make_writeup(tags=["romance"]).tags.get()
    TagSynonym.objects.create(name="Melo", tag=romance)

    with pytest.raises(IntegrityError), transaction.atomic():
        TagSynonym.objects.create(name="MELO", tag=romance)


def test_the_tag_list_counts_published_and_all_uses_in_one_query(editor, used_tags):
    response = editor.get(CHANGELIST, {"o": "-4"})  # by all uses, most first, then by name

    rows = [
        (t.name, t.published_uses_count, t.uses_count) for t in response.context["cl"].result_list
    ]
    assert rows == [("rom-com", 2, 3), ("office", 1, 2), ("romance", 2, 2)]
    html = response.content.decode()
    assert "Published write-ups" in html and "All write-ups" in html


def test_the_tag_list_runs_as_many_queries_for_many_tags_as_for_few(editor, used_tags):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(CHANGELIST).status_code == 200
        return len(queries)

    few = count()
    make_writeup(tags=[f"tag {n}" for n in range(15)])
    assert count() == few


def test_the_tag_list_searches_names_and_synonyms(editor, used_tags):
    TagSynonym.objects.create(name="melodrama", tag=tag("office"))

    found = editor.get(CHANGELIST, {"q": "melodrama"}).context["cl"].result_list

    assert [t.name for t in found] == ["office"]


def test_a_description_edited_in_the_admin_shows_escaped_on_the_tag_page(
    editor, client, used_tags, django_assert_num_queries
):
    change = reverse("admin:taggit_tag_change", args=[tag("romance").pk])
    text = "Love <b>stories</b>, slow and not.\n\nSee also 로맨스 💘."
    data = add_inline_rows(admin_form_data(editor.get(change)), "description", {"text": text})
    response = editor.post(change, data)
    assert response.status_code == 302, error_messages(response)

    with django_assert_num_queries(5):  # as tests/test_reviews_query_counts.py pins
        html = client.get(tag_page("romance")).content.decode()

    assert "<p>Love &lt;b&gt;stories&lt;/b&gt;, slow and not.</p>" in html
    assert "<p>See also 로맨스 💘.</p>" in html


def test_hangul_emoji_and_control_character_names_merge_and_resolve(editor, client):
    writeups = [
        make_writeup(title="Hangul", tags=["로맨스"]),
        make_writeup(title="Emoji", tags=["💔"]),
        make_writeup(title="Control", tags=["slow\x0bburn"]),
    ]
    target = tag("로맨스")
    heartbreak, slow_burn = tag("💔"), tag("slow burn")  # a line end, in one line
    heartbreak_slug = heartbreak.slug

    merge(editor, [target, heartbreak, slow_burn], target=target)

    assert all(tag_names(w) == ["로맨스"] for w in writeups)
    response = client.get(tag_page(heartbreak_slug))
    assert response.status_code == 301
    assert response["Location"] == tag_page(target.slug)
    change = reverse("admin:reviews_writeup_change", args=[writeups[0].pk])
    editor.post(
        change, admin_form_data(editor.get(change), tags="💔, 드라마", _publish_changes="1")
    )
    assert tag_names(WriteUp.objects.get(pk=writeups[0].pk)) == ["드라마", "로맨스"]
    assert sorted(TagSynonym.objects.values_list("name", flat=True)) == ["slow burn", "💔"]


def test_deleting_a_tag_deletes_its_synonyms_and_description():
    romance = make_writeup(tags=["romance"]).tags.get()
    TagSynonym.objects.create(name="melo", tag=romance)
    TagDescription.objects.create(tag=romance, text="Love.")

    romance.delete()

    assert not TagSynonym.objects.exists() and not TagDescription.objects.exists()


def test_taggits_stock_merge_no_longer_claims_a_merge_it_did_not_make(editor, used_tags):
    """On main this said "Tags have been merged" and every write-up kept "rom-com"."""
    selected = {"action": "render_tag_form", "_selected_action": [tag("rom-com").pk]}
    editor.post(CHANGELIST, selected)
    response = editor.post(f"{CHANGELIST}merge-tags/", {"new_tag_name": "romance"}, follow=True)

    assert "Tags have been merged" not in messages_of(response)
    assert tag_names(used_tags["only_romcom"]) == ["rom-com"]
