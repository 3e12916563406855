"""Write the write-up search index again from the write-ups and their tags."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from reviews_site import cache
from reviews_site.search import name_index
from reviews_site.search.index import index_writeups


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes from the data: write-ups (PostgreSQL's search_document, "
        "SQLite's FTS5 table) and, on SQLite, the catalog's name trigram tables and their "
        "triggers. Safe to run at any time, and again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        index_writeups(using=database)
        name_index.ensure_triggers(connections[database], refill=True)
        cache.invalidate()  # search result pages may change
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
