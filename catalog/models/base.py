"""Pieces every catalog and reviews model shares."""

from django.db import models
from django.db.models import F
from django.db.models.lookups import IsNull
from django.utils import timezone

from ..names import slugify_name

# What the ``slug`` URL converter accepts, so every stored slug has an address.
URL_SLUG_PATTERN = r"^[-a-zA-Z0-9_]+\Z"


def descending_nulls_last(field):
    """Order by ``field``, highest first and empty last: two keys an index can hold.

    ``F(field).desc(nulls_last=True)`` is ``DESC NULLS LAST`` on PostgreSQL,
    which only an index declared ``NULLS LAST`` serves, and SQLite cannot
    declare one. ``field IS NULL`` first, then ``field DESC``, is the same
    order, and an index on exactly these expressions serves it on both
    databases (see the indexes that use it).
    """
    return IsNull(F(field), True), F(field).desc()


class TimeStampedModel(models.Model):
    """Created and last-updated times.

    Plain defaults rather than ``auto_now`` so that fixtures may carry their own
    times (loading them twice then changes nothing) while every ordinary save
    still moves ``updated_at``. Sitemaps and feeds read ``updated_at``.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class SlugQuerySet(models.QuerySet):
    """A queryset whose model is known by its slug, in URLs and in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def unique_slug(model, name, exclude_pk=None, allow_unicode=False):
    """A slug made from ``name`` (catalog.names.slugify_name) that no other row has.

    A taken slug gets ``-2``, ``-3``, ... within the field's length. One query.
    """
    max_length = model._meta.get_field("slug").max_length
    base = slugify_name(name, model._meta.model_name, max_length, allow_unicode)
    taken = set(
        model._base_manager.filter(slug__startswith=base[: max_length - 4])
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-_") + suffix
    return slug


class SlugFromNameMixin:
    """A model whose blank slug is made from its name (``slug_source``) when it is saved.

    Editors may leave the slug empty (the admin's JavaScript leaves it empty
    for a Hangul or emoji title, too); ``clean()`` fills it before a form
    checks uniqueness and constraints, ``save()`` for every other path.
    """

    slug_source = "name"

    def fill_slug(self):
        if not self.slug:
            self.slug = unique_slug(type(self), getattr(self, self.slug_source), self.pk)

    def clean(self):
        if getattr(self, self.slug_source):
            self.fill_slug()
        super().clean()

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)


def slug_check(name):
    """A named check that a slug is a non-empty address part: what ``<slug:...>`` matches."""
    return models.CheckConstraint(
        condition=models.Q(slug__regex=URL_SLUG_PATTERN),
        name=name,
        violation_error_message="A slug is letters, numbers, hyphens and underscores, "
        "and cannot be empty.",
    )


def year_range_check(field, name):
    """A named check that a year, when given, is a plausible release year."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": 1900, f"{field}__lte": 2100}),
        name=name,
        violation_error_message="Enter a year between 1900 and 2100.",
    )


def positive_check(field, name):
    """A named check that a count or duration, when given, is above zero."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gt": 0}),
        name=name,
        violation_error_message=f"The {field.replace('_', ' ')} must be above zero.",
    )
