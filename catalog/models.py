"""The production record: what was made, by whom, when, and how it was received.

Domain facts the code relies on:
- Season 0 holds specials; regular seasons count from 1.
- An episode has a number within its season (from 1) and, optionally, an overall number
  across the series. Streaming batches share one air date.
- An episode whose title no source gives is stored with an empty title and shown as
  "Episode 9 — title not yet sourced": nothing is invented.
- Every public record has a draft/published status; public pages read only published
  records, and a season or episode is public only while its series is.
- A Claim is something said somewhere (a press article); its verdict says whether the
  evidence bears it out. Pages never present a contradicted or unverified claim as fact.
"""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, FloatField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from catalog.numbers import MAX_NUMBER
from catalog.search import search_index, text_search

# Fields searched, with their full-text weight (A: titles and names; B: longer text).
SERIES_SEARCH_FIELDS = {"title": "A", "alternative_titles": "A", "synopsis": "B"}
EPISODE_SEARCH_FIELDS = {"title": "A", "synopsis": "B"}
PERSON_SEARCH_FIELDS = {"name": "A", "bio": "B"}


class PublishStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Only records whose status is published (drafts excluded)."""
        return self.filter(status=PublishStatus.PUBLISHED)

    def search(self, query: str):
        """Rows matching every word of query in the model's SEARCH_FIELDS, with search_rank."""
        return text_search(self, query, self.model.SEARCH_FIELDS)


