"""Liveness (/healthz: the process answers) and readiness (/readyz: the database answers,
every migration is applied, the cache answers), both reachable over plain HTTP."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import override_settings

from catalog import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def migrations_not_yet_known(monkeypatch):
    """Each test starts as a fresh process: the "all applied" result is not cached yet."""
    monkeypatch.setattr(readiness, "migrations_applied", False)


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_readyz_names_each_check_when_all_pass(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_caches_all_migrations_applied(client, django_assert_num_queries):
    client.get("/readyz")
    # Once everything is applied, only the SELECT 1 runs: the migration table is not read.
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


def test_readyz_is_503_naming_an_unapplied_migration(client, monkeypatch):
    monkeypatch.setattr(
        readiness, "unapplied_migrations", lambda connection: ["catalog.0099_h5_pending"]
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "catalog.0099_h5_pending" in body["checks"]["migrations"]
    assert body["checks"]["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_cursor_raises(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert "connection refused" in checks["database"]
    assert checks["migrations"] != "ok"


def test_readyz_is_503_when_the_cache_raises(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "6379" in response.json()["checks"]["cache"]


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_over_plain_http_when_https_is_enforced(client, path):
    response = client.get(path)
    assert response.status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True)
def test_other_pages_still_redirect_to_https(client):
    response = client.get("/series/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/series/"
