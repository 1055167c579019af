"""Footnotes: the sources of every fact a page shows, read in one query.

A page's selector lists the records it shows in a `RecordsShown` (records, keys, or
querysets of them) and `fact_sheet()` reads the citations of all of them in one query,
however many rows the page has. While the template renders, each fact it shows asks the
sheet for its sources (catalog_display's `{% fact %}`): the citations of that field, else
those of the record as a whole (catalog.models.sourcing). A fact resting on several
records (a cast entry made of several appearances) takes the sources of them all.

A source is numbered the first time a fact on the page uses it, so the numbers run down
the page; the page's source list (includes/sources.html) then lists each source once, in
that order. A fact whose sources are all weak says so, in words, beside its marker.

Facts a page derives rather than stores ("appears in three shows", a crossover episode)
rest on records it does not hold one by one. An app names, for such a model, the fields
to read along with each citation of one of its records (`read_with_citations`) and the
indexes that find the records behind a derived fact from those fields
(`add_index`); the page adds a queryset of the records concerned, which the citations'
query reads as a subquery. Apps register both when they start (franchise does for
appearances and series links), since catalog cannot import them.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Q, Subquery

from catalog.models import Citation, Source, SourceReliability

Key = tuple[str, int]  # ("catalog.series", 12)

# label → (model, fields read with each of its citations)
_READ_WITH: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {}
# index name → build(values) → find(*arguments) → keys
_INDEXES: dict[str, Callable] = {}


def read_with_citations(model: type[models.Model], fields: tuple[str, ...]) -> None:
    """Read these fields of a model's records along with their citations (for indexes)."""
    _READ_WITH[model._meta.label_lower] = (model, fields)


def add_index(name: str, build: Callable[[dict], Callable[..., list]]) -> None:
    """An index of derived facts: build(values) gets {label: {pk: {field: value}}} for the
    cited records of the models read_with_citations() names, and returns
    find(*arguments) → the keys of the records behind one fact (`{% fact "name" … %}`)."""
    _INDEXES[name] = build


def key_of(record: models.Model) -> Key:
    return (record._meta.label_lower, record.pk)


def is_key(value) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
    )


class RecordsShown:
    """The records a page shows, by model: primary keys, and querysets of more of them."""

    def __init__(self):
        self.pks: dict[str, set[int]] = defaultdict(set)
        self.queries: dict[str, list[models.QuerySet]] = defaultdict(list)

    def add(self, *records) -> "RecordsShown":
        """Records the page shows: model instances, keys ("franchise.appearance", 7),
        querysets, None, or iterables of those."""
        for record in records:
            if record is None:
                continue
            if isinstance(record, models.Model):
                if record.pk is not None:
                    self.pks[record._meta.label_lower].add(record.pk)
            elif is_key(record):
                self.pks[record[0]].add(record[1])
            elif isinstance(record, models.QuerySet):
                self.add_query(record)
            else:
                self.add(*record)
        return self

    def add_query(self, queryset: models.QuerySet) -> "RecordsShown":
        """All the records of a queryset, read as a subquery of the citations' query."""
        self.queries[queryset.model._meta.label_lower].append(queryset.order_by().values("pk"))
        return self

    def condition(self) -> Q | None:
        """Citations of the records shown, as one filter; None when there are none."""
        found = Q()
        for label in sorted(set(self.pks) | set(self.queries)):
            app_label, model = label.split(".")
            of_model = Q(content_type__app_label=app_label, content_type__model=model)
            if self.pks.get(label):
                found |= of_model & Q(object_id__in=sorted(self.pks[label]))
            for query in self.queries.get(label, []):
                found |= of_model & Q(object_id__in=query)
        return found or None


@dataclass
class Footnote:
    number: int
    source: Source
    # Only facts held back by a spoiler policy cite it (catalog_display's spoiler tag): the
    # source list holds it back too, as its title may name what they hide.
    hidden: bool = False

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"

    @property
    def weak(self) -> bool:
        return self.source.reliability == SourceReliability.WEAK


