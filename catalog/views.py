"""Public pages of the catalogue: thin views over published querysets."""

from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from catalog.models import Episode, Person, Season, Series

MAX_NUMBER = 10_000


def parse_number(raw: str, *, minimum: int) -> int:
    """A season or episode number from the URL, or 404 when it is not a plausible one."""
    if not raw.isdigit() or len(raw) > 5:
        raise Http404("No such number.")
    number = int(raw)
    if not minimum <= number <= MAX_NUMBER:
        raise Http404("No such number.")
    return number


@require_safe
def home(request):
    series = Series.objects.published().for_cards().order_by("-premiere_date", "title")
    return render(request, "catalog/home.html", {"series_list": series})


@require_safe
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def series_list(request):
    series = Series.objects.published().for_cards()
    return render(request, "catalog/series_list.html", {"series_list": series})


@require_safe
def series_detail(request, slug):
    series = get_object_or_404(Series.objects.published().for_cards(), slug=slug)
    seasons = series.seasons.published()
    return render(request, "catalog/series_detail.html", {"series": series, "seasons": seasons})


@require_safe
def season_detail(request, slug, number):
    season = get_object_or_404(
        Season.objects.published().select_related("series"),
        series__slug=slug,
        number=parse_number(number, minimum=0),
    )
    episodes = season.episodes.published()
    return render(request, "catalog/season_detail.html", {"season": season, "episodes": episodes})


@require_safe
def episode_detail(request, slug, number, episode):
    episode = get_object_or_404(
        Episode.objects.published().select_related("season__series"),
        season__series__slug=slug,
        season__number=parse_number(number, minimum=0),
        number=parse_number(episode, minimum=1),
    )
    return render(request, "catalog/episode_detail.html", {"episode": episode})


@require_safe
def person_list(request):
    return render(request, "catalog/person_list.html", {"people": Person.objects.published()})


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.published(), slug=slug)
    return render(request, "catalog/person_detail.html", {"person": person})
