"""Shared fixtures. Factories live in <app>/factories.py."""

import pytest

from franchise.services import universe_load


@pytest.fixture
def seeded(db):
    """The seed universe (Bosch, Bosch: Legacy, Ballard, The Lincoln Lawyer), published."""
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


@pytest.fixture
def editor(django_user_model):
    """A staff user in the Editors group (content permissions only), as the demo makes one."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="pw-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_terminal_summary(terminalreporter):
    """The figures a test recorded with record_property("fuzz", …) (tests/test_fuzz.py)."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.getreports(outcome):
            for name, value in report.user_properties:
                if name == "fuzz":
                    terminalreporter.write_line(f"{report.nodeid} ({outcome}): {value}")
