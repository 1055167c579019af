"""The database itself refuses a bad curated watch order or entry: rows written with
.objects.create() skip full_clean(), so only the named constraints stand in the way."""

import pytest

from catalog.factories import EpisodeFactory, SeasonFactory
from franchise.factories import WatchOrderEntryFactory, WatchOrderFactory
from franchise.orders import OrderKind, WatchOrder, WatchOrderEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return WatchOrderFactory()


def test_one_order_of_each_kind_per_universe(order, violates):
    with violates("watchorder_one_per_kind_per_universe"):
        WatchOrder.objects.create(universe=order.universe, kind=OrderKind.STORY)


def test_the_release_order_is_not_stored(order, violates):
    with violates("watchorder_kind_valid"):
        WatchOrder.objects.create(universe=order.universe, kind=OrderKind.RELEASE)


def test_an_order_is_draft_or_published(order, violates):
    with violates("watchorder_status_valid"):
        WatchOrder.objects.filter(pk=order.pk).update(status="archived")


def test_an_entry_is_a_season_or_an_episode_not_both_nor_neither(order, violates):
    episode = EpisodeFactory()
    with violates("watchorderentry_season_or_episode"):
        WatchOrderEntry.objects.create(order=order, position=1)
    with violates("watchorderentry_season_or_episode"):
        WatchOrderEntry.objects.create(
            order=order, position=1, season=episode.season, episode=episode
        )


def test_only_a_season_stops_after_an_episode(order, violates):
    episode = EpisodeFactory()
    with violates("watchorderentry_stop_after_in_a_season"):
        WatchOrderEntry.objects.create(order=order, position=1, episode=episode, stop_after=3)
    with violates("watchorderentry_stop_after_in_a_season"):
        WatchOrderEntry.objects.create(order=order, position=1, season=episode.season, stop_after=0)


def test_positions_start_at_one_and_are_unique_in_an_order(order, violates):
    season = SeasonFactory()
    with violates("watchorderentry_position_positive"):
        WatchOrderEntry.objects.create(order=order, position=0, season=season)
    WatchOrderEntryFactory(order=order, position=1, season=season)
    with violates("watchorderentry_position_unique"):
        WatchOrderEntry.objects.create(order=order, position=1, season=SeasonFactory())
    # Another order may use the same position.
    other = WatchOrderFactory(universe=order.universe, kind=OrderKind.ESSENTIALS)
    WatchOrderEntry.objects.create(order=other, position=1, season=season, tier="essential")


def test_an_episode_is_listed_once_per_order_and_a_tier_is_a_known_one(order, violates):
    episode = EpisodeFactory()
    WatchOrderEntryFactory(order=order, position=1, episode=episode)
    with violates("watchorderentry_episode_once"):
        WatchOrderEntry.objects.create(order=order, position=2, episode=episode)
    with violates("watchorderentry_tier_valid"):
        WatchOrderEntry.objects.create(
            order=order, position=3, season=episode.season, tier="must-see"
        )
