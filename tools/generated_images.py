"""Plain generated images (rings on a flat colour), to see and measure pages with images.

The launch content has none and none may be invented (fixtures/README.md), so the
browser test (tests/e2e/test_page_types.py) and ``tools/lighthouse.sh`` with
``LH_IMAGES=1`` upload these to a throwaway database. Never used for content.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

POSTER, PHOTO, LEAD = (800, 1200), (800, 1000), (1600, 900)


def generated_image(size, hue):
    """A JPEG of ``size`` pixels: rings on a colour picked by ``hue`` (0-255)."""
    image = Image.new("RGB", size, (hue, 90, 160 - hue // 2))
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(0, max(size), max(size) // 12):
        draw.ellipse(
            (step - width // 3, step // 2, step + width // 3, step + height // 3),
            outline=(250, 240 - hue // 3, 220),
            width=max(2, width // 120),
        )
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return ContentFile(buffer.getvalue())


def attach_images(shows=(), people=(), writeups=()):
    """Give each show a poster, each person a photo and each write-up a lead image."""
    for n, show in enumerate(shows):
        show.poster.save("poster.jpg", generated_image(POSTER, (n * 37) % 256))
    for n, person in enumerate(people):
        person.photo.save("photo.jpg", generated_image(PHOTO, (n * 53 + 40) % 256))
    for n, writeup in enumerate(writeups):
        writeup.lead_image.save("lead.jpg", generated_image(LEAD, (n * 71 + 200) % 256), save=False)
        writeup.lead_image_alt = "A generated test pattern of rings"
        writeup.lead_image_caption = "A test image, generated for this measurement."
        writeup.lead_image_credit = "Second Lead tools"
        writeup.save()


if __name__ == "__main__":  # tools/lighthouse.sh with LH_IMAGES=1
    import django

    django.setup()
    from catalog.models import Person, Show
    from reviews.models import WriteUp

    attach_images(
        Show.objects.all(),
        Person.objects.filter(credits__isnull=False).distinct(),
        WriteUp.objects.all(),
    )
