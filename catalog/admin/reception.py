"""Reviews and scores."""

from django.contrib import admin

from catalog.admin.base import PrimedInline, PublishableAdmin
from catalog.admin.filters import NeedsSourceFilter
from catalog.admin.sourcing import CitationInline
from catalog.models import Review


class ReviewInline(PrimedInline):
    model = Review
    fields = ["kind", "outlet", "critic", "published_on", "score", "scale", "grade", "status"]
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(PublishableAdmin):
    list_display = ["outlet", "critic", "kind", "series", "season", "score_display", "status"]
    list_filter = ["status", NeedsSourceFilter, "kind", "verification"]
    list_select_related = ["series", "season__series"]
    search_fields = ["outlet", "critic", "excerpt"]
    autocomplete_fields = ["series", "season"]
    select_related = ("series", "season__series")
    inlines = [CitationInline]
