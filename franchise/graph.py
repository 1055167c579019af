"""How series connect: typed links and shared characters, as a graph to search and draw.

Two series are adjacent when a SeriesLink joins them (either direction, each end with its
own label) or when a character appears in both (derived from appearances, never typed).
Everything is read in a fixed number of queries, whatever the size of the catalogue:
series, links, and the (character, series) pairs of characters who cross between series.
"""

import textwrap
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace

from django.db import connections
from django.db.models.expressions import RawSQL

from catalog.models import PublishStatus, Series
from franchise.appearances import (
    CharacterRef,
    HandOff,
    SeriesRef,
    SharedCharacter,
    Sighting,
    by_character,
    crossover_visits,
    places_of,
    sighting,
    sightings,
)
from franchise.models import Appearance, AppearanceKind, LinkKind, SeriesLink

# Links that join the books rather than the screen: the finder uses them only as a last resort.
OFF_SCREEN_KINDS = {LinkKind.SAME_LITERARY_UNIVERSE}


@dataclass(frozen=True)
class SeriesNode(SeriesRef):
    network: str = ""

    @property
    def premiere_year(self) -> int | None:
        return self.premiere.year if self.premiere else None


@dataclass(frozen=True)
class LinkEdge:
    source_id: int
    target_id: int
    kind: str
    note: str = ""

    @property
    def label(self) -> str:
        return LinkKind(self.kind).label

    @property
    def inverse_label(self) -> str:
        return SeriesLink.INVERSE_LABELS[LinkKind(self.kind)]

    @property
    def on_screen(self) -> bool:
        return self.kind not in OFF_SCREEN_KINDS

    def label_from(self, series_id: int) -> str:
        """The label read from one end: 'spin-off of' from the source, 'spun off into' back."""
        return self.label if series_id == self.source_id else self.inverse_label


@dataclass(frozen=True)
class Connection:
    """Everything that joins two series: typed links (either way) and shared characters.
    `first` is the earlier of the two on the timeline."""

    first: SeriesNode
    second: SeriesNode
    links: tuple[LinkEdge, ...]
    characters: tuple[SharedCharacter, ...]
    hand_offs: tuple[HandOff, ...] = ()  # first appearances in one before leading the other

    @property
    def weight(self) -> int:
        return len(self.characters)

    @property
    def handed_off(self) -> set[int]:
        """The characters whose hand-off runs between the two series."""
        return {hand_off.character.id for hand_off in self.hand_offs}

    @property
    def on_screen(self) -> bool:
        return bool(self.characters) or any(link.on_screen for link in self.links)

    def labels_from(self, series_id: int) -> list[str]:
        return [link.label_from(series_id) for link in self.links]

    @property
    def labels(self) -> list[str]:
        """The typed links read from the earlier series: "spun off into", "sequel to"…"""
        return self.labels_from(self.first.id)


