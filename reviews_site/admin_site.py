"""The admin site: Django's, plus the pages every staff user has of their own.

``EditorsAdminConfig`` (in INSTALLED_APPS in place of django.contrib.admin)
makes ``EditorsAdminSite`` Django's default ``admin.site``, so every app
registers its models on it as usual.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class EditorsAdminSite(admin.AdminSite):
    def get_urls(self):
        from .time_zones import preferences_view

        return [
            path("preferences/", self.admin_view(preferences_view), name="preferences"),
            *super().get_urls(),
        ]


class EditorsAdminConfig(AdminConfig):
    default_site = "reviews_site.admin_site.EditorsAdminSite"
