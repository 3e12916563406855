"""Who writes: author profiles and the outlets where pieces first appeared."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from catalog.models.base import (
    SlugFromNameMixin,
    SlugQuerySet,
    TimeStampedModel,
    VersionedModel,
    slug_check,
)
from reviews_site.old_slugs import KeepsOldSlugs


class Author(SlugFromNameMixin, KeepsOldSlugs, VersionedModel, TimeStampedModel):
    name = models.CharField(max_length=120, help_text="The byline, as readers see it.")
    slug = models.SlugField(
        max_length=120,
        db_index=False,
        blank=True,
        help_text="The author's page: /authors/<slug>/. Leave empty to make one from the name.",
    )
    bio = models.TextField(blank=True, help_text="One or two sentences, plain text.")
    website = models.URLField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The editor account that writes as this author, if any.",
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="reviews_author_unique_slug"),
            slug_check("reviews_author_slug_shape"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("reviews:author_detail", kwargs={"slug": self.slug})


class Outlet(SlugFromNameMixin, VersionedModel, TimeStampedModel):
    """A publication where a write-up first appeared (a blog, a magazine)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        db_index=False,
        blank=True,
        help_text="Leave empty to make one from the name.",
    )
    website = models.URLField(blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="reviews_outlet_unique_slug"),
            slug_check("reviews_outlet_slug_shape"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
