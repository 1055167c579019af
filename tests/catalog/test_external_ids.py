"""Other catalogues' ids (IMDb, TMDB, TVmaze, Wikidata): checked by the database and the
admin alike, shown on the pages as links and in JSON-LD sameAs, never invented."""

import json
import re

import pytest
from django.urls import reverse

from catalog.factories import EpisodeFactory, PersonFactory, SeriesFactory
from catalog.models import Episode, Person, Series
from franchise.factories import CharacterFactory
from franchise.models import Character
from tests.catalog.test_hostile_input import management_data

pytestmark = pytest.mark.django_db


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize(
    ("factory", "changes", "constraint"),
    [
        (SeriesFactory, {"imdb_id": "nm0005379"}, "series_imdb_id_format"),
        (SeriesFactory, {"imdb_id": "tt123"}, "series_imdb_id_format"),
        (PersonFactory, {"imdb_id": "tt3502248"}, "person_imdb_id_format"),
        (EpisodeFactory, {"imdb_id": "tt3502248x"}, "episode_imdb_id_format"),
        (SeriesFactory, {"wikidata_id": "Q0123"}, "series_wikidata_id_format"),
        (CharacterFactory, {"wikidata_id": "P31"}, "character_wikidata_id_format"),
    ],
)
def test_the_database_refuses_an_id_in_the_wrong_format(factory, changes, constraint, violates):
    record = factory()
    with violates(constraint):
        type(record).objects.filter(pk=record.pk).update(**changes)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (SeriesFactory, "imdb_id", "tt3502248"),
        (SeriesFactory, "tvmaze_id", 1845),
        (PersonFactory, "wikidata_id", "Q15726364"),
        (EpisodeFactory, "tmdb_id", 1001),
        (CharacterFactory, "tvmaze_id", 7),
    ],
)
def test_an_id_belongs_to_one_record(factory, field, value, violates):
    factory(**{field: value})
    with violates(f"{factory._meta.model._meta.model_name}_{field}_unique"):
        factory(**{field: value})


def test_records_without_ids_do_not_collide():
    SeriesFactory.create_batch(2)  # blank ids ("" and NULL) are not values
    assert Series.objects.filter(imdb_id="", tmdb_id=None).count() == 2


def test_a_character_has_no_imdb_or_tmdb_id():
    names = {field.name for field in Character._meta.get_fields()}
    assert {"tvmaze_id", "wikidata_id"} <= names
    assert not {"imdb_id", "tmdb_id"} & names


def test_the_admin_explains_a_wrong_id_instead_of_failing(editor_client):
    url = reverse("admin:catalog_person_add")
    data = management_data(editor_client.get(url).content.decode())
    data.update(name="Titus Welliver", slug="titus-welliver", status="draft", imdb_id="tt1")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "An IMDb id here is nm followed by 7 to 10 digits" in response.content.decode()
    assert not Person.objects.filter(slug="titus-welliver").exists()


def test_the_pages_link_the_ids_and_json_ld_names_them(client):
    series = SeriesFactory(imdb_id="tt3502248", tvmaze_id=1845, wikidata_id="Q15726364")
    response = client.get(series.get_absolute_url())
    html = response.content.decode()
    for url in (
        "https://www.imdb.com/title/tt3502248/",
        "https://www.tvmaze.com/shows/1845",
        "https://www.wikidata.org/wiki/Q15726364",
    ):
        assert f'href="{url}"' in html
    tv_series = next(block for block in jsonld(response) if block["@type"] == "TVSeries")
    assert tv_series["sameAs"] == [
        "https://www.imdb.com/title/tt3502248/",
        "https://www.tvmaze.com/shows/1845",
        "https://www.wikidata.org/wiki/Q15726364",
    ]

    person = PersonFactory(imdb_id="nm0005379", tmdb_id=17)
    person_page = client.get(person.get_absolute_url())
    assert 'href="https://www.imdb.com/name/nm0005379/"' in person_page.content.decode()
    assert 'href="https://www.themoviedb.org/person/17"' in person_page.content.decode()
    character = CharacterFactory(wikidata_id="Q5661497")
    blocks = jsonld(client.get(character.get_absolute_url()))
    character_block = next(block for block in blocks if block["@type"] == "Person")
    assert character_block["sameAs"] == ["https://www.wikidata.org/wiki/Q5661497"]


def test_a_record_without_ids_shows_no_elsewhere_line(client):
    series = SeriesFactory()
    assert 'class="elsewhere"' not in client.get(series.get_absolute_url()).content.decode()


def test_the_seed_invents_no_id(seeded):
    """No source in the editors' notes gives another catalogue's id: none is stored."""
    for model in (Series, Episode, Person):
        assert not model.objects.exclude(imdb_id="", tmdb_id=None, tvmaze_id=None).exists()
        assert not model.objects.exclude(wikidata_id="").exists()
    assert not Character.objects.exclude(wikidata_id="", tvmaze_id=None).exists()
