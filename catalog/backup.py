"""Backup and restore of the whole site in one file: content, history, users and groups.

A backup is JSON Lines, gzip-compressed when its name ends in ".gz": a header line (format
version, the latest applied migration of each app, rows per model), then one line per row in
Django's "jsonl" serialization, model after model, written and read as a stream.

- Included: every model of every installed app but those in NOT_BACKED_UP — catalog and
  franchise records with their Historical* rows, users with their password hashes, groups
  with their permissions, group memberships, the admin log.
- Not included: content types and permissions (migrate recreates them, and rows name them by
  natural key, so their ids may differ), sessions (everyone signs in again), axes' login
  attempts (short-lived lockout state).
- Content keeps its primary keys: history's `id`, generic relations (Citation.object_id) and
  every foreign key stay exact. Users and groups travel by natural key (username, name), so
  a restore merges with the Editors group that a migration creates.

Models are enumerated through the app registry, so catalog needs no franchise import.
"""

import datetime
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

FORMAT = "showbible-backup"
FORMAT_VERSION = 1
# App labels, or app.model labels, left out of a backup (see the module docstring).
NOT_BACKED_UP = {"auth.permission", "axes", "contenttypes", "sessions"}
# Groups may exist before a restore: a migration creates the Editors group.
MERGED_BY_NAME = {"auth.group"}
CHUNK_SIZE = 2000
BATCH_SIZE = 1000


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


class BackupJSONEncoder(DjangoJSONEncoder):
    """Keeps every microsecond (DjangoJSONEncoder drops all but the milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class JSONLinesSerializer(jsonl.Serializer):
    """Django's "jsonl" serializer, writing each line with json.dumps: json.dump runs the
    pure-Python encoder, which made it most of the time a backup took."""

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def backed_up_models() -> list[type[models.Model]]:
    """Models a backup holds, each after the models its natural-key references need."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in NOT_BACKED_UP
        and model._meta.label_lower not in NOT_BACKED_UP
    ]


def migration_state() -> dict[str, str]:
    """The latest applied migration of each app, by app label."""
    state: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        state[app_label] = max(state.get(app_label, name), name)
    return dict(sorted(state.items()))


def has_natural_key(model: type[models.Model]) -> bool:
    return callable(getattr(model, "natural_key", None))


def open_backup(path: Path, mode: str, *, gzipped: bool):
    """The backup file as text, through gzip when gzipped."""
    if gzipped:
        return gzip.open(path, f"{mode}t", encoding="utf-8", compresslevel=6)
    return open(path, mode, encoding="utf-8")


def with_natural_key_targets(model: type[models.Model]) -> models.QuerySet:
    """All rows of model, joined to the rows it names by natural key (content type, user)."""
    targets = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and has_natural_key(field.related_model)
    ]
    rows = model._base_manager.all()
    return rows.select_related(*targets) if targets else rows


def rows_of(model: type[models.Model]) -> Iterator[models.Model]:
    """Every row of model by primary key, fetched in chunks with whatever the serializer
    reads: natural-key targets joined, many-to-many values prefetched."""
    many_to_many = [
        Prefetch(
            field.name,
            queryset=with_natural_key_targets(field.related_model).order_by(
                *field.related_model._meta.ordering, "pk"
            ),
        )
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return (
        with_natural_key_targets(model)
        .prefetch_related(*many_to_many)
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def serialized_fields(model: type[models.Model]) -> list[str]:
    """The fields to write: generated columns are left to the database to compute."""
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [field.name for field in fields if not field.generated]


def backup_create(*, path: Path) -> dict[str, int]:
    """Write a backup of the database to path (replaced only once it is complete); returns
    the rows written per model."""
    backed_up = backed_up_models()
    partial = path.with_name(f".{path.name}.partial")
    serializer = JSONLinesSerializer()
    outermost = not connection.in_atomic_block
    try:
        with (
            transaction.atomic(),
            open_backup(partial, "w", gzipped=path.suffix == ".gz") as stream,
        ):
            if outermost and connection.vendor == "postgresql":
                # One snapshot for the counts and every row, while the site goes on writing.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = {model._meta.label_lower: model._base_manager.count() for model in backed_up}
            header = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "migrations": migration_state(),
                "counts": counts,
            }
            stream.write(json.dumps(header) + "\n")
            for model in backed_up:
                serializer.serialize(
                    rows_of(model),
                    stream=stream,
                    fields=serialized_fields(model),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                    cls=BackupJSONEncoder,
                )
        partial.replace(path)
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return counts


def read_header(stream, path: Path) -> dict:
    try:
        header = json.loads(stream.readline())
    except (ValueError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a Showbible backup ({error}).") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Showbible backup.")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {header.get('version')}; this code reads format "
            f"{FORMAT_VERSION}."
        )
    return header


def schema_difference(backup: dict[str, str]) -> str | None:
    """Why the database's schema does not match the backup's, or None when it does."""
    here = migration_state()
    if backup == here:
        return None
    applied = set(MigrationRecorder(connection).applied_migrations())
    ahead = [f"{app} {name}" for app, name in backup.items() if (app, name) not in applied]
    if ahead:
        return (
            "The backup comes from a newer schema: "
            + ", ".join(ahead)
            + " not applied to this database. Deploy the code the backup was made with, run "
            "migrate, then restore. Nothing was written."
        )
    differing = ", ".join(
        f"{app} {backup.get(app, '(none)')} in the backup, {name} here"
        for app, name in here.items()
        if backup.get(app) != name
    )
    return (
        f"This database's schema is newer than the backup's ({differing}). Migrate an empty "
        "database to the backup's migrations (manage.py migrate APP MIGRATION), restore, "
        "then migrate. Nothing was written."
    )


