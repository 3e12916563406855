"""Headless Chromium for the end-to-end tests, against pytest-django's live server.

The browser is Debian's /usr/bin/chromium driven by Playwright for Python
(``playwright install`` is never needed). Without it the tests are skipped
with a plain reason; with REQUIRE_BROWSER=1 (CI) a missing Chromium or
axe-core fails the run instead.

Every page a test opens is watched: a request to any other site than the
live server is aborted and reported, and so are console errors such as a
Content-Security-Policy violation, so that a test can assert that none
happened.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still synchronous, so Django's async-safety guard must stand down.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def missing(what):
    """Fail when CI requires the browser tests, skip (saying why) otherwise."""
    if browser_required():
        pytest.fail(f"{what}, and REQUIRE_BROWSER=1 requires the browser tests", pytrace=False)
    pytest.skip(f"{what} — browser tests skipped")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}")
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        # Playwright's event loop now runs in this thread, so Django's connection
        # handler (an asgiref Local) gives the tests new connection objects from
        # here on. They need the serialized test database that lets each
        # live-server test put back the rows migrations made (see below).
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        missing(f"axe-core not found at {AXE.relative_to(BASE_DIR)} (run npm install)")
    return AXE.read_text(encoding="utf-8")


def pytest_collection_modifyitems(items):
    """Live-server tests flush the database; serialized rollback brings back the
    rows migrations made (the Editors group and its permissions) for the next one.

    A marker rather than a fixture: pytest-django decides whether to serialize
    the test database, and whether a test restores it, before any fixture of
    ours runs (its own live-server helper sets the database up first).
    """
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@dataclass
class Watch:
    """A browser context's pages, and what they did that a test may want to forbid."""

    context: object
    origin: str
    foreign_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    @property
    def csp_violations(self):
        return [text for text in self.console_errors if "Content Security Policy" in text]

    @property
    def foreign(self):
        """Any http(s) or websocket address that is not on the live server."""
        return re.compile(rf"^(?!{re.escape(self.origin)}/)(?:https?|wss?):", re.IGNORECASE)

    def route(self, route):
        """Called for requests that leave the live server only: record, then cut them."""
        self.foreign_requests.append(route.request.url)
        route.abort()

    def dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def new_page(self):
        page = self.context.new_page()
        page.on("dialog", self.dialog)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        return page


@pytest.fixture
def open_context(browser, live_server):
    """``open_context(**options)`` -> a Watch; every request leaving the live server is cut."""
    watches = []

    def open_(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        watch = Watch(context=context, origin=live_server.url.rstrip("/"))
        # Every request passes Playwright's router; only those leaving the server
        # reach Python (a regular expression is matched by the driver, which
        # keeps each page load fast).
        context.route(watch.foreign, watch.route)
        watches.append(watch)
        return watch

    yield open_
    for watch in watches:
        watch.context.close()
