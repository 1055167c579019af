"""Public pages of the fictional world, and the site search (it lives here because it
searches both apps, and only franchise may import catalog).

The universe pages (watch order, graph, connection finder) read published records only,
for everyone; the detail pages show staff a draft with its banner (catalog.views.visible).
"""

import datetime

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Episode, Person, PublishStatus, Series, sources_prefetch
from catalog.search import MAX_QUERY_LENGTH, query_terms
from catalog.views import detail_response, page_response, paginate, readable_query, visible
from franchise.appearances import first_appearance as appearances_first
from franchise.appearances import sighting
from franchise.crossovers import series_of_characters
from franchise.filters import CharacterFilter
from franchise.forms import ConnectionForm, WatchOrderForm
from franchise.graph import (
    VERTICAL,
    chain_evidence,
    connection_find,
    graph_layout,
    series_graph,
)
from franchise.models import AppearanceKind, Character, Universe, UniverseMembership
from franchise.watch_order import watch_order

CHARACTERS_PER_PAGE = 48
UNIVERSES_PER_PAGE = 24
UNIVERSE_CHARACTERS_SHOWN = 48
RESULTS_PER_KIND = 10
RESULTS_PER_PAGE = 24
# Series in a universe take these tones, in order of their first season (see site.css).
SERIES_TONES = 6


@require_safe
@readable_query
def character_list(request):
    filterset = CharacterFilter(
        request.GET, queryset=Character.objects.published().for_cards().order_by("name", "pk")
    )
    problems = filterset.problems()
    page, problem = paginate(request, filterset.qs, CHARACTERS_PER_PAGE)
    if problem:
        problems.append(problem)
    characters = list(page.object_list)
    appearing = series_of_characters(character.pk for character in characters)
    for character in characters:
        places = appearing.get(character.pk, [])
        character.crosses = places if len(places) > 1 else []
    context = {
        "filter": filterset,
        "active": filterset.active(),
        "page": page,
        "characters": characters,
        "breadcrumbs": [("Characters", None)],
    }
    return page_response(request, "franchise/character_list.html", context, problems)


@require_safe
def character_detail(request, slug):
    character = get_object_or_404(visible(request, Character.objects.for_detail()), slug=slug)
    appearances = character.published_appearances
    series_appearances = appearances_by_series(appearances)
    context = {
        "character": character,
        "series_appearances": series_appearances,
        "performers": performers_of(appearances),
        "first": first_appearance(appearances),
        "latest": latest_appearance(appearances),
        "crossing": [entry["series"] for entry in series_appearances],
        "breadcrumbs": [
            ("Characters", reverse("franchise:character_list")),
            (character.name, None),
        ],
    }
    return detail_response(
        request, "franchise/character_detail.html", context, draft=not character.is_published
    )


@require_safe
@readable_query
def universe_list(request):
    page, problem = paginate(request, Universe.objects.published().for_cards(), UNIVERSES_PER_PAGE)
    context = {"page": page, "breadcrumbs": [("Universes", None)]}
    return page_response(
        request, "franchise/universe_list.html", context, [problem] if problem else []
    )


@require_safe
def universe_detail(request, slug):
    universe = get_object_or_404(
        visible(request, Universe.objects.prefetch_related(sources_prefetch())), slug=slug
    )
    series_list = list(Series.objects.published().for_cards().with_stats().in_universe(universe))
    ids = [series.pk for series in series_list]
    graph = series_graph(series_ids=ids)
    crossers = sorted(graph.characters.values(), key=lambda c: (-c.series_count, c.name))
    characters = (
        Character.objects.published()
        .in_universe(universe)
        .order_by("-universe_series_count", "name")
    )
    context = {
        "universe": universe,
        "series_list": series_list,
        "connections": graph.connections(),
        "crossers": crossers,
        "characters": characters[:UNIVERSE_CHARACTERS_SHOWN],
        "counts": {
            "seasons": sum(series.seasons_count for series in series_list),
            "episodes": Episode.objects.published().filter(season__series__in=ids).count(),
        },
        "breadcrumbs": [("Universes", reverse("franchise:universe_list")), (universe.name, None)],
    }
    return detail_response(
        request, "franchise/universe_detail.html", context, draft=not universe.is_published
    )


