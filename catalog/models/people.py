"""People and groups: actors, directors, writers, singers, bands."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from reviews_site.old_slugs import KeepsOldSlugs

from ..images import PHOTO_WIDTHS
from ..names import distinct_spellings, search_key
from .base import SlugFromNameMixin, SlugQuerySet, TimeStampedModel, VersionedModel, slug_check
from .fields import ImageWithRenditionsField


class PersonQuerySet(SlugQuerySet):
    def with_external_id(self, site, value):
        """People with this ID at another site (``Site``: "tmdb", "imdb", ...): at most one."""
        return self.filter(external_ids__site=site, external_ids__value=value)

    def matching(self, folded_query):
        """People any of whose names contains the folded query (see catalog.names)."""
        return self.filter(search_names__contains=folded_query)


class Person(SlugFromNameMixin, KeepsOldSlugs, VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Group"

    name = models.CharField(
        max_length=200,
        help_text="The name as the site writes it, family name first: Park Hyung-sik.",
    )
    slug = models.SlugField(
        max_length=200,
        db_index=False,
        blank=True,
        help_text="The person's address: /people/<slug>/. Leave empty to make one from the name.",
    )
    native_name = models.CharField(
        max_length=200, blank=True, help_text="The name in Hangul, e.g. 박형식."
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.INDIVIDUAL,
        help_text="A group is a duo or band that performs together, e.g. Davichi.",
    )
    bio = models.TextField(blank=True, help_text="A short biography, plain text.")
    photo = ImageWithRenditionsField(
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        webp_field="photo_has_webp",
        rendition_widths=PHOTO_WIDTHS,
        help_text="JPEG, PNG, GIF or WebP, at most 10 MB. Stored re-encoded without metadata.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_has_webp = models.BooleanField(default=False, editable=False)  # docs/images.md
    members = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("group", "member"),
        symmetrical=False,
        blank=True,
        related_name="groups",
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Folded name and alternative names, kept up to date on save.",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="catalog_person_unique_slug"),
            slug_check("catalog_person_slug_shape"),
        ]
        indexes = [
            # The people list, in name order, a page at a time without sorting everyone.
            models.Index(fields=["name", "id"], name="catalog_person_name"),
            # The sitemap's count and latest change: an index-only scan.
            models.Index(fields=["updated_at"], name="catalog_person_updated"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalog:person_detail", kwargs={"slug": self.slug})

    @property
    def is_group(self):
        return self.kind == self.Kind.GROUP

    @property
    def other_names(self):
        """Alternative names (prefetched) that differ from the name and each other by more
        than case: "Park Hyung-Sik" beside "Park Hyung-sik" is not shown."""
        return distinct_spellings(self.name, self.alternative_names.all(), lambda n: n.name)

    def is_stub(self, *, groups, members, credits, performances, song_credits):
        """Only a name (and its spellings): shown compactly and kept out of search engines
        until it has a fact, a photo or a credit. Takes what the page loaded."""
        facts = (self.native_name, self.bio, self.photo)
        return not any(facts) and not (groups or members or credits or performances or song_credits)

    def compute_search_names(self):
        names = self.alternative_names.values_list("name", flat=True)
        return search_key(self.name, self.native_name, *names)


class PersonNameManager(models.Manager):
    def get_by_natural_key(self, person_slug, name):
        return self.get(person__slug=person_slug, name=name)


class PersonName(models.Model):
    """Another way a person's name is written."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", "Other spelling"
        STAGE = "stage", "Stage name"
        BIRTH = "birth", "Birth name"
        NATIVE = "native", "Other native spelling"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alternative_names")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPELLING)

    objects = PersonNameManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "alternative name"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"], name="catalog_personname_unique_per_person"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.person.natural_key(), self.name)

    natural_key.dependencies = ["catalog.person"]


class MembershipManager(models.Manager):
    def get_by_natural_key(self, group_slug, member_slug):
        return self.get(group__slug=group_slug, member__slug=member_slug)


class Membership(models.Model):
    """A person who belongs to a group: Kyuhyun of Super Junior."""

    group = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_links")

    objects = MembershipManager()

    class Meta:
        ordering = ["group__name", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="catalog_membership_unique"),
            models.CheckConstraint(
                condition=~Q(group=F("member")),
                name="catalog_membership_not_self",
                violation_error_message="A group cannot be a member of itself.",
            ),
        ]

    def __str__(self):
        return f"{self.member} of {self.group}"

    def natural_key(self):
        return (*self.group.natural_key(), *self.member.natural_key())

    natural_key.dependencies = ["catalog.person"]

    def clean(self):
        if self.group_id and self.group.kind != Person.Kind.GROUP:
            raise ValidationError({"group": "Only a group can have members."})
