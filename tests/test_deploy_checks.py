"""``manage.py check --deploy`` passes with the production environment and fails in development.

The command runs in a subprocess with exactly the variables the README lists
for production (and nothing inherited from the test run), so that a setting
which only looks right in the test settings cannot hide a deployment warning.
Nothing is silenced: SILENCED_SYSTEM_CHECKS stays empty.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks

from reviews_site import cache_backend

from .redis_servers import REDIS_URL, cache_settings, closed_port, redis_answers

BASE_DIR = Path(__file__).resolve().parent.parent

# The production variables, as the README documents them. The check does not
# connect to the database; it does write to Redis (reviews_site.W002) and to
# the media directory (W003, W004), so the tests that run it point those at a
# live Redis (database 15) and at a directory of their own.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "reviews.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://reviews.example.com",
    "DJANGO_BEHIND_PROXY": "true",
    "DJANGO_HSTS_PRELOAD": "true",
    "DATABASE_URL": "postgres://reviews@127.0.0.1:5432/reviews",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_MEDIA_ROOT": "/var/lib/reviews/media",
}
DEVELOPMENT_ENV = {"DJANGO_DEBUG": "true"}


def clean_environment(**variables):
    """The process environment without any setting the test run made, plus ``variables``."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE", "TEST_DATABASE"))
    }
    return {**kept, "DJANGO_SETTINGS_MODULE": "reviews_site.settings", **variables}


def check_deploy(environment, media_root=None):
    """``check --deploy`` with ``environment``, the test Redis and an existing media directory."""
    environment = {
        **environment,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "DJANGO_MEDIA_ROOT": str(media_root or tempfile.gettempdir()),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis at {REDIS_URL}")
def test_deploy_check_passes_with_the_production_environment(tmp_path):
    result = check_deploy(PRODUCTION_ENV, media_root=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_fails_with_development_settings():
    result = check_deploy(DEVELOPMENT_ENV)

    assert result.returncode != 0
    for warning in ("security.W018", "security.W009", "security.W012", "security.W004"):
        assert warning in result.stderr, result.stderr
    assert "(0 silenced)" in result.stderr


def test_production_without_the_preload_opt_in_is_still_flagged():
    """Preloading is opt-in; forgetting the variable is a warning, not a silent default."""
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_HSTS_PRELOAD"}

    result = check_deploy(environment)

    assert result.returncode != 0
    assert "security.W021" in result.stderr


def test_no_system_check_is_silenced():
    assert settings.SILENCED_SYSTEM_CHECKS == []


def site_deploy_warnings():
    return {
        message.id: message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id.startswith("reviews_site.")
    }


def test_deploy_check_warns_when_the_cache_does_not_answer(settings, monkeypatch, tmp_path):
    """Issue 13, finding 8: check --deploy passed with an unreachable REDIS_URL."""
    monkeypatch.setattr(cache_backend, "_servers", {})
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = cache_settings(f"redis://:secret-word@127.0.0.1:{closed_port()}/0")
    warning = site_deploy_warnings()["reviews_site.W002"]
    assert "does not answer" in warning.msg
    assert f"127.0.0.1:{closed_port()}" in warning.msg
    assert "secret-word" not in warning.msg
    assert "REDIS_URL" in warning.hint


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis at {REDIS_URL}")
def test_deploy_check_is_quiet_about_a_cache_that_answers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = cache_settings(REDIS_URL)
    assert "reviews_site.W002" not in site_deploy_warnings()


def test_deploy_check_warns_when_the_media_directory_is_missing(settings, tmp_path):
    """Issue 13, finding 8: check --deploy passed with a missing media directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    warning = site_deploy_warnings()["reviews_site.W003"]
    assert str(tmp_path / "media") in warning.msg
    assert "DJANGO_MEDIA_ROOT" in warning.hint


def unwritable_directory(tmp_path):
    """A directory this user may not create files in.

    Permission bits stop anyone but root; for root (CI containers), /proc,
    where nobody can create a file, stands in.
    """
    if os.geteuid() == 0:
        return Path("/proc")
    tmp_path.chmod(0o555)
    return tmp_path


def test_deploy_check_warns_when_the_media_directory_is_not_writable(settings, tmp_path):
    settings.MEDIA_ROOT = unwritable_directory(tmp_path)
    try:
        warnings = site_deploy_warnings()
    finally:
        tmp_path.chmod(0o755)
    assert "not writable" in warnings["reviews_site.W004"].msg
    assert "reviews_site.W003" not in warnings


def test_deploy_check_is_quiet_about_a_writable_media_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    warnings = site_deploy_warnings()
    assert "reviews_site.W003" not in warnings
    assert "reviews_site.W004" not in warnings
    assert list(tmp_path.iterdir()) == [], "the check leaves nothing behind"