@dataclass
class Mark:
    """What a fact's marker shows: its statement, its footnotes, and whether all are weak."""

    statement: str  # data-fact: the records and fields it states, "catalog.series.3.genres"
    notes: list[Footnote] = field(default_factory=list)

    @property
    def weak(self) -> bool:
        return bool(self.notes) and all(note.weak for note in self.notes)


class FactSheet:
    """The citations of a page's records, and the footnotes its facts have used so far."""

    def __init__(self, citations: Iterable[Citation] = ()):
        self.cited: dict[tuple[str, int, str], list[Source]] = defaultdict(list)
        values: dict[str, dict[int, dict]] = defaultdict(dict)
        for citation in citations:
            label = f"{citation.content_type.app_label}.{citation.content_type.model}"
            self.cited[(label, citation.object_id, citation.fact)].append(citation.source)
            if label in _READ_WITH:
                values[label][citation.object_id] = {
                    name: getattr(citation, annotation_name(label, name))
                    for name in _READ_WITH[label][1]
                }
        self.values = values
        self.indexes: dict[str, Callable] = {}  # built on first use
        self._notes: dict[int, Footnote] = {}
        self.hiding = 0  # > 0 while facts held back by a spoiler policy render

    def sources(self, key: Key, fact: str = Citation.WHOLE) -> list[Source]:
        """The sources of one fact of a record: the field's own, else the whole record's."""
        own = self.cited.get((*key, fact)) if fact else None
        return own or self.cited.get((*key, Citation.WHOLE), [])

    def derived(self, name: str, *arguments) -> list[Key]:
        """The records behind a derived fact, through the index of that name."""
        if name not in self.indexes:
            if name not in _INDEXES:
                return []
            self.indexes[name] = _INDEXES[name](self.values)
        return self.indexes[name](*arguments)

    def mark(self, statements: list) -> Mark:
        """The footnotes of a fact resting on these statements, numbered on first use: each
        a (record key, field) pair, or a Source itself (a score a source gives, where
        sources disagree)."""
        notes: dict[int, Footnote] = {}
        named = []
        for statement in dict.fromkeys(statements):
            if isinstance(statement, Source):
                sources, name = [statement], f"catalog.source.{statement.pk}"
            else:
                key, fact = statement
                sources = self.sources(key, fact)
                name = ".".join([*map(str, key), fact] if fact else map(str, key))
            named.append(name)
            for source in sources:
                if source.pk not in self._notes:
                    self._notes[source.pk] = Footnote(
                        len(self._notes) + 1, source, hidden=bool(self.hiding)
                    )
                if not self.hiding:
                    self._notes[source.pk].hidden = False
                notes[source.pk] = self._notes[source.pk]
        return Mark(" ".join(named), sorted(notes.values(), key=lambda note: note.number))

    @property
    def notes(self) -> list[Footnote]:
        """Every footnote the page's facts used, in number order."""
        return sorted(self._notes.values(), key=lambda note: note.number)


def annotation_name(label: str, field_name: str) -> str:
    return f"cited_{label.replace('.', '_')}_{field_name}"


def fact_sheet(shown: RecordsShown) -> FactSheet:
    """The citations of every record shown, with their sources: one query. Citations of
    models read_with_citations() names carry those fields of their record."""
    condition = shown.condition()
    if condition is None:
        return FactSheet()
    citations = Citation.objects.filter(condition).select_related("source", "content_type")
    for label, (model, names) in _READ_WITH.items():
        if label not in shown.pks and label not in shown.queries:
            continue
        record = model._base_manager.filter(pk=OuterRef("object_id"))
        citations = citations.annotate(
            **{annotation_name(label, name): Subquery(record.values(name)[:1]) for name in names}
        )
    return FactSheet(citations.order_by("content_type", "object_id", "pk"))
