"""Derived fields of write-ups, kept in step however a row is written.

``Model.save`` renders the Markdown body; loaddata's raw saves skip it, so the
receiver below renders for them. Scores change the overall rating whenever
one is added, edited or removed. Deleting a catalog row a body links renders
that body again (reviews.mentions). Tags get their slugs the way every other
slug of the site is made (catalog.names.slugify_name).
"""

import re
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from catalog.models import Credit, Person, Show, Song
from catalog.models.base import unique_slug

from .mentions import relink
from .models import Mention, Score, WriteUp

# A tag slug that has an address: word characters and hyphens, starting with a
# letter or digit (taggit's "_1", made for a second tag with an empty slug, does not).
TAG_SLUG = re.compile(r"[^\W_][-\w]*")


@receiver(post_save, sender=WriteUp)
def render_loaded_writeup(sender, instance, raw=False, **kwargs):
    if raw:
        instance.render_body()
        WriteUp.objects.filter(pk=instance.pk).update(
            body_html=instance.body_html, reading_minutes=instance.reading_minutes
        )
        instance.store_found_mentions()
        instance.refresh_rating()


@receiver(post_save, sender=Score)
@receiver(post_delete, sender=Score)
def refresh_writeup_rating(sender, instance, **kwargs):
    writeup = WriteUp.objects.filter(pk=instance.writeup_id).first()
    if writeup is not None:
        writeup.refresh_rating()


@receiver(pre_save, sender=Tag)
def make_tag_slug(sender, instance, raw=False, **kwargs):
    """Make a new tag's slug ourselves, and repair an empty or odd one.

    taggit slugs a name with ``slugify(allow_unicode=True)``, which keeps
    로맨스 (the tag URL takes any text) but leaves nothing of "💔" or "!!!",
    and then "_1" for the next one. Ours is the same where taggit's has
    letters, ``tag-<hash>`` where it has none (catalog.names.slugify_name),
    and "-2", "-3" for a slug already taken. A receiver rather than a tag
    model of our own: every tag, form and fixture stays taggit's. A slug an
    editor or a fixture chose is kept when it has an address.
    """
    slug = instance.slug or ""
    if TAG_SLUG.fullmatch(slug) and (raw or not _made_by_taggit(instance)):
        return
    instance.slug = unique_slug(Tag, instance.name, instance.pk, allow_unicode=True)


def _made_by_taggit(tag):
    """Whether taggit's ``TagBase.save`` just made this slug (its own, or with ``_N``)."""
    if not tag._state.adding:
        return False
    own = re.escape(tag.slugify(tag.name))
    return re.fullmatch(rf"{own}(?:_\d+)?", tag.slug) is not None


@receiver(pre_delete, sender=Person)
@receiver(pre_delete, sender=Show)
@receiver(pre_delete, sender=Song)
@receiver(pre_delete, sender=Credit)
def unlink_deleted_catalog_row(sender, instance, **kwargs):
    """A deleted person, show, song or character leaves no link to a missing page behind:
    the write-ups that linked it are rendered again once the deletion is committed."""
    field = {Person: "person", Show: "show", Song: "song", Credit: "credit"}[sender]
    linked = Mention.objects.filter(**{field: instance}).values_list("writeup", flat=True)
    ids = set(linked)
    if ids:
        transaction.on_commit(partial(relink_writeups, ids))


def relink_writeups(ids):
    for writeup in WriteUp.objects.filter(pk__in=ids):
        relink(writeup)
