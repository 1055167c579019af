"""Query-string forms of the universe pages: plain GET, so every page works without
JavaScript, and a value that does not check out is reported rather than guessed at."""

from django import forms


class SwitchInput(forms.CheckboxInput):
    """A checkbox that sends "1". It hands back the raw value, so a bad one can be refused
    (a stock checkbox reads any text as "on")."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value in ("1", True))

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class SwitchField(forms.TypedChoiceField):
    """On ("1") or off ("0" or absent); anything else is an error."""

    widget = SwitchInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=[("", "off"), ("0", "off"), ("1", "on")],
            coerce=lambda value: value == "1",
            empty_value=False,
            **kwargs,
        )


def form_problems(form: forms.Form, names: dict[str, str]) -> list[str]:
    """Sentences for the fields that did not check out: {field: what was ignored}."""
    problems = []
    for name in form.errors:
        value = form.data.get(name, "")
        shown = value if len(value) <= 40 else f"{value[:40]}…"
        problems.append(f"“{shown}” is not a value for “{names[name]}”: it was ignored.")
    return problems


class WatchOrderForm(forms.Form):
    essentials = SwitchField(label="Crossover essentials only")
    episodes = SwitchField(label="Every episode")

    def problems(self) -> list[str]:
        self.is_valid()
        return form_problems(self, {name: field.label for name, field in self.fields.items()})

    def option(self, name: str) -> bool:
        self.is_valid()
        return name not in self.errors and bool(self.cleaned_data.get(name))


class ConnectionForm(forms.Form):
    """Two published series to connect, chosen among the graph's nodes. The fields are
    named as the query string names them, "from" and "to"."""

    ENDS = {"from": "start from", "to": "end at"}

    def __init__(self, data=None, *, nodes):
        super().__init__(data, auto_id="connection-%s")
        choices = [("", "Choose a series…")] + [
            (
                node.slug,
                f"{node.title} ({node.premiere_year})" if node.premiere_year else node.title,
            )
            for node in sorted(nodes, key=lambda node: (node.title.casefold(), node.id))
        ]
        self.fields["from"] = forms.ChoiceField(label="From", choices=choices)
        self.fields["to"] = forms.ChoiceField(label="To", choices=choices)

    def problems(self) -> list[str]:
        if self.is_valid():
            return []
        problems = []
        for name, end in self.ENDS.items():
            if name not in self.errors:
                continue
            value = self.data.get(name, "")
            if not value:
                problems.append(f"Choose the series to {end}.")
            else:
                shown = value if len(value) <= 40 else f"{value[:40]}…"
                problems.append(f"There is no published series “{shown}” to {end}.")
        return problems + list(self.non_field_errors())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError(
                "Choose two different series: a series is not connected to itself."
            )
        return cleaned
