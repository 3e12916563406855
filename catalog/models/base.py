"""Pieces every catalog and reviews model shares."""

from django.db import models
from django.db.models import F
from django.db.models.lookups import IsNull
from django.utils import timezone


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
