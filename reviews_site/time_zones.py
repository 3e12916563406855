"""Each editor's own time zone in the admin (models/preferences.py).

The middleware activates a staff user's zone for their requests (the admin
and their previews of pages), so Django reads and shows every time in it:
form fields, list columns and the admin script's "You are N hours behind
server time" note, which compares the browser with the active zone. Times
are stored in UTC. The widget and the list columns name the zone.
"""

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from .models import EditorPreferences
from .models.preferences import time_zone_names


class EditorTimeZoneMiddleware:
    """Activate a staff user's time zone for the request; readers pay nothing.

    A request without a session cookie (every reader's) is not even looked
    at; a staff user's costs one query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_staff:
            return self.get_response(request)
        name = (
            EditorPreferences.objects.filter(user=request.user)
            .values_list("time_zone", flat=True)
            .first()
        )
        try:
            timezone.activate(zoneinfo.ZoneInfo(name or settings.TIME_ZONE))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ZonedSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes with the zone they are read in named beside them."""

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer) + format_html(
            '<p class="help time-zone-name">Times in {}</p>', timezone.get_current_timezone_name()
        )


def zoned_column(model_admin, field):
    """A list column showing ``field`` (a date and time) with the zone in its heading."""

    @admin.display(
        description=f"{field.verbose_name} ({timezone.get_current_timezone_name()})",
        ordering=field.name,
    )
    def column(obj):
        value = getattr(obj, field.name)
        return display_for_value(value, model_admin.get_empty_value_display())

    column.__name__ = field.name  # the column keeps its CSS classes (column-published_at)
    return column


class ZonedTimesMixin:
    """A model admin whose date-time fields and columns name the editor's zone."""

    formfield_overrides = {models.DateTimeField: {"widget": ZonedSplitDateTime}}

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            field = self._date_time_field(name)
            columns.append(zoned_column(self, field) if field else name)
        return columns

    def _date_time_field(self, name):
        if not isinstance(name, str):
            return None
        try:
            field = self.opts.get_field(name)
        except FieldDoesNotExist:  # a method or attribute of the admin or the model
            return None
        return field if isinstance(field, models.DateTimeField) else None


def time_zone_choices():
    return [("", f"The site's zone ({settings.TIME_ZONE})")] + [
        (name, name) for name in time_zone_names()
    ]


class PreferencesForm(forms.ModelForm):
    # A typed name that is not in the list is refused by the field and by the model's clean().
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        required=False,
        help_text=EditorPreferences._meta.get_field("time_zone").help_text,
    )

    class Meta:
        model = EditorPreferences
        fields = ("time_zone",)


def preferences_view(request):
    """Your preferences (admin:preferences, admin_site.py): a staff user's own time zone."""
    preferences = EditorPreferences.objects.filter(user=request.user).first()
    preferences = preferences or EditorPreferences(user=request.user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Times are now shown in {preferences.zone_name}.")
        return redirect("admin:preferences")
    context = {
        **admin.site.each_context(request),
        "title": "Your preferences",
        "form": form,
    }
    return TemplateResponse(request, "admin/reviews_site/preferences.html", context)
