"""People and their credits."""

from django.contrib import admin

from catalog.admin.base import ContentAdmin, PrimedInline, PublishableAdmin, changelist_link
from catalog.admin.filters import NeedsSourceFilter, PersonFilter, SeriesSlugFilter
from catalog.admin.sourcing import CitationInline
from catalog.models import Credit, Person


class SeriesCreditInline(PrimedInline):
    model = Credit
    fk_name = "series"
    autocomplete_fields = ["person"]
    fields = ["person", "role", "note", "position"]
    select_related = ("person",)


class EpisodeCreditInline(SeriesCreditInline):
    fk_name = "episode"


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ["name", "slug", "birth_date", "status", "credits_link"]
    list_filter = ["status", NeedsSourceFilter]
    search_fields = ["name", "slug", "=imdb_id", "=wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["credits_link"]
    inlines = [CitationInline]

    @admin.display(description="Credits")
    def credits_link(self, person):
        return changelist_link(person, "admin:catalog_credit_changelist", "person", "Credits of")


@admin.register(Credit)
class CreditAdmin(ContentAdmin):
    list_display = ["person", "role", "series", "episode", "note"]
    list_filter = ["role", NeedsSourceFilter, PersonFilter, SeriesSlugFilter]
    list_select_related = ["person", "series", "episode__season__series"]
    search_fields = ["person__name", "series__title", "episode__title"]
    # Newest first: sorting 200,000 credits by person name takes a third of a second.
    ordering = ["-pk"]
    autocomplete_fields = ["person", "series", "episode"]
    select_related = ("person", "series", "episode__season__series")
    inlines = [CitationInline]
