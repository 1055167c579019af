"""Episode CSV import and export: all or nothing, every bad row reported with its row
number, column and reason, clear errors for a file that cannot be read at all; the dry run
refuses exactly what the import refuses; the import needs a permission per kind of change;
exported formula cells are neutralised and read back unchanged."""

import csv
import datetime
import io
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from catalog import csv_io
from catalog.csv_io import (
    EPISODE_COLUMNS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    CsvFileError,
    cell_read,
    cell_written,
    episode_rows_read,
)
from catalog.factories import (
    CreditFactory,
    EpisodeFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    SeriesFactory,
)
from catalog.models import Credit, CreditRole, Episode, Person, PublishStatus, Season, Series
from catalog.numbers import MAX_NUMBER
from catalog.services import ImportPermissionError, episodes_import

pytestmark = pytest.mark.django_db

HEADER = ",".join(EPISODE_COLUMNS)


@pytest.fixture
def bosch():
    series = SeriesFactory(slug="bosch", title="Bosch")
    SeasonFactory(series=series, number=1)
    PersonFactory(slug="jim-mckay")
    PersonFactory(slug="eric-overmyer")
    PersonFactory(slug="michael-connelly")
    return series


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def counts() -> tuple[int, int, int]:
    return Season.objects.count(), Episode.objects.count(), Credit.objects.count()


# Valid files


def test_a_valid_file_creates_episodes_credits_and_missing_seasons(bosch, editor):
    data = csv_bytes(
        "bosch,1,1,Chapter One: 'Tis the Season,2014-02-06,51,jim-mckay,"
        "eric-overmyer;michael-connelly,published",
        "bosch,2,1,,,,,,",
    )
    report = episodes_import(data=data, user=editor)
    assert report.written and report.errors == []
    assert (report.episodes_created, report.seasons_created, report.credits_created) == (2, 1, 3)

    first = Episode.objects.get(season__series=bosch, season__number=1, number=1)
    assert first.title == "Chapter One: 'Tis the Season"
    assert first.air_date == datetime.date(2014, 2, 6)
    assert (first.runtime_minutes, first.status) == (51, PublishStatus.PUBLISHED)
    credits = {(c.role, c.person.slug, c.position) for c in first.credits.all()}
    assert credits == {
        (CreditRole.DIRECTOR, "jim-mckay", 0),
        (CreditRole.WRITER, "eric-overmyer", 0),
        (CreditRole.WRITER, "michael-connelly", 1),
    }
    new_season = Season.objects.get(series=bosch, number=2)
    assert new_season.status == PublishStatus.DRAFT
    blank = new_season.episodes.get()
    assert (blank.title, blank.air_date, blank.status) == ("", None, PublishStatus.DRAFT)
    assert first.history.get().history_user == editor
    assert first.credits.first().history.get().history_change_reason == "CSV import"


def test_a_second_import_updates_by_series_season_and_number(bosch, editor):
    episode = EpisodeFactory(season=bosch.seasons.get(), number=1, title="Old", air_date=None)
    CreditFactory(episode=episode, person=Person.objects.get(slug="jim-mckay"))
    keep = EpisodeFactory(season=bosch.seasons.get(), number=2, title="Kept")
    before = keep.history.count()
    report = episodes_import(
        data=csv_bytes(
            "bosch,1,1,New,2014-02-06,,,michael-connelly,draft",
            f"bosch,1,2,Kept,{keep.air_date},{keep.runtime_minutes},,,published",
        ),
        user=editor,
    )
    assert (report.episodes_created, report.episodes_updated, report.episodes_unchanged) == (
        0,
        1,
        1,
    )
    assert (report.credits_created, report.credits_deleted) == (1, 1)
    episode.refresh_from_db()
    assert (episode.title, episode.status) == ("New", PublishStatus.DRAFT)
    assert [(c.role, c.person.slug) for c in episode.credits.all()] == [
        (CreditRole.WRITER, "michael-connelly")
    ]
    assert keep.history.count() == before  # an unchanged row writes nothing
    assert Episode.objects.count() == 2


def test_a_dry_run_reports_and_writes_nothing(bosch, editor):
    before = counts()
    report = episodes_import(
        data=csv_bytes("bosch,1,1,Pilot,2014-02-06,51,jim-mckay,,published"),
        user=editor,
        dry_run=True,
    )
    assert report.is_valid and not report.written
    assert (report.episodes_created, report.credits_created) == (1, 1)
    assert counts() == before


