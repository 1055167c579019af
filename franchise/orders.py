"""Named watch orders of a universe: the release order (worked out from premiere dates,
franchise.watch_order) and the orders editors curate, each a draft until published.

- story: the shows' seasons and episodes in the order their stories happen;
- essentials: every entry tiered essential, recommended or optional, with its reason.

An entry is a whole season (optionally "stop after episode N"), or one episode. Each entry
may give its reason, and the reason's sources are cited like any other fact (Citation with
fact "reason"). franchise.models imports these models so the app registers them.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from catalog.choices import ChoiceMember, MemberText, TextChoices, choice_constraint
from catalog.models import Episode, PublishableModel, Season, TimeStampedModel
from catalog.models.base import (
    HistoricalRecords,
    one_key_constraint,
    optional_key,
    unique_where_set,
)


class OrderKind(TextChoices):
    RELEASE = (
        "release",
        "Release order",
        "Every season in the order it was first shown, across the shows.",
    )
    STORY = "story", "Story order", "The seasons and episodes in the order their stories happen."
    ESSENTIALS = (
        "essentials",
        "Essentials",
        "What to watch, tiered essential, recommended or optional, each with a reason.",
    )

    description = MemberText()


class CuratedKind(TextChoices):
    """The orders editors curate; the release order is worked out from premiere dates."""

    STORY = OrderKind.STORY.value, OrderKind.STORY.label
    ESSENTIALS = OrderKind.ESSENTIALS.value, OrderKind.ESSENTIALS.label


CURATED_KINDS = tuple(OrderKind(kind) for kind in CuratedKind.values)


class Tier(TextChoices):
    ESSENTIAL = "essential"
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"


class WatchOrderQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published", universe__status="published")


class WatchOrder(PublishableModel):
    """A curated order of one universe: at most one of each kind."""

    Kind = OrderKind

    universe = models.ForeignKey(
        "franchise.Universe", on_delete=models.CASCADE, related_name="watch_orders"
    )
    kind = models.CharField(max_length=12, choices=CuratedKind.choices)
    introduction = models.TextField(blank=True, help_text="Shown above the order's entries.")

    objects = WatchOrderQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["universe", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["universe", "kind"], name="watchorder_one_per_kind_per_universe"
            ),
            choice_constraint("watchorder", "kind", CuratedKind),
        ]

    def __str__(self):
        return f"{self.universe}: {self.get_kind_display()}"

    kind_choice = ChoiceMember("kind", OrderKind)


class WatchOrderEntry(TimeStampedModel):
    """One place in a curated order: a season (up to an episode, if given) or an episode."""

    Tier = Tier

    order = models.ForeignKey(WatchOrder, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    season = optional_key(Season, related_name="+")
    episode = optional_key(Episode, related_name="+")
    stop_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For a season: stop after this episode (the rest comes later in the order).",
    )
    tier = models.CharField(
        max_length=12,
        choices=Tier.choices,
        blank=True,
        help_text="Essentials only: how much the entry matters.",
    )
    reason = models.CharField(max_length=300, blank=True)
    citations = GenericRelation("catalog.Citation")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "position"]
        verbose_name_plural = "watch order entries"
        constraints = [
            one_key_constraint("season", "episode", name="watchorderentry_season_or_episode"),
            models.CheckConstraint(
                condition=Q(stop_after__isnull=True) | Q(season__isnull=False, stop_after__gte=1),
                name="watchorderentry_stop_after_in_a_season",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="watchorderentry_position_positive"
            ),
            models.CheckConstraint(
                condition=Q(tier__in=["", *Tier.values]), name="watchorderentry_tier_valid"
            ),
            models.UniqueConstraint(
                fields=["order", "position"], name="watchorderentry_position_unique"
            ),
            unique_where_set(
                ["order", "episode"], key="episode", name="watchorderentry_episode_once"
            ),
        ]

    def __str__(self):
        return f"{self.order} #{self.position}: {self.episode or self.season}"

    def clean(self):
        """The entry is of the order's universe; a stop lies within its season."""
        super().clean()
        try:
            # The admin's inline rows of an order being added hold it unsaved.
            order = self.order
        except WatchOrder.DoesNotExist:
            return
        if order.universe_id is None:  # the order's own form has errors: shown there
            return
        if (self.season_id is None) == (self.episode_id is None):
            raise ValidationError("Choose a season or an episode (one of them).")
        series_id = (self.season or self.episode.season).series_id
        if not order.universe.memberships.filter(series_id=series_id).exists():
            raise ValidationError(
                f"That series is not in {order.universe}: add it to the universe first."
            )
        if order.kind == OrderKind.ESSENTIALS and not self.tier:
            raise ValidationError({"tier": "Every entry of the essentials has a tier."})
        if order.kind != OrderKind.ESSENTIALS and self.tier:
            raise ValidationError({"tier": "Only the essentials are tiered: leave it blank."})
        if self.stop_after and self.season_id is None:
            raise ValidationError({"stop_after": "Only a whole season can stop after an episode."})
        if (
            self.stop_after
            and self.season.episode_count
            and self.stop_after > self.season.episode_count
        ):
            raise ValidationError(
                {"stop_after": f"{self.season} has {self.season.episode_count} episodes."}
            )