@dataclass
class SeriesGraph:
    nodes: dict[int, SeriesNode]
    links: list[LinkEdge]
    characters: dict[int, SharedCharacter]
    # (low id, high id) -> ids of characters appearing in both series
    shared: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    hand_offs: list[HandOff] = field(default_factory=list)  # when read with_hand_offs

    def by_slug(self, slug: str) -> SeriesNode | None:
        return self._by_slug.get(slug)

    def neighbours(self, series_id: int, *, on_screen_only: bool = False):
        """Adjacent series with what joins them: typed links first, then characters."""
        steps = self._adjacency.get(series_id, [])
        if on_screen_only:
            return [s for s in steps if not (s[1].link and not s[1].link.on_screen)]
        return steps

    def timeline(self) -> list[SeriesNode]:
        """The series by premiere date (undated last), then title."""
        return sorted(self.nodes.values(), key=lambda node: node.timeline_key)

    def connections(self) -> list[Connection]:
        """One entry per pair of series that anything joins, in timeline order."""
        order = {node.id: index for index, node in enumerate(self.timeline())}
        links_by_pair: dict[tuple[int, int], list[LinkEdge]] = defaultdict(list)
        for link in self.links:
            links_by_pair[_pair(link.source_id, link.target_id)].append(link)
        hand_offs: dict[tuple[int, int], list[HandOff]] = defaultdict(list)
        for hand_off in self.hand_offs:
            hand_offs[_pair(hand_off.series.id, hand_off.to.id)].append(hand_off)
        pairs = set(links_by_pair) | set(self.shared)
        found = []
        for low, high in pairs:
            first, second = sorted((low, high), key=order.__getitem__)
            found.append(
                Connection(
                    self.nodes[first],
                    self.nodes[second],
                    tuple(sorted(links_by_pair.get((low, high), []), key=_link_order)),
                    tuple(self.characters[pk] for pk in self.shared.get((low, high), [])),
                    tuple(hand_offs.get((low, high), [])),
                )
            )
        return sorted(found, key=lambda c: (order[c.first.id], order[c.second.id]))

    def __post_init__(self):
        self._by_slug = {node.slug: node for node in self.nodes.values()}
        adjacency: dict[int, list[tuple[int, Step]]] = defaultdict(list)
        for link in self.links:
            adjacency[link.source_id].append((link.target_id, Step(link=link)))
            adjacency[link.target_id].append((link.source_id, Step(link=link)))
        for (low, high), character_ids in self.shared.items():
            for character_id in character_ids:
                character = self.characters[character_id]
                adjacency[low].append((high, Step(character=character)))
                adjacency[high].append((low, Step(character=character)))
        for steps in adjacency.values():
            steps.sort(key=lambda item: (item[1].character is not None, self.nodes[item[0]].title))
        self._adjacency = dict(adjacency)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _link_order(link: LinkEdge) -> tuple:
    return (not link.on_screen, list(LinkKind).index(LinkKind(link.kind)))


@dataclass(frozen=True)
class Step:
    link: LinkEdge | None = None
    character: SharedCharacter | None = None


@dataclass(frozen=True)
class ChainStep:
    """One hop of a connection: from a series to the next, through a link or a character."""

    from_node: SeriesNode
    to_node: SeriesNode
    link: LinkEdge | None = None
    character: SharedCharacter | None = None

    @property
    def link_label(self) -> str:
        return self.link.label_from(self.from_node.id) if self.link else ""

    @property
    def kind_from(self) -> str:
        return self.character.kind_in(self.from_node.id) if self.character else ""

    @property
    def kind_to(self) -> str:
        return self.character.kind_in(self.to_node.id) if self.character else ""

    @property
    def on_screen(self) -> bool:
        return self.character is not None or self.link.on_screen


def series_graph(
    *, series_ids: list[int] | None = None, with_hand_offs: bool = False
) -> SeriesGraph:
    """The published series (all, or the given ones) with their links and shared characters,
    and with_hand_offs the hand-offs between them (franchise.appearances).

    Three queries, however many series, links and appearances there are. The hand-offs
    need every appearance of the characters who cross, where the rest needs one row per
    character and series: they are for a universe's page, not for the whole catalogue.
    """
    series = Series.objects.published()
    links = SeriesLink.objects.filter(
        source__status=PublishStatus.PUBLISHED, target__status=PublishStatus.PUBLISHED
    )
    appearances = Appearance.objects.published()
    if series_ids is not None:
        series = series.filter(pk__in=series_ids)
        links = links.filter(source__in=series_ids, target__in=series_ids)
        appearances = appearances.filter(series__in=series_ids)

    nodes = {
        pk: SeriesNode(pk, slug, title, premiere, network)
        for pk, slug, title, premiere, network in series.values_list(
            "pk", "slug", "title", "premiere_date", "network__name"
        ).order_by()
    }
    link_edges = [
        LinkEdge(source_id, target_id, kind, note)
        for source_id, target_id, kind, note in links.values_list(
            "source_id", "target_id", "kind", "note"
        ).order_by("source_id", "kind", "target_id")
        if source_id in nodes and target_id in nodes
    ]

    crossing = appearances.filter(character_id__in=_crossing_characters(series_ids))
    if with_hand_offs:
        seen = [s for s in sightings(crossing) if s.series.id in nodes]
    else:
        seen = _series_kinds(crossing, nodes)
    characters: dict[int, SharedCharacter] = {}
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for character_id, found in by_character(seen).items():
        places = places_of(found, with_seasons=False)
        if len(places) < 2:
            continue
        # The graph's own nodes, with their networks, rather than the sightings' series.
        places = [replace(place, series=nodes[place.series.id]) for place in places]
        character = found[0].character
        characters[character_id] = SharedCharacter(
            character_id, character.name, character.slug, tuple(places)
        )
        ids = sorted(place.series.id for place in places)
        for i, low in enumerate(ids):
            for high in ids[i + 1 :]:
                shared[(low, high)].append(character_id)
    for character_ids in shared.values():
        character_ids.sort(key=lambda pk: (characters[pk].name, pk))
    hand_offs = crossover_visits(seen).hand_offs() if with_hand_offs else []
    return SeriesGraph(nodes, link_edges, characters, dict(shared), hand_offs)


