"""Keeping the tags tidy: merging tags into one, and the synonyms merged names leave behind.

A merge moves every write-up of the merged tags to the target through our
through model (taggit's own "merge" moves only its stock ``TaggedItem``
rows, so it changed nothing here), keeps the merged names as synonyms of the
target, leads their addresses (old slugs included) to the target's page and
deletes them. Each moved write-up gets a version of its own (the comment
names the merge), as an edit by the editor who merged would.

Synonyms are resolved where editors type tags: the write-up form's tag field
parses with ``parse_tags`` (settings.TAGGIT_TAGS_FROM_STRING). Tags added
from code (``writeup.tags.add("name")``) take the name as given.
"""

from functools import partial

import reversion
from django.db import router, transaction
from django.db.models import Min, Q
from taggit.models import Tag
from taggit.utils import _parse_tags

from reviews_site import cache as page_cache
from reviews_site import old_slugs
from reviews_site.revisions import revision
from reviews_site.search.index import index_writeups

from .models import TaggedWriteUp, TagSynonym, WriteUp


def parse_tags(tagstring):
    """taggit's parsing, with every synonym replaced by its tag's name."""
    return resolve_synonyms(_parse_tags(tagstring))


def resolve_synonyms(names):
    """``names`` with each synonym (any case) replaced by its tag's name, sorted, no repeats."""
    if not names:
        return names
    matches = Q()
    for name in names:
        matches |= Q(name__iexact=name)
    targets = {
        synonym.casefold(): tag
        for synonym, tag in TagSynonym.objects.filter(matches).values_list("name", "tag__name")
    }
    return sorted({targets.get(name.casefold(), name) for name in names})


def merge_comment(target, merged):
    names = ", ".join(f"“{tag.name}”" for tag in merged)
    return f"Merged tags {names} into “{target.name}”."


def merge_tags(target, merged, *, user=None):
    """Merge the tags ``merged`` into ``target`` (see the module); the write-ups moved, by pk."""
    merged = list(merged)
    if not merged:
        raise ValueError("Nothing to merge.")
    if any(tag.pk == target.pk for tag in merged):
        raise ValueError("A tag cannot be merged into itself.")
    using = router.db_for_write(Tag, instance=target)
    comment = merge_comment(target, merged)
    with transaction.atomic(using=using):
        links = TaggedWriteUp.objects.using(using).filter(tag__in=merged)
        moved = set(links.values_list("content_object_id", flat=True))
        # One link per write-up that lacks the target becomes the target's; the rest
        # (a write-up's second merged tag, or one it had with the target) go with their tag.
        tagged_already = TaggedWriteUp.objects.using(using).filter(tag=target)
        firsts = (
            links.exclude(content_object__in=tagged_already.values("content_object"))
            .values("content_object")
            .annotate(first=Min("pk"))
            .values_list("first", flat=True)
        )
        TaggedWriteUp.objects.using(using).filter(pk__in=list(firsts)).update(tag=target)
        TagSynonym.objects.using(using).filter(tag__in=merged).update(tag=target)
        for tag in merged:
            if not TagSynonym.objects.using(using).filter(name__iexact=tag.name).update(tag=target):
                TagSynonym.objects.using(using).create(name=tag.name, tag=target)
            old_slugs.hand_over(tag, target, using=using)
        Tag.objects.using(using).filter(pk__in=[tag.pk for tag in merged]).delete()
        # update() sends no signals: the moved write-ups' search documents and the pages.
        index_writeups(moved, using)
        transaction.on_commit(partial(page_cache.invalidate, schedule_changed=False), using=using)
        for writeup in WriteUp._base_manager.using(using).filter(pk__in=moved):
            with revision(user, comment):
                reversion.add_to_revision(writeup)
    return moved
