"""Whole numbers read from addresses and query strings, and the limit on season and
episode numbers.

One rule for every number a visitor can type: ASCII digits only, a bounded count of them,
within a range. str.isdigit() accepts "²" and "①", which int() refuses (a 500), and int()
accepts "١٢" and "1_000", which no address of ours contains; both are refused here.
"""

import re

from django import forms

# Seasons and episodes are numbered up to this: the model's validators, the database's
# check constraints and the URL parser all use it, so a record the admin accepts has an
# address that works.
MAX_NUMBER = 10_000
# Page numbers of the lists (the paginator shows the last page past the end).
MAX_PAGE = 999_999
# Leading zeros are allowed, but not without end: int() of a huge string is slow.
MAX_DIGITS = 20

ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_whole(raw: object, *, lowest: int, highest: int) -> int | None:
    """raw as a whole number from lowest to highest, or None when it is not one."""
    if not isinstance(raw, str) or len(raw) > MAX_DIGITS or not ASCII_DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if lowest <= number <= highest else None


class WholeNumberField(forms.IntegerField):
    """An IntegerField that reads ASCII digits only (parse_whole); min_value and max_value
    still give their own messages."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_whole(str(value).strip(), lowest=0, highest=10**MAX_DIGITS)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
