"""Test overlay: fast hashing, local-memory cache (Redis when REDIS_URL is set), plain static
storage."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_INSECURE_HTTP", "1")

from config.settings import *  # noqa: E402,F403


def redis_url_for_this_worker(url: str) -> str:
    """REDIS_URL with its database number moved up by the xdist worker's index (gw0, gw1…):
    a worker that clears its cache must not empty another's."""
    base, _, number = url.rstrip("/").rpartition("/")
    if not number.isdecimal():
        base, number = url.rstrip("/"), "0"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"{base}/{(int(number) + int(worker or 0)) % 16}"


# REDIS_URL set (.ci/run's PostgreSQL run): the suite runs on Redis, as production does.
if REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url_for_this_worker(REDIS_URL),  # noqa: F405
            "KEY_PREFIX": "showbible-test",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests see pages as rendered (their query counts included); on_commit never runs inside a
# test's transaction, so a cached page would outlive the test. tests/test_page_cache.py
# turns it on.
PAGE_CACHE_SECONDS = 0
# Every test client shares one address: the API's limit is out of reach unless a test
# (tests/api/test_limits.py) brings it back.
API_RATE_LIMIT = 1_000_000
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Axes needs a request in authenticate(), which Client.login() doesn't pass; the lockout
# tests switch it back on.
AXES_ENABLED = False

# An in-memory SQLite test database is one connection shared by the live server's threads;
# two browser requests at once (a page and an autocomplete call) then misuse it. A file gives
# each thread its own connection; one per process, so parallel runs never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"showbible-test-{os.getpid()}.sqlite3")
    }

# A stand-in read replica: the same test database under a second alias. The router sends
# nothing to it unless a test lists it in DATABASE_REPLICA_ALIASES (tests/test_db_router.py).
DATABASES["replica_1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
