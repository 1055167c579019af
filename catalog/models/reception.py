"""How series and seasons were received: critics' reviews and aggregate scores."""

from django.db import models
from django.db.models import F, Q

from catalog.choices import TextChoices, choice_constraint
from catalog.models.base import (
    DatePrecision,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    one_key_constraint,
    optional_key,
)


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

    def about_series(self, series, seasons):
        """Reviews of the series and of `seasons` (its published seasons, as the page
        loaded them): the series' own first, then by season, newest first within each.

        The seasons come as ids, so the OR is of two indexed columns (a BitmapOr); an OR
        reaching through a join to the season's series read every review and season of the
        catalogue (96 ms at 1M episodes)."""
        return (
            self.filter(Q(series=series) | Q(season__in=[season.pk for season in seasons]))
            .select_related("season__series", "disputed_by")
            .order_by(
                F("season__number").asc(nulls_first=True),
                F("published_on").desc(nulls_last=True),
                "outlet",
                "pk",
            )
        )


class ReviewKind(TextChoices):
    CRITIC = "critic", "Critic review"
    AGGREGATE = "aggregate", "Critics' aggregate score"
    AUDIENCE = "audience", "Audience score"


class ReviewVerification(TextChoices):
    VERIFIED = "verified", "Verified at the source"
    SECONDARY = "secondary", "Seen in a secondary source"
    WEAK = "weak", "Weak source (mirror or aggregator)"


class Review(PublishableModel):
    """A critic's review, or an aggregate score, of a series or of one season."""

    Kind = ReviewKind

    Verification = ReviewVerification

    DatePrecision = DatePrecision

    series = optional_key("catalog.Series", related_name="reviews")
    season = optional_key("catalog.Season", related_name="reviews")
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
    disputed_score = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The score another source gives instead, where sources disagree.",
    )
    disputed_by = optional_key(
        "catalog.Source",
        related_name="disputed_reviews",
        on_delete=models.PROTECT,
        help_text="The source that gives the disputed score.",
    )
    grade = models.CharField(max_length=10, blank=True, help_text="A letter grade, e.g. B−.")
    excerpt = models.CharField(max_length=300, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ReviewQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["-published_on", "outlet"]
        # Series cards look up a series' (or its seasons') aggregate score for each row.
        indexes = [
            models.Index(fields=["series", "kind", "status"], name="review_series_kind"),
            models.Index(fields=["season", "kind", "status"], name="review_season_kind"),
        ]
        constraints = [
            one_key_constraint("series", "season", name="review_of_series_xor_season"),
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
                condition=Q(disputed_score__isnull=True, disputed_by__isnull=True)
                | Q(
                    disputed_score__isnull=False,
                    disputed_by__isnull=False,
                    score__isnull=False,
                    disputed_score__gte=0,
                    disputed_score__lte=F("scale"),
                ),
                name="review_disputed_score_sourced_within_scale",
            ),
            choice_constraint("review", "kind", ReviewKind),
            choice_constraint("review", "verification", ReviewVerification),
        ]

    def __str__(self):
        subject = self.series or self.season
        by = f" ({self.critic})" if self.critic else ""
        return f"{self.outlet}{by} on {subject}"

    @property
    def score_display(self) -> str:
        if self.grade:
            return self.grade
        return self.on_scale(self.score)

    @property
    def disputed_display(self) -> str:
        """The score a disagreeing source gives ("97%"), or ""."""
        return self.on_scale(self.disputed_score)

    def on_scale(self, score) -> str:
        if score is None:
            return ""
        shown = f"{score.normalize():f}"
        if self.scale == 100:
            return f"{shown}%"
        return f"{shown}/{self.scale.normalize():f}"
