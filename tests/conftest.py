"""Shared fixtures. Factories live in <app>/factories.py.

The seed universe is loaded once per test database (`django_db_setup`), not once per test:
a test that asks for `seeded` sees it, and changes it only inside its own transaction,
which is rolled back. Every other test that uses the database finds the catalogue empty,
as it did when each `seeded` test loaded the seed itself: its rows are deleted inside the
test's transaction, which costs milliseconds where a load costs seconds.

A transactional test (the live server's, the page cache's) ends with a flush that empties
the whole database. On SQLite the database as it was after loading is then copied back
from memory (SQLite's backup API, milliseconds); elsewhere the next `seeded` test loads
the seed again (seconds).
"""

import os
import sqlite3
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection, transaction

from franchise.services import universe_load

# The apps whose tables the seed fills (historical and many-to-many tables included).
CATALOGUE_APPS = ("catalog", "franchise")
USES_DB = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}


class Snapshot:
    """The seeded SQLite test database, copied into memory, and the blocker that lets the
    teardown hook reach the database."""

    database: sqlite3.Connection | None = None
    blocker = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django creates it (one per xdist worker), with the seed."""
    with django_db_blocker.unblock():
        universe_load()
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            Snapshot.database = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(Snapshot.database)
            Snapshot.blocker = django_db_blocker


def flushes(item) -> bool:
    """Whether the test is a transactional one, whose end empties the database."""
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or TRANSACTIONAL & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the seeded database back from memory (SQLite)."""
    result = yield
    if Snapshot.database is not None and flushes(item):
        from django.contrib.contenttypes.models import ContentType

        with Snapshot.blocker.unblock():
            connection.ensure_connection()
            Snapshot.database.backup(connection.connection)
            ContentType.objects.clear_cache()  # the flush's post_migrate made new ids
    return result


def catalogue_empty() -> None:
    """Delete every row of the catalogue's tables, in the current transaction."""
    tables = [
        model._meta.db_table
        for label in CATALOGUE_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    # One transaction (a savepoint inside a test's), as the foreign keys are checked at its
    # end; PostgreSQL's deferred checks are run at once, since a TRUNCATE (flush) refuses
    # to run while they are pending.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        connection.check_constraints()


def seed_present() -> bool:
    from franchise.models import Universe

    return Universe.objects.filter(slug="bosch-universe").exists()


@contextmanager
def shared_catalogue(django_db_blocker, make):
    """For a module-scoped fixture: the catalogue `make()` writes into an emptied database,
    for every test of the module that asks for the fixture. Made once, in a transaction the
    tests run inside (each in a savepoint of its own, rolled back after it) and rolled back
    after the last of them, as Django's TestCase does with its class-wide data. Such a
    fixture's name starts with `shared_`: the tests that ask for it keep its catalogue."""
    with django_db_blocker.unblock(), transaction.atomic():
        catalogue_empty()
        make()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _catalogue_empty_unless_seeded(request):
    """A test that uses the database without asking for `seeded` (or a `shared_` catalogue)
    starts with no catalogue."""
    names = set(request.fixturenames)
    if "seeded" in names or any(name.startswith("shared_") for name in names):
        return
    if not (request.node.get_closest_marker("django_db") or USES_DB & names):
        return
    request.getfixturevalue("_django_db_helper")  # the test's transaction, as the marker does
    catalogue_empty()


@pytest.fixture
def seeded(db):
    """The seed universe (Bosch, Bosch: Legacy, Ballard, The Lincoln Lawyer), published.

    Loaded with the test database; loaded again only after a transactional test (the live
    server's) flushed the database, where the database is not SQLite (see above).
    """
    if not seed_present():
        universe_load()


@pytest.fixture
def violates():
    """`with violates("name"):` — the block must fail on that database constraint.

    The error must name the constraint wherever the backend names it: PostgreSQL always,
    SQLite for checks and partial unique indexes. SQLite lists only the columns of a plain
    unique constraint, so there any unique failure counts. None skips the name check.
    """
    from contextlib import contextmanager

    from django.db import IntegrityError, transaction

    @contextmanager
    def expect_violation(constraint: str | None):
        with pytest.raises(IntegrityError) as failure, transaction.atomic():
            yield
        message = str(failure.value)
        unnamed = message.startswith("UNIQUE constraint failed:") and "index '" not in message
        if constraint and not unnamed:
            assert constraint in message

    return expect_violation


def editor_make():
    """A staff user in the Editors group (content permissions only), as the demo makes one.
    The group comes from a data migration, which a transactional test's flush removes: it
    is made again when missing."""
    from django.contrib.auth import get_user_model

    from franchise.services import editors_group_ensure

    user = get_user_model().objects.create_user("ed", password="pw-for-tests", is_staff=True)
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def editor(db):
    return editor_make()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(items):
    """Tests marked `long` first, so that in parallel (xdist) one worker starts the fuzz
    while the others share the rest, instead of running it alone at the end; the sort is
    stable and keeps pytest-django's order (transactional tests last) otherwise.

    Benchmarks (marked `bench`) run only with SHOWBIBLE_BENCH set, as `make bench` does:
    their timings fail at random on a shared machine."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
    if os.environ.get("SHOWBIBLE_BENCH"):
        return
    skip = pytest.mark.skip(reason="a benchmark: set SHOWBIBLE_BENCH=1 (make bench)")
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """The figures the fuzz shards recorded with record_property("fuzz", …)
    (tests/test_fuzz.py) and the schemathesis run with record_property("schemathesis", …)
    (tests/api/test_schema.py), and their totals; xdist brings them back from its workers."""
    totals = {"fuzz": 0, "schemathesis": 0}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.getreports(outcome):
            for name, value in report.user_properties:
                if name in totals:
                    terminalreporter.write_line(f"{report.nodeid} ({outcome}): {value}")
                    totals[name] += value["requests"]
    for name, requests in totals.items():
        if requests:
            terminalreporter.write_line(f"{name}: {requests} requests in all")
