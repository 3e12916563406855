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
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent

# The production variables, as the README documents them. The check does not
# connect to the database or to Redis, so the addresses need not be live.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "reviews.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://reviews.example.com",
    "DJANGO_BEHIND_PROXY": "true",
    "DJANGO_HSTS_PRELOAD": "true",
    "DATABASE_URL": "postgres://reviews@127.0.0.1:5432/reviews",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
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


def check_deploy(environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_production_environment():
    result = check_deploy(PRODUCTION_ENV)

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
