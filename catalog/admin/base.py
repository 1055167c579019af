"""What every catalog admin shares: history with a diff and revert, no full counts of big
tables, autocompletes labelled from loaded rows, stale saves refused (conflicts.py), and
only the lookups the sidebar offers (lookups.py)."""

from django.contrib import admin
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet
from django.db.models import ForeignKey
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from catalog.admin.actions import publish_selected, unpublish_selected
from catalog.admin.conflicts import EditConflictsAdminMixin
from catalog.admin.lookups import offered_lookups
from catalog.admin.widgets import (
    PrimedAutocompleteSelect,
    PrimedAutocompleteSelectMultiple,
    autocomplete_labels_prime,
)


class PrimedFormSetMixin:
    """Each row knows its parent (its label shows it) and labels its autocompletes."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        fk = getattr(self, "fk", None)
        if fk is not None and self.instance.pk is not None:
            fk.set_cached_value(form.instance, self.instance)
        autocomplete_labels_prime(form)
        return form


class PrimedInlineFormSet(PrimedFormSetMixin, BaseInlineFormSet):
    pass


class PrimedGenericInlineFormSet(PrimedFormSetMixin, BaseGenericInlineFormSet):
    pass


class PrimedAutocompleteMixin:
    """For ModelAdmin and inlines: autocomplete fields use PrimedAutocompleteSelect."""

    #: Relations loaded with each row of an inline (or with the object of a change form).
    select_related: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrimedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrimedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        relations = [*self.select_related]
        if isinstance(getattr(self, "list_select_related", None), list | tuple):
            # The changelist skips list_select_related once any select_related is set.
            relations += self.list_select_related
        return queryset.select_related(*relations) if relations else queryset


class PrimedInline(PrimedAutocompleteMixin, admin.TabularInline):
    formset = PrimedInlineFormSet
    extra = 0


class ContentAdmin(EditConflictsAdminMixin, PrimedAutocompleteMixin, SimpleHistoryAdmin):
    """Every content model: history with a diff and revert; no full counts of big tables;
    a stale or clashing save comes back as a form error (catalog.admin.conflicts)."""

    show_full_result_count = False
    # Facet counts run a COUNT per filter choice over the whole table: too slow at scale.
    show_facets = admin.ShowFacets.NEVER
    history_list_per_page = 50

    def lookup_allowed(self, lookup, value, request):
        # Only what the sidebar offers: Django allows any lookup on a local field (a regex).
        if lookup not in offered_lookups(self, request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history's own version calls select_related() with no names when a model
        # has no foreign key, which Django 6.1 deprecates; name them here.
        relations = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *relations
        )

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        autocomplete_labels_prime(context["adminform"].form)
        return super().render_change_form(request, context, add=add, change=change, **kwargs)


def changelist_link(record, changelist: str, parameter: str, text: str) -> str:
    """A link to the changelist `changelist` (a URL name) filtered to record by its slug in
    `parameter`, reading `text` and the record; "—" for a record not yet saved."""
    if record.pk is None:
        return "—"
    url = reverse(changelist)
    return format_html('<a href="{}?{}={}">{} {}</a>', url, parameter, record.slug, text, record)


class PublishableAdmin(ContentAdmin):
    """Content with a draft/published status: new records start as drafts."""

    actions = [publish_selected, unpublish_selected]
    radio_fields = {"status": admin.HORIZONTAL}
