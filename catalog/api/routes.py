"""The catalogue's endpoints: series (with the series list's filters), seasons, episodes,
people and claims. Published records only, at every level: a draft is never listed,
embedded or counted.

Each endpoint loads what it shows in a fixed number of queries, include= adding a fixed
number more for each related resource (tests/api/test_queries.py).
"""

from typing import Literal

from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from ninja import Query, Router

from catalog.api import serializers as out
from catalog.api.conventions import (
    ERRORS,
    EpisodePath,
    Includes,
    SeasonPath,
    SeriesSlug,
    filter_data,
    found_by_slug,
    found_or_404,
    page_query,
    page_schema,
    page_size_query,
    paginate,
    refuse_bad_filters,
    slug_path,
    slug_query,
    with_sources,
)
from catalog.api.schemas import (
    ClaimOut,
    EpisodeDetail,
    PersonDetail,
    PersonOut,
    SeasonDetail,
    SeriesDetail,
    SeriesOut,
)
from catalog.filters import MAX_YEAR, MIN_YEAR, ORDERINGS, SeriesFilter
from catalog.models import (
    Claim,
    ClaimVerdict,
    Credit,
    Episode,
    Person,
    Review,
    RunStatus,
    Season,
    Series,
    published_people_credits,
)
from catalog.search import MAX_QUERY_LENGTH

router = Router(tags=["catalogue"])

SERIES_INCLUDES = Includes("series", ("seasons", "credits", "reviews", "claims", "characters"))
SEASON_INCLUDES = Includes("season", ("episodes", "reviews"))
EPISODE_INCLUDES = Includes("episode", ("credits", "characters"))
PERSON_INCLUDES = Includes("person", ("credits", "characters"))

SeriesPage = page_schema(SeriesOut, "SeriesPage")
PersonPage = page_schema(PersonOut, "PersonPage")
ClaimPage = page_schema(ClaimOut, "ClaimPage")


def reviews_ordered(queryset):
    """Reviews of the series first, then season by season; newest first within each."""
    return queryset.order_by(
        F("season__number").asc(nulls_first=True),
        F("published_on").desc(nulls_last=True),
        "outlet",
        "pk",
    )


# Series


def series_for_api(queryset):
    """Series with what a series object shows: network, genres, sources."""
    return with_sources(queryset.select_related("network").prefetch_related("genres"))


SERIES_INCLUDES.provide_related(
    "seasons",
    Season.objects.published().select_related("network").order_by("number"),
    out.season_out,
)
SERIES_INCLUDES.provide_related(
    "credits",
    published_people_credits(),
    out.credit_out,
)
SERIES_INCLUDES.provide_related(
    "claims",
    Claim.objects.published().select_related("made_in"),
    out.claim_out,
)


def series_reviews(series, request) -> list[dict]:
    """The published reviews of the series and of its published seasons, in the series
    page's order (Review.objects.about_series): three queries."""
    seasons = Season.objects.published().filter(series=series).only("pk")
    reviews = with_sources(Review.objects.published().about_series(series, seasons))
    return [out.review_out(review, request) for review in reviews]


SERIES_INCLUDES.provide("reviews", build=series_reviews)


@router.get("/series", response={200: SeriesPage, **ERRORS}, summary="Series, filtered")
def series_list(
    request,
    response: HttpResponse,
    q: str | None = Query(None, max_length=MAX_QUERY_LENGTH, description="Words to look for."),
    network: str | None = slug_query("A network's slug."),
    genre: str | None = slug_query("A genre's slug."),
    status: RunStatus | None = Query(None, description="How the series stands."),
    universe: str | None = slug_query("A universe's slug."),
    year_from: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="Premiered from."),
    year_to: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="Premiered until."),
    ordering: Literal[tuple(ORDERINGS)] | None = Query(  # type: ignore[valid-type]
        None, description="Title by default; relevance when searching."
    ),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    """The published series, with the site's series list's filters and orders."""
    data = filter_data(
        q=q,
        network=network,
        genre=genre,
        status=status.value if status else None,
        universe=universe,
        year_from=year_from,
        year_to=year_to,
        ordering=ordering,
    )
    filterset = SeriesFilter(data, queryset=Series.objects.published())
    refuse_bad_filters(filterset)
    pks = filterset.qs.values_list("pk", flat=True)
    page_pks, envelope = paginate(request, response, pks, page=page, page_size=page_size)
    series = series_for_api(Series.objects.all()).in_order(list(page_pks))
    return envelope | {"results": [out.series_out(s, request) for s in series]}


