"""Public pages of the catalogue: thin views over published querysets.

Bad input never gives a 500: an unknown slug or an impossible season or episode number is
a 404; a query string value that does not check out (a filter, a page number, a query
with NUL bytes) gives a 400 page that says what was ignored.
"""

import datetime
from collections import defaultdict
from functools import wraps

from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from catalog.filters import SeriesFilter
from catalog.models import CreditRole, Episode, Person, Review, ReviewKind, Season, Series
from catalog.numbers import MAX_NUMBER, MAX_PAGE, parse_whole
from catalog.readiness import readiness_checks

SERIES_PER_PAGE = 24
PEOPLE_PER_PAGE = 48

# Cast groups of a series page, in order: (heading, appearance kinds).
CAST_GROUPS = [
    ("Main cast", {"main"}),
    ("Recurring", {"recurring"}),
    ("Guest stars", {"guest", "cameo"}),
    ("Mentioned", {"mention"}),
]
SERIES_CREW_ROLES = [
    CreditRole.CREATOR,
    CreditRole.CO_CREATOR,
    CreditRole.DEVELOPER,
    CreditRole.SHOWRUNNER,
    CreditRole.AUTHOR_OF_SOURCE,
    CreditRole.EXECUTIVE_PRODUCER,
    CreditRole.DIRECTOR,
    CreditRole.WRITER,
]


def parse_number(raw: str, *, minimum: int) -> int:
    """A season or episode number from the URL, or 404 when it is not a plausible one."""
    number = parse_whole(raw, lowest=minimum, highest=MAX_NUMBER)
    if number is None:
        raise Http404("No such number.")
    return number


def readable_query(view):
    """400 for a query string holding NUL bytes: no database accepts them in text."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pairs = ((key, value) for key, values in request.GET.lists() for value in values)
        if any("\x00" in key or "\x00" in value for key, value in pairs):
            return bad_request(request, None, reason="The address contained a NUL character.")
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset, per_page: int):
    """(page, problem): the requested page, or the nearest one and a sentence saying why."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    number = parse_whole(raw, lowest=1, highest=MAX_PAGE)
    if number is None:
        shown = raw if len(raw) <= 20 else f"{raw[:20]}…"
        return paginator.page(1), f"“{shown}” is not a page number: showing page 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        return (
            paginator.page(last),
            f"There is no page {number}: showing the last page, page {last}.",
        )
    return paginator.page(number), None


def can_preview(request) -> bool:
    """Staff may see a draft on its detail page (the admin's "View on site"); nobody else."""
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def visible(request, queryset):
    """The queryset as this visitor may see it: everything for staff, else published only."""
    return queryset if can_preview(request) else queryset.published()


def detail_response(request, template: str, context: dict, *, draft: bool):
    """Render a detail page; a draft (staff only) gets its banner and is never cached or
    indexed."""
    context["draft_preview"] = draft
    response = render(request, template, context)
    if draft:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def page_response(request, template: str, context: dict, problems: list[str]):
    """Render the page; a 400 when part of the request had to be ignored."""
    context["problems"] = problems
    return render(request, template, context, status=400 if problems else 200)


@require_safe
def home(request):
    cards = Series.objects.published().for_cards().with_stats()
    featured = cards.filter(critic_score__isnull=False).order_by("-critic_score", "title")[:4]
    recent = cards.filter(premiere_date__lte=datetime.date.today()).order_by(
        "-premiere_date", "title"
    )[:6]
    return render(request, "catalog/home.html", {"featured": featured, "recent": recent})


