"""What each API endpoint answers over the seed universe, as a client reads it: the objects,
their addresses on the site, their sources, and what include= embeds."""

import re

import pytest

from catalog.models import Series
from franchise.models import Character

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def test_root_lists_every_resource_and_the_documents(seeded, api):
    root = api("/api/v1/").data
    assert root["openapi"] == f"{SITE}/api/v1/openapi.json"
    assert root["docs"] == f"{SITE}/api/v1/docs"
    urls = {resource["name"]: resource["url"] for resource in root["resources"]}
    assert urls["series"] == f"{SITE}/api/v1/series"
    assert urls["universe_detail"] == f"{SITE}/api/v1/universes/{{slug}}"
    assert urls["lookup"] == f"{SITE}/api/v1/lookup?imdb={{id}}"


def test_openapi_document_is_3_1_with_every_operation(api):
    document = api("/api/v1/openapi.json").data
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/series",
        "/api/v1/series/{slug}",
        "/api/v1/series/{slug}/seasons/{season}",
        "/api/v1/series/{slug}/seasons/{season}/episodes/{episode}",
        "/api/v1/series/{slug}/before",
        "/api/v1/series/{slug}/seasons/{season}/before",
        "/api/v1/series/{slug}/seasons/{season}/episodes/{episode}/before",
        "/api/v1/people",
        "/api/v1/people/{slug}",
        "/api/v1/characters",
        "/api/v1/characters/{slug}",
        "/api/v1/universes/{slug}",
        "/api/v1/claims",
        "/api/v1/search",
        "/api/v1/lookup",
    }
    errors = document["paths"]["/api/v1/series"]["get"]["responses"]["400"]["content"]
    assert set(errors) == {"application/problem+json"}


