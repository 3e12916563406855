from django.apps import AppConfig


class ReviewsSiteConfig(AppConfig):
    """The project itself as an app: site-wide commands, checks, templates and the audit trail."""

    name = "reviews_site"
    verbose_name = "Site"

    def ready(self):
        from . import audit, cache, checks  # noqa: F401

        cache.connect_invalidation()
        audit.connect()
