"""The watch order page's three orders (`?order=release|story|essentials`) as a fan reads
them: curated entries with their reasons footnoted, the essentials' tiers and the
hand-off, the release order unchanged, drafts never shown to visitors, and bad values
reported rather than a 500; at a fixed number of queries however big the orders grow."""

import re

import pytest

from catalog.factories import CitationFactory, EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import Citation
from franchise.factories import (
    AppearanceFactory,
    UniverseFactory,
    UniverseMembershipFactory,
    WatchOrderEntryFactory,
    WatchOrderFactory,
)
from franchise.models import Universe
from franchise.orders import OrderKind, Tier, WatchOrder
from franchise.sequence import episode_sequence
from franchise.watch_order import watch_order
from franchise.watch_orders_page import curated_order
from tests.franchise.test_universe_pages import plain, text

pytestmark = pytest.mark.django_db

URL = "/universes/bosch-universe/watch-order/"
RELEASE_QUERIES = 6
CURATED_QUERIES = 8  # + the order and its entries


def entry_titles(response) -> list[str]:
    """The curated entries' headings, as read."""
    html = response.content.decode()
    return [
        plain(title) for title in re.findall(r'<h2 class="watch__title">(.*?)</h2>', html, re.S)
    ]


def current_order(response) -> str:
    html = response.content.decode()
    nav = html[html.index('aria-label="Watch orders"') :]
    return plain(re.search(r'aria-current="page">(.*?)</a>', nav, re.S).group(1))


# Choosing an order


def test_release_is_the_default_and_unchanged(seeded, client):
    default = client.get(URL)
    chosen = client.get(f"{URL}?order=release")
    assert default.status_code == chosen.status_code == 200
    assert current_order(default) == current_order(chosen) == "Release order"
    assert entry_titles(default) == entry_titles(chosen)
    assert "in release order, interleaved across the shows" in text(default)
    assert "15 seasons (and 2 ordered) · 148 episodes · 4 crossover episodes" in text(default)
    # The crossover essentials switch still narrows the release order.
    essentials = client.get(f"{URL}?essentials=1")
    assert essentials.status_code == 200
    assert 0 < len(entry_titles(essentials)) < len(entry_titles(default))


@pytest.mark.parametrize(
    "query, canonical",
    [
        ("", URL),
        ("?order=release", URL),
        ("?order=story", f"{URL}?order=story"),
        ("?order=essentials&tier=essential", f"{URL}?order=essentials"),
    ],
)
def test_each_order_is_a_page_of_its_own_for_search_engines(seeded, client, query, canonical):
    html = client.get(URL + query).content.decode()
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in html


def test_the_page_links_each_published_order_without_javascript(seeded, client):
    html = client.get(URL).content.decode()
    nav = html[
        html.index('aria-label="Watch orders"') : html.index(
            "</nav>", html.index('aria-label="Watch orders"')
        )
    ]
    assert f'href="{URL}"' in nav
    assert f'href="{URL}?order=story"' in nav
    assert f'href="{URL}?order=essentials"' in nav
    every = client.get(f"{URL}?order=story&episodes=1").content.decode()
    assert f'href="{URL}?order=essentials&amp;episodes=1"' in every
    assert '<input type="hidden" name="order" value="story">' in every


def test_the_story_order_lists_its_entries_with_reasons_and_their_sources(seeded, client):
    response = client.get(f"{URL}?order=story")
    assert response.status_code == 200
    assert current_order(response) == "Story order"
    titles = entry_titles(response)
    assert titles[:8] == [f"Bosch Season {n}" for n in range(1, 8)] + ["Bosch: Legacy Season 1"]
    # Story, not release: The Lincoln Lawyer 1 comes before Bosch: Legacy 2, and 2 before 3.
    assert titles[8:12] == [
        "The Lincoln Lawyer Season 1",
        "Bosch: Legacy Season 2",
        "The Lincoln Lawyer Season 2",
        "The Lincoln Lawyer Season 3",
    ]
    page = text(response)
    assert "The seasons and episodes in the order their stories happen." in page
    assert "its last episode hands off to Ballard" in page  # the introduction
    html = response.content.decode()
    reason = re.search(
        r'data-fact="franchise\.watchorderentry\.(\d+)\.reason">Harry Bosch&#x27;s story starts '
        r'here\.<sup class="fn"><a href="#(source-\d+)"',
        html,
    )
    assert reason, "the reason carries its footnote"
    cited = Citation.objects.get(object_id=reason.group(1), fact="reason")
    sources = html[html.index('id="sources"') :]
    assert f'id="{reason.group(2)}"' in sources and cited.source.url in sources