@require_safe
@readable_query
def universe_watch_order(request, slug):
    universe = get_object_or_404(Universe.objects.published(), slug=slug)
    form = WatchOrderForm(request.GET)
    problems = form.problems()
    essentials, episodes = form.option("essentials"), form.option("episodes")
    guide = watch_order(universe, essentials=essentials)
    tones = {}
    for entry in guide:
        tones.setdefault(entry.season.series_id, len(tones) % SERIES_TONES + 1)
    for entry in guide:
        entry.tone = tones[entry.season.series_id]
    series_in_order = []
    for entry in guide:
        if entry.season.series not in series_in_order:
            series_in_order.append(entry.season.series)
    context = {
        "universe": universe,
        "form": form,
        "essentials": essentials,
        "episodes": episodes,
        "guide": guide,
        "legend": [(series, tones[series.pk]) for series in series_in_order],
        "counts": {
            "seasons": len(guide),
            "episodes": sum(len(entry.episodes) for entry in guide),
            "crossovers": sum(len(entry.crossovers) for entry in guide),
        },
        "breadcrumbs": [
            ("Universes", reverse("franchise:universe_list")),
            (universe.name, universe.get_absolute_url()),
            ("Watch order", None),
        ],
    }
    return page_response(request, "franchise/watch_order.html", context, problems)


@require_safe
def universe_graph(request, slug):
    universe = get_object_or_404(Universe.objects.published(), slug=slug)
    ids = list(
        UniverseMembership.objects.filter(
            universe=universe, series__status=PublishStatus.PUBLISHED
        ).values_list("series_id", flat=True)
    )
    graph = series_graph(series_ids=ids, with_hand_offs=True)
    context = {
        "universe": universe,
        "graph": graph,
        "timeline": graph.timeline(),
        "connections": graph.connections(),
        "wide": graph_layout(graph),
        "tall": graph_layout(graph, orientation=VERTICAL),
        "breadcrumbs": [
            ("Universes", reverse("franchise:universe_list")),
            (universe.name, universe.get_absolute_url()),
            ("Graph", None),
        ],
    }
    return render(request, "franchise/graph.html", context)


@require_safe
@readable_query
def connections(request):
    graph = series_graph()
    asked = "from" in request.GET or "to" in request.GET
    form = ConnectionForm(request.GET if asked else None, nodes=graph.nodes.values())
    context = {"form": form, "breadcrumbs": [("Connection finder", None)]}
    problems = form.problems() if asked else []
    if asked and not problems:
        start = graph.by_slug(form.cleaned_data["from"])
        goal = graph.by_slug(form.cleaned_data["to"])
        chain = connection_find(graph, start=start, goal=goal)
        context.update(
            {
                "start": start,
                "goal": goal,
                "chain": chain_evidence(chain),
                "on_screen": all(step.on_screen for step in chain),
            }
        )
    return page_response(request, "franchise/connections.html", context, problems)


# Search: (kind, heading, published queryset with what a result shows, result ordering).
SEARCH_KINDS = {
    "series": (
        "Series",
        lambda: Series.objects.published().select_related("network"),
        ["-search_rank", "title", "pk"],
    ),
    "episodes": (
        "Episodes",
        lambda: Episode.objects.published().for_results(),
        ["-search_rank", "season__series__title", "season__number", "number", "pk"],
    ),
    "people": ("People", lambda: Person.objects.published(), ["-search_rank", "name", "pk"]),
    "characters": (
        "Characters",
        lambda: Character.objects.published(),
        ["-search_rank", "name", "pk"],
    ),
}


