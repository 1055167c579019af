"""What was made: networks, genres, series, their seasons and episodes.

Domain facts the code relies on:
- Season 0 holds specials; regular seasons count from 1.
- An episode has a number within its season (from 1) and, optionally, an overall number
  across the series. Streaming batches share one air date.
- An episode whose title no source gives is stored with an empty title and shown as
  "Episode 9 — title not yet sourced": nothing is invented.
- Every public record has a draft/published status; public pages read only published
  records, and a season or episode is public only while its series is.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import BTreeIndex
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, FloatField, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse

from catalog import seasons as releases
from catalog.choices import TextChoices, choice_constraint
from catalog.models.base import (
    HistoricalRecords,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    TimeStampedModel,
    blank_or_positive_constraint,
    dates_in_order_constraint,
    named_record_indexes,
    number_in_parent_constraints,
    optional_key,
)
from catalog.models.external import ExternalIds, external_id_constraints
from catalog.models.people import CreditRole, published_people_credits
from catalog.models.reception import Review, ReviewKind
from catalog.models.sourcing import Claim
from catalog.numbers import MAX_NUMBER
from catalog.search import search_document_field, search_index

SERIES_SEARCH_FIELDS = {"title": "A", "alternative_titles": "A", "synopsis": "B"}
EPISODE_SEARCH_FIELDS = {"title": "A", "synopsis": "B"}


class Vocabulary(TimeStampedModel):
    """A term series are filed under (a network, a genre): named, slugged, citable."""

    citations = GenericRelation("catalog.Citation")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Network(Vocabulary):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    url = models.URLField(blank=True)

    history = HistoricalRecords()


class Genre(Vocabulary):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)

    history = HistoricalRecords()


def critic_review(field: str, **annotations) -> Coalesce:
    """`field` of the review behind the outer series' critic score: the published critics'
    aggregate score of the series itself, else of its latest published season, best
    candidate first (audience scores are a kind of their own). `annotations` are added to
    the candidate reviews, for `field` to name one."""
    aggregates = Review.objects.filter(
        status=PublishStatus.PUBLISHED, kind=ReviewKind.AGGREGATE, score__isnull=False
    ).annotate(**annotations)
    own = aggregates.filter(series=OuterRef("pk")).order_by("outlet", "pk")
    # season__in (not a join) lets the database start from the series' seasons.
    seasons = Season.objects.filter(
        series=OuterRef(OuterRef("pk")), status=PublishStatus.PUBLISHED
    ).values("pk")
    of_latest_season = aggregates.filter(season__in=seasons).order_by(
        "-season__number", "outlet", "pk"
    )
    return Coalesce(Subquery(own.values(field)[:1]), Subquery(of_latest_season.values(field)[:1]))


# The best reviewed first: the order of the index series_best_reviewed.
BEST_REVIEWED = [F("critic_score").desc(nulls_last=True), "title", "pk"]


class SeriesQuerySet(PublishedQuerySet):
    def for_cards(self):
        """Series with network and genres loaded, for lists and cards."""
        return self.select_related("network").prefetch_related("genres")

    def critic_scores_refresh(self) -> int:
        """Store, for each series of this queryset, its critic score and the review behind it
        (see critic_review): lists sort by them and cards show them, so they are read from
        the row, not worked out for every series of the catalogue on every request. One
        UPDATE. The writes that can change them call it: catalog.signals for single saves
        and deletes, the bulk services for theirs."""
        percent = Cast("score", FloatField()) * 100.0 / Cast("scale", FloatField())
        return self.order_by().update(
            critic_review=critic_review("pk"),
            critic_score=critic_review("percent", percent=percent),
        )

    def with_stats(self):
        """Adds seasons_count (released published seasons, specials excluded),
        seasons_ordered and first_season_ordered (the others) and, from the review
        behind critic_score, critic_score_value, critic_scale, critic_outlet and
        critic_season. For the few rows shown: not to sort a long list."""
        seasons = Season.objects.filter(
            series=OuterRef("pk"), status=PublishStatus.PUBLISHED, number__gte=1
        ).order_by()
        released = Q(premiere_date__lte=releases.today())
        counts = seasons.values("series").annotate(
            released=Count("pk", filter=released),
            ordered=Count("pk", filter=~released),
            first_ordered=Min("number", filter=~released),
        )
        return self.annotate(
            seasons_count=Coalesce(Subquery(counts.values("released")), 0),
            seasons_ordered=Coalesce(Subquery(counts.values("ordered")), 0),
            first_season_ordered=Subquery(counts.values("first_ordered")),
            critic_score_value=F("critic_review__score"),
            critic_scale=F("critic_review__scale"),
            critic_outlet=F("critic_review__outlet"),
            critic_season=F("critic_review__season__number"),
        )

    def in_order(self, pks) -> list:
        """The series with these primary keys, in that order (a page of a sorted list)."""
        by_pk = self.in_bulk(list(pks))
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def for_detail(self):
        """A series page: genres, published seasons with their published episode count,
        credits of published people and claims. Drafts are excluded at every level;
        reviews come from Review.objects.published().about_series(), sources from the
        page's fact sheet (catalog.footnotes)."""
        seasons = Season.objects.published().annotate(
            published_episodes=Count("episodes", filter=Q(episodes__status=PublishStatus.PUBLISHED))
        )
        return self.select_related("network").prefetch_related(
            "genres",
            Prefetch(
                "seasons",
                queryset=seasons.select_related("network").order_by("number"),
                to_attr="published_seasons",
            ),
            Prefetch("credits", queryset=published_people_credits(), to_attr="published_credits"),
            Prefetch(
                "claims",
                queryset=Claim.objects.published().select_related("made_in"),
                to_attr="published_claims",
            ),
        )


