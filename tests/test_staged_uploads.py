"""A lead image uploaded to a published write-up waits with its staged change, and is not lost.

The staged change keeps the form's inputs; the upload itself is kept under
``staged/`` in the media storage, re-encoded as every upload is. Readers see
the live version; staff see the waiting image in the preview; continuing
the form keeps it; publishing stores it as the live lead image with its
renditions; discarding, replacing or purging deletes the waiting file.
Lead images of drafts, and the alt text they need, are tested at the end.
"""

import errno
import re
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from reviews.models import StagedChange, WriteUp
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_author, make_draft, make_writeup
from tests.image_files import image_bytes, stored_files, with_webp
from tests.test_staged_changes import change_url, form_as_sent, logged_in

pytestmark = pytest.mark.django_db

PUBLISH = {"_publish_changes": "Publish changes"}
DISCARD = {"_discard_changes": "Discard changes"}
ALT = "Two leads share an umbrella at a bus stop"
ALT_REQUIRED = "Describe the image for readers who cannot see it."
WAITING = "is waiting with the unpublished changes"
NOT_STORED = "The image could not be stored: No space left on device."
NOT_READ = "The file kept with the unpublished changes could not be read"


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


@pytest.fixture
def editor():
    return logged_in("editor-minji")


@pytest.fixture
def writeup():
    return make_writeup(
        title="Rain on the bus stop",
        slug="rain-on-the-bus-stop",
        authors=[make_author(name="Min", slug="min")],
    )


@pytest.fixture
def full_disk(monkeypatch):
    def refusing_save(storage, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refusing_save)


def upload(size=(1600, 900), color="teal"):
    return SimpleUploadedFile("umbrella.png", image_bytes("PNG", size=size, color=color))


def save_form(client, writeup, file=None, **values):
    """Post the change form as the page shows it (a continued draft included), with ``values``."""
    opened = client.get(change_url(writeup))
    continued = opened.context["adminform"].form.is_bound
    form = (form_as_sent(opened) if continued else admin_form_data(opened)) | values
    if file is not None:
        form["lead_image"] = file
    return client.post(change_url(writeup), form)


def stage_image(client, writeup, file=None, **values):
    response = save_form(client, writeup, file or upload(), lead_image_alt=ALT, **values)
    assert response.status_code == 302, error_messages(response)
    return staged_file(writeup)


def staged_file(writeup):
    return StagedChange.objects.get(writeup=writeup).data["files"]["lead_image"]


def page(client, writeup):
    return client.get(writeup.get_absolute_url()).content.decode()


def field_errors(response, name):
    return response.context["adminform"].form.errors.get(name, [])


# Staging ----------------------------------------------------------------------------------


def test_an_upload_to_a_live_piece_waits_re_encoded_under_staged_and_readers_see_the_live_one(
    editor, writeup, media, client
):
    staged = stage_image(editor, writeup)

    assert re.fullmatch(r"staged/[0-9a-f]{32}\.jpg", staged)
    assert stored_files(media) == [staged]  # nothing under lead-images/ yet
    image = Image.open(BytesIO((media / staged).read_bytes()))
    assert (image.format, image.size) == ("JPEG", (1600, 900))
    live = WriteUp.objects.get(pk=writeup.pk)
    assert not live.lead_image and live.lead_image_alt == ""
    text = page(client, writeup)
    assert "staged/" not in text and 'class="writeup__lead"' not in text and ALT not in text


def test_staff_preview_shows_the_waiting_image_at_the_real_address(editor, writeup, client):
    staged = stage_image(editor, writeup)

    text = page(editor, writeup)

    # Stored, but without renditions until it is published: the stored copy alone.
    assert f'<img src="/media/{staged}" alt="{ALT}"' in text
    assert "staged/" not in page(client, writeup)


