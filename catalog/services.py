"""Writes that span records of the production record: publishing, and the episode import.

Every write here records history (django-simple-history) with the user who made it,
including the bulk ones, which go through simple-history's bulk helpers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.csv_io import (
    EPISODE_COLUMNS,
    MAX_ERRORS_LISTED,
    EpisodeCsvRow,
    EpisodeFile,
    RowError,
    episode_rows_read,
)
from catalog.models import (
    Citation,
    Credit,
    CreditRole,
    Episode,
    Person,
    PublishStatus,
    Review,
    Season,
    Series,
)
from catalog.signals import critic_scores_refresh
from config.page_cache import content_changed

# SQLite allows 32,766 variables in one statement; stay well below it.
IN_CHUNK = 2_000
BATCH_SIZE = 500
# The import's inserts; Django lowers it where the database needs (SQLite: 32,766 values).
IMPORT_BATCH_SIZE = 2_000


def _records_set_status(*, queryset: models.QuerySet, user, status: str, reason: str) -> int:
    records = list(queryset.exclude(status=status).select_related(None).order_by())
    if not records:
        return 0
    content_changed()  # bulk writes send no signals
    now = timezone.now()
    for record in records:
        record.status = status
        record.updated_at = now
    bulk_update_with_history(
        records,
        queryset.model,
        ["status", "updated_at"],
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )
    if queryset.model is Review:
        critic_scores_refresh(reviews=records)
    elif queryset.model is Season:
        critic_scores_refresh(seasons=records)
    return len(records)


@transaction.atomic
def records_publish(*, queryset: models.QuerySet, user) -> int:
    """Publish the drafts among these records; returns how many changed."""
    return _records_set_status(
        queryset=queryset, user=user, status=PublishStatus.PUBLISHED, reason="Published"
    )


@transaction.atomic
def records_unpublish(*, queryset: models.QuerySet, user) -> int:
    """Turn these records back into drafts; returns how many changed."""
    return _records_set_status(
        queryset=queryset, user=user, status=PublishStatus.DRAFT, reason="Unpublished"
    )


@transaction.atomic
def series_publish(*, queryset: models.QuerySet, user) -> dict[str, int]:
    """Publish these series together with all their seasons and episodes."""
    series_ids = list(queryset.values_list("pk", flat=True))
    return {
        "series": records_publish(queryset=Series.objects.filter(pk__in=series_ids), user=user),
        "seasons": records_publish(
            queryset=Season.objects.filter(series__in=series_ids), user=user
        ),
        "episodes": records_publish(
            queryset=Episode.objects.filter(season__series__in=series_ids), user=user
        ),
    }


# The episode import


class ImportPermissionError(Exception):
    """The file asks for changes the user may not make; the message lists the missing
    permissions, for an editor."""


@dataclass
class EpisodeImportReport:
    """What an import did, or for a dry run would do; `errors` lists the first bad rows
    (MAX_ERRORS_LISTED) and `error_count` counts them all."""

    rows: int = 0
    dry_run: bool = True
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    seasons_created: int = 0
    episodes_created: int = 0
    episodes_updated: int = 0
    episodes_unchanged: int = 0
    credits_created: int = 0
    credits_updated: int = 0
    credits_deleted: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.error_count

    @property
    def written(self) -> bool:
        return self.is_valid and not self.dry_run

    @property
    def errors_unlisted(self) -> int:
        return self.error_count - len(self.errors)

    def error(self, row: int, field_name: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_LISTED:
            self.errors.append(RowError(row, field_name, reason))

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows} rows: {self.episodes_created} episodes {verb} created, "
            f"{self.episodes_updated} updated ({self.episodes_unchanged} unchanged), "
            f"{self.seasons_created} draft seasons created; credits: "
            f"{self.credits_created} created, {self.credits_updated} reordered, "
            f"{self.credits_deleted} removed."
        )


def _in_chunks(values: Iterable, size: int = IN_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _values_by_key(queryset: models.QuerySet, lookup: str, keys: Iterable, *fields) -> list:
    rows = []
    for chunk in _in_chunks(keys):
        rows.extend(queryset.filter(**{f"{lookup}__in": chunk}).order_by().values_list(*fields))
    return rows


def _bulk_update_with_history(objs: list, fields: list[str], history: dict) -> None:
    """bulk_update_with_history, as one upsert by primary key a batch: Django's bulk_update
    builds a CASE per row and field, far too slow for 200,000 rows (see test_csv_bench)."""
    if not objs:
        return
    model = type(objs[0])
    created = [obj.created_at for obj in objs]
    model.objects.bulk_create(
        objs,
        batch_size=history["batch_size"],
        update_conflicts=True,
        unique_fields=["pk"],
        update_fields=fields,
    )
    for obj, created_at in zip(objs, created, strict=True):
        obj.created_at = created_at  # bulk_create stamped it; the row keeps its own
    model.history.bulk_history_create(objs, update=True, **history)


def _credits_delete_with_history(pks: list[int], history: dict) -> None:
    """Delete these credits with a "-" history record each, in bulk: a queryset delete
    sends a signal, and writes a history row, per record."""
    model = Credit
    historical = model.history.model
    for chunk in _in_chunks(pks):
        objs = list(model.objects.filter(pk__in=chunk))
        historical.objects.bulk_create(
            [
                historical(
                    history_date=history["default_date"],
                    history_user=history["default_user"],
                    history_change_reason=history["default_change_reason"],
                    history_type="-",
                    **{f.attname: getattr(obj, f.attname) for f in historical.tracked_fields},
                )
                for obj in objs
            ],
            batch_size=history["batch_size"],
        )
        # Their citations go the ordinary way (signals, history): there are few.
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=chunk
        ).delete()
        # A plain DELETE: the history is written above, and nothing else points at a credit.
        model.objects.filter(pk__in=chunk)._raw_delete(model.objects.db)


class _EpisodeImport:
    """Checks every row against the database, then writes them all or nothing."""

    EPISODE_FIELDS = ("title", "air_date", "runtime_minutes", "status")
    ROLES = {"directors": CreditRole.DIRECTOR, "writers": CreditRole.WRITER}

    def __init__(self, parsed: EpisodeFile, user, dry_run: bool):
        self.rows = parsed.rows
        self.user = user
        counted = {row.row for row in parsed.rows} | {error.row for error in parsed.errors}
        self.report = EpisodeImportReport(
            rows=len(counted),
            dry_run=dry_run,
            errors=list(parsed.errors),
            error_count=parsed.error_count,
        )

    def error(self, row: EpisodeCsvRow, field_name: str, reason: str) -> None:
        self.report.error(row.row, field_name, reason)

    def look_up(self) -> None:
        """Everything the rows refer to, read once into dicts keyed by natural key."""
        self.series_ids = dict(
            _values_by_key(Series.objects, "slug", {r.series_slug for r in self.rows}, "slug", "id")
        )
        slugs = {slug for r in self.rows for slug in (*r.directors, *r.writers)}
        self.person_ids = dict(_values_by_key(Person.objects, "slug", slugs, "slug", "id"))
        self.season_ids = {
            (series_id, number): pk
            for series_id, number, pk in _values_by_key(
                Season.objects, "series_id", self.series_ids.values(), "series_id", "number", "id"
            )
        }
        # (season id, number) → (pk, *EPISODE_FIELDS): plain tuples, cheap to compare.
        self.episodes = {
            (season_id, number): values
            for season_id, number, *values in _values_by_key(
                Episode.objects,
                "season_id",
                self.season_ids.values(),
                "season_id",
                "number",
                "pk",
                *self.EPISODE_FIELDS,
            )
        }

    def check(self) -> list[tuple[EpisodeCsvRow, int]]:
        """Rows with their series id; records a row error for every unknown reference and
        every episode the file names twice."""
        seen: dict[tuple, int] = {}
        checked = []
        for row in self.rows:
            series_id = self.series_ids.get(row.series_slug)
            if series_id is None and row.series_slug:
                self.error(row, "series_slug", f'no series has the slug "{row.series_slug}"')
            for column in self.ROLES:
                for slug in getattr(row, column):
                    if slug not in self.person_ids:
                        self.error(row, column, f'no person has the slug "{slug}"')
            key = (row.series_slug, row.season_number, row.episode_number)
            if None in key or not row.series_slug:
                continue  # already reported by the parser
            if key in seen:
                self.error(
                    row,
                    "episode_number",
                    f"season {row.season_number} episode {row.episode_number} of "
                    f'"{row.series_slug}" is already on row {seen[key]}',
                )
            seen.setdefault(key, row.row)
            if series_id is not None:
                checked.append((row, series_id))
        columns = {name: index for index, name in enumerate(["", *EPISODE_COLUMNS])}
        self.report.errors.sort(key=lambda e: (e.row, columns[e.field]))
        return checked

    def run(self) -> EpisodeImportReport:
        """Checks, then writes; a dry run writes too, in a savepoint it rolls back, so the
        two refuse exactly the same files."""
        if not self.rows and not self.report.error_count:
            self.report.error(1, "", "the file has a header but no rows")
        self.look_up()
        checked = self.check()
        if not self.report.is_valid:
            return self.report
        plan = self.plan(checked)
        self.permissions_check()
        try:
            with transaction.atomic():
                self.write(plan)
                if self.report.dry_run:
                    transaction.set_rollback(True)
        except (DataError, IntegrityError) as error:
            # Rows were all checked; this is a concurrent edit or a rule the checks missed.
            self.report.error(0, "", f"the database refused the file: {error}")
        return self.report

    def permissions_check(self) -> None:
        """ImportPermissionError unless the user may make every kind of change planned."""
        report = self.report
        needed = {
            "catalog.add_season": report.seasons_created,
            "catalog.add_episode": report.episodes_created,
            "catalog.change_episode": report.episodes_updated,
            "catalog.add_credit": report.credits_created,
            "catalog.change_credit": report.credits_updated,
            "catalog.delete_credit": report.credits_deleted,
        }
        missing = [perm for perm, count in needed.items() if count and not self.user.has_perm(perm)]
        if missing:
            raise ImportPermissionError(
                "You lack the permission(s) this file needs: "
                + ", ".join(missing)
                + ". Nothing was written; ask an administrator, or import a file that "
                "makes only the changes you may make."
            )

    def plan(self, checked: list[tuple[EpisodeCsvRow, int]]) -> dict:
        """Which seasons, episodes and credits to create, update or delete; counts them."""
        new_seasons = sorted(
            {
                (series_id, row.season_number)
                for row, series_id in checked
                if (series_id, row.season_number) not in self.season_ids
            }
        )
        existing, changed, new = [], {}, []
        for row, series_id in checked:
            season_id = self.season_ids.get((series_id, row.season_number))
            current = self.episodes.get((season_id, row.episode_number))
            if current is None:
                new.append((row, series_id))
                continue
            pk, *values = current
            existing.append((row, pk))
            wanted = [getattr(row, name) for name in self.EPISODE_FIELDS]
            if wanted != values:
                changed[pk] = wanted
        have = self.credits_now([pk for _, pk in existing])
        credits_new, credits_moved, credits_gone = [], {}, []
        for row, episode_id in existing:
            wanted = self.credits_wanted(row)
            now = have.get(episode_id, {})
            for key, position in wanted.items():
                credit = now.get(key)
                if credit is None:
                    credits_new.append((episode_id, *key, position))
                elif credit[1] != position:
                    credits_moved[credit[0]] = position
            credits_gone.extend(pk for key, (pk, _) in now.items() if key not in wanted)

        report = self.report
        report.seasons_created = len(new_seasons)
        report.episodes_created = len(new)
        report.episodes_updated = len(changed)
        report.episodes_unchanged = len(existing) - len(changed)
        report.credits_created = len(credits_new) + sum(
            len(self.credits_wanted(row)) for row, _ in new
        )
        report.credits_updated = len(credits_moved)
        report.credits_deleted = len(credits_gone)
        return {
            "new_seasons": new_seasons,
            "changed": changed,
            "new": new,
            "credits_new": credits_new,
            "credits_moved": credits_moved,
            "credits_gone": credits_gone,
        }

    def credits_now(self, episode_ids: list[int]) -> dict[int, dict[tuple, tuple[int, int]]]:
        """Episode id → (role, person id) → (credit pk, position), for the director and
        writer credits these episodes have now."""
        credits: dict[int, dict[tuple, tuple[int, int]]] = defaultdict(dict)
        for episode_id, role, person_id, pk, position in _values_by_key(
            Credit.objects.filter(role__in=self.ROLES.values()),
            "episode_id",
            episode_ids,
            "episode_id",
            "role",
            "person_id",
            "pk",
            "position",
        ):
            credits[episode_id][(role, person_id)] = (pk, position)
        return credits

    def credits_wanted(self, row: EpisodeCsvRow) -> dict[tuple, int]:
        """(role, person id) → position, in the order the row lists them."""
        wanted: dict[tuple, int] = {}
        for column, role in self.ROLES.items():
            for position, slug in enumerate(getattr(row, column)):
                wanted.setdefault((role, self.person_ids[slug]), position)
        return wanted

    def write(self, plan: dict) -> None:
        content_changed()  # bulk writes send no signals
        now = timezone.now()
        history = {
            "batch_size": IMPORT_BATCH_SIZE,
            "default_user": self.user,
            "default_change_reason": "CSV import",
            "default_date": now,
        }
        seasons = bulk_create_with_history(
            [
                Season(series_id=series_id, number=number, status=PublishStatus.DRAFT)
                for series_id, number in plan["new_seasons"]
            ],
            Season,
            **history,
        )
        self.season_ids.update({(s.series_id, s.number): s.pk for s in seasons})
        # A batch at a time, so that memory holds one batch of instances and their history.
        for chunk in _in_chunks(plan["changed"], IMPORT_BATCH_SIZE):
            changed = list(Episode.objects.filter(pk__in=chunk))
            for episode in changed:
                values = plan["changed"][episode.pk]
                for name, value in zip(self.EPISODE_FIELDS, values, strict=True):
                    setattr(episode, name, value)
                episode.updated_at = now
            _bulk_update_with_history(changed, [*self.EPISODE_FIELDS, "updated_at"], history)
        for chunk in _in_chunks(plan["new"], IMPORT_BATCH_SIZE):
            created = bulk_create_with_history(
                [
                    Episode(
                        season_id=self.season_ids[(series_id, row.season_number)],
                        number=row.episode_number,
                        **{name: getattr(row, name) for name in self.EPISODE_FIELDS},
                    )
                    for row, series_id in chunk
                ],
                Episode,
                **history,
            )
            credits = [
                (episode.pk, role, person_id, position)
                for (row, _), episode in zip(chunk, created, strict=True)
                for (role, person_id), position in self.credits_wanted(row).items()
            ]
            self.credits_create(credits, history)
        self.credits_create(plan["credits_new"], history)
        for chunk in _in_chunks(plan["credits_moved"], IMPORT_BATCH_SIZE):
            moved = list(Credit.objects.filter(pk__in=chunk))
            for credit in moved:
                credit.position = plan["credits_moved"][credit.pk]
                credit.updated_at = now
            _bulk_update_with_history(moved, ["position", "updated_at"], history)
        _credits_delete_with_history(plan["credits_gone"], history)

    def credits_create(self, credits: list[tuple], history: dict) -> None:
        """Create (episode id, role, person id, position) credits, a batch at a time."""
        for chunk in _in_chunks(credits, IMPORT_BATCH_SIZE):
            bulk_create_with_history(
                [
                    Credit(episode_id=episode_id, role=role, person_id=person_id, position=position)
                    for episode_id, role, person_id, position in chunk
                ],
                Credit,
                **history,
            )


@transaction.atomic
def episodes_import(*, data: bytes, user, dry_run: bool = False) -> EpisodeImportReport:
    """Import episodes and their director and writer credits from CSV bytes; all or nothing.

    Upserts by (series slug, season number, episode number); a missing season of a known
    series is created as a draft. Nothing is written when any row is bad, or on a dry run
    (which writes and rolls back, so it refuses exactly what the import would).
    Raises CsvFileError when the file as a whole cannot be read, ImportPermissionError when
    the user may not make a kind of change the file asks for.
    """
    return _EpisodeImport(episode_rows_read(data), user=user, dry_run=dry_run).run()
