"""Sources, the citations that attach them to records, and claims."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.text import Truncator

from catalog.admin.base import (
    ContentAdmin,
    PrimedAutocompleteMixin,
    PrimedGenericInlineFormSet,
    PublishableAdmin,
)
from catalog.admin.filters import NeedsSourceFilter
from catalog.models import Citation, Claim, Source


class CitationInline(PrimedAutocompleteMixin, GenericTabularInline):
    model = Citation
    formset = PrimedGenericInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "supports"]
    select_related = ("source", "content_type")


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "publisher", "published_on", "reliability", "url"]
    list_filter = ["reliability"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Citation)
class CitationAdmin(ContentAdmin):
    list_display = ["source", "content_type", "object_id", "supports"]
    list_filter = ["content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__title", "source__url", "supports"]
    autocomplete_fields = ["source"]
    select_related = ("source",)


@admin.register(Claim)
class ClaimAdmin(PublishableAdmin):
    list_display = ["number", "claim_text", "verdict", "evidence_text", "series", "made_in"]
    list_display_links = ["number", "claim_text"]
    list_filter = ["verdict", "status", NeedsSourceFilter]
    list_select_related = ["series", "made_in"]
    search_fields = ["text", "evidence"]
    autocomplete_fields = ["made_in", "series"]
    select_related = ("series", "made_in")
    fieldsets = [
        (None, {"fields": ["status", "made_in", "number", "series", "text"]}),
        ("Fact check", {"fields": ["verdict", "evidence"]}),
    ]
    radio_fields = {**PublishableAdmin.radio_fields, "verdict": admin.VERTICAL}
    inlines = [CitationInline]

    @admin.display(description="Claim", ordering="text")
    def claim_text(self, claim):
        return Truncator(claim.text).chars(120)

    @admin.display(description="Evidence")
    def evidence_text(self, claim):
        return Truncator(claim.evidence).chars(160) or "—"
