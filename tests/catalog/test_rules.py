"""Rules that live on the models and their choices, not in templates: what a verdict means
to a reader, and whether a series is still running."""

import datetime

import pytest

from catalog.models import Claim, ClaimVerdict, RunStatus, Series


@pytest.mark.parametrize("verdict", list(ClaimVerdict))
def test_only_a_confirmed_claim_goes_without_a_gloss(verdict):
    claim = Claim(verdict=verdict)
    assert claim.is_established == (verdict == ClaimVerdict.CONFIRMED)
    assert bool(claim.gloss) == (not claim.is_established)


@pytest.mark.parametrize(
    ("status", "running", "years"),
    [
        (RunStatus.AIRING, True, "2022–"),
        (RunStatus.RENEWED, True, "2022–"),
        (RunStatus.ENDED, False, "2022"),
        (RunStatus.CANCELLED, False, "2022"),
        (RunStatus.IN_DEVELOPMENT, False, "2022"),
    ],
)
def test_a_series_runs_while_airing_or_renewed(status, running, years):
    series = Series(run_status=status, premiere_date=datetime.date(2022, 5, 6))
    assert series.is_running is running
    assert series.years == years
