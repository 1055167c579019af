"""The universe as a graph: links both ways, shared characters, shortest connections."""

import pytest

from franchise.graph import chain_evidence, connection_find, graph_layout, series_graph
from franchise.models import Universe
from franchise.watch_order import watch_order

pytestmark = pytest.mark.django_db


def chain_between(graph, start, goal):
    return connection_find(graph, start=graph.by_slug(start), goal=graph.by_slug(goal))


def test_link_labels_read_correctly_from_both_ends(seeded):
    graph = series_graph()
    legacy, bosch, ballard = (graph.by_slug(s) for s in ("bosch-legacy", "bosch", "ballard"))
    labels = {
        (graph.nodes[link.source_id].slug, graph.nodes[link.target_id].slug, link.kind): (
            link.label_from(link.source_id),
            link.label_from(link.target_id),
        )
        for link in graph.links
    }
    assert labels[("bosch-legacy", "bosch", "spin_off_of")] == ("spin-off of", "spun off into")
    assert labels[("ballard", "bosch-legacy", "spin_off_of")] == ("spin-off of", "spun off into")
    assert legacy and bosch and ballard


def test_shared_characters_are_derived_from_appearances(seeded):
    graph = series_graph()
    bosch, legacy, ballard = (graph.by_slug(s).id for s in ("bosch", "bosch-legacy", "ballard"))
    bosch_ballard = {
        graph.characters[pk].slug for pk in graph.shared[tuple(sorted((bosch, ballard)))]
    }
    assert "harry-bosch" in bosch_ballard
    legacy_ballard = {
        graph.characters[pk].slug for pk in graph.shared[tuple(sorted((legacy, ballard)))]
    }
    assert {"harry-bosch", "renee-ballard", "mo-bassi"} <= legacy_ballard


def test_chain_from_bosch_to_ballard_is_one_hop_through_harry_bosch(seeded):
    chain = chain_between(series_graph(), "bosch", "ballard")
    assert len(chain) == 1
    assert chain[0].character.slug == "harry-bosch"
    assert (chain[0].kind_from, chain[0].kind_to) == ("main", "recurring")
    assert chain[0].scope == "on_screen"


def test_chain_from_the_lincoln_lawyer_to_ballard_leaves_the_screen_once(seeded):
    """The Lincoln Lawyer joins the Bosch shows only through the books: the literary
    universe it shares with Bosch, or Mickey Haller, seen in Bosch: Legacy only in a
    flashback. Either way one hop is off screen; the typed link comes first."""
    chain = chain_between(series_graph(), "the-lincoln-lawyer", "ballard")
    assert [step.to_node.slug for step in chain] == ["bosch", "ballard"]
    assert [step.scope for step in chain] == ["books_only", "on_screen"]
    assert chain[0].link.kind == "same_literary_universe"
    assert chain[1].character.slug == "harry-bosch"


def test_mickey_hallers_flashback_joins_bosch_legacy_in_the_books_only(seeded):
    chain = chain_between(series_graph(), "the-lincoln-lawyer", "bosch-legacy")
    assert len(chain) == 1 and chain[0].character.slug == "mickey-haller"
    assert (chain[0].kind_from, chain[0].kind_to, chain[0].scope) == (
        "main",
        "flashback",
        "books_only",
    )
    legacy_visit = chain_evidence(chain)[0].to_appearances
    assert [(a.episode.season.number, a.episode.number) for a in legacy_visit] == [(1, 8)]


def test_no_chain_to_itself_or_to_an_unconnected_series(seeded):
    graph = series_graph()
    assert chain_between(graph, "bosch", "bosch") == []


def test_watch_order_runs_bosch_then_legacy_then_ballard_with_the_hand_off(seeded):
    guide = watch_order(Universe.objects.get(slug="bosch-universe"))
    order = [entry.season.series.slug for entry in guide]
    first = {slug: order.index(slug) for slug in ("bosch", "bosch-legacy", "ballard")}
    assert first["bosch"] < first["bosch-legacy"] < first["ballard"]
    legacy_3 = next(
        e for e in guide if e.season.series.slug == "bosch-legacy" and e.season.number == 3
    )
    dig_down = next(e for e in legacy_3.episodes if e.episode.number == 10)
    assert dig_down.is_crossover
    assert [series.slug for series in dig_down.hand_offs] == ["ballard"]
    ballard_1 = next(e for e in guide if e.season.series.slug == "ballard" and e.season.number == 1)
    assert {e.episode.number for e in ballard_1.crossovers} == {2, 7}
    assert {e.episode.number for e in ballard_1.visited} == {1, 2, 7, 8}  # 1 and 8: mentions
    legacy_1 = next(
        e for e in guide if e.season.series.slug == "bosch-legacy" and e.season.number == 1
    )
    (bloodline,) = legacy_1.visited
    assert bloodline.episode.number == 8 and not bloodline.is_crossover
    assert [(v.character.slug, v.label) for v in bloodline.visits] == [
        ("mickey-haller", "Flashback")
    ]


def test_crossover_essentials_keep_only_seasons_around_crossovers(seeded):
    universe = Universe.objects.get(slug="bosch-universe")
    everything = watch_order(universe)
    essentials = watch_order(universe, essentials=True)
    assert 0 < len(essentials) < len(everything)
    assert all(
        any(
            other.crossovers for other in essentials if other.season.series_id == e.season.series_id
        )
        for e in essentials
    )


def test_layout_places_series_on_a_timeline_without_overlap(seeded):
    layout = graph_layout(series_graph())
    by_slug = {placed.node.slug: placed for placed in layout.nodes}
    assert by_slug["bosch"].x < by_slug["bosch-legacy"].x < by_slug["ballard"].x
    for a in layout.nodes:
        for b in layout.nodes:
            if a is not b and a.y == b.y:
                assert a.x + a.width <= b.x or b.x + b.width <= a.x


def test_loading_the_graph_costs_three_queries(seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        series_graph()
