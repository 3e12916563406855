"""What the site keeps about taggit's tags: synonyms that lead to a tag, and a description.

taggit's ``Tag`` is not ours to change, so both hang off it in tables of our
own (reviews.tag_vocabulary merges tags and resolves synonyms).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from taggit.models import Tag


class TagSynonym(models.Model):
    """Another name for a tag (a merged tag's): typed in a write-up's tags, it gives the tag."""

    name = models.CharField(
        max_length=100,
        help_text="Typed in a write-up's tags, this name gives the tag instead.",
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="reviews_tagsynonym_unique_name",
                violation_error_message="This name is already a synonym of a tag.",
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.tag}"

    def clean(self):
        self.name = (self.name or "").strip()
        if self.name and Tag.objects.filter(name__iexact=self.name).exists():
            raise ValidationError(
                {"name": f"“{self.name}” is a tag of its own: merge it instead."},
                code="tag_name",
            )


class TagDescription(models.Model):
    """A few sentences shown on a tag's page."""

    tag = models.OneToOneField(
        Tag, on_delete=models.CASCADE, primary_key=True, related_name="description"
    )
    text = models.TextField(
        max_length=2000,
        blank=True,
        help_text="Shown on the tag's page, as plain text; a blank line starts a paragraph.",
    )

    class Meta:
        verbose_name = "description"

    def __str__(self):
        return f"Description of {self.tag}"
