"""Writes that span records of the production record: publishing, and the episode import.

Every write here records history (django-simple-history) with the user who made it,
including the bulk ones, which go through simple-history's bulk helpers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.csv_io import EPISODE_COLUMNS, EpisodeRow, RowError, episode_rows_read
from catalog.models import Credit, CreditRole, Episode, Person, PublishStatus, Season, Series

# SQLite allows 32,766 variables in one statement; stay well below it.
IN_CHUNK = 2_000
BATCH_SIZE = 500


def _records_set_status(*, queryset: models.QuerySet, user, status: str, reason: str) -> int:
    records = list(queryset.exclude(status=status).select_related(None).order_by())
    if not records:
        return 0
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


@dataclass
class EpisodeImportReport:
    """What an import did, or for a dry run would do; `errors` lists every bad row."""

    rows: int = 0
    dry_run: bool = True
    errors: list[RowError] = field(default_factory=list)
    seasons_created: int = 0
    episodes_created: int = 0
    episodes_updated: int = 0
    episodes_unchanged: int = 0
    credits_created: int = 0
    credits_updated: int = 0
    credits_deleted: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.is_valid and not self.dry_run

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
        rows.extend(queryset.filter(**{f"{lookup}__in": chunk}).values_list(*fields))
    return rows


class _EpisodeImport:
    """Checks every row against the database, then writes them all or nothing."""

    EPISODE_FIELDS = ("title", "air_date", "runtime_minutes", "status")
    ROLES = {"directors": CreditRole.DIRECTOR, "writers": CreditRole.WRITER}

    def __init__(self, rows: list[EpisodeRow], errors: list[RowError], user, dry_run: bool):
        self.rows = rows
        self.user = user
        counted = {row.row for row in rows} | {error.row for error in errors}
        self.report = EpisodeImportReport(rows=len(counted), dry_run=dry_run, errors=list(errors))

    def error(self, row: EpisodeRow, field_name: str, reason: str) -> None:
        self.report.errors.append(RowError(row.row, field_name, reason))

    def look_up(self) -> None:
        """Everything the rows refer to, in a handful of queries."""
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
        self.episodes = {
            (episode.season_id, episode.number): episode
            for chunk in _in_chunks(self.season_ids.values())
            for episode in Episode.objects.filter(season_id__in=chunk).order_by()
        }

    def check(self) -> list[tuple[EpisodeRow, int]]:
        """Rows with their series id; records a row error for every unknown reference."""
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
        columns = ["", *EPISODE_COLUMNS]
        self.report.errors.sort(key=lambda e: (e.row, columns.index(e.field)))
        return checked

    def run(self) -> EpisodeImportReport:
        if not self.rows and not self.report.errors:
            self.report.errors.append(RowError(1, "", "the file has a header but no rows"))
        self.look_up()
        checked = self.check()
        if not self.report.is_valid:
            return self.report
        plan = self.plan(checked)
        if not self.report.dry_run:
            try:
                self.write(plan)
            except IntegrityError as error:  # a concurrent edit broke a constraint
                transaction.set_rollback(True)
                self.report.errors.append(RowError(0, "", f"the database refused it: {error}"))
        return self.report

    def plan(self, checked: list[tuple[EpisodeRow, int]]) -> dict:
        """Which seasons, episodes and credits to create, update or delete; counts them."""
        new_seasons = sorted(
            {
                (series_id, row.season_number)
                for row, series_id in checked
                if (series_id, row.season_number) not in self.season_ids
            }
        )
        existing, changed, new = [], [], []
        for row, series_id in checked:
            season_id = self.season_ids.get((series_id, row.season_number))
            episode = self.episodes.get((season_id, row.episode_number))
            if episode is None:
                new.append((row, series_id))
                continue
            existing.append((row, episode))
            values = {name: getattr(row, name) for name in self.EPISODE_FIELDS}
            if any(getattr(episode, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(episode, name, value)
                changed.append(episode)
        have = self.credits_now([episode.pk for _, episode in existing])
        credits_new, credits_moved, credits_gone = [], [], []
        for row, episode in existing:
            wanted = self.credits_wanted(row)
            for key, position in wanted.items():
                credit = have[episode.pk].get(key)
                if credit is None:
                    credits_new.append(
                        Credit(episode=episode, role=key[0], person_id=key[1], position=position)
                    )
                elif credit.position != position:
                    credit.position = position
                    credits_moved.append(credit)
            credits_gone.extend(c.pk for key, c in have[episode.pk].items() if key not in wanted)

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

    def credits_now(self, episode_ids: list[int]) -> dict[int, dict[tuple, Credit]]:
        """The director and writer credits these episodes have now, by (role, person id)."""
        credits: dict[int, dict[tuple, Credit]] = defaultdict(dict)
        for chunk in _in_chunks(episode_ids):
            for credit in Credit.objects.filter(
                episode_id__in=chunk, role__in=self.ROLES.values()
            ).order_by():
                credits[credit.episode_id][(credit.role, credit.person_id)] = credit
        return credits

    def credits_wanted(self, row: EpisodeRow) -> dict[tuple, int]:
        """(role, person id) → position, in the order the row lists them."""
        wanted: dict[tuple, int] = {}
        for column, role in self.ROLES.items():
            for position, slug in enumerate(getattr(row, column)):
                wanted.setdefault((role, self.person_ids[slug]), position)
        return wanted

    def write(self, plan: dict) -> None:
        now = timezone.now()
        history = {
            "batch_size": BATCH_SIZE,
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

        for episode in plan["changed"]:
            episode.updated_at = now
        bulk_update_with_history(
            plan["changed"], Episode, [*self.EPISODE_FIELDS, "updated_at"], **history
        )
        created = bulk_create_with_history(
            [
                Episode(
                    season_id=self.season_ids[(series_id, row.season_number)],
                    number=row.episode_number,
                    **{name: getattr(row, name) for name in self.EPISODE_FIELDS},
                )
                for row, series_id in plan["new"]
            ],
            Episode,
            **history,
        )
        credits_new = plan["credits_new"] + [
            Credit(episode=episode, role=role, person_id=person_id, position=position)
            for (row, _), episode in zip(plan["new"], created, strict=True)
            for (role, person_id), position in self.credits_wanted(row).items()
        ]
        bulk_create_with_history(credits_new, Credit, **history)
        bulk_update_with_history(plan["credits_moved"], Credit, ["position"], **history)
        for chunk in _in_chunks(plan["credits_gone"]):
            # One by one, through delete signals, so that each removal is in the history.
            Credit.objects.filter(pk__in=chunk).delete()


@transaction.atomic
def episodes_import(*, data: bytes, user, dry_run: bool = False) -> EpisodeImportReport:
    """Import episodes and their director and writer credits from CSV bytes; all or nothing.

    Upserts by (series slug, season number, episode number); a missing season of a known
    series is created as a draft. Nothing is written when any row is bad, or on a dry run.
    Raises CsvFileError when the file as a whole cannot be read.
    """
    rows, errors = episode_rows_read(data)
    return _EpisodeImport(rows, errors, user=user, dry_run=dry_run).run()
