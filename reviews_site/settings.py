"""Settings for the K-drama review site, read from the environment.

Every setting a deployment may change is an environment variable; the README
lists each one with its default. The defaults give a safe local run on SQLite.
With debug off the settings are strict: there is no fallback secret key.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# A development key is only ever used with DEBUG on; production must bring its own.
_DEV_SECRET_KEY = "django-insecure-local-development-only-never-deploy-this-key"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Applications ---------------------------------------------------------------

INSTALLED_APPS = [
    # django.contrib.admin, with "Your preferences" on its site (reviews_site/admin_site.py).
    "reviews_site.admin_site.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "reversion_compare",
    "dbbackup",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "reviews_site",
    "catalog",
    "reviews",
]

# The header middleware sits at the top, so that a response made further down
# without reaching a view (a refused NUL byte, a cached page) still carries
# the clickjacking and content security headers.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so that cached API answers carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "reviews_site.middleware.PolicyHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "reviews_site.middleware.RejectNulBytesMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous pages from the cache, before sessions and users cost anything;
    # after ConditionalGet, which answers If-None-Match on a hit with 304.
    "reviews_site.middleware.PageCacheMiddleware",
    "reviews_site.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A staff user's own time zone (the admin, previews); readers skip it.
    "reviews_site.time_zones.EditorTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a refused login into the lockout page; does nothing on other requests.
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the views' 404s, and the user (a preview of a draft).
    "reviews_site.old_slugs.OldSlugRedirectMiddleware",
]

ROOT_URLCONF = "reviews_site.urls"
WSGI_APPLICATION = "reviews_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews_site.context_processors.site",
            ],
        },
    },
]

# Database -------------------------------------------------------------------
# DATABASE_URL picks the database; without it the site runs on an SQLite file.

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout waits out a busy writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Kept between requests like PostgreSQL's: a new SQLite connection reads the
    # whole schema on its first query, ~2.5 ms a page (docs/performance.md).
    # restore_site replaces the file, and is run with the site stopped.
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ------------------------------------------------------------------------
# Local memory by default; Redis when REDIS_URL (or CACHE_URL) is set (needed with several
# worker processes, so that an edit invalidates cached pages in all of them).

REDIS_URL = os.environ.get("REDIS_URL", "") or os.environ.get("CACHE_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "CACHE_URL must be a Redis URL (redis://host:6379/0); leave it unset for local memory."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache for which Redis down, silent (0.25 s to connect, 0.5 s to
            # answer) or full is a miss, logged once a minute: the cache is never a dependency.
            "BACKEND": "reviews_site.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kdrama"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kdrama-reviews",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Authentication ------------------------------------------------------------------

# Sessions live in the database (Django's default, said here on purpose): signing in
# and saving must keep working while the cache is away.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login goes when its ``next`` is missing or points off the site
# (Django's default, /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes, reviews_site.login): after AXES_FAILURE_LIMIT
# failed logins for one user name, or from one address, both are refused for
# the cool-off period. Attempts are kept in the database, not the cache, so
# the throttle holds while the cache is down.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Lockouts are still logged; this only drops axes' banner on every command and worker start.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reviews_site.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "reviews_site.login.client_ip"
# Two-factor login for staff (django-otp): the admin login asks for the code of
# a confirmed TOTP device when the user has one.
ADMIN_2FA = env_bool("DJANGO_ADMIN_2FA", default=False)

# Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Seoul")
# English only: no translation machinery on every reverse() and date (docs/performance.md).
USE_I18N = False
USE_TZ = True

# Static and media files ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Serve uploaded media through Django itself (single-box deployments without a
# front web server). Debug mode always serves media.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
# Backups of the database and the media (manage.py backup_site / restore_site).
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR", BASE_DIR / "var" / "backups"))
# dbbackup mails errors to ADMINS by default; the commands report them themselves.
DBBACKUP_SEND_EMAIL = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Where backup_site writes (django-dbbackup); keep a copy off the machine too.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BACKUP_DIR},
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# Media on S3-compatible object storage (django-storages) when MEDIA_S3_BUCKET is
# set: what several app servers need (README, "More than one server"). Readers load
# images from MEDIA_S3_PUBLIC_URL (a CDN or the bucket's public address) or, without
# it, through signed URLs from the endpoint that expire.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
MEDIA_ORIGIN = ""  # where images come from when not from this site (Content-Security-Policy)
if MEDIA_S3_BUCKET:
    from botocore.config import Config as _S3ClientConfig

    _public_url = urlsplit(os.environ.get("MEDIA_S3_PUBLIC_URL", ""))
    _endpoint = os.environ.get("MEDIA_S3_ENDPOINT_URL", "")
    _region = os.environ.get("MEDIA_S3_REGION", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
            # A public URL: plain links; otherwise links signed for an hour.
            "custom_domain": (_public_url.netloc + _public_url.path.rstrip("/")) or None,
            "url_protocol": f"{_public_url.scheme or 'https'}:",
            "querystring_auth": not _public_url.netloc,
            "querystring_expire": env_int("MEDIA_S3_SIGNED_URL_SECONDS", 3600),
            # Never replace an object: a name taken gets a suffix, as on a disk.
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
            # A store that does not answer is a form error within seconds, not a hung worker.
            "client_config": _S3ClientConfig(
                connect_timeout=3, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
    if _public_url.netloc:
        MEDIA_ORIGIN = f"{_public_url.scheme or 'https'}://{_public_url.netloc}"
    elif _endpoint:
        _origin = urlsplit(_endpoint)
        virtual_host = os.environ.get("MEDIA_S3_ADDRESSING_STYLE") == "virtual"
        host = f"{MEDIA_S3_BUCKET}.{_origin.netloc}" if virtual_host else _origin.netloc
        MEDIA_ORIGIN = f"{_origin.scheme}://{host}"
    else:  # AWS itself
        MEDIA_ORIGIN = f"https://{MEDIA_S3_BUCKET}.s3.{_region or 'us-east-1'}.amazonaws.com"

# Uploads: a hard cap on request bodies and on images editors upload.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)

# Site ----------------------------------------------------------------------------

SITE_NAME = os.environ.get("SITE_NAME", "Second Lead")
SITE_TAGLINE = "K-drama reviews, episode recaps and features"
# The name authenticator apps show next to the editors' two-factor codes.
OTP_TOTP_ISSUER = SITE_NAME
# How long anonymous readers' pages are kept whole (reviews_site.cache); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Longest a search statement may run, in milliseconds, before the search page
# answers "took too long" (reviews_site.search.limits); 0 turns the limit off.
SEARCH_TIME_LIMIT_MS = env_int("SEARCH_TIME_LIMIT_MS", 500)
# Days a write-up stays in the trash before purge_trash deletes it for good.
TRASH_RETENTION_DAYS = env_int("TRASH_RETENTION_DAYS", 30)
if TRASH_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("TRASH_RETENTION_DAYS must be 0 or more days.")
# The benchmark's reference views (tools.bench_views); never on in production.
BENCHMARK_VIEWS = env_bool("BENCHMARK_VIEWS", default=False)
# Developer tooling (tools/: the benchmark, the synthetic data set) is an app only
# where asked for: with debug on, in the tests, and under the benchmark's servers.
DEV_TOOLS = env_bool("DJANGO_DEV_TOOLS", default=DEBUG) or BENCHMARK_VIEWS
if DEV_TOOLS:
    INSTALLED_APPS.append("tools")

# Security --------------------------------------------------------------------------
# Strict whenever debug is off; every value can be relaxed from the environment
# (for example DJANGO_SECURE_SSL_REDIRECT=false behind a proxy that redirects).

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by reviews_site.middleware.PolicyHeadersMiddleware (Django has no setting for
# them): no other site may embed the site's files, and pages may use no device or
# sensor (the site has no use for any).
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script on the site or in the admin reads the CSRF cookie (forms carry the
# token in a hidden field), so page script never needs to see it either.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Opt-in: a preloaded domain is hard to take back off the browsers' lists, so
# production sets DJANGO_HSTS_PRELOAD=true deliberately (check --deploy warns until then).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
# Proxies between the client and the site, each adding an X-Forwarded-For entry
# (reviews_site.login.client_ip reads the client's address from the header).
PROXY_COUNT = max(1, env_int("DJANGO_PROXY_COUNT", 1))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): no inline script anywhere, no
# third-party origin, and the site may not be framed. The admin works under it
# as it is, select2 and inlines included, so style-src needs no 'unsafe-inline'
# either (tests/e2e/test_editor.py fails on any violation Chromium reports).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logging ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"},
    },
}

# Versions ------------------------------------------------------------------------------
# The compare page tells a foreign key changed by its id; without this,
# reversion-compare marks every foreign key changed whenever any field is.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Tags --------------------------------------------------------------------------------

TAGGIT_CASE_INSENSITIVE = True
# The write-up form's tag field: taggit's parsing, with merged tags' names (synonyms)
# giving their tag (reviews.tag_vocabulary).
TAGGIT_TAGS_FROM_STRING = "reviews.tag_vocabulary.parse_tags"

# Read API (reviews_site/api, docs/api.md) ------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Nobody signs in to the API: no session, so no CSRF and no per-user answers.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["reviews_site.api.throttling.AnonymousClientThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "reviews_site.api.pagination.ApiCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Requests an anonymous client may make (per address) that reach the database; answers
# from the page cache are not counted. "<number>/<second|minute|hour|day>".
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Second Lead read API",
    "DESCRIPTION": "Read-only access to the catalog (shows, people, songs), the published "
    "write-ups and their tags. Design and choices: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
}
# CORS: any origin may read the API (GET, HEAD and the preflight OPTIONS); nothing else.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Scripts may send If-None-Match themselves and read the ETag and a 429's Retry-After.
CORS_ALLOW_HEADERS = ["accept", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
