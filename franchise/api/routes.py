"""The fictional world's endpoints: characters with their appearances, universes (members,
links, and on request the watch order and the graph, as data), what to watch before a
series, season or episode (franchise.before), and the site search; and the characters it
adds to the catalogue's series, episodes and people (include=characters). Published
records only, at every level.
"""

from typing import Literal

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Query, Router

from catalog.api import routes as catalog_api
from catalog.api.conventions import (
    ERRORS,
    EpisodePath,
    Includes,
    SeasonPath,
    SeriesSlug,
    absolute,
    filter_data,
    found_by_slug,
    page_query,
    page_size_query,
    paginate,
    refuse_bad_filters,
    slug_path,
    slug_query,
    source_out,
    sources_out,
    sources_prefetch,
    with_sources,
)
from catalog.api.serializers import episode_ref, series_ref
from catalog.models import PublishStatus
from catalog.search import MAX_QUERY_LENGTH, query_terms
from catalog.selectors import bounded_count
from config.page_cache import cached_fragment
from franchise.api.schemas import (
    BeforeOut,
    CharacterDetail,
    CharacterPage,
    SearchResults,
    UniverseDetail,
)
from franchise.api.serializers import (
    appearance_out,
    character_out,
    character_ref,
    link_out,
    search_hit,
    series_node,
    visit_out,
)
from franchise.before import before_page
from franchise.filters import CharacterFilter
from franchise.footnotes import APPEARANCE
from franchise.graph import series_graph
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership
from franchise.search import SEARCH_COUNT_LIMIT, SEARCH_KINDS
from franchise.views import CROSSERS_COUNTED
from franchise.watch_order import essentials_of, watch_order

router = Router(tags=["franchise"])

UNIVERSE_INCLUDES = Includes("universe", ("watch_order", "graph"))


def published_appearances(*loaded):
    """Published appearances with `loaded` and their sources."""
    return (
        Appearance.objects.published().select_related(*loaded).prefetch_related(sources_prefetch())
    )


# What franchise adds to the catalogue's series, episodes and people: include=characters.


APPEARANCE_ORDER = ("season__number", "episode__season__number", "episode__number", "kind")
catalog_api.SERIES_INCLUDES.provide_related(
    "characters",
    Appearance.objects.published()
    .select_related("character", "performer", "season", "episode__season__series")
    .order_by("character__name", *APPEARANCE_ORDER, "pk"),
    appearance_out,
    relation="appearances",
)
catalog_api.EPISODE_INCLUDES.provide_related(
    "characters",
    Appearance.objects.published()
    .select_related("character", "performer", "series")
    .order_by("kind", "character__name", "pk"),
    appearance_out,
    relation="appearances",
)
catalog_api.PERSON_INCLUDES.provide_related(
    "characters",
    Appearance.objects.published()
    .select_related("character", "series", "season__series", "episode__season__series")
    .order_by("series__premiere_date", "series__title", *APPEARANCE_ORDER, "pk"),
    appearance_out,
    relation="appearances",
)


# Characters