def sources_prefetch() -> Prefetch:
    """Citations with their sources, in order, as `sources` (the page's numbered footnotes)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("source").order_by("pk"),
        to_attr="sources",
    )


def published_people_credits(**filters) -> models.QuerySet:
    """Credits whose person is published, with the person loaded."""
    return (
        Credit.objects.filter(person__status=PublishStatus.PUBLISHED, **filters)
        .select_related("person")
        .order_by("position", "role", "person__name")
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(TimeStampedModel):
    status = models.CharField(
        max_length=10,
        choices=PublishStatus.choices,
        default=PublishStatus.DRAFT,
        db_index=True,
    )
    citations = GenericRelation("catalog.Citation")

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


def status_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(status__in=PublishStatus.values), name=f"{model_name}_status_valid"
    )


class Network(TimeStampedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    url = models.URLField(blank=True)
    citations = GenericRelation("catalog.Citation")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Genre(TimeStampedModel):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    citations = GenericRelation("catalog.Citation")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def critic_score_candidates() -> tuple[models.QuerySet, models.QuerySet]:
    """Published critics' aggregate scores of the outer series itself, and of its latest
    published season, best candidate first (audience scores are a kind of their own)."""
    aggregates = Review.objects.filter(
        status=PublishStatus.PUBLISHED, kind=ReviewKind.AGGREGATE, score__isnull=False
    )
    own = aggregates.filter(series=OuterRef("pk")).order_by("outlet", "pk")
    # season__in (not a join) lets the database start from the series' seasons.
    seasons = Season.objects.filter(
        series=OuterRef(OuterRef("pk")), status=PublishStatus.PUBLISHED
    ).values("pk")
    of_latest_season = aggregates.filter(season__in=seasons).order_by(
        "-season__number", "outlet", "pk"
    )
    return own, of_latest_season


class SeriesQuerySet(PublishedQuerySet):
    def for_cards(self):
        """Series with network and genres loaded, for lists and cards."""
        return self.select_related("network").prefetch_related("genres")

    def with_score(self):
        """Adds critic_score (0–100, None when there is none): the critics' aggregate score
        of the series, else of its latest published season. Cheap enough to sort by."""
        own, of_latest_season = critic_score_candidates()
        percent = Cast("score", FloatField()) * 100.0 / Cast("scale", FloatField())
        return self.annotate(
            critic_score=Coalesce(
                Subquery(own.annotate(percent=percent).values("percent")[:1]),
                Subquery(of_latest_season.annotate(percent=percent).values("percent")[:1]),
            )
        )

    def with_stats(self):
        """Adds seasons_count (published seasons, specials excluded) and, for the review
        behind critic_score (see with_score), critic_score_value, critic_scale,
        critic_outlet and critic_season. For the few rows shown: not to sort a long list."""
        seasons = (
            Season.objects.filter(
                series=OuterRef("pk"), status=PublishStatus.PUBLISHED, number__gte=1
            )
            .order_by()
            .values("series")
            .annotate(total=Count("pk"))
            .values("total")
        )
        own, of_latest_season = critic_score_candidates()
        # Two indexed lookups pick the review; the rest read that one row by primary key.
        chosen = Review.objects.filter(pk=OuterRef("critic_review_id")).order_by()
        return (
            self.with_score()
            .annotate(
                seasons_count=Coalesce(Subquery(seasons), 0),
                critic_review_id=Coalesce(
                    Subquery(own.values("pk")[:1]), Subquery(of_latest_season.values("pk")[:1])
                ),
            )
            .annotate(
                critic_score_value=Subquery(chosen.values("score")),
                critic_scale=Subquery(chosen.values("scale")),
                critic_outlet=Subquery(chosen.values("outlet")),
                critic_season=Subquery(chosen.values("season__number")),
            )
        )

    def in_order(self, pks) -> list:
        """The series with these primary keys, in that order (a page of a sorted list)."""
        by_pk = self.in_bulk(list(pks))
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def for_detail(self):
        """A series page: genres, published seasons with their published episode count,
        credits of published people, claims and sources. Drafts are excluded at every
        level; reviews come from Review.objects.published().about_series()."""
        seasons = Season.objects.published().annotate(
            published_episodes=Count("episodes", filter=Q(episodes__status=PublishStatus.PUBLISHED))
        )
        return self.select_related("network").prefetch_related(
            "genres",
            Prefetch("seasons", queryset=seasons.order_by("number"), to_attr="published_seasons"),
            Prefetch("credits", queryset=published_people_credits(), to_attr="published_credits"),
            Prefetch(
                "claims",
                queryset=Claim.objects.published().select_related("made_in"),
                to_attr="published_claims",
            ),
            sources_prefetch(),
        )


class RunStatus(models.TextChoices):
    IN_DEVELOPMENT = "in_development", "In development"
    AIRING = "airing", "Airing"
    RENEWED = "renewed", "Renewed"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class Series(PublishableModel):
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

    objects = SeriesQuerySet.as_manager()

    SEARCH_FIELDS = SERIES_SEARCH_FIELDS

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"
        constraints = [
            status_constraint("series"),
            models.CheckConstraint(
                condition=Q(run_status__in=RunStatus.values), name="series_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(finale_date__isnull=True)
                | Q(premiere_date__isnull=True)
                | Q(finale_date__gte=F("premiere_date")),
                name="series_finale_not_before_premiere",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "premiere_date"], name="series_status_premiere"),
            search_index(SERIES_SEARCH_FIELDS, name="series_search"),
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
        are published, published reviews and sources."""
        crew = published_people_credits(role__in=[CreditRole.DIRECTOR, CreditRole.WRITER])
        episodes = (
            Episode.objects.published()
            .order_by("number")
            .prefetch_related(Prefetch("credits", queryset=crew, to_attr="published_credits"))
        )
        return self.select_related("series__network").prefetch_related(
            Prefetch("episodes", queryset=episodes, to_attr="published_episodes"),
            Prefetch("reviews", queryset=Review.objects.published(), to_attr="published_reviews"),
            sources_prefetch(),
        )


