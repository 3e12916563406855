from django.apps import AppConfig


class ReviewsSiteConfig(AppConfig):
    """The project itself as an app: site-wide commands, checks, templates and the audit trail."""

    name = "reviews_site"
    verbose_name = "Site"

    def ready(self):
        from django.contrib import admin
        from django.db.backends.signals import connection_created

        from . import audit, cache, checks, login, text  # noqa: F401
        from .api import old_addresses
        from .search import backends, index

        cache.connect_invalidation()
        index.connect()
        connection_created.connect(backends.set_trigram_threshold)
        audit.connect()
        old_addresses.track_old_addresses()
        text.connect_cleaning()
        # The admin's login asks for an authenticator code when two-factor login is on.
        admin.site.login_form = login.AdminLoginForm
