"""Filters of the characters list. A value that does not check out is ignored and reported
to the visitor (problems()); it never reaches the database."""

import django_filters
from django.db.models import Count, F

from catalog.filters import offered_choices
from catalog.models import PublishStatus, Series
from catalog.query_problems import QueryProblemsMixin, quoted
from franchise.forms import SwitchField
from franchise.models import Appearance, Universe


class SwitchFilter(django_filters.Filter):
    field_class = SwitchField


class CharacterFilter(QueryProblemsMixin, django_filters.FilterSet):
    universe = django_filters.ChoiceFilter(
        label="Universe", empty_label="Any universe", method="filter_universe"
    )
    series = django_filters.ChoiceFilter(
        label="Series", empty_label="Any series", method="filter_series"
    )
    crossers = SwitchFilter(
        label="Only characters who cross between shows", method="filter_crossers"
    )

    CHIP_FIELDS = ("universe", "series", "crossers")

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only what a visitor can find, and not thousands of it (offered_choices): the
        # universes with the most published series, the newest series (an index read).
        universes = (
            Universe.objects.published()
            .annotate(series_count=Count("memberships"))  # as the series list ranks them
            .order_by("-series_count", "name")
        )
        self.filters["universe"].extra["choices"] = offered_choices(
            universes, self.data.get("universe"), slug="slug", label="name"
        )
        series = Series.objects.published().order_by(
            F("premiere_date").desc(nulls_last=True), "title", "pk"
        )
        self.filters["series"].extra["choices"] = offered_choices(
            series, self.data.get("series"), slug="slug", label="title"
        )

    def filter_universe(self, queryset, name, value):
        appearing = Appearance.objects.published().filter(
            series__memberships__universe__slug=value,
            series__memberships__universe__status=PublishStatus.PUBLISHED,
        )
        return queryset.filter(pk__in=appearing.values("character_id"))

    def filter_series(self, queryset, name, value):
        appearing = Appearance.objects.published().filter(series__slug=value)
        return queryset.filter(pk__in=appearing.values("character_id"))

    def filter_crossers(self, queryset, name, value):
        # series_count: published series the character appears in.
        return queryset.with_counts().filter(series_count__gte=2) if value else queryset

    def problem(self, name: str, label: str, value: str) -> str:
        if name == "crossers":
            return (
                f"{quoted(value)} is not a value for “only characters who cross between "
                "shows” (use 1): that filter was ignored."
            )
        return super().problem(name, label, value)

    def active(self) -> list[tuple[str, str]]:
        """(label, value) of the filters in force."""
        self.form.is_valid()
        found = []
        for name in self.CHIP_FIELDS:
            value = self.form.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            field = self.form.fields[name]
            if name == "crossers":
                found.append(("Crossing", "between shows"))
            else:
                found.append((field.label, dict(field.choices).get(value, value)))
        return found
