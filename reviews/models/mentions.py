"""Names of catalog rows found in a write-up's body, each one link (reviews/mentions.py)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import Credit, Person, Show, Song


class MentionQuerySet(models.QuerySet):
    def linked(self):
        """The mentions that are links on the page: enabled and not ambiguous."""
        return self.filter(enabled=True).exclude(kind=Mention.Kind.AMBIGUOUS)


class Mention(models.Model):
    """The first mention of one catalog row in one section of a write-up.

    Written when the body is rendered; an editor switches one off in the
    write-up's admin page, and the body is rendered again without that link.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        SHOW = "show", "Show"
        SONG = "song", "Song"
        CHARACTER = "character", "Character"
        AMBIGUOUS = "ambiguous", "Ambiguous (not linked)"

    writeup = models.ForeignKey("WriteUp", on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    show = models.ForeignKey(
        Show, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    song = models.ForeignKey(
        Song, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    credit = models.ForeignKey(
        Credit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        help_text="A character: the cast credit whose character is named.",
    )
    text = models.CharField("as written", max_length=200)
    section = models.PositiveIntegerField(help_text="0 before the first heading, then 1, 2, …")
    position = models.PositiveIntegerField(help_text="Order of the name in the body.")
    enabled = models.BooleanField(
        "linked",
        default=True,
        help_text="Untick to remove the link; the body is then rendered without it.",
    )
    ambiguous_between = models.CharField(
        max_length=500, blank=True, help_text="For an ambiguous name: what it could mean."
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["writeup", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["writeup", "position"], name="reviews_mention_unique_position"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="person", person__isnull=False, show=None, song=None, credit=None)
                    | Q(kind="show", show__isnull=False, person=None, song=None, credit=None)
                    | Q(kind="song", song__isnull=False, person=None, show=None, credit=None)
                    | Q(kind="character", credit__isnull=False, person=None, show=None, song=None)
                    | Q(kind="ambiguous", person=None, show=None, song=None, credit=None)
                ),
                name="reviews_mention_one_target_of_its_kind",
                violation_error_message="A mention names exactly one row of its kind.",
            ),
        ]

    def __str__(self):
        return f"{self.text} in {self.writeup}"

    @property
    def target(self):
        return self.person or self.show or self.song or self.credit

    @property
    def target_url(self):
        if self.kind == self.Kind.CHARACTER:
            url = reverse("catalog:show_detail", kwargs={"slug": self.credit.show.slug})
            return f"{url}#cast"
        target = self.target
        return target.get_absolute_url() if target is not None else ""

    @property
    def label(self):
        """The name as the catalog writes it (a show's title without its year)."""
        if self.kind == self.Kind.CHARACTER:
            return self.credit.character_name
        if self.kind == self.Kind.PERSON:
            return self.person.name
        if self.kind in (self.Kind.SHOW, self.Kind.SONG):
            return self.target.title
        return self.text
