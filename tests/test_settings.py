"""Production settings refuse to start without their secrets, and are strict when they do."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "showbible.example",
}


def import_settings(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", **overrides}
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, "
        "settings.SESSION_COOKIE_SECURE, [str(v) for v in settings.SECURE_CSP['default-src']])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("missing", "present"),
    [
        ("DJANGO_SECRET_KEY", {"DJANGO_ALLOWED_HOSTS": "showbible.example"}),
        ("DJANGO_ALLOWED_HOSTS", {"DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"]}),
    ],
)
def test_production_refuses_to_start_without_a_secret(missing, present):
    result = import_settings(**present)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr.strip().splitlines()[-1]


def test_production_starts_strict_when_secrets_are_set():
    result = import_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "31536000", "True", "True", """["'none'"]"""]


def test_debug_starts_without_secrets():
    result = import_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.django_db
def test_postgresql_connections_plan_for_a_catalogue_held_in_memory():
    """Index lookups priced as in memory, no JIT: otherwise a large catalogue's pages get
    sequential scans and JIT compilation (EXPLAIN ANALYZE at 100k episodes)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL planner settings")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost'), current_setting('jit')")
        assert cursor.fetchone() == ("1.1", "off")
