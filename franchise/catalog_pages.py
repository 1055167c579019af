"""What the fictional world adds to the catalogue's pages (catalog.page_parts): the cast as
characters, links to other series, shared characters and crossovers, the universes on the
home page, the characters a person plays. Registered by FranchiseConfig.ready().

Each part loads its records with the page's own queryset (prepare) or in one query of its
own, so a page costs what it did when catalog read these relations itself.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse

from catalog import page_parts
from catalog.models import PublishStatus, Series
from catalog.page_parts import PagePart, Performance
from config.page_cache import cached_fragment
from franchise.crossovers import episode_crossings, series_crossings
from franchise.footnotes import appearances_of
from franchise.models import (
    Appearance,
    AppearanceKind,
    CanonScope,
    SeriesLink,
    Universe,
    UniverseMembership,
)

HOME_UNIVERSES = 6
# The visitor's progress on a season page (franchise.progress): the form, then a checkbox
# in each episode's row; both read the `watched` cookie.
SEASON_PROGRESS = {
    "form": "franchise/includes/season_progress.html",
    "tick": "franchise/includes/progress_tick.html",
}

# Cast groups of a series or episode page, in order: (heading, appearance kinds). "Cast" is
# a part whose billing no source gives: it is not called main or recurring.
CAST_GROUPS = [
    ("Main cast", {AppearanceKind.MAIN}),
    ("Recurring", {AppearanceKind.RECURRING}),
    ("Cast, billing not yet sourced", {AppearanceKind.CAST}),
    ("Guest stars", {AppearanceKind.GUEST, AppearanceKind.CAMEO}),
    ("In a flashback", {AppearanceKind.FLASHBACK}),
    ("Mentioned", {AppearanceKind.MENTION}),
]


def published_cast():
    """Published appearances with character and performer loaded. A performer still in
    draft is not to be shown: test `appearance.performer.is_published`."""
    return Appearance.objects.published().select_related("character", "performer")


def performances(appearances, *, main_only: bool = False) -> list[Performance]:
    """Who plays whom, for structured data: published performers only."""
    return [
        Performance(a.performer, a.character.name)
        for a in appearances
        if a.performer
        and a.performer.is_published
        and (not main_only or a.kind == AppearanceKind.MAIN)
    ]


@dataclass
class CastEntry:
    character: object  # a Character
    performer: object | None  # a published Person
    credited_as: str
    note: str
    episodes: list
    seasons: list
    appearances: list = field(default_factory=list)  # what the entry states


def cast_by_kind(appearances) -> list[tuple[str, list[CastEntry]]]:
    """[(heading, [entries])]: one entry per character and performer within each group of
    CAST_GROUPS, episodes in order."""
    groups = []
    for heading, kinds in CAST_GROUPS:
        entries: dict[tuple, CastEntry] = {}
        for appearance in appearances:
            if appearance.kind not in kinds:
                continue
            performer = appearance.performer
            if performer is not None and not performer.is_published:
                performer = None
            key = (appearance.character_id, performer.pk if performer else None)
            entry = entries.setdefault(
                key,
                CastEntry(
                    appearance.character,
                    performer,
                    # The name a draft performer is credited under would name them too.
                    appearance.credited_as if performer else "",
                    appearance.note,
                    [],
                    [],
                ),
            )
            entry.appearances.append(appearance)
            if appearance.episode_id:
                entry.episodes.append(appearance.episode)
            elif appearance.season_id:
                entry.seasons.append(appearance.season)
        if entries:
            ordered = sorted(
                entries.values(),
                key=lambda e: (-len(e.episodes) if e.episodes else 0, e.character.name),
            )
            groups.append((heading, ordered))
    return groups


@dataclass
class PlayedCharacter:
    character: object  # a Character
    # Oldest first: the series, the strongest kind there, and the appearances it rests on.
    series: list[tuple[Series, AppearanceKind, list]]

    @property
    def appearances(self) -> list:
        """Every appearance the entry rests on (what a spoiler horizon weighs)."""
        return [appearance for _, _, found in self.series for appearance in found]


def characters_played(roles) -> list[PlayedCharacter]:
    """The characters a person plays, each with the series they play it in (oldest first)
    and the strongest kind of part there; those in the most series first."""
    found: dict[int, tuple[object, dict]] = {}
    for appearance in roles:
        character, places = found.setdefault(appearance.character_id, (appearance.character, {}))
        _, known, appearances = places.get(appearance.series_id, (None, appearance.kind_choice, []))
        kind = AppearanceKind.strongest([known, appearance.kind_choice])
        places[appearance.series_id] = (appearance.series, kind, [*appearances, appearance])
    played = [
        PlayedCharacter(
            character,
            sorted(
                places.values(),
                key=lambda place: (place[0].premiere_date or datetime.date.max, place[0].title),
            ),
        )
        for character, places in found.values()
    ]
    return sorted(played, key=lambda e: (-len(e.series), e.character.name))


@dataclass
class Role:
    """A line of a person's work on a series: the character they play there."""

    character: object  # a Character
    kinds: list[str]  # labels of the kinds of part, in the order met
    episodes: list
    appearances: list = field(default_factory=list)  # what the line states

    def episode_appearances(self) -> list[tuple]:
        """(episode, appearance) of each episode in the line, in episode order."""
        by_episode = {a.episode_id: a for a in self.appearances if a.episode_id}
        return [(episode, by_episode[episode.pk]) for episode in self.episodes]

    @property
    def whole(self) -> list:
        """The appearances for a whole series or season (not one episode)."""
        return [a for a in self.appearances if not a.episode_id]


