"""The editors' workplace for the fictional world; adds franchise inlines to catalog pages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from catalog.admin import (
    CitationInline,
    ContentAdmin,
    NeedsSourceFilter,
    PrimedInline,
    PrimedInlineFormSet,
    PublishableAdmin,
    SeriesAdmin,
    SeriesSlugFilter,
    changelist_link,
    slug_filter,
)
from catalog.admin.sourcing import fact_field
from catalog.models import Series
from catalog.models.sourcing import WHOLE_RECORD
from franchise.models import (
    ORDER_KINDS,
    Appearance,
    Character,
    SeriesLink,
    Universe,
    UniverseMembership,
)
from franchise.orders import WatchOrder, WatchOrderEntry

APPEARANCE_LIST = "admin:franchise_appearance_changelist"

CharacterOfAppearanceFilter = slug_filter("character__slug", "character (slug)", "character")
PerformerFilter = slug_filter("performer__slug", "performer (slug)", "performer")
SeriesOfLinkFilter = slug_filter("source__slug", "from series (slug)", "source")


class MembershipInline(PrimedInline):
    model = UniverseMembership
    autocomplete_fields = ["series"]
    fields = ["position", "series", "note"]
    select_related = ("series",)


class CharacterAppearanceInline(PrimedInline):
    """Where the character is cast for a whole series or season; single-episode spots can
    run to hundreds, so the appearance list (linked from the page) shows those."""

    model = Appearance
    verbose_name = "series or season appearance"
    verbose_name_plural = "series and season appearances (episode appearances: see the link above)"
    autocomplete_fields = ["series", "season", "performer"]
    fields = ["series", "season", "performer", "kind", "credited_as", "note"]
    select_related = ("series", "season__series", "performer")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__isnull=True)


class SeriesCastInline(PrimedInline):
    """The whole-series cast only: a long-running show has hundreds of guest spots, which
    the appearance list (linked from the page) shows a page at a time."""

    model = Appearance
    verbose_name = "cast member for the whole series"
    verbose_name_plural = (
        "cast for the whole series (season and episode appearances: see the link above)"
    )
    autocomplete_fields = ["character", "performer"]
    fields = ["character", "performer", "kind", "credited_as", "note"]
    select_related = ("character", "performer")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(season__isnull=True, episode__isnull=True)


class SeriesLinkFormSet(PrimedInlineFormSet):
    """Links typed in together are checked against each other too: each one alone passes
    SeriesLink.clean(), but two rows may repeat or contradict one another."""

    def clean(self):
        super().clean()
        kept = [
            form.instance
            for form in self.forms
            if form.is_valid() and form.has_changed() and not self._should_delete_form(form)
        ]
        for i, link in enumerate(kept):
            for other in kept[:i]:
                family = {link.kind, other.kind} <= set(ORDER_KINDS) or link.kind == other.kind
                if family and {link.source_id, link.target_id} == {
                    other.source_id,
                    other.target_id,
                }:
                    raise ValidationError(link.conflict_with(other))


class SeriesLinkInline(PrimedInline):
    model = SeriesLink
    formset = SeriesLinkFormSet
    fk_name = "source"
    autocomplete_fields = ["target"]
    fields = ["kind", "target", "scope", "note"]
    select_related = ("target",)


@admin.register(Universe)
class UniverseAdmin(PublishableAdmin):
    list_display = ["name", "slug", "status"]
    list_filter = ["status", NeedsSourceFilter]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, CitationInline]


@admin.register(UniverseMembership)
class UniverseMembershipAdmin(ContentAdmin):
    list_display = ["universe", "position", "series", "note"]
    list_select_related = ["universe", "series"]
    search_fields = ["universe__name", "series__title"]
    autocomplete_fields = ["universe", "series"]
    select_related = ("universe", "series")


@admin.register(Character)
class CharacterAdmin(PublishableAdmin):
    list_display = ["name", "slug", "aliases", "status"]
    list_filter = ["status", NeedsSourceFilter]
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["all_appearances"]
    inlines = [CharacterAppearanceInline, CitationInline]

    @admin.display(description="Appearances")
    def all_appearances(self, character):
        return changelist_link(character, APPEARANCE_LIST, "character", "Every appearance of")


@admin.register(Appearance)
class AppearanceAdmin(ContentAdmin):
    list_display = ["character", "series", "season", "episode", "performer", "kind"]
    list_filter = [
        "kind",
        NeedsSourceFilter,
        SeriesSlugFilter,
        CharacterOfAppearanceFilter,
        PerformerFilter,
    ]
    list_select_related = [
        "character",
        "series",
        "season__series",
        "episode__season__series",
        "performer",
    ]
    search_fields = ["character__name", "performer__name", "series__title"]
    # Newest first: sorting 100,000 rows by series and character takes a third of a second.
    ordering = ["-pk"]
    autocomplete_fields = ["character", "series", "season", "episode", "performer"]
    select_related = (
        "character",
        "series",
        "season__series",
        "episode__season__series",
        "performer",
    )
    inlines = [CitationInline]


@admin.register(SeriesLink)
class SeriesLinkAdmin(ContentAdmin):
    list_display = ["source", "kind", "target", "scope", "note"]
    list_filter = ["kind", "scope", NeedsSourceFilter, SeriesOfLinkFilter]
    list_select_related = ["source", "target"]
    search_fields = ["source__title", "target__title"]
    autocomplete_fields = ["source", "target"]
    select_related = ("source", "target")
    inlines = [CitationInline]


class WatchOrderEntryForm(forms.ModelForm):
    """An inline row: its position is checked against the other rows (the formset), where
    two entries may swap places; alone, a row would find the other's old position taken."""

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position is not None and position < 1:
            raise ValidationError("Positions start at 1.")
        return position

    def validate_constraints(self):
        try:
            self.instance.validate_constraints(
                exclude=self._get_validation_exclusions() | {"position"}
            )
        except ValidationError as error:
            self._update_errors(error)


