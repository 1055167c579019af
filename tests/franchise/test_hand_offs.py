"""Hand-offs are one rule (franchise.appearances): the series pages, the watch order, the
graph and the connection finder name the same ones for the Bosch universe, from what each
page is given to show."""

import pytest

from franchise.graph import ChainStep, chain_evidence, series_graph
from franchise.models import Universe

pytestmark = pytest.mark.django_db

# Renée Ballard's first appearance, as a guest in Bosch: Legacy 3×10, before leading Ballard.
BOSCH_HAND_OFFS = {("renee-ballard", "bosch-legacy", 3, 10, "ballard")}


def series_pages(client, universe) -> set[tuple]:
    found = set()
    for series in universe.series.all():
        crossings = client.get(series.get_absolute_url()).context["crossings"]
        for episode in crossings.episodes:
            for visit in episode.hand_offs:
                found.add(
                    (
                        visit.character.slug,
                        series.slug,
                        episode.season_number,
                        episode.number,
                        visit.hands_off_to.slug,
                    )
                )
    return found


def the_watch_order(client, universe) -> set[tuple]:
    guide = client.get(f"/universes/{universe.slug}/watch-order/").context["guide"]
    return {
        (
            visit.character.slug,
            entry.season.series.slug,
            entry.season.number,
            item.episode.number,
            visit.hands_off_to.slug,
        )
        for entry in guide
        for item in entry.episodes
        for visit in item.visits
        if visit.hands_off_to
    }


def the_graph(client, universe, episodes) -> set[tuple]:
    connections = client.get(f"/universes/{universe.slug}/graph/").context["connections"]
    return {
        (hand_off.character.slug, hand_off.series.slug, *episodes[hand_off.episode_id])
        + (hand_off.to.slug,)
        for connection in connections
        for hand_off in connection.hand_offs
    }


def the_finder(graph, episodes) -> set[tuple]:
    """Every hop through a character between two series of the universe, as the finder
    shows it with its evidence (a chain takes a typed link over a character when it can)."""
    steps = [
        ChainStep(graph.nodes[series_id], graph.nodes[neighbour], character=step.character)
        for series_id in graph.nodes
        for neighbour, step in graph.neighbours(series_id)
        if step.character
    ]
    return {
        (
            link.hand_off.character.slug,
            link.hand_off.series.slug,
            *episodes[link.hand_off.episode_id],
            link.hand_off.to.slug,
        )
        for link in chain_evidence(steps)
        if link.hand_off
    }


def test_every_page_names_the_same_hand_offs(seeded, client):
    from catalog.models import Episode

    universe = Universe.objects.get(slug="bosch-universe")
    episodes = {
        episode.pk: (episode.season.number, episode.number)
        for episode in Episode.objects.select_related("season")
    }
    graph = series_graph(series_ids=list(universe.series.values_list("pk", flat=True)))
    assert series_pages(client, universe) == BOSCH_HAND_OFFS
    assert the_watch_order(client, universe) == BOSCH_HAND_OFFS
    assert the_graph(client, universe, episodes) == BOSCH_HAND_OFFS
    assert the_finder(graph, episodes) == BOSCH_HAND_OFFS


def test_the_hand_off_shows_on_every_page(seeded, client):
    series_page = client.get("/series/bosch-legacy/").content.decode()
    assert 'Hand-off</span> <span class="note">to <a href="/series/ballard/">' in series_page
    watch = client.get("/universes/bosch-universe/watch-order/").content.decode()
    assert "first appearance of Renée Ballard, who leads" in watch
    graph = client.get("/universes/bosch-universe/graph/").content.decode()
    assert 'Renée Ballard</a> <span class="badge badge--handoff">Hand-off</span>' in graph
