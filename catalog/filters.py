"""Filters of the series list. A value that does not check out is ignored and reported to
the visitor (problems()); it never reaches the database."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Exists, F, OuterRef

from catalog.models import BEST_REVIEWED, Genre, Network, PublishStatus, RunStatus, Series
from catalog.numbers import WholeNumberField
from catalog.query_problems import QueryProblemsMixin, quoted
from catalog.search import MAX_QUERY_LENGTH

MIN_YEAR = 1900
CHOICES_OFFERED = 40
MAX_YEAR = 2100

# value: (label, order_by arguments)
ORDERINGS = {
    "title": ("Title, A to Z", [F("title").asc(), "pk"]),
    "-premiere": ("Newest first", [F("premiere_date").desc(nulls_last=True), "title", "pk"]),
    "premiere": ("Oldest first", [F("premiere_date").asc(nulls_last=True), "title", "pk"]),
    "-score": ("Best reviewed", BEST_REVIEWED),
}
RELEVANCE = ["-search_rank", "title", "pk"]


def offered_choices(ranked, asked, *, slug: str, label: str) -> list[tuple[str, str]]:
    """The choices of a filter over a vocabulary that grows with the catalogue (universes,
    series): the first CHOICES_OFFERED rows of `ranked` (a queryset, best first), in label
    order, and the one asked for when it is another and exists (one more query). A
    generated catalogue has thousands; every option costs the page, and a list of
    thousands helps no one (the universes and series pages list them all)."""
    choices = dict(ranked.values_list(slug, label)[:CHOICES_OFFERED])
    if isinstance(asked, str) and asked and asked not in choices:
        choices.update(ranked.filter(**{slug: asked[:MAX_QUERY_LENGTH]}).values_list(slug, label))
    return sorted(choices.items(), key=lambda choice: (choice[1].casefold(), choice[0]))


@dataclass(frozen=True)
class Chip:
    """An active filter, and the query string that removes it."""

    label: str
    value: str
    remove_query: str


class YearFilter(django_filters.NumberFilter):
    """A year from MIN_YEAR to MAX_YEAR."""

    field_class = WholeNumberField  # ASCII digits only: "١٩٩٩" and "1999.0" are refused

    def __init__(self, **kwargs):
        super().__init__(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class SeriesFilter(QueryProblemsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label="Words", method="filter_words", max_length=MAX_QUERY_LENGTH)
    network = django_filters.ChoiceFilter(
        field_name="network__slug", label="Network", empty_label="Any network"
    )
    genre = django_filters.ChoiceFilter(
        field_name="genres__slug", label="Genre", empty_label="Any genre"
    )
    status = django_filters.ChoiceFilter(
        field_name="run_status", label="Status", choices=RunStatus.choices, empty_label="Any status"
    )
    universe = django_filters.ChoiceFilter(
        field_name="universes__slug", label="Universe", empty_label="Any universe"
    )
    year_from = YearFilter(
        field_name="premiere_date", lookup_expr="year__gte", label="Premiered from"
    )
    year_to = YearFilter(
        field_name="premiere_date", lookup_expr="year__lte", label="Premiered until"
    )
    ordering = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(value, label) for value, (label, _) in ORDERINGS.items()],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Series
        fields = []

    CHIP_FIELDS = ("q", "network", "genre", "status", "universe", "year_from", "year_to")

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only what a visitor can find: vocabularies of published series, one query each.
        # EXISTS probes each network's (genre's) series by index and stops at the first
        # published one, where a join with DISTINCT read every series of the catalogue.
        published = Series.objects.published()
        self.filters["network"].extra["choices"] = list(
            Network.objects.filter(Exists(published.filter(network=OuterRef("pk"))))
            .order_by("name")
            .values_list("slug", "name")
        )
        genre_of_published = Series.genres.through.objects.filter(
            genre=OuterRef("pk"), series__status=PublishStatus.PUBLISHED
        )
        self.filters["genre"].extra["choices"] = list(
            Genre.objects.filter(Exists(genre_of_published))
            .order_by("name")
            .values_list("slug", "name")
        )
        self.filters["universe"].extra["choices"] = self.universe_choices(published)

    def universe_choices(self, published) -> list[tuple[str, str]]:
        """The published universes with the most series, and the one asked for. Ranked by
        memberships alone: joining each member series for its status read every series
        of the catalogue (67 ms at 1M episodes); a draft member only nudges the rank."""
        ranked = (
            Series.universes.through.objects.filter(universe__status=PublishStatus.PUBLISHED)
            .values("universe__slug", "universe__name")
            .annotate(series_count=Count("pk"))
            .order_by("-series_count", "universe__name")
        )
        return offered_choices(
            ranked, self.data.get("universe"), slug="universe__slug", label="universe__name"
        )

    def filter_words(self, queryset, name, value):
        return queryset.search(value)

    def filter_nothing(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if not ordering and self.form.cleaned_data.get("q"):
            return queryset.order_by(*RELEVANCE)
        return queryset.order_by(*ORDERINGS.get(ordering or "title", ORDERINGS["title"])[1])

    def problem(self, name: str, label: str, value: str) -> str:
        if name == "q":
            return (
                f"The words to look for are limited to {MAX_QUERY_LENGTH} characters: "
                "they were ignored."
            )
        if name in ("year_from", "year_to"):
            return (
                f"{quoted(value)} is not a year between {MIN_YEAR} and {MAX_YEAR}: "
                f"“{label}” was ignored."
            )
        if name == "ordering":
            return f"There is no sort order {quoted(value)}: sorted by title instead."
        return super().problem(name, label, value)

    def chips(self) -> list[Chip]:
        """The filters in force, each with the query string that removes it."""
        self.form.is_valid()
        chips = []
        for name in self.CHIP_FIELDS:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            chips.append(Chip(self.filters[name].label, str(shown), remaining.urlencode()))
        return chips