def _series_kinds(appearances, nodes: dict[int, SeriesNode]) -> list[Sighting]:
    """One sighting per character, series and kind: all that shared characters need."""
    rows = (
        appearances.values_list(
            "character_id", "character__name", "character__slug", "series_id", "kind"
        )
        .order_by()
        .distinct()
    )
    characters: dict[int, CharacterRef] = {}
    seen = []
    for character_id, name, slug, series_id, kind in rows:
        if series_id not in nodes:
            continue
        if character_id not in characters:
            characters[character_id] = CharacterRef(character_id, name, slug)
        seen.append(
            Sighting(
                0, characters[character_id], nodes[series_id], AppearanceKind(kind), None, None
            )
        )
    return seen


def _crossing_characters(series_ids: list[int] | None) -> RawSQL:
    """Characters with appearances in two series or more, drafts included (the published
    filter of series_graph decides), as a subquery.

    Counted over the distinct (series, character) pairs, which the appearance_series_character
    index holds: an index-only scan, where Count(distinct) grouped by character reads every
    row of the table (four times slower on SQLite at 60,000 appearances).
    """
    quote = connections[Appearance.objects.db].ops.quote_name
    meta = Appearance._meta
    table = quote(meta.db_table)
    series, character = (quote(meta.get_field(name).column) for name in ("series", "character"))
    where, params = "", []
    if series_ids is not None:
        if not series_ids:
            return RawSQL(f"SELECT {character} FROM {table} WHERE 1 = 0", [])
        where = f" WHERE {series} IN ({', '.join(['%s'] * len(series_ids))})"
        params = list(series_ids)
    return RawSQL(
        f"SELECT {character} FROM (SELECT DISTINCT {series}, {character} FROM {table}{where})"
        f" pairs GROUP BY {character} HAVING COUNT(*) > 1",
        params,
    )


def connection_find(graph: SeriesGraph, *, start: SeriesNode, goal: SeriesNode) -> list[ChainStep]:
    """The shortest chain of links and shared characters from one series to another.

    Breadth-first, so the chain has the fewest hops; among equal chains, typed links win
    over characters and then titles decide, so the answer is stable. Connections on screen
    come first: a link through the books alone is used only when nothing else joins them.
    Empty: no chain.
    """
    if start.id == goal.id:
        return []
    return _shortest(graph, start, goal, on_screen_only=True) or _shortest(
        graph, start, goal, on_screen_only=False
    )


def _shortest(graph: SeriesGraph, start: SeriesNode, goal: SeriesNode, *, on_screen_only: bool):
    previous: dict[int, tuple[int, Step] | None] = {start.id: None}
    queue = deque([start.id])
    while queue:
        current = queue.popleft()
        if current == goal.id:
            break
        for neighbour, step in graph.neighbours(current, on_screen_only=on_screen_only):
            if neighbour not in previous:
                previous[neighbour] = (current, step)
                queue.append(neighbour)
    if goal.id not in previous:
        return []
    chain: list[ChainStep] = []
    node_id = goal.id
    while (entry := previous[node_id]) is not None:
        from_id, step = entry
        chain.append(
            ChainStep(
                graph.nodes[from_id], graph.nodes[node_id], link=step.link, character=step.character
            )
        )
        node_id = from_id
    chain.reverse()
    return chain


