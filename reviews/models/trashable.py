"""What a write-up needs to go to the trash and come back (the trash itself: trash.py)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Trashable(models.Model):
    """Deleted by an editor, kept until purged: ``trashed_at`` says since when.

    ``WriteUpQuerySet.published()`` leaves trashed rows out; a trashed row
    keeps its slug (the unique constraint still holds it), so it comes back
    at its address.
    """

    trashed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was moved to the trash; readers no longer see it.",
    )
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who moved it to the trash.",
    )

    class Meta:
        abstract = True

    @property
    def purged_after(self):
        """When ``purge_trash`` may delete it for good: TRASH_RETENTION_DAYS in the trash."""
        if self.trashed_at is None:
            return None
        return self.trashed_at + timedelta(days=settings.TRASH_RETENTION_DAYS)

    def move_to_trash(self, user=None):
        """Take it off the site, keeping everything: its address stays reserved for it."""
        self.trashed_at = timezone.now()
        self.trashed_by = user if user is not None and user.is_authenticated else None
        self.save(update_fields=["trashed_at", "trashed_by"])

    def restore_from_trash(self):
        """Back at its address, with its status, scores, bylines and tags as they were."""
        self.trashed_at = None
        self.trashed_by = None
        self.save(update_fields=["trashed_at", "trashed_by"])

    def validate_constraints(self, exclude=None):
        """A slug taken by a piece in the trash says so, and how to free it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            holder = None
            if "slug" in errors:
                holder = (
                    self._meta.concrete_model._base_manager.filter(
                        trashed_at__isnull=False, slug=self.slug
                    )
                    .exclude(pk=self.pk)
                    .first()
                )
            if holder is not None:
                errors["slug"] = [
                    ValidationError(
                        f"The {self._meta.verbose_name} “{holder}” in the trash keeps this "
                        "address until it is deleted for good: restore it, or choose another "
                        "slug.",
                        code="unique",
                    )
                ]
            raise ValidationError(errors) from None