@router.get("/characters", response={200: CharacterPage, **ERRORS}, summary="Characters")
def character_list(
    request,
    response: HttpResponse,
    universe: str | None = slug_query("Only characters of this universe."),
    series: str | None = slug_query("Only characters appearing in this series."),
    crossers: bool = Query(False, description="Only characters who cross between series."),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    """The published characters, by name, with the characters list's filters. With
    crossers, counting stops at 1,000 (as on the site) and pages reach that far."""
    data = filter_data(universe=universe, series=series, crossers="1" if crossers else None)
    queryset = Character.objects.published().order_by("name", "pk")
    filterset = CharacterFilter(data, queryset=queryset)
    refuse_bad_filters(filterset)
    pks = filterset.qs.values_list("pk", flat=True)
    count = min(bounded_count(pks, CROSSERS_COUNTED), CROSSERS_COUNTED) if crossers else None
    rows, envelope = paginate(request, response, pks, page=page, page_size=page_size, count=count)
    pks = list(rows)
    loaded = with_sources(Character.objects.with_counts()).in_bulk(pks)
    characters = [loaded[pk] for pk in pks if pk in loaded]
    return envelope | {"results": [character_out(c, request) for c in characters]}


@router.get("/characters/{slug}", response={200: CharacterDetail, **ERRORS}, summary="A character")
def character_detail(request, slug: str = slug_path("The character's slug.")):
    """A published character with every published appearance."""
    appearances = published_appearances(
        "series", "season__series", "episode__season__series", "performer"
    ).order_by("series__premiere_date", "series__title", *APPEARANCE_ORDER, "pk")
    queryset = with_sources(Character.objects.published().with_counts())
    character = found_by_slug(
        queryset.prefetch_related(Prefetch("appearances", appearances, to_attr="api_appearances")),
        slug,
        "character",
    )
    return character_out(character, request) | {
        "appearances": [appearance_out(a, request) for a in character.api_appearances]
    }


# Universes


def watch_order_out(universe, request) -> list[dict]:
    """The release order, each season marked when the crossover essentials keep it: four
    queries (franchise.watch_order), once per content generation."""
    guide = cached_fragment("api-watch-order", universe.pk, compute=lambda: watch_order(universe))
    essential = {entry.season.pk for entry in essentials_of(guide)}
    return [
        {
            "position": entry.position,
            "series": series_ref(entry.season.series, request),
            "season": entry.season.number,
            "label": entry.season.label,
            "url": absolute(request, entry.season.get_absolute_url()),
            "premiere_date": entry.season.premiere_date,
            "essential": entry.season.pk in essential,
            "episodes": [
                {
                    "episode": episode_ref(watched.episode, request),
                    "air_date": watched.episode.air_date,
                    "crossover": watched.is_crossover,
                    "visits": [visit_out(visit, request) for visit in watched.visits],
                }
                for watched in entry.episodes
            ],
        }
        for entry in guide
    ]


def graph_out(universe, request) -> dict:
    """The universe's series and what joins them (franchise.graph): three queries, once per
    content generation."""

    def compute():
        ids = UniverseMembership.objects.filter(
            universe=universe, series__status=PublishStatus.PUBLISHED
        ).values_list("series_id", flat=True)
        return series_graph(series_ids=list(ids), with_hand_offs=True)

    graph = cached_fragment("api-graph", universe.pk, compute=compute)
    return {
        "nodes": [
            series_node(node, request) | {"premiere_date": node.premiere, "network": node.network}
            for node in graph.timeline()
        ],
        "connections": [
            {
                "first": connection.first.id,
                "second": connection.second.id,
                "on_screen": connection.on_screen,
                "links": [
                    {
                        "source": link.source_id,
                        "target": link.target_id,
                        "kind": link.kind,
                        "label": link.label,
                        "inverse_label": link.inverse_label,
                        "note": link.note,
                        "scope": str(link.scope),
                        "on_screen": link.on_screen,
                    }
                    for link in connection.links
                ],
                "characters": [character_ref(c, request) for c in connection.characters],
                "hand_offs": [
                    {
                        "character": character_ref(hand_off.character, request),
                        "episode_id": hand_off.episode_id,
                        "series": hand_off.series.id,
                        "to": hand_off.to.id,
                    }
                    for hand_off in connection.hand_offs
                ],
            }
            for connection in graph.connections()
        ],
    }


def universe_out(universe, request) -> dict:
    """The universe, its published series in its own order and the links between them:
    three queries."""
    members = list(
        UniverseMembership.objects.filter(universe=universe, series__status=PublishStatus.PUBLISHED)
        .select_related("series")
        .order_by("position")
    )
    ids = [member.series_id for member in members]
    links = with_sources(
        SeriesLink.objects.filter(source__in=ids, target__in=ids).select_related("source", "target")
    ).order_by("source__premiere_date", "source__title", "kind", "target__title", "pk")
    return {
        "id": universe.pk,
        "slug": universe.slug,
        "url": absolute(request, universe.get_absolute_url()),
        "name": universe.name,
        "description": universe.description,
        "sources": sources_out(universe.sources),
        "members": [
            {"position": m.position, "note": m.note, "series": series_ref(m.series, request)}
            for m in members
        ],
        "links": [link_out(link, request) for link in links],
    }


UNIVERSE_INCLUDES.provide("watch_order", build=watch_order_out)
UNIVERSE_INCLUDES.provide("graph", build=graph_out)


@UNIVERSE_INCLUDES.route(
    router, "/universes/{slug}", UniverseDetail, "A universe", show=universe_out
)
def universe_detail(request, slug: str = slug_path("The universe's slug.")):
    """A published universe: its series in its own order and the typed links between them;
    include= embeds the watch order and the graph of how its series connect."""
    return found_by_slug(with_sources(Universe.objects.published()), slug, "universe")


# What to watch before a series, a season or an episode


def before_out(page, request) -> dict:
    """A franchise.before page as data: its reasons' sources from its fact sheet."""

    def sources(reason) -> list[dict]:
        found = {
            source.pk: source
            for sighting in reason.sightings
            for source in page.facts.sources((APPEARANCE, sighting.pk))
        }
        return [source_out(source) for source in found.values()]

    return {
        "target": page.target.label,
        "url": absolute(request, page.target.before_url),
        "order": page.order.value,
        "episodes": [
            {
                "series": series_ref(entry.episode.season.series, request),
                "episode": episode_ref(entry.episode, request),
                "reasons": [
                    {
                        "kind": "hand_off" if reason.is_hand_off else "first_appearance",
                        "text": reason.text,
                        "character": character_ref(reason.character, request),
                        "hand_off_to": reason.hand_off_to
                        and series_ref(reason.hand_off_to, request),
                        "sources": sources(reason),
                    }
                    for reason in entry.reasons
                ],
            }
            for entry in page.needed
        ],
        "earlier_here": page.earlier_here.text if page.earlier_here else None,
    }


def before_route(path: str, summary: str):
    """What to watch before the series, season or episode at `path` (below api/v1/)."""
    return router.get(path, response={200: BeforeOut, **ERRORS}, summary=summary)


@before_route("/series/{slug}/before", "What to watch before")
def before_series(request, slug: SeriesSlug):
    """The earlier episodes of the universe's other shows to watch before a published
    series, each with its reasons (its characters' first appearances, the hand-off to it),
    in the universe's story order; empty when it needs nothing."""
    return before_out(before_page(slug=slug), request)


@before_route("/series/{slug}/seasons/{season}/before", "What to watch before a season")
def before_season(request, slug: SeriesSlug, season: SeasonPath):
    """What to watch before a published season, as for a series; the earlier seasons of
    its own show are said in one line (earlier_here)."""
    return before_out(before_page(slug=slug, season=season), request)


@before_route(
    "/series/{slug}/seasons/{season}/episodes/{episode}/before", "What to watch before an episode"
)
def before_episode(
    request,
    slug: SeriesSlug,
    season: SeasonPath,
    episode: EpisodePath,
):
    """What to watch before a published episode, as for a season."""
    return before_out(before_page(slug=slug, season=season, episode=episode), request)


# Search


@router.get("/search", response={200: SearchResults, **ERRORS}, summary="Search")
def search(
    request,
    response: HttpResponse,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="Words to find."),
    kind: Literal[tuple(SEARCH_KINDS)] | None = Query(  # type: ignore[valid-type]
        None, description="One kind of result only."
    ),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    """Published series, episodes, people and characters matching every word, best match
    first, in a group for each kind; page and page_size apply to each group."""
    searched = bool(query_terms(q))
    groups = []
    for key, (_, queryset, ordering) in SEARCH_KINDS.items():
        if kind and key != kind:
            continue
        results = queryset().search(q).order_by(*ordering) if searched else None
        counted = bounded_count(results, SEARCH_COUNT_LIMIT) if searched else 0
        groups.append((key, results, counted))
    largest = max(min(counted, SEARCH_COUNT_LIMIT) for _, _, counted in groups)
    _, envelope = paginate(request, response, [], page=page, page_size=page_size, count=largest)
    total = sum(min(counted, SEARCH_COUNT_LIMIT) for _, _, counted in groups)
    response["X-Total-Count"] = str(total)
    start = (page - 1) * page_size
    return envelope | {
        "count": total,
        "query": q,
        "groups": [
            {
                "kind": key,
                "count": min(counted, SEARCH_COUNT_LIMIT),
                "more": counted > SEARCH_COUNT_LIMIT,
                "results": [
                    search_hit(key, record, request)
                    for record in (results[start : start + page_size] if counted > start else [])
                ],
            }
            for key, results, counted in groups
        ],
    }