@dataclass
class ChainLink:
    """A hop of a chain with what bears it out: for a hop through a character, the
    character's appearances in each of the two series, and the hand-off when the hop is one."""

    step: ChainStep
    from_appearances: list[Appearance] = field(default_factory=list)
    to_appearances: list[Appearance] = field(default_factory=list)
    hand_off: HandOff | None = None


def chain_evidence(chain: list[ChainStep]) -> list[ChainLink]:
    """The chain's hops with their evidence: one query, every published appearance of the
    characters it goes through (a hand-off depends on all of them)."""
    characters = {step.character.id: step.character for step in chain if step.character}
    if not characters:
        return [ChainLink(step) for step in chain]
    appearances = list(
        Appearance.objects.published()
        .filter(character_id__in=characters)
        .select_related("series", "season__series", "episode__season__series", "performer")
        .order_by(
            "series_id",
            "episode__season__number",
            "season__number",
            "episode__number",
            "kind",
            "pk",
        )
    )
    found: dict[tuple[int, int], list[Appearance]] = defaultdict(list)
    for appearance in appearances:
        found[(appearance.character_id, appearance.series_id)].append(appearance)
    refs = {pk: CharacterRef(pk, c.name, c.slug) for pk, c in characters.items()}
    seen = [sighting(appearance, refs[appearance.character_id]) for appearance in appearances]
    hand_offs = {
        (hand_off.character.id, _pair(hand_off.series.id, hand_off.to.id)): hand_off
        for hand_off in crossover_visits(seen).hand_offs()
    }
    links = []
    for step in chain:
        if step.character is None:
            links.append(ChainLink(step))
            continue
        pair = _pair(step.from_node.id, step.to_node.id)
        links.append(
            ChainLink(
                step,
                found.get((step.character.id, step.from_node.id), []),
                found.get((step.character.id, step.to_node.id), []),
                hand_offs.get((step.character.id, pair)),
            )
        )
    return links


# Drawing: series on a timeline by premiere date, connections as arcs beside them.
#
# Each pair of series that anything joins gets one arc: a band as thick as the number of
# characters they share, and a line with an arrow for typed links (dashed when only the
# books join them). Wide screens get the timeline left to right with the arcs above it;
# phones get it top to bottom with the arcs on the right, so that neither needs scrolling
# nor shrinks its text below legibility.

HORIZONTAL = "horizontal"
VERTICAL = "vertical"

MARGIN = 16
NODE_HEIGHT = 48
NODE_HEIGHT_TWO_LINES = 66
TITLE_CHAR_WIDTH = 7.8  # at the 14px bold the stylesheet gives titles
TITLE_CHARS = 22  # a longer title wraps onto a second line
TITLE_CHARS_VERTICAL = 18
NODE_MIN_WIDTH = 112
NODE_WIDTH_VERTICAL = 160
WIDTH_VERTICAL = 420  # the labels wrap to stay within it
# (horizontal, vertical): gaps between boxes, and how far the arcs reach out.
GAP = (48, 40)
GAP_PER_YEAR = (12, 10)
GAP_YEARS_MAX = 6
ARC_DEPTH = (60, 30)
ARC_DEPTH_PER_SPAN = (46, 30)
ARC_DEPTH_MAX = (240, 110)
LABEL_CHAR_WIDTH = (6.7, 7.2)  # at 12px, and at the 13px of the narrow drawing
LABEL_LINE_HEIGHT = 15
LABEL_CHARS = 25
LABEL_CHARS_MIN = 10
AXIS_GUTTER = 40  # room for the years, left of the boxes


@dataclass(frozen=True)
class PlacedNode:
    node: SeriesNode
    x: int
    y: int
    width: int
    height: int
    title_lines: tuple[str, ...] = ()
    year_label: str = ""  # the premiere year, on the first series of each year

    @property
    def cx(self) -> int:
        return self.x + self.width // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2

    @property
    def title_y(self) -> int:
        return self.y + 21

    @property
    def meta_y(self) -> int:
        return self.y + self.height - 11

    @property
    def description(self) -> str:
        parts = [str(self.node.premiere_year or ""), self.node.network]
        details = ", ".join(part for part in parts if part)
        return f"{self.node.title} ({details})" if details else self.node.title


