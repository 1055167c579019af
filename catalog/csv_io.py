"""The episode CSV format: reading it row by row with exact errors, and writing it back.

One row per episode, UTF-8 (a byte-order mark is allowed), a header row first:

    series_slug,season_number,episode_number,title,air_date,runtime_minutes,directors,writers,status

air_date is YYYY-MM-DD or blank; runtime_minutes a whole number or blank; directors and
writers are person slugs separated by semicolons; status is draft or published (blank is
draft). Rows are numbered as a spreadsheet shows them: the header is row 1.
Checks that need the database (does the series exist?) are the import service's.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from catalog.models import CreditRole, Episode, PublishStatus

EPISODE_COLUMNS = (
    "series_slug",
    "season_number",
    "episode_number",
    "title",
    "air_date",
    "runtime_minutes",
    "directors",
    "writers",
    "status",
)
MAX_FILE_BYTES = 20 * 1024 * 1024
SMALLINT_MAX = 32767
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
TITLE_MAX = Episode._meta.get_field("title").max_length


class CsvFileError(Exception):
    """The file as a whole cannot be read; the message says why, for an editor."""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    reason: str

    def __str__(self):
        return f"row {self.row}, {self.field or 'whole row'}: {self.reason}"


@dataclass
class EpisodeRow:
    row: int
    series_slug: str
    season_number: int | None
    episode_number: int | None
    title: str
    air_date: datetime.date | None
    runtime_minutes: int | None
    directors: list[str]
    writers: list[str]
    status: str


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into several files."
        )
    if not data.strip():
        raise CsvFileError("The file is empty.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            f"The file is not UTF-8 text (an invalid byte on line {line}). "
            "Save it as “CSV UTF-8” and upload it again."
        ) from error


def _header(header: list[str]) -> None:
    names = [name.strip() for name in header]
    missing = [name for name in EPISODE_COLUMNS if name not in names]
    unknown = [name for name in names if name not in EPISODE_COLUMNS]
    doubled = sorted({name for name in names if names.count(name) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if doubled:
        problems.append(f"repeated column(s): {', '.join(doubled)}")
    if problems:
        raise CsvFileError(
            "The header row does not match the episode format — "
            + "; ".join(problems)
            + f". Expected: {','.join(EPISODE_COLUMNS)}."
        )


class _RowParser:
    """Turns one record into an EpisodeRow, collecting an error per bad field."""

    def __init__(self, number: int, values: dict[str, str]):
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def fail(self, field: str, reason: str) -> None:
        self.errors.append(RowError(self.number, field, reason))

    def whole(self, field: str, lowest: int, required: bool) -> int | None:
        text = self.values[field]
        if not text:
            if required:
                self.fail(field, "is required")
            return None
        if not text.isascii() or not text.isdigit():
            self.fail(field, f'"{text}" is not a whole number')
            return None
        number = int(text)
        if not lowest <= number <= SMALLINT_MAX:
            self.fail(field, f"{number} is out of range ({lowest} to {SMALLINT_MAX})")
            return None
        return number

    def date(self, field: str) -> datetime.date | None:
        text = self.values[field]
        if not text:
            return None
        if ISO_DATE.fullmatch(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        self.fail(field, f'"{text}" is not a date in the form YYYY-MM-DD')
        return None

    def slugs(self, field: str) -> list[str]:
        slugs = [slug.strip() for slug in self.values[field].split(";") if slug.strip()]
        for slug in slugs:
            if not SLUG.fullmatch(slug):
                self.fail(field, f'"{slug}" is not a slug (letters, digits, - and _)')
        return list(dict.fromkeys(slug for slug in slugs if SLUG.fullmatch(slug)))

    def parse(self) -> EpisodeRow:
        """The row, with None for each field that failed (see self.errors)."""
        series_slug = self.values["series_slug"]
        if not series_slug:
            self.fail("series_slug", "is required")
        elif not SLUG.fullmatch(series_slug):
            self.fail("series_slug", f'"{series_slug}" is not a slug')
            series_slug = ""
        season_number = self.whole("season_number", 0, required=True)
        episode_number = self.whole("episode_number", 1, required=True)
        title = self.values["title"]
        if len(title) > TITLE_MAX:
            self.fail("title", f"is {len(title)} characters long; the limit is {TITLE_MAX}")
        air_date = self.date("air_date")
        runtime_minutes = self.whole("runtime_minutes", 1, required=False)
        directors = self.slugs("directors")
        writers = self.slugs("writers")
        status = self.values["status"].lower() or PublishStatus.DRAFT
        if status not in PublishStatus.values:
            self.fail("status", f'"{self.values["status"]}" is not draft or published')
        return EpisodeRow(
            row=self.number,
            series_slug=series_slug,
            season_number=season_number,
            episode_number=episode_number,
            title=title,
            air_date=air_date,
            runtime_minutes=runtime_minutes,
            directors=directors,
            writers=writers,
            status=status,
        )


def episode_rows_read(data: bytes) -> tuple[list[EpisodeRow], list[RowError]]:
    """Parse an episode CSV: every row (None where a value is bad), and an error for each
    bad value. A row with the wrong number of values is left out, with its error.

    Raises CsvFileError when the file itself is wrong (size, encoding, header, quoting).
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[EpisodeRow] = []
    errors: list[RowError] = []
    try:
        header = next(reader, None)
        if not header or not any(name.strip() for name in header):
            raise CsvFileError("The file has no header row.")
        _header(header)
        names = [name.strip() for name in header]
        for number, record in enumerate(reader, start=2):
            if not any(value.strip() for value in record):
                continue  # blank lines are ignored, as spreadsheets add them
            if len(record) != len(names):
                errors.append(
                    RowError(number, "", f"has {len(record)} values; the header has {len(names)}")
                )
                continue
            parser = _RowParser(
                number, {name: value.strip() for name, value in zip(names, record, strict=True)}
            )
            rows.append(parser.parse())
            errors.extend(parser.errors)
    except csv.Error as error:
        raise CsvFileError(
            f"The file is not valid CSV near line {reader.line_num}: {error}."
        ) from error
    return rows, errors


def episode_csv_records(episodes: Iterable[Episode]) -> Iterator[list[str]]:
    """The header, then one record per episode; episodes need season__series and credits
    (with person) loaded."""
    yield list(EPISODE_COLUMNS)
    for episode in episodes:
        credits = sorted(episode.credits.all(), key=lambda c: (c.position, c.person.slug))
        yield [
            episode.season.series.slug,
            str(episode.season.number),
            str(episode.number),
            episode.title,
            episode.air_date.isoformat() if episode.air_date else "",
            "" if episode.runtime_minutes is None else str(episode.runtime_minutes),
            ";".join(c.person.slug for c in credits if c.role == CreditRole.DIRECTOR),
            ";".join(c.person.slug for c in credits if c.role == CreditRole.WRITER),
            episode.status,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[list[str]]) -> Iterator[str]:
    """Each record as one CSV line, for a streaming response."""
    writer = csv.writer(_Echo())
    for record in records:
        yield writer.writerow(record)
