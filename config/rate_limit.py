"""A per-address limit on the API for anonymous clients: API_RATE_LIMIT requests in each
window of API_RATE_LIMIT_WINDOW seconds (60 a minute unless DJANGO_API_RATE_LIMIT says
otherwise), counted in Django's cache (Redis when REDIS_URL is set, so every process
shares the count).

The client's address is the one the login lockout uses (axes, with DJANGO_TRUSTED_PROXY_COUNT).
Every API response says where the client stands: RateLimit-Limit, RateLimit-Remaining and
RateLimit-Reset (seconds until the window ends); past the limit the answer is a 429 problem
with Retry-After. A signed-in editor is not limited. If the cache is down, requests go
through uncounted rather than fail.
"""

import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.module_loading import import_string

from config.problems import RATE_LIMITED, problem_response

API_PREFIX = "/api/"
KEY_PREFIX = "api-rate"
# The clock windows are read from (a test stops it).
now = time.time

logger = logging.getLogger(__name__)


def signed_in(request) -> bool:
    """Whether the request's session (if it carries one) belongs to a signed-in user: one
    read of the session, only for requests with a session cookie."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key)
    try:
        return store.get(SESSION_KEY) is not None
    except (ValueError, DatabaseError):  # a key no database accepts (a NUL in it)
        return False


def count_request(address: str, now: float) -> tuple[int, int]:
    """(requests from address in the current window, this one included; seconds left in it)."""
    window = settings.API_RATE_LIMIT_WINDOW
    number, elapsed = divmod(int(now), window)
    key = f"{KEY_PREFIX}:{address}:{number}"
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request (or another process adds it meanwhile)
        count = 1 if cache.add(key, 1, timeout=window + 1) else cache.incr(key)
    return count, window - elapsed


class ApiRateLimitMiddleware:
    """Count anonymous API requests per address and refuse those past the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or signed_in(request):
            return self.get_response(request)
        limit = settings.API_RATE_LIMIT
        address = get_client_ip_address(request) or "unknown"
        try:
            count, reset = count_request(address, now())
        except Exception:  # the cache is down: serve the API uncounted
            logger.warning("API rate limit not applied: the cache is unavailable", exc_info=True)
            return self.get_response(request)
        if count > limit:
            response = problem_response(
                429,
                f"This address made more than {limit} requests in {settings.API_RATE_LIMIT_WINDOW}"
                f" seconds; try again in {reset} seconds.",
                kind=RATE_LIMITED,
            )
            response["Retry-After"] = str(reset)
            response["Cache-Control"] = "no-store"
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(limit - count, 0))
        response["RateLimit-Reset"] = str(reset)
        return response
