"""Concurrent editing in the admin: no lost edits, and no 500s when two saves clash.

Stale forms (optimistic locking, no schema change). A change form carries, in one hidden
input, the version it was opened at: for the record and for each of its inline rows, the
id of the latest history record (django-simple-history). On save, inside the view's
transaction, the record's row is locked (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
IMMEDIATE transaction already holds the database's write lock) and its history compared with
that version. If someone saved it since, the form comes back with who changed what, and
nothing is written. Inline rows are checked the same way, but only the rows the form would
change. A change form posted without versions (a tab opened before this check existed, a
script) is refused too: its base is unknown.

Clashes. Two saves may both pass validate_unique, and then one insert breaks a unique
constraint (or a foreign key whose target was just deleted). The whole save is rolled back
and the form shown again with an error instead of a 500.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import capfirst, get_text_list
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model, get_history_model_for_model

#: The hidden input of a change form: {"app.model:pk": history id, …} as JSON.
VERSIONS_FIELD = "_edit_versions"
#: The annotation carrying a loaded record's latest history id (not a field name).
VERSION_ATTR = "edit_version_loaded"

RELOAD = "Reload to see their version; your changes are below."
NO_VERSION_MESSAGE = (
    "This form does not say which version of the record it was opened at (it may come from "
    "a tab opened before an update), so saving it could undo someone else's changes. "
    "Nothing was saved: reload the page and make your changes again; your changes are below."
)


def version_key(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def latest_version_subquery(model) -> Subquery | None:
    """The id of a record's latest history record, for .annotate(); None without history."""
    try:
        history_model = get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None
    latest = history_model.objects.filter(**{model._meta.pk.attname: OuterRef("pk")})
    return Subquery(latest.order_by("-history_id").values("history_id")[:1])


def with_versions(queryset):
    """The queryset with each record's latest history id loaded (no extra query)."""
    subquery = latest_version_subquery(queryset.model)
    return queryset if subquery is None else queryset.annotate(**{VERSION_ATTR: subquery})


def latest_version(record) -> int:
    if hasattr(record, VERSION_ATTR):
        return getattr(record, VERSION_ATTR) or 0
    history = get_history_manager_for_model(record)
    return history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def versions_data(record) -> dict[str, str]:
    """The hidden input as a change form of `record` opened now carries it (for POSTs built
    in code, e.g. tests): the record's own version only, no inline rows."""
    return {VERSIONS_FIELD: json.dumps({version_key(record): latest_version(record)})}


def versions_parse(raw: str | None) -> dict[str, int] | None:
    """The posted versions, or None when missing or malformed (the form's base is unknown)."""
    try:
        versions = json.loads(raw or "")
    except ValueError:
        return None
    if not isinstance(versions, dict):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in versions.values()):
        return None
    return versions


def _people(records) -> str:
    names = []
    for record in records:
        user = record.history_user
        name = user.get_username() if user else "someone"
        if name not in names:
            names.append(name)
    return get_text_list(names, "and")


def _moment(when) -> str:
    when = timezone.localtime(when)
    if when.date() == timezone.localdate():
        return f"at {when:%H:%M}"
    return f"on {when:%Y-%m-%d} at {when:%H:%M}"


def stale_message(record, seen: int) -> str | None:
    """Lock the record's row; if it was saved after version `seen`, say who changed what."""
    model = type(record)
    # The lock holds until the view's transaction ends, so no save slips in between this
    # check and ours. (No-op on SQLite, where the IMMEDIATE transaction serialises writers.)
    list(model._base_manager.select_for_update().filter(pk=record.pk).values_list("pk"))
    history = get_history_manager_for_model(record)
    newer = list(
        history.filter(history_id__gt=seen).select_related("history_user").order_by("history_id")
    )
    if not newer:
        return None
    message = (
        f"Changed by {_people(newer)} {_moment(newer[-1].history_date)} since you opened this form"
    )
    base = history.filter(history_id=seen).first()
    if base is not None:
        changed = set(newer[-1].diff_against(base).changed_fields)
        labels = [str(f.verbose_name) for f in model._meta.fields if f.name in changed]
        if labels:
            message += ": " + ", ".join(labels)
    return f"{message}. {RELOAD}"