class Season(PublishableModel):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(
        help_text="0 for specials.", validators=[MaxValueValidator(MAX_NUMBER)]
    )
    title = models.CharField(max_length=200, blank=True)
    premiere_date = models.DateField(null=True, blank=True)
    finale_date = models.DateField(null=True, blank=True)
    episode_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Confirmed number of episodes; blank if unconfirmed."
    )
    synopsis = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = SeasonQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            status_constraint("season"),
            models.UniqueConstraint(
                fields=["series", "number"], name="season_number_unique_per_series"
            ),
            models.CheckConstraint(condition=Q(number__gte=0), name="season_number_not_negative"),
            # The same limit as the URLs' (catalog.numbers): every season has an address.
            models.CheckConstraint(
                condition=Q(number__lte=MAX_NUMBER), name="season_number_within_limit"
            ),
            models.CheckConstraint(
                condition=Q(episode_count__isnull=True) | Q(episode_count__gte=1),
                name="season_episode_count_positive",
            ),
            models.CheckConstraint(
                condition=Q(finale_date__isnull=True)
                | Q(premiere_date__isnull=True)
                | Q(finale_date__gte=F("premiere_date")),
                name="season_finale_not_before_premiere",
            ),
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


class EpisodeQuerySet(PublishedQuerySet):
    def published(self):
        """Published episodes of published seasons of published series."""
        return self.filter(
            status=PublishStatus.PUBLISHED,
            season__status=PublishStatus.PUBLISHED,
            season__series__status=PublishStatus.PUBLISHED,
        )

    def for_detail(self):
        """An episode page: season and series, credits of published people and sources."""
        return self.select_related("season__series__network").prefetch_related(
            Prefetch("credits", queryset=published_people_credits(), to_attr="published_credits"),
            sources_prefetch(),
        )

    def for_results(self):
        """Episodes with season and series loaded, for search results and lists."""
        return self.select_related("season__series")

    def previous_to(self, episode):
        """The episode before this one in the series, across season boundaries, or None."""
        return (
            self.filter(season__series_id=episode.season.series_id)
            .filter(
                Q(season__number=episode.season.number, number__lt=episode.number)
                | Q(season__number__lt=episode.season.number)
            )
            .select_related("season__series")
            .order_by("-season__number", "-number")
            .first()
        )

    def next_to(self, episode):
        """The episode after this one in the series, across season boundaries, or None."""
        return (
            self.filter(season__series_id=episode.season.series_id)
            .filter(
                Q(season__number=episode.season.number, number__gt=episode.number)
                | Q(season__number__gt=episode.season.number)
            )
            .select_related("season__series")
            .order_by("season__number", "number")
            .first()
        )


class Episode(PublishableModel):
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

    SEARCH_FIELDS = EPISODE_SEARCH_FIELDS

    history = HistoricalRecords()

    class Meta:
        ordering = ["season", "number"]
        constraints = [
            status_constraint("episode"),
            models.UniqueConstraint(
                fields=["season", "number"], name="episode_number_unique_per_season"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="episode_number_positive"),
            models.CheckConstraint(
                condition=Q(number__lte=MAX_NUMBER), name="episode_number_within_limit"
            ),
            models.CheckConstraint(
                condition=Q(number_overall__isnull=True) | Q(number_overall__gte=1),
                name="episode_number_overall_positive",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gte=1),
                name="episode_runtime_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["air_date"], name="episode_air_date"),
            search_index(EPISODE_SEARCH_FIELDS, name="episode_search"),
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
    def code(self) -> str:
        return f"{self.season.number}×{self.number}"

    @property
    def display_title(self) -> str:
        return self.title or f"Episode {self.number} — title not yet sourced"


class PersonQuerySet(PublishedQuerySet):
    def for_cards(self):
        """People with their credits on published series and episodes (series loaded), for
        the people list."""
        return self.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.published_work().select_related(
                    "series", "episode__season__series"
                ),
                to_attr="published_credits",
            )
        )

    def for_detail(self):
        """A person page: credits on published work and sources."""
        return self.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.published_work().select_related(
                    "series__network", "episode__season__series"
                ),
                to_attr="published_credits",
            ),
            sources_prefetch(),
        )


