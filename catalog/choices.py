"""The base of every fixed vocabulary: TextChoices whose label, when a member gives none,
is its value in sentence case ("partly_confirmed" is "Partly confirmed"), not Django's
title-cased name ("Partly Confirmed"); RankedChoices, listed strongest first; and the
constraint that keeps a field to its choices."""

from django.db import models
from django.db.models import Q
from django.db.models.enums import ChoicesType
from django.utils.text import capfirst


class MemberText:
    """A text that each member gives as the third item of its declaration, read as a
    property of the member: `RELEASE = "release", "Release order", "Every season…"` with
    `description = MemberText()` makes OrderKind.RELEASE.description "Every season…"."""

    texts: dict = {}

    def __get__(self, member, owner=None):
        if member is None:
            return self
        return self.texts[member]


class SentenceLabels(ChoicesType):
    """Gives each member declared by its value alone the label that value reads as, and
    hands the texts of members declared (value, label, text) to the class's MemberText."""

    def __new__(metacls, classname, bases, classdict, **kwds):
        texts = {}
        for name in classdict._member_names:
            value = classdict[name]
            if isinstance(value, str):
                label = capfirst(value.replace("_", " "))
                # dict.__setitem__, as Django's ChoicesType does: enum refuses reassignment.
                dict.__setitem__(classdict, name, (value, label))
            elif isinstance(value, tuple) and len(value) == 3:
                *value_and_label, texts[name] = value
                dict.__setitem__(classdict, name, tuple(value_and_label))
        cls = super().__new__(metacls, classname, bases, classdict, **kwds)
        for attribute in list(classdict.values()):
            if isinstance(attribute, MemberText):
                attribute.texts = {cls[name]: text for name, text in texts.items()}
        return cls


class TextChoices(models.TextChoices, metaclass=SentenceLabels):
    """Django's TextChoices, where `DRAFT = "draft"` is labelled "Draft" and a member
    whose label reads otherwise gives it: `CO_CREATOR = "co_creator", "Co-creator"`; a
    member may add a text, read through a MemberText (see there)."""


class RankedChoices(TextChoices):
    """Choices listed strongest first: the order is their rank."""

    @property
    def rank(self) -> int:
        """0 for the strongest member; the one shown when a record has several."""
        return list(type(self)).index(self)

    @classmethod
    def strongest(cls, members):
        """The strongest of some members (values or members)."""
        return min((cls(member) for member in members), key=lambda member: member.rank)

    @classmethod
    def weakest(cls, members):
        """The weakest of some members (values or members)."""
        return max((cls(member) for member in members), key=lambda member: member.rank)


def choice_constraint(model_name: str, field: str, choices) -> models.CheckConstraint:
    """`field` holds one of the values of `choices`, named e.g. credit_role_valid."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"{model_name}_{field}_valid"
    )


class ChoiceMember:
    """A record's choice field read as the member of `choices` it holds, with the member's
    properties (rank, phrasing): `kind_choice = ChoiceMember("kind", AppearanceKind)`."""

    def __init__(self, field: str, choices):
        self.field = field
        self.choices = choices

    def __get__(self, record, owner=None):
        if record is None:
            return self
        return self.choices(getattr(record, self.field))
