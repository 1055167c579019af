"""Paths through the graph: the connection finder's shortest chain between two series, and
the appearances (and hand-off) behind each hop through a character."""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from franchise.appearances import (
    CharacterRef,
    HandOff,
    SharedCharacter,
    sighting,
    visits_from_elsewhere,
)
from franchise.graph.data import LinkEdge, SeriesGraph, SeriesNode, Step, pair
from franchise.models import Appearance


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
        (hand_off.character.id, pair(hand_off.series.id, hand_off.to.id)): hand_off
        for hand_off in visits_from_elsewhere(seen).hand_offs()
    }
    links = []
    for step in chain:
        if step.character is None:
            links.append(ChainLink(step))
            continue
        ends = pair(step.from_node.id, step.to_node.id)
        links.append(
            ChainLink(
                step,
                found.get((step.character.id, step.from_node.id), []),
                found.get((step.character.id, step.to_node.id), []),
                hand_offs.get((step.character.id, ends)),
            )
        )
    return links
