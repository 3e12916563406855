"""Bylines and tag links carry their write-up's publish time while it is public
(``published_at``, models.parts.ListedCopy), whichever way the write-up or the
link changes: author and tag pages read their lists from that copy."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reviews.models import TaggedWriteUp, WriteUp, WriteUpAuthor
from tests.factories import make_author, make_draft, make_writeup

pytestmark = pytest.mark.django_db


def copies(writeup):
    """The publish time each byline and tag link of ``writeup`` holds, as a set."""
    bylines = WriteUpAuthor.objects.filter(writeup=writeup).values_list("published_at", flat=True)
    links = TaggedWriteUp.objects.filter(content_object=writeup).values_list(
        "published_at", flat=True
    )
    return set(bylines) | set(links)


def reloaded(writeup):
    return WriteUp.objects.get(pk=writeup.pk)


def test_a_published_piece_s_links_carry_its_publish_time():
    writeup = make_writeup(authors=[make_author(), make_author()], tags=["a", "b"])
    assert copies(writeup) == {writeup.published_at}


def test_a_draft_s_links_carry_nothing():
    draft = make_draft(authors=[make_author()], tags=["a"])
    assert copies(draft) == {None}


def test_links_follow_publish_unpublish_and_reschedule():
    writeup = reloaded(make_draft(authors=[make_author()], tags=["a", "b"]))
    writeup.status = WriteUp.Status.PUBLISHED
    writeup.published_at = timezone.now() - timedelta(hours=1)
    writeup.save(update_fields=["status", "published_at"])
    assert copies(writeup) == {writeup.published_at}

    writeup = reloaded(writeup)
    later = timezone.now() + timedelta(days=2)
    writeup.published_at = later
    writeup.save()
    assert copies(writeup) == {later}

    writeup = reloaded(writeup)
    writeup.status = WriteUp.Status.DRAFT
    writeup.save(update_fields=["status"])
    assert copies(writeup) == {None}


def test_links_follow_the_trash_and_back():
    writeup = make_writeup(authors=[make_author()], tags=["a"])
    reloaded(writeup).move_to_trash()
    assert copies(writeup) == {None}
    reloaded(writeup).restore_from_trash()
    assert copies(writeup) == {writeup.published_at}


def test_bylines_and_tags_added_or_edited_later_carry_the_time():
    writeup = reloaded(make_writeup(authors=[make_author()]))
    second = WriteUpAuthor.objects.create(writeup=writeup, author=make_author(), order=1)
    writeup.tags.add("later", "another")
    assert copies(writeup) == {writeup.published_at}

    second.author = make_author()
    second.published_at = None  # a stale value is not kept
    second.save(update_fields=["author"])
    assert copies(writeup) == {writeup.published_at}
    writeup.tags.set(["replaced"])
    assert copies(writeup) == {writeup.published_at}


def test_loaddata_copies_the_time_onto_links_it_loads(tmp_path):
    """loaddata saves raw, skipping ``save()``; the receivers copy the time then."""
    writeup = make_writeup(authors=[make_author()], tags=["loaded"])
    draft = make_draft(authors=[make_author()], tags=["loaded"])
    fixture = tmp_path / "writeups.json"
    call_command(
        "dumpdata",
        "reviews.writeup",
        "reviews.writeupauthor",
        "reviews.taggedwriteup",
        "--natural-foreign",
        output=str(fixture),
        verbosity=0,
    )
    WriteUpAuthor.objects.update(published_at=None)
    TaggedWriteUp.objects.update(published_at=timezone.now())
    call_command("loaddata", str(fixture), verbosity=0)
    # JSON keeps milliseconds: the loaded time is the one to compare with.
    assert copies(writeup) == {reloaded(writeup).published_at}
    assert copies(draft) == {None}


def test_author_and_tag_pages_list_only_public_pieces_newest_first(client):
    author = make_author()
    now = timezone.now()
    old = make_writeup(authors=[author], tags=["shared"], published_at=now - timedelta(days=3))
    new = make_writeup(authors=[author], tags=["shared"], published_at=now - timedelta(days=1))
    trashed = make_writeup(authors=[author], tags=["shared"], published_at=now - timedelta(days=2))
    make_draft(authors=[author], tags=["shared"])
    # Expired: its links keep the publish time; published() drops it by its unpublish time.
    make_writeup(
        authors=[author],
        tags=["shared"],
        published_at=now - timedelta(hours=5),
        unpublish_at=now - timedelta(hours=1),
    )
    scheduled = reloaded(make_draft(authors=[author], tags=["shared"]))
    scheduled.status = WriteUp.Status.PUBLISHED
    scheduled.published_at = now + timedelta(days=1)
    scheduled.save()
    reloaded(trashed).move_to_trash()
    for url in (
        reverse("reviews:author_detail", kwargs={"slug": author.slug}),
        reverse("reviews:tag_detail", kwargs={"slug": "shared"}),
    ):
        listed = list(client.get(url).context["writeups"])
        assert listed == [new, old], url
