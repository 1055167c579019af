"""/api/v1/lookup: from another catalogue's id to our record, by each kind of id."""

import pytest

from catalog.factories import EpisodeFactory, PersonFactory, SeriesFactory
from catalog.models import PublishStatus
from franchise.factories import CharacterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    series = SeriesFactory(slug="bosch", imdb_id="tt3502248", tmdb_id=60808, tvmaze_id=1845)
    person = PersonFactory(slug="titus-welliver", imdb_id="nm0920460", tmdb_id=60808)
    episode = EpisodeFactory(
        season__series=series,
        season__number=1,
        number=2,
        imdb_id="tt3502250",
        wikidata_id="Q1000001",
    )
    character = CharacterFactory(slug="harry-bosch", tvmaze_id=77, wikidata_id="Q5661497")
    return series, person, episode, character


@pytest.mark.parametrize(
    ("query", "resource"),
    [
        ("imdb=tt3502248", "/api/v1/series/bosch"),
        ("imdb=nm0920460", "/api/v1/people/titus-welliver"),
        ("imdb=tt3502250", "/api/v1/series/bosch/seasons/1/episodes/2"),
        ("tmdb=60808", "/api/v1/series/bosch"),  # a series before a person with the number
        ("tvmaze=1845", "/api/v1/series/bosch"),
        ("tvmaze=77", "/api/v1/characters/harry-bosch"),
        ("wikidata=Q5661497", "/api/v1/characters/harry-bosch"),
        ("wikidata=Q1000001", "/api/v1/series/bosch/seasons/1/episodes/2"),
    ],
)
def test_each_kind_of_id_redirects_to_its_record(client, records, query, resource):
    response = client.get(f"/api/v1/lookup?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{resource}"
    assert client.get(resource).status_code == 200


def test_an_unknown_or_draft_record_is_not_found(client, records):
    series = records[0]
    series.status = PublishStatus.DRAFT
    series.save()
    for query in ("imdb=tt3502248", "imdb=tt9999999", "wikidata=Q42"):
        response = client.get(f"/api/v1/lookup?{query}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "query", ["", "imdb=tt3502248&tvmaze=77", "imdb=xx123", "wikidata=42", "tmdb=-3", "tvmaze=a"]
)
def test_anything_but_one_well_formed_id_is_a_bad_request(client, records, query):
    response = client.get(f"/api/v1/lookup?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalid-params"]
