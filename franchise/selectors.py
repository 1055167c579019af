"""Reads for the fictional world's pages: each selector fetches what one page shows, in a
fixed number of queries, and shapes it into dataclasses the template reads as they are.

Views parse the request and call these; the rules they apply (kinds, visits, hand-offs,
dating) are franchise.appearances'.
"""

import datetime
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from catalog.footnotes import FactSheet, RecordsShown, fact_sheet
from catalog.models import Episode, Person, PublishStatus, Season, Series
from catalog.selectors import (
    DetailPage,
    series_card_records,
    visible,
)
from config.page_cache import cached_fragment
from franchise.appearances import Place, SharedCharacter, first_appearance, sighting
from franchise.crossovers import series_of_characters
from franchise.footnotes import appearances_of, links_among
from franchise.graph import (
    VERTICAL,
    ChainLink,
    Connection,
    GraphLayout,
    SeriesGraph,
    SeriesNode,
    chain_evidence,
    connection_find,
    graph_layout,
    series_graph,
)
from franchise.horizon_pages import graph_within
from franchise.models import AppearanceKind, Character, Universe, UniverseMembership
from franchise.watch_order import WatchSeason, watch_order

UNIVERSE_CHARACTERS_SHOWN = 48
# Series in a universe take these tones, in order of their first season (see site.css).
SERIES_TONES = 6


# Characters


@dataclass
class CharacterCard:
    character: Character  # from Character.objects.for_cards()
    crosses: list[Place]  # the series it appears in, when more than one


@dataclass
class CharacterCards:
    cards: list[CharacterCard]
    facts: FactSheet


def character_cards(characters) -> CharacterCards:
    """A page of characters, in its order, as cards: counts and series roles loaded for
    the page's rows only (annotating the paginated list computed them for every row its
    OFFSET skipped too: 51-67 ms on page 20 at 100k episodes), and the series each
    crosses between."""
    pks = [character.pk for character in characters]
    loaded = Character.objects.for_cards().in_bulk(pks)
    characters = [loaded[pk] for pk in pks if pk in loaded]
    appearing = series_of_characters(character.pk for character in characters)
    cards = []
    for character in characters:
        places = appearing.get(character.pk, [])
        cards.append(CharacterCard(character, places if len(places) > 1 else []))
    shown = RecordsShown().add(
        [character.series_roles for character in characters],
        appearances_of(characters=pks),
    )
    return CharacterCards(cards, fact_sheet(shown))


@dataclass
class SeasonAppearances:
    number: int
    season: object  # a catalog.Season
    appearances: list = field(default_factory=list)

    @property
    def on_screen(self) -> list:
        return [a for a in self.appearances if a.kind_choice.on_screen]


@dataclass
class SeriesAppearances:
    """A character's appearances in one series: for the whole series, and season by
    season; kind is the strongest there."""

    series: Series
    kind: AppearanceKind
    performers: list[Person] = field(default_factory=list)
    whole: list = field(default_factory=list)
    seasons: list[SeasonAppearances] = field(default_factory=list)
    appearances: list = field(default_factory=list)  # every one in the series

    @property
    def performed(self) -> list:
        """The appearances that name a published performer (who played the character)."""
        return [a for a in self.appearances if a.performer and a.performer.is_published]


@dataclass
class Performer:
    person: Person
    series: list[Series]  # where they play the character
    appearances: list = field(default_factory=list)  # what it rests on


@dataclass
class Sighted:
    appearance: object  # a franchise.Appearance
    date: datetime.date | None


@dataclass
class CharacterPage(DetailPage):
    character: Character
    series_appearances: list[SeriesAppearances]
    performers: list[Performer]
    first: Sighted | None
    latest: Sighted | None
    facts: FactSheet

    @property
    def crossing(self) -> list[Series]:
        return [entry.series for entry in self.series_appearances]

    records = ("character",)


def character_page(*, slug: str, drafts: bool) -> CharacterPage:
    character = get_object_or_404(visible(Character.objects.for_detail(), drafts=drafts), slug=slug)
    appearances = character.published_appearances
    return CharacterPage(
        character,
        appearances_by_series(appearances),
        performers_of(appearances),
        first_sighted(appearances),
        latest_sighted(appearances),
        fact_sheet(
            RecordsShown().add(
                character,
                appearances,
                [(a.series, a.episode) for a in appearances],
            )
        ),
    )


