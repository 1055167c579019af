"""A series' critic score is stored on its row (lists sort by it at any size) and kept
current by every write that can change it: single saves and deletes through signals, the
publishing services, the seed and the generator in bulk."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from catalog.factories import ReviewFactory, SeasonFactory, SeriesFactory
from catalog.models import Review, ReviewKind, Season, Series
from catalog.services import records_publish, records_unpublish

pytestmark = pytest.mark.django_db


def aggregate(percent: int, **subject) -> Review:
    return ReviewFactory(
        kind=ReviewKind.AGGREGATE, score=Decimal(percent), scale=Decimal(100), **subject
    )


def stored(series: Series) -> tuple:
    series.refresh_from_db(fields=["critic_score", "critic_review"])
    return series.critic_score, series.critic_review_id


def stale_series() -> list[str]:
    """Series whose stored score differs from one worked out afresh."""
    before = dict(Series.objects.values_list("pk", "critic_score"))
    Series.objects.critic_scores_refresh()
    after = dict(Series.objects.values_list("pk", "critic_score"))
    return [str(Series.objects.get(pk=pk)) for pk in before if before[pk] != after[pk]]


def test_a_review_saved_edited_and_deleted_moves_the_score():
    series = SeriesFactory()
    assert stored(series) == (None, None)
    review = aggregate(80, series=series)
    assert stored(series) == (80.0, review.pk)
    review.score = Decimal(90)
    review.save()
    assert stored(series) == (90.0, review.pk)
    review.delete()
    assert stored(series) == (None, None)


def test_the_latest_published_season_stands_in_and_follows_its_status():
    series = SeriesFactory()
    first, second = SeasonFactory(series=series, number=1), SeasonFactory(series=series, number=2)
    aggregate(70, season=first)
    latest = aggregate(90, season=second)
    assert stored(series) == (90.0, latest.pk)
    second.status = "draft"
    second.save()
    assert stored(series)[0] == 70.0
    second.delete()
    assert stored(series)[0] == 70.0


def test_a_review_moved_to_another_series_leaves_the_first():
    before, after = SeriesFactory(), SeriesFactory()
    review = aggregate(60, series=before)
    review.series = after
    review.save()
    assert stored(before) == (None, None)
    assert stored(after) == (60.0, review.pk)


def test_publishing_services_refresh_the_scores_they_change():
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    series = SeriesFactory()
    review = aggregate(75, series=series)
    season_review = aggregate(55, season=SeasonFactory(series=series, number=1))
    records_unpublish(queryset=Review.objects.filter(pk=review.pk), user=editor)
    assert stored(series) == (55.0, season_review.pk)
    records_unpublish(queryset=Season.objects.filter(series=series), user=editor)
    assert stored(series) == (None, None)
    records_publish(queryset=Review.objects.filter(pk=review.pk), user=editor)
    assert stored(series) == (75.0, review.pk)


def test_the_seed_and_a_generated_catalogue_store_current_scores(seeded):
    from franchise.generate import synthetic_catalog_generate

    assert stored(Series.objects.get(slug="bosch"))[0] is not None
    synthetic_catalog_generate(episodes=300, seed=7)
    assert Series.objects.filter(critic_score__isnull=False).count() > 4
    assert stale_series() == []


def test_the_database_refuses_a_score_outside_0_to_100():
    series = SeriesFactory()
    with pytest.raises(IntegrityError):
        Series.objects.filter(pk=series.pk).update(critic_score=101)
