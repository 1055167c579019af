"""Web requests' queries are time-limited on PostgreSQL; a query cancelled by the limit gives
the site's 503 page with Retry-After, not a 500. Commands and tests run unlimited."""

import importlib

import psycopg.errors
import pytest
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from django.test import override_settings
from django.urls import path

import config.urls
from catalog.models import SeriesQuerySet
from config.statement_timeout import statement_timeout_set

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no statement timeout"
)


def slow_page(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    raise AssertionError("the statement timeout did not cancel the query")


# This module is also the URLconf of the tests marked urls(__name__): the site plus /slow/.
urlpatterns = [path("slow/", slow_page), *config.urls.urlpatterns]


def cancelled(*args, **kwargs):
    """What Django raises when PostgreSQL cancels a query for the timeout."""
    cause = psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
    raise OperationalError(*cause.args) from cause


def test_a_cancelled_query_gives_the_503_page_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(SeriesQuerySet, "for_cards", cancelled)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert 'data-error-page="503"' in page
    assert 'class="brand"' in page  # in the site's look


def test_other_database_errors_are_not_turned_into_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: catalog_series")

    monkeypatch.setattr(SeriesQuerySet, "for_cards", broken)
    with pytest.raises(OperationalError):
        client.get("/")


def test_only_the_web_entry_points_apply_the_timeout():
    # Nothing has applied it in this (test runner) process, as in a management command.
    assert not connection_created.disconnect(dispatch_uid="statement_timeout_set")
    for entry_point in ("config.wsgi", "config.asgi"):
        importlib.import_module(entry_point)
        assert connection_created.disconnect(dispatch_uid="statement_timeout_set")


@on_postgresql
@override_settings(STATEMENT_TIMEOUT_MS=100)
def test_a_new_connection_gets_the_timeout():
    statement_timeout_set(sender=None, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "100ms"


@on_postgresql
@pytest.mark.urls(__name__)
@override_settings(STATEMENT_TIMEOUT_MS=100)
def test_a_query_beyond_the_timeout_gives_503(client):
    statement_timeout_set(sender=None, connection=connection)
    response = client.get("/slow/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'data-error-page="503"' in response.content.decode()
