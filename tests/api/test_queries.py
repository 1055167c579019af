"""Every API endpoint runs a fixed number of SQL queries, include= and all, however big the
catalogue.

Each address is read over the small catalogue of the pages' own query-count test
(tests/catalog/test_queries.py's World, around one series, season, episode, person,
character and universe), the catalogue grows tenfold, and each address is read again: the
counts must match. It guards against an N+1 creeping into a serializer (a relation read
that the endpoint's queryset did not load) and against an include= that costs more with
more data.
"""

import pytest

from tests.catalog.test_queries import World

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16
EVERY = {
    "series": "seasons,credits,reviews,claims,characters",
    "season": "episodes,reviews",
    "episode": "credits,characters",
    "person": "credits,characters",
    "universe": "watch_order,graph",
}
SERIES = "/api/v1/series/focus-series"
SEASON = f"{SERIES}/seasons/1"
EPISODE = f"{SEASON}/episodes/1"
ENDPOINTS = {
    "root": "/api/v1/",
    "series list": "/api/v1/series",
    "series list, filtered": "/api/v1/series?q=focus&network=focus-network&genre=crime-drama"
    "&status=airing&universe=focus-universe&year_from=1990&year_to=2030&ordering=-score",
    "series list, page 2": "/api/v1/series?page=2&page_size=2",
    "series": SERIES,
    "series, every include": f"{SERIES}?include={EVERY['series']}",
    "season": SEASON,
    "season, every include": f"{SEASON}?include={EVERY['season']}",
    "episode": EPISODE,
    "episode, every include": f"{EPISODE}?include={EVERY['episode']}",
    "before a series": f"{SERIES}/before",
    "before a season": f"{SEASON}/before",
    "before an episode": f"{EPISODE}/before",
    "people": "/api/v1/people",
    "person": "/api/v1/people/focus-person",
    "person, every include": f"/api/v1/people/focus-person?include={EVERY['person']}",
    "characters": "/api/v1/characters",
    "characters, filtered": "/api/v1/characters?universe=focus-universe&series=focus-series"
    "&crossers=true",
    "character": "/api/v1/characters/focus-character",
    "universe": "/api/v1/universes/focus-universe",
    "universe, every include": f"/api/v1/universes/focus-universe?include={EVERY['universe']}",
    "claims": "/api/v1/claims",
    "claims, filtered": "/api/v1/claims?series=focus-series&verdict=partly_confirmed",
    "search": "/api/v1/search?q=focus",
    "search, one kind": "/api/v1/search?q=focus&kind=episodes&page_size=5",
}


def counts_of(client, django_assert_max_num_queries) -> dict[str, int]:
    counts = {}
    for name, url in ENDPOINTS.items():
        client.get(url)  # warm process-wide caches (content types) as a running site has
        with django_assert_max_num_queries(MAX_QUERIES, info=f"{name}: {url}") as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.content[:300])
        counts[name] = len(queries)
    return counts


def test_query_counts_stay_flat_when_the_catalogue_grows_tenfold(
    client, django_assert_max_num_queries
):
    world = World()
    world.grow(1)
    small = counts_of(client, django_assert_max_num_queries)
    for resource in EVERY:  # an include costs its own prefetches
        assert small[f"{resource}, every include"] > small[resource], resource
    world.grow(9)
    large = counts_of(client, django_assert_max_num_queries)
    assert large == small
    print("\nAPI queries at 1× and 10×:", small)
