"""The episode CSV format: reading it row by row with exact errors, and writing it back.

One row per episode, UTF-8 (a byte-order mark is allowed), a header row first:

    series_slug,season_number,episode_number,title,air_date,runtime_minutes,directors,writers,status

air_date is YYYY-MM-DD or blank; runtime_minutes a whole number or blank; directors and
writers are person slugs separated by semicolons; status is draft or published (blank is
draft). Rows are numbered as a spreadsheet shows them: the header is row 1.
Checks that need the database (does the series exist?) are the import service's.

A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
carriage return) is written with a leading apostrophe, as OWASP advises against CSV
injection; reading takes that apostrophe off again, so an export imports unchanged.
"""

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.text import Truncator

from catalog.models import CreditRole, Episode, Person, PublishStatus, Series
from catalog.numbers import MAX_NUMBER, parse_whole

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
# The largest file must import well inside a web request (30 s), dry run and real run
# alike. Measured in tests/catalog/test_csv_bench.py: about 800 rows a second with three
# credits each on SQLite, so 10,000 rows and 30,000 credits; 200,000 rows took 250 s.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CREDITS = 3 * MAX_ROWS
# A header is refused before it is compared, so a huge one costs nothing.
MAX_COLUMNS = 50
# Rows with problems are all counted; this many are listed.
MAX_ERRORS_LISTED = 1_000
MAX_PEOPLE_PER_CELL = 20
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# C0 and C1 control characters: PostgreSQL refuses NUL, and none belongs in a title.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A neutralised cell: apostrophes then a formula start. One apostrophe is ours.
NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
TITLE_MAX = Episode._meta.get_field("title").max_length
SERIES_SLUG_MAX = Series._meta.get_field("slug").max_length
PERSON_SLUG_MAX = Person._meta.get_field("slug").max_length


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
class EpisodeCsvRow:
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


def _quoted(text: str) -> str:
    """text for an error message: quoted, and cut short when long."""
    return f'"{_shortened(text)}"'


def _shortened(text: str) -> str:
    """text cut short after 40 characters, with "…"."""
    return Truncator(text).chars(41)


def _header(header: list[str]) -> list[str]:
    """The column names, or CsvFileError saying what is wrong with them (in linear time)."""
    if len(header) > MAX_COLUMNS:
        raise CsvFileError(
            f"The header row has {len(header):,} columns; the episode format has "
            f"{len(EPISODE_COLUMNS)}: {','.join(EPISODE_COLUMNS)}."
        )
    names = [name.strip() for name in header]
    present, expected = set(names), set(EPISODE_COLUMNS)
    missing = [name for name in EPISODE_COLUMNS if name not in present]
    unknown = [_shortened(name) for name in names if name not in expected]
    doubled = sorted(name for name, count in Counter(names).items() if count > 1)
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
    return names


def cell_read(value: str) -> str:
    """A cell as written: spaces trimmed, and the apostrophe of a neutralised formula off."""
    value = value.strip()
    return value[1:] if NEUTRALISED.match(value) else value


