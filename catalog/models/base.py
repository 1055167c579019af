"""What every catalog record shares: timestamps, the draft/published status and its
queryset, the precision of a partial date, and the constraint helpers."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import DateField, DateTimeField, F, Q
from django.db.models.functions import Trunc
from simple_history import models as simple_history

from catalog.choices import TextChoices, choice_constraint
from catalog.numbers import MAX_NUMBER
from catalog.search import name_trigram_index, search_fields, search_index, text_search


class PublishStatus(TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"


class DateTrunc(Trunc):
    """Trunc of a date column that SQLite runs in SQL, with strftime(), rather than through
    the Python function Django registers, called once a row: listing the years of 100,000
    episodes takes about 50 ms instead of 220. Other databases truncate natively."""

    SQLITE_FORMATS = {"year": "%Y-01-01", "month": "%Y-%m-01", "day": "%Y-%m-%d"}

    def as_sqlite(self, compiler, connection, **extra_context):
        if self.kind not in self.SQLITE_FORMATS or isinstance(self.lhs.output_field, DateTimeField):
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"strftime(%s, {sql})", (self.SQLITE_FORMATS[self.kind], *params)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Only records whose status is published (drafts excluded)."""
        return self.filter(status=PublishStatus.PUBLISHED)

    def search(self, query: str):
        """Rows matching every word of query in the fields of the model's search document,
        with search_rank."""
        return text_search(self, query, search_fields(self.model))

    def dates(self, field_name, kind, order="ASC"):
        """Django's dates() (what the admin's date hierarchy lists), truncating with
        DateTrunc."""
        if kind not in DateTrunc.SQLITE_FORMATS or order not in ("ASC", "DESC"):
            return super().dates(field_name, kind, order)
        return (
            self.annotate(
                datefield=DateTrunc(field_name, kind, output_field=DateField()),
                plain_field=F(field_name),
            )
            .values_list("datefield", flat=True)
            .distinct()
            .filter(plain_field__isnull=False)
            .order_by(("-" if order == "DESC" else "") + "datefield")
        )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple-history's, with each history model kept in its model's module (it names a
    models package's app instead, catalog, where `manage.py shell` cannot import it), and
    without generated columns: the database derives them from the fields history keeps.
    One instance may serve several models (inherit=True), so what it leaves out is worked
    out for each model rather than kept on the instance."""

    def fields_included(self, model):
        return [field for field in super().fields_included(model) if not field.generated]

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        generated = [field.name for field in model._meta.fields if field.generated]
        history_model._history_excluded_fields = [*self.excluded_fields, *generated]
        history_model.__module__ = model.__module__
        return history_model


def status_constraint(model_name: str) -> models.CheckConstraint:
    return choice_constraint(model_name, "status", PublishStatus)


class PublishableModel(TimeStampedModel):
    """A record with a draft/published status, its sources and its history. The database
    keeps the status to its choices (constraint e.g. series_status_valid)."""

    status = models.CharField(
        max_length=10,
        choices=PublishStatus.choices,
        default=PublishStatus.DRAFT,
        db_index=True,
    )
    citations = GenericRelation("catalog.Citation")

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        constraints = [status_constraint("%(class)s")]

        def __init_subclass__(meta, **kwargs):
            """A model's Meta derived from this one lists its own constraints after the
            status one, where Django would let them replace it."""
            super().__init_subclass__(**kwargs)
            if "constraints" in vars(meta):
                meta.constraints = [*PublishableModel.Meta.constraints, *meta.constraints]

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


def optional_key(to, *, related_name: str, on_delete=models.CASCADE, **options):
    """A foreign key a record may leave blank (null in the database, blank in forms)."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=True, blank=True, related_name=related_name, **options
    )


def one_key_constraint(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """Exactly one of the optional keys `first` and `second` is set."""
    return models.CheckConstraint(
        condition=(Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True}))
        | (Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})),
        name=name,
    )


def unique_where_set(fields: list[str], *, key: str, name: str) -> models.UniqueConstraint:
    """`fields` are unique together among the rows whose optional `key` is set."""
    return models.UniqueConstraint(
        fields=fields, condition=Q(**{f"{key}__isnull": False}), name=name
    )


def published_list_index(field: str, *, name: str) -> models.Index:
    """An index in a public list's order (field, then id) over published rows only: a page
    of the list is read off it in order, whatever the size of the table."""
    return models.Index(
        fields=[field, "id"], name=name, condition=Q(status=PublishStatus.PUBLISHED)
    )


def named_record_indexes(model_name: str, name_field: str) -> list[models.Index]:
    """The indexes of a record found by name (a series, a person, a character): its search
    document (full text), its name's trigrams (spelling suggestions) and its public list's
    order. PostgreSQL-only ones are left out elsewhere by the migrations."""
    return [
        search_index(name=f"{model_name}_search_document"),
        name_trigram_index(name_field, name=f"{model_name}_{name_field}_trigram"),
        published_list_index(name_field, name=f"{model_name}_published_by_{name_field}"),
    ]


class NamedRecordMeta:
    """The Meta options of a record found and listed by its name (a person, a character),
    which its model's Meta derives from: ordered by name, with named_record_indexes over
    the name, named after the model (person_search_document…)."""

    ordering = ["name"]
    indexes = named_record_indexes("%(class)s", "name")


def number_in_parent_constraints(
    model_name: str,
    *,
    parent: str,
    first: int,
    per: str = "",
    limit: int | None = MAX_NUMBER,
) -> list[models.BaseConstraint]:
    """A record's number in its parent (a season's in its series, an episode's in its
    season, a claim's in its source, the `per` of the name where the key is named
    otherwise): unique there, from `first`, and, where the number is part of an address, up
    to the URLs' limit (catalog.numbers)."""
    lowest = "not_negative" if first == 0 else "positive"
    constraints = [
        models.UniqueConstraint(
            fields=[parent, "number"], name=f"{model_name}_number_unique_per_{per or parent}"
        ),
        models.CheckConstraint(
            condition=Q(number__gte=first), name=f"{model_name}_number_{lowest}"
        ),
    ]
    if limit is not None:
        constraints.append(
            models.CheckConstraint(
                condition=Q(number__lte=limit), name=f"{model_name}_number_within_limit"
            )
        )
    return constraints


def blank_or_positive_constraint(field: str, *, name: str) -> models.CheckConstraint:
    """`field` (a count or a number) is either unknown or at least 1."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1}), name=name
    )


def dates_in_order_constraint(model_name: str, earlier: str, later: str) -> models.CheckConstraint:
    """The date field `later` is not before `earlier` when both are known, named e.g.
    series_finale_not_before_premiere (for finale_date and premiere_date)."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=f"{model_name}_{later.removesuffix('_date')}_not_before_"
        f"{earlier.removesuffix('_date')}",
    )


class DatePrecision(TextChoices):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
