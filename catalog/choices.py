"""The base of every fixed vocabulary: TextChoices whose label, when a member gives none,
is its value in sentence case ("partly_confirmed" is "Partly confirmed"), not Django's
title-cased name ("Partly Confirmed"); RankedChoices, listed strongest first; and the
constraint that keeps a field to its choices."""

from django.db import models
from django.db.models import Q
from django.db.models.enums import ChoicesType
from django.utils.text import capfirst


class SentenceLabels(ChoicesType):
    """Gives each member declared by its value alone the label that value reads as."""

    def __new__(metacls, classname, bases, classdict, **kwds):
        for name in classdict._member_names:
            value = classdict[name]
            if isinstance(value, str):
                label = capfirst(value.replace("_", " "))
                # dict.__setitem__, as Django's ChoicesType does: enum refuses reassignment.
                dict.__setitem__(classdict, name, (value, label))
        return super().__new__(metacls, classname, bases, classdict, **kwds)


class TextChoices(models.TextChoices, metaclass=SentenceLabels):
    """Django's TextChoices, where `DRAFT = "draft"` is labelled "Draft" and a member
    whose label reads otherwise gives it: `CO_CREATOR = "co_creator", "Co-creator"`."""


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