@require_safe
@never_cache
def healthz(request):
    """Liveness: the process answers. It reads nothing, so that a database outage takes
    processes out of rotation (readyz) instead of getting them all restarted."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request):
    """Readiness: 200 when every check passes, else 503; the body names each check."""
    checks = readiness_checks(connection)
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@readable_query
def series_list(request):
    filterset = SeriesFilter(request.GET, queryset=Series.objects.published().with_score())
    problems = filterset.problems()
    # Sort and page over primary keys; build the cards of the page only.
    pks = filterset.qs.values_list("pk", flat=True)
    page, page_problem = paginate(request, pks, SERIES_PER_PAGE)
    if page_problem:
        problems.append(page_problem)
    context = {
        "filter": filterset,
        "page": page,
        "cards": Series.objects.for_cards().with_stats().in_order(page.object_list),
        "chips": filterset.chips(),
        "breadcrumbs": [("Series", None)],
    }
    return page_response(request, "catalog/series_list.html", context, problems)


@require_safe
def series_detail(request, slug):
    series = get_object_or_404(visible(request, Series.objects.for_detail()), slug=slug)
    reviews = list(Review.objects.published().about_series(series))
    context = {
        "series": series,
        "crew": crew_by_role(series.published_credits, SERIES_CREW_ROLES),
        "cast_groups": cast_by_kind(series.published_appearances),
        "scores": [r for r in reviews if r.kind != ReviewKind.CRITIC],
        "reviews": [r for r in reviews if r.kind == ReviewKind.CRITIC],
        "related": series.related_links(),
        "breadcrumbs": [("Series", reverse("catalog:series_list")), (series.title, None)],
    }
    draft = not series.is_published
    return detail_response(request, "catalog/series_detail.html", context, draft=draft)


@require_safe
def season_detail(request, slug, number):
    season = get_object_or_404(
        visible(request, Season.objects.for_detail()),
        series__slug=slug,
        number=parse_number(number, minimum=0),
    )
    series = season.series
    siblings = list(
        Season.objects.published()
        .filter(series=series)
        .select_related("series")
        .order_by("number")
        .only("number", "series__slug")
    )
    earlier = [s for s in siblings if s.number < season.number]
    later = [s for s in siblings if s.number > season.number]
    context = {
        "season": season,
        "series": series,
        "scores": [r for r in season.published_reviews if r.kind != ReviewKind.CRITIC],
        "reviews": [r for r in season.published_reviews if r.kind == ReviewKind.CRITIC],
        "siblings": siblings,
        "previous": earlier[-1] if earlier else None,
        "next": later[0] if later else None,
        "breadcrumbs": [
            ("Series", reverse("catalog:series_list")),
            (series.title, series.get_absolute_url()),
            (season.label, None),
        ],
    }
    draft = not (season.is_published and series.is_published)
    return detail_response(request, "catalog/season_detail.html", context, draft=draft)


@require_safe
def episode_detail(request, slug, number, episode):
    episode = get_object_or_404(
        visible(request, Episode.objects.for_detail()),
        season__series__slug=slug,
        season__number=parse_number(number, minimum=0),
        number=parse_number(episode, minimum=1),
    )
    season, series = episode.season, episode.season.series
    published = Episode.objects.published()
    context = {
        "episode": episode,
        "season": season,
        "series": series,
        "crew": crew_by_role(episode.published_credits, list(CreditRole)),
        "cast_groups": cast_by_kind(episode.published_appearances),
        "previous": published.previous_to(episode),
        "next": published.next_to(episode),
        "breadcrumbs": [
            ("Series", reverse("catalog:series_list")),
            (series.title, series.get_absolute_url()),
            (season.label, season.get_absolute_url()),
            (f"Episode {episode.number}", None),
        ],
    }
    draft = not (episode.is_published and season.is_published and series.is_published)
    return detail_response(request, "catalog/episode_detail.html", context, draft=draft)


@require_safe
@readable_query
def person_list(request):
    page, problem = paginate(request, Person.objects.published().for_cards(), PEOPLE_PER_PAGE)
    context = {"page": page, "breadcrumbs": [("People", None)]}
    return page_response(request, "catalog/person_list.html", context, [problem] if problem else [])


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(visible(request, Person.objects.for_detail()), slug=slug)
    context = {
        "person": person,
        "work": work_by_series(person.published_credits, person.published_roles),
        "characters": characters_played(person.published_roles),
        "breadcrumbs": [("People", reverse("catalog:person_list")), (person.name, None)],
    }
    return detail_response(
        request, "catalog/person_detail.html", context, draft=not person.is_published
    )


# Shaping fetched records for templates (no queries here).


def crew_by_role(credits, roles) -> list[tuple[str, list]]:
    """[(role label, [credits])] in the order of roles; roles nobody holds are left out."""
    by_role = defaultdict(list)
    for credit in credits:
        by_role[credit.role].append(credit)
    return [(CreditRole(role).label, by_role[role]) for role in roles if by_role.get(role)]


def cast_by_kind(appearances) -> list[tuple[str, list[dict]]]:
    """[(heading, [{character, performer, credited_as, note, episodes}])]: one entry per
    character and performer within each group of CAST_GROUPS, episodes in order."""
    groups = []
    for heading, kinds in CAST_GROUPS:
        entries = {}
        for appearance in appearances:
            if appearance.kind not in kinds:
                continue
            performer = appearance.performer
            if performer is not None and not performer.is_published:
                performer = None
            key = (appearance.character_id, performer.pk if performer else None)
            entry = entries.setdefault(
                key,
                {
                    "character": appearance.character,
                    "performer": performer,
                    # The name a draft performer is credited under would name them too.
                    "credited_as": appearance.credited_as if performer else "",
                    "note": appearance.note,
                    "episodes": [],
                    "seasons": [],
                },
            )
            if appearance.episode_id:
                entry["episodes"].append(appearance.episode)
            elif appearance.season_id:
                entry["seasons"].append(appearance.season)
        if entries:
            ordered = sorted(
                entries.values(),
                key=lambda e: (-len(e["episodes"]) if e["episodes"] else 0, e["character"].name),
            )
            groups.append((heading, ordered))
    return groups


def characters_played(roles) -> list[dict]:
    """The characters a person plays, each with the series they play it in (oldest first)
    and the strongest kind of part there: [{character, series: [(series, kind label)]}]."""
    found = {}
    for appearance in roles:
        entry = found.setdefault(
            appearance.character_id, {"character": appearance.character, "series": {}}
        )
        kind = appearance.kind_choice
        _, known = entry["series"].get(appearance.series_id, (None, kind))
        entry["series"][appearance.series_id] = (
            appearance.series,
            min(kind, known, key=lambda k: k.rank),
        )
    played = []
    for entry in found.values():
        places = sorted(
            entry["series"].values(),
            key=lambda place: (place[0].premiere_date or datetime.date.max, place[0].title),
        )
        played.append({"character": entry["character"], "series": places})
    return sorted(played, key=lambda e: (-len(e["series"]), e["character"].name))


def work_by_series(credits, roles) -> list[dict]:
    """A person's credits and characters grouped by series, oldest series first:
    [{series, credits: [(role label, note, [episodes])], characters: [(character, kinds,
    [episodes])]}]."""
    by_series = {}

    def entry_for(series):
        return by_series.setdefault(series.pk, {"series": series, "credits": {}, "characters": {}})

    for credit in credits:
        series = credit.series or credit.episode.season.series
        entry = entry_for(series)
        role = entry["credits"].setdefault(
            credit.role, {"label": credit.get_role_display(), "note": "", "episodes": []}
        )
        if credit.episode_id:
            role["episodes"].append(credit.episode)
        else:
            role["note"] = credit.note
    for appearance in roles:
        entry = entry_for(appearance.series)
        character = entry["characters"].setdefault(
            appearance.character_id,
            {"character": appearance.character, "kinds": [], "episodes": []},
        )
        kind = appearance.get_kind_display()
        if kind not in character["kinds"]:
            character["kinds"].append(kind)
        if appearance.episode_id:
            character["episodes"].append(appearance.episode)
    work = []
    for entry in by_series.values():
        for role in entry["credits"].values():
            role["episodes"].sort(key=lambda e: (e.season.number, e.number))
        for character in entry["characters"].values():
            character["episodes"].sort(key=lambda e: (e.season.number, e.number))
        work.append(
            {
                "series": entry["series"],
                "credits": list(entry["credits"].values()),
                "characters": list(entry["characters"].values()),
            }
        )
    return sorted(
        work,
        key=lambda w: (
            w["series"].premiere_date is None,
            w["series"].premiere_date or datetime.date.min,
            w["series"].title,
        ),
    )


# Error pages in the site's look (wired as handler400/403/404/500 in config/urls.py).


@requires_csrf_token
def bad_request(request, exception, reason: str = ""):
    context = {"reason": reason, "breadcrumbs": [("Bad request", None)]}
    return render(request, "400.html", context, status=400)


@requires_csrf_token
def permission_denied(request, exception):
    return render(request, "403.html", {"breadcrumbs": [("Forbidden", None)]}, status=403)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form posted without its token gets the site's 403 page."""
    return permission_denied(request, None)


@requires_csrf_token
def page_not_found(request, exception):
    return render(request, "404.html", {"breadcrumbs": [("Not found", None)]}, status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request's context processors: whatever failed may fail again.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    except Exception:  # the error page itself must not fail
        return HttpResponseServerError(
            '<!doctype html><title>Server error</title><h1 data-error-page="500">Server error</h1>',
            content_type="text/html",
        )
