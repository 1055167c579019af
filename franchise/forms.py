"""Query-string forms of the universe pages: plain GET, so every page works without
JavaScript, and a value that does not check out is reported rather than guessed at."""

from django import forms

from catalog.query_problems import QueryProblemsMixin, quoted
from franchise.orders import OrderKind, Tier


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


class WatchOrderForm(QueryProblemsMixin, forms.Form):
    order = forms.ChoiceField(label="Watch order", choices=OrderKind.choices, required=False)
    tier = forms.ChoiceField(label="Tier", choices=Tier.choices, required=False)
    essentials = SwitchField(label="Crossover essentials only")
    episodes = SwitchField(label="Every episode")

    def problem(self, name: str, label: str, value: str) -> str:
        if name == "order":
            return f"There is no watch order {quoted(value)}: showing the release order."
        if name == "tier":
            return f"There is no tier {quoted(value)}: showing every tier."
        return f"{quoted(value)} is not a value for “{label}”: it was ignored."

    def order_kind(self) -> OrderKind:
        """The order asked for; the release order when none (or no known one) is."""
        self.is_valid()
        return OrderKind(self.cleaned_data.get("order") or OrderKind.RELEASE)

    def chosen_tier(self) -> Tier | None:
        self.is_valid()
        value = self.cleaned_data.get("tier")
        return Tier(value) if value else None

    def option(self, name: str) -> bool:
        self.is_valid()
        return name not in self.errors and bool(self.cleaned_data.get(name))


class ConnectionForm(QueryProblemsMixin, forms.Form):
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

    def problem(self, name: str, label: str, value: str) -> str:
        if not value:
            return f"Choose the series to {self.ENDS[name]}."
        return f"There is no published series {quoted(value)} to {self.ENDS[name]}."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError(
                "Choose two different series: a series is not connected to itself."
            )
        return cleaned
