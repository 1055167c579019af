"""Loading records by natural key: the generic half of the seed loader.

A record is looked up by its natural key among every stored record of its model (one query
per model and load), created or updated only when something differs, validated with
full_clean() first, and every refusal is a SeedError naming the record.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from catalog.models import Citation, Source, citable_facts
from catalog.models.base import PublishableModel, PublishStatus


class SeedError(Exception):
    """The data file cannot be loaded; the message names the record at fault."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return ", ".join(
            f"{name}: {self.created[name]} new, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        )


def read_seed_file(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise SeedError(f"{path}: no such data file") from error
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{path}: not valid TOML: {error}") from error


class RecordLoader:
    """Upserts by natural key, with a report of what changed and the citations to write."""

    def __init__(self, data: dict):
        self.data = data
        self.report = LoadReport()
        self.sources: dict[str, Source] = {}
        self.content_types: dict[type, ContentType] = {}
        self.stored: dict[type, dict] = {}
        self.citations: dict[tuple, int] = {}  # (source, type, record, fact): citation pk
        self.new_citations: list[Citation] = []
        self.cited: dict[tuple, set] = {}  # (type, record): the (source, fact) pairs wanted

    def entries(self, section: str) -> list[dict]:
        value = self.data.get(section, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise SeedError(f"[[{section}]] must be a list of tables")
        return value

    @staticmethod
    def require(entry: dict, key: str, where: str):
        if key not in entry or entry[key] in (None, ""):
            raise SeedError(f"{where}: missing required field '{key}'")
        return entry[key]

    @staticmethod
    def unique_keys(entries: list[dict], key: str, section: str) -> None:
        seen = Counter(entry.get(key) for entry in entries)
        duplicates = sorted(str(value) for value, count in seen.items() if count > 1)
        if duplicates:
            raise SeedError(f"{section} '{duplicates[0]}' appears more than once")

    def slugged(self, section: str, label: str):
        """(slug, where, entry) for each entry of a section whose natural key is its slug."""
        entries = self.entries(section)
        self.unique_keys(entries, "slug", label)
        for entry in entries:
            slug = self.require(entry, "slug", label)
            yield slug, f"{label} '{slug}'", entry

    def lookup(self, table: dict, key, kind: str, where: str):
        try:
            return table[key]
        except KeyError:
            raise SeedError(f"{where}: unknown {kind} '{key}'") from None

    def upsert(self, model: type[models.Model], where: str, lookup: dict, values: dict):
        """Create or update one record by natural key; save only when something differs.
        A record that could be a draft is published: a seed file holds published ones only."""
        if issubclass(model, PublishableModel):
            values = {**values, "status": PublishStatus.PUBLISHED}
        label = model._meta.verbose_name_plural
        existing = self.existing(model, tuple(lookup))
        key = tuple(_key_part(value) for value in lookup.values())
        instance = existing.get(key)
        if instance is None:
            instance = model(**lookup, **values)
            outcome = self.report.created
        else:
            changed = False
            for name, value in values.items():
                if getattr(instance, name) != value:
                    setattr(instance, name, value)
                    changed = True
            if not changed:
                self.report.unchanged[label] += 1
                return instance
            outcome = self.report.updated
        relations = [field.name for field in model._meta.fields if field.is_relation]
        try:
            # Field rules here; uniqueness and checks are the database's, caught below.
            instance.full_clean(
                exclude=relations, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            raise SeedError(f"{where}: {_flatten(error)}") from error
        try:
            instance.save()
        except IntegrityError as error:
            raise SeedError(f"{where}: refused by the database ({error})") from error
        existing[key] = instance
        outcome[label] += 1
        return instance

    def existing(self, model: type[models.Model], names: tuple[str, ...]) -> dict:
        """Every stored record of a model by natural key: one query per model and load."""
        if model not in self.stored:
            attributes = [
                f"{name}_id" if model._meta.get_field(name).is_relation else name for name in names
            ]
            self.stored[model] = {
                tuple(getattr(obj, attribute) for attribute in attributes): obj
                for obj in model.objects.all()
            }
        return self.stored[model]

    def set_m2m(self, instance, name: str, targets: list) -> None:
        manager = getattr(instance, name)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in targets}:
            manager.set(targets)
            self.report.updated[f"{instance._meta.verbose_name} {name}"] += 1

    def cite(
        self,
        record: models.Model,
        entry: dict,
        where: str,
        *,
        required: bool = True,
        sources: list | None = None,
        field_sources: dict | None = None,
    ):
        """Cite the sources of an entry for record: `sources` for the record as a whole
        (every fact shown of it that has no source of its own, or the statement it is),
        `field_sources` ({field: [keys]}) for one field each. Given sources and
        field_sources replace the entry's."""
        whole = entry.get("sources", []) if sources is None else sources
        by_field = entry.get("field_sources", {}) if field_sources is None else field_sources
        if not isinstance(by_field, dict):
            raise SeedError(f"{where}: `field_sources` must be a table of fields to sources")
        if required and not whole and not any(by_field.values()):
            raise SeedError(f"{where}: every fact needs a source (`sources` is empty)")
        model = type(record)
        facts = dict(citable_facts(model))
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        content_type = self.content_types[model]
        wanted = self.cited.setdefault((content_type.pk, record.pk), set())
        for fact, keys in [(Citation.WHOLE, whole), *by_field.items()]:
            if fact not in facts:
                raise SeedError(
                    f"{where}: a {model._meta.verbose_name} has no field '{fact}' to cite"
                )
            for key in keys:
                source = self.lookup(self.sources, key, "source", where)
                wanted.add((source.pk, fact))
                natural_key = (source.pk, content_type.pk, record.pk, fact)
                if natural_key in self.citations:
                    self.report.unchanged["citations"] += 1
                    continue
                self.citations[natural_key] = 0
                self.new_citations.append(
                    Citation(
                        source=source, content_type=content_type, object_id=record.pk, fact=fact
                    )
                )

    @staticmethod
    def optional(entry: dict, defaults: dict | None = None, **more) -> dict:
        """The entry's value for each field (of defaults and more), or its default."""
        fields = {**(defaults or {}), **more}
        return {name: entry.get(name, default) for name, default in fields.items()}

    @staticmethod
    def require_number(entry: dict, key: str, where: str) -> int:
        value = entry.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise SeedError(f"{where}: '{key}' must be a whole number, not {value!r}")
        return value

    def write_citations(self) -> None:
        """Write the new citations, and remove those of the loaded records that the file no
        longer gives (a source moved from a record to one of its fields, or dropped)."""
        stale = [
            pk
            for (source, content_type, record, fact), pk in self.citations.items()
            if pk
            and (content_type, record) in self.cited
            and (source, fact) not in self.cited[(content_type, record)]
        ]
        if stale:
            Citation.objects.filter(pk__in=stale).delete()
            self.report.updated["citations removed"] += len(stale)
        Citation.objects.bulk_create(self.new_citations, batch_size=500)
        self.report.created["citations"] += len(self.new_citations)


def _key_part(value):
    return value.pk if isinstance(value, models.Model) else value


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SeedError(f"not a number: {value!r}")
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _flatten(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
