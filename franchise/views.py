"""Public pages of the fictional world, and the site search (it lives here because it
searches both apps, and only franchise may import catalog).

The universe pages (watch order, graph, connection finder) read published records only,
for everyone; the detail pages show staff a draft with its banner. Each view parses its
input and calls one selector (franchise.selectors).
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.feeds import calendar_episodes, calendar_response
from catalog.search import MAX_QUERY_LENGTH, query_terms
from catalog.selectors import list_facts, page_context
from catalog.views import (
    bad_request,
    can_preview,
    detail_response,
    page_response,
    paginate,
    parse_number,
    permission_denied,
    refuse_nul_bytes,
    trail,
)
from config.page_cache import cached_fragment
from franchise import before as before_selectors
from franchise import horizon, horizon_pages, progress, selectors, watch_orders_page
from franchise.filters import CharacterFilter
from franchise.forms import ConnectionForm, WatchOrderForm
from franchise.graph import series_graph
from franchise.models import Character, Universe
from franchise.search import SEARCH_KINDS, search_results
from franchise.sequence import episode_sequence

CHARACTERS_PER_PAGE = 48
CROSSERS_COUNTED = 1_000
UNIVERSES_PER_PAGE = 24


CHARACTERS = ("Characters", "franchise:character_list")
UNIVERSES = ("Universes", "franchise:universe_list")


@require_safe
@refuse_nul_bytes
def character_list(request):
    filterset = CharacterFilter(
        request.GET, queryset=Character.objects.published().order_by("name", "pk")
    )
    problems = filterset.problems()
    # Whether a character crosses is worked out per character (its published series):
    # counting every crosser took 1.2 s at 100k episodes, past the statement timeout at
    # 1M. Counted up to CROSSERS_COUNTED ("1,000+"), the first page reads only as many
    # characters, in name order, as it takes to find them.
    crossers = filterset.is_valid() and filterset.form.cleaned_data.get("crossers")
    page, problem = paginate(
        request,
        filterset.qs,
        CHARACTERS_PER_PAGE,
        count_limit=CROSSERS_COUNTED if crossers else None,
    )
    if problem:
        problems.append(problem)
    cards = selectors.character_cards(page.object_list)
    horizon_pages.character_cards_within(cards.cards, horizon.horizon_of(request))
    context = {
        "filter": filterset,
        "active": filterset.active(),
        "page": page,
        "cards": cards.cards,
        "facts": cards.facts,
        "breadcrumbs": [("Characters", None)],
    }
    return page_response(request, "franchise/character_list.html", context, problems)


@require_safe
def character_detail(request, slug):
    page = selectors.character_page(slug=slug, drafts=can_preview(request))
    return detail_response(
        request,
        "franchise/character_detail.html",
        page,
        *CHARACTERS,
        page.character,
        crossing=page.crossing,
    )


@require_safe
@refuse_nul_bytes
def universe_list(request):
    page, problem = paginate(request, Universe.objects.published().for_cards(), UNIVERSES_PER_PAGE)
    universes = list(page.object_list)
    context = {
        "page": page,
        "universes": universes,
        "facts": list_facts(universes),
        "breadcrumbs": [("Universes", None)],
    }
    return page_response(
        request, "franchise/universe_list.html", context, [problem] if problem else []
    )


@require_safe
def universe_detail(request, slug):
    page = selectors.universe_page(
        slug=slug, drafts=can_preview(request), horizon=horizon.horizon_of(request)
    )
    return detail_response(
        request, "franchise/universe_detail.html", page, *UNIVERSES, page.universe
    )


@require_safe
@refuse_nul_bytes
def universe_watch_order(request, slug):
    universe = watch_orders_page.universe_with_orders(slug)
    form = WatchOrderForm(request.GET)
    problems = form.problems()
    essentials = form.option("essentials")
    page = watch_orders_page.watch_orders_page(
        universe,
        kind=form.order_kind(),
        tier=form.chosen_tier(),
        essentials=essentials,
        episodes=form.option("episodes"),
        drafts=can_preview(request),
    )
    context = page_context(page.release) | {
        "universe": universe,
        "form": form,
        "essentials": essentials and not page.curated,
        "episodes": form.option("episodes"),
        "order_links": page.links,
        "curated": page.curated,
        "canonical_query": {"order": page.kind.value} if page.curated else {},
        "counts": page.counts,
        "series_list": page.series_list,
        "crossover_episodes": page.crossover_episodes,
        "checklist": progress.checklist(
            request,
            {e.season.pk: [item.episode.pk for item in e.episodes] for e in page.release.guide},
        ),
        "breadcrumbs": trail(*UNIVERSES, universe, here="Watch order"),
    }
    response = page_response(
        request, "franchise/watch_order.html", context, problems + page.problems
    )
    if page.draft:  # a staff preview
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def universe_calendar(request, slug):
    universe = get_object_or_404(Universe.objects.published(), slug=slug)
    episodes = calendar_episodes(season__series__memberships__universe=universe)
    return calendar_response(request, f"{universe.name} — episodes", episodes)


@require_safe
def universe_graph(request, slug):
    universe = get_object_or_404(Universe.objects.published(), slug=slug)
    page = selectors.graph_page(universe, horizon=horizon.horizon_of(request))
    context = {
        "universe": universe,
        "timeline": page.timeline,
        "connections": page.connections,
        "horizontal": page.horizontal,
        "vertical": page.vertical,
        "facts": page.facts,
        "breadcrumbs": trail(*UNIVERSES, universe, here="Graph"),
    }
    return render(request, "franchise/graph.html", context)


@require_safe
@refuse_nul_bytes
def connections(request):
    # The whole catalogue's graph: three queries over every published series, link and
    # crossing character (263 ms at 100k episodes), the same for every visitor.
    graph = cached_fragment("catalogue-graph", compute=series_graph)
    # Links and crossings revealed later than the visitor's spoiler horizon are not used.
    graph = horizon_pages.graph_within(graph, horizon.horizon_of(request))
    asked = "from" in request.GET or "to" in request.GET
    form = ConnectionForm(request.GET if asked else None, nodes=graph.nodes.values())
    context = {"form": form, "breadcrumbs": [("Connection finder", None)]}
    problems = form.problems() if asked else []
    if asked and not problems:
        chain = selectors.connection_chain(
            graph, start=form.cleaned_data["from"], goal=form.cleaned_data["to"]
        )
        context |= {"chain": chain, "facts": chain.facts}
    return page_response(request, "franchise/connections.html", context, problems)


@require_safe
@refuse_nul_bytes
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
        results = search_results(query, kind=kind, page_number=request.GET.get("page", "1"))
        problems += results.problems
        context.update(
            {
                "groups": results.groups,
                "page": results.page,
                "total": results.total,
                "total_label": results.total_label,
                "suggestions": results.suggestions,
                "held_back": horizon_pages.search_held_back(
                    results.groups, horizon.horizon_of(request)
                ),
            }
        )
    return page_response(request, "franchise/search.html", context, problems)


@require_safe
def before(request, slug, number=None, episode=None):
    """What to watch before a series, a season or an episode (published ones only)."""
    page = before_selectors.before_page(
        slug=slug,
        season=None if number is None else parse_number(number, minimum=0),
        episode=None if episode is None else parse_number(episode, minimum=1),
    )
    target = page.target
    crumbs = [
        ("Series", reverse("catalog:series_list")),
        (target.series.title, target.series.get_absolute_url()),
    ]
    if target.season is not None:
        crumbs.append((target.season.label, target.season.get_absolute_url()))
    if target.episode is not None:
        crumbs.append((f"Episode {target.episode.number}", target.episode.get_absolute_url()))
    context = page_context(page) | {"breadcrumbs": [*crumbs, ("What to watch before", None)]}
    return render(request, "franchise/before.html", context)


@csrf_exempt
@require_POST
@progress.refuse_cross_site
def save_progress(request):
    """Save the episodes ticked in a progress form in the `watched` cookie (franchise.progress),
    or clear them all; then back to the page, 303. No CSRF token: public pages carry none,
    so that they stay cacheable; cross-site posts are refused instead."""
    try:
        change = progress.ProgressChange.from_post(request.POST)
    except progress.ProgressProblem as problem:
        return bad_request(request, None, reason=str(problem))
    except (TooManyFieldsSent, RequestDataTooBig):
        return bad_request(request, None, reason=progress.TOO_MANY)
    next_url = progress.safe_next(request)
    response = HttpResponseRedirect(next_url, status=303)
    if request.POST.get("clear"):
        progress.set_watched(response, request, ())
        return response
    episodes, seasons = progress.published_episodes(change)
    if problem := progress.unpublished(change, episodes, seasons):
        return bad_request(request, None, reason=problem)
    watched = change.applied(progress.watched_ids(request), seasons)
    dropped = progress.set_watched(response, request, watched, recent=sorted(change.ticked))
    if dropped:
        # Said on a page of its own: a message stored for the next page would set a cookie
        # on a GET, and that page could not be cached.
        saved = render(
            request,
            "franchise/progress_trimmed.html",
            {"dropped": dropped, "kept": len(watched) - dropped, "next": next_url},
        )
        saved.cookies = response.cookies
        return saved
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@refuse_nul_bytes
def horizon_setting(request):
    """GET: the form that sets the spoiler horizon (it sets no cookie). POST: set it (an
    episode picked, or the last one ticked) or switch it off, then 303 back to `next`. No
    CSRF token (public pages stay cacheable): cross-site posts are refused instead."""
    current = horizon.horizon_of(request)
    if request.method != "POST":
        page = horizon_pages.horizon_page(request.GET, current)
        return horizon_response(request, page)
    if progress.is_cross_site(request):
        return permission_denied(request, None)
    action = request.POST.get("action", "set")
    if action == "off":
        response = HttpResponseRedirect(
            progress.safe_next(request, "franchise:horizon"), status=303
        )
        horizon.clear_cookie(response)
        return response
    page = horizon_pages.horizon_page(request.POST, current)
    if page.problems or page.universe is None:
        return horizon_response(request, page)
    sequence = episode_sequence(page.universe, page.kind)
    if action == "watched":
        episode_id = horizon_pages.last_watched(sequence, horizon_pages.watched_ids(request))
        if episode_id is None:
            page.problems.append(
                f"None of the episodes you have ticked is in {page.universe.name}: tick "
                "them on the watch order or a season page, or pick the last one below."
            )
    elif action == "set":
        raw = request.POST.get("episode", "")
        episode_id = int(raw) if raw.isdecimal() and len(raw) < 19 else None
        if episode_id not in sequence:
            episode_id = None
            page.problems.append(f"Choose an episode of {page.universe.name} from the list.")
    else:
        episode_id = None
        page.problems.append("That is not something this form does.")
    if episode_id is None:
        return horizon_response(request, page)
    response = HttpResponseRedirect(progress.safe_next(request, "franchise:horizon"), status=303)
    horizon.set_cookie(
        request,
        response,
        universe_slug=page.universe.slug,
        kind=page.kind,
        episode_id=episode_id,
    )
    return response


def horizon_response(request, page):
    context = {
        "page": page,
        "next": progress.safe_next(request, "franchise:horizon"),
        "breadcrumbs": [("Spoiler horizon", None)],
    }
    return page_response(request, "franchise/horizon.html", context, page.problems)
