"""The date hierarchy's dates(): the catalog querysets truncate in SQL (strftime() on
SQLite, see catalog.models.base.DateTrunc) and list exactly what Django's own dates()
lists, in one query."""

import datetime

import pytest
from django.db.models import QuerySet

from catalog.factories import EpisodeFactory, SeasonFactory
from catalog.models import Episode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["year", "month", "week", "day"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_dates_match_djangos_own(kind, order, django_assert_num_queries):
    season = SeasonFactory()
    for day in ["1999-12-31", "2000-01-01", "2000-01-01", "2000-02-29", "2024-07-15"]:
        EpisodeFactory(season=season, air_date=datetime.date.fromisoformat(day))
    EpisodeFactory(season=season, air_date=None)
    episodes = Episode.objects.all()

    with django_assert_num_queries(1):
        dates = list(episodes.dates("air_date", kind, order))

    assert dates == list(QuerySet.dates(episodes, "air_date", kind, order))
    assert all(type(date) is datetime.date for date in dates)


def test_dates_refuse_what_djangos_refuse():
    with pytest.raises(ValueError):
        Episode.objects.dates("air_date", "hour")
    with pytest.raises(ValueError):
        Episode.objects.dates("air_date", "year", order="UP")
