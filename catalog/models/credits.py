"""Credits: who played whom, who directed and wrote."""

from django.db import models
from django.db.models import Q

from ..names import other_spelling, search_key
from .base import VersionedModel
from .people import Person
from .shows import Show


class CreditQuerySet(models.QuerySet):
    def get_by_natural_key(self, show_slug, person_slug, role, character_name):
        return self.get(
            show__slug=show_slug,
            person__slug=person_slug,
            role=role,
            character_name=character_name,
        )

    def cast(self):
        return self.filter(role=Credit.Role.CAST)


class Credit(VersionedModel):
    """One person's part in one show: a role they played or a job they did."""

    class Role(models.TextChoices):
        CAST = "cast", "Cast"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CREATOR = "creator", "Creator"
        PRODUCER = "producer", "Producer"
        COMPOSER = "composer", "Music"
        CINEMATOGRAPHER = "cinematographer", "Cinematography"
        EDITOR = "editor", "Editor"

    class Billing(models.TextChoices):
        LEAD = "lead", "Lead"
        SUPPORTING = "supporting", "Supporting"
        CAMEO = "cameo", "Cameo"
        GUEST = "guest", "Guest"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.CAST,
        help_text="Cast for an acting part; otherwise the job done.",
    )
    billing = models.CharField(
        max_length=20,
        choices=Billing.choices,
        blank=True,
        help_text="Cast only. Leave empty when the billing is not known.",
    )
    character_name = models.CharField(
        max_length=200, blank=True, help_text="Cast only: the character, e.g. Han Seon-woo."
    )
    character_aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text="Cast only: other spellings of the character's name, separated by semicolons "
        "(Han Sun-woo; Seon Woo).",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the credits; lower comes first."
    )
    search_names = models.TextField(
        blank=True, editable=False, help_text="Folded character names, kept up to date on save."
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "person", "role", "character_name"],
                name="catalog_credit_unique",
                violation_error_message="This person already has this credit on this show.",
            ),
            models.CheckConstraint(
                condition=Q(role="cast") | Q(billing="", character_name="", character_aliases=""),
                name="catalog_credit_crew_has_no_character",
                violation_error_message="Billing and character belong to cast credits only.",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "role"], name="catalog_credit_person_role"),
        ]

    def __str__(self):
        if self.role == self.Role.CAST and self.character_name:
            return f"{self.person} as {self.character_name} in {self.show}"
        return f"{self.person}, {self.get_role_display().lower()}, {self.show}"

    def save(self, *args, **kwargs):
        self.search_names = self.compute_search_names()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (
            *self.show.natural_key(),
            *self.person.natural_key(),
            self.role,
            self.character_name,
        )

    natural_key.dependencies = ["catalog.show", "catalog.person"]

    @property
    def is_cast(self):
        return self.role == self.Role.CAST

    @property
    def character_alias_list(self):
        return [alias.strip() for alias in self.character_aliases.split(";") if alias.strip()]

    @property
    def character_alias(self):
        """The one other spelling of the character shown to readers (catalog.names)."""
        return other_spelling(self.character_name, self.character_alias_list)

    def compute_search_names(self):
        if self.role != self.Role.CAST:
            return ""
        return search_key(self.character_name, *self.character_alias_list)
