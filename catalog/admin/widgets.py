"""Autocomplete widgets that label their selected options without a query."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class PrimedLabels:
    """Autocomplete whose selected options are labelled from objects already loaded.

    The stock widget runs one query per widget to label its value: one per row and field
    in an inline. `labels` ({pk: label}) is filled from the form's instance instead.
    """

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected, key=self.labels.get):
            options.append(self.create_option(name, pk, self.labels[pk], selected, len(options)))
        return [(None, options, 0)]


class PrimedAutocompleteSelect(PrimedLabels, AutocompleteSelect):
    pass


class PrimedAutocompleteSelectMultiple(PrimedLabels, AutocompleteSelectMultiple):
    pass


def autocomplete_labels_prime(form: forms.BaseForm) -> None:
    """Label each autocomplete of a form from its instance's loaded relations."""
    instance = form.instance
    if instance.pk is None:
        return
    for name, form_field in form.fields.items():
        widget = getattr(form_field.widget, "widget", form_field.widget)
        if not isinstance(widget, PrimedLabels):
            continue
        if isinstance(widget, PrimedAutocompleteSelectMultiple):
            # A change form's initial value of a many-to-many is the list of objects.
            related = form.initial.get(name)
            if isinstance(related, list):
                widget.labels = {
                    str(obj.pk): form_field.label_from_instance(obj) for obj in related
                }
            continue
        model_field = instance._meta.get_field(name)
        if model_field.is_cached(instance):
            related = model_field.get_cached_value(instance)
            widget.labels = (
                {str(related.pk): form_field.label_from_instance(related)} if related else {}
            )
