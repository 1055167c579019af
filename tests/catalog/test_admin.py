"""The editors' admin: drafts by default, publish and unpublish actions, source and
fact-check filters, and every page of every content model renders for an editor."""

import re

import pytest
from django.urls import reverse

from catalog.admin.conflicts import versions_data
from catalog.factories import (
    CitationFactory,
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
    SourceFactory,
)
from catalog.models import Citation, ClaimVerdict, Episode, PublishStatus, Season, Series
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    SeriesLinkFactory,
    UniverseMembershipFactory,
)
from franchise.models import Character

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublishStatus.DRAFT, PublishStatus.PUBLISHED


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action: str, records) -> None:
    response = client.post(
        changelist(model), {"action": action, "_selected_action": [r.pk for r in records]}
    )
    assert response.status_code == 302


# Drafts


@pytest.mark.parametrize("model_name", ["catalog/series", "catalog/episode", "franchise/universe"])
def test_the_add_form_shows_new_records_as_drafts(editor_client, model_name):
    page = editor_client.get(f"/admin/{model_name}/add/").content.decode()
    checked = re.search(r'<input[^>]*name="status"[^>]*value="(\w+)"[^>]*checked', page)
    assert checked and checked.group(1) == DRAFT


def test_publish_and_unpublish_actions_change_status_and_write_history(editor_client, editor):
    drafts = SeriesFactory.create_batch(2, status=DRAFT)
    other = SeriesFactory(status=DRAFT)
    run_action(editor_client, Series, "publish_selected", drafts)
    assert set(Series.objects.filter(status=PUBLISHED)) == set(drafts)
    assert Series.objects.get(pk=other.pk).status == DRAFT
    record = drafts[0].history.latest()
    assert (record.status, record.history_user, record.history_change_reason) == (
        PUBLISHED,
        editor,
        "Published",
    )

    run_action(editor_client, Series, "unpublish_selected", drafts[:1])
    assert Series.objects.get(pk=drafts[0].pk).status == DRAFT
    assert drafts[0].history.latest().history_change_reason == "Unpublished"


def test_publishing_an_already_published_record_changes_nothing(editor_client):
    series = SeriesFactory(status=PUBLISHED)
    before = series.history.count()
    run_action(editor_client, Series, "publish_selected", [series])
    assert series.history.count() == before


def test_publish_with_seasons_and_episodes(editor_client):
    series = SeriesFactory(status=DRAFT)
    episode = EpisodeFactory(season=SeasonFactory(series=series, status=DRAFT), status=DRAFT)
    untouched = EpisodeFactory(status=DRAFT)
    run_action(editor_client, Series, "publish_series_with_episodes", [series])
    assert Episode.objects.published().filter(pk=episode.pk).exists()
    assert Season.objects.get(pk=episode.season_id).status == PUBLISHED
    assert Episode.objects.get(pk=untouched.pk).status == DRAFT


