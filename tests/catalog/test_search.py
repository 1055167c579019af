"""Site search: grouped by kind with counts, case- and accent-insensitive, drafts never
found, bad input a clean 400. Runs on SQLite (the fallback) and on PostgreSQL (full text)."""

import re

import pytest
from django.db import connection

from catalog.factories import EpisodeFactory, PersonFactory, SeasonFactory, SeriesFactory
from catalog.models import Episode, Person, Series
from catalog.search import fold, query_terms, search_fields, search_vector
from franchise import search as franchise_search
from franchise.factories import CharacterFactory
from franchise.models import Character

pytestmark = pytest.mark.django_db

DRAFT = "draft"


def text(response) -> str:
    html = re.sub(r"<script[^>]*>.*?</script>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r'<sup class="fn">.*?</sup>', "", html, flags=re.S)  # footnote markers
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def result_titles(response, kind: str) -> list[str]:
    html = response.content.decode()
    section = re.search(rf'id="results-{kind}".*?</section>', html, re.S)
    if not section:
        return []
    return re.findall(r'class="results-list__title" href="[^"]+">([^<]+)<', section.group(0))


@pytest.fixture
def catalogue():
    ballard = SeriesFactory(
        title="Ballard", slug="ballard", synopsis="Renée Ballard works cold cases in the LAPD."
    )
    SeriesFactory(title="Bosch", slug="bosch", synopsis="Harry Bosch, LAPD homicide.")
    SeriesFactory(title="Secret Ballard Spin-off", status=DRAFT)
    season = SeasonFactory(series=ballard, number=1)
    EpisodeFactory(
        season=season, number=1, title="Library of Lost Souls", synopsis="Ballard opens the unit."
    )
    EpisodeFactory(season=season, number=2, title="Ballard's Draft Episode", status=DRAFT)
    PersonFactory(name="Maggie Q", slug="maggie-q", bio="Plays Renée Ballard.")
    PersonFactory(name="Hidden Ballard Person", status=DRAFT)
    CharacterFactory(name="Renée Ballard", slug="renee-ballard", aliases="Renee; Ballard")
    CharacterFactory(name="Draft Ballard Character", status=DRAFT)
    return ballard


def test_fold_removes_accents_and_case():
    assert fold("Renée BALLARD") == "renee ballard"
    assert fold("Ağaç Ñandú") == "agac nandu"
    assert query_terms("  Bosch:  Legacy!! ") == ["bosch", "legacy"]
    assert query_terms("!!!") == []


@pytest.mark.parametrize(
    "query", ["renee ballard", "RENÉE BALLARD", "Renee  Ballard", "ballard renee"]
)
def test_names_are_found_whatever_the_accents_and_case(client, catalogue, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert result_titles(response, "characters") == ["Renée Ballard"]
    assert "Maggie Q" in result_titles(response, "people")


def test_results_are_grouped_by_kind_with_counts(client, catalogue):
    response = client.get("/search/?q=ballard")
    page = text(response)
    assert result_titles(response, "series") == ["Ballard"]
    assert result_titles(response, "episodes") == ["Library of Lost Souls"]
    assert result_titles(response, "people") == ["Maggie Q"]
    assert result_titles(response, "characters") == ["Renée Ballard"]
    assert "4 results in the files" in page
    assert "Series 1" in page and "Episodes 1" in page and "People 1" in page
    assert "Characters 1" in page


def test_drafts_are_never_found(client, catalogue):
    page = text(client.get("/search/?q=ballard"))
    for hidden in ["Secret Ballard", "Draft Episode", "Hidden Ballard", "Draft Ballard"]:
        assert hidden not in page


def test_titles_and_names_rank_above_synopses(client, catalogue):
    SeriesFactory(title="Cold Case Files", synopsis="Nothing about Ballard, except this.")
    assert result_titles(client.get("/search/?q=ballard"), "series")[0] == "Ballard"


def test_every_word_must_match(client, catalogue):
    response = client.get("/search/?q=ballard bosch")
    assert result_titles(response, "series") == []
    assert "Nothing in the files matches" in text(client.get("/search/?q=zzqx"))


def test_one_kind_shows_all_its_results_paginated(client, catalogue):
    season = SeasonFactory(series=catalogue, number=2)
    for n in range(30):
        EpisodeFactory(season=season, title=f"Ballard case {n}")
    first = client.get("/search/?q=ballard&kind=episodes")
    assert len(result_titles(first, "episodes")) == 24
    assert "Page 1 of 2" in text(first)
    second = client.get("/search/?q=ballard&kind=episodes&page=2")
    assert len(result_titles(second, "episodes")) == 7
    overview = client.get("/search/?q=ballard")
    assert len(result_titles(overview, "episodes")) == 10
    assert 'href="?q=ballard&amp;kind=episodes">All 31 episodes' in overview.content.decode()


def test_counts_stop_at_the_limit_and_say_so(client, catalogue, monkeypatch):
    monkeypatch.setattr(franchise_search, "SEARCH_COUNT_LIMIT", 12)
    season = SeasonFactory(series=catalogue, number=2)
    for n in range(15):
        EpisodeFactory(season=season, title=f"Ballard case {n}")
    response = client.get("/search/?q=ballard")
    page = text(response)
    assert "Episodes 12+" in page and "Series 1 " in page
    assert "15+ results in the files" in page  # 1 series, 12+ episodes, 1 person, 1 character
    assert len(result_titles(response, "episodes")) == 10
    assert 'href="?q=ballard&amp;kind=episodes">All 12+ episodes' in response.content.decode()
    assert "Episodes 12+" in text(client.get("/search/?q=ballard&kind=episodes"))


def test_counts_at_scale_read_with_a_thousands_separator():
    assert franchise_search.count_label(1000, more=True) == "1,000+"
    assert franchise_search.count_label(1000, more=False) == "1,000"
    assert franchise_search.count_label(7, more=False) == "7"


def test_one_kind_pages_through_results_up_to_the_count_limit(client, catalogue, monkeypatch):
    monkeypatch.setattr(franchise_search, "SEARCH_COUNT_LIMIT", 30)
    season = SeasonFactory(series=catalogue, number=2)
    for n in range(40):
        EpisodeFactory(season=season, title=f"Ballard case {n}")
    ordering = franchise_search.SEARCH_KINDS["episodes"][2]
    ranked = Episode.objects.published().search("ballard").order_by(*ordering)
    every_title = [episode.display_title for episode in ranked]
    assert len(every_title) == 41
    first = client.get("/search/?q=ballard&kind=episodes")
    assert result_titles(first, "episodes") == every_title[:24]
    assert "Page 1 of 2" in text(first) and "Episodes 30+" in text(first)
    second = client.get("/search/?q=ballard&kind=episodes&page=2")
    assert result_titles(second, "episodes") == every_title[24:30]
    beyond = client.get("/search/?q=ballard&kind=episodes&page=3")
    assert beyond.status_code == 400
    assert "There is no page 3: showing the last page, page 2." in text(beyond)
    assert result_titles(beyond, "episodes") == every_title[24:30]


def test_an_empty_query_shows_a_helpful_page(client, catalogue):
    for url in ["/search/", "/search/?q=", "/search/?q=%20%20", "/search/?q=%21%3F"]:
        response = client.get(url)
        assert response.status_code == 200
        page = text(response)
        assert "What are you looking for?" in page
        assert "accents and capitals don’t matter" in page


def test_search_pages_are_not_indexed(client, catalogue):
    html = client.get("/search/?q=ballard").content.decode()
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("q=" + "ballard " * 600, 400, "Searches are limited to 200 characters"),
        ("q=ball%00ard", 400, "NUL character"),
        ("q=ballard&kind=films", 400, "There is no kind of result “films”"),
        ("q=ballard&kind=episodes&page=x", 400, "“x” is not a page number"),
        ("q=ballard&kind=episodes&page=40", 400, "There is no page 40"),
    ],
)
def test_bad_search_input_is_a_clean_400(client, catalogue, query, status, message):
    response = client.get(f"/search/?{query}")
    assert response.status_code == status
    assert message in text(response)


