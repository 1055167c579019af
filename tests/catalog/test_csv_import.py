"""Episode CSV import and export: all or nothing, every bad row reported with its row
number, column and reason, clear errors for a file that cannot be read at all."""

import csv
import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.csv_io import EPISODE_COLUMNS, MAX_FILE_BYTES, CsvFileError, episode_rows_read
from catalog.factories import (
    CreditFactory,
    EpisodeFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    SeriesFactory,
)
from catalog.models import Credit, CreditRole, Episode, Person, PublishStatus, Season, Series
from catalog.services import episodes_import

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


def test_a_file_over_20_megabytes_is_refused():
    with pytest.raises(CsvFileError, match="the limit is 20 MB"):
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