def cell_written(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (see cell_read)."""
    return "'" + value if value.startswith(FORMULA_START) or NEUTRALISED.match(value) else value


class _RowParser:
    """Turns one record into an EpisodeCsvRow, collecting an error per bad field."""

    def __init__(self, number: int, values: dict[str, str]):
        self.number = number
        self.values = values
        self.errors: list[RowError] = []
        for field, text in values.items():
            if control := CONTROL.search(text):
                self.fail(field, f"contains a control character (U+{ord(control[0]):04X})")
                values[field] = ""  # reported once; the other checks skip it

    def fail(self, field: str, reason: str) -> None:
        self.errors.append(RowError(self.number, field, reason))

    def text(self, field: str, limit: int) -> str:
        text = self.values[field]
        if len(text) > limit:
            self.fail(field, f"is {len(text):,} characters long; the limit is {limit}")
            return ""
        return text

    def whole(self, field: str, lowest: int, required: bool) -> int | None:
        text = self.values[field]
        if not text:
            if required and not self.failed(field):
                self.fail(field, "is required")
            return None
        if not text.isascii() or not text.isdigit():
            self.fail(field, f"{_quoted(text)} is not a whole number")
            return None
        number = parse_whole(text, lowest=lowest, highest=MAX_NUMBER)
        if number is None:
            self.fail(field, f"{_quoted(text)} is out of range ({lowest} to {MAX_NUMBER})")
        return number

    def failed(self, field: str) -> bool:
        return any(error.field == field for error in self.errors)

    def date(self, field: str) -> datetime.date | None:
        text = self.values[field]
        if not text:
            return None
        if ISO_DATE.fullmatch(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        self.fail(field, f"{_quoted(text)} is not a date in the form YYYY-MM-DD")
        return None

    def slugs(self, field: str) -> list[str]:
        slugs = [slug.strip() for slug in self.values[field].split(";") if slug.strip()]
        if len(slugs) > MAX_PEOPLE_PER_CELL:
            self.fail(field, f"names {len(slugs):,} people; the limit is {MAX_PEOPLE_PER_CELL}")
            return []
        good = []
        for slug in slugs:
            if not SLUG.fullmatch(slug):
                self.fail(field, f"{_quoted(slug)} is not a slug (letters, digits, - and _)")
            elif len(slug) > PERSON_SLUG_MAX:
                self.fail(field, f"{_quoted(slug)} is longer than {PERSON_SLUG_MAX} characters")
            else:
                good.append(slug)
        return list(dict.fromkeys(good))

    def parse(self) -> EpisodeCsvRow:
        """The row, with None for each field that failed (see self.errors)."""
        series_slug = self.text("series_slug", SERIES_SLUG_MAX)
        if not series_slug:
            if not self.failed("series_slug"):
                self.fail("series_slug", "is required")
        elif not SLUG.fullmatch(series_slug):
            self.fail("series_slug", f"{_quoted(series_slug)} is not a slug")
            series_slug = ""
        season_number = self.whole("season_number", 0, required=True)
        episode_number = self.whole("episode_number", 1, required=True)
        title = self.text("title", TITLE_MAX)
        air_date = self.date("air_date")
        runtime_minutes = self.whole("runtime_minutes", 1, required=False)
        directors = self.slugs("directors")
        writers = self.slugs("writers")
        status = self.values["status"].lower() or PublishStatus.DRAFT
        if status not in PublishStatus.values and not self.failed("status"):
            self.fail("status", f"{_quoted(self.values['status'])} is not draft or published")
        return EpisodeCsvRow(
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


@dataclass
class EpisodeFile:
    """A parsed file: every row (None where a value is bad), the first MAX_ERRORS_LISTED
    errors in row order, and how many errors there are in all."""

    rows: list[EpisodeCsvRow]
    errors: list[RowError]
    error_count: int


def episode_rows_read(data: bytes) -> EpisodeFile:
    """Parse an episode CSV, with an error for each bad value. A row with the wrong number
    of values is left out, with its error.

    Raises CsvFileError when the file itself is wrong (size, encoding, header, quoting,
    too many rows or credits).
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = EpisodeFile(rows=[], errors=[], error_count=0)

    def add(errors: list[RowError]) -> None:
        parsed.error_count += len(errors)
        parsed.errors.extend(errors[: MAX_ERRORS_LISTED - len(parsed.errors)])

    try:
        header = next(reader, None)
        if not header or not any(name.strip() for name in header):
            raise CsvFileError("The file has no header row.")
        names = _header(header)
        records = credits = 0
        for number, record in enumerate(reader, start=2):
            if not any(value.strip() for value in record):
                continue  # blank lines are ignored, as spreadsheets add them
            records += 1
            if records > MAX_ROWS:
                raise CsvFileError(
                    f"The file has more than {MAX_ROWS:,} rows, the most one import takes. "
                    "Split it into several files."
                )
            if len(record) != len(names):
                message = f"has {len(record):,} values; the header has {len(names)}"
                add([RowError(number, "", message)])
                continue
            values = {name: cell_read(value) for name, value in zip(names, record, strict=True)}
            parser = _RowParser(number, values)
            row = parser.parse()
            credits += len(row.directors) + len(row.writers)
            if credits > MAX_CREDITS:
                raise CsvFileError(
                    f"The file names more than {MAX_CREDITS:,} directors and writers in all, "
                    "the most one import takes. Split it into several files."
                )
            parsed.rows.append(row)
            add(parser.errors)
    except csv.Error as error:
        raise CsvFileError(
            f"The file is not valid CSV near line {reader.line_num}: {error}."
        ) from error
    return parsed


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
    """Each record as one CSV line, for a streaming response; formula cells neutralised."""
    writer = csv.writer(_Echo())
    for record in records:
        yield writer.writerow([cell_written(cell) for cell in record])