def test_the_continued_form_says_an_image_is_waiting_and_saving_it_again_keeps_it(
    editor, writeup, media
):
    staged = stage_image(editor, writeup)

    opened = editor.get(change_url(writeup))
    note = " ".join(str(opened.context["adminform"].form.fields["lead_image"].help_text).split())
    response = save_form(editor, writeup, title="Rain, again")

    assert f'<a href="/media/{staged}">new lead image</a> {WAITING}' in note
    assert note in " ".join(opened.content.decode().split())
    assert response.status_code == 302, error_messages(response)
    change = StagedChange.objects.get(writeup=writeup)
    assert change.data["files"] == {"lead_image": staged}
    assert change.data["inputs"]["title"] == ["Rain, again"]
    assert change.data["inputs"]["lead_image_alt"] == [ALT]
    assert stored_files(media) == [staged]


def test_publishing_stores_the_waiting_image_with_renditions_and_deletes_the_staged_copy(
    editor, writeup, media, client, django_capture_on_commit_callbacks
):
    staged = stage_image(editor, writeup, lead_image_caption="At the stop.")
    waiting = (media / staged).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        response = save_form(editor, writeup, **PUBLISH)

    assert response.status_code == 302, error_messages(response)
    live = WriteUp.objects.get(pk=writeup.pk)
    master = live.lead_image.name
    assert re.fullmatch(r"lead-images/[0-9a-f]{32}\.jpg", master)
    assert (live.lead_image_width, live.lead_image_height) == (1600, 900)
    assert (live.lead_image_alt, live.lead_image_caption) == (ALT, "At the stop.")
    assert (media / master).read_bytes() == waiting  # stored as prepared, not re-encoded twice
    root = master.removesuffix(".jpg")
    assert stored_files(media) == with_webp(
        master, *(f"{root}-w{width}.jpg" for width in (400, 640, 800, 1200))
    )
    assert not StagedChange.objects.filter(writeup=writeup).exists()
    text = page(client, writeup)
    assert f'alt="{ALT}"' in text and f"/media/{root}-w800.jpg 800w" in text
    assert staged not in text


def test_discarding_the_change_deletes_the_waiting_file(
    editor, writeup, media, django_capture_on_commit_callbacks
):
    stage_image(editor, writeup)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(change_url(writeup), DISCARD)

    assert response.status_code == 302
    assert stored_files(media) == []
    assert not WriteUp.objects.get(pk=writeup.pk).lead_image


def test_a_second_upload_replaces_the_waiting_file_and_deletes_the_first(
    editor, writeup, media, django_capture_on_commit_callbacks
):
    first = stage_image(editor, writeup)

    with django_capture_on_commit_callbacks(execute=True):
        second = stage_image(editor, writeup, upload(size=(900, 1200), color="navy"))

    assert second != first
    assert stored_files(media) == [second]
    assert Image.open(BytesIO((media / second).read_bytes())).size == (900, 1200)


def test_ticking_clear_drops_the_waiting_file_and_publishing_removes_the_lead_image(
    editor, writeup, media, django_capture_on_commit_callbacks
):
    writeup.lead_image.save("live.jpg", ContentFile(image_bytes("JPEG")), save=False)
    writeup.lead_image_alt = "The live image"
    writeup.save()
    stage_image(editor, writeup)

    with django_capture_on_commit_callbacks(execute=True):
        save_form(editor, writeup, **{"lead_image-clear": "on"})
    assert StagedChange.objects.get(writeup=writeup).data["files"] == {}
    assert not any(name.startswith("staged/") for name in stored_files(media))
    with django_capture_on_commit_callbacks(execute=True):
        response = save_form(editor, writeup, **{"lead_image-clear": "on"}, **PUBLISH)

    assert response.status_code == 302, error_messages(response)
    assert not WriteUp.objects.get(pk=writeup.pk).lead_image
    assert stored_files(media) == []


def test_purging_the_write_up_deletes_the_waiting_file(
    editor, writeup, media, django_capture_on_commit_callbacks
):
    stage_image(editor, writeup)
    writeup.refresh_from_db()
    writeup.move_to_trash()
    WriteUp.objects.filter(pk=writeup.pk).update(trashed_at=timezone.now() - timedelta(days=60))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_trash", stdout=StringIO())

    assert not WriteUp.objects.filter(pk=writeup.pk).exists()
    assert stored_files(media) == []


