"""Text search over published records: full-text on PostgreSQL, a portable fallback elsewhere.

Both backends match every word of the query (as a word prefix on PostgreSQL, anywhere in
the text on SQLite), ignore case and accents ("renee ballard" finds "Renée Ballard"), and
rank title and name matches above matches in synopses.

- PostgreSQL: a weighted tsvector (A for titles and names, B for synopses) built with the
  `showbible` text search configuration (english with unaccent, created by migration),
  stored in each searchable model's `search_document` column, a generated column the
  database keeps current on every write (bulk_create and COPY included, as long as they
  leave the column out), with a GIN index. Matching and ranking read the stored vector:
  ranking a common word's thousands of matches no longer parses each row's text again.
- SQLite: a deterministic SQL function, `showbible_fold`, registered on every connection,
  folds text in Python (NFKD, combining marks dropped, casefolded); `search_document` is
  NULL there and never read.
"""

import re
import unicodedata
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex, PostgresIndex
from django.contrib.postgres.search import (
    Lexeme,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.migrations.operations import AddConstraint, AddField, AddIndex, RemoveIndex
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    GeneratedField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "showbible"
FOLD_FUNCTION = "showbible_fold"


def fold(text: str | None) -> str | None:
    """Text without accents, in case-folded form: "Renée" → "renee"."""
    if text is None:
        return None
    if text.isascii():  # the common case, and the fast one: nothing to strip
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def query_terms(query: str) -> list[str]:
    """The folded words of a query, at most MAX_TERMS of them."""
    return re.findall(r"\w+", fold(query) or "")[:MAX_TERMS]


class Fold(Func):
    """SQL side of fold(): the Python function on SQLite, lower() elsewhere."""

    function = FOLD_FUNCTION
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor != "sqlite":
            extra["function"] = "LOWER"
        return super().as_sql(compiler, connection, **extra)


def register_fold(sender=None, connection=None, **kwargs):
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


connection_created.connect(register_fold, dispatch_uid="catalog.search.register_fold")


def search_vector(fields: dict[str, str]) -> SearchVector:
    """The weighted tsvector of fields ({"title": "A", "synopsis": "B"})."""
    vectors = [
        SearchVector(field, weight=weight, config=SEARCH_CONFIG) for field, weight in fields.items()
    ]
    return reduce(lambda left, right: left + right, vectors)


class SearchDocument(Func):
    """search_vector() of (field, weight) pairs as the expression of a generated column on
    PostgreSQL; NULL elsewhere (SQLite searches with Fold and never reads the column).
    Pairs, not a dict: a migration writes a dict's keys sorted, and the order of the
    fields is the order of the words, which ranking several words reads."""

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields: tuple[str, str]):
        super().__init__(search_vector(dict(weighted_fields)))

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def search_document_field(fields: dict[str, str]) -> GeneratedField:
    """The stored search document of fields ({"title": "A", "synopsis": "B"}), which
    text_search matches and ranks on PostgreSQL."""
    field = GeneratedField(
        expression=SearchDocument(*fields.items()),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    field.search_fields = dict(fields)
    return field


def search_fields(model) -> dict[str, str]:
    """The fields a model's search document is made of, with their weights."""
    return model._meta.get_field("search_document").search_fields


def search_index(name: str) -> GinIndex:
    """The GIN index on search_document that text_search reads on PostgreSQL."""
    return GinIndex(fields=["search_document"], name=name)


def text_search(queryset: QuerySet, query: str, fields: dict[str, str]) -> QuerySet:
    """Rows matching every word of query, annotated with search_rank (higher is better).

    A query without any word ("!!!", an emoji) matches nothing, and still has search_rank:
    callers order by it whatever the query was.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        lexemes = reduce(lambda left, right: left & right, (Lexeme(t, prefix=True) for t in terms))
        tsquery = SearchQuery(lexemes, config=SEARCH_CONFIG)
        return queryset.filter(search_document=tsquery).annotate(
            search_rank=SearchRank(F("search_document"), tsquery)
        )

    connection.ensure_connection()
    register_fold(connection=connection)
    folded = {f"folded_{field}": Fold(field) for field in fields}
    matches = Q()
    for term in terms:
        matches &= reduce(or_, (Q(**{f"{name}__contains": term}) for name in folded))
    in_titles = Q()
    for term in terms:
        in_titles &= reduce(
            or_,
            (
                Q(**{f"folded_{field}__contains": term})
                for field, weight in fields.items()
                if weight == "A"
            ),
        )
    return (
        queryset.alias(**folded)
        .filter(matches)
        .annotate(
            search_rank=Case(
                When(in_titles, then=Value(1.0)), default=Value(0.1), output_field=FloatField()
            )
        )
    )


def name_trigram_index(field: str, name: str) -> GinIndex:
    """The trigram index that similar_names() uses on PostgreSQL (pg_trgm)."""
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)


def similar_names(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """On PostgreSQL, rows whose `field` holds a word close in spelling to query ("harry
    bosh" → "Harry Bosch"), annotated with similarity (0–1), closest first; the `<%`
    operator reads name_trigram_index. Elsewhere none: SQLite has no trigrams, and
    comparing every name in Python would not scale."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if connections[queryset.db].vendor != "postgresql" or not query_terms(query):
        return queryset.none().annotate(similarity=Value(0.0, output_field=FloatField()))
    return (
        queryset.filter(**{f"{field}__trigram_word_similar": query})
        .annotate(similarity=TrigramWordSimilarity(query, field))
        .order_by("-similarity", field, "pk")
    )


class OnPostgreSQL:
    """Mixin for an index operation only PostgreSQL performs; other databases skip it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(OnPostgreSQL, AddIndex):
    """AddIndex for an index only PostgreSQL can build; other databases skip it."""


class RemoveIndexOnPostgreSQL(OnPostgreSQL, RemoveIndex):
    """RemoveIndex for an index AddIndexOnPostgreSQL added; other databases never had it."""


class BesidePostgreSQLIndexes:
    """Mixin for an operation on a model with PostgreSQL-only indexes (GIN, NULLS LAST),
    which SQLite performs by rebuilding the table with all the model's indexes (adding a
    check constraint, adding or dropping a stored generated column). SQLite cannot build
    those indexes and never had them (AddIndexOnPostgreSQL), so there the rebuild leaves
    them out. Both states' models lose them for the operation's time: forwards, AddField
    rebuilds from the state before; backwards, from the state after. (The rendered models
    are changed and restored in place: rendering the states again for each operation made a
    migration with thirty of them take six seconds.)"""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        with self._without_postgresql_indexes(schema_editor, app_label, from_state, to_state):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        with self._without_postgresql_indexes(schema_editor, app_label, from_state, to_state):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    @contextmanager
    def _without_postgresql_indexes(self, schema_editor, app_label, *states):
        if schema_editor.connection.vendor == "postgresql":
            yield
            return
        metas = {state.apps.get_model(app_label, self.model_name)._meta for state in states}
        kept = {meta: meta.indexes for meta in metas}
        for meta in metas:
            meta.indexes = [i for i in meta.indexes if not isinstance(i, PostgresIndex)]
        try:
            yield
        finally:
            for meta, indexes in kept.items():
                meta.indexes = indexes


class AddConstraintBesidePostgreSQLIndexes(BesidePostgreSQLIndexes, AddConstraint):
    """AddConstraint on a model with PostgreSQL-only indexes."""


class AddFieldBesidePostgreSQLIndexes(BesidePostgreSQLIndexes, AddField):
    """AddField on a model with PostgreSQL-only indexes."""