class Person(PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    SEARCH_FIELDS = PERSON_SEARCH_FIELDS

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            status_constraint("person"),
            models.CheckConstraint(
                condition=Q(death_date__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(death_date__gte=F("birth_date")),
                name="person_death_not_before_birth",
            ),
        ]
        indexes = [search_index(PERSON_SEARCH_FIELDS, name="person_search")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:person_detail", kwargs={"slug": self.slug})


class CreditRole(models.TextChoices):
    CREATOR = "creator", "Creator"
    CO_CREATOR = "co_creator", "Co-creator"
    DEVELOPER = "developer", "Developer"
    SHOWRUNNER = "showrunner", "Showrunner"
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
    AUTHOR_OF_SOURCE = "author_of_source", "Author of source material"


class CreditQuerySet(models.QuerySet):
    def published_work(self):
        """Credits on a published series, or on a published episode of a published season
        of a published series."""
        return self.filter(
            Q(series__status=PublishStatus.PUBLISHED)
            | Q(
                episode__status=PublishStatus.PUBLISHED,
                episode__season__status=PublishStatus.PUBLISHED,
                episode__season__series__status=PublishStatus.PUBLISHED,
            )
        )


class Credit(TimeStampedModel):
    """A person's production role on a whole series or on one episode."""

    Role = CreditRole

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="credits"
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, null=True, blank=True, related_name="credits"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    note = models.CharField(max_length=300, blank=True, help_text='E.g. "seasons 1–3".')
    position = models.PositiveSmallIntegerField(default=0)
    citations = GenericRelation("catalog.Citation")

    objects = CreditQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=CreditRole.values), name="credit_role_valid"
            ),
            models.CheckConstraint(
                condition=(Q(series__isnull=False) & Q(episode__isnull=True))
                | (Q(series__isnull=True) & Q(episode__isnull=False)),
                name="credit_on_series_xor_episode",
            ),
            models.UniqueConstraint(
                fields=["person", "series", "role"],
                condition=Q(series__isnull=False),
                name="credit_unique_per_series_role",
            ),
            models.UniqueConstraint(
                fields=["person", "episode", "role"],
                condition=Q(episode__isnull=False),
                name="credit_unique_per_episode_role",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.series or self.episode}"


class ReviewQuerySet(PublishedQuerySet):
    def published(self):
        """Published reviews of published series or seasons."""
        return self.filter(status=PublishStatus.PUBLISHED).filter(
            Q(series__status=PublishStatus.PUBLISHED)
            | Q(
                season__status=PublishStatus.PUBLISHED,
                season__series__status=PublishStatus.PUBLISHED,
            )
        )

    def about_series(self, series):
        """Reviews of the series and of its published seasons: the series' own first, then
        by season, newest first within each."""
        return (
            self.filter(
                Q(series=series) | Q(season__series=series, season__status=PublishStatus.PUBLISHED)
            )
            .select_related("season__series")
            .order_by(
                F("season__number").asc(nulls_first=True),
                F("published_on").desc(nulls_last=True),
                "outlet",
                "pk",
            )
        )


class ReviewKind(models.TextChoices):
    CRITIC = "critic", "Critic review"
    AGGREGATE = "aggregate", "Critics' aggregate score"
    AUDIENCE = "audience", "Audience score"


class ReviewVerification(models.TextChoices):
    VERIFIED = "verified", "Verified at the source"
    SECONDARY = "secondary", "Seen in a secondary source"
    WEAK = "weak", "Weak source (mirror or aggregator)"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Review(PublishableModel):
    """A critic's review, or an aggregate score, of a series or of one season."""

    Kind = ReviewKind

    Verification = ReviewVerification

    DatePrecision = DatePrecision

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CRITIC)
    outlet = models.CharField(max_length=200)
    critic = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=600, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    scale = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, help_text="E.g. 10, 100, 4."
    )
    grade = models.CharField(max_length=10, blank=True, help_text="A letter grade, e.g. B−.")
    excerpt = models.CharField(max_length=300, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ReviewQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "outlet"]
        # Series cards look up a series' (or its seasons') aggregate score for each row.
        indexes = [
            models.Index(fields=["series", "kind", "status"], name="review_series_kind"),
            models.Index(fields=["season", "kind", "status"], name="review_season_kind"),
        ]
        constraints = [
            status_constraint("review"),
            models.CheckConstraint(
                condition=(Q(series__isnull=False) & Q(season__isnull=True))
                | (Q(series__isnull=True) & Q(season__isnull=False)),
                name="review_of_series_xor_season",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(scale__isnull=False),
                name="review_score_has_scale",
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gt=0), name="review_scale_positive"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("scale")),
                name="review_score_within_scale",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReviewKind.values), name="review_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(verification__in=ReviewVerification.values),
                name="review_verification_valid",
            ),
        ]

    def __str__(self):
        subject = self.series or self.season
        by = f" ({self.critic})" if self.critic else ""
        return f"{self.outlet}{by} on {subject}"

    @property
    def score_display(self) -> str:
        if self.grade:
            return self.grade
        if self.score is None:
            return ""
        score = f"{self.score.normalize():f}"
        if self.scale == 100:
            return f"{score}%"
        return f"{score}/{self.scale.normalize():f}"


