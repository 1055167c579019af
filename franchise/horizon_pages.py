"""The spoiler horizon's pages and lists: the form that sets it (/horizon/), and the
graph, search results and character cards held to it. What counts as later is
franchise.horizon's."""

from dataclasses import dataclass, field
from dataclasses import replace as replaced

from catalog.models import Episode
from catalog.query_problems import quoted
from franchise import progress
from franchise.appearances import SharedCharacter
from franchise.graph import SeriesGraph
from franchise.horizon import Horizon
from franchise.models import Appearance, Universe
from franchise.orders import OrderKind, WatchOrder
from franchise.sequence import Sequence, episode_sequence

# Setting it (/horizon/).


def watched_ids(request) -> frozenset[int]:
    """The episodes the visitor ticked: the form's `watched` field (comma-joined ids, that
    the progress script fills), else the signed `watched` cookie (franchise.progress);
    nothing that does not check out."""
    posted = request.POST.get("watched", "").strip()
    if posted:
        ids = [part.strip() for part in posted.split(",")]
        return frozenset(int(part) for part in ids if part.isdecimal() and len(part) < 19)
    return progress.watched_ids(request)


def last_watched(sequence: Sequence, ids: list[int]) -> int | None:
    """The watched episode that comes last in the order."""
    positions = [p for pk in ids if (p := sequence.position(pk)) is not None]
    return sequence.episode_ids[max(positions)] if positions else None


@dataclass
class EpisodeGroup:
    """A run of one season's episodes in the order: an <optgroup>."""

    label: str
    episodes: list[Episode]


@dataclass
class HorizonPage:
    universes: list
    universe: object | None  # the universe whose episodes are listed
    kinds: list[OrderKind]  # the release order and the universe's published curated orders
    kind: OrderKind
    groups: list[EpisodeGroup]
    selected: int | None  # the horizon's episode, when it is of this universe
    problems: list[str] = field(default_factory=list)


def offered_kinds(universe) -> list[OrderKind]:
    published = set(
        WatchOrder.objects.published().filter(universe=universe).values_list("kind", flat=True)
    )
    return [kind for kind in OrderKind if kind == OrderKind.RELEASE or kind in published]


def episode_groups(universe, kind: str) -> list[EpisodeGroup]:
    """The universe's episodes in the order, in runs of one season (labels name no title)."""
    sequence = episode_sequence(universe, kind)
    episodes = Episode.objects.select_related("season__series").in_bulk(sequence.episode_ids)
    groups: list[EpisodeGroup] = []
    for pk in sequence.episode_ids:
        episode = episodes[pk]
        label = f"{episode.season.series.title}, {episode.season.label}"
        if not groups or groups[-1].label != label:
            groups.append(EpisodeGroup(label, []))
        groups[-1].episodes.append(episode)
    return groups


def horizon_page(query, horizon: Horizon | None, *, universe_slug: str = "") -> HorizonPage:
    """What /horizon/ offers: the universes, the orders of the one chosen (the query's, else
    the horizon's, else the first), and its episodes in the order chosen."""
    problems = []
    universes = list(Universe.objects.published().order_by("name"))
    by_slug = {universe.slug: universe for universe in universes}
    asked = universe_slug or query.get("universe", "")
    if asked and asked not in by_slug:
        problems.append(f"There is no published universe {quoted(asked)}: showing another.")
    default = horizon.universe_slug if horizon and horizon.universe_slug in by_slug else ""
    universe = by_slug.get(asked) or by_slug.get(default) or (universes[0] if universes else None)
    if universe is None:
        return HorizonPage(universes, None, [], OrderKind.RELEASE, [], None, problems)
    kinds = offered_kinds(universe)
    mine = horizon is not None and horizon.universe_slug == universe.slug
    kind = horizon.kind if mine else OrderKind.RELEASE
    asked_kind = query.get("order", "")
    if asked_kind:
        if asked_kind in kinds:
            kind = OrderKind(asked_kind)
        else:
            problems.append(
                f"{quoted(asked_kind)} is not a published order of {universe.name}: "
                f"showing the {kind.label.lower()}."
            )
    groups = episode_groups(universe, kind)
    return HorizonPage(
        universes, universe, kinds, kind, groups, horizon.episode.pk if mine else None, problems
    )


# The graph of series (the universe's graph, its page, the connection finder).


def seen_places(horizon: Horizon) -> set[tuple[int, int]]:
    """(character, series) of the universe where the character has been seen by the
    horizon: a published appearance that is not later. One query."""
    return seen_places_of(horizon, None)


