from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from reviews_site import old_slugs

        from . import revisions, signals  # noqa: F401
        from .models import Person, Show, Song

        # Old addresses of these pages answer 301 to the current ones.
        old_slugs.track(Show, routes=("catalog:show_detail", "catalog:episode_detail"))
        old_slugs.track(Person, routes=("catalog:person_detail",))
        old_slugs.track(Song, routes=("catalog:song_detail",))