class SourceReliability(models.TextChoices):
    STRONG = "strong", "Reliable"
    WEAK = "weak", "Weak (mirror, fan wiki, aggregator)"


class Source(TimeStampedModel):
    """Where a fact was seen: a web page, with its publisher and dates."""

    Reliability = SourceReliability

    title = models.CharField(max_length=300)
    url = models.URLField(max_length=600, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices, default=Reliability.STRONG
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=SourceReliability.values),
                name="source_reliability_valid",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class Citation(TimeStampedModel):
    """Attaches a Source to any record, saying which fact of it the source supports."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    supports = models.CharField(
        max_length=300, blank=True, help_text='Which fact, e.g. "premiere date".'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "supports"],
                name="citation_unique_per_record_fact",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target")]

    def __str__(self):
        return f"{self.source} → {self.content_type.model} #{self.object_id}"


class ClaimQuerySet(PublishedQuerySet):
    def published(self):
        """Published claims; a claim about a draft series stays hidden."""
        return self.filter(status=PublishStatus.PUBLISHED).filter(
            Q(series__isnull=True) | Q(series__status=PublishStatus.PUBLISHED)
        )


class ClaimVerdict(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PARTLY_CONFIRMED = "partly_confirmed", "Partly confirmed"
    CONTRADICTED = "contradicted", "Contradicted"
    MISLEADING = "misleading", "Misleading"
    UNVERIFIED = "unverified", "Unverified"
    OPINION = "opinion", "Opinion"

    @property
    def gloss(self) -> str:
        """What the verdict means for a reader; nothing to add to a confirmed claim."""
        return VERDICT_GLOSSES.get(self, "")


VERDICT_GLOSSES = {
    ClaimVerdict.CONTRADICTED: "The evidence says this is not true.",
    ClaimVerdict.UNVERIFIED: "Not established: no source bears it out.",
    ClaimVerdict.MISLEADING: "True in part, but gives a false impression.",
    ClaimVerdict.PARTLY_CONFIRMED: "Only part of it is borne out.",
    ClaimVerdict.OPINION: "An opinion, not a matter of fact.",
}


class Claim(PublishableModel):
    """A statement made somewhere, with a verdict on whether the evidence bears it out."""

    Verdict = ClaimVerdict

    made_in = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    number = models.PositiveSmallIntegerField(help_text="Its number within the source.")
    text = models.TextField()
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    evidence = models.TextField(blank=True)

    objects = ClaimQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["made_in", "number"]
        constraints = [
            status_constraint("claim"),
            models.UniqueConstraint(
                fields=["made_in", "number"], name="claim_number_unique_per_source"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=ClaimVerdict.values), name="claim_verdict_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="claim_number_positive"),
        ]

    def __str__(self):
        return f"Claim {self.number}: {self.text[:80]}"

    @property
    def is_established(self) -> bool:
        """Only a confirmed claim may be read as fact."""
        return self.verdict == self.Verdict.CONFIRMED

    @property
    def gloss(self) -> str:
        """Why a claim that is not established is quoted rather than asserted."""
        return "" if self.is_established else ClaimVerdict(self.verdict).gloss
