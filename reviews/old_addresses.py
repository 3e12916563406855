"""The reviews pages whose old addresses answer 301 (see reviews_site.old_slugs).

An old address leads on only to a page the reader may open: a write-up
readers may see (or an editor may preview), a tag on at least one of them.
"""

from django.db.models import Exists, OuterRef
from taggit.models import Tag

from catalog.models import Show
from reviews_site import old_slugs

from .models import Author, WriteUp


def visible_writeups(request):
    return WriteUp.objects.visible_to(request.user)


def visible_tags(request):
    on_published = WriteUp.objects.published().filter(tagged_items__tag=OuterRef("pk"))
    return Tag.objects.filter(Exists(on_published))


def track_old_addresses():
    old_slugs.track(WriteUp, routes=("reviews:writeup_detail",), visible=visible_writeups)
    old_slugs.track(Author, routes=("reviews:author_detail",))
    old_slugs.track(Tag, routes=("reviews:tag_detail", "reviews:feed_tag"), visible=visible_tags)
    old_slugs.track(Show, routes=("reviews:feed_show",))
