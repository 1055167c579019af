"""Public pages of the fictional world, and the site search (it lives here because it
searches both apps, and only franchise may import catalog)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Episode, Person, Series
from catalog.search import MAX_QUERY_LENGTH, query_terms
from catalog.views import page_response, paginate, readable_query
from franchise.models import Character, Universe

CHARACTERS_PER_PAGE = 48
UNIVERSES_PER_PAGE = 24
UNIVERSE_CHARACTERS_SHOWN = 48
RESULTS_PER_KIND = 10
RESULTS_PER_PAGE = 24


@require_safe
@readable_query
def character_list(request):
    characters = Character.objects.published().for_cards()
    page, problem = paginate(request, characters, CHARACTERS_PER_PAGE)
    context = {"page": page, "breadcrumbs": [("Characters", None)]}
    return page_response(
        request, "franchise/character_list.html", context, [problem] if problem else []
    )


@require_safe
def character_detail(request, slug):
    character = get_object_or_404(Character.objects.published().for_detail(), slug=slug)
    context = {
        "character": character,
        "series_appearances": appearances_by_series(character.published_appearances),
        "breadcrumbs": [
            ("Characters", reverse("franchise:character_list")),
            (character.name, None),
        ],
    }
    return render(request, "franchise/character_detail.html", context)


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
    universe = get_object_or_404(Universe.objects.published().for_detail(), slug=slug)
    series_list = list(Series.objects.published().for_cards().with_stats().in_universe(universe))
    characters = (
        Character.objects.published()
        .in_universe(universe)
        .order_by("-universe_series_count", "name")
    )
    context = {
        "universe": universe,
        "series_list": series_list,
        "characters": characters[:UNIVERSE_CHARACTERS_SHOWN],
        "breadcrumbs": [("Universes", reverse("franchise:universe_list")), (universe.name, None)],
    }
    return render(request, "franchise/universe_detail.html", context)


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
    """A character's appearances grouped by series, in the order fetched:
    [{series, performers, appearances}]."""
    by_series = {}
    for appearance in appearances:
        entry = by_series.setdefault(
            appearance.series_id,
            {"series": appearance.series, "performers": [], "appearances": []},
        )
        performer = appearance.performer
        if performer and performer.is_published and performer not in entry["performers"]:
            entry["performers"].append(appearance.performer)
        entry["appearances"].append(appearance)
    return list(by_series.values())
