from django.apps import AppConfig


class ReviewsSiteConfig(AppConfig):
    """The project itself as an app: site-wide commands, checks and templates."""

    name = "reviews_site"
    verbose_name = "Site"

    def ready(self):
        from . import cache, checks, text  # noqa: F401

        cache.connect_invalidation()
        text.connect_cleaning()
