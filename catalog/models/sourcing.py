"""Where facts come from, and statements made somewhere.

A Citation names the fact its source supports: a field of its record (a series'
premiere_date, network or genres; an episode's air_date or title), or the record as a
whole (Citation.WHOLE, ""). A record that is itself a statement (an appearance, a credit, a
series link, a review, a claim) is cited as a whole; for other records a whole-record
citation supports every fact shown of it that has no citation of its own.

A Claim is something said somewhere (a press article); its verdict says whether the
evidence bears it out. Pages never present a contradicted or unverified claim as fact.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst

from catalog.choices import TextChoices, choice_constraint
from catalog.models.base import (
    HistoricalRecords,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    TimeStampedModel,
    number_in_parent_constraints,
    optional_key,
)

# Fields that state nothing about the world: keys, bookkeeping, derived values.
NOT_FACTS = frozenset(
    {
        "id",
        "slug",
        "status",
        "created_at",
        "updated_at",
        "search_document",
        "critic_review",
        "critic_score",
        "position",
        "pair_low",
        "pair_high",
        "kind_family",
    }
)
WHOLE_RECORD = ""


def citable_facts(model) -> list[tuple[str, str]]:
    """(fact, label) for each fact of a model's records a citation can support: the record
    as a whole first, then its fields that state something, in the model's order."""
    facts = [(WHOLE_RECORD, "The whole record (every fact shown of it)")]
    for field in model._meta.get_fields():
        # Not reverse relations, nor generic ones (citations): auto-created or not concrete.
        stated = not field.auto_created and (field.concrete or field.many_to_many)
        if not stated or field.name in NOT_FACTS or getattr(field, "generated", False):
            continue
        facts.append((field.name, capfirst(field.verbose_name)))
    return facts


class SourceReliability(TextChoices):
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
            choice_constraint("source", "reliability", SourceReliability),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class Citation(TimeStampedModel):
    """Attaches a Source to any record, naming the fact of it the source supports: one of
    the record's fields (citable_facts), or the record as a whole."""

    WHOLE = WHOLE_RECORD

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    fact = models.CharField(
        "supports",
        max_length=60,
        blank=True,
        default=WHOLE_RECORD,
        help_text="The field of the record the source gives; blank for the record as a whole.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "fact"],
                name="citation_unique_per_record_fact",
            ),
            models.CheckConstraint(
                condition=Q(fact__regex=r"^[a-z0-9_]*$"), name="citation_fact_is_a_field_name"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target")]

    def __str__(self):
        fact = f".{self.fact}" if self.fact else ""
        return f"{self.source} → {self.content_type.model} #{self.object_id}{fact}"

    def clean(self):
        """The fact must be one of the cited record's (citable_facts)."""
        super().clean()
        if self.content_type_id is None:
            return
        model = self.content_type.model_class()
        facts = dict(citable_facts(model)) if model else {}
        if model and self.fact not in facts:
            raise ValidationError(
                {"fact": f"A {model._meta.verbose_name} has no fact called “{self.fact}”."}
            )

    @property
    def fact_label(self) -> str:
        model = self.content_type.model_class()
        return dict(citable_facts(model)).get(self.fact, self.fact) if model else self.fact


class ClaimQuerySet(PublishedQuerySet):
    def published(self):
        """Published claims; a claim about a draft series stays hidden."""
        return self.filter(status=PublishStatus.PUBLISHED).filter(
            Q(series__isnull=True) | Q(series__status=PublishStatus.PUBLISHED)
        )


class ClaimVerdict(TextChoices):
    CONFIRMED = "confirmed"
    PARTLY_CONFIRMED = "partly_confirmed"
    CONTRADICTED = "contradicted"
    MISLEADING = "misleading"
    UNVERIFIED = "unverified"
    OPINION = "opinion"

    @property
    def gloss(self) -> str:
        """What the verdict means for a reader; nothing to add to a confirmed claim."""
        return VERDICT_GLOSSES.get(self, "")

    @property
    def rating(self) -> int | None:
        """The verdict on a truth scale of 1 (false) to 5 (true), as fact checks rate a
        claim (schema.org ClaimReview); None for a verdict that is not about truth (an
        opinion) or not reached (unverified)."""
        return VERDICT_RATINGS.get(self)


VERDICT_RATINGS = {
    ClaimVerdict.CONTRADICTED: 1,
    ClaimVerdict.MISLEADING: 2,
    ClaimVerdict.PARTLY_CONFIRMED: 3,
    ClaimVerdict.CONFIRMED: 5,
}
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
    series = optional_key("catalog.Series", related_name="claims")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    evidence = models.TextField(blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta(PublishableModel.Meta):
        ordering = ["made_in", "number"]
        constraints = [
            *number_in_parent_constraints(
                "claim", parent="made_in", per="source", first=1, limit=None
            ),
            choice_constraint("claim", "verdict", ClaimVerdict),
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