def roles_by_series(roles) -> dict[int, tuple[Series, list[Role]]]:
    """A person's roles grouped by series, episodes in order."""
    by_series: dict[int, tuple[Series, dict[int, Role]]] = {}
    for appearance in roles:
        _, characters = by_series.setdefault(appearance.series_id, (appearance.series, {}))
        role = characters.setdefault(appearance.character_id, Role(appearance.character, [], []))
        kind = appearance.get_kind_display()
        if kind not in role.kinds:
            role.kinds.append(kind)
        role.appearances.append(appearance)
        if appearance.episode_id:
            role.episodes.append(appearance.episode)
    for _, characters in by_series.values():
        for role in characters.values():
            role.episodes.sort(key=lambda e: (e.season.number, e.number))
    return {
        pk: (series, list(characters.values())) for pk, (series, characters) in by_series.items()
    }


@dataclass(frozen=True)
class RelatedSeries:
    """Another series as seen from one series page: "spun off into Bosch: Legacy"."""

    label: str
    series: Series
    note: str
    scope: CanonScope = CanonScope.ON_SCREEN
    link: object = None  # the SeriesLink it reads

    @property
    def scope_note(self) -> str:
        """ "in the books only" for a link off screen; nothing for one on screen."""
        return "" if self.scope == CanonScope.ON_SCREEN else self.scope.label


def related_links(series: Series) -> list[RelatedSeries]:
    """Typed links from and to other published series, labelled from this side, in one
    query: Bosch: Legacy is "spin-off of" Bosch, and Bosch "spun off into" it."""
    links = SeriesLink.objects.filter(
        Q(source=series, target__status=PublishStatus.PUBLISHED)
        | Q(target=series, source__status=PublishStatus.PUBLISHED)
    ).select_related("source__network", "target__network")
    related = [
        RelatedSeries(link.label, link.target, link.note, link.scope_choice, link)
        if link.source_id == series.pk
        else RelatedSeries(link.inverse_label, link.source, link.note, link.scope_choice, link)
        for link in links
    ]
    return sorted(
        related,
        key=lambda r: (r.series.premiere_date is None, r.series.premiere_date, r.series.title),
    )


@dataclass(frozen=True)
class UniverseRef:
    name: str
    slug: str
    pk: int | None = None

    @property
    def key(self) -> tuple[str, int] | None:
        """The universe's key for the fact sheet: its sources say which series it holds."""
        return ("franchise.universe", self.pk) if self.pk else None

    def get_absolute_url(self) -> str:
        return reverse("franchise:universe_detail", kwargs={"slug": self.slug})


# The parts, page by page.


def prepare_series(queryset):
    """The first published universe (name and slug), and the published cast with the
    seasons and episodes of their appearances."""
    universes = Series.objects.filter(
        pk=OuterRef("pk"), universes__status=PublishStatus.PUBLISHED
    ).order_by("universes__name")
    # Seasons and episodes without their series: it is the page's own (series_context).
    cast = published_cast().select_related("season", "episode__season")
    return queryset.annotate(
        universe_name=Subquery(universes.values("universes__name")[:1]),
        universe_slug=Subquery(universes.values("universes__slug")[:1]),
        universe_pk=Subquery(universes.values("universes__pk")[:1]),
    ).prefetch_related(Prefetch("appearances", queryset=cast, to_attr="published_appearances"))


def series_context(series) -> dict:
    """Each published season gets its `crossovers` (not the episodes with only a flashback
    or a mention from elsewhere), as a prefetch would attach them."""
    universe = UniverseRef(series.universe_name, series.universe_slug, series.universe_pk)
    for appearance in series.published_appearances:
        # The cast links to seasons and episodes of this very series: give them the page's
        # series rather than load it again for every appearance (up to two copies each).
        for season in (appearance.season, appearance.episode and appearance.episode.season):
            if season is not None:
                season.series = series
    crossings = cached_fragment(
        "series-crossings", series.pk, compute=lambda: series_crossings(series)
    )
    for season in series.published_seasons:
        season.crossovers = crossings.crossovers_in_season(season.number)
    related = related_links(series)
    facts_shown = [
        series.published_appearances,
        [(r.link, r.series) for r in related],
        universe.key,
        appearances_of(characters=Appearance.objects.filter(series=series).values("character_id")),
    ]
    return {
        "universe": universe if series.universe_slug else None,
        "cast_groups": cast_by_kind(series.published_appearances),
        "related": related,
        "crossings": crossings,
        "performances": performances(series.published_appearances, main_only=True),
        "facts_shown": facts_shown,
    }