def seen_places_of(horizon: Horizon, character_ids) -> set[tuple[int, int]]:
    """seen_places, of these characters only (all, for None)."""
    rows = Appearance.objects.published().filter(series_id__in=list(horizon.order.series_starts))
    if character_ids is not None:
        rows = rows.filter(character_id__in=list(character_ids))
    rows = (
        rows.values_list("character_id", "series_id", "season_id", "episode_id")
        .order_by()
        .distinct()
    )
    seen = set()
    for character_id, series_id, season_id, episode_id in rows:
        if not horizon.is_later_place(series_id, season_id, episode_id):
            seen.add((character_id, series_id))
    return seen


def graph_within(graph, horizon: Horizon | None):
    """The graph as far as the horizon goes: no link revealed later (one between two series
    of which the later has not started), no character in a series of the universe where
    they have not been seen yet, no hand-off in a later episode. Series outside the
    universe keep what joins them. One query; the graph itself as it is without a horizon."""
    if horizon is None:
        return graph
    seen = seen_places(horizon)

    def shown(character_id: int, series_id: int) -> bool:
        return not horizon.in_universe(series_id) or (character_id, series_id) in seen

    characters: dict[int, SharedCharacter] = {}
    shared: dict[tuple[int, int], list[int]] = {}
    for pk, character in graph.characters.items():
        places = tuple(p for p in character.places if shown(pk, p.series.id))
        if len(places) < 2:
            continue
        characters[pk] = replaced(character, places=places)
        ids = sorted(place.series.id for place in places)
        for i, low in enumerate(ids):
            for high in ids[i + 1 :]:
                shared.setdefault((low, high), []).append(pk)
    for character_ids in shared.values():
        character_ids.sort(key=lambda pk: (characters[pk].name, pk))
    links = [
        link
        for link in graph.links
        if not (horizon.is_later_series(link.source_id) or horizon.is_later_series(link.target_id))
    ]
    hand_offs = [h for h in graph.hand_offs if not horizon.is_later_episode(h.episode_id)]
    return SeriesGraph(graph.nodes, links, characters, shared, hand_offs)


# Search results.


def characters_first_seen_later(horizon: Horizon, character_ids) -> set[int]:
    """The characters, among these, seen in the universe only later than the horizon (one
    query): their every appearance there is later."""
    return characters_seen(horizon, character_ids)[0]


def characters_seen(horizon: Horizon, character_ids) -> tuple[set[int], set[tuple[int, int]]]:
    """(the characters first seen later, the (character, series) pairs seen): one query."""
    seen: set[int] = set()
    later: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    rows = (
        Appearance.objects.published()
        .filter(
            character_id__in=list(character_ids), series_id__in=list(horizon.order.series_starts)
        )
        .values_list("character_id", "series_id", "season_id", "episode_id")
        .order_by()
    )
    for character_id, series_id, season_id, episode_id in rows:
        is_later = horizon.is_later_place(series_id, season_id, episode_id)
        (later if is_later else seen).add(character_id)
        if not is_later:
            pairs.add((character_id, series_id))
    return later - seen, pairs


def search_held_back(groups, horizon: Horizon | None) -> int:
    """Mark the search results the horizon holds back (`held_back`): later series and
    episodes, characters first seen later, and any whose text names a later title. How
    many there are on the page."""
    if horizon is None:
        return 0
    characters = [r.pk for g in groups if g.kind == "characters" for r in g.results]
    first_seen_later = characters_first_seen_later(horizon, characters) if characters else set()
    held = 0
    for group in groups:
        for result in group.results:
            if group.kind == "series":
                later = (
                    horizon.is_later_series(result.pk)
                    or horizon.run_is_partly_later(result.pk)
                    or horizon.names_later(result.synopsis)
                )
            elif group.kind == "episodes":
                later = horizon.is_later_episode(result.pk) or horizon.names_later(result.synopsis)
            elif group.kind == "characters":
                later = result.pk in first_seen_later or horizon.names_later(result.description)
            else:
                later = horizon.names_later(result.bio)
            result.held_back = later
            held += later
    return held


def character_cards_within(cards, horizon: Horizon | None) -> None:
    """Mark a page of character cards for the horizon (one query): `later` when the
    character is seen in the universe only later; `crosses` keeps the series where they
    have been seen, `later_crosses` the others."""
    if horizon is None or not cards:
        return
    ids = [card.character.pk for card in cards]
    later, seen = characters_seen(horizon, ids)
    for card in cards:
        card.later = card.character.pk in later
        everywhere = card.crosses
        card.crosses = [
            p
            for p in everywhere
            if not horizon.in_universe(p.series.id) or (card.character.pk, p.series.id) in seen
        ]
        card.later_crosses = [p for p in everywhere if p not in card.crosses]
        if len(card.crosses) < 2:  # not crossing yet, as far as the horizon goes
            card.later_crosses = everywhere
            card.crosses = []
