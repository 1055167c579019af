"""How series connect: typed links and shared characters, as a graph to search and draw.

Two series are adjacent when a SeriesLink joins them (either direction, each end with its
own label) or when a character appears in both (derived from appearances, never typed).
Everything is read in a fixed number of queries, whatever the size of the catalogue:
series, links, and the (character, series) pairs of characters who cross between series.
"""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from django.db.models import Count, Q

from catalog.models import PublishStatus, Series
from franchise.models import Appearance, AppearanceKind, LinkKind, SeriesLink

# Strongest kind first: the one shown when a character has several in one series.
KIND_RANK = {kind: rank for rank, kind in enumerate(AppearanceKind.values)}
# Links that join the books rather than the screen: the finder uses them only as a last resort.
OFF_SCREEN_KINDS = {LinkKind.SAME_LITERARY_UNIVERSE}


@dataclass(frozen=True)
class SeriesNode:
    id: int
    slug: str
    title: str
    premiere_year: int | None


@dataclass(frozen=True)
class LinkEdge:
    source_id: int
    target_id: int
    kind: str

    @property
    def label(self) -> str:
        return LinkKind(self.kind).label

    @property
    def inverse_label(self) -> str:
        return SeriesLink.INVERSE_LABELS[LinkKind(self.kind)]

    def label_from(self, series_id: int) -> str:
        """The label read from one end: 'spin-off of' from the source, 'spun off into' back."""
        return self.label if series_id == self.source_id else self.inverse_label


@dataclass(frozen=True)
class SharedCharacter:
    id: int
    name: str
    slug: str
    kinds: tuple[tuple[int, str], ...]  # (series id, strongest appearance kind there)

    def kind_in(self, series_id: int) -> str:
        return dict(self.kinds)[series_id]


@dataclass
class SeriesGraph:
    nodes: dict[int, SeriesNode]
    links: list[LinkEdge]
    characters: dict[int, SharedCharacter]
    # (low id, high id) -> ids of characters appearing in both series
    shared: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def by_slug(self, slug: str) -> SeriesNode | None:
        return next((node for node in self.nodes.values() if node.slug == slug), None)

    def neighbours(self, series_id: int, *, on_screen_only: bool = False):
        """Adjacent series with what joins them: typed links first, then characters."""
        steps = self._adjacency.get(series_id, [])
        if on_screen_only:
            return [s for s in steps if not (s[1].link and s[1].link.kind in OFF_SCREEN_KINDS)]
        return steps

    def __post_init__(self):
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


def series_graph(*, series_ids: list[int] | None = None) -> SeriesGraph:
    """The published series (all, or the given ones) with their links and shared characters.

    Three queries, however many series, links and appearances there are.
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
        pk: SeriesNode(pk, slug, title, premiere.year if premiere else None)
        for pk, slug, title, premiere in series.values_list(
            "pk", "slug", "title", "premiere_date"
        )
    }
    link_edges = [
        LinkEdge(source_id, target_id, kind)
        for source_id, target_id, kind in links.values_list("source_id", "target_id", "kind")
        if source_id in nodes and target_id in nodes
    ]

    crossing = (
        appearances.values("character_id")
        .annotate(series_count=Count("series_id", distinct=True))
        .filter(series_count__gt=1)
        .values("character_id")
    )
    pairs = (
        appearances.filter(character_id__in=crossing)
        .values_list("character_id", "character__name", "character__slug", "series_id", "kind")
        .order_by()
        .distinct()
    )
    names: dict[int, tuple[str, str]] = {}
    strongest: dict[int, dict[int, str]] = defaultdict(dict)
    for character_id, name, slug, series_id, kind in pairs:
        if series_id not in nodes:
            continue
        names[character_id] = (name, slug)
        current = strongest[character_id].get(series_id)
        if current is None or KIND_RANK[kind] < KIND_RANK[current]:
            strongest[character_id][series_id] = kind

    characters: dict[int, SharedCharacter] = {}
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for character_id, kinds in strongest.items():
        if len(kinds) < 2:
            continue
        name, slug = names[character_id]
        characters[character_id] = SharedCharacter(
            character_id, name, slug, tuple(sorted(kinds.items()))
        )
        ids = sorted(kinds)
        for i, low in enumerate(ids):
            for high in ids[i + 1 :]:
                shared[(low, high)].append(character_id)
    for character_ids in shared.values():
        character_ids.sort(key=lambda pk: characters[pk].name)
    return SeriesGraph(nodes, link_edges, characters, dict(shared))


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


def chain_appearances(chain: list[ChainStep]) -> dict[tuple[int, int], list[Appearance]]:
    """The appearances behind each character hop, keyed by (character, series): one query."""
    wanted = {
        (step.character.id, series.id)
        for step in chain
        if step.character
        for series in (step.from_node, step.to_node)
    }
    if not wanted:
        return {}
    condition = Q()
    for character_id, series_id in wanted:
        condition |= Q(character_id=character_id, series_id=series_id)
    found: dict[tuple[int, int], list[Appearance]] = defaultdict(list)
    for appearance in (
        Appearance.objects.published()
        .filter(condition)
        .select_related("season", "episode__season", "performer")
        .order_by("series_id", "episode__season__number", "season__number", "episode__number")
    ):
        found[(appearance.character_id, appearance.series_id)].append(appearance)
    return dict(found)


def first_appearances(character_ids: list[int]) -> dict[int, Appearance]:
    """Each character's earliest dated appearance (episode air date, else series premiere)."""
    earliest = (
        Appearance.objects.published()
        .filter(character_id__in=character_ids)
        .select_related("series", "season", "episode__season")
    )
    result: dict[int, Appearance] = {}
    for appearance in earliest:
        date = appearance.episode.air_date if appearance.episode else None
        date = date or (appearance.season.premiere_date if appearance.season else None)
        date = date or appearance.series.premiere_date
        appearance.sort_date = date
        best = result.get(appearance.character_id)
        if best is None or (date and (best.sort_date is None or date < best.sort_date)):
            result[appearance.character_id] = appearance
    return result