class RunStatus(TextChoices):
    IN_DEVELOPMENT = "in_development"
    AIRING = "airing"
    RENEWED = "renewed"
    ENDED = "ended"
    CANCELLED = "cancelled"


class Series(ExternalIds, PublishableModel):
    RunStatus = RunStatus

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    alternative_titles = models.CharField(
        max_length=300, blank=True, help_text="Other titles, separated by semicolons."
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="series")
    genres = models.ManyToManyField(Genre, blank=True, related_name="series")
    premiere_date = models.DateField(null=True, blank=True)
    finale_date = models.DateField(null=True, blank=True)
    run_status = models.CharField(
        max_length=20, choices=RunStatus.choices, default=RunStatus.AIRING
    )
    synopsis = models.TextField(blank=True)
    based_on = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, help_text="Editors' note: conflicts and caveats.")
    # Derived, never edited: the critics' aggregate score (0–100) and the review it comes
    # from, kept current by SeriesQuerySet.critic_scores_refresh().
    critic_review = optional_key(
        Review, related_name="+", on_delete=models.SET_NULL, editable=False
    )
    critic_score = models.FloatField(null=True, blank=True, editable=False)

    objects = SeriesQuerySet.as_manager()

    search_document = search_document_field(SERIES_SEARCH_FIELDS)

    class Meta(PublishableModel.Meta):
        ordering = ["title"]
        verbose_name_plural = "series"
        constraints = [
            *external_id_constraints("series"),
            choice_constraint("series", "run_status", RunStatus),
            dates_in_order_constraint("series", "premiere_date", "finale_date"),
            models.CheckConstraint(
                condition=Q(critic_score__isnull=True)
                | Q(critic_score__gte=0, critic_score__lte=100),
                name="series_critic_score_percent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "premiere_date"], name="series_status_premiere"),
            # The home page's best reviewed and the list's "Best reviewed" order; SQLite
            # cannot index NULLS LAST (a PostgresIndex: AddIndexOnPostgreSQL).
            BTreeIndex(
                F("critic_score").desc(nulls_last=True),
                "title",
                "id",
                name="series_best_reviewed",
                condition=Q(status=PublishStatus.PUBLISHED),
            ),
            *named_record_indexes("series", "title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:series_detail", kwargs={"slug": self.slug})

    @property
    def is_running(self) -> bool:
        """On the air, or renewed for more: not ended, cancelled or still in development."""
        return self.run_status in {self.RunStatus.AIRING, self.RunStatus.RENEWED}

    @property
    def years(self) -> str:
        if not self.premiere_date:
            return ""
        start = self.premiere_date.year
        if self.finale_date:
            end = self.finale_date.year
            return str(start) if end == start else f"{start}–{end}"
        return f"{start}–" if self.is_running else str(start)


class SeasonQuerySet(PublishedQuerySet):
    def published(self):
        """Published seasons of published series (a draft series hides its seasons)."""
        return self.filter(status=PublishStatus.PUBLISHED, series__status=PublishStatus.PUBLISHED)

    def for_detail(self):
        """A season page: its series, published episodes with the directors and writers who
        are published, and published reviews."""
        crew = published_people_credits(role__in=[CreditRole.DIRECTOR, CreditRole.WRITER])
        episodes = (
            Episode.objects.published()
            .order_by("number")
            .prefetch_related(Prefetch("credits", queryset=crew, to_attr="published_credits"))
        )
        return self.select_related("series__network", "network").prefetch_related(
            Prefetch("episodes", queryset=episodes, to_attr="published_episodes"),
            Prefetch(
                "reviews",
                queryset=Review.objects.published().select_related("disputed_by"),
                to_attr="published_reviews",
            ),
        )


class Season(PublishableModel):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(
        help_text="0 for specials.", validators=[MaxValueValidator(MAX_NUMBER)]
    )
    title = models.CharField(max_length=200, blank=True)
    network = optional_key(
        Network,
        related_name="seasons",
        on_delete=models.PROTECT,
        help_text="Where this season was released, when not on the series' network.",
    )
    premiere_date = models.DateField(null=True, blank=True)
    finale_date = models.DateField(null=True, blank=True)
    episode_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Confirmed number of episodes; blank if unconfirmed."
    )
    synopsis = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = SeasonQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["series", "number"]
        constraints = [
            *number_in_parent_constraints("season", parent="series", first=0),
            blank_or_positive_constraint("episode_count", name="season_episode_count_positive"),
            dates_in_order_constraint("season", "premiere_date", "finale_date"),
        ]

    def __str__(self):
        return f"{self.series} — {self.label}"

    def get_absolute_url(self):
        return reverse(
            "catalog:season_detail", kwargs={"slug": self.series.slug, "number": self.number}
        )

    @property
    def label(self) -> str:
        return "Specials" if self.number == 0 else f"Season {self.number}"

    @property
    def released_on(self) -> "Network":
        """The network that released this season: its own, else the series'."""
        return self.network or self.series.network

    @property
    def is_released(self) -> bool:
        return releases.is_released(self.premiere_date)


class EpisodeQuerySet(PublishedQuerySet):
    def published(self):
        """Published episodes of published seasons of published series."""
        return self.filter(
            status=PublishStatus.PUBLISHED,
            season__status=PublishStatus.PUBLISHED,
            season__series__status=PublishStatus.PUBLISHED,
        )

    def for_detail(self):
        """An episode page: season and series, and credits of published people."""
        return self.select_related("season__series__network", "season__network").prefetch_related(
            Prefetch("credits", queryset=published_people_credits(), to_attr="published_credits"),
        )

    def for_results(self):
        """Episodes with season and series loaded, for search results and lists."""
        return self.select_related("season__series")

    def previous_to(self, episode):
        """The episode before this one in the series, across season boundaries, or None."""
        return self._beside(episode, before=True)

    def next_to(self, episode):
        """The episode after this one in the series, across season boundaries, or None."""
        return self._beside(episode, before=False)

    def _beside(self, episode, *, before: bool):
        """The nearest episode of the series before (or after) episode, or None."""
        beyond, descending = ("lt", "-") if before else ("gt", "")
        season = episode.season
        return (
            self.filter(season__series_id=season.series_id)
            .filter(
                Q(season__number=season.number, **{f"number__{beyond}": episode.number})
                | Q(**{f"season__number__{beyond}": season.number})
            )
            .select_related("season__series")
            .order_by(f"{descending}season__number", f"{descending}number")
            .first()
        )


class EpisodeLabels:
    """How an episode is named on the pages, for a model row or a dataclass with
    season_number, number and title."""

    @property
    def code(self) -> str:
        return f"{self.season_number}×{self.number}"

    @property
    def display_title(self) -> str:
        return self.title or f"Episode {self.number} — title not yet sourced"


class Episode(EpisodeLabels, ExternalIds, PublishableModel):
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField(
        help_text="Number within the season, from 1.", validators=[MaxValueValidator(MAX_NUMBER)]
    )
    number_overall = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(
        max_length=300, blank=True, help_text="Leave blank when no source gives the title."
    )
    air_date = models.DateField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Editors' note: conflicts and caveats.")

    objects = EpisodeQuerySet.as_manager()

    search_document = search_document_field(EPISODE_SEARCH_FIELDS)

    class Meta(PublishableModel.Meta):
        ordering = ["season", "number"]
        constraints = [
            *external_id_constraints("episode"),
            *number_in_parent_constraints("episode", parent="season", first=1),
            blank_or_positive_constraint("number_overall", name="episode_number_overall_positive"),
            blank_or_positive_constraint("runtime_minutes", name="episode_runtime_positive"),
        ]
        indexes = [
            models.Index(fields=["air_date"], name="episode_air_date"),
            search_index(name="episode_search_document"),
        ]

    def __str__(self):
        return f"{self.season.series} {self.code} {self.display_title}"

    def get_absolute_url(self):
        return reverse(
            "catalog:episode_detail",
            kwargs={
                "slug": self.season.series.slug,
                "number": self.season.number,
                "episode": self.number,
            },
        )

    @property
    def season_number(self) -> int:
        return self.season.number
