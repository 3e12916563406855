"""What each staff user chooses for themselves in the admin: their time zone."""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


@lru_cache(maxsize=1)
def time_zone_names():
    """Every IANA zone name this machine knows, sorted (tzdata's list)."""
    return sorted(zoneinfo.available_timezones())


class EditorPreferences(models.Model):
    """A staff user's own settings; reviews_site.time_zones activates the time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="editor_preferences",
    )
    # Empty: the site's zone (settings.TIME_ZONE), whatever it is then.
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="The admin shows and reads every time in this zone. Times are stored in UTC.",
    )

    class Meta:
        verbose_name = "preferences"
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Preferences of {self.user}"

    def clean(self):
        # The database cannot hold the list of zones, so the model and its forms check it.
        if self.time_zone and self.time_zone not in time_zone_names():
            raise ValidationError(
                {
                    "time_zone": ValidationError(
                        "“%(value)s” is not a time zone. Choose one such as Asia/Seoul or "
                        "America/New_York.",
                        code="invalid_time_zone",
                        params={"value": self.time_zone},
                    )
                }
            )

    @property
    def zone_name(self):
        return self.time_zone or settings.TIME_ZONE
