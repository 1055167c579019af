"""The read-replica router (config/db_router.py), with a second alias of the test database
standing in for a replica."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.factories import SeriesFactory
from catalog.models import Series
from config.db_router import PrimaryReplicaRouter

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture(autouse=True)
def replica(settings):
    settings.DATABASE_REPLICA_ALIASES = ["replica_1"]


@pytest.fixture
def series():
    return SeriesFactory(slug="bosch", title="Bosch")


def queries_by_alias(request) -> tuple[int, int]:
    """How many queries request() runs on the primary and on the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        request()
    return len(primary), len(replica)


def test_a_public_page_reads_from_the_replica(client, series):
    url = reverse("catalog:series_detail", args=["bosch"])
    response = None

    def visit():
        nonlocal response
        response = client.get(url)

    primary, replica = queries_by_alias(visit)
    assert response.status_code == 200 and b"Bosch" in response.content
    assert primary == 0 and replica > 0


def test_an_editor_reads_their_own_writes_from_the_primary(client, series, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", is_staff=True))
    url = reverse("catalog:series_detail", args=["bosch"])
    primary, replica = queries_by_alias(lambda: client.get(url))
    assert replica == 0 and primary > 0


def test_the_admin_uses_the_primary(client, django_user_model):
    url = reverse("admin:login")
    primary, replica = queries_by_alias(lambda: client.get(url))
    assert replica == 0


def test_writes_and_reads_in_a_transaction_use_the_primary(series):
    def write_then_read():
        with transaction.atomic():
            Series.objects.filter(pk=series.pk).update(title="Renamed")
            assert Series.objects.get(pk=series.pk).title == "Renamed"

    primary, replica = queries_by_alias(write_then_read)
    assert replica == 0 and primary >= 2


def test_outside_a_request_everything_uses_the_primary(series):
    primary, replica = queries_by_alias(lambda: list(Series.objects.all()))
    assert (primary, replica) == (1, 0)


def test_without_replicas_public_pages_read_the_primary(client, series, settings):
    settings.DATABASE_REPLICA_ALIASES = []
    url = reverse("catalog:series_detail", args=["bosch"])
    primary, replica = queries_by_alias(lambda: client.get(url))
    assert replica == 0 and primary > 0


def test_replicas_are_never_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "catalog")
    assert not router.allow_migrate("replica_1", "catalog")