def test_the_essentials_stop_before_the_finale_then_give_the_hand_off(seeded, client):
    response = client.get(f"{URL}?order=essentials")
    assert response.status_code == 200
    titles = entry_titles(response)
    legacy = titles.index("Bosch: Legacy Season 3, episodes 1–9")
    assert titles[legacy + 1] == "Bosch: Legacy Season 3, episode 10"
    assert titles[legacy + 2] == "Ballard Season 1"
    html = response.content.decode()
    chunk = plain(html[html.index("Season 3, episode 10") :].split('<li value="12"')[0])
    assert "Essential" in chunk
    assert "first screen appearance, the hand-off" in chunk
    assert "3×10 Dig Down Crossover Renée Ballard (guest) Hand-off" in chunk
    assert html.count("badge--essential") == 5
    assert html.count("badge--recommended") == 7
    assert html.count("badge--optional") == 4


def test_the_essentials_can_be_narrowed_to_one_tier(seeded, client):
    response = client.get(f"{URL}?order=essentials&tier=essential")
    assert response.status_code == 200
    assert entry_titles(response) == [
        "Bosch Season 1",
        "Bosch Season 7",
        "Bosch: Legacy Season 1",
        "Bosch: Legacy Season 3, episode 10",
        "Ballard Season 1",
    ]
    html = response.content.decode()
    tiers = html[html.index('aria-label="Tiers"') :]
    assert re.search(r'tier=essential" aria-current="page">Essential', tiers)
    # Positions are the order's, not the filtered list's.
    assert '<li value="11"' in html


def test_the_page_shows_what_the_order_adds_as_the_sequence_does(seeded):
    universe = Universe.objects.get(slug="bosch-universe")
    order = WatchOrder.objects.get(universe=universe, kind=OrderKind.ESSENTIALS)
    shown = curated_order(order, watch_order(universe), tier=None, episodes=True)
    listed = [item.episode.pk for entry in shown.entries for item in entry.episodes]
    sequence = episode_sequence(universe, OrderKind.ESSENTIALS)
    assert list(sequence.episode_ids[: len(listed)]) == listed


# Problems and drafts


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        (
            "order=chronological",
            "There is no watch order “chronological”: showing the release order.",
        ),
        ("order=story&tier=essential", "Only the essentials are tiered: the tier was ignored."),
        ("order=essentials&tier=must-see", "There is no tier “must-see”: showing every tier."),
        (
            "order=story&essentials=1",
            "“Crossover essentials only” applies to the release order: it was ignored.",
        ),
    ],
)
def test_a_value_that_does_not_check_out_is_reported_with_a_400(seeded, client, query, problem):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert problem in text(response)
    assert entry_titles(response)  # the page still shows an order


def test_an_unknown_order_shows_the_release_order(seeded, client):
    response = client.get(f"{URL}?order=nope")
    assert current_order(response) == "Release order"
    assert entry_titles(response) == entry_titles(client.get(URL))


def test_a_draft_order_is_never_shown_to_visitors(seeded, client):
    WatchOrder.objects.filter(kind=OrderKind.STORY).update(status="draft")
    response = client.get(f"{URL}?order=story")
    assert response.status_code == 400
    page = text(response)
    assert "The story order of Bosch universe is not published yet: showing the release order." in (
        page
    )
    assert "story starts here" not in page
    assert "The order the stories happen in" not in page  # its introduction
    assert current_order(response) == "Release order"
    links = re.findall(r'href="([^"]*)"', response.content.decode())
    assert not any("order=story" in link for link in links)  # no link to it either
    assert any("order=essentials" in link for link in links)