def test_docs_page_is_ours_and_needs_no_script(seeded, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    # Structured data (JSON-LD) aside, no script; no inline style.
    assert not re.search(r'<script(?! type="application/ld\+json")', body)
    assert "style=" not in body
    assert "cdn" not in body.lower()
    assert 'id="operation-series_detail"' in body
    assert 'id="problem-invalid-parameters"' in body and 'id="problem-rate-limited"' in body
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_series_list_pages_the_published_series(seeded, api):
    response = api("/api/v1/series?page_size=3")
    page = response.data
    assert page["count"] == 4 and page["pages"] == 2 and page["page_size"] == 3
    assert [s["title"] for s in page["results"]] == ["Ballard", "Bosch", "Bosch: Legacy"]
    assert page["next"] == f"{SITE}/api/v1/series?page_size=3&page=2"
    assert page["previous"] is None
    bosch = page["results"][1]
    assert bosch["slug"] == "bosch" and bosch["url"] == f"{SITE}/series/bosch/"
    assert bosch["network"]["url"] == f"{SITE}/series/?network=prime-video"
    assert bosch["sources"] and {"title", "url", "publisher", "reliability", "supports"} <= set(
        bosch["sources"][0]
    )
    assert response["X-Total-Count"] == "4"


def test_series_list_takes_the_series_lists_filters(seeded, api):
    def titles(query):
        return [s["title"] for s in api(f"/api/v1/series?{query}").data["results"]]

    assert titles("q=lincoln") == ["The Lincoln Lawyer"]
    assert titles("network=netflix") == ["The Lincoln Lawyer"]
    assert titles("universe=bosch-universe&ordering=premiere")[0] == "Bosch"
    assert titles("year_from=2022&year_to=2022") == ["Bosch: Legacy", "The Lincoln Lawyer"]


def test_series_detail_embeds_what_include_asks_for(seeded, api):
    plain = api("/api/v1/series/bosch").data
    assert plain["title"] == "Bosch" and plain["id"]
    assert not {"seasons", "credits", "reviews", "claims", "characters"} & set(plain)
    full = api("/api/v1/series/bosch?include=seasons,credits,reviews,claims,characters").data
    assert [season["number"] for season in full["seasons"]] == [1, 2, 3, 4, 5, 6, 7]
    assert full["seasons"][0]["url"] == f"{SITE}/series/bosch/season/1/"
    assert "michael-connelly" in {credit["person"]["slug"] for credit in full["credits"]}
    assert full["reviews"] and all("score_display" in review for review in full["reviews"])
    harry = [a for a in full["characters"] if a["character"]["slug"] == "harry-bosch"]
    assert harry[0]["performer"]["slug"] == "titus-welliver"
    only = api("/api/v1/series/bosch?include=seasons").data
    assert "seasons" in only and "credits" not in only


def test_claims_carry_their_verdicts(seeded, api):
    page = api("/api/v1/claims?page_size=100").data
    assert page["count"] == len(page["results"]) > 0
    claim = page["results"][0]
    assert {"verdict", "verdict_label", "established", "gloss", "evidence", "made_in"} <= set(claim)
    assert claim["established"] == (claim["verdict"] == "confirmed")
    contradicted = api("/api/v1/claims?verdict=contradicted").data["results"]
    assert all(not c["established"] and c["gloss"] for c in contradicted)


def test_season_and_episode(seeded, api):
    season = api("/api/v1/series/ballard/seasons/1?include=episodes").data
    assert season["series"]["slug"] == "ballard"
    assert len(season["episodes"]) == 10
    episode = api("/api/v1/series/ballard/seasons/1/episodes/2?include=characters,credits").data
    assert episode["url"] == f"{SITE}/series/ballard/season/1/episode/2/"
    assert "harry-bosch" in {a["character"]["slug"] for a in episode["characters"]}


def test_people_and_a_person_with_the_parts_they_played(seeded, api):
    slugs, address = set(), "/api/v1/people?page_size=50"
    while address:  # every page, following `next`
        page = api(address.removeprefix(SITE)).data
        slugs |= {person["slug"] for person in page["results"]}
        address = page["next"]
    assert len(slugs) == page["count"] and "titus-welliver" in slugs
    person = api("/api/v1/people/titus-welliver?include=characters,credits").data
    assert person["name"] == "Titus Welliver"
    assert {a["character"]["slug"] for a in person["characters"]} == {"harry-bosch"}


def test_characters_and_a_character_with_every_appearance(seeded, api):
    crossers = api("/api/v1/characters?crossers=true&page_size=100").data
    assert "harry-bosch" in {c["slug"] for c in crossers["results"]}
    assert all(c["series_count"] >= 2 for c in crossers["results"])
    harry = api("/api/v1/characters/harry-bosch").data
    series = {a["series"]["slug"] for a in harry["appearances"]}
    assert {"bosch", "bosch-legacy", "ballard"} <= series
    assert harry["series_count"] == len(series)


def test_universe_with_members_links_watch_order_and_graph(seeded, api):
    universe = api("/api/v1/universes/bosch-universe").data
    assert [m["series"]["slug"] for m in universe["members"]][:1] == ["bosch"]
    assert {m["series"]["slug"] for m in universe["members"]} == {
        "bosch",
        "bosch-legacy",
        "ballard",
        "the-lincoln-lawyer",
    }
    links = {
        (link["source"]["slug"], link["kind"], link["target"]["slug"]) for link in universe["links"]
    }
    assert ("bosch-legacy", "spin_off_of", "bosch") in links
    assert "watch_order" not in universe and "graph" not in universe
    full = api("/api/v1/universes/bosch-universe?include=watch_order,graph").data
    assert full["watch_order"][0]["series"]["slug"] == "bosch"
    assert any(entry["essential"] for entry in full["watch_order"])
    crossovers = [e for entry in full["watch_order"] for e in entry["episodes"] if e["crossover"]]
    assert crossovers and all(e["visits"] for e in crossovers)
    nodes = {node["id"]: node["slug"] for node in full["graph"]["nodes"]}
    assert set(nodes.values()) == {m["series"]["slug"] for m in universe["members"]}
    assert all(c["first"] in nodes and c["second"] in nodes for c in full["graph"]["connections"])
    hand_offs = [h for c in full["graph"]["connections"] for h in c["hand_offs"]]
    assert any(h["character"]["slug"] == "renee-ballard" for h in hand_offs)


def test_search_groups_results_by_kind(seeded, api):
    found = api("/api/v1/search?q=ballard").data
    assert [group["kind"] for group in found["groups"]] == [
        "series",
        "episodes",
        "people",
        "characters",
    ]
    groups = {group["kind"]: group for group in found["groups"]}
    assert groups["series"]["results"][0]["slug"] == "ballard"
    assert "renee-ballard" in {hit["slug"] for hit in groups["characters"]["results"]}
    assert found["count"] == sum(group["count"] for group in found["groups"])
    episodes = api("/api/v1/search?q=chapter&kind=episodes&page_size=2").data
    assert [group["kind"] for group in episodes["groups"]] == ["episodes"]
    assert len(episodes["groups"][0]["results"]) == 2 and episodes["pages"] > 1
    assert episodes["groups"][0]["results"][0]["series"]["slug"]


def test_search_without_a_word_finds_nothing(seeded, api):
    found = api("/api/v1/search?q=%21%21").data
    assert found["count"] == 0 and all(not g["results"] for g in found["groups"])


def test_objects_carry_their_ids_elsewhere(seeded, api):
    Series.objects.filter(slug="bosch").update(imdb_id="tt3502248", tvmaze_id=1855)
    Character.objects.filter(slug="harry-bosch").update(wikidata_id="Q5669473")
    bosch = api("/api/v1/series/bosch").data
    assert bosch["external_ids"] == {
        "imdb": "tt3502248",
        "tmdb": None,
        "tvmaze": 1855,
        "wikidata": None,
    }
    harry = api("/api/v1/characters/harry-bosch").data
    assert harry["external_ids"]["wikidata"] == "Q5669473"
    assert harry["external_ids"]["imdb"] is None  # IMDb has no pages for characters
