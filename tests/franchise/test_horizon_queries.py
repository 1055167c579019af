"""With a spoiler horizon, every public page still runs a fixed number of queries: the
horizon costs a few of its own (franchise.horizon), the same however big the catalogue.
Without one, the pages cost what tests/catalog/test_queries.py says."""

import pytest

from franchise.horizon import COOKIE, cookie_value
from tests.catalog.test_queries import MAX_QUERIES, PAGE_QUERIES, PAGES, World, get

pytestmark = pytest.mark.django_db

# Reading the horizon: its episode and universe, the release order, where each season starts.
HORIZON_QUERIES = 3
# Pages that read a little more for it: the appearances behind the graph's crossings (the
# universe, its graph, the connection finder), the characters among search results.
HORIZON_EXTRA = {"universe": 1, "graph": 1, "connection finder": 1, "connection": 1}
HORIZON_EXTRA |= {"connection, unknown series": 1, "search": 1, "characters": 1}
HORIZON_EXTRA |= {"characters, filtered": 1, "characters, bad filters": 1}


def test_a_horizon_costs_a_fixed_number_of_queries_on_every_page(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    world = World()
    world.grow(1)
    client.cookies[COOKIE] = cookie_value("focus-universe", "release", world.episode.pk)
    small = {}
    for name, url in PAGES.items():
        client.get(url)
        limit = MAX_QUERIES + HORIZON_QUERIES + 1
        with django_assert_max_num_queries(limit, info=f"{name}: {url}") as queries:
            get(client, url)
        small[name] = len(queries)
        assert "Spoiler horizon on" in client.get(url).content.decode() or name.startswith(
            "sitemap"
        )
    expected = {
        name: count + HORIZON_QUERIES + HORIZON_EXTRA.get(name, 0)
        for name, count in PAGE_QUERIES.items()
        if not name.startswith("sitemap")
    }
    assert {k: v for k, v in small.items() if not k.startswith("sitemap")} == expected
    world.grow(9)
    for name, url in PAGES.items():
        with django_assert_num_queries(small[name], info=f"{name}: {url} with 10× data"):
            get(client, url)


def test_without_a_horizon_the_pages_cost_what_they_did(client, django_assert_num_queries):
    world = World()
    world.grow(1)
    client.cookies[COOKIE] = "forged"  # no horizon: nothing read for it
    for name, url in PAGES.items():
        client.get(url)
        with django_assert_num_queries(PAGE_QUERIES[name], info=f"{name}: {url}"):
            get(client, url)
