"""One database per data size, built from scratch by ``manage.py`` in child processes.

SQLite databases are files in the work directory; with ``--database-url``
each data size gets its own PostgreSQL database named after the one given
(``bench`` becomes ``bench_fixtures`` and ``bench_large``). The children run
with production settings (debug off, the manifest static storage) and the
benchmark's reference view switched on.
"""

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

FIXTURES = ["fixtures/catalog.json", "fixtures/writeups.json"]


@dataclass(frozen=True)
class DataSet:
    name: str  # "fixtures", or the synthetic scale added to them
    scale: str | None
    url: str


def data_sets(scale, database_url, workdir):
    def url_for(name):
        if not database_url:
            return f"sqlite:///{Path(workdir, f'{name}.sqlite3').resolve()}"
        parts = urlsplit(database_url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{name}"))

    return [DataSet("fixtures", None, url_for("fixtures")), DataSet(scale, scale, url_for(scale))]


def child_environment(workdir, **extra):
    """Production-like settings for the child processes, whatever this process runs with."""
    return {
        "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(Path(workdir, "static").resolve()),
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCHMARK_VIEWS": "true",
        "REDIS_URL": "",
        **extra,
    }


def manage(arguments, environment, *, capture=False):
    """Run ``manage.py`` with ``arguments`` in a child process; return its output if captured."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, **environment},
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    return result.stdout


def _recreate(url):
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(parts.path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(data_set, environment, workdir, *, seed, reuse, log):
    """Migrate, load the fixtures, add the synthetic data; return the seconds it took to add.

    With ``reuse``, a database built before with the same recipe is only
    migrated (which adds any new index) and the generation time is None.
    """
    marker = Path(workdir, f"{data_set.name}.built.json")
    recipe = {"url": data_set.url, "scale": data_set.scale, "seed": seed}
    environment = {**environment, "DATABASE_URL": data_set.url}
    if reuse and marker.exists() and json.loads(marker.read_text()) == recipe:
        log(f"Reusing the {data_set.name} database; migrating it.")
        manage(["migrate", "--no-input", "-v0"], environment)
        return None
    marker.unlink(missing_ok=True)
    log(f"Building the {data_set.name} database ({data_set.url}).")
    _recreate(data_set.url)
    manage(["migrate", "--no-input", "-v0"], environment)
    manage(["loaddata", "-v0", *FIXTURES], environment)
    seconds = None
    if data_set.scale:
        started = time.perf_counter()
        manage(
            ["generate_synthetic", "--scale", data_set.scale, "--seed", str(seed)],
            environment,
            capture=True,
        )
        seconds = time.perf_counter() - started
        log(f"  synthetic {data_set.scale} data set generated in {seconds:.0f} s")
    marker.write_text(json.dumps(recipe))
    return seconds