@dataclass(frozen=True)
class LabelLine:
    text: str
    kind: str  # "link" or "characters"
    y: int


@dataclass(frozen=True)
class PlacedEdge:
    connection: Connection
    source: PlacedNode  # the earlier series
    target: PlacedNode  # the later series
    path: str
    label_x: int
    label_anchor: str  # "start" or "middle"
    label_lines: tuple[LabelLine, ...]
    arrow_at_end: bool = False
    leader: tuple[int, int, int, int] | None = None  # from the arc to a label set apart

    @property
    def kind(self) -> str:
        if self.connection.links and not self.connection.on_screen:
            return "books"
        return "link" if self.connection.links else "characters"

    @property
    def weight(self) -> int:
        return self.connection.weight

    @property
    def band_width(self) -> str:
        return f"{min(2 + 1.6 * self.weight, 14):g}"

    @property
    def description(self) -> str:
        """The arc in words, for its tooltip."""
        first, second = self.connection.first, self.connection.second
        parts = [
            f"{first.title} {label} {second.title}"
            for label in self.connection.labels_from(first.id)
        ]
        if count := len(self.connection.characters):
            names = ", ".join(character.name for character in self.connection.characters)
            parts.append(f"{count} shared character{'s' if count != 1 else ''}: {names}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Tick:
    year: str
    x: int
    y: int
    line: tuple[int, int, int, int]


@dataclass(frozen=True)
class GraphLayout:
    width: int
    height: int
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    ticks: list[Tick]
    axis: tuple[int, int, int, int]  # x1, y1, x2, y2 of the timeline
    orientation: str = HORIZONTAL

    @property
    def years(self) -> list[tuple[str, int]]:
        return [(tick.year, tick.x) for tick in self.ticks]


def _title_lines(title: str, chars: int) -> tuple[str, ...]:
    lines = textwrap.wrap(title, chars) or [title]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), chars, placeholder="…")]
    return tuple(lines)


