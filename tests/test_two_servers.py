"""Two app servers, one site (issue 17, part 2).

Two gunicorn instances on different ports share one PostgreSQL database, one
Redis and one object store (moto's S3 server), as production servers behind a
load balancer do. Through their HTTP surface only: a staff session made on one
is valid on the other, an edit saved through one is served by the other at once
(not a page cached before it), and an image uploaded through one is served to the
other's readers. PostgreSQL suite only (``make test-all``, CI): on SQLite it skips.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack, closing
from html import unescape
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from tests import s3_server
from tests.image_files import image_bytes
from tests.redis_servers import REDIS_URL, redis_answers

BASE_DIR = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = secrets.token_urlsafe(16)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(django_db_blocker, tmp_path_factory):
    """The shared services and two servers: yields (url_a, url_b, cache key prefix)."""
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL: run with DATABASE_URL=postgres://…")
    if not redis_answers():
        pytest.skip(f"two app servers share one Redis: none answers at {REDIS_URL}")
    work = tmp_path_factory.mktemp("two-servers")
    database = f"two_servers_{uuid.uuid4().hex[:10]}"
    params = connection.get_connection_params()
    server_url = (
        f"postgres://{params.get('user') or 'postgres'}@{params.get('host') or '127.0.0.1'}:"
        f"{params.get('port') or 5432}"
    )
    with ExitStack() as stack:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        stack.callback(_drop_database, server_url, database)
        endpoint = stack.enter_context(s3_server.s3_server())
        prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
        stack.callback(_forget_keys, prefix)
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),  # the same on both: shared sessions
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"{server_url}/{database}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "PAGE_CACHE_SECONDS": "300",
            **s3_server.environment(endpoint, s3_server.make_bucket(endpoint)),
        }
        manage = [PYTHON, str(BASE_DIR / "manage.py")]
        for command in (["migrate", "-v", "0"], ["load_launch_content", "-v", "0"]):
            subprocess.run([*manage, *command], env=env, cwd=BASE_DIR, check=True)
        subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
        create_editor = (
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')"
        )
        subprocess.run([*manage, "shell", "-c", create_editor], env=env, check=True)
        urls = [stack.enter_context(_gunicorn(env, work, name)) for name in ("a", "b")]
        yield (*urls, prefix)


def _drop_database(server_url, database):
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _forget_keys(prefix):
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


class _gunicorn:
    def __init__(self, env, work, name):
        self.port = _free_port()
        self.command = [
            *(GUNICORN, "reviews_site.wsgi", "--workers", "2", "--timeout", "30"),
            *("--bind", f"127.0.0.1:{self.port}"),
            *("--control-socket", str(work / f"gunicorn-{name}.ctl")),  # one each
        ]
        self.env, self.log = env, work / f"gunicorn-{name}.log"

    def __enter__(self):
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
                return url
            except OSError:  # refused, reset or timed out while it starts
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    pytest.fail(f"gunicorn did not start: {self.log.read_text()[-2000:]}")
                time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=15)


class Browser:
    """Cookies and forms over plain HTTP, as a browser sends them."""

    def __init__(self, cookies=None):
        self.cookies = cookies or CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=15) as response:
            return response.status, response.read().decode()

    def post(self, url, fields, files=(), referer=None):
        boundary = uuid.uuid4().hex
        body = b""
        for name, value in fields:
            body += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
        for name, filename, data in files:
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
                + data
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", referer or url)
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.url, response.read().decode()


class _Form(HTMLParser):
    """The fields a browser would submit from the form with ``form_id``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None
        self.select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "file", "button", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = _Form(form_id)
    parser.feed(html)
    return [(name, value.removeprefix("\n")) for name, value in parser.fields]


def log_in(browser, url):
    _, page = browser.get(f"{url}/admin/login/?next=/admin/")
    fields = dict(form_fields(page, "login-form"))
    fields.update(username="editor", password=PASSWORD)
    _, landed, page = browser.post(
        f"{url}/admin/login/?next=/admin/", fields.items(), referer=f"{url}/admin/login/"
    )
    assert landed == f"{url}/admin/", page[-2000:]


def show_change_url(browser, url, title):
    _, page = browser.get(f"{url}/admin/catalog/show/?q={urllib.parse.quote(title)}")
    path = re.search(r'href="(/admin/catalog/show/\d+/change/)[^"]*"', page).group(1)
    return f"{url}{path}"


def test_session_edit_and_image_made_on_one_server_are_served_by_the_other(site):
    url_a, url_b, prefix = site
    editor = Browser()
    log_in(editor, url_a)

    # The session made on A is valid on B.
    on_b = Browser(editor.cookies)
    status, page = on_b.get(f"{url_b}/admin/")
    assert status == 200
    assert 'id="logout-form"' in page and "login-form" not in page

    # A reader's page, stored in the shared cache by B.
    reader = Browser()
    change = show_change_url(editor, url_a, "Soundtrack")
    _, form_page = editor.get(change)
    fields = form_fields(form_page, "show_form")
    show_path = re.search(r'href="(/shows/[^"/]+/)"[^>]*>View on site', form_page)
    show_path = show_path.group(1) if show_path else None
    if show_path is None:
        slug = dict(fields)["slug"]
        show_path = f"/shows/{slug}/"
    _, before = reader.get(f"{url_b}{show_path}")
    reader.get(f"{url_b}{show_path}")
    assert any(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}*"))
    assert "Edited through server A" not in before

    # An edit with a new poster, saved through A.
    title = "Soundtrack #1 (Edited through server A)"
    fields = [(name, title if name == "title" else value) for name, value in fields]
    poster = ("poster", "poster.png", image_bytes("PNG", size=(640, 960)))
    _, _, page = editor.post(change, [*fields, ("_continue", "1")], files=[poster])
    assert "errornote" not in page, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', page)
    assert "was changed successfully" in page

    # B serves the edit at once, and the poster from the shared object store.
    _, after = reader.get(f"{url_b}{show_path}")
    assert unescape(title) in unescape(after)
    # The WebP <source> first, then the JPEG <img>: both from the shared store.
    sources = re.findall(r'srcset="([^"]+)"', after)[:2]
    for srcset, (content_type, magic) in zip(
        sources, [("image/webp", b"RIFF"), ("image/jpeg", b"\xff\xd8\xff")], strict=True
    ):
        image_url = unescape(srcset.split(", ")[0].rsplit(" ", 1)[0])
        with urllib.request.urlopen(image_url, timeout=10) as image:
            assert image.status == 200
            assert image.headers["Content-Type"] == content_type
            assert image.read(len(magic)) == magic
