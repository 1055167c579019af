"""Paths through the graph: the connection finder's shortest chain between two series, and
the appearances (and hand-off) behind each hop through a character."""

import heapq
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from franchise.appearances import (
    CharacterRef,
    HandOff,
    SharedCharacter,
    sighting,
    visits_from_elsewhere,
)
from franchise.graph.data import LinkEdge, SeriesGraph, SeriesNode, Step, pair
from franchise.models import Appearance, AppearanceKind, CanonScope


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
    def kind_from(self) -> AppearanceKind | None:
        return self.character.kind_in(self.from_node.id) if self.character else None

    @property
    def kind_to(self) -> AppearanceKind | None:
        return self.character.kind_in(self.to_node.id) if self.character else None

    @property
    def scope(self) -> CanonScope:
        """Where the hop holds: a link's own scope, or the one its character gives."""
        if self.link:
            return self.link.scope
        return self.character.scope_between(self.from_node.id, self.to_node.id)

    @property
    def on_screen(self) -> bool:
        return self.scope == CanonScope.ON_SCREEN

    @property
    def scope_note(self) -> str:
        """Why the hop has its scope, in a sentence."""
        if self.character is None:
            return f"{self.scope.meaning[0].upper()}{self.scope.meaning[1:]}."
        name = self.character.name
        if not self.on_screen:
            flashback = self.from_node if self.kind_from.scope == self.scope else self.to_node
            return (
                f"{name} is seen in {flashback.title} only in a flashback: "
                "only the books they adapt make the two one."
            )
        if self.kind_from.on_screen and self.kind_to.on_screen:
            return f"{name} is seen in both shows."
        return f"{name} is in both shows, named but not seen in one."


def connection_find(graph: SeriesGraph, *, start: SeriesNode, goal: SeriesNode) -> list[ChainStep]:
    """The chain of links and shared characters from one series to another with the fewest
    hops off screen, then the fewest hops: a link through the books alone (or a production
    reference) is taken only when no chain on screen does without it.

    Among equal chains, typed links win over characters and then titles decide (the order
    of graph.neighbours), so the answer is stable. Empty: no chain.
    """
    if start.id == goal.id:
        return []
    # Dijkstra on (hops off screen, hops); the counter keeps equal costs first come, first
    # served, so on screen alone it is the breadth-first search it replaces.
    best: dict[int, tuple[int, int]] = {start.id: (0, 0)}
    previous: dict[int, tuple[int, Step]] = {}
    counter = itertools.count()
    queue = [((0, 0), next(counter), start.id)]
    while queue:
        cost, _, current = heapq.heappop(queue)
        if current == goal.id:
            break
        if cost > best[current]:
            continue
        for neighbour, step in graph.neighbours(current):
            off_screen, hops = cost
            reached = (off_screen + (step.scope != CanonScope.ON_SCREEN), hops + 1)
            if neighbour not in best or reached < best[neighbour]:
                best[neighbour] = reached
                previous[neighbour] = (current, step)
                heapq.heappush(queue, (reached, next(counter), neighbour))
    if goal.id not in best:
        return []
    chain: list[ChainStep] = []
    node_id = goal.id
    while node_id != start.id:
        from_id, step = previous[node_id]
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
