"""WebP copies next to the JPEG renditions (docs/images.md).

Every stored image gets a WebP copy of its master and of each rendition; pages
offer them first in a <picture>, with the JPEG <img> as the fallback; they go
with the image; and ``make_renditions`` makes them for images stored before
them. This module is the URLconf of its tests: the site's URLs with the media
route, so that every address a page offers can be fetched.
"""

import errno
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from catalog.models import Show
from catalog.templatetags.catalog_images import PICTURE_KINDS
from reviews.models import WriteUp
from reviews_site import urls as site_urls
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_person, make_show, make_writeup
from tests.html_tree import parse_html
from tests.image_files import image_bytes, stored_files, upload_poster, with_webp

urlpatterns = [*site_urls.urlpatterns, *site_urls.media_patterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


def poster_files(show):
    root = show.poster.name.removesuffix(".jpg")
    return with_webp(show.poster.name, f"{root}-w200.jpg", f"{root}-w320.jpg", f"{root}-w400.jpg")


def the_picture(client, url):
    pictures = parse_html(client.get(url).content).find_all("picture")
    assert len(pictures) == 1
    return pictures[0]


def srcset(element):
    """(url, width) of each entry of an element's srcset."""
    entries = [entry.rsplit(" ", 1) for entry in element.attrs["srcset"].split(", ")]
    return [(url, int(width.removesuffix("w"))) for url, width in entries]


def fetched(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content)
    return response["Content-Type"], Image.open(BytesIO(data))


def stored_before_webp(show):
    """Make ``show``'s poster look like one stored before WebP copies existed."""
    for name in poster_files(show):
        if name.endswith(".webp"):
            default_storage.delete(name)
    Show.objects.filter(pk=show.pk).update(poster_has_webp=False)


def make_renditions(*args):
    """Run the command; return what it wrote to stdout and to stderr."""
    out, err = StringIO(), StringIO()
    call_command("make_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Stored and offered -----------------------------------------------------------------------


def test_an_uploaded_poster_is_stored_in_jpeg_and_webp_and_offered_as_webp_first(
    admin_client, client, media
):
    response = upload_poster(admin_client, "poster.png", image_bytes("PNG", size=(640, 960)))

    assert response.status_code == 302, error_messages(response)
    show = Show.objects.get()
    assert show.poster_has_webp
    assert stored_files(media) == poster_files(show)
    picture = the_picture(client, show.get_absolute_url())
    source, img = (child for child in picture.children if not isinstance(child, str))
    assert (source.tag, source.attrs["type"], img.tag) == ("source", "image/webp", "img")
    assert source.attrs["sizes"] == img.attrs["sizes"] == PICTURE_KINDS["poster"].sizes
    assert (img.attrs["width"], img.attrs["height"]) == ("320", "480")  # no layout shift
    webp, jpeg = srcset(source), srcset(img)
    assert [width for _, width in webp] == [width for _, width in jpeg] == [200, 320, 400, 640]
    for (webp_url, width), (jpeg_url, _) in zip(webp, jpeg, strict=True):
        assert webp_url == jpeg_url.replace(".jpg", ".webp")
        content_type, image = fetched(client, webp_url)
        assert (content_type, image.format, image.width) == ("image/webp", "WEBP", width)
        content_type, image = fetched(client, jpeg_url)
        assert (content_type, image.format, image.width) == ("image/jpeg", "JPEG", width)
    assert fetched(client, img.attrs["src"])[1].format == "JPEG"


def test_photos_and_lead_images_get_webp_copies_too(media):
    person = make_person(photo=ContentFile(image_bytes("PNG", size=(600, 800)), name="face.png"))
    writeup = make_writeup(
        lead_image=ContentFile(image_bytes("JPEG", size=(1600, 900)), name="lead.jpg"),
        lead_image_alt="Two leads at a bus stop in the rain",
    )

    person.refresh_from_db()
    writeup.refresh_from_db()
    assert person.photo_has_webp and writeup.lead_image_has_webp
    photo = person.photo.name.removesuffix(".jpg")
    lead = writeup.lead_image.name.removesuffix(".jpg")
    assert stored_files(media) == sorted(
        with_webp(person.photo.name, *(f"{photo}-w{w}.jpg" for w in (120, 240, 480)))
        + with_webp(writeup.lead_image.name, *(f"{lead}-w{w}.jpg" for w in (400, 640, 800, 1200)))
    )
    with default_storage.open(f"{lead}-w1200.webp") as stored:
        image = Image.open(stored)
        assert (image.format, image.size) == ("WEBP", (1200, 675))
    with default_storage.open(f"{lead}.webp") as stored:  # the master's own copy
        assert Image.open(stored).size == (1600, 900)


# Removed with the image -------------------------------------------------------------------


def test_replacing_and_deleting_a_poster_removes_its_webp_copies(
    admin_client, media, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    first = poster_files(show)
    change = reverse("admin:catalog_show_change", args=[show.pk])
    form = admin_form_data(admin_client.get(change))
    form["poster"] = SimpleUploadedFile("second.png", image_bytes("PNG", size=(500, 750)))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, form)

    assert response.status_code == 302, error_messages(response)
    show.refresh_from_db()
    assert show.poster_has_webp
    assert stored_files(media) == poster_files(show)
    assert not set(first) & set(stored_files(media))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:catalog_show_delete", args=[show.pk]), {"post": "yes"})

    assert stored_files(media) == []


def test_a_storage_that_refuses_a_webp_copy_is_a_form_error_and_leaves_no_files(
    admin_client, media, monkeypatch
):
    real_save = FileSystemStorage._save

    def refusing_webp(storage, name, content):
        if name.endswith("-w320.webp"):  # the master, its WebP and two renditions are stored
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", refusing_webp)

    response = upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"), synopsis="Kept.")

    assert response.status_code == 200
    assert any("could not be stored" in error for error in error_messages(response))
    assert response.context["adminform"].form["synopsis"].value() == "Kept."
    assert not Show.objects.exists()
    assert stored_files(media) == []


# Which images have them, and the pages listing them ---------------------------------------


def test_saving_other_changes_keeps_the_webp_copies_offered(admin_client):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    change = reverse("admin:catalog_show_change", args=[show.pk])

    response = admin_client.post(change, admin_form_data(admin_client.get(change), year=2021))

    assert response.status_code == 302, error_messages(response)
    show.refresh_from_db()
    assert (show.year, show.poster_has_webp) == (2021, True)


def test_another_stored_image_assigned_in_code_is_not_offered_as_webp_until_made(admin_client):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    other = make_show()

    other.poster = show.poster.name  # a name, not a new file: its WebP copies are not known
    other.save()
    show.poster = None
    show.save()

    other.refresh_from_db()
    show.refresh_from_db()
    assert not other.poster_has_webp
    assert not show.poster_has_webp


def test_the_show_list_offers_webp_posters_in_its_four_queries(client, django_assert_num_queries):
    """The WebP column is read with the cards (SHOW_CARD_FIELDS): not a query per poster."""
    for n in range(3):
        poster = ContentFile(image_bytes("JPEG", size=(300, 450)), name=f"{n}.jpg")
        make_show(poster=poster)

    with django_assert_num_queries(4):
        page = parse_html(client.get("/shows/").content)

    assert len(page.find_all("source", type="image/webp")) == 3


def test_writeup_cards_offer_webp_images_without_a_query_per_card(client):
    """The WebP columns of lead images and posters are read with the cards (CARD_FIELDS)."""

    def lead(n):
        return ContentFile(image_bytes("JPEG", size=(800, 450)), name=f"{n}.jpg")

    make_writeup(lead_image=lead(1), lead_image_alt="One")
    with CaptureQueriesContext(connection) as one:
        client.get("/reviews/")
    make_writeup(lead_image=lead(2), lead_image_alt="Two")
    make_writeup(show=make_show(poster=ContentFile(image_bytes("JPEG"), name="p.jpg")))

    with CaptureQueriesContext(connection) as three:
        page = parse_html(client.get("/reviews/").content)

    assert len(page.find_all("source", type="image/webp")) == 3
    assert len(three) == len(one)


# Images stored before WebP copies: the command --------------------------------------------


def test_an_image_stored_before_webp_copies_is_offered_as_jpeg_until_the_command_runs(
    admin_client, client, media
):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    show = Show.objects.get()
    stored_before_webp(show)

    before = the_picture(client, show.get_absolute_url())
    output, errors = make_renditions("--missing-only")
    after = the_picture(client, show.get_absolute_url())  # the cached page was retired

    assert not before.find_all("source")  # never an address that is not there
    assert all(url.endswith(".jpg") for url, _ in srcset(before.find("img")))
    assert "Shows (poster): 1 image(s), 4 file(s) written, 1 newly offered as WebP" in output
    assert errors == ""
    assert stored_files(media) == poster_files(show)
    assert Show.objects.get().poster_has_webp
    for url, width in srcset(after.find("source", type="image/webp")):
        assert fetched(client, url)[1].width == width


def test_the_command_is_idempotent(admin_client, media):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    show = Show.objects.get()
    stored_before_webp(show)
    make_renditions("--missing-only")
    made = {name: (media / name).read_bytes() for name in stored_files(media)}

    again, _ = make_renditions("--missing-only")
    everything, _ = make_renditions()  # without --missing-only: every copy made afresh

    assert "1 image(s), 0 file(s) written, 0 newly offered as WebP" in again
    assert "1 image(s), 7 file(s) written, 0 newly offered as WebP" in everything
    assert stored_files(media) == sorted(made)  # the same names, none with a suffix added
    assert Show.objects.get().poster_has_webp


def test_missing_only_fills_a_missing_jpeg_rendition_too(admin_client, media):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    show = Show.objects.get()
    lost = show.poster.name.replace(".jpg", "-w320.jpg")
    default_storage.delete(lost)

    output, _ = make_renditions("--missing-only")

    assert "1 image(s), 1 file(s) written" in output
    with default_storage.open(lost) as stored:
        assert Image.open(stored).size == (320, 480)


def test_a_missing_or_unusable_master_is_reported_and_the_others_are_still_made(
    admin_client, media
):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"))
    good = Show.objects.get()
    stored_before_webp(good)
    gone, broken = make_show(), make_show()
    Show.objects.filter(pk=gone.pk).update(poster="posters/gone.jpg", poster_width=640)
    default_storage.save("posters/broken.jpg", ContentFile(image_bytes("PNG")))
    Show.objects.filter(pk=broken.pk).update(poster="posters/broken.jpg", poster_width=640)

    with pytest.raises(CommandError, match="1 image"):
        make_renditions("--missing-only")

    good.refresh_from_db()
    assert good.poster_has_webp
    assert stored_files(media) == sorted([*poster_files(good), "posters/broken.jpg"])
    assert not Show.objects.filter(pk__in=[gone.pk, broken.pk], poster_has_webp=True).exists()


def test_the_command_reports_each_kind_of_image(db):
    output, _ = make_renditions()

    assert "Shows (poster): 0 image(s)" in output
    assert "People (photo): 0 image(s)" in output
    assert f"{WriteUp._meta.verbose_name_plural.capitalize()} (lead image): 0 image(s)" in output


# The picture tag --------------------------------------------------------------------------


def render(image, kind, **options):
    arguments = " ".join(f'{name}="{value}"' for name, value in options.items())
    template = Template(
        f'{{% load catalog_images %}}{{% picture image "{kind}" "A" {arguments} %}}'
    )
    return parse_html(template.render(Context({"image": image})))


def test_an_above_the_fold_image_is_fetched_at_once_with_high_priority(admin_client):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    poster = Show.objects.get().poster

    eager = render(poster, "poster", loading="eager").find("img")
    lazy = render(poster, "poster").find("img")

    assert (eager.attrs["loading"], eager.attrs["fetchpriority"]) == ("eager", "high")
    assert lazy.attrs["loading"] == "lazy"
    assert "fetchpriority" not in lazy.attrs
    assert render(poster, "poster", loading="").find("img").attrs["loading"] == "lazy"


@pytest.mark.parametrize(
    ("kind", "sizes", "src_width"),
    [
        ("lead", PICTURE_KINDS["lead"].sizes, 800),
        ("cover", PICTURE_KINDS["cover"].sizes, 400),
        ("feature", PICTURE_KINDS["feature"].sizes, 640),
    ],
)
def test_lead_and_cover_kinds_give_their_sizes(db, kind, sizes, src_width):
    writeup = make_writeup(
        lead_image=ContentFile(image_bytes("JPEG", size=(1600, 900)), name="lead.jpg"),
        lead_image_alt="A rooftop at dusk",
    )

    picture = render(writeup.lead_image, kind).find("picture")

    source, img = picture.find("source"), picture.find("img")
    assert source.attrs["sizes"] == img.attrs["sizes"] == sizes
    assert [width for _, width in srcset(source)] == [400, 640, 800, 1200]
    assert img.attrs["src"].endswith(f"-w{src_width}.jpg")
    assert (img.attrs["width"], img.attrs["height"]) == (str(src_width), str(src_width * 9 // 16))
