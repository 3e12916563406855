"""A storage that fails while an image is saved gives a form error, and the form is kept.

An upload into an unwritable media folder used to answer a generic 500, and
the editor's other changes on that form were lost.
"""

import errno
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.images import ImageNotStored
from catalog.models import Person, Show
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_person, make_show
from tests.image_files import SHOW_ADD, image_bytes, stored_files, upload_poster

pytestmark = pytest.mark.django_db

NOT_STORED = "The image could not be stored"


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A media folder that cannot be made, even by root: its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def full_disk(monkeypatch):
    """A storage that refuses the ``fail_at``-th file it is asked to store (1 = the first)."""
    saves = {"count": 0, "fail_at": 1}
    real_save = FileSystemStorage._save

    def refusing_save(storage, name, content):
        saves["count"] += 1
        if saves["count"] >= saves["fail_at"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", refusing_save)
    return saves


@pytest.fixture
def media_root(settings):
    return settings.MEDIA_ROOT


def poster_errors(response):
    return response.context["adminform"].form.errors.get("poster", [])


def test_a_poster_into_an_unwritable_media_folder_is_a_form_error(
    admin_client, unwritable_media, caplog
):
    page = admin_client.get(SHOW_ADD)
    form = admin_form_data(page, title="Kept title", slug="kept", kind="series", synopsis="Kept.")
    add_inline_rows(form, "alternative_titles", {"title": "Kept spelling", "kind": "spelling"})
    form["poster"] = SimpleUploadedFile("poster.jpg", image_bytes("JPEG"))

    with caplog.at_level(logging.ERROR, logger="catalog.models.fields"):
        response = admin_client.post(SHOW_ADD, form)

    assert response.status_code == 200
    assert any(
        NOT_STORED in error and "tell an administrator" in error
        for error in poster_errors(response)
    )
    bound = response.context["adminform"].form
    assert (bound["title"].value(), bound["synopsis"].value()) == ("Kept title", "Kept.")
    assert "Kept spelling" in response.content.decode()  # the inline row is still there
    assert not Show.objects.exists()
    assert "Could not store the poster" in caplog.text
    assert "Not a directory" in caplog.text  # the cause, for the administrator


def test_a_photo_the_storage_refuses_keeps_the_other_changes_in_the_form(admin_client, full_disk):
    person = make_person(name="Park Hyung-sik", bio="Before.")
    change = reverse("admin:catalog_person_change", args=[person.pk])
    form = admin_form_data(admin_client.get(change), bio="After, typed with care.")
    form["photo"] = SimpleUploadedFile("photo.png", image_bytes("PNG"))

    response = admin_client.post(change, form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.get("photo", [])
    assert errors == [
        "The image could not be stored: No space left on device. Try again, or tell an "
        "administrator. Your other changes are still in the form; choose the file again."
    ]
    assert response.context["adminform"].form["bio"].value() == "After, typed with care."
    person.refresh_from_db()
    assert person.bio == "Before."  # nothing of the failed save was kept


def test_a_failure_while_making_renditions_leaves_no_stray_files(
    admin_client, media_root, full_disk
):
    full_disk["fail_at"] = 3  # the master and one rendition are stored, then the disk is full

    response = upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))

    assert response.status_code == 200
    assert any(NOT_STORED in error for error in poster_errors(response))
    assert stored_files(media_root) == []
    assert not Show.objects.exists()


def test_the_same_form_saves_once_the_storage_works_again(admin_client, full_disk, media_root):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))
    full_disk["fail_at"] = 10**6

    response = upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))

    assert response.status_code == 302, error_messages(response)
    assert len(stored_files(media_root)) == 8  # the master, 3 renditions, the WebP copy of each


def test_a_failing_removal_of_the_old_poster_does_not_undo_the_saved_edit(
    admin_client, media_root, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    change = reverse("admin:catalog_show_change", args=[show.pk])
    form = admin_form_data(admin_client.get(change), title="Renamed")
    form["poster"] = SimpleUploadedFile("second.jpg", image_bytes("JPEG"))
    old_files = set(stored_files(media_root))
    real_delete = FileSystemStorage.delete

    def refusing_delete(storage, name):
        if name in old_files:
            raise PermissionError(errno.EACCES, "Permission denied")
        real_delete(storage, name)

    monkeypatch.setattr(FileSystemStorage, "delete", refusing_delete)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        response = admin_client.post(change, form)

    assert response.status_code == 302, error_messages(response)
    assert Show.objects.get().title == "Renamed"
    assert "Could not remove" in caplog.text


def test_outside_the_admin_a_refused_image_raises_a_clear_error(unwritable_media):
    show = make_show()
    show.poster = ContentFile(image_bytes("PNG"), name="from-a-script.png")

    with pytest.raises(ImageNotStored, match="could not be stored"):
        show.save()


def test_person_add_with_a_refused_photo_keeps_the_form(admin_client, full_disk):
    add = reverse("admin:catalog_person_add")
    form = admin_form_data(admin_client.get(add), name="박형식", slug="", bio="Kept.")
    form["photo"] = SimpleUploadedFile("photo.jpg", image_bytes("JPEG"))

    response = admin_client.post(add, form)

    assert response.status_code == 200
    assert response.context["adminform"].form["name"].value() == "박형식"
    assert not Person.objects.exists()
