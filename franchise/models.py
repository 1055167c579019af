"""The fictional world: universes, characters, who plays them where, how shows connect.

Domain facts the code relies on:
- One Character record per character across the whole franchise; it appears in many
  series through Appearances.
- An Appearance is at the level of a whole series (a main cast member), a season, or a
  single episode (a guest spot or a mention). A mention has no performer.
- A SeriesLink is typed and directed (Bosch: Legacy "spin-off of" Bosch); every kind has
  an inverse label so both pages can show it. Two series carry at most one link of a kind,
  in either direction: that forbids duplicates and contradictory pairs in the database.
- Shared characters between series are derived from appearances, never typed in twice.
- A link and a connection have a canon scope: on screen (the shows themselves), in the
  books only (The Lincoln Lawyer and Bosch share Connelly's novels, not a screen: the rights
  are split between Netflix and Amazon), or a production reference. A crossover is on
  screen by definition; a shared literary universe is the books'.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.urls import reverse

from catalog.choices import ChoiceMember, choice_constraint
from catalog.models import (
    Episode,
    ExternalIds,
    NamedRecordMeta,
    Person,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    Season,
    Series,
    TimeStampedModel,
    external_id_constraints,
    optional_key,
    unique_where_set,
)
from catalog.models.base import HistoricalRecords
from catalog.search import search_document_field
from franchise.kinds import FIXED_SCOPES, ORDER_KINDS, AppearanceKind, CanonScope, LinkKind

CHARACTER_SEARCH_FIELDS = {"name": "A", "aliases": "A", "description": "B"}


class UniverseQuerySet(PublishedQuerySet):
    def for_cards(self):
        """Universes with their published member series, in the universe's order."""
        members = (
            UniverseMembership.objects.filter(series__status=PublishStatus.PUBLISHED)
            .select_related("series")
            .order_by("position")
        )
        return self.prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="published_memberships")
        )

    def largest_first(self):
        """Ordered by how many published series they hold, most first, then by name."""
        return self.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__series__status=PublishStatus.PUBLISHED)
            )
        ).order_by("-member_count", "name")


class Universe(PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    series = models.ManyToManyField(
        Series, through="UniverseMembership", related_name="universes", blank=True
    )

    objects = UniverseQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("franchise:universe_detail", kwargs={"slug": self.slug})


class UniverseMembership(TimeStampedModel):
    """A series' place in a universe, in the universe's own order."""

    universe = models.ForeignKey(Universe, on_delete=models.CASCADE, related_name="memberships")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="memberships")
    position = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["universe", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["universe", "series"], name="membership_series_once_per_universe"
            ),
            models.UniqueConstraint(
                fields=["universe", "position"], name="membership_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="membership_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.universe} #{self.position}: {self.series}"


class CharacterQuerySet(PublishedQuerySet):
    def with_counts(self):
        """Adds series_count and episode_count: the published series and episodes it appears
        in (correlated subqueries, so a page of characters costs only its own rows)."""
        appearances = Appearance.objects.published().filter(character=OuterRef("pk")).order_by()
        return self.annotate(
            series_count=count_of(appearances, "series"),
            episode_count=count_of(appearances.filter(episode__isnull=False), "episode"),
        )

    def for_cards(self):
        """Characters with counts and their published series-level roles (series and
        performer loaded; a draft performer is not to be shown), for lists."""
        roles = (
            Appearance.objects.published()
            .filter(season__isnull=True, episode__isnull=True)
            .select_related("series", "performer")
        )
        return self.with_counts().prefetch_related(
            Prefetch("appearances", queryset=roles, to_attr="series_roles")
        )

    def for_detail(self):
        """A character page: every published appearance (series, season, episode and
        performer loaded; a draft performer is not to be shown)."""
        appearances = (
            Appearance.objects.published()
            .select_related(
                "series__network", "season__series", "episode__season__series", "performer"
            )
            .order_by("series__premiere_date", "series__title", "season__number", "episode__number")
        )
        return self.prefetch_related(
            Prefetch("appearances", queryset=appearances, to_attr="published_appearances"),
        )

    def in_universe(self, universe):
        """Characters appearing in a published member series of universe, with
        universe_series_count: in how many of them."""
        appearances = Appearance.objects.published().filter(series__memberships__universe=universe)
        return self.filter(pk__in=appearances.values("character")).annotate(
            universe_series_count=count_of(
                appearances.filter(character=OuterRef("pk")).order_by(), "series"
            )
        )