def appearances_by_series(appearances) -> list[SeriesAppearances]:
    """A character's appearances grouped by series, then season, in the order fetched."""
    by_series: dict[int, SeriesAppearances] = {}
    seasons: dict[int, dict[int, SeasonAppearances]] = {}
    for appearance in appearances:
        kind = appearance.kind_choice
        entry = by_series.setdefault(
            appearance.series_id, SeriesAppearances(appearance.series, kind)
        )
        entry.appearances.append(appearance)
        performer = appearance.performer
        if performer and performer.is_published and performer not in entry.performers:
            entry.performers.append(performer)
        entry.kind = AppearanceKind.strongest([entry.kind, kind])
        season = appearance.episode.season if appearance.episode_id else appearance.season
        if season is None:
            entry.whole.append(appearance)
        else:
            group = seasons.setdefault(appearance.series_id, {}).setdefault(
                season.number, SeasonAppearances(season.number, season)
            )
            group.appearances.append(appearance)
    for series_id, entry in by_series.items():
        groups = seasons.get(series_id, {})
        entry.seasons = [groups[number] for number in sorted(groups)]
        for group in entry.seasons:
            group.appearances.sort(
                key=lambda a: (a.episode.number if a.episode_id else 0, a.kind_choice.rank)
            )
    return list(by_series.values())


def performers_of(appearances) -> list[Performer]:
    """Who played the character (published people), in order of first appearance."""
    found: dict[int, Performer] = {}
    for appearance in sorted(appearances, key=lambda a: sighting(a).first_seen_key):
        person = appearance.performer
        if person is None or not person.is_published:
            continue
        entry = found.setdefault(person.pk, Performer(person, []))
        entry.appearances.append(appearance)
        if appearance.series not in entry.series:
            entry.series.append(appearance.series)
    return list(found.values())


def first_sighted(appearances) -> Sighted | None:
    """The character's first appearance (franchise.appearances), with its date."""
    by_pk = {appearance.pk: appearance for appearance in appearances}
    first = first_appearance([sighting(appearance) for appearance in appearances])
    return Sighted(by_pk[first.pk], first.date) if first else None


def latest_sighted(appearances) -> Sighted | None:
    """The latest appearance on screen (a mention only when there is nothing else), with
    its date when it is a single episode."""
    seen = [a for a in appearances if a.kind_choice.on_screen] or list(appearances)
    dated = [a for a in seen if _last_seen_key(a)[0] != datetime.date.min]
    if not dated:
        return None
    latest = max(dated, key=_last_seen_key)
    return Sighted(latest, latest.episode.air_date if latest.episode_id else None)


def _last_seen_key(appearance) -> tuple:
    """When an appearance was last seen: a whole-series or whole-season part lasts until
    the finale, or for as long as the series runs."""
    if appearance.episode_id:
        end = appearance.episode.air_date
    elif appearance.season_id:
        end = appearance.season.finale_date or appearance.season.premiere_date
    else:
        series = appearance.series
        end = series.finale_date or (
            datetime.date.max if series.is_running else series.premiere_date
        )
    start = sighting(appearance).date
    return (end or datetime.date.min, start or datetime.date.min, appearance.pk)


# Universes


@dataclass
class UniversePage(DetailPage):
    universe: Universe
    series_list: list[Series]
    connections: list[Connection]
    crossers: list[SharedCharacter]  # those in the most series first
    characters: list[Character]
    counts: dict[str, int]
    facts: FactSheet

    records = ("universe",)


def universe_page(*, slug: str, drafts: bool, horizon=None) -> UniversePage:
    """A universe's page; with a spoiler horizon (franchise.horizon), its connections and
    crossing characters as far as the horizon goes."""
    universe = get_object_or_404(visible(Universe.objects.all(), drafts=drafts), slug=slug)
    series_list = list(
        Series.objects.published()
        .for_cards()
        .with_stats()
        .filter(memberships__universe=universe)
        .order_by("memberships__position")
    )
    ids = [series.pk for series in series_list]
    graph = series_graph(series_ids=ids)
    if horizon is not None and horizon.universe_slug == universe.slug:
        graph = graph_within(graph, horizon)
    characters = (
        Character.objects.published()
        .in_universe(universe)
        .order_by("-universe_series_count", "name")
    )
    return UniversePage(
        universe,
        series_list,
        graph.connections(),
        sorted(graph.characters.values(), key=lambda c: (-c.series_count, c.name)),
        list(characters[:UNIVERSE_CHARACTERS_SHOWN]),
        {
            "seasons": sum(series.seasons_count for series in series_list),
            "ordered": sum(series.seasons_ordered for series in series_list),
            "episodes": Episode.objects.published().filter(season__series__in=ids).count(),
        },
        fact_sheet(
            RecordsShown().add(
                universe,
                series_card_records(series_list),
                appearances_of(series=ids),
                links_among(ids),
            )
        ),
    )


