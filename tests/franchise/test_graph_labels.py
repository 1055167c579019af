"""The universe graph never sets one text over another: arc labels, series boxes and years,
by the layout's own estimate of their widths, in both drawings (wide and phone), for the
seed, a crowded generated universe and random graphs. The browser test
(tests/browser/test_phone.py) checks the same on the rendered boxes."""

import datetime
import itertools
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from franchise.appearances import Place
from franchise.factories import CROWDED_TITLES, crowded_universe_create
from franchise.graph import HORIZONTAL, VERTICAL, SeriesGraph, SeriesNode, graph_layout
from franchise.graph.data import LinkEdge, SharedCharacter
from franchise.models import AppearanceKind, CanonScope, LinkKind, Universe
from franchise.selectors import graph_page

ORIENTATIONS = (HORIZONTAL, VERTICAL)


def overlapping_texts(layout) -> list[tuple[str, str]]:
    boxes = layout.text_boxes()
    return [(a.text, b.text) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]


def assert_no_text_overlaps(layout) -> None:
    assert overlapping_texts(layout) == [], layout.orientation
    # Everything lies within the drawing.
    for box in layout.text_boxes():
        assert box.x1 >= 0 and box.x2 <= layout.width, (box, layout.width)
        assert box.y1 >= 0 and box.y2 <= layout.height, (box, layout.height)


@pytest.mark.django_db
def test_the_seed_graph_sets_no_label_over_another(seeded):
    page = graph_page(Universe.objects.get(slug="bosch-universe"))
    for layout in (page.horizontal, page.vertical):
        assert len(layout.edges) >= 4
        assert_no_text_overlaps(layout)


@pytest.mark.django_db
def test_a_crowded_universe_sets_no_label_over_another():
    """Twelve series, several a year apart or in the same year, ten typed links (some
    spanning the whole timeline) and characters shared by two to four series."""
    page = graph_page(crowded_universe_create())
    assert len(page.graph.nodes) == len(CROWDED_TITLES)
    for layout in (page.horizontal, page.vertical):
        assert len(layout.edges) >= 12
        assert_no_text_overlaps(layout)


def test_overlap_is_found_when_two_labels_share_a_spot():
    """The check itself: a layout whose two labels were drawn on the same spot fails it."""
    layout = graph_layout(random_graph(3, [(0, 1, 0), (1, 2, 0)], []))
    assert overlapping_texts(layout) == []
    first, second = layout.edges
    on_first = replace(second, label_x=first.label_x, label_lines=first.label_lines)
    assert overlapping_texts(replace(layout, edges=[first, on_first]))


TITLES = ("Bo", "Harbour", "The Long Watch", "Precinct Nine and the Westside Division: Reprise")
KINDS = list(LinkKind)


def random_graph(count, links, characters) -> SeriesGraph:
    nodes = {
        number: SeriesNode(
            number,
            f"series-{number}",
            f"{TITLES[number % len(TITLES)]} {number}",
            datetime.date(2000 + number // 2 + (number % 3) * 2, 1, 1) if number % 7 else None,
            "Network",
        )
        for number in range(1, count + 1)
    }
    edges = [
        LinkEdge(1 + a % count, 1 + b % count, KINDS[kind % len(KINDS)], "", CanonScope.ON_SCREEN)
        for a, b, kind in links
        if a % count != b % count
    ]
    shared_characters, shared = {}, {}
    for number, places in enumerate(characters, start=1):
        ids = sorted({1 + place % count for place in places})
        if len(ids) < 2:
            continue
        shared_characters[number] = SharedCharacter(
            number,
            f"Character {number}" + " Long-Named" * (number % 2),
            f"character-{number}",
            tuple(Place(nodes[pk], AppearanceKind.RECURRING) for pk in ids),
        )
        for low, high in itertools.combinations(ids, 2):
            shared.setdefault((low, high), []).append(number)
    return SeriesGraph(nodes, edges, shared_characters, shared)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(2, 16),
    links=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 6)), max_size=16
    ),
    characters=st.lists(st.lists(st.integers(0, 20), min_size=2, max_size=5), max_size=12),
)
def test_random_graphs_set_no_label_over_another(count, links, characters):
    graph = random_graph(count, links, characters)
    for orientation in ORIENTATIONS:
        assert_no_text_overlaps(graph_layout(graph, orientation=orientation))


def test_a_tall_label_beside_the_first_series_stays_inside_the_drawing():
    """Sixteen links and a dozen shared characters between the first two series (found by
    the random graphs): the label, centred on its arc, would start above the drawing; it
    moves down instead."""
    graph = random_graph(2, [(0, 1, kind) for kind in range(16)], [[0, 1]] * 12)
    for orientation in ORIENTATIONS:
        assert_no_text_overlaps(graph_layout(graph, orientation=orientation))


@pytest.mark.django_db
def test_a_universe_too_wide_to_read_left_to_right_is_drawn_top_to_bottom_everywhere(client):
    """Twelve series side by side would shrink the wide drawing's text to half its size on
    a wide screen: the page sends the top-to-bottom drawing alone, shown at every width."""
    universe = crowded_universe_create()
    assert not graph_page(universe).horizontal.fits_wide_screens
    html = client.get(f"/universes/{universe.slug}/graph/").content.decode()
    assert html.count('<div class="graph-stack ') == 1
    assert '<div class="graph-stack graph-stack--vertical graph-stack--only">' in html


@pytest.mark.django_db
def test_the_seed_graph_is_drawn_left_to_right_on_wide_screens(seeded, client):
    assert graph_page(Universe.objects.get(slug="bosch-universe")).horizontal.fits_wide_screens
    html = client.get("/universes/bosch-universe/graph/").content.decode()
    assert "graph-stack--only" not in html
    assert '<div class="graph-stack graph-stack--horizontal">' in html
