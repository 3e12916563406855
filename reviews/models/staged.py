"""Staged changes: an edit to a published write-up, kept aside until someone publishes it.

Readers keep seeing the live row; reviews/staged.py previews and applies the
change, reviews/admin/staged.py is where editors make it. Why the change is
kept as the submitted form: docs/workflow.md.
"""

from django.conf import settings
from django.db import models
from django.http import QueryDict

from catalog.models.base import TimeStampedModel


class StagedChange(TimeStampedModel):
    """The change form of a published write-up as an editor last saved it, not yet published.

    No permissions of its own: changing the write-up stages, ``publish_writeup`` publishes.
    """

    writeup = models.OneToOneField(
        "WriteUp", on_delete=models.CASCADE, related_name="staged_change"
    )
    # The change form as submitted: {"inputs": {name: [values]}, "fields":
    # {prefix: [field names]}}, the write-up's form under "" and each inline
    # (scores, bylines) under its prefix (reviews/staged.py).
    data = models.JSONField()
    base_version = models.PositiveIntegerField(
        help_text="The live write-up's version the change was started from."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Readers never see it: saving one retires no cached page (reviews_site.cache).
    shown_to_readers = False

    class Meta:
        verbose_name = "unpublished change"
        # Made, published and discarded from the write-up's form: its permissions rule.
        default_permissions = ()

    def __str__(self):
        return f"Unpublished changes to {self.writeup_id}"

    def form_data(self):
        """The stored inputs as the QueryDict a change form is bound to."""
        data = QueryDict(mutable=True)
        for name, values in self.data["inputs"].items():
            data.setlist(name, values)
        return data
