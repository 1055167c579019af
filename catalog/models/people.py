"""People and their production roles (credits) on series and episodes."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from catalog.choices import TextChoices, choice_constraint
from catalog.models.base import (
    HistoricalRecords,
    NamedRecordMeta,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    TimeStampedModel,
    dates_in_order_constraint,
    one_key_constraint,
    optional_key,
    unique_where_set,
)
from catalog.models.external import ExternalIds, external_id_constraints
from catalog.search import search_document_field

PERSON_SEARCH_FIELDS = {"name": "A", "bio": "B"}


def published_people_credits(**filters) -> models.QuerySet:
    """Credits whose person is published, with the person loaded."""
    return (
        Credit.objects.filter(person__status=PublishStatus.PUBLISHED, **filters)
        .select_related("person")
        .order_by("position", "role", "person__name")
    )


class PersonQuerySet(PublishedQuerySet):
    def for_cards(self):
        """People with their credits on published series and episodes, for the people
        list: each credit's role and `work_title` (its series' title) alone. A page of
        people holds about a thousand credits; loading each with its episode, season and
        series made 4,650 model instances a page, most of the page's time."""
        credits = (
            Credit.objects.published_work()
            .annotate(work_title=Coalesce("series__title", "episode__season__series__title"))
            .only("person", "role")
        )
        return self.prefetch_related(
            Prefetch("credits", queryset=credits, to_attr="published_credits")
        )

    def for_detail(self):
        """A person page: credits on published work."""
        return self.with_work(credits_with=["series__network", "episode__season__series"])

    def with_work(self, *, credits_with: list[str]):
        """People with their credits on published work (as published_credits), each with
        the named relations loaded."""
        return self.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.published_work().select_related(*credits_with),
                to_attr="published_credits",
            )
        )


class Person(ExternalIds, PublishableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    search_document = search_document_field(PERSON_SEARCH_FIELDS)

    class Meta(NamedRecordMeta, PublishableModel.Meta):
        verbose_name_plural = "people"
        constraints = [
            *external_id_constraints("person"),
            dates_in_order_constraint("person", "birth_date", "death_date"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:person_detail", kwargs={"slug": self.slug})


class CreditRole(TextChoices):
    CREATOR = "creator"
    CO_CREATOR = "co_creator", "Co-creator"
    DEVELOPER = "developer"
    SHOWRUNNER = "showrunner"
    DIRECTOR = "director"
    WRITER = "writer"
    EXECUTIVE_PRODUCER = "executive_producer"
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
    series = optional_key("catalog.Series", related_name="credits")
    episode = optional_key("catalog.Episode", related_name="credits")
    role = models.CharField(max_length=30, choices=Role.choices)
    note = models.CharField(max_length=300, blank=True, help_text='E.g. "seasons 1–3".')
    position = models.PositiveSmallIntegerField(default=0)
    citations = GenericRelation("catalog.Citation")

    objects = CreditQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "role", "person__name"]
        constraints = [
            choice_constraint("credit", "role", CreditRole),
            one_key_constraint("series", "episode", name="credit_on_series_xor_episode"),
            unique_where_set(
                ["person", "series", "role"], key="series", name="credit_unique_per_series_role"
            ),
            unique_where_set(
                ["person", "episode", "role"], key="episode", name="credit_unique_per_episode_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.series or self.episode}"
