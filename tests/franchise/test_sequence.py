"""One line of episodes per watch order (franchise.sequence): what the spoiler horizon,
progress and "what do I need before…?" measure against."""

import datetime

import pytest

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import Episode, PublishStatus
from franchise.factories import UniverseFactory, UniverseMembershipFactory
from franchise.models import Universe
from franchise.orders import OrderKind, WatchOrder, WatchOrderEntry
from franchise.sequence import episode_sequence


def codes(sequence) -> list[str]:
    episodes = {
        e.pk: f"{e.season.series.slug} {e.season.number}x{e.number}"
        for e in Episode.objects.select_related("season__series")
    }
    return [episodes[pk] for pk in sequence.episode_ids]


@pytest.fixture
def universe(seeded):
    return Universe.objects.get(slug="bosch-universe")


@pytest.mark.parametrize("kind", list(OrderKind))
def test_every_order_places_every_seed_episode_once(universe, kind):
    sequence = episode_sequence(universe, kind)
    assert sequence.kind == kind
    assert len(sequence.episode_ids) == len(set(sequence.episode_ids)) == 148
    assert codes(sequence)[0] == "bosch 1x1"


def test_release_order_interleaves_seasons_by_premiere(universe):
    order = codes(episode_sequence(universe, OrderKind.RELEASE))
    # The Lincoln Lawyer season 2 (July 2023) came out before Bosch: Legacy season 2 (October).
    assert order.index("the-lincoln-lawyer 2x10") < order.index("bosch-legacy 2x1")
    assert order.index("bosch-legacy 3x10") < order.index("ballard 1x1")
    assert order[-1] == "the-lincoln-lawyer 4x10"


def test_story_order_follows_the_editors_entries(universe):
    order = codes(episode_sequence(universe, OrderKind.STORY))
    assert order.index("bosch 7x8") + 1 == order.index("bosch-legacy 1x1")
    assert order.index("bosch-legacy 2x10") < order.index("the-lincoln-lawyer 2x1")
    assert order.index("bosch-legacy 3x10") + 1 == order.index("ballard 1x1")


def test_essentials_stop_a_season_and_take_its_finale_on_its_own(universe):
    order = codes(episode_sequence(universe, OrderKind.ESSENTIALS))
    at = order.index("bosch-legacy 3x9")
    assert order[at : at + 3] == ["bosch-legacy 3x9", "bosch-legacy 3x10", "ballard 1x1"]
    assert order.index("ballard 1x10") < order.index("the-lincoln-lawyer 1x1")
    entry = WatchOrderEntry.objects.get(order__kind="essentials", episode__isnull=False)
    assert entry.tier == "essential" and "Renée Ballard" in entry.reason
    assert entry.citations.filter(fact="reason").count() == 2


def test_a_draft_order_falls_back_to_release(universe):
    WatchOrder.objects.filter(kind=OrderKind.STORY).update(status=PublishStatus.DRAFT)
    sequence = episode_sequence(universe, OrderKind.STORY)
    assert sequence.kind == OrderKind.RELEASE
    assert sequence == episode_sequence(universe, OrderKind.RELEASE)


def test_seen_and_before(universe):
    sequence = episode_sequence(universe, OrderKind.RELEASE)
    horizon = Episode.objects.get(season__series__slug="bosch-legacy", season__number=2, number=4)
    seen = sequence.up_to(horizon.pk)
    assert horizon.pk in seen and len(seen) == sequence.position(horizon.pk) + 1
    assert sequence.before(horizon.pk) == sequence.episode_ids[: len(seen) - 1]
    finale = Episode.objects.get(season__series__slug="bosch-legacy", season__number=3, number=10)
    assert finale.pk not in seen
    assert sequence.up_to(-1) == frozenset() and sequence.position(-1) is None


@pytest.mark.django_db
def test_a_season_resumes_after_its_stop_and_what_an_order_leaves_out_comes_last(
    django_assert_num_queries,
):
    universe = UniverseFactory()
    first = SeriesFactory(premiere_date=datetime.date(2020, 1, 1))
    second = SeriesFactory(premiere_date=datetime.date(2021, 1, 1))
    for series in (first, second):
        UniverseMembershipFactory(universe=universe, series=series)
    a1 = SeasonFactory(series=first)
    a2 = SeasonFactory(series=first)
    b1 = SeasonFactory(series=second)
    a1_eps = EpisodeFactory.create_batch(4, season=a1)
    a2_eps = EpisodeFactory.create_batch(2, season=a2)
    b1_eps = EpisodeFactory.create_batch(2, season=b1)
    EpisodeFactory(season=b1, status=PublishStatus.DRAFT)
    order = WatchOrder.objects.create(
        universe=universe, kind=OrderKind.STORY, status=PublishStatus.PUBLISHED
    )
    for position, values in enumerate(
        [{"season": a1, "stop_after": 2}, {"episode": b1_eps[1]}, {"season": a1}], start=1
    ):
        WatchOrderEntry.objects.create(order=order, position=position, reason="r", **values)
    with django_assert_num_queries(4):  # episodes in release order, the order, its entries,
        sequence = episode_sequence(universe, OrderKind.STORY)  # their seasons' episodes
    expected = [*a1_eps[:2], b1_eps[1], *a1_eps[2:], *a2_eps, b1_eps[0]]
    assert list(sequence.episode_ids) == [e.pk for e in expected]
    with django_assert_num_queries(1):
        release = episode_sequence(universe, OrderKind.RELEASE)
    # Seasons by premiere (a2 on 2020-12-31, b1 on 2021-01-01); the draft episode nowhere.
    assert list(release.episode_ids) == [e.pk for e in [*a1_eps, *a2_eps, *b1_eps]]
