"""backup and restore: a round trip into an emptied database gives back every row and page."""

import gzip
import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.urls import reverse

from catalog.models import Citation, Person, Series
from catalog.services import records_publish, records_unpublish
from franchise.services import editors_group_ensure, universe_load
from tests.conftest import editor_make, seed_present

pytestmark = pytest.mark.django_db

SERIES = ["bosch", "bosch-legacy", "ballard", "the-lincoln-lawyer"]


@pytest.fixture(autouse=True)
def forget_content_type_ids():
    """The emptied database gives content types new ids; later tests must not see them."""
    yield
    ContentType.objects.clear_cache()


def site_make(editor) -> None:
    """Besides the seed: users (an editor, an admin), a second group, edits with history, an
    admin log."""
    admin = User.objects.create_superuser("admin", "admin@example.org", "admin-pw-for-tests")
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.set(Permission.objects.filter(codename__in=["view_series", "view_claim"]))
    editor.groups.add(reviewers)
    person = Person.objects.get(slug="madison-lintz")
    records_unpublish(queryset=Person.objects.filter(pk=person.pk), user=editor)
    records_publish(queryset=Person.objects.filter(pk=person.pk), user=admin)
    bosch = Series.objects.get(slug="bosch")
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Series),
        object_id=str(bosch.pk),
        object_repr=str(bosch),
        action_flag=CHANGE,
        change_message="Changed note.",
    )


@pytest.fixture
def site(seeded, editor):
    site_make(editor)


@pytest.fixture(scope="module")
def site_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """A backup of the site, made once for the tests that only read or alter a copy of it,
    in a transaction then rolled back."""
    path = tmp_path_factory.mktemp("backup") / "site.jsonl"
    with django_db_blocker.unblock(), transaction.atomic():
        if not seed_present():  # a transactional test flushed the database
            universe_load()
        site_make(editor_make())
        backup(path)
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return path


def public_urls(client) -> list[str]:
    urls = [
        reverse("catalog:home"),
        reverse("catalog:series_list"),
        *(reverse("catalog:series_detail", kwargs={"slug": slug}) for slug in SERIES),
        reverse("catalog:season_detail", kwargs={"slug": "bosch", "number": 1}),
        reverse("catalog:episode_detail", kwargs={"slug": "bosch", "number": 1, "episode": 1}),
        reverse("catalog:person_detail", kwargs={"slug": "titus-welliver"}),
        reverse("catalog:person_detail", kwargs={"slug": "madison-lintz"}),
        reverse("franchise:character_detail", kwargs={"slug": "harry-bosch"}),
        reverse("franchise:universe_detail", kwargs={"slug": "bosch-universe"}),
        reverse("franchise:watch_order", kwargs={"slug": "bosch-universe"}),
        reverse("franchise:graph", kwargs={"slug": "bosch-universe"}),
        reverse("franchise:connections") + "?from=ballard&to=the-lincoln-lawyer",
        reverse("franchise:search") + "?q=bosch",
        reverse("sitemap"),
    ]
    index = client.get(reverse("sitemap")).content.decode()
    urls += [
        loc.removeprefix("http://testserver") for loc in re.findall(r"<loc>(.*?)</loc>", index)
    ]
    return urls


def pages(client) -> dict[str, bytes]:
    """Every public page's bytes (none carries a CSRF token or a time of rendering)."""
    cache.clear()
    rendered = {}
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        rendered[url] = response.content
    return rendered


def row_counts() -> dict[str, int]:
    """Rows in every table, many-to-many and history tables included."""
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def citations() -> list[tuple]:
    return sorted(
        (c.content_type.natural_key(), c.object_id, c.source_id, c.fact)
        for c in Citation.objects.select_related("content_type")
    )


def empty_database() -> None:
    """What migrate leaves in a new database, with content type ids not those of the backup:
    references to them must travel by natural key."""
    connection.check_constraints()  # PostgreSQL won't TRUNCATE with deferred checks pending
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    shift = ContentType.objects.create(app_label="shifted", model="ids")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    shift.delete()
    editors_group_ensure()  # the migration's Editors group