# Nothing typed is lost --------------------------------------------------------------------


def test_clearing_the_alt_text_of_a_waiting_image_is_refused_and_nothing_is_lost(
    editor, writeup, media
):
    staged = stage_image(editor, writeup)
    before = StagedChange.objects.get(writeup=writeup).data

    response = save_form(editor, writeup, lead_image_alt="", title="Rain, typed with care")

    assert response.status_code == 200
    assert field_errors(response, "lead_image_alt") == [ALT_REQUIRED]
    assert response.context["adminform"].form["title"].value() == "Rain, typed with care"
    assert StagedChange.objects.get(writeup=writeup).data == before
    assert stored_files(media) == [staged]


def test_an_upload_to_a_live_piece_without_alt_text_is_refused_and_nothing_is_kept(
    editor, writeup, media
):
    response = save_form(editor, writeup, upload(), title="Rain, typed with care")

    assert response.status_code == 200
    assert field_errors(response, "lead_image_alt") == [ALT_REQUIRED]
    assert response.context["adminform"].form["title"].value() == "Rain, typed with care"
    assert not StagedChange.objects.exists()
    assert stored_files(media) == []


def test_a_storage_that_refuses_the_upload_is_a_form_error_and_nothing_is_staged(
    editor, writeup, full_disk
):
    response = save_form(editor, writeup, upload(), lead_image_alt=ALT, title="Rain, kept")

    assert response.status_code == 200
    assert any(NOT_STORED in error for error in field_errors(response, "lead_image"))
    form = response.context["adminform"].form
    assert (form["title"].value(), form["lead_image_alt"].value()) == ("Rain, kept", ALT)
    assert not StagedChange.objects.exists()
    live = WriteUp.objects.get(pk=writeup.pk)
    assert (live.version, live.title) == (writeup.version, "Rain on the bus stop")


def test_a_waiting_file_the_storage_cannot_read_is_a_form_error_not_a_server_error(
    editor, writeup, media
):
    staged = stage_image(editor, writeup)
    (media / staged).unlink()

    response = save_form(editor, writeup, title="Rain, kept", **PUBLISH)

    assert response.status_code == 200
    assert any(NOT_READ in error for error in field_errors(response, "lead_image"))
    assert response.context["adminform"].form["title"].value() == "Rain, kept"
    assert StagedChange.objects.filter(writeup=writeup).exists()
    live = WriteUp.objects.get(pk=writeup.pk)
    assert (live.title, live.lead_image.name) == ("Rain on the bus stop", "")


# Drafts, and the alt text the database requires ---------------------------------------------


def test_a_draft_gets_its_lead_image_at_once(editor, media):
    draft = make_draft(title="Working title")

    response = save_form(editor, draft, upload(), lead_image_alt=ALT)

    assert response.status_code == 302, error_messages(response)
    saved = WriteUp.objects.get(pk=draft.pk)
    assert saved.lead_image.name.startswith("lead-images/") and saved.lead_image_alt == ALT
    assert not StagedChange.objects.exists()
    assert not any(name.startswith("staged/") for name in stored_files(media))


def test_a_draft_lead_image_without_alt_text_is_refused_with_the_message_on_the_alt_text(
    editor, media
):
    draft = make_draft(title="Working title")

    response = save_form(editor, draft, upload(), title="Final title")

    assert response.status_code == 200
    assert field_errors(response, "lead_image_alt") == [ALT_REQUIRED]
    assert response.context["adminform"].form["title"].value() == "Final title"
    assert not WriteUp.objects.get(pk=draft.pk).lead_image
    assert stored_files(media) == []


def test_the_database_refuses_a_lead_image_without_alt_text(writeup):
    with pytest.raises(IntegrityError), transaction.atomic():
        WriteUp.objects.filter(pk=writeup.pk).update(lead_image="lead-images/a.jpg")

    # Stored, then saved without a form: save() does not run clean().
    writeup.lead_image.save("a.jpg", ContentFile(image_bytes("JPEG")), save=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        writeup.save()
