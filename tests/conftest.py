"""Shared fixtures. Factories live in <app>/factories.py."""

import pytest

from franchise.services import universe_load


@pytest.fixture
def seeded(db):
    """The seed universe (Bosch, Bosch: Legacy, Ballard, The Lincoln Lawyer), published."""
    universe_load()