def backup(path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def read_lines(path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return stream.readlines()


def write_lines(path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")


def test_round_trip_gives_back_every_row_and_page_and_the_same_file(site, client, tmp_path):
    counts, before, cited = row_counts(), pages(client), citations()
    path, again = tmp_path / "site.jsonl.gz", tmp_path / "again.jsonl.gz"

    assert "Backed up" in backup(path)
    empty_database()
    assert Series.objects.count() == 0
    assert "Restored" in restore(path)
    backup(again)

    first_lines, second_lines = read_lines(path), read_lines(again)
    first_header, second_header = json.loads(first_lines[0]), json.loads(second_lines[0])
    del first_header["created_at"], second_header["created_at"]
    assert second_header == first_header
    assert second_lines[1:] == first_lines[1:]
    assert row_counts() == counts
    assert citations() == cited
    assert pages(client) == before
    assert User.objects.get(username="ed").check_password("pw-for-tests")
    assert set(User.objects.get(username="ed").groups.values_list("name", flat=True)) == {
        "Editors",
        "Reviewers",
    }
    assert Person.history.filter(history_user__username="admin").count() == 1
    # Sequences follow the restored rows: a new record gets a fresh id.
    network = Series.objects.first().network  # not id 1: earlier tests may have used it
    assert Series.objects.create(title="New", slug="new", network=network).pk > max(
        Series.objects.exclude(slug="new").values_list("pk", flat=True)
    )


def test_backup_holds_content_history_and_accounts_only(site_backup):
    lines = read_lines(site_backup)
    header = json.loads(lines[0])

    assert header["version"] == 1
    assert header["migrations"]["catalog"].startswith("00")
    assert {"catalog.series", "catalog.historicalseries", "franchise.historicalserieslink"} <= set(
        header["counts"]
    )
    assert header["counts"]["auth.user"] == 2
    excluded = {"auth.permission", "contenttypes.contenttype", "sessions.session"}
    assert not excluded & set(header["counts"])
    assert not any(label.startswith("axes.") for label in header["counts"])
    assert len(lines) == 1 + sum(header["counts"].values())
    link = next(json.loads(line) for line in lines if '"model": "franchise.serieslink"' in line)
    assert not {"pair_low", "pair_high", "kind_family"} & set(link["fields"])
    user = next(json.loads(line) for line in lines if '"model": "auth.user"' in line)
    assert "pk" not in user
    assert user["fields"]["password"].startswith("md5$")


def test_restore_refuses_a_backup_from_a_newer_schema(db, site_backup, tmp_path):
    path = tmp_path / "site.jsonl"
    lines = read_lines(site_backup)
    header = json.loads(lines[0])
    header["migrations"]["catalog"] = "9999_from_the_future"
    write_lines(path, [json.dumps(header) + "\n", *lines[1:]])
    empty_database()
    empty = row_counts()

    with pytest.raises(CommandError, match="newer schema: catalog 9999_from_the_future"):
        restore(path)
    assert row_counts() == empty


def test_restore_is_all_or_nothing(db, site_backup, tmp_path):
    path = tmp_path / "site.jsonl"
    lines = read_lines(site_backup)
    write_lines(path, [*lines[:-2], '{"model": "catalog.series", "pk": \n', lines[-1]])
    empty_database()
    empty = row_counts()

    with pytest.raises(CommandError, match=f"line {len(lines) - 1}"):
        restore(path)
    assert row_counts() == empty


def test_restore_refuses_a_truncated_backup(db, site_backup, tmp_path):
    path = tmp_path / "site.jsonl"
    write_lines(path, read_lines(site_backup)[:-1])
    empty_database()
    empty = row_counts()

    with pytest.raises(CommandError, match="incomplete or altered"):
        restore(path)
    assert row_counts() == empty


def test_restore_refuses_a_database_holding_content_unless_replace(site, site_backup):
    path = site_backup  # made from the same site: the same rows in every table
    counts = row_counts()
    Series.objects.filter(slug="ballard").delete()

    with pytest.raises(CommandError, match="already holds data"):
        restore(path)
    restore(path, "--replace")
    assert row_counts() == counts


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"model": "catalog.series"}\n')

    with pytest.raises(CommandError, match="not a Showbible backup"):
        restore(path)
    with pytest.raises(CommandError, match="Cannot read"):
        restore(tmp_path / "missing.jsonl")
