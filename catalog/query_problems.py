"""How a page words what it ignored in its query string.

A FilterSet or a Form that reads a query string mixes in QueryProblemsMixin: problems()
gives one sentence for each value that did not check out (such a value never reaches the
database), for the page to show above its results. A subclass words a field its own way
by overriding problem().
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.text import Truncator

#: How much of a value a sentence quotes before cutting it short with "…".
QUOTED_LENGTH = 40


def quoted(value: str) -> str:
    """value as a sentence quotes it, in “curly quotes”, cut short when long."""
    return f"“{Truncator(value).chars(QUOTED_LENGTH + 1)}”"


class QueryProblemsMixin:
    """problems() for a django-filter FilterSet (through its form) or a Django Form."""

    def problems(self) -> list[str]:
        """What in the query string was ignored, and why, worded for the visitor."""
        form = self if isinstance(self, forms.BaseForm) else self.form
        form.is_valid()
        problems = [
            self.problem(name, form.fields[name].label, form.data.get(name, ""))
            for name in form.errors
            if name != NON_FIELD_ERRORS
        ]
        return problems + list(form.non_field_errors())

    def problem(self, name: str, label: str, value: str) -> str:
        """The sentence for the field `name` (labelled `label`), whose `value` was ignored."""
        return f"There is no {label.lower()} {quoted(value)}: that filter was ignored."
