"""Time the worst searches and every sitemap page in-process, uncached; print a Markdown table.

The queries are the short and common ones that cost most at the large data
set: every single letter, two-letter pieces of the synthetic names, and the
words the synthetic write-ups use most (tools/synthetic/vocabulary.py), and words
found nowhere (every index read for nothing).
Method and results: docs/search-limits.md.
"""

import os
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews_site.sitemaps import SITEMAPS

SINGLE_LETTERS = [*"abcdefghijklmnopqrstuvwxyz", "김", "사"]
TWO_LETTERS = ["oo", "an", "in", "ju", "ch", "ee", "eo", "se", "ha", "ki", "le", "yu", "th", "ng"]
COMMON_WORDS = ["the", "episode", "drama", "lead", "chemistry", "soundtrack", "finale", "kim",
                "lee", "park", "love", "season", "kim min"]  # fmt: skip
# Words no name or write-up holds: every index (or table) is read to find nothing.
RARE_WORDS = ["xyzzy", "quokka", "zeppelin"]
KINDS = ["shows", "people", "characters", "songs", "writeups"]


class Command(BaseCommand):
    help = (
        "Time the worst short and common searches (overview and one-kind pages) and every "
        "sitemap page, in-process with the page cache off; print Markdown tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="Requests per address.")
        parser.add_argument(
            "--groups",
            default="single,two,common,rare,sitemaps",
            help="Comma-separated: single, two, common, rare, sitemaps.",
        )
        parser.add_argument("--kinds", action="store_true", help="Also each one-kind page.")

    def handle(self, *args, repeat, groups, kinds, **options):
        groups = set(groups.split(","))
        client = Client(HTTP_HOST="localhost", secure=True)
        with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False):
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            self.stdout.write(
                f"database: {connection.vendor}, {repeat} requests per address, "
                f"load average {load}\n"
            )
            self.stdout.write("| group | address | status | queries | min ms | median ms |")
            self.stdout.write("|---|---|---|---|---|---|")
            search = reverse("reviews:search")
            for group, queries in (
                ("single", SINGLE_LETTERS),
                ("two", TWO_LETTERS),
                ("common", COMMON_WORDS),
                ("rare", RARE_WORDS),
            ):
                if group not in groups:
                    continue
                for query in queries:
                    urls = [(search, {"q": query})]
                    if kinds:
                        urls += [(search, {"q": query, "type": kind}) for kind in KINDS]
                    for url, params in urls:
                        self.row(client, group, url, params, repeat)
            if "sitemaps" in groups:
                for url in self.sitemap_urls(client):
                    self.row(client, "sitemap", url, {}, repeat)

    def sitemap_urls(self, client):
        """The index, and the first, second and last page of every section."""
        urls = [reverse("sitemap")]
        for section in SITEMAPS:
            pages = SITEMAPS[section]().paginator.num_pages
            address = reverse("sitemap_section", args=[section])
            urls += [address] + [f"{address}?p={n}" for n in sorted({2, pages}) if 1 < n <= pages]
        return urls

    def row(self, client, group, url, params, repeat):
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - start) * 1000)
        shown = url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        self.stdout.write(
            f"| {group} | `{shown}` | {response.status_code} | {len(queries)} "
            f"| {min(timings):.0f} | {statistics.median(timings):.0f} |"
        )
        self.stdout.flush()
