"""Concurrent editing in the admin: a stale form never undoes someone's save, and two saves
that clash end as a form error, never a 500 (catalog/admin/conflicts.py)."""

import html
import re
import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from catalog.admin.conflicts import NO_VERSION_MESSAGE, VERSIONS_FIELD, versions_data
from catalog.factories import SeasonFactory, SeriesFactory
from catalog.models import PublishStatus, Season, Series

pytestmark = pytest.mark.django_db

VERSIONS_INPUT = re.compile(rf'name="{VERSIONS_FIELD}" value="([^"]*)"')


@pytest.fixture
def ana(django_user_model):
    user = django_user_model.objects.create_user("ana", password="pw-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def ana_client(ana):
    client = Client()
    client.force_login(ana)
    return client


def opened_form(client, url: str) -> dict:
    """GET a change form and return what a browser would post back unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else value

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        count = str(len(formset.initial_forms))
        data |= {f"{formset.prefix}-TOTAL_FORMS": count, f"{formset.prefix}-INITIAL_FORMS": count}
        for form in formset.initial_forms:
            add(form)
    versions = VERSIONS_INPUT.search(response.content.decode())
    if versions:
        data[VERSIONS_FIELD] = html.unescape(versions.group(1))
    return data


def form_errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def series_url(series: Series) -> str:
    return reverse("admin:catalog_series_change", args=[series.pk])


# Stale forms


def test_a_stale_save_is_refused_naming_who_changed_what(editor_client, ana_client):
    series = SeriesFactory(title="Bosch", synopsis="Old synopsis.")
    url = series_url(series)
    form_a = opened_form(editor_client, url)
    form_b = opened_form(ana_client, url)
    assert VERSIONS_FIELD in form_a

    assert ana_client.post(url, form_b | {"title": "Bosch (2014)"}).status_code == 302
    response = editor_client.post(url, form_a | {"synopsis": "New synopsis."})

    assert response.status_code == 200
    [error] = form_errors(response)
    assert error.startswith("Changed by ana at ")
    assert "since you opened this form: title. Reload to see their version" in error
    assert response.context["adminform"].form["synopsis"].value() == "New synopsis."
    series.refresh_from_db()
    assert (series.title, series.synopsis) == ("Bosch (2014)", "Old synopsis.")
    # Saving the same stale form again is refused again: only a reload moves its base.
    assert editor_client.post(url, form_a | {"synopsis": "New synopsis."}).status_code == 200

    reloaded = opened_form(editor_client, url)
    assert editor_client.post(url, reloaded | {"synopsis": "New synopsis."}).status_code == 302
    series.refresh_from_db()
    assert (series.title, series.synopsis) == ("Bosch (2014)", "New synopsis.")


def test_a_save_from_a_current_form_succeeds(editor_client):
    series = SeriesFactory(title="Bosch")
    response = editor_client.post(
        series_url(series), opened_form(editor_client, series_url(series)) | {"title": "B"}
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "B"


def test_a_publish_action_since_opening_counts_as_a_change(editor_client, ana_client):
    series = SeriesFactory(title="Bosch", status=PublishStatus.DRAFT)
    url = series_url(series)
    form_a = opened_form(editor_client, url)
    ana_client.post(
        reverse("admin:catalog_series_changelist"),
        {"action": "publish_selected", "_selected_action": [series.pk]},
    )
    response = editor_client.post(url, form_a | {"title": "Bosch!"})
    assert response.status_code == 200
    assert "Changed by ana" in form_errors(response)[0]
    assert ": status." in form_errors(response)[0]
    series.refresh_from_db()
    assert (series.title, series.status) == ("Bosch", PublishStatus.PUBLISHED)


@pytest.mark.parametrize("versions", [None, "", "not json", "[1]", '{"catalog.series:1": "x"}'])
def test_a_form_without_versions_is_refused_clearly(editor_client, versions):
    """An old tab (opened before this check) or a script: its base is unknown."""
    series = SeriesFactory(title="Bosch")
    data = opened_form(editor_client, series_url(series)) | {"title": "Bosch!"}
    del data[VERSIONS_FIELD]
    if versions is not None:
        data[VERSIONS_FIELD] = versions
    response = editor_client.post(series_url(series), data)
    assert response.status_code == 200
    assert form_errors(response) == [NO_VERSION_MESSAGE]
    series.refresh_from_db()
    assert series.title == "Bosch"


def test_versions_data_is_a_current_version_for_forms_built_in_code(editor_client):
    series = SeriesFactory(title="Bosch")
    data = opened_form(editor_client, series_url(series))
    assert versions_data(series) == {VERSIONS_FIELD: data[VERSIONS_FIELD]}


def test_a_stale_inline_row_is_refused_and_nothing_is_saved(editor_client, ana_client):
    series = SeriesFactory(title="Bosch")
    season = SeasonFactory(series=series, title="")
    url = series_url(series)
    form_a = opened_form(editor_client, url)
    season_url = reverse("admin:catalog_season_change", args=[season.pk])
    season_form = opened_form(ana_client, season_url)
    assert (
        ana_client.post(season_url, season_form | {"title": "Bosch, Year One"}).status_code == 302
    )

    # A's page still shows the season untitled: posting it back would undo ana's title.
    response = editor_client.post(url, form_a | {"title": "Bosch!"})
    assert response.status_code == 200
    [seasons] = [
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "seasons"
    ]
    [row_error] = seasons.forms[0].non_field_errors()
    assert "Changed by ana" in row_error and ": title." in row_error
    series.refresh_from_db()
    season.refresh_from_db()
    assert (series.title, season.title) == ("Bosch", "Bosch, Year One")


def test_an_unchanged_inline_row_is_not_checked(editor_client, ana_client):
    """A row the form leaves as it is in the database writes nothing, so it can't undo."""
    series = SeriesFactory(title="Bosch")
    SeasonFactory(series=series)
    url = series_url(series)
    form_a = opened_form(editor_client, url)
    response = editor_client.post(url, form_a | {"title": "Bosch!"})
    assert response.status_code == 302


def test_the_revert_page_is_not_checked(editor_client):
    series = SeriesFactory(title="Bosch")
    first = series.history.earliest()
    editor_client.post(
        series_url(series), opened_form(editor_client, series_url(series)) | {"title": "Wrong"}
    )
    url = reverse("admin:catalog_series_simple_history", args=[series.pk, first.history_id])
    data = opened_form(editor_client, url)
    assert VERSIONS_FIELD not in data
    assert editor_client.post(url, data).status_code == 302
    series.refresh_from_db()
    assert series.title == "Bosch"


# Uniqueness races


@pytest.fixture
def validation_misses_the_other_save(monkeypatch):
    """Both saves passed validation before either wrote: as if the other row came later."""
    monkeypatch.setattr(Season, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(Season, "validate_constraints", lambda self, exclude=None: None)


def season_add_form(series: Series, number: int) -> dict:
    data = {"series": series.pk, "number": number, "status": PublishStatus.DRAFT}
    for prefix in ["episodes", "reviews", "catalog-citation-content_type-object_id"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_a_clashing_add_is_a_form_error_not_a_500(editor_client, validation_misses_the_other_save):
    series = SeriesFactory(title="Bosch")
    SeasonFactory(series=series, number=3)
    response = editor_client.post(reverse("admin:catalog_season_add"), season_add_form(series, 3))
    assert response.status_code == 200
    [error] = form_errors(response)
    assert error == (
        "Season “Bosch — Season 3” already exists — someone added it a moment ago. "
        "Nothing was saved; your changes are below."
    )
    assert Season.objects.filter(series=series).count() == 1
    assert Season.history.filter(series=series).count() == 1
    assert not LogEntry.objects.exists()


def test_a_clash_in_an_inline_row_undoes_the_whole_save(
    editor_client, validation_misses_the_other_save
):
    series = SeriesFactory(title="Bosch")
    url = series_url(series)
    data = opened_form(editor_client, url) | {
        "title": "Bosch!",
        "seasons-TOTAL_FORMS": "1",
        "seasons-0-number": "1",
        "seasons-0-status": PublishStatus.DRAFT,
        "seasons-0-series": str(series.pk),
    }
    SeasonFactory(series=series, number=1)  # someone adds season 1 on the season page
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "clashes with a record someone saved a moment ago" in form_errors(response)[0]
    series.refresh_from_db()
    assert series.title == "Bosch"
    assert series.history.count() == 1
    assert Season.objects.filter(series=series).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_editors_adding_the_same_season_at_once(editor):
    """Real threads, real transactions: one season, one success, the rest form errors."""
    series = SeriesFactory(title="Bosch")
    url = reverse("admin:catalog_season_add")
    clients = []
    for _ in range(20):
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        clients.append(client)
    start = threading.Barrier(len(clients))
    results = []

    def add_season(client):
        try:
            start.wait()
            response = client.post(url, season_add_form(series, 4))
            clash = response.status_code == 200 and ("already exists" in response.content.decode())
            results.append((response.status_code, clash))
        finally:
            connection.close()

    threads = [threading.Thread(target=add_season, args=[c]) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == [(200, True)] * 19 + [(302, False)]
    assert Season.objects.filter(series=series, number=4).count() == 1


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"
