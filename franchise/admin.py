"""The editors' workplace for the fictional world; adds franchise inlines to catalog pages."""

from django.contrib import admin

from catalog.admin import CitationInline, SeriesAdmin
from catalog.models import Series
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership


class MembershipInline(admin.TabularInline):
    model = UniverseMembership
    extra = 0
    autocomplete_fields = ["series"]
    fields = ["position", "series", "note"]


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["character", "series", "season", "episode", "performer"]
    fields = ["character", "series", "season", "episode", "performer", "kind", "credited_as"]


class SeriesLinkInline(admin.TabularInline):
    model = SeriesLink
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["kind", "target", "note"]


@admin.register(Universe)
class UniverseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, CitationInline]


@admin.register(Character)
class CharacterAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "aliases", "status"]
    list_filter = ["status"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False
    inlines = [AppearanceInline, CitationInline]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["character", "series", "season", "episode", "performer", "kind"]
    list_filter = ["kind", "series"]
    list_select_related = [
        "character",
        "series",
        "season__series",
        "episode__season__series",
        "performer",
    ]
    search_fields = ["character__name", "performer__name", "series__title"]
    autocomplete_fields = ["character", "series", "season", "episode", "performer"]
    show_full_result_count = False
    inlines = [CitationInline]


@admin.register(SeriesLink)
class SeriesLinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "note"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    search_fields = ["source__title", "target__title"]
    autocomplete_fields = ["source", "target"]
    inlines = [CitationInline]


# Series pages show their cast and links too; catalog cannot import franchise, so extend here.
admin.site.unregister(Series)


@admin.register(Series)
class SeriesWithFranchiseAdmin(SeriesAdmin):
    inlines = [*SeriesAdmin.inlines, SeriesLinkInline, AppearanceInline]