def test_a_byte_order_mark_and_blank_lines_are_fine(bosch, editor):
    data = b"\xef\xbb\xbf" + csv_bytes("bosch,1,1,Pilot,,,,,", "", "bosch,1,2,Two,,,,,")
    assert episodes_import(data=data, user=editor).episodes_created == 2


# Bad rows


def test_every_bad_row_is_reported_and_nothing_is_written(bosch, editor):
    before = counts()
    report = episodes_import(
        data=csv_bytes(
            "bosch,1,1,Fine,2014-02-06,51,jim-mckay,,published",
            "nosuchshow,1,1,,,,,,",
            "bosch,one,0,,2014-02-30,-5,,,",
            "bosch,1,2,,,,nobody,jim-mckay;ghost,",
            "bosch,1,1,Again,,,,,",
            "bosch,1,3,,,,,,secret",
            "bosch,1,4",
            "nowhere,0,1,,2014-13-01,,ghost,,",
            "bosch,0,1,Special,,,,,",
            "bosch,0,1,Special again,,,,,",
        ),
        user=editor,
    )
    assert not report.is_valid and not report.written
    assert counts() == before
    assert report.rows == 10
    found = {(e.row, e.field) for e in report.errors}
    assert found == {
        (3, "series_slug"),
        (4, "season_number"),
        (4, "episode_number"),
        (4, "air_date"),
        (4, "runtime_minutes"),
        (5, "directors"),
        (5, "writers"),
        (6, "episode_number"),
        (7, "status"),
        (8, ""),
        (9, "series_slug"),
        (9, "air_date"),
        (9, "directors"),
        (11, "episode_number"),
    }
    assert [e.row for e in report.errors] == sorted(e.row for e in report.errors)
    reasons = {(e.row, e.field): e.reason for e in report.errors}
    assert reasons[(3, "series_slug")] == 'no series has the slug "nosuchshow"'
    assert reasons[(4, "air_date")] == '"2014-02-30" is not a date in the form YYYY-MM-DD'
    assert reasons[(5, "writers")] == 'no person has the slug "ghost"'
    assert "already on row 2" in reasons[(6, "episode_number")]
    assert reasons[(8, "")] == "has 3 values; the header has 9"


def test_a_file_with_only_a_header_is_an_error(editor):
    report = episodes_import(data=HEADER.encode(), user=editor)
    assert not report.is_valid


