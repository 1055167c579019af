"""Sources, the citations that attach them to records, and claims."""

from django import forms
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
from catalog.models import Citation, Claim, Source, citable_facts


def fact_field(model) -> forms.ChoiceField:
    """The fact a citation supports, as a choice among those of the cited record's model."""
    return forms.ChoiceField(
        label="Supports",
        choices=citable_facts(model),
        required=False,
        help_text="The field the source gives, or the whole record.",
    )


class CitationInline(PrimedAutocompleteMixin, GenericTabularInline):
    """Sources of the record being edited, each naming the fact it supports, picked from
    the record's own fields."""

    model = Citation
    formset = PrimedGenericInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "fact"]
    select_related = ("source", "content_type")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type(
            "CitationForm", (forms.ModelForm,), {"fact": fact_field(self.parent_model)}
        )
        return super().get_formset(request, obj, **kwargs)


class CitationForm(forms.ModelForm):
    """A citation edited on its own: the fact is a choice among the facts of the record
    it cites, once it cites one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content_type = getattr(self.instance, "content_type", None)
        model = content_type.model_class() if self.instance.content_type_id else None
        if model is not None:
            self.fields["fact"] = fact_field(model)


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "publisher", "published_on", "reliability", "url"]
    list_filter = ["reliability"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Citation)
class CitationAdmin(ContentAdmin):
    form = CitationForm
    list_display = ["source", "content_type", "object_id", "fact_shown"]
    list_filter = ["content_type", "fact"]
    list_select_related = ["source", "content_type"]
    search_fields = ["source__title", "source__url", "fact"]
    autocomplete_fields = ["source"]
    select_related = ("source", "content_type")

    @admin.display(description="Supports", ordering="fact")
    def fact_shown(self, citation):
        return citation.fact_label


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
