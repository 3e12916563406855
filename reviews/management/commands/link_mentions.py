"""Link the catalog names in every write-up's body again (docs/mentions.md)."""

from django.core.management.base import BaseCommand

from reviews.mentions import load_catalog, relink
from reviews.models import WriteUp


class Command(BaseCommand):
    help = (
        "Render every write-up's body again, linking the catalog's people, shows, songs and "
        "characters as the catalog is now; links editors switched off stay off. Safe to run "
        "again (make setup runs it); run it after adding or renaming catalog rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these write-ups (by slug).")

    def handle(self, *args, slugs=(), **options):
        writeups = WriteUp.objects.order_by("pk")
        if slugs:
            writeups = writeups.filter(slug__in=slugs)
        catalogs, count, links = {}, 0, 0
        for writeup in writeups.iterator(chunk_size=100):
            if writeup.show_id not in catalogs:
                catalogs[writeup.show_id] = load_catalog(writeup.show_id)
            mentions = relink(writeup, catalogs[writeup.show_id])
            count += 1
            links += sum(1 for mention in mentions if mention["enabled"])
        self.stdout.write(f"Linked {links} mentions in {count} write-ups.")
