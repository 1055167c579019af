"""Public pages of the catalogue: each view parses its input and calls one selector
(catalog.selectors); what other apps add to a page comes through catalog.page_parts.

Bad input never gives a 500: an unknown slug or an impossible season or episode number is
a 404; a query string value that does not check out (a filter, a page number, a query
with NUL bytes) gives a 400 page that says what was ignored.
"""

from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from catalog import selectors
from catalog.filters import SeriesFilter
from catalog.models import Person, Series
from catalog.numbers import MAX_NUMBER, parse_whole
from catalog.readiness import readiness_checks
from catalog.selectors import page_context

SERIES_PER_PAGE = 24
PEOPLE_PER_PAGE = 48

SERIES = ("Series", "catalog:series_list")
PEOPLE = ("People", "catalog:person_list")


def parse_number(raw: str, *, minimum: int) -> int:
    """A season or episode number from the URL, or 404 when it is not a plausible one."""
    number = parse_whole(raw, lowest=minimum, highest=MAX_NUMBER)
    if number is None:
        raise Http404("No such number.")
    return number


def refuse_nul_bytes(view):
    """400 for a query string holding NUL bytes: no database accepts them in text."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pairs = ((key, value) for key, values in request.GET.lists() for value in values)
        if any("\x00" in key or "\x00" in value for key, value in pairs):
            return bad_request(request, None, reason="The address contained a NUL character.")
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset, per_page: int, *, count_limit: int | None = None):
    """(page, problem): the requested page, or the nearest one and a sentence saying why;
    with count_limit, pages of the first count_limit rows only (selectors.page_of)."""
    return selectors.page_of(
        queryset, request.GET.get("page", "1"), per_page, count_limit=count_limit
    )


def can_preview(request) -> bool:
    """Staff may see a draft on its detail page (the admin's "View on site"); nobody else.
    Without a session cookie nobody is signed in: the session is not read, so the page does
    not vary on the cookie and can be cached for every visitor."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def crumb_name(record) -> str:
    """A record as a breadcrumb: a season by its label, others by name."""
    return getattr(record, "label", None) or str(record)


def trail(section: str, list_view: str, *parents, here: str) -> list[tuple[str, str | None]]:
    """A page's breadcrumbs: its section's list, the records it belongs to, then the page
    itself, unlinked."""
    crumbs = [(section, reverse(list_view))]
    crumbs += [(crumb_name(r), r.get_absolute_url()) for r in parents]
    return [*crumbs, (here, None)]


def detail_response(request, template: str, page, *path, **extra):
    """Render a record's page (a selectors.DetailPage) with any extra context; path is its
    breadcrumbs, as trail's: section, list view, the records it belongs to, and last the
    record itself (or the page's name). A draft (staff only) gets its banner and is never
    cached or indexed."""
    *parents, record = path
    context = page_context(page) | extra
    context["breadcrumbs"] = trail(*parents, here=crumb_name(record))
    context["draft_preview"] = page.draft
    response = render(request, template, context)
    if page.draft:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def page_response(request, template: str, context: dict, problems: list[str]):
    """Render the page; a 400 when part of the request had to be ignored."""
    context["problems"] = problems
    return render(request, template, context, status=400 if problems else 200)


@require_safe
def home(request):
    return render(request, "catalog/home.html", page_context(selectors.home_page()))


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
@refuse_nul_bytes
def series_list(request):
    filterset = SeriesFilter(request.GET, queryset=Series.objects.published())
    problems = filterset.problems()
    # Sort and page over primary keys; build the cards of the page only.
    pks = filterset.qs.values_list("pk", flat=True)
    page, page_problem = paginate(request, pks, SERIES_PER_PAGE)
    if page_problem:
        problems.append(page_problem)
    cards = selectors.series_cards(page.object_list)
    context = {
        "filter": filterset,
        "page": page,
        "cards": cards,
        "facts": selectors.list_facts(selectors.series_card_records(cards)),
        "chips": filterset.chips(),
        "breadcrumbs": [("Series", None)],
    }
    return page_response(request, "catalog/series_list.html", context, problems)


@require_safe
def series_detail(request, slug):
    page = selectors.series_page(slug=slug, drafts=can_preview(request))
    return detail_response(request, "catalog/series_detail.html", page, *SERIES, page.series)


@require_safe
def season_detail(request, slug, number):
    page = selectors.season_page(
        slug=slug, number=parse_number(number, minimum=0), drafts=can_preview(request)
    )
    return detail_response(
        request,
        "catalog/season_detail.html",
        page,
        *SERIES,
        page.series,
        page.season,
        previous=page.previous,
        next=page.next,
    )


@require_safe
def episode_detail(request, slug, number, episode):
    page = selectors.episode_page(
        slug=slug,
        season=parse_number(number, minimum=0),
        number=parse_number(episode, minimum=1),
        drafts=can_preview(request),
    )
    season, series = page.season, page.series
    here = f"Episode {page.episode.number}"
    return detail_response(
        request,
        "catalog/episode_detail.html",
        page,
        *SERIES,
        series,
        season,
        here,
        season=season,
        series=series,
    )


@require_safe
@refuse_nul_bytes
def person_list(request):
    page, problem = paginate(
        request, selectors.people_cards(Person.objects.published()), PEOPLE_PER_PAGE
    )
    people = list(page.object_list)
    context = {
        "page": page,
        "people": people,
        "facts": selectors.list_facts(selectors.people_card_records(people)),
        "breadcrumbs": [("People", None)],
    }
    return page_response(request, "catalog/person_list.html", context, [problem] if problem else [])


@require_safe
def person_detail(request, slug):
    page = selectors.person_page(slug=slug, drafts=can_preview(request))
    return detail_response(request, "catalog/person_detail.html", page, *PEOPLE, page.person)


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
