from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        from . import revisions, signals, staged  # noqa: F401
        from .old_addresses import track_old_addresses

        track_old_addresses()
