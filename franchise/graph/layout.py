"""Drawing the graph: series on a timeline by premiere date, connections as arcs beside them.

Each pair of series that anything joins gets one arc: a band as thick as the number of
characters they share, and a line with an arrow for typed links (dashed when only the
books join them, dotted for a production reference; its label says so). Wide screens get
the timeline left to right with the arcs above it; phones get it top to bottom with the
arcs on the right, so that neither needs scrolling nor shrinks its text below legibility.
"""

import textwrap
from collections import defaultdict
from dataclasses import dataclass, replace

from franchise.graph.data import Connection, SeriesGraph, SeriesNode
from franchise.models import CanonScope

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
LABEL_ASCENT, LABEL_DESCENT = 11, 3  # of a 12px line, above and below its baseline
LABEL_CLEARANCE = 4  # the least room between two labels, either way
TICK_CHAR_WIDTH = 7.2  # the years, at 12px in the monospace font
WIDE_WIDTH_MAX = 1320  # a wider drawing would shrink its text below legibility on a wide screen
AXIS_GUTTER = 40  # room for the years, left of the boxes (more for "Undated")


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
    kind: str  # "link", "characters" or "scope"
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
        if self.connection.scope == CanonScope.BOOKS_ONLY:
            return "books"
        if self.connection.scope == CanonScope.PRODUCTION:
            return "production"
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
        return "; ".join(parts) + f" ({self.connection.scope.label})"


@dataclass(frozen=True)
class Tick:
    year: str
    x: int
    y: int
    line: tuple[int, int, int, int]


@dataclass(frozen=True)
class TextBox:
    """Where a text of the drawing lies, by the layout's estimate of its width."""

    text: str
    x1: float
    y1: float
    x2: float
    y2: float

    def overlaps(self, other: "TextBox") -> bool:
        return _overlaps(
            (self.x1, self.y1, self.x2, self.y2), (other.x1, other.y1, other.x2, other.y2)
        )


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

    @property
    def fits_wide_screens(self) -> bool:
        """Whether this is a drawing for wide screens that one can read there (a crowded
        universe is drawn top to bottom everywhere instead)."""
        return self.orientation == HORIZONTAL and self.width <= WIDE_WIDTH_MAX

    def text_boxes(self) -> list[TextBox]:
        """Every text the drawing sets: each arc's label (its lines together), each box
        with its title and network, each year; no two of them may overlap."""
        char_width = LABEL_CHAR_WIDTH[self.orientation == VERTICAL]
        boxes = [
            TextBox(node.node.title, node.x, node.y, node.x + node.width, node.y + node.height)
            for node in self.nodes
        ]
        for edge in self.edges:
            width = max(len(line.text) for line in edge.label_lines) * char_width
            left = edge.label_x - (width / 2 if edge.label_anchor == "middle" else 0)
            top = min(line.y for line in edge.label_lines) - LABEL_ASCENT
            bottom = max(line.y for line in edge.label_lines) + LABEL_DESCENT
            text = " / ".join(line.text for line in edge.label_lines)
            boxes.append(TextBox(text, left, top, left + width, bottom))
        for tick in self.ticks:
            width = len(tick.year) * TICK_CHAR_WIDTH
            left = tick.x - (width if self.orientation == VERTICAL else width / 2)
            boxes.append(
                TextBox(
                    tick.year, left, tick.y - LABEL_ASCENT, left + width, tick.y + LABEL_DESCENT
                )
            )
        return boxes


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
    if not connection.on_screen:
        lines += [(line, "scope") for line in textwrap.wrap(f"({connection.scope.label})", chars)]
    return lines


def _overlaps(a, b, clearance: float = 0) -> bool:
    """Whether two boxes (x1, y1, x2, y2) overlap, or come closer than clearance."""
    return (
        a[0] < b[2] + clearance
        and b[0] < a[2] + clearance
        and a[1] < b[3] + clearance
        and b[1] < a[3] + clearance
    )


def _blocking(box, placed_boxes) -> list:
    """The labels placed already that this one would cover or crowd."""
    return [placed for placed in placed_boxes if _overlaps(box, placed, LABEL_CLEARANCE)]


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

    longest_year = max([len(span[5]) for span in spans] + [0])
    gutter = max(AXIS_GUTTER, round(longest_year * TICK_CHAR_WIDTH) + 24 - MARGIN)
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
            # label that would cover another moves on down the timeline, past it.
            top = None  # centred on the arc's middle, until another label is in the way
            while True:
                guess = middle - LABEL_LINE_HEIGHT if top is None else top
                out = beyond_arcs(guess, guess + 2 * LABEL_LINE_HEIGHT) + 6
                room = WIDTH_VERTICAL - 2 * MARGIN - gutter - NODE_WIDTH_VERTICAL - out
                chars = max(LABEL_CHARS_MIN, int(room / LABEL_CHAR_WIDTH[vertical]))
                lines = _edge_labels(connection, chars, short=True)
                height = LABEL_LINE_HEIGHT * len(lines)
                # Centred, but never above the timeline's start: a tall label (many kinds
                # of link, many characters) beside the first series moves down instead.
                first = max(0, middle - height / 2) if top is None else top
                out = max(out, beyond_arcs(first, first + height) + 6)
                width = max(len(text) for text, _ in lines) * LABEL_CHAR_WIDTH[vertical]
                box = [first, out, first + height, out + width]
                blocking = _blocking(box, label_boxes)
                if not blocking:
                    break
                top = max(placed[2] for placed in blocking) + LABEL_CLEARANCE + 1
        else:
            # On the apex, centred both ways; one that would cover another moves outwards.
            lines = _edge_labels(connection, LABEL_CHARS, short=False)
            width = max(len(text) for text, _ in lines) * LABEL_CHAR_WIDTH[vertical]
            height = LABEL_LINE_HEIGHT * len(lines)
            apex = max(depth * 0.75, height / 2 + LABEL_CLEARANCE)  # clear of the boxes
            box = [middle - width / 2, apex - height / 2, middle + width / 2, apex + height / 2]
            while blocking := _blocking(box, label_boxes):
                shift = max(placed[3] for placed in blocking) + LABEL_CLEARANCE + 1 - box[1]
                box[1] += shift
                box[3] += shift
        label_boxes.append(box)
        arcs.append((connection, m1, m2, depth, box, lines))

    reach = max([box[3] for box in label_boxes] + [ARC_DEPTH[vertical]])
    edges: list[PlacedEdge] = []
    if vertical:
        node_x = MARGIN + gutter
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
        axis_x = MARGIN + gutter - 14
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