@SERIES_INCLUDES.route(
    router, "/series/{slug}", SeriesDetail, "A series", show=out.series_detail_out
)
def series_detail(request, slug: SeriesSlug):
    """A published series; include= embeds its seasons, credits, reviews, claims (with
    verdicts) and characters."""
    return found_by_slug(series_for_api(Series.objects.published()), slug, "series")


# Seasons and episodes

SEASON_INCLUDES.provide_related(
    "episodes",
    Episode.objects.published().order_by("number"),
    out.episode_out,
)
SEASON_INCLUDES.provide_related(
    "reviews",
    reviews_ordered(Review.objects.published().select_related("disputed_by")),
    out.review_out,
)
EPISODE_INCLUDES.provide_related(
    "credits",
    published_people_credits(),
    out.credit_out,
)


@SEASON_INCLUDES.route(
    router, "/series/{slug}/seasons/{season}", SeasonDetail, "A season", show=out.season_detail_out
)
def season_detail(
    request,
    slug: SeriesSlug,
    season: SeasonPath,
):
    """A published season of a published series; include= embeds its episodes and reviews."""
    seasons = with_sources(Season.objects.published().select_related("series__network", "network"))
    return found_or_404(
        seasons,
        f"The series “{slug}” has no published season {season}.",
        series__slug=slug,
        number=season,
    )


@EPISODE_INCLUDES.route(
    router,
    "/series/{slug}/seasons/{season}/episodes/{episode}",
    EpisodeDetail,
    "An episode",
    show=out.episode_detail_out,
)
def episode_detail(
    request,
    slug: SeriesSlug,
    season: SeasonPath,
    episode: EpisodePath,
):
    """A published episode; include= embeds its credits and the characters appearing."""
    episodes = with_sources(
        Episode.objects.published().select_related("season__series__network", "season__network")
    )
    return found_or_404(
        episodes,
        f"The series “{slug}” has no published episode {season}×{episode}.",
        season__series__slug=slug,
        season__number=season,
        number=episode,
    )


# People

PERSON_INCLUDES.provide_related(
    "credits",
    Credit.objects.published_work()
    .select_related("series", "episode__season__series")
    .order_by(
        Coalesce("series__premiere_date", "episode__season__series__premiere_date"),
        "episode__season__number",
        "episode__number",
        "role",
        "pk",
    ),
    out.credit_out,
)


@router.get("/people", response={200: PersonPage, **ERRORS}, summary="People")
def person_list(
    request,
    response: HttpResponse,
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    """The published people, by name."""
    people = with_sources(Person.objects.published().order_by("name", "pk"))
    rows, envelope = paginate(request, response, people, page=page, page_size=page_size)
    return envelope | {"results": [out.person_out(person, request) for person in rows]}


@PERSON_INCLUDES.route(
    router, "/people/{slug}", PersonDetail, "A person", show=out.person_detail_out
)
def person_detail(request, slug: str = slug_path("The person's slug.")):
    """A published person; include= embeds their credits and the characters they played."""
    return found_by_slug(with_sources(Person.objects.published()), slug, "person")


# Claims


@router.get("/claims", response={200: ClaimPage, **ERRORS}, summary="Claims, with verdicts")
def claim_list(
    request,
    response: HttpResponse,
    verdict: ClaimVerdict | None = Query(None, description="Only claims with this verdict."),
    series: str | None = slug_query("Only claims about this series."),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    """Published statements made in the press and elsewhere, each with the verdict on it:
    only a confirmed claim may be read as fact."""
    claims = Claim.objects.published().select_related("made_in", "series")
    if verdict is not None:
        claims = claims.filter(verdict=verdict)
    if series is not None:
        claims = claims.filter(series__slug=series)
    claims = with_sources(claims.order_by("made_in__publisher", "made_in__title", "number", "pk"))
    rows, envelope = paginate(request, response, claims, page=page, page_size=page_size)
    return envelope | {"results": [out.claim_out(claim, request) for claim in rows]}