# Files that cannot be read


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n", "The file is empty."),
        (
            HEADER.encode() + b"\nbosch,1,1,Caf\xe9,,,,,",
            "not UTF-8 text (an invalid byte on line 2)",
        ),
        (
            b"series_slug,season_number,title\nbosch,1,Pilot",
            "missing column(s): episode_number, air_date, runtime_minutes, directors, "
            "writers, status",
        ),
        (HEADER.encode() + b",rating\n", "unknown column(s): rating"),
        (HEADER.encode() + b",title\n", "repeated column(s): title"),
        (HEADER.encode() + b'\nbosch,1,1,"unterminated,,,,,\n', "not valid CSV"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error(data, message):
    with pytest.raises(CsvFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        episode_rows_read(data)


def test_a_file_over_the_byte_limit_is_refused():
    with pytest.raises(CsvFileError, match=f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB"):
        episode_rows_read(HEADER.encode() + b"\n" + b"x" * MAX_FILE_BYTES)


# The admin pages


def upload(client, data: bytes, dry_run: bool):
    form = {"file": SimpleUploadedFile("episodes.csv", data, content_type="text/csv")}
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("admin:catalog_episode_import"), form)


def test_the_changelist_offers_import_and_export(editor_client):
    page = editor_client.get(reverse("admin:catalog_episode_changelist")).content.decode()
    assert reverse("admin:catalog_episode_import") in page
    assert reverse("admin:catalog_episode_export") in page


def test_the_import_page_previews_bad_rows(editor_client, bosch):
    assert editor_client.get(reverse("admin:catalog_episode_import")).status_code == 200
    response = upload(editor_client, csv_bytes("bosch,1,1,,,,,,", "bosch,1,x,,,,,,"), dry_run=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was written" in page
    assert "<td>3</td><td>episode_number</td><td>&quot;x&quot; is not a whole number</td>" in page
    assert Episode.objects.count() == 0


def test_the_import_page_dry_run_then_import(editor_client, bosch):
    data = csv_bytes("bosch,1,1,Pilot,,,jim-mckay,,")
    response = upload(editor_client, data, dry_run=True)
    assert response.status_code == 200
    assert "1 episodes would be created" in response.content.decode()
    assert Episode.objects.count() == 0
    response = upload(editor_client, data, dry_run=False)
    assert response.status_code == 302
    assert Episode.objects.get().title == "Pilot"


def test_the_import_page_explains_an_unreadable_file(editor_client):
    response = upload(editor_client, b"\xff\xfe" + HEADER.encode("utf-16-le"), dry_run=False)
    assert response.status_code == 200
    assert "not UTF-8 text" in response.content.decode()


def test_only_editors_may_import(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:catalog_episode_import")).status_code == 403


def read_csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_export_writes_the_import_format_and_reimports_unchanged(editor_client, bosch, editor):
    episodes_import(
        data=csv_bytes(
            "bosch,1,1,Pilot,2014-02-06,51,jim-mckay,michael-connelly;eric-overmyer,published",
            'bosch,1,2,"Comma, and ""quotes""",,,,,draft',
        ),
        user=editor,
    )
    EpisodeFactory()  # another series: filtered out below
    response = editor_client.get(reverse("admin:catalog_episode_export") + "?series=bosch")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows == [
        {
            "series_slug": "bosch",
            "season_number": "1",
            "episode_number": "1",
            "title": "Pilot",
            "air_date": "2014-02-06",
            "runtime_minutes": "51",
            "directors": "jim-mckay",
            "writers": "michael-connelly;eric-overmyer",
            "status": "published",
        },
        {
            "series_slug": "bosch",
            "season_number": "1",
            "episode_number": "2",
            "title": 'Comma, and "quotes"',
            "air_date": "",
            "runtime_minutes": "",
            "directors": "",
            "writers": "",
            "status": "draft",
        },
    ]
    exported = b"".join(
        editor_client.get(
            reverse("admin:catalog_episode_export") + "?series=bosch"
        ).streaming_content
    )
    report = episodes_import(data=exported, user=editor)
    assert (report.episodes_unchanged, report.episodes_updated, report.credits_created) == (2, 0, 0)


def test_export_selected_action(editor_client):
    wanted, _other = EpisodeFactory(title="Wanted"), EpisodeFactory(title="Other")
    response = editor_client.post(
        reverse("admin:catalog_episode_changelist"),
        {"action": "export_selected_episodes", "_selected_action": [wanted.pk]},
    )
    assert [row["title"] for row in read_csv(response)] == ["Wanted"]


# Scale


@pytest.mark.bench
def test_ten_thousand_episodes_import_in_under_30_seconds(editor):
    """Guards the bulk path: lookups are prefetched and writes batched, never per row."""
    network = NetworkFactory()
    Series.objects.bulk_create(
        Series(title=f"S{i}", slug=f"show-{i}", network=network) for i in range(100)
    )
    Person.objects.bulk_create(Person(name=f"P{i}", slug=f"person-{i}") for i in range(300))
    rows = [
        f"show-{n // 100},{n // 10 % 10 + 1},{n % 10 + 1},Title {n},2020-01-{n % 28 + 1:02},50,"
        f"person-{n % 300},person-{(n + 1) % 300};person-{(n + 2) % 300},published"
        for n in range(10_000)
    ]
    started = time.perf_counter()
    report = episodes_import(data=csv_bytes(*rows), user=editor)
    seconds = time.perf_counter() - started
    assert report.written, report.errors[:5]
    assert (Episode.objects.count(), Credit.objects.count()) == (10_000, 30_000)
    assert seconds < 30, f"{seconds:.1f} s"


# Hostile rows: the dry run and the import give the same refusal, and never a 500

HOSTILE_ROWS = {
    "NUL byte": ("bosch,1,1,Pi\x00lot,,,,,", (2, "title")),
    "escape character": ("bosch,1,1,\x1b[31mRed,,,,,", (2, "title")),
    "C1 control": ("bosch,1,1,Next\x85Line,,,,,", (2, "title")),
    "NUL in a slug": ("bosch,1,1,,,,jim-\x00mckay,,", (2, "directors")),
    "title too long": ("bosch,1,1," + "t" * 301 + ",,,,,", (2, "title")),
    "series slug too long": ("b" * 201 + ",1,1,,,,,,", (2, "series_slug")),
    "person slug too long": ("bosch,1,1,,,," + "p" * 201 + ",,", (2, "directors")),
    "too many people": ("bosch,1,1,,,," + ";".join(["jim-mckay"] * 51) + ",,", (2, "directors")),
    "season past the limit": (f"bosch,{MAX_NUMBER + 1},1,,,,,,", (2, "season_number")),
    "episode past the limit": (f"bosch,1,{MAX_NUMBER + 1},,,,,,", (2, "episode_number")),
    "5,000 digits": ("bosch,1," + "9" * 5000 + ",,,,,,", (2, "episode_number")),
    "not ASCII digits": ("bosch,1,١,,,,,,", (2, "episode_number")),
    "runtime past the limit": (f"bosch,1,1,,,{MAX_NUMBER + 1},,,", (2, "runtime_minutes")),
    "same episode twice": ("bosch,1,1,A,,,,,\nbosch,1,1,B,,,,,", (3, "episode_number")),
}


@pytest.mark.parametrize("kind", HOSTILE_ROWS)
def test_the_dry_run_refuses_what_the_import_refuses(bosch, editor, kind):
    row, where = HOSTILE_ROWS[kind]
    before = counts()
    dry = episodes_import(data=csv_bytes(row), user=editor, dry_run=True)
    real = episodes_import(data=csv_bytes(row), user=editor, dry_run=False)
    assert not dry.is_valid and not real.written
    assert dry.errors == real.errors
    assert where in {(e.row, e.field) for e in real.errors}
    assert counts() == before


@pytest.mark.parametrize(
    "data",
    [
        HEADER.encode() + b"\nbosch,1,1,\xed\xa0\x80,,,,,",  # a surrogate, encoded
        HEADER.encode() + b"\nbosch,1,1,\xc3,,,,,",  # a cut-off character
    ],
)
def test_invalid_utf8_is_refused_by_dry_run_and_import_alike(bosch, editor, data):
    for dry_run in (True, False):
        with pytest.raises(CsvFileError, match="not UTF-8 text"):
            episodes_import(data=data, user=editor, dry_run=dry_run)
    assert Episode.objects.count() == 0


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_nul_byte_is_a_row_error_on_the_page_not_a_500(bosch, editor, dry_run):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = upload(client, csv_bytes("bosch,1,1,Pi\x00lot,,,,,"), dry_run=dry_run)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>2</td><td>title</td><td>contains a control character (U+0000)</td>" in page
    assert Episode.objects.count() == 0


def test_a_dry_run_writes_and_rolls_back(bosch, editor):
    """The dry run goes through the real writes, so it meets every database rule."""
    before = counts()
    report = episodes_import(
        data=csv_bytes("bosch,2,1,Pilot,,,jim-mckay,,"), user=editor, dry_run=True
    )
    assert report.is_valid and not report.written
    assert (report.seasons_created, report.episodes_created, report.credits_created) == (1, 1, 1)
    assert counts() == before
    assert Episode.history.count() == 0


def test_a_database_refusal_is_reported_and_rolls_everything_back(bosch, editor, monkeypatch):
    """Should the database refuse the last write (a concurrent edit), nothing stays."""
    from catalog import services

    real_bulk_create = services.bulk_create_with_history

    def refuse_credits(objs, model, **kwargs):
        if model is Credit:
            raise IntegrityError("credit_unique_per_episode_role")
        return real_bulk_create(objs, model, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", refuse_credits)
    before = counts()
    report = episodes_import(data=csv_bytes("bosch,2,1,Pilot,,,jim-mckay,,"), user=editor)
    assert not report.written
    assert report.errors[0].row == 0
    assert "the database refused the file: credit_unique_per_episode_role" in str(report.errors[0])
    assert counts() == before


def test_a_bad_last_row_writes_nothing(bosch, editor):
    rows = [f"bosch,1,{n},Title {n},,,jim-mckay,,published" for n in range(1, 2_000)]
    rows.append("bosch,1,2000,Last,,,ghost,,")
    report = episodes_import(data=csv_bytes(*rows), user=editor)
    assert not report.written
    assert [(e.row, e.field) for e in report.errors] == [(2_001, "directors")]
    assert counts() == (1, 0, 0)


def test_only_the_first_errors_are_listed_but_all_are_counted(bosch, editor):
    rows = [f"bosch,1,{n},,2014-02-30,,,," for n in range(1, 1_502)]
    report = episodes_import(data=csv_bytes(*rows), user=editor, dry_run=True)
    assert report.error_count == 1_501
    assert len(report.errors) == csv_io.MAX_ERRORS_LISTED
    assert report.errors_unlisted == 501


# Limits of the file


def test_a_45000_column_header_is_refused_at_once():
    header = ",".join(f"c{n}" for n in range(45_000))
    with pytest.raises(CsvFileError, match="The header row has 45,000 columns"):
        episode_rows_read(csv_bytes("bosch,1,1,,,,,,", header=header))


def test_a_header_at_the_column_limit_is_still_compared():
    header = HEADER + "".join(f",extra{n}" for n in range(MAX_COLUMNS - len(EPISODE_COLUMNS)))
    with pytest.raises(CsvFileError, match="unknown column"):
        episode_rows_read(csv_bytes(header=header))


def test_a_file_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_ROWS", 3)
    episode_rows_read(csv_bytes(*["bosch,1,1,,,,,,"] * 3, "", ""))  # blank lines do not count
    with pytest.raises(CsvFileError, match="more than 3 rows"):
        episode_rows_read(csv_bytes(*["bosch,1,1,,,,,,"] * 4))


def test_a_file_naming_too_many_people_in_all_is_refused(monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_CREDITS", 4)
    episode_rows_read(csv_bytes("bosch,1,1,,,,a;b,c,", "bosch,1,2,,,,d,,"))
    with pytest.raises(CsvFileError, match="more than 4 directors and writers"):
        episode_rows_read(csv_bytes("bosch,1,1,,,,a;b,c,", "bosch,1,2,,,,d,e,"))


def test_a_cell_naming_too_many_people_is_a_row_error():
    people = ";".join(f"p{n}" for n in range(csv_io.MAX_PEOPLE_PER_CELL + 1))
    parsed = episode_rows_read(csv_bytes(f"bosch,1,1,,,,{people},,"))
    assert [(e.row, e.field) for e in parsed.errors] == [(2, "directors")]
    assert f"the limit is {csv_io.MAX_PEOPLE_PER_CELL}" in parsed.errors[0].reason


def test_the_form_states_the_limits(editor_client):
    page = editor_client.get(reverse("admin:catalog_episode_import")).content.decode()
    words = " ".join(page.split())
    limits = (
        f"At most {MAX_FILE_BYTES // 1024 // 1024} MB, {csv_io.MAX_ROWS:,} rows and "
        f"{csv_io.MAX_CREDITS:,} directors and writers in all"
    )
    assert limits in words


# Permissions, per kind of change


@pytest.fixture
def episode_clerk(django_user_model):
    """A staff user who may add, change and view episodes, and nothing else."""
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="catalog",
            codename__in=["add_episode", "change_episode", "view_episode"],
        )
    )
    return user


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_needs_permission_for_every_kind_of_change(bosch, episode_clerk, dry_run):
    before = counts()
    with pytest.raises(ImportPermissionError) as refusal:
        episodes_import(
            data=csv_bytes("bosch,2,1,Pilot,,,jim-mckay,,"), user=episode_clerk, dry_run=dry_run
        )
    message = str(refusal.value)
    assert "catalog.add_season, catalog.add_credit" in message
    assert "catalog.add_episode" not in message
    assert counts() == before


def test_removing_credits_needs_the_delete_permission(bosch, episode_clerk):
    episode = EpisodeFactory(season=bosch.seasons.get(), number=1, title="Pilot")
    CreditFactory(episode=episode, person=Person.objects.get(slug="jim-mckay"))
    with pytest.raises(ImportPermissionError, match=r"catalog\.delete_credit\."):
        episodes_import(data=csv_bytes("bosch,1,1,Pilot,,,,,"), user=episode_clerk)
    assert episode.credits.count() == 1


def test_episode_permissions_suffice_for_episodes_alone(bosch, episode_clerk):
    report = episodes_import(data=csv_bytes("bosch,1,1,Pilot,,,,,"), user=episode_clerk)
    assert report.written and Episode.objects.get().history.get().history_user == episode_clerk


def test_the_import_page_lists_the_missing_permissions(client, bosch, episode_clerk):
    client.force_login(episode_clerk)
    response = upload(client, csv_bytes("bosch,2,1,Pilot,,,jim-mckay,,"), dry_run=False)
    assert response.status_code == 200
    assert "catalog.add_season, catalog.add_credit" in response.content.decode()
    assert counts() == (1, 0, 0)


# Formula cells (OWASP CSV injection)

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "'=already quoted", "'Tis"]
# As a spreadsheet must see them: the formulas with an apostrophe, the rest as they are.
FORMULAS_WRITTEN = [
    '\'=HYPERLINK("http://x")',
    "'+1+1",
    "'-2",
    "'@SUM(A1)",
    "''=already quoted",
    "'Tis",
]


def test_cells_that_start_a_formula_are_neutralised():
    assert [cell_written(text) for text in [*FORMULAS, "\tx", "\rx", "Plain"]] == [
        *FORMULAS_WRITTEN,
        "'\tx",
        "'\rx",
        "Plain",
    ]
    assert [cell_read(cell_written(text)) for text in FORMULAS] == FORMULAS


def test_export_neutralises_formulas_and_reimports_them_unchanged(editor_client, bosch, editor):
    season = bosch.seasons.get()
    for number, title in enumerate(FORMULAS, start=1):
        EpisodeFactory(season=season, number=number, title=title)
    response = editor_client.get(reverse("admin:catalog_episode_export") + "?series=bosch")
    exported = b"".join(response.streaming_content)
    titles = [row["title"] for row in csv.DictReader(io.StringIO(exported.decode()))]
    assert titles == FORMULAS_WRITTEN
    report = episodes_import(data=exported, user=editor)
    assert report.written and report.episodes_unchanged == len(FORMULAS)
    assert list(season.episodes.order_by("number").values_list("title", flat=True)) == FORMULAS


# History and query count


def test_updates_and_removals_are_in_the_history(bosch, editor):
    episode = EpisodeFactory(season=bosch.seasons.get(), number=1, title="Old")
    people = {p.slug: p for p in Person.objects.all()}
    gone = CreditFactory(episode=episode, person=people["jim-mckay"], role=CreditRole.DIRECTOR)
    moved = CreditFactory(
        episode=episode, person=people["eric-overmyer"], role=CreditRole.WRITER, position=0
    )
    episodes_import(data=csv_bytes("bosch,1,1,New,,,,michael-connelly;eric-overmyer,"), user=editor)
    latest = episode.history.latest()
    assert (latest.history_type, latest.title, latest.history_user) == ("~", "New", editor)
    assert latest.created_at == episode.created_at  # the row keeps its creation time
    assert Credit.history.filter(id=gone.pk).latest().history_type == "-"
    assert not Credit.objects.filter(pk=gone.pk).exists()
    moved_history = Credit.history.filter(id=moved.pk).latest()
    assert (moved_history.history_type, moved_history.position) == ("~", 1)
    episode.refresh_from_db()
    assert episode.created_at == latest.created_at


def numbered_rows(count: int, version: int) -> list[str]:
    """count rows over 10 series; version 2 changes every title, replaces the director and
    swaps the two writers."""
    rows = []
    for n in range(count):
        writers = [f"person-{n % 20}", f"person-{(n + 5) % 20}"]
        rows.append(
            f"show-{n % 10},{n // 1000 + 1},{n // 10 % 100 + 1},Title {version} {n},,,"
            f"person-{(n + version) % 20},{';'.join(writers[:: 1 if version == 1 else -1])},"
        )
    return rows


QUERY_BOUND = 30


@pytest.mark.parametrize("count", [200, 2_000])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    editor, django_assert_max_num_queries, count
):
    """Guards the bulk path: lookups read once, writes batched, never a query per row —
    creating, then changing every episode and moving and removing credits."""
    network = NetworkFactory()
    Series.objects.bulk_create(
        Series(title=f"S{i}", slug=f"show-{i}", network=network) for i in range(10)
    )
    Person.objects.bulk_create(Person(name=f"P{i}", slug=f"person-{i}") for i in range(20))
    for version in (1, 2):
        with django_assert_max_num_queries(QUERY_BOUND):
            report = episodes_import(data=csv_bytes(*numbered_rows(count, version)), user=editor)
        assert report.written, report.errors[:3]
    assert report.episodes_updated == count
    assert report.credits_deleted and report.credits_updated and report.credits_created
    assert Episode.objects.count() == count