def count_of(appearances: models.QuerySet, field: str) -> Coalesce:
    """How many distinct `field` values the (correlated) appearances have, 0 when none."""
    counted = (
        appearances.values("character").annotate(total=Count(field, distinct=True)).values("total")
    )
    return Coalesce(Subquery(counted), 0)


class Character(ExternalIds, PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other names, separated by semicolons."
    )
    description = models.TextField(blank=True)
    imdb_id = None  # IMDb and TMDB have no character pages
    tmdb_id = None

    objects = CharacterQuerySet.as_manager()

    search_document = search_document_field(CHARACTER_SEARCH_FIELDS)

    class Meta(NamedRecordMeta, PublishableModel.Meta):
        constraints = [
            *external_id_constraints("character", ids=("tvmaze_id", "wikidata_id")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("franchise:character_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(";") if alias.strip()]


class AppearanceQuerySet(models.QuerySet):
    def published(self):
        """Appearances of published characters in published series (and episodes)."""
        return self.filter(
            character__status=PublishStatus.PUBLISHED,
            series__status=PublishStatus.PUBLISHED,
        ).filter(
            Q(season__isnull=True) | Q(season__status=PublishStatus.PUBLISHED),
            Q(episode__isnull=True)
            | Q(
                episode__status=PublishStatus.PUBLISHED,
                episode__season__status=PublishStatus.PUBLISHED,
            ),
        )


class Appearance(TimeStampedModel):
    Kind = AppearanceKind

    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="appearances")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="appearances")
    season = optional_key(Season, related_name="appearances")
    episode = optional_key(Episode, related_name="appearances")
    performer = optional_key(
        Person,
        related_name="appearances",
        on_delete=models.PROTECT,
        help_text="Blank for a mention.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    credited_as = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)
    citations = GenericRelation("catalog.Citation")

    objects = AppearanceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "season__number", "episode__number", "character__name"]
        constraints = [
            choice_constraint("appearance", "kind", AppearanceKind),
            models.CheckConstraint(
                condition=~Q(kind="mention") | Q(performer__isnull=True),
                name="appearance_mention_has_no_performer",
            ),
            unique_where_set(
                ["character", "episode", "kind"],
                key="episode",
                name="appearance_unique_per_episode",
            ),
            models.UniqueConstraint(
                fields=["character", "season", "kind"],
                condition=Q(season__isnull=False, episode__isnull=True),
                name="appearance_unique_per_season",
            ),
            models.UniqueConstraint(
                fields=["character", "series", "kind", "performer"],
                condition=Q(season__isnull=True, episode__isnull=True),
                name="appearance_unique_per_series",
            ),
            # NULLs are distinct in a unique index, so a performer-less row needs its own.
            models.UniqueConstraint(
                fields=["character", "series", "kind"],
                condition=Q(season__isnull=True, episode__isnull=True, performer__isnull=True),
                name="appearance_unique_per_series_unperformed",
            ),
        ]
        indexes = [
            models.Index(fields=["series", "character"], name="appearance_series_character"),
        ]

    def __str__(self):
        where = self.episode or self.season or self.series
        return f"{self.character} in {where} ({self.get_kind_display()})"

    kind_choice = ChoiceMember("kind", AppearanceKind)  # with its rank and phrasing


class SeriesLink(TimeStampedModel):
    Kind = LinkKind

    INVERSE_LABELS = {
        Kind.SPIN_OFF_OF: "spun off into",
        Kind.SEQUEL_TO: "followed by the sequel",
        Kind.PREQUEL_TO: "preceded by the prequel",
        Kind.CROSSOVER_WITH: "crossover with",
        Kind.SHARES_CHARACTERS_WITH: "shares characters with",
        Kind.REFERENCES: "referenced by",
        Kind.SAME_LITERARY_UNIVERSE: "same literary universe as",
    }

    source = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    scope = models.CharField(
        "canon scope",
        max_length=12,
        choices=CanonScope.choices,
        default=CanonScope.ON_SCREEN,
        help_text="Where the link holds: in the shows, only in the books they adapt, or "
        "behind the camera.",
    )
    note = models.CharField(max_length=300, blank=True)
    citations = GenericRelation("catalog.Citation")
    # The unordered pair, so that one constraint forbids both a duplicate and its mirror.
    pair_low = models.GeneratedField(
        expression=Least(F("source"), F("target")),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )
    pair_high = models.GeneratedField(
        expression=Greatest(F("source"), F("target")),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )
    # "A sequel to B" and "B prequel to A" state one fact: they share a family.
    kind_family = models.GeneratedField(
        expression=Case(
            When(kind__in=ORDER_KINDS, then=Value("order")),
            default=F("kind"),
            output_field=models.CharField(max_length=30),
        ),
        output_field=models.CharField(max_length=30),
        db_persist=True,
    )

    # The generated columns are derived from source, target and kind; history keeps those.
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "kind", "target"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="series_link_not_self"),
            choice_constraint("series_link", "kind", LinkKind),
            models.UniqueConstraint(
                fields=["pair_low", "pair_high", "kind_family"],
                name="series_link_one_per_kind_per_pair",
            ),
            choice_constraint("series_link", "scope", CanonScope),
            *(
                models.CheckConstraint(
                    condition=~Q(kind=kind) | Q(scope=scope),
                    name=f"series_link_{kind.value}_{scope.value}",
                    violation_error_message=f"{why}: choose the scope “{scope.label}”.",
                )
                for kind, (scope, why) in FIXED_SCOPES.items()
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def label(self) -> str:
        return self.get_kind_display()

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.kind]

    scope_choice = ChoiceMember("scope", CanonScope)

    SYMMETRIC_KINDS = {
        Kind.CROSSOVER_WITH,
        Kind.SHARES_CHARACTERS_WITH,
        Kind.SAME_LITERARY_UNIVERSE,
    }

    def fact(self) -> tuple:
        """What the link states, whichever way it is typed in: "A sequel to B" and "B prequel
        to A" state one fact (B comes first), as do "A crossover with B" and its mirror."""
        if self.kind == LinkKind.SEQUEL_TO:
            return ("order", self.target_id, self.source_id)
        if self.kind == LinkKind.PREQUEL_TO:
            return ("order", self.source_id, self.target_id)
        if self.kind in self.SYMMETRIC_KINDS:
            return (self.kind, *sorted((self.source_id, self.target_id)))
        return (self.kind, self.source_id, self.target_id)

    def conflict_with(self, other: "SeriesLink") -> str:
        """Why this link cannot join other, for the same two series and kind family."""
        said = f"“{other.source} {other.label} {other.target}”"
        if self.fact() == other.fact():
            if (self.source_id, self.kind) == (other.source_id, other.kind):
                return f"This link already exists: {said}."
            return f"This states again what {said} already says."
        if self.kind == LinkKind.REFERENCES:
            return f"{said} is already recorded; two series keep one “references” link."
        return (
            f"“{self.source} {self.label} {self.target}” contradicts {said}, "
            "which is already recorded: delete or change that link first."
        )

    def clean(self):
        """Refuse a self-link, a duplicate and a contradictory pair with a message an editor
        can act on; the database constraints refuse them too, wordlessly."""
        super().clean()
        if self.source_id is None or self.target_id is None:
            return
        if self.source_id == self.target_id:
            raise ValidationError(
                {"target": "A series cannot be linked to itself: choose another series."}
            )
        family = ORDER_KINDS if self.kind in ORDER_KINDS else [self.kind]
        same_pair = Q(source=self.source_id, target=self.target_id) | Q(
            source=self.target_id, target=self.source_id
        )
        other = (
            SeriesLink.objects.filter(same_pair, kind__in=family)
            .exclude(pk=self.pk)
            .select_related("source", "target")
            .first()
        )
        if other is not None:
            raise ValidationError(self.conflict_with(other))


# The curated watch orders live in their own module; imported here so the app registers them.
from franchise.orders import WatchOrder, WatchOrderEntry  # noqa: E402, F401
