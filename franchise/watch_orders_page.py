"""The watch order page's choice of order: the release order (franchise.watch_order), or
one the editors curate (franchise.orders), shown entry by entry.

A curated order is laid over the release guide (cached): its entries take their seasons,
episodes, crossovers and hand-offs, and their series' tones, from there, so an entry whose
season or episode is not published is left out, and which episodes an entry adds is
franchise.sequence's rule (a season up to its stop, less what earlier entries listed).

A curated order is public once published. Until then a visitor asking for it gets the
release order and a sentence saying why; staff get a preview under a draft banner. The
page costs a fixed number of queries: the universe (with the orders it has published),
the order and its entries, the release guide's, and the citations of everything shown.
"""

from dataclasses import dataclass, field
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from catalog.footnotes import FactSheet
from catalog.models import Season, Series
from franchise import selectors
from franchise.models import Universe
from franchise.orders import CURATED_KINDS, OrderKind, Tier, WatchOrder, WatchOrderEntry
from franchise.sequence import entries_spelled_out
from franchise.watch_order import WatchedEpisodes, WatchEpisode, WatchSeason


def universe_with_orders(slug: str) -> Universe:
    """A published universe, knowing which curated orders it has published
    (`has_story_order`, `has_essentials_order`), in the query that finds it."""
    published = WatchOrder.objects.published().filter(universe=OuterRef("pk"))
    return get_object_or_404(
        Universe.objects.published().annotate(
            **{f"has_{kind}_order": Exists(published.filter(kind=kind)) for kind in CURATED_KINDS}
        ),
        slug=slug,
    )


@dataclass
class OrderLink:
    """One of the orders the page can show, as a link keeping the page's other options."""

    kind: OrderKind
    query: str  # "" or "?order=story&episodes=1"
    current: bool

    label = property(attrgetter("kind.label"))
    description = property(attrgetter("kind.description"))


@dataclass
class TierLink:
    tier: Tier | None  # None: every tier
    count: int
    query: str
    current: bool

    @property
    def label(self) -> str:
        return self.tier.label if self.tier else "Every tier"


@dataclass
class CuratedEntry(WatchedEpisodes):
    """An entry as shown: its season (or the season of its episode), the episodes it adds
    to the order, and the first and last numbers of those when not the whole season."""

    entry: WatchOrderEntry
    season: Season  # with its series, from the release guide
    episodes: list[WatchEpisode]
    tone: int
    single: WatchEpisode | None = None  # an entry of one episode
    first: int | None = None  # resumes after an earlier entry's stop
    last: int | None = None  # stops after this episode

    @property
    def position(self) -> int:
        return self.entry.position

    @property
    def tier(self) -> Tier | None:
        return Tier(self.entry.tier) if self.entry.tier else None

    @property
    def url(self) -> str:
        target = self.single.episode if self.single else self.season
        return target.get_absolute_url()

    @property
    def span(self) -> str:
        """ "episodes 1–9", "from episode 6", "episode 10"; "" for the whole season."""
        if self.single:
            return f"episode {self.single.episode.number}"
        if self.last is None:
            return f"from episode {self.first}" if self.first else ""
        first = self.first or 1
        return f"episode {first}" if first == self.last else f"episodes {first}–{self.last}"


@dataclass
class CuratedOrder:
    order: WatchOrder
    entries: list[CuratedEntry]  # of the chosen tier, if one is
    tiers: list[TierLink] = field(default_factory=list)  # the essentials only

    @property
    def kind(self) -> OrderKind:
        return self.order.kind_choice

    @property
    def draft(self) -> bool:
        return not self.order.is_published

    @property
    def crossover_episodes(self) -> list[WatchEpisode]:
        return [item for entry in self.entries for item in entry.crossovers]

    @property
    def counts(self) -> dict[str, int]:
        """As the release order counts: seasons (released, ordered), episodes, crossovers."""
        seasons = {entry.season.pk: entry.season for entry in self.entries}.values()
        return {
            "seasons": sum(1 for season in seasons if season.is_released),
            "ordered": sum(1 for season in seasons if not season.is_released),
            "episodes": sum(len(entry.episodes) for entry in self.entries),
            "crossovers": len(self.crossover_episodes),
        }


@dataclass
class WatchOrdersPage:
    release: selectors.WatchOrderPage  # the release guide, its legend and the page's facts
    links: list[OrderLink]
    curated: CuratedOrder | None
    problems: list[str]

    @property
    def kind(self) -> OrderKind:
        return self.curated.kind if self.curated else OrderKind.RELEASE

    @property
    def draft(self) -> bool:
        return bool(self.curated and self.curated.draft)

    @property
    def facts(self) -> FactSheet | None:
        return self.release.facts

    @property
    def counts(self) -> dict[str, int]:
        return (self.curated or self.release).counts

    @property
    def crossover_episodes(self) -> list[WatchEpisode]:
        return (self.curated or self.release).crossover_episodes

    @property
    def series_list(self) -> list[Series]:
        return self.release.series_list


