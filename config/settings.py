"""Showbible settings, read from the environment and safe by default.

DJANGO_DEBUG=1 turns debug on (the `demo` command does it for you). With debug off,
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required: start-up stops without them.
DATABASE_URL switches SQLite to PostgreSQL; REDIS_URL enables the Redis cache.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Core

DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-debug-only-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Refusing to start with DJANGO_DEBUG off: set {' and '.join(missing)} "
            "in the environment (or DJANGO_DEBUG=1 for local development)."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "corsheaders",
    "django_filters",
    "simple_history",
    "catalog",
    "franchise",
]

MIDDLEWARE = [
    # First, so that static files and HTTPS redirects get its headers too.
    "config.security_headers.PermissionsAndResourcePolicyMiddleware",
    # Before anything that answers on its own, so that every API answer carries CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The API (/api/ only): its HTTP conventions, then its rate limit, both outside the page
    # cache, so that cached answers are counted and carry this request's headers.
    "config.api_http.ApiHttpMiddleware",
    "config.rate_limit.ApiRateLimitMiddleware",
    # Outside the page cache, so that cached pages are compressed and answer conditional
    # GETs (ETag from the body, Last-Modified from the content generation) with 304.
    "config.page_cache.AnonymousGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the session, CSRF and CSP middleware: it sees the cookies they set and stores
    # the headers they add.
    "config.page_cache.PublicPageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.statement_timeout.StatementTimeoutMiddleware",
    "config.db_router.ReplicaReadsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns a lockout raised anywhere below into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                # The visitor's spoiler horizon (its cookie keys the page cache).
                "franchise.horizon.context",
            ],
        },
    },
]

# Data

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL planner settings for every connection, passed at connect time (no extra round
# trip): the catalogue's working set lives in memory, so an index lookup costs about what a
# sequential read does (random_page_cost 1.1, not the spinning-disk 4), and a page's
# queries are too short to repay JIT compilation, which a large catalogue's cost estimates
# would otherwise trigger (+140 ms on the home page at 100k episodes). DJANGO_PG_OPTIONS
# replaces them.
POSTGRESQL_OPTIONS = os.environ.get(
    "DJANGO_PG_OPTIONS", "-c random_page_cost=1.1 -c jit=off"
).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent editors: WAL lets readers run beside the one writer; IMMEDIATE takes the
    # write lock when a transaction starts, so a writer waits (up to the timeout) instead of
    # failing with "database is locked" when it upgrades a stale read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Read replicas (config/db_router.py): anonymous reads of public pages go to one of them.
replica_urls = [
    url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()
]
for number, url in enumerate(replica_urls, start=1):
    DATABASES[f"replica_{number}"] = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql" and POSTGRESQL_OPTIONS:
        database.setdefault("OPTIONS", {}).setdefault("options", POSTGRESQL_OPTIONS)
DATABASE_REPLICA_ALIASES = [f"replica_{number}" for number in range(1, len(replica_urls) + 1)]
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL cancels a web request's query after this long (0: never); the web entry points
# (config/wsgi.py, config/asgi.py) apply it, so commands and migrations run unbounded.
statement_timeout = os.environ.get("DJANGO_STATEMENT_TIMEOUT_MS", "").strip() or "5000"
if not statement_timeout.isdecimal():
    raise ImproperlyConfigured("DJANGO_STATEMENT_TIMEOUT_MS must be a whole number of ms.")
STATEMENT_TIMEOUT_MS = int(statement_timeout)

if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "showbible",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages for anonymous visitors (config/page_cache.py), kept until content
# changes or this many seconds pass; 0 turns the page cache off. Browsers may keep a page a
# minute, shared caches (a CDN) five, and serve it stale for five more while revalidating.
page_cache_seconds = os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "").strip() or "3600"
if not page_cache_seconds.isdecimal():
    raise ImproperlyConfigured("DJANGO_PAGE_CACHE_SECONDS must be a whole number of seconds.")
PAGE_CACHE_SECONDS = int(page_cache_seconds)
PAGE_CACHE_BROWSER_SECONDS = 60
PAGE_CACHE_SHARED_SECONDS = 300
# A write to any model of these apps moves the content generation forward.
PAGE_CACHE_CONTENT_APPS = {"catalog", "franchise"}
# Cookies that hold a visitor's own state (progress, spoiler horizon; franchise): part of the
# page cache's key, so each such page is cached for that state alone (config/page_cache.py).
PERSONAL_STATE_COOKIES = ("watched", "horizon")

# The API (/api/v1/): read by any site (CORS, for reads only), and limited to
# DJANGO_API_RATE_LIMIT requests a minute from one address for anonymous clients
# (config/rate_limit.py).
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "X-Total-Count",
]
CORS_URLS_REGEX = r"^/api/.*$"
api_rate_limit = os.environ.get("DJANGO_API_RATE_LIMIT", "").strip() or "60"
if not api_rate_limit.isdecimal() or not int(api_rate_limit):
    raise ImproperlyConfigured(
        "DJANGO_API_RATE_LIMIT must be a whole number of requests, 1 or more."
    )
API_RATE_LIMIT = int(api_rate_limit)
API_RATE_LIMIT_WINDOW = 60

# `make bench` only: serve a bare template view at /bench/bare to compare the pages with.
BENCH_BARE_VIEW = os.environ.get("SHOWBIBLE_BENCH_BARE") == "1"

# Auth: axes refuses logins for a while after repeated failures, by username or by address.

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Five failures for one username from one address lock that pair out, so an attacker
# elsewhere cannot lock an editor out; twenty from one address, whatever the usernames,
# lock that address out. The handler applies the second limit (axes has only one).
AXES_HANDLER = "config.login_lockout.PairAndAddressLockoutHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 20
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# The client's address: REMOTE_ADDR; or, behind N trusted proxies that each append the
# address they saw to X-Forwarded-For, the Nth entry from the right (entries further left
# are the client's to forge). ipware's count leaves out the proxy nearest to us, which
# appends the last entry. The header is never read unless DJANGO_TRUSTED_PROXY_COUNT is set.
trusted_proxies = os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "").strip() or "0"
if not trusted_proxies.isdecimal():
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
TRUSTED_PROXY_COUNT = int(trusted_proxies)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    IPWARE_STRICT = False  # a client's own, longer header must not discard the proxy's entry
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Log which username and address failed or were locked out (passwords are never logged).
AXES_SENSITIVE_PARAMETERS = []

# Internationalisation

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves hashed names, cached for a year.

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

# Security: strict by default; HTTPS settings apply when debug is off.

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Load balancers probe over plain HTTP: the probes are never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "img-src": [CSP.SELF, "data:"],
    "manifest-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
}
if not DEBUG:
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT") or not env_flag(
        "DJANGO_INSECURE_HTTP"
    )
    SESSION_COOKIE_SECURE = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A post without its CSRF token gets the site's 403 page, not Django's plain one.
CSRF_FAILURE_VIEW = "catalog.views.csrf_failure"

# Logins, failures and lockouts (axes) and refused requests (django.security) go to the
# security handler, with a timestamp, whatever DJANGO_LOG_LEVEL says.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # One record, one line: control characters that a visitor typed are escaped.
        "security": {
            "class": "config.log_safety.ControlCharacterEscapingFormatter",
            "format": "{asctime} {levelname} {name}: {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "django.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}