@require_safe
@readable_query
def search(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    problems = []
    if len(query) > MAX_QUERY_LENGTH:
        problems.append(
            f"Searches are limited to {MAX_QUERY_LENGTH} characters; "
            f"this one has {len(query):,}. Try a few distinctive words."
        )
        query = ""
    if kind and kind not in SEARCH_KINDS:
        shown = kind if len(kind) <= 30 else f"{kind[:30]}…"
        problems.append(f"There is no kind of result “{shown}”: showing every kind.")
        kind = ""
    context = {
        "query": query,
        "kind": kind,
        "searched": bool(query_terms(query)),
        "groups": [],
        "page": None,
        "breadcrumbs": [("Search", None)],
    }
    if context["searched"]:
        for key, (heading, queryset, ordering) in SEARCH_KINDS.items():
            results = queryset().search(query).order_by(*ordering)
            if kind == key:
                page, problem = paginate(request, results, RESULTS_PER_PAGE)
                if problem:
                    problems.append(problem)
                context["page"] = page
                group = {
                    "kind": key,
                    "heading": heading,
                    "count": page.paginator.count,
                    "results": page.object_list,
                }
            else:
                count = results.count()
                shown = results[:RESULTS_PER_KIND] if count and not kind else []
                group = {"kind": key, "heading": heading, "count": count, "results": shown}
            context["groups"].append(group)
        context["total"] = sum(group["count"] for group in context["groups"])
    return page_response(request, "franchise/search.html", context, problems)


def appearances_by_series(appearances) -> list[dict]:
    """A character's appearances grouped by series, then season, in the order fetched:
    [{series, performers, kind, whole: [appearances], seasons: [{number, season,
    appearances}]}]. kind is the strongest kind there (main before guest before mention)."""
    by_series = {}
    for appearance in appearances:
        entry = by_series.setdefault(
            appearance.series_id,
            {
                "series": appearance.series,
                "performers": [],
                "kind": appearance.kind,
                "whole": [],
                "seasons": {},
                "appearances": [],
            },
        )
        performer = appearance.performer
        if performer and performer.is_published and performer not in entry["performers"]:
            entry["performers"].append(performer)
        entry["kind"] = AppearanceKind.strongest([entry["kind"], appearance.kind])
        entry["appearances"].append(appearance)
        season = appearance.episode.season if appearance.episode_id else appearance.season
        if season is None:
            entry["whole"].append(appearance)
        else:
            group = entry["seasons"].setdefault(
                season.number, {"number": season.number, "season": season, "appearances": []}
            )
            group["appearances"].append(appearance)
    grouped = []
    for entry in by_series.values():
        entry["seasons"] = [entry["seasons"][number] for number in sorted(entry["seasons"])]
        for group in entry["seasons"]:
            group["appearances"].sort(
                key=lambda a: (a.episode.number if a.episode_id else 0, a.kind_choice.rank)
            )
            group["on_screen"] = [a for a in group["appearances"] if a.kind_choice.on_screen]
        grouped.append(entry)
    return grouped


def performers_of(appearances) -> list[dict]:
    """Who played the character (published people), in order of first appearance:
    [{person, series: [series they played it in]}]."""
    found = {}
    for appearance in sorted(appearances, key=lambda a: sighting(a).first_seen_key):
        person = appearance.performer
        if person is None or not person.is_published:
            continue
        entry = found.setdefault(person.pk, {"person": person, "series": []})
        if appearance.series not in entry["series"]:
            entry["series"].append(appearance.series)
    return list(found.values())


def _last_seen_key(appearance) -> tuple:
    """When an appearance was last seen: a whole-series or whole-season part lasts until
    the finale, or for as long as the series runs."""
    if appearance.episode_id:
        end = appearance.episode.air_date
    elif appearance.season_id:
        end = appearance.season.finale_date or appearance.season.premiere_date
    else:
        series = appearance.series
        running = series.run_status not in {Series.RunStatus.ENDED, Series.RunStatus.CANCELLED}
        end = series.finale_date or (datetime.date.max if running else series.premiere_date)
    start = sighting(appearance).date
    return (end or datetime.date.min, start or datetime.date.min, appearance.pk)


def first_appearance(appearances) -> dict | None:
    """The character's first appearance (franchise.appearances), with its date:
    {appearance, date}."""
    by_pk = {appearance.pk: appearance for appearance in appearances}
    first = appearances_first([sighting(appearance) for appearance in appearances])
    return {"appearance": by_pk[first.pk], "date": first.date} if first else None


def latest_appearance(appearances) -> dict | None:
    """The latest on-screen appearance (a mention only when there is nothing else), with
    its date when it is a single episode: {appearance, date}."""
    seen = [a for a in appearances if a.kind_choice.on_screen] or list(appearances)
    dated = [a for a in seen if _last_seen_key(a)[0] != datetime.date.min]
    if not dated:
        return None
    latest = max(dated, key=_last_seen_key)
    return {"appearance": latest, "date": latest.episode.air_date if latest.episode_id else None}
