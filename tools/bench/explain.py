"""The query plans behind each page: every query a request runs, explained by the database.

``manage.py benchmark --explain`` requests each page type once (page cache
off), captures its queries and has the database explain them: EXPLAIN
ANALYZE on PostgreSQL (the plan with real row counts and times), EXPLAIN
QUERY PLAN on SQLite. docs/performance.md quotes these plans.
"""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def _plan(sql):
    """The plan of one logged query (its parameters are inlined, quoted by the backend)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) {sql}")
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[3] for row in cursor.fetchall()]


def explain_pages(urls, write):
    """Write each page's queries, with the time each took and its plan."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, url in urls.items():
            client.get(url)  # warm the connection and the caches of the database
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = list(captured.captured_queries)
            write(f"\n## {name}: {url} ({len(queries)} queries)\n")
            for number, query in enumerate(queries, start=1):
                sql = query["sql"]
                write(f"\n### Query {number} ({query['time']} s)\n\n{sql}\n")
                write("\n".join(_plan(sql)) + "\n")
