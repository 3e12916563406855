import mimetypes

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from reviews_site import old_slugs

        # Python 3.11 knows .webp only from the system's mime.types, which a slim
        # image may lack: the media view and object storage would say octet-stream.
        mimetypes.add_type("image/webp", ".webp")

        from . import revisions, signals  # noqa: F401
        from .models import Person, Show, Song

        # Old addresses of these pages answer 301 to the current ones.
        old_slugs.track(Show, routes=("catalog:show_detail", "catalog:episode_detail"))
        old_slugs.track(Person, routes=("catalog:person_detail",))
        old_slugs.track(Song, routes=("catalog:song_detail",))
