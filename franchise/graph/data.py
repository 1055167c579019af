"""How series connect: typed links and shared characters, as a graph to search and draw.

Two series are adjacent when a SeriesLink joins them (either direction, each end with its
own label) or when a character appears in both (derived from appearances, never typed).
Every hop has a canon scope: a link its own (on screen, in the books only, a production
reference), a character the one its appearances give (franchise.appearances).
Everything is read in a fixed number of queries, whatever the size of the catalogue:
series, links, and the (character, series) pairs of characters who cross between series.
"""

from collections import defaultdict
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
    places_of,
    sightings,
    visits_from_elsewhere,
)
from franchise.models import Appearance, AppearanceKind, CanonScope, LinkKind, SeriesLink


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
    scope: CanonScope = CanonScope.ON_SCREEN

    @property
    def label(self) -> str:
        return LinkKind(self.kind).label

    @property
    def inverse_label(self) -> str:
        return SeriesLink.INVERSE_LABELS[LinkKind(self.kind)]

    @property
    def on_screen(self) -> bool:
        return self.scope == CanonScope.ON_SCREEN

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
    def scope(self) -> CanonScope:
        """The strongest scope of what joins them (links, and characters as
        SharedCharacter.scope_between says)."""
        ends = (self.first.id, self.second.id)
        return CanonScope.strongest(
            [link.scope for link in self.links]
            + [character.scope_between(*ends) for character in self.characters]
        )

    @property
    def on_screen(self) -> bool:
        return self.scope == CanonScope.ON_SCREEN

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

    def neighbours(self, series_id: int):
        """Adjacent series with what joins them: typed links first, then characters."""
        return self._adjacency.get(series_id, [])

    def timeline(self) -> list[SeriesNode]:
        """The series by premiere date (undated last), then title."""
        return sorted(self.nodes.values(), key=lambda node: node.timeline_key)

    def connections(self) -> list[Connection]:
        """One entry per pair of series that anything joins, in timeline order."""
        order = {node.id: index for index, node in enumerate(self.timeline())}
        links_by_pair: dict[tuple[int, int], list[LinkEdge]] = defaultdict(list)
        for link in self.links:
            links_by_pair[pair(link.source_id, link.target_id)].append(link)
        hand_offs: dict[tuple[int, int], list[HandOff]] = defaultdict(list)
        for hand_off in self.hand_offs:
            hand_offs[pair(hand_off.series.id, hand_off.to.id)].append(hand_off)
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
            step = Step(link=link, scope=link.scope)
            adjacency[link.source_id].append((link.target_id, step))
            adjacency[link.target_id].append((link.source_id, step))
        for (low, high), character_ids in self.shared.items():
            for character_id in character_ids:
                character = self.characters[character_id]
                step = Step(character=character, scope=character.scope_between(low, high))
                adjacency[low].append((high, step))
                adjacency[high].append((low, step))
        for steps in adjacency.values():
            steps.sort(key=lambda item: (item[1].character is not None, self.nodes[item[0]].title))
        self._adjacency = dict(adjacency)


def pair(a: int, b: int) -> tuple[int, int]:
    """The two series ids, lowest first: the key of what joins them."""
    return (a, b) if a < b else (b, a)


def _link_order(link: LinkEdge) -> tuple:
    return (link.scope.rank, list(LinkKind).index(LinkKind(link.kind)))


@dataclass(frozen=True)
class Step:
    link: LinkEdge | None = None
    character: SharedCharacter | None = None
    scope: CanonScope = CanonScope.ON_SCREEN


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
        LinkEdge(source_id, target_id, kind, note, CanonScope(scope))
        for source_id, target_id, kind, note, scope in links.values_list(
            "source_id", "target_id", "kind", "note", "scope"
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
    hand_offs = visits_from_elsewhere(seen).hand_offs() if with_hand_offs else []
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