class WatchOrderEntryFormSet(PrimedInlineFormSet):
    """Entries are put in order by their positions, which must stay unique in the order
    (a database constraint checked row by row): rows being moved or deleted are parked out
    of the way first, so that two entries can swap places in one save. An episode listed
    twice is refused here, with a message, rather than by the database."""

    PARKED = 30_000  # above any real position (a small integer)

    def clean(self):
        super().clean()
        listed: dict[int, int] = {}
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form):
                continue
            episode = form.cleaned_data.get("episode")
            if episode is None:
                continue
            position = form.cleaned_data.get("position")
            if episode.pk in listed:
                raise ValidationError(
                    f"{episode} is listed twice, at positions {listed[episode.pk]} and "
                    f"{position}: keep one."
                )
            listed[episode.pk] = position

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (self._should_delete_form(form) or "position" in form.changed_data)
            ]
            for offset, pk in enumerate(moving):
                WatchOrderEntry.objects.filter(pk=pk).update(position=self.PARKED + offset)
        return super().save(commit)


class WatchOrderEntryInline(PrimedInline):
    """The order's entries by position; each row links to its own page, where the sources
    of its reason are added."""

    model = WatchOrderEntry
    form = WatchOrderEntryForm
    formset = WatchOrderEntryFormSet
    autocomplete_fields = ["season", "episode"]
    fields = ["position", "season", "episode", "stop_after", "tier", "reason"]
    select_related = ("season__series", "episode__season__series")
    ordering = ["position"]
    show_change_link = True


class EntryCitationInline(CitationInline):
    """An entry's sources: of its reason, or of the entry as a whole."""

    def get_formset(self, request, obj=None, **kwargs):
        field = fact_field(WatchOrderEntry)
        field.choices = [(WHOLE_RECORD, "The whole entry"), ("reason", "Its reason")]
        kwargs["form"] = type("EntryCitationForm", (forms.ModelForm,), {"fact": field})
        return super(CitationInline, self).get_formset(request, obj, **kwargs)


@admin.register(WatchOrder)
class WatchOrderAdmin(PublishableAdmin):
    """A curated order (story, essentials) of a universe, entry by entry; a draft until
    published, like every record."""

    list_display = ["universe", "kind", "status"]
    list_filter = ["status", "kind", NeedsSourceFilter]
    list_select_related = ["universe"]
    search_fields = ["universe__name"]
    autocomplete_fields = ["universe"]
    select_related = ("universe",)
    fields = ["status", "universe", "kind", "introduction"]
    inlines = [WatchOrderEntryInline, CitationInline]


@admin.register(WatchOrderEntry)
class WatchOrderEntryAdmin(ContentAdmin):
    """One entry on a page of its own, for the sources of its reason."""

    list_display = ["order", "position", "season", "episode", "stop_after", "tier"]
    list_display_links = ["order", "position"]
    list_filter = ["order__kind", "tier", NeedsSourceFilter]
    list_select_related = [
        "order__universe",
        "season__series",
        "episode__season__series",
    ]
    search_fields = ["order__universe__name", "reason"]
    ordering = ["order", "position"]
    autocomplete_fields = ["order", "season", "episode"]
    select_related = ("order__universe", "season__series", "episode__season__series")
    fields = ["order", "position", "season", "episode", "stop_after", "tier", "reason"]
    inlines = [EntryCitationInline]


# Series pages show their cast and links too; catalog cannot import franchise, so extend here.
admin.site.unregister(Series)


@admin.register(Series)
class SeriesWithFranchiseAdmin(SeriesAdmin):
    inlines = [*SeriesAdmin.inlines, SeriesLinkInline, SeriesCastInline]
    readonly_fields = ["all_appearances"]

    @admin.display(description="Appearances")
    def all_appearances(self, series):
        return changelist_link(series, APPEARANCE_LIST, "series", "Every appearance in")
