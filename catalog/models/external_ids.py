"""Where a show or a person is found on other sites: MyDramaList, TMDB, IMDb, Wikidata.

One row per site and object. ``value`` is the ID as the other site writes it
in its addresses, checked for its shape by ``clean()`` (a form error) and by a
named database check (whatever path a row is written by). The shapes and
the addresses made from them: docs/open-data.md, "External IDs".
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When

from .base import listed


class Site(models.TextChoices):
    MYDRAMALIST = "mydramalist", "MyDramaList"
    TMDB = "tmdb", "TMDB"
    IMDB = "imdb", "IMDb"
    WIKIDATA = "wikidata", "Wikidata"


WIKIDATA = (r"^Q[1-9][0-9]*\Z", "Q12345", "https://www.wikidata.org/wiki/{}")

# Per site: (pattern, an example for the error message, address template).
# Patterns are written for both SQLite (Python's re) and PostgreSQL (~).
SHOW_ID_SHAPES = {
    Site.MYDRAMALIST: (
        r"^[1-9][0-9]*-[a-z0-9]+(-[a-z0-9]+)*\Z",
        "12345-some-title",
        "https://mydramalist.com/{}",
    ),
    # TMDB numbers TV series and films separately: the kind is part of the ID.
    Site.TMDB: (r"^(tv|movie)/[1-9][0-9]*\Z", "tv/1234", "https://www.themoviedb.org/{}"),
    Site.IMDB: (r"^tt[0-9]{7,}\Z", "tt1234567", "https://www.imdb.com/title/{}/"),
    Site.WIKIDATA: WIKIDATA,
}
PERSON_ID_SHAPES = {
    Site.MYDRAMALIST: (
        r"^people/[1-9][0-9]*-[a-z0-9]+(-[a-z0-9]+)*\Z",
        "people/12345-some-name",
        "https://mydramalist.com/{}",
    ),
    Site.TMDB: (r"^[1-9][0-9]*\Z", "1234", "https://www.themoviedb.org/person/{}"),
    Site.IMDB: (r"^nm[0-9]{7,}\Z", "nm1234567", "https://www.imdb.com/name/{}/"),
    Site.WIKIDATA: WIKIDATA,
}
# The order readers see them in: "Elsewhere: MyDramaList · TMDB · IMDb · Wikidata".
SITE_ORDER = Case(
    *[When(site=site, then=Value(position)) for position, site in enumerate(Site)],
    default=Value(len(Site)),
)


def shape_check(shapes, name):
    """A named check that ``value`` has the shape its site gives its IDs."""
    return models.CheckConstraint(
        condition=Q.create(
            [Q(site=site, value__regex=pattern) for site, (pattern, _, _) in shapes.items()],
            connector=Q.OR,
        ),
        name=name,
        violation_error_message="This is not an ID of that site.",
    )


def id_from_address(shape, text):
    """The ID in an address of the site (an editor pasted the page's address), or None.

    The address may be http or https, with or without "www.", and go on past
    the ID: a TMDB slug (``/tv/1234-some-title``), a sub-page (``/cast``), a
    query or a fragment.
    """
    pattern, _, template = shape
    host_and_path = template.split("{}")[0].split("://", 1)[1].removeprefix("www.")
    found = re.match(
        rf"https?://(?:www\.)?{re.escape(host_and_path)}({pattern[1:-2]})(?:[-/?#].*)?\Z",
        text,
    )
    return found.group(1) if found else None


SITE_POSITION = {site: position for position, site in enumerate(Site)}


class ExternalIDQuerySet(models.QuerySet):
    def in_site_order(self):
        return self.order_by(SITE_ORDER)

    def get_by_natural_key(self, owner_slug, site):
        return self.get(**{f"{self.model.owner_field}__slug": owner_slug, "site": site})


class ExternalID(models.Model):
    """An ID at another site; ``shapes`` (a class attribute) say what each site's look like."""

    site = models.CharField(max_length=20, choices=Site.choices)
    value = models.CharField(
        "ID",
        max_length=200,
        help_text="The ID as it appears in the other site's address; a pasted address is "
        "cut down to its ID.",
    )

    shapes = {}
    objects = ExternalIDQuerySet.as_manager()

    class Meta:
        abstract = True
        verbose_name = "ID elsewhere"
        verbose_name_plural = "IDs elsewhere (MyDramaList, TMDB, IMDb, Wikidata)"

    def __str__(self):
        return f"{self.get_site_display()} {self.value}"

    def clean(self):
        super().clean()
        self.value = (self.value or "").strip()
        shape = self.shapes.get(self.site)
        if shape is None:
            return
        self.value = id_from_address(shape, self.value) or self.value
        if not re.search(shape[0], self.value):
            raise ValidationError(
                {
                    "value": f"A {self.get_site_display()} ID for a {self.owner_label} looks "
                    f"like “{shape[1]}” (from {shape[2].format(shape[1])})."
                }
            )

    @property
    def url(self):
        return self.shapes[self.site][2].format(self.value)

    @classmethod
    def listed(cls):
        """The owner's IDs as ``[[site, value], …]``, a column of the owner's own query.

        ``in_order()`` reads it back (docs/performance.md, "Eight queries a page").
        """
        return listed(cls.objects.all(), cls.owner_field, "site", "value")

    @classmethod
    def in_order(cls, listed):
        """The IDs of a ``listed()`` column, in site order (as ``in_site_order()``)."""
        ids = [cls(site=site, value=value) for site, value in listed or ()]
        return sorted(ids, key=lambda external_id: SITE_POSITION.get(external_id.site, len(Site)))


class ShowExternalID(ExternalID):
    owner_field = owner_label = "show"
    shapes = SHOW_ID_SHAPES

    show = models.ForeignKey("catalog.Show", on_delete=models.CASCADE, related_name="external_ids")

    class Meta(ExternalID.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["site", "value"],
                name="catalog_showexternalid_unique_value",
                violation_error_message="Another show already has this ID.",
            ),
            models.UniqueConstraint(
                fields=["show", "site"],
                name="catalog_showexternalid_one_per_site",
                violation_error_message="This show already has an ID at that site.",
            ),
            shape_check(SHOW_ID_SHAPES, "catalog_showexternalid_value_shape"),
        ]

    def natural_key(self):
        return (*self.show.natural_key(), self.site)

    natural_key.dependencies = ["catalog.show"]


class PersonExternalID(ExternalID):
    owner_field = owner_label = "person"
    shapes = PERSON_ID_SHAPES

    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta(ExternalID.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["site", "value"],
                name="catalog_personexternalid_unique_value",
                violation_error_message="Another person already has this ID.",
            ),
            models.UniqueConstraint(
                fields=["person", "site"],
                name="catalog_personexternalid_one_per_site",
                violation_error_message="This person already has an ID at that site.",
            ),
            shape_check(PERSON_ID_SHAPES, "catalog_personexternalid_value_shape"),
        ]

    def natural_key(self):
        return (*self.person.natural_key(), self.site)

    natural_key.dependencies = ["catalog.person"]