@dataclass(frozen=True)
class PlacedNode:
    node: SeriesNode
    x: int
    y: int
    width: int
    height: int

    @property
    def cx(self) -> int:
        return self.x + self.width // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2


@dataclass(frozen=True)
class PlacedEdge:
    source: PlacedNode
    target: PlacedNode
    kind: str  # "link" or "characters"
    label: str
    weight: int
    characters: tuple[SharedCharacter, ...] = ()
    link: LinkEdge | None = None

    @property
    def stroke_width(self) -> int:
        return 2 if self.kind == "link" else min(2 + 2 * self.weight, 12)

    @property
    def label_x(self) -> int:
        return (self.source.cx + self.target.cx) // 2

    @property
    def label_y(self) -> int:
        return (self.source.cy + self.target.cy) // 2 - 6


@dataclass(frozen=True)
class GraphLayout:
    width: int
    height: int
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    years: list[tuple[int, int]]  # (year, x) ticks of the timeline


NODE_HEIGHT = 44
LANE_GAP = 40
CHAR_WIDTH = 8
MARGIN = 24


def graph_layout(graph: SeriesGraph, *, year_width: int = 110) -> GraphLayout:
    """Place series on a timeline by premiere year, in lanes so that no two boxes overlap."""
    nodes = sorted(graph.nodes.values(), key=lambda n: (n.premiere_year or 9999, n.title))
    years = [n.premiere_year for n in nodes if n.premiere_year] or [2000]
    first_year, last_year = min(years), max(years)
    lanes_end: list[int] = []  # right edge of the last box in each lane
    placed: dict[int, PlacedNode] = {}
    for node in nodes:
        year = node.premiere_year or last_year + 1
        x = MARGIN + (year - first_year) * year_width
        width = max(120, min(len(node.title), 28) * CHAR_WIDTH + 24)
        lane = next((i for i, end in enumerate(lanes_end) if end + 16 <= x), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(0)
        lanes_end[lane] = x + width
        y = MARGIN + 36 + lane * (NODE_HEIGHT + LANE_GAP)
        placed[node.id] = PlacedNode(node, x, y, width, NODE_HEIGHT)

    edges = [
        PlacedEdge(
            placed[link.source_id],
            placed[link.target_id],
            "link",
            link.label,
            1,
            link=link,
        )
        for link in graph.links
    ]
    for (low, high), character_ids in sorted(graph.shared.items()):
        characters = tuple(graph.characters[pk] for pk in character_ids)
        count = len(characters)
        edges.append(
            PlacedEdge(
                placed[low],
                placed[high],
                "characters",
                f"{count} shared character{'s' if count != 1 else ''}",
                count,
                characters=characters,
            )
        )
    width = max(p.x + p.width for p in placed.values()) + MARGIN if placed else 320
    height = max(p.y + p.height for p in placed.values()) + MARGIN if placed else 120
    ticks = [
        (year, MARGIN + (year - first_year) * year_width)
        for year in range(first_year, last_year + 1)
    ]
    return GraphLayout(width, height, list(placed.values()), edges, ticks)