def watch_orders_page(
    universe: Universe,
    *,
    kind: OrderKind,
    tier: Tier | None,
    essentials: bool,
    episodes: bool,
    drafts: bool,
) -> WatchOrdersPage:
    """The order asked for, or the release order and the reasons it is shown instead."""
    problems: list[str] = []
    order = None
    if kind != OrderKind.RELEASE:
        entries = WatchOrderEntry.objects.order_by("position")
        order = (
            WatchOrder.objects.filter(universe=universe, kind=kind)
            .prefetch_related(Prefetch("entries", queryset=entries))
            .first()
        )
        name = f"The {kind.label.lower()} of {universe.name}"
        if order is None:
            problems.append(f"{name} has not been written yet: showing the release order.")
        elif not (order.is_published or drafts):
            problems.append(f"{name} is not published yet: showing the release order.")
            order = None
    if tier and (order is None or order.kind != OrderKind.ESSENTIALS):
        problems.append("Only the essentials are tiered: the tier was ignored.")
        tier = None
    if essentials and order is not None:
        problems.append("“Crossover essentials only” applies to the release order: it was ignored.")
        essentials = False
    shown = [order, list(order.entries.all())] if order else []
    release = selectors.watch_order_page(universe, essentials=essentials, shown=shown)
    shown_kind = order.kind_choice if order else OrderKind.RELEASE
    return WatchOrdersPage(
        release,
        order_links(universe, shown_kind, episodes=episodes),
        curated_order(order, release.guide, tier=tier, episodes=episodes) if order else None,
        problems,
    )


def order_links(universe: Universe, shown: OrderKind, *, episodes: bool) -> list[OrderLink]:
    """The release order and the curated orders the universe has published (and the one
    shown, a staff preview of a draft)."""
    kinds = [OrderKind.RELEASE] + [
        kind for kind in CURATED_KINDS if getattr(universe, f"has_{kind}_order", False)
    ]
    if shown not in kinds:
        kinds.append(shown)
    links = []
    for kind in kinds:
        options = {} if kind == OrderKind.RELEASE else {"order": kind.value}
        links.append(OrderLink(kind, query_string(options, episodes=episodes), kind == shown))
    return links


def query_string(options: dict, *, episodes: bool) -> str:
    if episodes:
        options = options | {"episodes": "1"}
    return f"?{urlencode(options)}" if options else ""


def curated_order(
    order: WatchOrder, guide: list[WatchSeason], *, tier: Tier | None, episodes: bool
) -> CuratedOrder:
    """The order's entries over the release guide, in position order: those whose season
    or episode the guide holds (published), each with the episodes it adds."""
    seasons = {row.season.pk: row for row in guide}
    listed = {item.episode.pk: item for row in guide for item in row.episodes}
    by_season = {
        pk: sorted((item.episode.number, item.episode.pk) for item in row.episodes)
        for pk, row in seasons.items()
    }
    entries = list(order.entries.all())
    rows = [
        {"season_id": e.season_id, "episode_id": e.episode_id, "stop_after": e.stop_after}
        for e in entries
    ]
    shown: list[CuratedEntry] = []
    spelled = entries_spelled_out(rows, by_season, set(listed))
    for entry, covered in zip(entries, spelled, strict=True):
        if entry.episode_id:
            item = listed.get(entry.episode_id)
            if item is None:
                continue
            row = seasons[item.episode.season_id]
            shown.append(
                CuratedEntry(entry, row.season, [item], getattr(row, "tone", 1), single=item)
            )
            continue
        row = seasons.get(entry.season_id)
        if row is None:
            continue
        numbers = [number for number, pk in by_season[row.season.pk]]
        items = [listed[pk] for pk in covered]
        resumed = bool(items) and items[0].episode.number > numbers[0]
        shown.append(
            CuratedEntry(
                entry,
                row.season,
                items,
                getattr(row, "tone", 1),
                first=items[0].episode.number if resumed else None,
                last=entry.stop_after,
            )
        )
    tiers = tier_links(shown, tier, episodes=episodes) if order.kind == "essentials" else []
    if tier:
        shown = [entry for entry in shown if entry.tier == tier]
    return CuratedOrder(order, shown, tiers)


def tier_links(entries: list[CuratedEntry], chosen: Tier | None, *, episodes: bool):
    """Every tier, then each tier with its number of entries."""
    base = {"order": OrderKind.ESSENTIALS.value}
    links = [TierLink(None, len(entries), query_string(base, episodes=episodes), chosen is None)]
    for tier in Tier:
        count = sum(1 for entry in entries if entry.tier == tier)
        query = query_string(base | {"tier": tier.value}, episodes=episodes)
        links.append(TierLink(tier, count, query, chosen == tier))
    return links
