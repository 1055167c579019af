"""Every public page runs a fixed number of SQL queries, at most 10, however big the catalogue.

The test renders every page over a small catalogue, grows the same catalogue tenfold (more
series, seasons, episodes, credits, cast, reviews, claims, sources, links, universe
members, and more of each around each page's own record), renders every page again and
compares the counts. It guards against N+1 queries creeping into a view, a template or a
template tag, and against a page whose cost grows with the data. One catalogue serves all
the pages: building it is most of the test's time.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from catalog.factories import (
    CitationFactory,
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
    SourceFactory,
)
from catalog.models import ClaimVerdict, CreditRole, ReviewKind
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import AppearanceKind, LinkKind

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


class World:
    """A catalogue around one series, season, episode, person, character and universe,
    which grow() enlarges: k more of everything, on those records and beside them."""

    def __init__(self):
        self.network = NetworkFactory(name="Focus Network", slug="focus-network")
        self.genre = GenreFactory(name="Crime drama", slug="crime-drama")
        self.universe = UniverseFactory(name="Focus universe", slug="focus-universe")
        self.series = SeriesFactory(
            title="Focus Series", slug="focus-series", network=self.network, genres=[self.genre]
        )
        UniverseMembershipFactory(universe=self.universe, series=self.series)
        self.season = SeasonFactory(series=self.series, number=1)
        self.episode = EpisodeFactory(season=self.season, number=1, title="Focus episode")
        self.person = PersonFactory(name="Focus Person", slug="focus-person")
        self.character = CharacterFactory(name="Focus Character", slug="focus-character")
        AppearanceFactory(episode=self.episode, character=self.character, performer=self.person)
        # A second series the focus character crosses into: the connection finder's goal.
        partner = SeriesFactory(title="Focus Partner", slug="focus-partner", network=self.network)
        UniverseMembershipFactory(universe=self.universe, series=partner)
        AppearanceFactory(character=self.character, series=partner, performer=self.person)
        self.grown = 0

    def grow(self, k: int) -> None:
        for _ in range(k):
            self.grown += 1
            self.grow_once(self.grown)

    def grow_once(self, n: int) -> None:
        # Beside the focus: another series in the universe, linked to the focus series.
        other = SeriesFactory(title=f"Focus Other {n}", network=self.network, genres=[self.genre])
        UniverseMembershipFactory(universe=self.universe, series=other)
        kind = list(LinkKind)[n % len(LinkKind)]
        if n % 2:
            SeriesLinkFactory(source=other, target=self.series, kind=kind)
        else:
            SeriesLinkFactory(source=self.series, target=other, kind=kind)
        ReviewFactory(series=other, kind=ReviewKind.AGGREGATE, score=Decimal(80), scale=100)
        AppearanceFactory(character=self.character, series=other, performer=self.person)
        CreditFactory(person=self.person, series=other, role=CreditRole.SHOWRUNNER)

        # On the focus series: a season of episodes with crew and guests, cast, reviews,
        # claims and sources.
        season = SeasonFactory(series=self.series, number=n + 1)
        for _ in range(3):
            episode = EpisodeFactory(season=season, title=f"Focus episode {n}")
            CreditFactory(episode=episode, role=CreditRole.DIRECTOR)
            CreditFactory(episode=episode, role=CreditRole.WRITER)
            AppearanceFactory(episode=episode, kind=AppearanceKind.GUEST)
            CitationFactory(content_object=episode)
        creator = PersonFactory(name=f"Focus Creator {n}")
        CreditFactory(person=creator, series=self.series, role=CreditRole.CREATOR)
        AppearanceFactory(series=self.series, character=CharacterFactory(name=f"Focus Lead {n}"))
        AppearanceFactory(series=self.series, kind=AppearanceKind.RECURRING)
        ReviewFactory(series=self.series)
        ReviewFactory(season=self.season, kind=ReviewKind.AGGREGATE, score=90, scale=100)
        ClaimFactory(series=self.series, verdict=list(ClaimVerdict)[n % len(ClaimVerdict)])
        for record in (self.series, self.season, self.person, self.character, self.universe):
            CitationFactory(content_object=record, source=SourceFactory())

        # On the focus season, episode, person and character.
        CitationFactory(content_object=self.episode)
        CreditFactory(episode=self.episode, role=CreditRole.WRITER)
        AppearanceFactory(episode=self.episode, kind=AppearanceKind.GUEST)
        extra = EpisodeFactory(season=self.season, title=f"Focus episode extra {n}")
        CreditFactory(person=self.person, episode=extra, role=CreditRole.DIRECTOR)
        AppearanceFactory(episode=extra, character=self.character, performer=self.person)
        EpisodeFactory(
            season=self.season,
            title="",
            air_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )


PAGES = {
    "home": "/",
    "series list": "/series/",
    "series list, filtered": "/series/?q=focus&network=focus-network&genre=crime-drama"
    "&status=airing&universe=focus-universe&year_from=1990&year_to=2030&ordering=-score",
    "series list, bad filters": "/series/?network=nope&ordering=sideways&page=99",
    "series": "/series/focus-series/",
    "season": "/series/focus-series/season/1/",
    "episode": "/series/focus-series/season/1/episode/1/",
    "people": "/people/",
    "person": "/people/focus-person/",
    "characters": "/characters/",
    "character": "/characters/focus-character/",
    "universes": "/universes/",
    "universe": "/universes/focus-universe/",
    "characters, filtered": "/characters/?universe=focus-universe&series=focus-series&crossers=1",
    "characters, bad filters": "/characters/?universe=nope&crossers=maybe",
    "watch order": "/universes/focus-universe/watch-order/",
    "watch order, essentials, every episode": (
        "/universes/focus-universe/watch-order/?essentials=1&episodes=1"
    ),
    "graph": "/universes/focus-universe/graph/",
    "connection finder": "/connections/",
    "connection": "/connections/?from=focus-series&to=focus-partner",
    "connection, unknown series": "/connections/?from=focus-series&to=nowhere",
    "search": "/search/?q=focus",
    "search, one kind": "/search/?q=focus&kind=episodes&page=2",
    "sitemap index": "/sitemap.xml",
    "sitemap of episodes": "/sitemap-episodes.xml",
    "not found": "/series/no-such-series/",
    "before a series": "/series/focus-series/before/",
    "before a season": "/series/focus-series/season/1/before/",
    "before an episode": "/series/focus-series/season/1/episode/1/before/",
}


# What each page costs over the small catalogue. The citations of every record a page shows
# are one query (catalog.footnotes): detail pages read them instead of their own record's
# sources, at the same count; lists, the watch order, the graph and a connection gained it.
PAGE_QUERIES = {
    "home": 7,  # +1: the page's citations (catalog.footnotes)
    "series list": 8,  # +1: the page's citations (catalog.footnotes)
    "series list, filtered": 8,  # +1: the page's citations (catalog.footnotes)
    "series list, bad filters": 8,  # +1: the page's citations (catalog.footnotes)
    "series": 10,
    "season": 7,
    "episode": 8,
    "people": 5,  # +1: the page's citations (catalog.footnotes)
    "person": 4,
    "characters": 8,  # +1: the page's citations (catalog.footnotes)
    "character": 3,
    "universes": 4,  # +1: the page's citations (catalog.footnotes)
    "universe": 9,
    "characters, filtered": 8,  # +1: the page's citations (catalog.footnotes)
    "characters, bad filters": 9,  # +1: the page's citations (catalog.footnotes)
    "watch order": 6,  # +1: the page's citations (catalog.footnotes)
    "watch order, essentials, every episode": 6,  # +1: the page's citations (catalog.footnotes)
    "graph": 6,  # +1: the page's citations (catalog.footnotes)
    "connection finder": 3,
    "connection": 5,  # +1: the page's citations (catalog.footnotes)
    "connection, unknown series": 3,
    "search": 8,
    "search, one kind": 5,
    "sitemap index": 7,
    "sitemap of episodes": 2,
    "not found": 1,
    "before a series": 7,
    "before a season": 7,
    "before an episode": 7,
}


def get(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code)


def test_query_count_stays_flat_when_the_catalogue_grows_tenfold(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    world = World()
    world.grow(1)
    small = {}
    for name, url in PAGES.items():
        client.get(url)  # warm process-wide caches (content types) as a running site has
        with django_assert_max_num_queries(MAX_QUERIES, info=f"{name}: {url}") as queries:
            get(client, url)
        small[name] = len(queries)
    assert small == PAGE_QUERIES
    world.grow(9)
    for name, url in PAGES.items():
        with django_assert_num_queries(small[name], info=f"{name}: {url} with 10× data"):
            get(client, url)


def test_series_page_stays_within_budget_with_a_cold_content_type_cache(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    """The first request of a process costs what the next ones do: the page's citations are
    found by their content type's name, in the same query (catalog.footnotes), not through
    the content-type cache."""
    world = World()
    world.grow(2)
    url = world.series.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES) as warm:
        get(client, url)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(len(warm)):
        get(client, url)
