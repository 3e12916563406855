"""Backup, wipe, restore: the same content, tags, versions, audit trail and media.

The README's command pair runs as an operator would, each command in a
process of its own against a scratch site (its own database, media folder and
backup folder): content is made, ``backup_site`` runs, the database and the
media are wiped, a freshly migrated empty database takes their place, and
``restore_site`` must bring everything back. On SQLite every run does this;
on PostgreSQL (the suite run with DATABASE_URL=postgres://...) it uses scratch
databases named after the test database.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)

# Made in the scratch site: a poster upload, a write-up with tags, a score, a
# byline and two versions by an editor, and an admin history entry.
CREATE_CONTENT = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from reviews_site.revisions import revision
from tests.factories import make_author, make_show, make_writeup
from tests.image_files import image_bytes

editor = User.objects.create_user("jisoo", is_staff=True)
show = make_show(title="Soundtrack #1", slug="soundtrack-1")
show.poster.save("poster.png", ContentFile(image_bytes("PNG")))
with revision(editor, "Added."):
    writeup = make_writeup(
        show=show, slug="backed-up", body="The first text.", tags=["romance", "slow burn"],
        scores=[("Story", 8, 10)], authors=[make_author(name="Min")],
    )
with revision(editor, "Changed Body."):
    writeup.body = "The corrected text."
    writeup.save()
LogEntry.objects.log_actions(editor.pk, [writeup], CHANGE, "Changed Body.", single_object=True)
"""

# What the site holds, as JSON, read the same way before the backup and after the restore.
DESCRIBE = """
import json
from reversion.models import Version
from catalog.models import Show
from reviews.models import WriteUp
from reviews_site.models import AuditEntry

writeup = WriteUp.objects.get(slug="backed-up")
show = Show.objects.get(slug="soundtrack-1")
print(json.dumps({
    "writeup": [writeup.title, writeup.body, writeup.body_html, str(writeup.rating)],
    "tags": sorted(writeup.tags.names()),
    "scores": [[s.label, str(s.value), str(s.scale)] for s in writeup.scores.all()],
    "bylines": [b.author.name for b in writeup.bylines.all()],
    "versions": [
        [v.revision.comment, v.revision.signature.user_name, v.field_dict["body"]]
        for v in Version.objects.get_for_object(writeup).order_by("pk")
    ],
    "audit": [[a.user_name, a.object_repr, a.change_message] for a in AuditEntry.objects.all()],
    "poster": [show.poster.name, show.poster_width, show.poster_height],
    "search": list(WriteUp.objects.filter(pk__in=[writeup.pk]).values_list("slug", flat=True)),
}))
"""


class ScratchSite:
    """A site of its own: a database URL, a media folder and a backup folder."""

    def __init__(self, folder, database_url):
        self.media = folder / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings_test",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(self.media),
            "DJANGO_BACKUP_DIR": str(folder / "backups"),
        }
        self.env.pop("REDIS_URL", None)

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def describe(self):
        return json.loads(self.manage("shell", "--no-imports", "-c", DESCRIBE))

    def media_files(self):
        return {
            str(path.relative_to(self.media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }


def round_trip(site, make_empty_database):
    """Make content, back up, wipe, restore into an empty migrated database; compare."""
    make_empty_database()
    site.manage("shell", "--no-imports", "-c", CREATE_CONTENT)
    before, media_before = site.describe(), site.media_files()
    assert before["tags"] == ["romance", "slow burn"]
    assert [comment for comment, *_ in before["versions"]] == ["Added.", "Changed Body."]
    assert any(name.startswith("posters/") for name in media_before)

    output = site.manage("backup_site")
    assert "Backed up to" in output

    shutil.rmtree(site.media)
    make_empty_database()  # the wipe: a new, migrated, empty database
    count = "from reviews.models import WriteUp; print(WriteUp.objects.count())"
    assert site.manage("shell", "--no-imports", "-c", count).strip() == "0"

    site.manage("restore_site", "--noinput")

    assert site.describe() == before
    assert site.media_files() == media_before


def test_backup_wipe_and_restore_on_sqlite(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    database = tmp_path / "site.sqlite3"
    site = ScratchSite(tmp_path, f"sqlite:///{database}")
    ScratchSite(tmp_path, f"sqlite:///{empty}").manage("migrate", "--no-input")

    def make_empty_database():
        for leftover in tmp_path.glob("site.sqlite3*"):
            leftover.unlink()
        shutil.copyfile(empty, database)

    round_trip(site, make_empty_database)


@pytest.mark.postgres
def test_backup_wipe_and_restore_on_postgresql(tmp_path):
    server = settings.DATABASES["default"]
    if server["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://...)")
    import psycopg

    base = server.get("TEST", {}).get("NAME") or f"test_{server['NAME']}"
    empty, name = f"{base}_backup_empty", f"{base}_backup_site"
    credentials = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
    address = f"postgres://{credentials}@{server['HOST'] or 'localhost'}:{server['PORT'] or 5432}"
    maintenance = psycopg.connect(f"{address}/postgres", autocommit=True)

    def recreate(database, template=None):
        maintenance.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        maintenance.execute(
            f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else "")
        )

    try:
        recreate(empty)
        ScratchSite(tmp_path, f"{address}/{empty}").manage("migrate", "--no-input")
        round_trip(ScratchSite(tmp_path, f"{address}/{name}"), lambda: recreate(name, empty))
    finally:
        for database in (name, empty):
            maintenance.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        maintenance.close()