@pytest.mark.parametrize(
    ("factory", "app_model"),
    [
        (EpisodeFactory, "catalog_episode"),
        (PersonFactory, "catalog_person"),
        (ReviewFactory, "catalog_review"),
        (ClaimFactory, "catalog_claim"),
        (CharacterFactory, "franchise_character"),
    ],
)
def test_every_model_with_a_status_has_the_actions(editor_client, factory, app_model):
    record = factory(status=DRAFT)
    url = reverse(f"admin:{app_model}_changelist")
    page = editor_client.get(url).content.decode()
    assert 'value="publish_selected"' in page and 'value="unpublish_selected"' in page
    response = editor_client.post(
        url, {"action": "publish_selected", "_selected_action": [record.pk]}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == PUBLISHED


def test_a_user_who_may_only_view_cannot_publish(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_series"))
    client.force_login(viewer)
    series = SeriesFactory(status=DRAFT)
    page = client.get(changelist(Series)).content.decode()
    assert "publish_selected" not in page
    client.post(changelist(Series), {"action": "publish_selected", "_selected_action": [series.pk]})
    series.refresh_from_db()
    assert series.status == DRAFT


# Sources and fact checks


def test_needs_a_source_lists_published_records_without_a_citation(editor_client):
    cited = SeriesFactory(title="Cited show")
    CitationFactory(content_object=cited)
    uncited = SeriesFactory(title="Uncited show")
    SeriesFactory(title="Draft show", status=DRAFT)
    page = editor_client.get(changelist(Series) + "?needs_source=yes").content.decode()
    assert uncited.title in page
    assert cited.title not in page
    assert "Draft show" not in page
    page = editor_client.get(changelist(Series) + "?needs_source=no").content.decode()
    assert cited.title in page and uncited.title not in page


def test_needs_a_source_works_fact_by_fact(editor_client):
    """A fact needs a source when the record shows it and neither a citation of that field
    nor one of the whole record supports it."""
    whole = SeriesFactory(title="Cited as a whole")
    CitationFactory(content_object=whole)
    dated_only = SeriesFactory(title="Date cited")
    CitationFactory(content_object=dated_only, fact="premiere_date")
    undated = SeriesFactory(title="No date", premiere_date=None)
    url = changelist(Series)
    filters = editor_client.get(url).content.decode()
    assert "Premiere date: needs a source" in filters and "Genres: needs a source" in filters
    page = editor_client.get(url + "?needs_source=premiere_date").content.decode()
    assert "No date" not in page  # nothing shown, nothing to source
    assert whole.title not in page and dated_only.title not in page
    page = editor_client.get(url + "?needs_source=synopsis").content.decode()
    assert dated_only.title in page and whole.title not in page and undated.title in page


def test_citing_a_source_offers_the_facts_of_the_record(editor_client):
    episode = EpisodeFactory()
    page = editor_client.get(reverse("admin:catalog_episode_change", args=[episode.pk]))
    html = page.content.decode()
    assert '<option value="air_date">Air date</option>' in html
    assert ">The whole record (every fact shown of it)</option>" in html
    assert '<option value="premiere_date">' not in html


@pytest.mark.parametrize(
    ("model_name", "factory"),
    [
        ("catalog/season", SeasonFactory),
        ("catalog/episode", EpisodeFactory),
        ("catalog/person", PersonFactory),
        ("catalog/credit", CreditFactory),
        ("catalog/review", ReviewFactory),
        ("catalog/claim", ClaimFactory),
        ("franchise/character", CharacterFactory),
        ("franchise/appearance", AppearanceFactory),
        ("franchise/serieslink", SeriesLinkFactory),
    ],
)
def test_every_citable_changelist_has_the_needs_a_source_filter(editor_client, model_name, factory):
    record = factory()
    CitationFactory(content_object=record)
    url = f"/admin/{model_name}/"
    assert "Needs a source" in editor_client.get(url).content.decode()
    assert editor_client.get(url + "?needs_source=yes").context["cl"].result_count == 0
    assert editor_client.get(url + "?needs_source=no").context["cl"].result_count == 1


def test_a_source_is_cited_from_the_record_page(editor_client):
    episode = EpisodeFactory()
    source = SourceFactory()
    citations = "catalog-citation-content_type-object_id"
    response = editor_client.post(
        reverse("admin:catalog_episode_change", args=[episode.pk]),
        {
            "season": episode.season_id,
            "number": episode.number,
            "title": episode.title,
            "status": episode.status,
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            f"{citations}-TOTAL_FORMS": "1",
            f"{citations}-INITIAL_FORMS": "0",
            f"{citations}-0-source": source.pk,
            f"{citations}-0-fact": "air_date",
            **versions_data(episode),
        },
    )
    assert response.status_code == 302
    citation = Citation.objects.get()
    assert (citation.content_object, citation.source, citation.fact) == (
        episode,
        source,
        "air_date",
    )


def test_claim_admin_shows_verdict_and_evidence_and_filters_by_verdict(editor_client):
    ClaimFactory(text="Bosch was renewed", verdict=ClaimVerdict.CONFIRMED, evidence="Press release")
    ClaimFactory(
        text="Bosch moved to Netflix", verdict=ClaimVerdict.CONTRADICTED, evidence="Amazon"
    )
    url = changelist(ClaimFactory._meta.model)
    page = editor_client.get(url).content.decode()
    assert "Press release" in page and "Contradicted" in page
    page = editor_client.get(url + "?verdict__exact=contradicted").content.decode()
    assert "Bosch moved to Netflix" in page and "Bosch was renewed" not in page


def test_the_series_slug_filter(editor_client):
    wanted = EpisodeFactory(title="Wanted episode")
    EpisodeFactory(title="Other episode")
    url = changelist(Episode) + f"?series={wanted.season.series.slug}"
    page = editor_client.get(url).content.decode()
    assert "Wanted episode" in page and "Other episode" not in page
    assert f'value="{wanted.season.series.slug}"' in page


# Every page renders


def content_records():
    series = SeriesFactory()
    season = SeasonFactory(series=series)
    episode = EpisodeFactory(season=season)
    character = CharacterFactory()
    records = [
        series,
        season,
        episode,
        CreditFactory(series=series),
        CreditFactory(episode=episode),
        ReviewFactory(series=series),
        ClaimFactory(series=series),
        CitationFactory(content_object=episode),
        character,
        AppearanceFactory(character=character, episode=episode),
        AppearanceFactory(character=character, series=series),
        SeriesLinkFactory(source=series),
        UniverseMembershipFactory(series=series),
    ]
    records += [series.network, GenreFactory(), records[7].source, records[-1].universe]
    records.append(records[3].person)
    return records


def test_every_admin_page_of_every_content_model_renders_for_an_editor(editor_client):
    records = content_records()
    models = {type(record) for record in records}
    assert len(models) == 16
    for record in records:
        opts = record._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        for url in [
            reverse(f"{prefix}_changelist"),
            reverse(f"{prefix}_add"),
            reverse(f"{prefix}_change", args=[record.pk]),
            reverse(f"{prefix}_history", args=[record.pk]),
        ]:
            response = editor_client.get(url)
            assert response.status_code == 200, url


def test_the_character_page_links_to_every_appearance(editor_client):
    character = CharacterFactory()
    AppearanceFactory(character=character, episode=EpisodeFactory())
    main = AppearanceFactory(character=character)
    url = reverse("admin:franchise_character_change", args=[character.pk])
    response = editor_client.get(url)
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in formset.forms] == [main]
    assert f"?character={character.slug}" in response.content.decode()
    assert isinstance(character, Character)
