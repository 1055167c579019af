"""The editors' workplace for the production record."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from catalog.models import (
    Citation,
    Claim,
    Credit,
    Episode,
    Genre,
    Network,
    Person,
    Review,
    Season,
    Series,
    Source,
)


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "supports"]


class SeasonInline(admin.TabularInline):
    model = Season
    extra = 0
    fields = ["number", "title", "premiere_date", "episode_count", "status"]
    show_change_link = True


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 0
    fields = ["number", "number_overall", "title", "air_date", "runtime_minutes", "status"]
    show_change_link = True


class SeriesCreditInline(admin.TabularInline):
    model = Credit
    fk_name = "series"
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "note", "position"]


class EpisodeCreditInline(SeriesCreditInline):
    fk_name = "episode"


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["kind", "outlet", "critic", "published_on", "score", "scale", "grade", "status"]
    show_change_link = True


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "premiere_date", "finale_date", "run_status", "status"]
    list_filter = ["status", "run_status", "network", "genres"]
    list_select_related = ["network"]
    search_fields = ["title", "alternative_titles"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network", "genres"]
    date_hierarchy = "premiere_date"
    inlines = [SeasonInline, SeriesCreditInline, ReviewInline, CitationInline]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "series", "number", "premiere_date", "episode_count", "status"]
    list_filter = ["status", "series__network"]
    list_select_related = ["series"]
    search_fields = ["series__title", "title"]
    autocomplete_fields = ["series"]
    inlines = [EpisodeInline, ReviewInline, CitationInline]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = [
        "display_title",
        "series_title",
        "season_number",
        "number",
        "air_date",
        "status",
    ]
    list_filter = ["status", "season__series__network"]
    list_select_related = ["season__series"]
    search_fields = ["title", "season__series__title"]
    autocomplete_fields = ["season"]
    date_hierarchy = "air_date"
    show_full_result_count = False
    inlines = [EpisodeCreditInline, CitationInline]

    @admin.display(description="Series", ordering="season__series__title")
    def series_title(self, episode):
        return episode.season.series.title

    @admin.display(description="Season", ordering="season__number")
    def season_number(self, episode):
        return episode.season.number


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "birth_date", "status"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False
    inlines = [CitationInline]


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "series", "episode", "note"]
    list_filter = ["role"]
    list_select_related = ["person", "series", "episode__season__series"]
    search_fields = ["person__name", "series__title", "episode__title"]
    autocomplete_fields = ["person", "series", "episode"]
    show_full_result_count = False
    inlines = [CitationInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["outlet", "critic", "kind", "series", "season", "score_display", "status"]
    list_filter = ["status", "kind", "verification"]
    list_select_related = ["series", "season__series"]
    search_fields = ["outlet", "critic", "excerpt"]
    autocomplete_fields = ["series", "season"]
    inlines = [CitationInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "reliability", "url"]
    list_filter = ["reliability"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "content_type", "object_id", "supports"]
    list_filter = ["content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__title", "source__url", "supports"]
    autocomplete_fields = ["source"]
    show_full_result_count = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "verdict", "series", "made_in", "status"]
    list_filter = ["verdict", "status"]
    list_select_related = ["series", "made_in"]
    search_fields = ["text", "evidence"]
    autocomplete_fields = ["made_in", "series"]
    inlines = [CitationInline]
