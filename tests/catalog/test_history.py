"""Revisions: every content model keeps who changed what and when, shows a diff, and an
editor can revert to an earlier revision."""

import pytest
from django.apps import apps
from django.urls import reverse

from catalog.admin.conflicts import versions_data
from catalog.factories import SeriesFactory
from catalog.models import Series
from franchise.factories import SeriesLinkFactory
from franchise.models import LinkKind, SeriesLink

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    "Series",
    "Season",
    "Episode",
    "Person",
    "Credit",
    "Review",
    "Source",
    "Citation",
    "Claim",
    "Network",
    "Genre",
    "Universe",
    "UniverseMembership",
    "Character",
    "Appearance",
    "SeriesLink",
]


def plain_series(**kwargs) -> Series:
    """A series whose every field the form below sends back unchanged."""
    return SeriesFactory(premiere_date=None, synopsis="", **kwargs)


def series_form(series: Series, **changes) -> dict:
    data = {
        "title": series.title,
        "slug": series.slug,
        "network": series.network_id,
        "run_status": series.run_status,
        "status": series.status,
    }
    for prefix in [
        "seasons",
        "credits",
        "reviews",
        "catalog-citation-content_type-object_id",
        "links_out",
        "appearances",
    ]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | versions_data(series) | changes


@pytest.mark.parametrize("name", CONTENT_MODELS)
def test_every_content_model_has_a_history(name):
    model = next(
        m
        for m in apps.get_models()
        if m.__name__ == name and m._meta.app_label in {"catalog", "franchise"}
    )
    assert hasattr(model, "history"), name


def test_an_admin_change_records_who_changed_what(editor_client, editor):
    series = plain_series(title="Bosch")
    response = editor_client.post(
        reverse("admin:catalog_series_change", args=[series.pk]),
        series_form(series, title="Bosch (2014)"),
    )
    assert response.status_code == 302
    latest = series.history.latest()
    assert (latest.title, latest.history_user, latest.history_type) == ("Bosch (2014)", editor, "~")
    delta = latest.diff_against(latest.prev_record, excluded_fields=["updated_at"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", "Bosch", "Bosch (2014)")]


def test_the_history_page_shows_who_when_and_the_diff(editor_client, editor):
    series = plain_series(title="Bosch")
    editor_client.post(
        reverse("admin:catalog_series_change", args=[series.pk]),
        series_form(series, title="Bosch (2014)"),
    )
    page = editor_client.get(reverse("admin:catalog_series_history", args=[series.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert editor.username in html
    assert "Bosch (2014)" in html
    assert "Title:</strong>" in html  # the diff: "Title: Bosch → Bosch (2014)"


def test_reverting_restores_the_old_value(editor_client, editor):
    series = plain_series(title="Bosch")
    first = series.history.earliest()
    editor_client.post(
        reverse("admin:catalog_series_change", args=[series.pk]),
        series_form(series, title="Wrong title"),
    )
    url = reverse("admin:catalog_series_simple_history", args=[series.pk, first.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["title"] == "Bosch"
    response = editor_client.post(
        url, series_form(series, title=form.initial["title"], slug=form.initial["slug"])
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Bosch"
    assert series.history.latest().history_user == editor
    assert series.history.count() == 3  # created, wrong title, reverted


def test_series_link_history_leaves_out_the_generated_pair_and_reverts(editor_client):
    link = SeriesLinkFactory(kind=LinkKind.SPIN_OFF_OF)
    historical_fields = {f.name for f in SeriesLink.history.model._meta.fields}
    assert {"source", "target", "kind"} <= historical_fields
    assert not {"pair_low", "pair_high"} & historical_fields
    first = link.history.earliest()
    link.kind = LinkKind.SEQUEL_TO
    link.save()
    instance = first.instance
    instance.save()
    link.refresh_from_db()
    assert link.kind == LinkKind.SPIN_OFF_OF
    assert (link.pair_low, link.pair_high) == tuple(sorted([link.source_id, link.target_id]))
    url = reverse("admin:franchise_serieslink_simple_history", args=[link.pk, first.history_id])
    assert editor_client.get(url).status_code == 200


def test_a_deleted_record_keeps_its_history(editor_client):
    series = SeriesFactory(title="Gone")
    pk = series.pk
    series.delete()
    assert Series.history.filter(id=pk, history_type="-").exists()
    assert Series.history.filter(id=pk).earliest().title == "Gone"