@dataclass
class WatchOrderPage:
    guide: list[WatchSeason]  # each entry with its series' tone
    legend: list[tuple[Series, int]]  # the series, in order of their first season, and tones
    facts: FactSheet | None = None  # read for each request, beside the cached guide

    @property
    def series_list(self) -> list[Series]:
        return [series for series, _ in self.legend]

    @property
    def crossover_episodes(self) -> list:
        return [item for entry in self.guide for item in entry.crossovers]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "seasons": sum(1 for entry in self.guide if entry.season.is_released),
            "ordered": sum(1 for entry in self.guide if not entry.season.is_released),
            "episodes": sum(len(entry.episodes) for entry in self.guide),
            "crossovers": sum(len(entry.crossovers) for entry in self.guide),
        }


def watch_order_page(universe: Universe, *, essentials: bool, shown=()) -> WatchOrderPage:
    """The release order (cached), and the page's facts: the universe's, and those of the
    records in `shown` (a curated order's entries, franchise.watch_orders_page)."""
    page = cached_fragment(
        "watch-order",
        universe.pk,
        essentials,
        compute=lambda: _watch_order_page(universe, essentials=essentials),
    )
    page.facts = universe_facts(universe, [series.pk for series, _ in page.legend], *shown)
    return page


def universe_facts(universe: Universe, series_ids: list[int], *shown) -> FactSheet:
    """The fact sheet of a page about a universe's series: the universe, the series, their
    seasons and episodes, appearances and links (as subqueries: however many there are),
    and any other records shown."""
    return fact_sheet(
        RecordsShown().add(
            universe,
            *shown,
            [("catalog.series", pk) for pk in series_ids],
            Season.objects.filter(series__in=series_ids),
            Episode.objects.filter(season__series__in=series_ids),
            appearances_of(series=series_ids),
            links_among(series_ids),
        )
    )


def _watch_order_page(universe: Universe, *, essentials: bool) -> WatchOrderPage:
    guide = watch_order(universe, essentials=essentials)
    tones: dict[int, int] = {}
    legend = []
    for entry in guide:
        series = entry.season.series
        if series.pk not in tones:
            tones[series.pk] = len(tones) % SERIES_TONES + 1
            legend.append((series, tones[series.pk]))
        entry.tone = tones[series.pk]
    return WatchOrderPage(guide, legend)


@dataclass
class GraphPage:
    graph: SeriesGraph
    horizontal: GraphLayout  # for wide screens
    vertical: GraphLayout  # for phones
    facts: FactSheet | None = None  # read for each request, beside the cached graph

    @property
    def timeline(self) -> list[SeriesNode]:
        return self.graph.timeline()

    @property
    def connections(self) -> list[Connection]:
        return self.graph.connections()


def graph_page(universe: Universe, *, horizon=None) -> GraphPage:
    """The universe's graph with both layouts (the SVG's geometry); with a spoiler horizon
    (franchise.horizon), as far as it goes, laid out again."""
    page = cached_fragment("graph", universe.pk, compute=lambda: _graph_page(universe))
    if horizon is not None and horizon.universe_slug == universe.slug:
        graph = graph_within(page.graph, horizon)
        page = GraphPage(graph, graph_layout(graph), graph_layout(graph, orientation=VERTICAL))
    page.facts = fact_sheet(
        RecordsShown().add(
            [("catalog.series", pk) for pk in page.graph.nodes],
            appearances_of(series=list(page.graph.nodes)),
            links_among(list(page.graph.nodes)),
        )
    )
    return page


def _graph_page(universe: Universe) -> GraphPage:
    ids = list(
        UniverseMembership.objects.filter(
            universe=universe, series__status=PublishStatus.PUBLISHED
        ).values_list("series_id", flat=True)
    )
    graph = series_graph(series_ids=ids, with_hand_offs=True)
    return GraphPage(graph, graph_layout(graph), graph_layout(graph, orientation=VERTICAL))


@dataclass
class Chain:
    start: SeriesNode
    goal: SeriesNode
    links: list[ChainLink]  # empty: nothing joins them
    facts: FactSheet | None = None

    @property
    def on_screen(self) -> bool:
        return all(link.step.on_screen for link in self.links)


def connection_chain(graph: SeriesGraph, *, start: str, goal: str) -> Chain:
    """The shortest chain between two series of the graph (by slug), with its evidence."""
    start_node, goal_node = graph.by_slug(start), graph.by_slug(goal)
    chain = connection_find(graph, start=start_node, goal=goal_node)
    links = chain_evidence(chain)
    series_ids = sorted({node.id for step in chain for node in (step.from_node, step.to_node)})
    appearances = [a for link in links for a in (*link.from_appearances, *link.to_appearances)]
    shown = RecordsShown().add(
        appearances,
        [appearance.episode for appearance in appearances],
        links_among(series_ids) if series_ids else None,
    )
    return Chain(start_node, goal_node, links, fact_sheet(shown))
