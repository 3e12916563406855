"""No name an editor can save takes a public page down: property-based tests through the models.

test_fuzz_urls fuzzes what readers type; this fuzzes what editors store.
Generated strings (emoji, Hangul, punctuation only, control characters, very
long ones, anything) become a show title, a person's name, an author's name,
a write-up's title and standfirst and its tags, saved through the models as
the admin, a fixture or the shell would. Then every public page that shows
them (home, the lists, each detail page, the tag pages, the feeds, the
sitemaps, search) must answer below 500. Each example runs in a transaction
that is rolled back, so examples do not see each other's rows.
"""

import string
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from catalog.models import Credit, Person, Show
from reviews.models import Author, WriteUp, WriteUpAuthor
from reviews_site.text import clean_text

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
KNOWN_BAD = [
    "💔", "!!!", "...", "-", "_", "#1", "사운드트랙", "박형식", "\x0b", "Soft\x0bbreak", "\x00",
    "\r\n", "🇰🇷👩\u200d👩\u200d👧", "東京", "Москва", "\u202eevil", "\ufeff", "\u200b",
    "' OR 1=1 --", "<script>alert(1)</script>", "&amp;", "%", "/", "../", "?", "\\",
]  # fmt: skip

names = st.one_of(
    st.sampled_from(KNOWN_BAD),
    st.text(min_size=1, max_size=40),  # any unicode, control characters included
    st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12),
    st.text(string.punctuation + " ", min_size=1, max_size=12),
    st.text(st.characters(categories=["So", "Sk", "Cc", "Cf", "Zs"]), min_size=1, max_size=12),
    st.text(min_size=1, max_size=4).map(lambda text: text * 120),  # longer than any column
)
stored = st.fixed_dictionaries(
    {
        "show": names,
        "person": names,
        "author": names,
        "title": names,
        "standfirst": names,
        # Two tags whose names differ once cleaned: tag names are unique.
        "tags": st.lists(names, min_size=1, max_size=2, unique_by=lambda n: clean_text(n)[:100]),
    }
)


def save_everything(data):
    """The rows an editor would make, each name cut to its column as a form would."""
    show = Show.objects.create(title=data["show"][:200], year=2022)
    person = Person.objects.create(name=data["person"][:200])
    Credit.objects.create(show=show, person=person, billing=Credit.Billing.LEAD)
    author = Author.objects.create(name=data["author"][:120])
    writeup = WriteUp.objects.create(
        title=data["title"][:200],
        standfirst=data["standfirst"][:300],
        show=show,
        body=f"{data['title']}\n\n{data['standfirst']}",
        status=WriteUp.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    WriteUpAuthor.objects.create(writeup=writeup, author=author)
    tags = [Tag.objects.create(name=name[:100]) for name in data["tags"]]
    writeup.tags.add(*tags)
    return show, person, author, writeup, tags


def public_pages(show, person, author, writeup, tags):
    yield from ["/", "/reviews/", "/shows/", "/people/", "/feeds/latest/", "/sitemap.xml"]
    for section in ("writeups", "shows", "people", "tags", "authors"):
        yield reverse("sitemap_section", kwargs={"section": section})
    for obj in (show, person, author, writeup):
        yield obj.get_absolute_url()
    yield reverse("reviews:feed_show", kwargs={"slug": show.slug})
    for tag in tags:
        yield reverse("reviews:tag_detail", kwargs={"slug": tag.slug})
        yield reverse("reviews:feed_tag", kwargs={"slug": tag.slug})
    yield f"{reverse('reviews:search')}?{urlencode({'q': writeup.title[:50]})}"


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=timedelta(seconds=20),  # about 25 requests an example, on a shared machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=stored)
def test_no_stored_name_gives_a_server_error(client, data):
    with transaction.atomic():
        rows = save_everything(data)
        for url in public_pages(*rows):
            response = client.get(url)
            assert response.status_code < 500, (url, data)
        transaction.set_rollback(True)