def season_context(season) -> dict:
    """The season's crossover episodes; each published episode gets its `crossover`, its
    visitors from elsewhere (None when it has none), as a prefetch would attach it."""
    crossings = cached_fragment(
        "series-crossings", season.series_id, compute=lambda: series_crossings(season.series)
    )
    for episode in season.published_episodes:
        episode.crossover = crossings.by_episode.get(episode.pk)
    characters = Appearance.objects.filter(series=season.series_id).values("character_id")
    return {
        "crossovers": crossings.crossovers_in_season(season.number),
        "progress": SEASON_PROGRESS,
        "facts_shown": [appearances_of(characters=characters)],
    }


def prepare_episode(queryset):
    """The characters appearing, and the series' main cast as `main_cast` on the series."""
    main_cast = published_cast().filter(
        kind=AppearanceKind.MAIN, season__isnull=True, episode__isnull=True
    )
    return queryset.prefetch_related(
        Prefetch("season__series__appearances", queryset=main_cast, to_attr="main_cast"),
        Prefetch(
            "appearances",
            queryset=published_cast().order_by("kind", "character__name"),
            to_attr="published_appearances",
        ),
    )


def episode_context(episode) -> dict:
    crossings = cached_fragment(
        "episode-crossings", episode.pk, compute=lambda: episode_crossings(episode)
    )
    facts_shown = [
        episode.published_appearances,
        episode.season.series.main_cast,
        appearances_of(episode=episode),
    ]
    return {
        "crossover": crossings.episodes[0] if crossings.episodes else None,
        "cast_groups": cast_by_kind(episode.published_appearances),
        "main_cast": episode.season.series.main_cast,
        "performances": performances(episode.published_appearances),
        "facts_shown": facts_shown,
    }


def prepare_person(queryset):
    """The published characters they played, with series, season and episode."""
    roles = Appearance.objects.published().select_related(
        "character", "series", "season__series", "episode__season__series"
    )
    return queryset.prefetch_related(
        Prefetch("appearances", queryset=roles, to_attr="published_roles")
    )


def person_context(person) -> dict:
    return {
        "characters": characters_played(person.published_roles),
        "roles_by_series": roles_by_series(person.published_roles),
        "facts_shown": [person.published_roles],
    }


def prepare_people(queryset):
    """Their published roles, for what they are known for: each with character_name and
    series_title alone (model instances of each character and series cost the page)."""
    roles = (
        Appearance.objects.published()
        .annotate(character_name=F("character__name"), series_title=F("series__title"))
        # The ids of where each appearance is, for the spoiler horizon: no join.
        .only("performer", "series", "season", "episode")
    )
    return queryset.prefetch_related(
        Prefetch("appearances", queryset=roles, to_attr="published_roles")
    )


def home_context(record) -> dict:
    """The largest universes, in a band of their own, and the site search."""
    return {
        "universes": Universe.objects.published().largest_first().for_cards()[:HOME_UNIVERSES],
        "bands": ["franchise/includes/universes_band.html"],
        "search_url": reverse("franchise:search"),
    }


def series_before_context(series) -> dict:
    """The link to what to watch before a published series of a universe (franchise.before)."""
    if not series.universe_slug or not series.is_published:
        return {}
    return {"before_url": reverse("franchise:before_series", kwargs={"slug": series.slug})}


def prepare_season_before(queryset):
    """Whether the season's series is in a published universe (`in_universe`)."""
    member = UniverseMembership.objects.filter(
        series=OuterRef("series"), universe__status=PublishStatus.PUBLISHED
    )
    return queryset.annotate(in_universe=Exists(member))


def season_before_context(season) -> dict:
    """The link to what to watch before a published season of a universe's series."""
    if not season.in_universe or not (season.is_published and season.series.is_published):
        return {}
    kwargs = {"slug": season.series.slug, "number": season.number}
    return {"before_url": reverse("franchise:before_season", kwargs=kwargs)}


def register() -> None:
    page_parts.add("home", PagePart(context=home_context))
    page_parts.add("series", PagePart(prepare=prepare_series, context=series_context))
    page_parts.add("season", PagePart(context=season_context))
    page_parts.add("series", PagePart(context=series_before_context))
    page_parts.add("season", PagePart(prepare=prepare_season_before, context=season_before_context))
    page_parts.add("episode", PagePart(prepare=prepare_episode, context=episode_context))
    page_parts.add("person", PagePart(prepare=prepare_person, context=person_context))
    page_parts.add("person_list", PagePart(prepare=prepare_people))
    page_parts.add_sitemap_section("franchise:character_list")
    page_parts.add_sitemap_section("franchise:universe_list")
    page_parts.add_browse_list("characters", "franchise:character_list", "characters")
    page_parts.add_browse_list("universes", "franchise:universe_list", "universes")