def _edge_labels(connection: Connection, chars: int, short: bool) -> list[tuple[str, str]]:
    """(text, kind) lines naming a connection, read from the earlier series, wrapped at
    chars characters ("8 characters" rather than "8 shared characters" when short)."""
    lines = []
    for link in connection.links:
        label = link.label_from(connection.first.id)
        lines += [(line, "link") for line in textwrap.wrap(label, chars)]
    count = len(connection.characters)
    if count == 1:
        for line in textwrap.wrap(connection.characters[0].name, chars)[:2]:
            lines.append((line, "characters"))
    elif count:
        text = f"{count} characters" if short else f"{count} shared characters"
        lines += [(line, "characters") for line in textwrap.wrap(text, chars)]
    return lines


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def graph_layout(graph: SeriesGraph, *, orientation: str = HORIZONTAL) -> GraphLayout:
    """Place series on a timeline by premiere date, and one arc per connected pair.

    Along the timeline, boxes follow in premiere order with gaps that grow with the years
    between them; arcs reach further out the more series they span, and their labels are
    moved outwards until none overlaps another.
    """
    vertical = orientation == VERTICAL
    timeline = graph.timeline()

    # Along the timeline ("main" axis): where each box starts, and its size.
    spans: list[tuple[SeriesNode, int, int, int, tuple[str, ...], str]] = []
    position, previous_year = 0, None
    for node in timeline:
        lines = _title_lines(node.title, TITLE_CHARS_VERTICAL if vertical else TITLE_CHARS)
        height = NODE_HEIGHT if len(lines) == 1 else NODE_HEIGHT_TWO_LINES
        longest = max(len(line) for line in lines)
        width = (
            NODE_WIDTH_VERTICAL
            if vertical
            else max(NODE_MIN_WIDTH, round(longest * TITLE_CHAR_WIDTH + 28))
        )
        if spans:
            years = 0
            if node.premiere_year and previous_year:
                years = min(max(node.premiere_year - previous_year, 0), GAP_YEARS_MAX)
            position += GAP[vertical] + GAP_PER_YEAR[vertical] * years
        year_label = ""
        if not spans or node.premiere_year != previous_year:
            year_label = str(node.premiere_year) if node.premiere_year else "Undated"
        size = height if vertical else width
        spans.append((node, position, width, height, lines, year_label))
        position += size
        previous_year = node.premiere_year or previous_year

    index = {node.id: i for i, node in enumerate(timeline)}
    connections = graph.connections()
    # Where each arc meets a box: spread along the box's outer edge, nearer partners inside.
    ends: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for number, connection in enumerate(connections):
        first, second = index[connection.first.id], index[connection.second.id]
        ends[connection.first.id].append((-second, number))
        ends[connection.second.id].append((-first if vertical else first, number))
    main_at: dict[tuple[int, int], float] = {}
    for node_id, partners in ends.items():
        node, start, width, height, _, _ = spans[index[node_id]]
        size = height if vertical else width
        partners.sort(reverse=vertical)
        usable = size * (0.6 if vertical else 0.7)
        for slot, (_, number) in enumerate(partners):
            main_at[(node_id, number)] = (
                start + size / 2 - usable / 2 + usable * (slot + 1) / (len(partners) + 1)
            )

    # Arcs in "main, out" coordinates: out = 0 on the boxes' outer edge, growing outwards.
    def by_span(item):
        return (index[item[1].second.id] - index[item[1].first.id], index[item[1].first.id])

    shapes = []
    for number, connection in sorted(enumerate(connections), key=by_span):
        span = index[connection.second.id] - index[connection.first.id]
        depth = min(
            ARC_DEPTH[vertical] + ARC_DEPTH_PER_SPAN[vertical] * (span - 1),
            ARC_DEPTH_MAX[vertical],
        )
        m1 = main_at[(connection.first.id, number)]
        m2 = main_at[(connection.second.id, number)]
        shapes.append((connection, m1, m2, depth))
    # Points along each arc (a cubic reaching 3/4 of its depth at the middle).
    curve = [
        (3 * depth * t * (1 - t), m1 + (m2 - m1) * (3 * t * t - 2 * t * t * t))
        for _, m1, m2, depth in shapes
        for t in (step / 20 for step in range(21))
    ]

    def beyond_arcs(low: float, high: float) -> float:
        """How far out the arcs reach beside this stretch of the timeline."""
        return max([out for out, main in curve if low - 4 <= main <= high + 4] + [0])

    arcs = []
    label_boxes: list[list[float]] = []  # [main1, out1, main2, out2]
    for connection, m1, m2, depth in shapes:
        middle = (m1 + m2) / 2
        if vertical:
            # Beside the timeline, clear of every arc there: the lines run outwards. A
            # label that would cover another moves on down the timeline.
            top = None  # centred on the arc's middle, until another label is in the way
            for _ in range(12):
                guess = middle - LABEL_LINE_HEIGHT if top is None else top
                out = beyond_arcs(guess, guess + 2 * LABEL_LINE_HEIGHT) + 6
                room = WIDTH_VERTICAL - 2 * MARGIN - AXIS_GUTTER - NODE_WIDTH_VERTICAL - out
                chars = max(LABEL_CHARS_MIN, int(room / LABEL_CHAR_WIDTH[vertical]))
                lines = _edge_labels(connection, chars, short=True)
                height = LABEL_LINE_HEIGHT * len(lines)
                first = middle - height / 2 if top is None else top
                out = max(out, beyond_arcs(first, first + height) + 6)
                width = max(len(text) for text, _ in lines) * LABEL_CHAR_WIDTH[vertical]
                box = [first, out, first + height, out + width]
                blocking = [placed for placed in label_boxes if _overlaps(box, placed)]
                if not blocking:
                    break
                top = max(placed[2] for placed in blocking) + 3
        else:
            # On the apex, centred both ways; one that would cover another moves outwards.
            lines = _edge_labels(connection, LABEL_CHARS, short=False)
            width = max(len(text) for text, _ in lines) * LABEL_CHAR_WIDTH[vertical]
            height = LABEL_LINE_HEIGHT * len(lines)
            apex = depth * 0.75
            box = [middle - width / 2, apex - height / 2, middle + width / 2, apex + height / 2]
            while blocking := [placed for placed in label_boxes if _overlaps(box, placed)]:
                shift = max(placed[3] for placed in blocking) + 3 - box[1]
                box[1] += shift
                box[3] += shift
        label_boxes.append(box)
        arcs.append((connection, m1, m2, depth, box, lines))

    reach = max([box[3] for box in label_boxes] + [ARC_DEPTH[vertical]])
    edges: list[PlacedEdge] = []
    if vertical:
        node_x = MARGIN + AXIS_GUTTER
        outer = node_x + NODE_WIDTH_VERTICAL
        nodes = [
            PlacedNode(node, node_x, MARGIN + start, width, height, lines, year)
            for node, start, width, height, lines, year in spans
        ]
        for connection, m1, m2, depth, box, lines in arcs:
            y1, y2 = round(MARGIN + m1), round(MARGIN + m2)
            path = f"M{outer} {y1} C{outer + depth} {y1} {outer + depth} {y2} {outer} {y2}"
            top = MARGIN + box[0]
            label_lines = tuple(
                LabelLine(text, kind, round(top + LABEL_LINE_HEIGHT * (i + 1) - 4))
                for i, (text, kind) in enumerate(lines)
            )
            label_x = round(outer + box[1])
            edge = _edge(connection, nodes, index, path, label_x, "start", label_lines)
            apex_x, apex_y = round(outer + depth * 0.75), round(MARGIN + (m1 + m2) / 2)
            label_y = round(MARGIN + (box[0] + box[2]) / 2)
            if label_x - apex_x > 12 or abs(label_y - apex_y) > LABEL_LINE_HEIGHT:
                edge = replace(edge, leader=(apex_x, apex_y, label_x - 3, label_y))
            edges.append(edge)
        end = MARGIN + position
        axis_x = MARGIN + AXIS_GUTTER - 14
        axis = (axis_x, MARGIN, axis_x, end)
        ticks = [
            Tick(node.year_label, axis_x - 8, node.cy + 4, (axis_x - 4, node.cy, axis_x, node.cy))
            for node in nodes
            if node.year_label
        ]
        lowest = max([end] + [MARGIN + box[2] for box in label_boxes])
        width, height = round(outer + reach + MARGIN), round(lowest + MARGIN)
    else:
        # A label wider than the first arc may jut out on the left: start further right.
        origin = MARGIN + max(0, -round(min([box[0] for box in label_boxes] + [0])))
        base = MARGIN + round(reach)  # the boxes' top edge
        nodes = [
            PlacedNode(node, origin + start, base, width, height, lines, year)
            for node, start, width, height, lines, year in spans
        ]
        for connection, m1, m2, depth, box, lines in arcs:
            x1, x2 = round(origin + m1), round(origin + m2)
            path = f"M{x1} {base} C{x1} {base - depth} {x2} {base - depth} {x2} {base}"
            bottom = base - box[1]
            label_lines = tuple(
                LabelLine(text, kind, round(bottom - LABEL_LINE_HEIGHT * (len(lines) - 1 - i) - 4))
                for i, (text, kind) in enumerate(lines)
            )
            middle = round(origin + (box[0] + box[2]) / 2)
            edges.append(_edge(connection, nodes, index, path, middle, "middle", label_lines))
        axis_y = max([node.y + node.height for node in nodes] + [base]) + 14
        axis = (origin, axis_y, origin + position, axis_y)
        ticks = [
            Tick(node.year_label, node.cx, axis_y + 20, (node.cx, axis_y, node.cx, axis_y + 5))
            for node in nodes
            if node.year_label
        ]
        right = max([position] + [box[2] for box in label_boxes])
        width, height = round(origin + right + MARGIN), axis_y + 20 + MARGIN
    # Heaviest first, so that thin lines stay visible on top of the bands.
    edges.sort(key=lambda edge: (-edge.connection.weight, edge.kind))
    return GraphLayout(width, height, nodes, edges, ticks, axis, orientation)


def _edge(connection, nodes, index, path, label_x, anchor, label_lines) -> PlacedEdge:
    return PlacedEdge(
        connection,
        nodes[index[connection.first.id]],
        nodes[index[connection.second.id]],
        path,
        label_x,
        anchor,
        label_lines,
        # Labels read from the earlier series to the later: the arrow points the same way.
        arrow_at_end=bool(connection.links),
    )