def tables_of(backed_up: list[type[models.Model]]) -> list[str]:
    """The tables a restore replaces: the models' and their many-to-many tables, and the
    sessions, which could otherwise name users by ids that now belong to someone else."""
    tables = []
    for model in backed_up:
        tables.append(model._meta.db_table)
        tables.extend(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    if apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    return tables


class NumberedLines:
    """Lines of a stream, remembering the number of the last one read (for messages)."""

    def __init__(self, stream):
        self.stream = stream
        self.number = 1  # the header

    def __iter__(self):
        for line in self.stream:
            self.number += 1
            yield line


def backup_restore(*, path: Path, replace: bool = False) -> dict[str, int]:
    """Load the backup at path into this database, all or nothing; returns the rows loaded per
    model. The database must be empty of everything a backup holds (groups aside) unless
    replace, which deletes it first, in the same transaction."""
    backed_up = backed_up_models()
    labels = {model._meta.label_lower: model for model in backed_up}
    try:
        with open_backup(path, "r", gzipped=path.suffix == ".gz") as stream:
            header = read_header(stream, path)
            if difference := schema_difference(header.get("migrations", {})):
                raise BackupError(difference)
            with transaction.atomic():
                if replace:
                    # PostgreSQL refuses to TRUNCATE a table with deferred checks pending (rows
                    # written earlier in an enclosing transaction): run them first.
                    connection.check_constraints()
                    connection.ops.execute_sql_flush(
                        connection.ops.sql_flush(no_style(), tables_of(backed_up))
                    )
                else:
                    refuse_if_not_empty(backed_up)
                lines = NumberedLines(stream)
                try:
                    counts = load_rows(lines, labels)
                except (DeserializationError, DatabaseError, ValueError) as error:
                    raise BackupError(
                        f"{path}, line {lines.number}: {str(error) or error.__cause__}. "
                        "Nothing was written."
                    ) from error
                check_counts(header.get("counts", {}), counts, path)
                try:
                    connection.check_constraints(table_names=tables_of(backed_up))
                except DatabaseError as error:
                    raise BackupError(f"{path}: {error} Nothing was written.") from error
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), backed_up):
                        cursor.execute(statement)
    except (OSError, EOFError) as error:
        raise BackupError(f"Cannot read {path}: {error}. Nothing was written.") from error
    return dict.fromkeys(labels, 0) | counts


def refuse_if_not_empty(backed_up: list[type[models.Model]]) -> None:
    holding = [
        model._meta.label_lower
        for model in backed_up
        if model._meta.label_lower not in MERGED_BY_NAME and model._base_manager.exists()
    ]
    if holding:
        raise BackupError(
            f"The database already holds data ({', '.join(holding[:5])}"
            f"{'…' if len(holding) > 5 else ''}). Restore into a freshly migrated database, "
            "or pass --replace to delete what it holds first. Nothing was written."
        )


def load_rows(lines: NumberedLines, labels: dict[str, type[models.Model]]) -> Counter:
    """Insert every row as it is in the backup: no history recorded, no auto_now applied."""
    counts = Counter()
    batch: list[DeserializedObject] = []
    for row in serializers.deserialize("jsonl", lines, handle_forward_references=False):
        model = type(row.object)
        if model._meta.label_lower not in labels:
            raise DeserializationError(f"{model._meta.label_lower} rows are not part of a backup.")
        if batch and (type(batch[0].object) is not model or len(batch) == BATCH_SIZE):
            insert_rows(batch)
            batch = []
        if has_natural_key(model):
            # Found by natural key (the migration's Editors group) it is updated, else added.
            row.save()
        else:
            batch.append(row)
        counts[model._meta.label_lower] += 1
    if batch:
        insert_rows(batch)
    return counts


def insert_rows(rows: list[DeserializedObject]) -> None:
    """Insert rows of one model, with their primary keys, a batch per statement; then their
    many-to-many values. Like save(raw=True), but batched: bulk_create would stamp the
    auto_now fields with the time of the restore."""
    model = type(rows[0].object)
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    objs = [row.object for row in rows]
    size = connection.ops.bulk_batch_size(fields, objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through._base_manager.bulk_create(
            [
                through(**{source: row.object.pk, target: value})
                for row in rows
                for value in (row.m2m_data or {}).get(field.name, [])
            ],
            batch_size=BATCH_SIZE,
        )


def check_counts(expected: dict[str, int], counts: Counter, path: Path) -> None:
    """Refuse a truncated or altered backup: its header says how many rows each model has."""
    wrong = [
        f"{label}: {counts[label]} of {count}"
        for label, count in expected.items()
        if counts[label] != count
    ]
    wrong += [
        f"{label}: {count} not in the header"
        for label, count in counts.items()
        if label not in expected
    ]
    if wrong:
        raise BackupError(
            f"{path} is incomplete or altered, rows read against its header: "
            + "; ".join(wrong)
            + ". Nothing was written."
        )
