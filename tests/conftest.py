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