@dataclass
class EditGuard:
    """What one POST to a change form knows: the versions it carries; whether its first
    attempt to save broke a constraint (then it is shown again, not saved)."""

    seen: dict[str, int] | None
    clashed: bool = False


class EditChecksForm:
    """Mixed into the admin's model form (row=False) and its inline rows (row=True)."""

    edit_guard: EditGuard
    edit_row: bool = False

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance._state.adding:
            return cleaned_data
        seen = self.edit_guard.seen
        if self.edit_row:
            # Only rows this save would write can undo someone's change; a row missing from
            # the versions was not on the page as it was opened.
            if seen is None or version_key(instance) not in seen or not self.has_changed():
                return cleaned_data
        elif seen is None or version_key(instance) not in seen:
            self.add_error(None, NO_VERSION_MESSAGE)
            return cleaned_data
        if message := stale_message(instance, seen[version_key(instance)]):
            self.add_error(None, message)
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        if self.edit_guard.clashed and not self.edit_row:
            self.add_error(None, clash_message(self.instance))


def clash_message(instance) -> str:
    opts = instance._meta
    try:
        name = f"{capfirst(opts.verbose_name)} “{instance}”"
    except Exception:  # a half-filled form may not name its record (a missing relation)
        name = f"This {opts.verbose_name}"
    if instance._state.adding:
        happened = "already exists — someone added it a moment ago"
    else:
        happened = "clashes with a record someone saved a moment ago"
    return f"{name} {happened}. Nothing was saved; your changes are below."


def with_edit_checks(form_class, guard: EditGuard, *, row: bool):
    attrs = {"edit_guard": guard, "edit_row": row}
    return type(form_class.__name__, (EditChecksForm, form_class), attrs)


class EditConflictsAdminMixin:
    """For a ModelAdmin of a model with history: stale saves are refused with who changed
    what, and a save that breaks a constraint comes back as a form error, not a 500."""

    def get_object(self, request, object_id, from_field=None):
        # Django's get_object, with the latest history id loaded in the same query (the
        # change form's versions cost no query).
        queryset = with_versions(self.get_queryset(request))
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kwargs["queryset"] = with_versions(kwargs["queryset"])
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        guard = getattr(request, "edit_guard", None)
        return with_edit_checks(form, guard, row=False) if guard else form

    def get_formsets_with_inlines(self, request, obj=None):
        guard = getattr(request, "edit_guard", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if guard:
                row_form = with_edit_checks(formset.form, guard, row=True)
                formset = type(formset.__name__, (formset,), {"form": row_form})
            yield formset, inline

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.edit_guard = EditGuard(seen=versions_parse(request.POST.get(VERSIONS_FIELD)))
        try:
            # The whole save in one transaction: a constraint broken by a concurrent save
            # (after both passed validate_unique) undoes all of it, inlines included.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Validate again (it now sees the other save) and show the form, saving nothing.
            request.edit_guard.clashed = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        if change and not add:
            if request.method == "POST":
                # Shown again after an error: still the version the editor started from.
                versions = request.POST.get(VERSIONS_FIELD)
            else:
                versions = json.dumps(self.versions_of_page(context))
            context["edit_versions_name"] = VERSIONS_FIELD
            context["edit_versions"] = versions
        return super().render_change_form(request, context, add=add, change=change, **kwargs)

    def versions_of_page(self, context) -> dict[str, int]:
        record = context["adminform"].form.instance
        versions = {version_key(record): latest_version(record)}
        for inline_admin_formset in context.get("inline_admin_formsets", []):
            for form in inline_admin_formset.formset.initial_forms:
                if hasattr(form.instance, VERSION_ATTR):
                    versions[version_key(form.instance)] = latest_version(form.instance)
        return versions
