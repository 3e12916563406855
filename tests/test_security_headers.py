"""Every URL the site names answers with the production security headers and safe cookies.

The security settings are read from ``reviews_site.settings`` imported in a
subprocess with the production environment (tests.test_deploy_checks), so
the test sees what a deployment gets, not the relaxed test settings. Only
SECURE_SSL_REDIRECT is turned off, and requests are made over HTTPS
(``secure=True``) so that HSTS is sent.

The URL patterns are walked from ``reviews_site.urls``: a new public URL
without arguments known here fails ``test_every_public_url_name_is_covered``
until it is added to ``public_url_kwargs``.
"""

import json
import subprocess
import sys

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews_site.sitemaps import SITEMAPS

from .factories import make_author, make_credit, make_episode, make_show, make_song, make_writeup
from .test_deploy_checks import BASE_DIR, PRODUCTION_ENV, clean_environment

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CROSS_ORIGIN_RESOURCE_POLICY",
    "PERMISSIONS_POLICY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "DEBUG",
]

_READ_SETTINGS = f"""
import json
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))
"""


def read_production_settings():
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {_READ_SETTINGS}"],
        cwd=BASE_DIR,
        env=clean_environment(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def production_settings():
    return read_production_settings()


class HttpsClient(Client):
    """A test client whose every request is made over HTTPS."""

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


@pytest.fixture
def https(settings, production_settings):
    """A client over HTTPS against the production security settings."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = False
    return HttpsClient()


@pytest.fixture
def site_data():
    """One of everything a public URL can name, with the keyword arguments to reach it."""
    author = make_author(slug="oppa")
    writeup = make_writeup(slug="a-review", authors=[author], tags=["romance"])
    show = writeup.show
    episode = make_episode(show=show, number=1)
    credit = make_credit(show=show)
    song = make_song(show=show, performers=[credit.person])
    return {
        "home": [{}],
        "reviews:writeup_list": [{}],
        "reviews:writeup_detail": [{"slug": writeup.slug}],
        "reviews:tag_detail": [{"slug": "romance"}],
        "reviews:author_detail": [{"slug": author.slug}],
        "reviews:search": [{}],
        "reviews:feed_latest": [{}],
        "reviews:feed_tag": [{"slug": "romance"}],
        "reviews:feed_show": [{"slug": show.slug}],
        "catalog:show_list": [{}],
        "catalog:show_detail": [{"slug": show.slug}],
        "catalog:episode_detail": [{"slug": show.slug, "number": episode.number}],
        "catalog:person_list": [{}],
        "catalog:person_detail": [{"slug": credit.person.slug}],
        "catalog:song_list": [{}],
        "catalog:song_detail": [{"slug": song.slug}],
        "catalog:names_json": [{}],
        "catalog:names_csv": [{}],
        "robots_txt": [{}],
        "healthz": [{}],
        "sitemap": [{}],
        "sitemap_section": [{"section": section} for section in SITEMAPS],
        "api:root": [{}],
        "api:schema": [{}],
        "api:show_list": [{}],
        "api:show_detail": [{"slug": show.slug}],
        "api:person_list": [{}],
        "api:person_detail": [{"slug": credit.person.slug}],
        "api:song_list": [{}],
        "api:song_detail": [{"slug": song.slug}],
        "api:writeup_list": [{}],
        "api:writeup_detail": [{"slug": writeup.slug}],
        "api:tag_list": [{}],
        "api:tag_detail": [{"slug": "romance"}],
        "api:search": [{}],
    }


def named_patterns(resolver=None, prefix=""):
    """(namespaced name, pattern) for every named URL pattern under ``resolver``."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from named_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def arguments(pattern):
    """Whether the pattern takes arguments, named or (django-reversion's) positional."""
    return bool(getattr(pattern.pattern, "converters", {})) or pattern.pattern.regex.groups > 0


# Addresses a form posts to, not pages: tested below on their own.
FORM_TARGETS = {"catalog:show_watched"}
PUBLIC_NAMES = sorted(
    {name for name, _ in named_patterns() if not name.startswith("admin:") and name != "media"}
    - FORM_TARGETS
)
ADMIN_WITHOUT_ARGUMENTS = sorted(
    {name for name, pattern in named_patterns() if name.startswith("admin:")}
    - {name for name, pattern in named_patterns() if arguments(pattern)}
)


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, url):
    headers = response.headers
    where = f"{url} ({response.status_code})"
    assert headers.get("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    ), where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", where
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Cross-Origin-Resource-Policy") == "same-origin", where
    permissions = dict(
        feature.strip().split("=", 1) for feature in headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions.get(feature) == "()", f"{feature} allowed on {where}"
    assert "Content-Security-Policy" in headers, where
    policy = parse_csp(headers["Content-Security-Policy"])
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts == ["'self'"], f"script-src {scripts} on {where}"
    assert policy["default-src"] == ["'self'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["form-action"] == ["'self'"], where
    for directive, sources in policy.items():
        assert "'unsafe-eval'" not in sources, f"{directive} allows eval on {where}"
        assert not any(source.startswith(("http:", "https:", "*")) for source in sources), (
            f"{directive} allows another site on {where}"
        )


def test_production_policy_keeps_scripts_strict(production_settings):
    directives = production_settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert production_settings["DEBUG"] is False
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("script-src-attr", [])
    assert "'unsafe-inline'" not in directives.get("script-src-elem", [])


def test_every_public_url_name_is_covered(site_data):
    """A URL added without arguments here would otherwise skip every header check."""
    assert set(PUBLIC_NAMES) == set(site_data)


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_public_url_sends_the_security_headers(https, site_data, name):
    for kwargs in site_data[name]:
        url = reverse(name, kwargs=kwargs)
        response = https.get(url)

        assert response.status_code == 200, url
        assert_security_headers(response, url)


def test_static_files_and_stored_pages_send_the_security_headers(https, site_data):
    """Responses made before a view runs: WhiteNoise's static files, pages from the cache."""
    for url in ("/static/css/site.css", "/", "/"):
        response = https.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)


def test_anonymous_pages_set_no_cookie(https, site_data):
    """Readers get no session or CSRF cookie, so shared caches may keep the pages."""
    for name in PUBLIC_NAMES:
        for kwargs in site_data[name]:
            url = reverse(name, kwargs=kwargs)
            assert not https.get(url).cookies, url


def test_the_watched_progress_form_target_sends_the_security_headers(https):
    show = make_show(episode_count=4)
    url = reverse("catalog:show_watched", kwargs={"slug": show.slug})

    response = https.post(url, {"episode": "2"})

    assert response.status_code in (302, 303)
    assert_security_headers(response, url)
    assert set(response.cookies) == {f"watched-{show.pk}"}  # the reader's progress, nothing else


@pytest.mark.parametrize(
    ("url", "status"),
    [("/no-such-page/", 404), ("/shows/no-such-show/", 404), ("/shows/?year=%00", 400)],
)
def test_error_pages_send_the_security_headers(https, url, status):
    response = https.get(url)

    assert response.status_code == status
    assert_security_headers(response, url)


def test_admin_login_page_sends_the_headers_and_a_locked_down_csrf_cookie(https):
    url = reverse("admin:login")
    response = https.get(url)

    assert response.status_code == 200
    assert_security_headers(response, url)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_signing_in_sets_a_secure_http_only_same_site_session_cookie(https):
    User.objects.create_user("editor", password="a long pass phrase", is_staff=True)
    https.get(reverse("admin:login"))

    response = https.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a long pass phrase", "next": "/admin/"},
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_every_admin_page_an_editor_opens_sends_the_security_headers(https, site_data):
    """Admin pages without arguments, each app's index, and the change, delete and
    history pages of every registered model that has a row in the dataset."""
    https.force_login(User.objects.create_superuser("chief", password="a long pass phrase"))
    # The autocomplete view answers 403 unless it is told which field asks.
    queries = {"admin:autocomplete": "?app_label=catalog&model_name=credit&field_name=person"}
    urls = [reverse(name) + queries.get(name, "") for name in ADMIN_WITHOUT_ARGUMENTS]
    labels = {model._meta.app_label for model in admin.site._registry}
    urls += [reverse("admin:app_list", args=[label]) for label in sorted(labels)]
    with_rows = 0
    for model in admin.site._registry:
        row = model._default_manager.first()
        if row is None:
            continue
        with_rows += 1
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [
            reverse(f"{prefix}_{page}", args=[row.pk]) for page in ("change", "delete", "history")
        ]
    assert with_rows >= 10
    # django-axes writes its logs itself: its admin refuses to add one (403).
    refused = {
        reverse(f"admin:axes_{model._meta.model_name}_add")
        for model in admin.site._registry
        if model._meta.app_label == "axes"
    }

    # The trash has no add page: nobody adds to it but by deleting a write-up.
    request = https.get(reverse("admin:index")).wsgi_request
    refused = {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model, model_admin in admin.site._registry.items()
        if not model_admin.has_add_permission(request)
    }
    for url in urls:
        response = https.get(url)
        expected = (403,) if url in refused else (200, 302, 405)  # 405: GET on the logout view
        assert response.status_code in expected, url
        assert_security_headers(response, url)
