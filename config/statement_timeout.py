"""A time limit for the database queries of web requests, and a 503 page when one is hit.

On PostgreSQL each connection a web process opens gets `statement_timeout` (the
STATEMENT_TIMEOUT_MS setting), so one slow query cannot hold a worker for a minute.
Only the web entry points (config/wsgi.py, config/asgi.py; runserver loads wsgi.py too)
call `statement_timeout_for_web_requests()`: management commands, migrations and the
test runner never do, so a long import or a migration is not cut short. A web process
opens its connections only to serve requests, so every connection there is a request's.
SQLite has no statement timeout and gets none: it serves development and tests only.
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a query cancelled by a timeout
RETRY_AFTER_SECONDS = 30


def statement_timeout_set(sender, connection, **kwargs):
    """connection_created receiver: limit every statement on a new PostgreSQL connection."""
    if connection.vendor != "postgresql" or not settings.STATEMENT_TIMEOUT_MS:
        return
    with connection.cursor() as cursor:
        # set_config() takes a parameter where SET does not; false: for the session.
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [f"{settings.STATEMENT_TIMEOUT_MS}ms"],
        )


def statement_timeout_for_web_requests():
    """Apply the statement timeout to every connection this process opens from now on."""
    connection_created.connect(statement_timeout_set, dispatch_uid="statement_timeout_set")


def is_statement_timeout(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError) and (
        getattr(exception.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    """A query cancelled by the statement timeout gives a 503 page with Retry-After,
    not a 500: the page is slow right now, not broken."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        logger.warning("Statement timeout on %s %s", request.method, request.path)
        response = render(request, "503.html", {"breadcrumbs": [("Unavailable", None)]}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)  # a cache must not keep serving the 503
        return response