@pytest.mark.parametrize("query", ["%", "_", "50%", "a_b", "'", '"', "\\", "&|!():*<>"])
def test_special_characters_are_plain_text(client, catalogue, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_search_queryset_methods_match_on_every_backend(catalogue):
    assert list(Character.objects.published().search("RENEE").values_list("name", flat=True)) == [
        "Renée Ballard"
    ]
    assert list(Person.objects.published().search("maggie").values_list("name", flat=True)) == [
        "Maggie Q"
    ]
    assert Series.objects.published().search("").count() == 0
    ranked = Series.objects.published().search("ballard").order_by("-search_rank")
    assert ranked.first().title == "Ballard"


def test_records_written_in_bulk_are_found(catalogue):
    """bulk_create leaves the generated search_document to the database, as COPY must."""
    Person.objects.bulk_create(
        [Person(name="Titus Welliver", slug="titus-welliver", status="published")]
    )
    assert list(Person.objects.published().search("welliver").values_list("name", flat=True)) == [
        "Titus Welliver"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text column")
def test_the_stored_search_document_is_the_weighted_vector_of_the_fields(catalogue):
    """The generated column holds search_vector(search_fields(model)), fields in their
    order (the order of the words, which ranking several words reads), and follows edits."""
    catalogue.synopsis = "Renée Ballard works the late show."
    catalogue.save()
    for model in [Series, Episode, Person, Character]:
        rows = model.objects.annotate(expected=search_vector(search_fields(model)))
        pairs = list(rows.values_list("search_document", "expected"))
        assert pairs
        assert all(stored == expected for stored, expected in pairs), model
    assert Series.objects.search("late show").get() == catalogue


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text index")
def test_postgresql_search_uses_the_gin_index(catalogue):
    from django.db import connection as pg

    with pg.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    plan = Series.objects.search("ballard").explain()
    assert "series_search_document" in plan


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram suggestions need PostgreSQL"
)


@on_postgresql
@pytest.mark.parametrize(
    ("typed", "meant"),
    [("harry bosh", "Harry Bosch"), ("balard", "Ballard"), ("titus weliver", "Titus Welliver")],
)
def test_a_misspelt_search_suggests_the_published_names_it_may_mean(
    client, catalogue, typed, meant
):
    from franchise.search import spelling_suggestions

    PersonFactory(name="Titus Welliver", slug="titus-welliver")
    CharacterFactory(name="Harry Bosch", slug="harry-bosch")
    CharacterFactory(name="Secret Bosch", slug="secret-bosch", status=DRAFT)
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert "Did you mean" in text(response)
    assert re.search(
        rf'class="results-list__title" href="/[a-z]+/[a-z-]+/">{meant}<', response.content.decode()
    )
    names = [suggestion.name for suggestion in spelling_suggestions(typed)]
    assert names[0] == meant
    assert "Secret Bosch" not in names and "Secret Ballard Spin-off" not in names


@on_postgresql
def test_suggestions_read_the_trigram_indexes(catalogue):
    from django.db import connection as pg

    from catalog.search import similar_names

    with pg.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    assert "person_name_trigram" in similar_names(Person.objects.all(), "name", "tytus").explain()


def test_without_postgresql_or_words_there_are_no_suggestions_and_no_error(catalogue):
    from franchise.search import spelling_suggestions

    assert spelling_suggestions("!!!") == []
    if connection.vendor != "postgresql":
        assert spelling_suggestions("balard") == []
