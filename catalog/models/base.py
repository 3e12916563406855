"""Pieces every catalog and reviews model shares."""

from django import forms
from django.db import models
from django.db.models import Aggregate, F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONArray
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


class JSONList(Aggregate):
    """Values as one JSON array: json_group_array on SQLite, jsonb_agg on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def listed(rows, owner_field, *fields, outer="pk"):
    """``rows`` whose ``owner_field`` is the outer row's ``outer``, as ``[[field, …], …]``.

    A page loads a short list of an object's children with the object's own query
    this way, one query fewer than a prefetch (docs/performance.md, "Eight queries a
    page"). The array's order is not defined: readers sort the rows in Python.
    """
    rows = rows.filter(**{owner_field: OuterRef(outer)}).values(owner_field)
    return Subquery(rows.annotate(rows=JSONList(JSONArray(*fields))).values("rows"))


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


class EditConflict(Exception):
    """A save found its row at another version than the one it read: someone saved in between.

    Nothing was written. ``instance`` is the unsaved object, ``expected`` the
    version it was read at. Like an IntegrityError it spoils the transaction
    it is raised in: catch it outside a ``transaction.atomic()`` block.
    """

    def __init__(self, instance, expected):
        self.instance, self.expected = instance, expected
        super().__init__(
            f"{instance._meta.verbose_name} {instance.pk} was saved by someone else after "
            f"version {expected} was read; nothing was written."
        )


class VersionFormField(forms.IntegerField):
    """The version a form was opened at, sent back hidden; it alone never makes a row "changed"."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionField(models.PositiveIntegerField):
    """A row's version, 1 when created and one more on every save (see VersionedModel).

    A change form carries it as a hidden input: what editors submit says which
    version they edited, never what the next version is. Migrations see a plain
    PositiveIntegerField.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 1)
        kwargs.setdefault("help_text", "One more on every save; a stale form is refused.")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveIntegerField", args, kwargs

    def formfield(self, **kwargs):
        return VersionFormField(required=False, min_value=1, help_text="")

    def save_form_data(self, instance, data):
        if data is not None:  # an empty hidden input says nothing about the version
            super().save_form_data(instance, data)


class VersionedModel(models.Model):
    """Optimistic locking: a save that would overwrite a version it never read is refused.

    Every save runs ``UPDATE … SET …, version = version + 1 WHERE pk = %s AND
    version = N``, N being the version the instance carries: the one it was
    loaded or last saved with, or the one a change form submitted. No row
    updated while the row exists means someone saved in between: EditConflict,
    and nothing is written. The check is the write itself, so two requests
    cannot both pass it.

    Raw saves (``loaddata``, django-reversion's revert: objects built from
    serialized data, which may not carry a version at all) are not checked and
    still add one to the stored version, so a restored old version never moves
    the counter back. Inserts store the instance's version (1 unless given).
    ``QuerySet.update()`` bypasses all of this, as it bypasses ``save()``; it is
    used only for derived columns (ratings, search keys, rendered bodies).
    """

    version = VersionField()

    class Meta:
        abstract = True

    def _save_table(self, raw=False, *args, **kwargs):
        self._version_raw_save = raw
        try:
            return super()._save_table(raw, *args, **kwargs)
        finally:
            del self._version_raw_save

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        field = self._meta.get_field("version")
        # With update_fields the version is still moved: every save is a new version.
        values = [value for value in values if value[0] is not field]
        values.append((field, None, F(field.attname) + 1))
        # A deferred version was never read: nothing to check it against.
        expected = None if self._version_raw_save else self.__dict__.get(field.attname)
        if expected is None:
            updated = super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update
            )
            if updated:
                self.version = base_qs.filter(pk=pk_val).values_list("version", flat=True).get()
            return updated
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if updated:
            self.version = expected + 1
        elif base_qs.filter(pk=pk_val).exists():
            raise EditConflict(self, expected)
        # A row deleted meanwhile is inserted again, as Django does for any model.
        return updated


class SlugQuerySet(models.QuerySet):
    """A queryset whose model is known by its slug, in URLs and in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def _is_old_address(model, slug, pk):
    """Whether ``slug`` is an old address of another object, which a made slug steps past."""
    from reviews_site import old_slugs  # the slug history is site-wide; loaded after the models

    return old_slugs.is_tracked(model) and old_slugs.conflict_message(model, slug, pk) is not None


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
    while slug in taken or _is_old_address(model, slug, exclude_pk):
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