def test_staff_preview_a_draft_order_under_a_banner_never_cached(seeded, editor_client):
    WatchOrder.objects.filter(kind=OrderKind.STORY).update(status="draft")
    response = editor_client.get(f"{URL}?order=story")
    assert response.status_code == 200
    page = text(response)
    assert "Draft order — not public" in page
    assert "story starts here" in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_universe_without_curated_orders(client):
    universe = UniverseFactory(name="Plain universe", slug="plain-universe")
    UniverseMembershipFactory(universe=universe, series=SeasonFactory().series)
    url = f"/universes/{universe.slug}/watch-order/"
    html = client.get(url).content.decode()
    assert 'aria-label="Watch orders"' not in html  # nothing to choose from
    response = client.get(f"{url}?order=essentials")
    assert response.status_code == 400
    assert "The essentials of Plain universe has not been written yet" in text(response)


def test_entries_of_drafts_are_left_out(seeded, client):
    from catalog.models import Episode, Season

    Season.objects.filter(series__slug="bosch", number=2).update(status="draft")
    Episode.objects.filter(season__series__slug="bosch-legacy", season__number=3, number=10).update(
        status="draft"
    )
    titles = entry_titles(client.get(f"{URL}?order=essentials"))
    assert "Bosch Season 2" not in titles and "Bosch Season 3" in titles
    assert "Bosch: Legacy Season 3, episode 10" not in titles
    assert "Dig Down" not in text(client.get(f"{URL}?order=essentials&episodes=1"))


# Query counts


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ("", RELEASE_QUERIES),
        ("?order=story", CURATED_QUERIES),
        ("?order=essentials", CURATED_QUERIES),
    ],
)
def test_each_order_of_the_seed_has_a_fixed_query_count(
    seeded, client, django_assert_max_num_queries, query, queries
):
    client.get(f"{URL}{query}")
    with django_assert_max_num_queries(queries):
        assert client.get(f"{URL}{query}").status_code == 200
    with django_assert_max_num_queries(queries):
        every = f"{URL}{query}&episodes=1" if query else f"{URL}?episodes=1"
        assert client.get(every).status_code == 200


class Orders:
    """A universe whose story and essentials orders grow: more series, seasons, episodes,
    crossovers and entries (season, part season, single episode), each entry cited."""

    def __init__(self):
        self.universe = UniverseFactory(name="Orders universe", slug="orders-universe")
        self.story = WatchOrderFactory(universe=self.universe, kind=OrderKind.STORY)
        self.essentials = WatchOrderFactory(universe=self.universe, kind=OrderKind.ESSENTIALS)
        self.previous = None

    def grow(self, k: int) -> None:
        for _ in range(k):
            series = SeriesFactory()
            UniverseMembershipFactory(universe=self.universe, series=series)
            season = SeasonFactory(series=series, episode_count=3)
            episodes = [EpisodeFactory(season=season) for _ in range(3)]
            if self.previous is not None:  # a character of the last series crosses over
                AppearanceFactory(series=self.previous, kind="main")
                AppearanceFactory(
                    episode=episodes[2],
                    character=self.previous.appearances.first().character,
                )
            self.previous = series
            for entry in (
                WatchOrderEntryFactory(order=self.story, season=season),
                WatchOrderEntryFactory(
                    order=self.essentials, season=season, stop_after=2, tier=Tier.RECOMMENDED
                ),
                WatchOrderEntryFactory(
                    order=self.essentials, episode=episodes[2], tier=Tier.ESSENTIAL
                ),
            ):
                CitationFactory(content_object=entry, fact="reason")


def test_each_order_keeps_its_query_count_as_the_orders_grow(client, django_assert_num_queries):
    """Guards against a query per entry, season, episode or source creeping in."""
    world = Orders()
    world.grow(2)
    url = f"/universes/{world.universe.slug}/watch-order/"
    queries = {"": RELEASE_QUERIES, "?order=story": CURATED_QUERIES}
    queries |= {"?order=essentials": CURATED_QUERIES, "?order=essentials&tier=essential": 8}
    for query, count in queries.items():
        client.get(f"{url}{query}")
        with django_assert_num_queries(count):
            assert client.get(f"{url}{query}").status_code == 200
    world.grow(8)
    for query, count in queries.items():
        with django_assert_num_queries(count):
            response = client.get(f"{url}{query}")
        assert response.status_code == 200
    essentials = client.get(f"{url}?order=essentials")
    titles = entry_titles(essentials)
    assert len(titles) == 20 and titles[0].endswith("Season 1, episodes 1–2")
    assert titles[1].endswith("Season 1, episode 3")
    assert essentials.content.decode().count('class="fn"') >= 20
