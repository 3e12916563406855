"""A time limit on every statement of a search, so that no query string can hold a worker.

PostgreSQL cancels a statement that runs past ``statement_timeout``; the
search sets it with ``SET LOCAL`` inside its own transaction, so it ends
with the search. SQLite has no such setting: a progress handler, called
every thousand virtual machine steps, interrupts the statement once its
deadline has passed (each statement gets the full limit, counted from its
start). Either way the search raises ``SearchTimedOut``, which the page
answers with a message; any other database error goes on as it was.
``SEARCH_TIME_LIMIT_MS`` sets the limit (0: none). Measurements:
docs/search-limits.md.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# SQLite virtual machine steps between two looks at the clock (well under a millisecond).
PROGRESS_STEPS = 1_000


class SearchTimedOut(Exception):
    """A search statement ran past SEARCH_TIME_LIMIT_MS and was stopped."""


@contextmanager
def time_limit(using=DEFAULT_DB_ALIAS):
    """Stop any statement run inside the block after SEARCH_TIME_LIMIT_MS milliseconds."""
    milliseconds = int(settings.SEARCH_TIME_LIMIT_MS)
    connection = connections[using]
    if milliseconds <= 0:
        yield
    elif connection.vendor == "postgresql":
        with _postgresql_limit(connection, milliseconds):
            yield
    else:
        with _sqlite_limit(connection, milliseconds):
            yield


@contextmanager
def _postgresql_limit(connection, milliseconds):
    # No savepoint: the search only reads, and in production this is the
    # outermost transaction (a savepoint would add two statements).
    with transaction.atomic(using=connection.alias, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
        try:
            yield
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise SearchTimedOut(f"a search statement ran past {milliseconds} ms") from error
            raise


@contextmanager
def _sqlite_limit(connection, milliseconds):
    state = {"deadline": float("inf"), "expired": False}

    def restart_clock(execute, sql, params, many, context):
        state["deadline"] = time.monotonic() + milliseconds / 1000
        return execute(sql, params, many, context)

    def interrupt_when_late():
        if time.monotonic() > state["deadline"]:
            state["expired"] = True
            return 1  # non-zero: SQLite stops the statement ("interrupted")
        return 0

    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(interrupt_when_late, PROGRESS_STEPS)
    try:
        with connection.execute_wrapper(restart_clock):
            yield
    except OperationalError as error:
        if state["expired"]:
            raise SearchTimedOut(f"a search statement ran past {milliseconds} ms") from error
        raise
    finally:
        raw.set_progress_handler(None, PROGRESS_STEPS)
