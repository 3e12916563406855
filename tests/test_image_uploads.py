"""Image uploads through the admin: only checked, re-encoded images (and renditions) are stored.

What the admin refuses is tested in test_image_upload_refusals.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import ExifTags

from catalog.models import Person, Show
from catalog.templatetags.catalog_images import PICTURE_KINDS
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_show
from tests.image_files import (
    PERSON_ADD,
    SHOW_ADD,
    image_bytes,
    jpeg_with_gps_and_rotation,
    png_bomb,
    png_with_text_and_icc,
    stored_files,
    stored_image,
    upload_poster,
    with_webp,
)


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


# Accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("poster.jpg", image_bytes("JPEG")),
        ("poster.JPEG", image_bytes("JPEG")),
        ("poster.png", image_bytes("PNG")),
        ("poster.webp", image_bytes("WEBP")),
        ("poster.webp", image_bytes("WEBP", lossless=True)),
        ("poster.gif", image_bytes("GIF", mode="P", color=3)),
        ("transparent.png", image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))),
        ("cmyk.jpg", image_bytes("JPEG", mode="CMYK", color=(0, 80, 80, 0))),
        ("deep.png", image_bytes("PNG", mode="I;16", color=40000)),
    ],
)
def test_valid_image_is_stored_as_a_fresh_metadata_free_jpeg_with_renditions(
    admin_client, media, name, data
):
    response = upload_poster(admin_client, name, data)

    assert response.status_code == 302, error_messages(response)
    show = Show.objects.get()
    _, image = stored_image(show.poster)
    assert image.format == "JPEG"
    assert image.mode in ("RGB", "L")
    assert (show.poster_width, show.poster_height) == (640, 480) == image.size
    assert not image.getexif()
    assert "icc_profile" not in image.info
    master = show.poster.name
    assert re.fullmatch(r"posters/[0-9a-f]{32}\.jpg", master)  # a fresh name, not the upload's
    root = master.removesuffix(".jpg")
    assert stored_files(media) == with_webp(
        master, f"{root}-w200.jpg", f"{root}-w320.jpg", f"{root}-w400.jpg"
    )


def test_transparency_is_flattened_onto_white(admin_client):
    upload_poster(admin_client, "clear.png", image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0)))

    _, image = stored_image(Show.objects.get().poster)

    assert image.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_jpeg_is_turned_upright_and_stored_without_gps_or_any_exif(admin_client):
    response = upload_poster(admin_client, "holiday.jpg", jpeg_with_gps_and_rotation())

    assert response.status_code == 302, error_messages(response)
    stored, image = stored_image(Show.objects.get().poster)
    assert image.size == (200, 300)
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif" not in stored
    assert b"PhoneCam" not in stored


def test_png_text_chunks_and_colour_profile_are_not_kept(admin_client):
    upload_poster(admin_client, "poster.png", png_with_text_and_icc())

    stored, image = stored_image(Show.objects.get().poster)

    assert b"Secret Street" not in stored
    assert "icc_profile" not in image.info


def test_gif_with_an_appended_script_is_reencoded_without_it(admin_client, media):
    data = image_bytes("GIF", mode="P", color=5) + b"<script>alert(document.cookie)</script>"

    response = upload_poster(admin_client, "funny.gif", data)

    assert response.status_code == 302, error_messages(response)
    stored, image = stored_image(Show.objects.get().poster)
    assert image.format == "JPEG"
    assert b"<script" not in stored
    assert all(b"<script" not in (media / name).read_bytes() for name in stored_files(media))


def test_large_image_is_capped_at_2000_pixels_on_the_long_side(admin_client):
    upload_poster(admin_client, "wide.png", image_bytes("PNG", size=(3000, 1200)))

    show = Show.objects.get()

    assert (show.poster_width, show.poster_height) == (2000, 800)
    assert stored_image(show.poster)[1].size == (2000, 800)


def test_person_photo_gets_its_own_rendition_sizes(admin_client, media):
    form = admin_form_data(admin_client.get(PERSON_ADD), name="Kim Go-eun", slug="kim-go-eun")
    form["photo"] = SimpleUploadedFile("face.jpg", image_bytes("JPEG", size=(600, 800)))

    response = admin_client.post(PERSON_ADD, form)

    assert response.status_code == 302, error_messages(response)
    root = Person.objects.get().photo.name.removesuffix(".jpg")
    assert stored_files(media) == with_webp(
        f"{root}.jpg", f"{root}-w120.jpg", f"{root}-w240.jpg", f"{root}-w480.jpg"
    )


def test_admin_list_and_change_page_show_a_thumbnail_from_a_rendition(admin_client):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    thumb = "/media/" + show.poster.name.replace(".jpg", "-w200.jpg")

    listing = admin_client.get(reverse("admin:catalog_show_changelist")).content.decode()
    change = admin_client.get(reverse("admin:catalog_show_change", args=[show.pk]))

    assert f'<img src="{thumb}" alt="Poster of Poster test" width="48" height="36">' in listing
    assert f'<img src="{thumb}" alt="Poster of Poster test" width="200" height="150">' in (
        change.content.decode()
    )


def test_file_picker_offers_only_the_accepted_formats(admin_client):
    poster = admin_client.get(SHOW_ADD).context["adminform"].form["poster"]

    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in str(poster)


# Replacing, clearing and deleting ---------------------------------------------------------


def test_replacing_a_poster_removes_the_old_file_and_renditions(
    admin_client, media, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    old = stored_files(media)
    change = reverse("admin:catalog_show_change", args=[show.pk])
    form = admin_form_data(admin_client.get(change))
    form["poster"] = SimpleUploadedFile("second.png", image_bytes("PNG", size=(500, 750)))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, form)

    assert response.status_code == 302, error_messages(response)
    show.refresh_from_db()
    now = stored_files(media)
    assert not set(old) & set(now)
    assert show.poster.name in now
    assert len(now) == 8  # the master and its 200, 320 and 400 pixel renditions, and their WebP


def test_clearing_a_poster_removes_its_files(
    admin_client, media, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    change = reverse("admin:catalog_show_change", args=[show.pk])
    form = admin_form_data(admin_client.get(change), **{"poster-clear": "on"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, form)

    assert response.status_code == 302, error_messages(response)
    show.refresh_from_db()
    assert not show.poster
    assert stored_files(media) == []


def test_deleting_a_show_removes_its_poster_files(
    admin_client, media, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:catalog_show_delete", args=[show.pk]), {"post": "yes"})

    assert not Show.objects.exists()
    assert stored_files(media) == []


def test_files_are_kept_when_the_transaction_is_not_committed(admin_client, media):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))

    Show.objects.get().delete()  # inside the test's transaction, which never commits

    assert len(stored_files(media)) == 8


# Outside the admin ------------------------------------------------------------------------


def test_image_saved_outside_a_form_is_checked_and_reencoded_too(db, media):
    show = make_show()
    show.poster = ContentFile(image_bytes("PNG", size=(400, 600)), name="from-a-script.png")
    show.save()

    _, image = stored_image(show.poster)
    assert image.format == "JPEG"
    assert (show.poster_width, show.poster_height) == (400, 600)

    other = make_show()
    other.poster = ContentFile(png_bomb(12_000, 10_000), name="bomb.png")
    with pytest.raises(ValidationError):
        other.save()
    assert len(stored_files(media)) == 6  # the first master, its 200 and 320 renditions, WebP


# The picture tag --------------------------------------------------------------------------


def render_picture(image, kind):
    template = Template('{% load catalog_images %}{% picture image kind "Poster of X" %}')
    return template.render(Context({"image": image, "kind": kind}))


def test_picture_tag_offers_every_rendition_in_srcset(admin_client):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    show = Show.objects.get()
    root = "/media/" + show.poster.name.removesuffix(".jpg")

    html = render_picture(show.poster, "poster")

    assert f'src="{root}-w320.jpg"' in html
    assert (
        f'srcset="{root}-w200.jpg 200w, {root}-w320.jpg 320w, {root}-w400.jpg 400w, '
        f'/media/{show.poster.name} 640w"'
    ) in html
    assert f'sizes="{PICTURE_KINDS["poster"].sizes}"' in html
    assert 'width="320" height="480"' in html
    assert 'alt="Poster of X"' in html


def test_picture_tag_never_offers_the_full_size_master(admin_client):
    upload_poster(admin_client, "poster.png", image_bytes("PNG", size=(1500, 2000)))
    show = Show.objects.get()

    html = render_picture(show.poster, "card")

    assert f"/media/{show.poster.name} " not in html
    assert "-w640.jpg 640w" in html
    assert 'width="200" height="267"' in html


def test_picture_tag_renders_nothing_without_an_image(db):
    assert render_picture(make_show().poster, "poster").strip() == ""


def test_picture_tag_refuses_an_unknown_kind(db):
    with pytest.raises(Exception, match="unknown kind 'banner'"):
        render_picture(make_show().poster, "banner")
