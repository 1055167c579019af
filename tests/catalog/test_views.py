"""What an anonymous visitor sees on the catalogue's pages, and that drafts never show."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.factories import (
    CitationFactory,
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
    SourceFactory,
)
from catalog.models import ClaimVerdict, CreditRole, ReviewKind, RunStatus
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import AppearanceKind, LinkKind

pytestmark = pytest.mark.django_db

DRAFT = "draft"


def text(response) -> str:
    """The page's visible text, tags stripped, footnote markers left out and whitespace
    collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<sup class="fn">.*?</sup>', "", html, flags=re.S)  # footnote markers
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def card_titles(response) -> list[str]:
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)<', response.content.decode())


@pytest.fixture
def bosch():
    network = NetworkFactory(name="Prime Video", slug="prime-video")
    crime = GenreFactory(name="Crime drama", slug="crime-drama")
    return SeriesFactory(
        title="Bosch",
        slug="bosch",
        network=network,
        genres=[crime],
        premiere_date=datetime.date(2014, 2, 6),
        finale_date=datetime.date(2021, 6, 25),
        run_status=RunStatus.ENDED,
        synopsis="An LAPD homicide detective works the cases nobody else will.",
        based_on="Harry Bosch novels by Michael Connelly",
    )


# Every page: metadata, landmarks, no inline style or script


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/series/",
        "/series/bosch/",
        "/series/bosch/season/1/",
        "/series/bosch/season/1/episode/1/",
        "/people/",
        "/people/titus-welliver/",
        "/characters/",
        "/characters/harry-bosch/",
        "/universes/",
        "/universes/bosch-universe/",
        "/universes/bosch-universe/watch-order/",
        "/universes/bosch-universe/watch-order/?essentials=1&episodes=1",
        "/universes/bosch-universe/graph/",
        "/connections/",
        "/connections/?from=the-lincoln-lawyer&to=ballard",
        "/search/?q=bosch",
    ],
)
def test_every_page_has_metadata_landmarks_and_no_inline_code(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    head = html[: html.index("</head>")]
    assert head.count("<title>") == 1  # an inline SVG may have titles of its own
    assert '<meta name="description" content="' in html
    assert '<link rel="canonical" href="http://testserver' in html
    assert '<meta property="og:title"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'role="search"' in html and 'name="q"' in html
    assert " style=" not in html and "<style" not in html
    # JSON-LD, or an empty module element loading a static file (progressive enhancement):
    # never inline code.
    scripts = re.findall(r"<script[^>]*>(?:</script>)?", html)
    module = re.compile(r'<script type="module" src="/static/js/[\w.-]+\.js"></script>')
    assert all(
        tag == '<script type="application/ld+json">' or module.fullmatch(tag) for tag in scripts
    )
    assert "Content-Security-Policy" in response.headers
    if url != "/search/?q=bosch":
        assert jsonld(response), "every indexable page has JSON-LD"


def test_page_titles_are_unique(seeded, client):
    urls = [
        "/",
        "/series/",
        "/series/bosch/",
        "/series/bosch-legacy/",
        "/series/bosch/season/1/",
        "/series/bosch/season/2/",
        "/series/bosch/season/1/episode/1/",
        "/series/bosch/season/1/episode/2/",
        "/people/",
        "/people/titus-welliver/",
        "/characters/",
        "/characters/harry-bosch/",
        "/universes/",
        "/universes/bosch-universe/",
        "/universes/bosch-universe/watch-order/",
        "/universes/bosch-universe/graph/",
        "/connections/",
        "/connections/?from=bosch&to=ballard",
    ]
    titles = [
        re.search(r"<title>(.*?)</title>", client.get(u).content.decode()).group(1) for u in urls
    ]
    assert len(set(titles)) == len(titles), titles


# Home


def test_home_shows_universes_featured_and_recent_series(seeded, client):
    response = client.get("/")
    page = text(response)
    assert response.status_code == 200
    assert "Bosch universe" in page
    assert "Best reviewed" in page and "Recently premiered" in page
    assert 'href="/series/ballard/"' in response.content.decode()
    assert {"@type": "SearchAction"}.items() <= jsonld(response)[0]["potentialAction"].items()


def test_home_hides_draft_series(client, bosch):
    SeriesFactory(title="Secret Draft Show", status=DRAFT)
    page = text(client.get("/"))
    assert "Bosch" in page
    assert "Secret Draft Show" not in page


# Series list


def test_series_list_shows_cards_of_published_series(client, bosch):
    SeasonFactory(series=bosch, number=1)
    SeasonFactory(series=bosch, number=2)
    SeasonFactory(series=bosch, number=3, status=DRAFT)
    ReviewFactory(
        series=bosch,
        kind=ReviewKind.AGGREGATE,
        outlet="Rotten Tomatoes",
        score=Decimal(94),
        scale=Decimal(100),
    )
    SeriesFactory(title="Secret Draft Show", status=DRAFT)
    response = client.get("/series/")
    page = text(response)
    assert response.status_code == 200
    assert "1 series" in page
    assert "Bosch" in page and "Prime Video" in page and "2014–2021" in page
    assert "Ended" in page and "Crime drama" in page
    assert "Seasons 2" in page
    assert "94% Rotten Tomatoes" in page
    assert "Secret Draft Show" not in page


def test_series_list_filters_show_as_removable_chips(client, bosch):
    netflix = NetworkFactory(name="Netflix", slug="netflix")
    SeriesFactory(
        title="The Lincoln Lawyer", network=netflix, premiere_date=datetime.date(2022, 5, 13)
    )
    response = client.get("/series/?network=prime-video&year_from=2010&year_to=2015")
    page = text(response)
    assert response.status_code == 200
    assert "Bosch" in page and "The Lincoln Lawyer" not in page
    html = response.content.decode()
    assert "Network: Prime Video" in page
    assert 'href="?year_from=2010&amp;year_to=2015"' in html  # removes the network only
    assert "Premiered from: 2010" in page
    assert 'href="/series/">Clear all filters' in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("genre=legal-drama", "The Lincoln Lawyer", "Bosch"),
        ("status=renewed", "The Lincoln Lawyer", "Bosch"),
        ("universe=bosch-universe", "Bosch", "The Lincoln Lawyer"),
        ("year_from=2020", "The Lincoln Lawyer", "Bosch"),
        ("year_to=2020", "Bosch", "The Lincoln Lawyer"),
        ("q=haller", "The Lincoln Lawyer", "Bosch"),
        ("q=DETECTIVE", "Bosch", "The Lincoln Lawyer"),
    ],
)
def test_series_list_filters(client, bosch, query, shown, hidden):
    legal = GenreFactory(name="Legal drama", slug="legal-drama")
    SeriesFactory(
        title="The Lincoln Lawyer",
        network=NetworkFactory(name="Netflix", slug="netflix"),
        genres=[legal],
        premiere_date=datetime.date(2022, 5, 13),
        run_status=RunStatus.RENEWED,
        synopsis="Mickey Haller runs his law practice from a Lincoln.",
    )
    UniverseMembershipFactory(universe=UniverseFactory(slug="bosch-universe"), series=bosch)
    page = text(client.get(f"/series/?{query}"))
    assert shown in page
    assert f"{hidden} " not in page.replace("Bosch universe", "")


def test_series_list_orders_by_score_and_premiere(client, bosch):
    legacy = SeriesFactory(title="Bosch: Legacy", premiere_date=datetime.date(2022, 5, 6))
    ReviewFactory(series=bosch, kind=ReviewKind.AGGREGATE, score=Decimal(80), scale=Decimal(100))
    ReviewFactory(series=legacy, kind=ReviewKind.AGGREGATE, score=Decimal(95), scale=Decimal(100))
    SeriesFactory(title="Unscored", premiere_date=datetime.date(2000, 1, 1))

    def order(query):
        return card_titles(client.get(f"/series/?{query}"))

    assert order("ordering=-score") == ["Bosch: Legacy", "Bosch", "Unscored"]
    assert order("ordering=premiere") == ["Unscored", "Bosch", "Bosch: Legacy"]
    assert order("ordering=-premiere") == ["Bosch: Legacy", "Bosch", "Unscored"]
    assert order("") == ["Bosch", "Bosch: Legacy", "Unscored"]


def test_series_list_empty_result_says_so_and_offers_to_clear(client, bosch):
    response = client.get("/series/?q=zzzzzz")
    page = text(response)
    assert response.status_code == 200
    assert "0 series" in page
    assert "No series match these filters." in page
    assert 'href="/series/">clear all filters</a>' in response.content.decode()


def test_series_list_paginates_24_a_page(client):
    for n in range(25):
        SeriesFactory(title=f"Series {n:02d}")
    first, second = client.get("/series/"), client.get("/series/?page=2")
    assert len(card_titles(first)) == 24
    assert "Page 1 of 2" in text(first)
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert card_titles(second) == ["Series 24"]
    assert '<link rel="canonical" href="http://testserver/series/?page=2">' in (
        second.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("network=nope", "There is no network “nope”: that filter was ignored."),
        ("genre=nope", "There is no genre “nope”"),
        ("status=paused", "There is no status “paused”"),
        ("universe=nope", "There is no universe “nope”"),
        ("ordering=sideways", "There is no sort order “sideways”: sorted by title instead."),
        ("year_from=soon", "“soon” is not a year between 1900 and 2100"),
        ("year_to=99999999999999999999999", "is not a year between 1900 and 2100"),
        ("year_from=1.5", "“1.5” is not a year"),
        ("page=abc", "“abc” is not a page number: showing page 1."),
        ("page=0", "“0” is not a page number"),
        ("page=-1", "“-1” is not a page number"),
        ("page=99", "There is no page 99: showing the last page, page 1."),
        ("page=99999999999999999999", "is not a page number"),
        ("q=" + "x" * 5000, "limited to 200 characters"),
    ],
)
def test_series_list_bad_input_is_a_clean_400_that_says_what_was_ignored(
    client, bosch, query, message
):
    response = client.get(f"/series/?{query}")
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Bosch" in page, "the rest of the request still applies"


@pytest.mark.parametrize("query", ["q=bos%00ch", "network=prime%00", "page=1%00", "x%00=1"])
def test_nul_bytes_in_the_query_string_are_a_clean_400(client, bosch, query):
    response = client.get(f"/series/?{query}")
    assert response.status_code == 400
    assert "NUL character" in text(response)


def test_unknown_parameters_are_ignored(client, bosch):
    assert client.get("/series/?utm_source=mail").status_code == 200


# Series page


@pytest.fixture
def bosch_page(bosch):
    """Bosch with everything its page shows, and a draft of each kind beside it."""
    season1 = SeasonFactory(series=bosch, number=1, premiere_date=datetime.date(2014, 2, 6))
    EpisodeFactory.create_batch(3, season=season1)
    EpisodeFactory(season=season1, status=DRAFT)
    SeasonFactory(series=bosch, number=2, status=DRAFT)

    connelly = PersonFactory(name="Michael Connelly", slug="michael-connelly")
    CreditFactory(person=connelly, series=bosch, role=CreditRole.CREATOR)
    CreditFactory(
        person=PersonFactory(name="Eric Overmyer"),
        series=bosch,
        role=CreditRole.SHOWRUNNER,
        note="seasons 1–3",
    )
    CreditFactory(person=PersonFactory(name="Hidden Producer", status=DRAFT), series=bosch)

    welliver = PersonFactory(name="Titus Welliver", slug="titus-welliver")
    harry = CharacterFactory(name="Harry Bosch", slug="harry-bosch")
    AppearanceFactory(character=harry, series=bosch, performer=welliver)
    AppearanceFactory(
        character=CharacterFactory(name="Jerry Edgar"),
        series=bosch,
        performer=PersonFactory(name="Jamie Hector"),
    )
    AppearanceFactory(
        character=CharacterFactory(name="Honey Chandler"),
        series=bosch,
        kind=AppearanceKind.RECURRING,
        performer=PersonFactory(name="Mimi Rogers"),
    )
    guest_episode = season1.episodes.first()
    AppearanceFactory(
        character=CharacterFactory(name="Raynard Waits"),
        episode=guest_episode,
        performer=PersonFactory(name="Jason Gedrick"),
    )
    AppearanceFactory(
        character=CharacterFactory(name="Secret Character", status=DRAFT), series=bosch
    )
    AppearanceFactory(
        character=CharacterFactory(name="Visible Character"),
        series=bosch,
        performer=PersonFactory(name="Secret Performer", status=DRAFT),
    )

    ReviewFactory(
        series=bosch,
        outlet="The Review Desk",
        critic="Ann Critic",
        score=Decimal("8.5"),
        scale=Decimal(10),
        excerpt="Patient, procedural and very good.",
        url="https://reviews.example.com/bosch",
    )
    ReviewFactory(series=bosch, outlet="Draft Outlet", status=DRAFT)
    ReviewFactory(
        season=season1,
        kind=ReviewKind.AGGREGATE,
        outlet="Rotten Tomatoes",
        score=Decimal(84),
        scale=Decimal(100),
    )

    legacy = SeriesFactory(title="Bosch: Legacy", slug="bosch-legacy")
    SeriesLinkFactory(source=legacy, target=bosch, kind=LinkKind.SPIN_OFF_OF)
    prequel = SeriesFactory(title="Young Bosch")
    SeriesLinkFactory(source=bosch, target=prequel, kind=LinkKind.SEQUEL_TO)
    draft_spinoff = SeriesFactory(title="Secret Spin-off", status=DRAFT)
    SeriesLinkFactory(source=draft_spinoff, target=bosch, kind=LinkKind.SPIN_OFF_OF)

    article = SourceFactory(title="Bosch is the best show ever", publisher="Content Farm")
    ClaimFactory(
        made_in=article,
        series=bosch,
        text="Bosch ran for twelve seasons",
        verdict=ClaimVerdict.CONTRADICTED,
        evidence="It ran for seven seasons.",
    )
    ClaimFactory(
        made_in=article, series=bosch, text="Critics adored it", verdict=ClaimVerdict.UNVERIFIED
    )
    ClaimFactory(
        made_in=article, series=bosch, text="It premiered in 2014", verdict=ClaimVerdict.CONFIRMED
    )
    ClaimFactory(made_in=article, series=bosch, text="A hidden claim", status=DRAFT)

    CitationFactory(
        content_object=bosch,
        source=SourceFactory(title="Bosch (TV series)", publisher="Wikipedia"),
    )
    CitationFactory(
        content_object=bosch, source=SourceFactory(title="Bosch renewed", publisher="Deadline")
    )
    return bosch


def test_series_page_shows_the_record(client, bosch_page):
    response = client.get("/series/bosch/")
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Bosch</h1>" in response.content.decode()
    for fact in [
        "Prime Video",
        "6 Feb 2014 – 25 Jun 2021",
        "Ended",
        "Crime drama",
        "An LAPD homicide detective",
        "Harry Bosch novels by Michael Connelly",
    ]:
        assert fact in page


def test_series_page_shows_creators_and_showrunners(client, bosch_page):
    page = text(client.get("/series/bosch/"))
    assert "Creator Michael Connelly" in page
    assert "Showrunner Eric Overmyer (seasons 1–3)" in page
    assert "Hidden Producer" not in page


def test_series_page_shows_published_seasons_with_published_episode_counts(client, bosch_page):
    response = client.get("/series/bosch/")
    page = text(response)
    assert "Season 1 6 Feb 2014 — 3" in page
    assert "Season 2" not in page
    assert 'href="/series/bosch/season/1/"' in response.content.decode()


def test_series_page_groups_cast_as_performer_as_character(client, bosch_page):
    page = text(client.get("/series/bosch/"))
    main = page.index("Main cast")
    recurring = page.index("Recurring")
    guests = page.index("Guest stars")
    assert main < page.index("Titus Welliver as Harry Bosch") < recurring
    assert main < page.index("Jamie Hector as Jerry Edgar") < recurring
    assert recurring < page.index("Mimi Rogers as Honey Chandler") < guests
    assert guests < page.index("Jason Gedrick as Raynard Waits in 1×1")
    assert "Secret Character" not in page
    assert "Visible Character" in page and "Secret Performer" not in page


def test_series_page_shows_reviews_with_score_scale_and_link(client, bosch_page):
    response = client.get("/series/bosch/")
    page = text(response)
    assert "The Review Desk , Ann Critic" in page or "The Review Desk, Ann Critic" in page
    assert "8.5/10" in page
    assert "Patient, procedural and very good." in page
    assert 'href="https://reviews.example.com/bosch"' in response.content.decode()
    assert "84% Season 1 Rotten Tomatoes" in page
    assert "Draft Outlet" not in page


def test_series_page_labels_related_series_from_both_sides(client, bosch_page):
    page = text(client.get("/series/bosch/"))
    assert "Spun off into Bosch: Legacy" in page
    assert "Sequel to Young Bosch" in page
    assert "Secret Spin-off" not in page
    legacy = text(client.get("/series/bosch-legacy/"))
    assert "Spin-off of Bosch" in legacy


def test_series_page_never_presents_a_doubtful_claim_as_fact(client, bosch_page):
    page = text(client.get("/series/bosch/"))
    assert "Claims made in Content Farm: Bosch is the best show ever" in page
    assert "Contradicted The evidence says this is not true. Bosch ran for twelve seasons" in page
    assert "Evidence: It ran for seven seasons." in page
    assert "Unverified Not established: no source bears it out. Critics adored it" in page
    assert "Confirmed It premiered in 2014" in page
    assert "A hidden claim" not in page


def test_series_page_lists_sources_as_numbered_footnotes(client, bosch_page):
    response = client.get("/series/bosch/")
    html = response.content.decode()
    assert '<li id="source-1" value="1"' in html and '<li id="source-2" value="2"' in html
    assert 'href="#source-1"' in html
    assert "Wikipedia" in text(response) and "Deadline" in text(response)


def test_series_page_json_ld_describes_the_tv_series(client, bosch_page):
    data = jsonld(client.get("/series/bosch/"))
    series = next(d for d in data if d["@type"] == "TVSeries")
    assert series["name"] == "Bosch"
    assert series["startDate"] == "2014-02-06"
    assert series["numberOfSeasons"] == 1 and series["numberOfEpisodes"] == 3
    assert {"@type": "Person", "name": "Michael Connelly"}.items() <= series["creator"][0].items()
    assert series["review"][0]["reviewRating"]["ratingValue"] == "8.5"
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Home", "Series", "Bosch"]


def test_json_ld_escapes_record_text(client):
    SeriesFactory(slug="xss", title="</script><script>alert(1)</script>", synopsis="a & b")
    html = client.get("/series/xss/").content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # the visible title, escaped


def test_draft_or_unknown_series_is_not_found(client):
    SeriesFactory(slug="secret", status=DRAFT)
    for url in ["/series/secret/", "/series/no-such-series/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "No file at this address" in text(response)


# Season page


def test_season_page_lists_episodes_with_crew_and_neighbours(client, bosch):
    seasons = [SeasonFactory(series=bosch, number=n) for n in (1, 2, 3)]
    season = seasons[1]
    first = EpisodeFactory(
        season=season, number=1, title="The First", air_date=datetime.date(2016, 3, 11)
    )
    EpisodeFactory(season=season, number=2, title="")
    EpisodeFactory(season=season, number=3, title="Draft Episode", status=DRAFT)
    CreditFactory(
        episode=first, role=CreditRole.DIRECTOR, person=PersonFactory(name="Ernest Dickerson")
    )
    CreditFactory(episode=first, role=CreditRole.WRITER, person=PersonFactory(name="Eric Overmyer"))
    response = client.get("/series/bosch/season/2/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Season 2" in page
    # Each row: its number, the "watched" box (franchise's progress), title, date, crew.
    assert "1 Watched The First The First 11 Mar 2016 Ernest Dickerson Eric Overmyer" in page
    assert "Episode 2 — title not yet sourced" in page
    assert "Draft Episode" not in page
    assert 'href="/series/bosch/season/1/"' in html and 'href="/series/bosch/season/3/"' in html
    assert jsonld(response)[-1]["@type"] == "TVSeason"


def test_specials_are_season_zero(client, bosch):
    SeasonFactory(series=bosch, number=0)
    response = client.get("/series/bosch/season/0/")
    assert response.status_code == 200
    assert "Specials" in text(response)


@pytest.mark.parametrize(
    "number", ["x", "1.5", "-1", "01x", "99999", "999999999999999999999", "%20", "7"]
)
def test_impossible_or_unknown_season_is_not_found(client, bosch, number):
    SeasonFactory(series=bosch, number=1)
    assert client.get(f"/series/bosch/season/{number}/").status_code == 404


def test_draft_season_and_season_of_draft_series_are_not_found(client, bosch):
    SeasonFactory(series=bosch, number=1, status=DRAFT)
    SeasonFactory(series=SeriesFactory(slug="secret", status=DRAFT), number=1)
    assert client.get("/series/bosch/season/1/").status_code == 404
    assert client.get("/series/secret/season/1/").status_code == 404


# Episode page


def test_episode_page_shows_episode_credits_characters_and_neighbours(client, bosch):
    season1 = SeasonFactory(series=bosch, number=1)
    season2 = SeasonFactory(series=bosch, number=2)
    last_of_1 = EpisodeFactory(season=season1, number=10, title="Us and Them")
    episode = EpisodeFactory(
        season=season2,
        number=1,
        title="The Thing You Fear the Most",
        air_date=datetime.date(2016, 3, 11),
        runtime_minutes=52,
        synopsis="Bosch goes to Las Vegas.",
    )
    EpisodeFactory(season=season2, number=2, title="")
    CreditFactory(
        episode=episode, role=CreditRole.DIRECTOR, person=PersonFactory(name="Ernest Dickerson")
    )
    AppearanceFactory(
        episode=episode,
        character=CharacterFactory(name="Eleanor Wish"),
        performer=PersonFactory(name="Sarah Clarke"),
    )
    AppearanceFactory(
        series=bosch,
        character=CharacterFactory(name="Harry Bosch"),
        performer=PersonFactory(name="Titus Welliver"),
    )
    response = client.get("/series/bosch/season/2/episode/1/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The Thing You Fear the Most" in page
    assert "Friday 11 March 2016" in page and "52 minutes" in page
    assert "Bosch goes to Las Vegas." in page
    assert "Director Ernest Dickerson" in page
    assert "Sarah Clarke as Eleanor Wish" in page
    assert "Main cast of the series" in page and "Titus Welliver as Harry Bosch" in page
    assert f'href="{last_of_1.get_absolute_url()}"' in html  # across the season boundary
    assert "2×2 Episode 2 — title not yet sourced" in page
    episode_ld = next(d for d in jsonld(response) if d["@type"] == "TVEpisode")
    assert episode_ld["timeRequired"] == "PT52M" and episode_ld["episodeNumber"] == 1


def test_untitled_episode_is_shown_as_not_yet_sourced(client, bosch):
    EpisodeFactory(season=SeasonFactory(series=bosch, number=1), number=9, title="")
    response = client.get("/series/bosch/season/1/episode/9/")
    assert "Episode 9 — title not yet sourced" in text(response)


@pytest.mark.parametrize("number", ["0", "x", "1.0", "99999", "123456789012345678901234567890"])
def test_impossible_episode_number_is_not_found(client, bosch, number):
    EpisodeFactory(season=SeasonFactory(series=bosch, number=1), number=1)
    assert client.get(f"/series/bosch/season/1/episode/{number}/").status_code == 404


def test_draft_episode_or_episode_of_draft_season_is_not_found(client, bosch):
    EpisodeFactory(season=SeasonFactory(series=bosch, number=1), number=1, status=DRAFT)
    EpisodeFactory(season=SeasonFactory(series=bosch, number=2, status=DRAFT), number=1)
    assert client.get("/series/bosch/season/1/episode/1/").status_code == 404
    assert client.get("/series/bosch/season/2/episode/1/").status_code == 404


# People


def test_people_list_shows_published_people_and_what_they_did(client, bosch):
    CreditFactory(
        person=PersonFactory(name="Michael Connelly"), series=bosch, role=CreditRole.CREATOR
    )
    AppearanceFactory(
        series=bosch,
        character=CharacterFactory(name="Harry Bosch"),
        performer=PersonFactory(name="Titus Welliver"),
    )
    PersonFactory(name="Secret Person", status=DRAFT)
    page = text(client.get("/people/"))
    assert "Michael Connelly Creator on Bosch" in page
    assert "Titus Welliver plays Harry Bosch in Bosch" in page
    assert "Secret Person" not in page


def test_person_page_shows_credits_and_characters_across_series(client, bosch):
    welliver = PersonFactory(name="Titus Welliver", slug="titus-welliver", bio="Actor.")
    legacy = SeriesFactory(title="Bosch: Legacy", premiere_date=datetime.date(2022, 5, 6))
    harry = CharacterFactory(name="Harry Bosch")
    AppearanceFactory(series=bosch, character=harry, performer=welliver)
    AppearanceFactory(series=legacy, character=harry, performer=welliver)
    episode = EpisodeFactory(season=SeasonFactory(series=legacy, number=2), number=9)
    CreditFactory(person=welliver, episode=episode, role=CreditRole.WRITER)
    secret = SeriesFactory(title="Secret Show", status=DRAFT)
    CreditFactory(person=welliver, series=secret, role=CreditRole.DIRECTOR)
    response = client.get("/people/titus-welliver/")
    page = text(response)
    assert response.status_code == 200
    assert "Characters played Harry Bosch 2 shows Bosch (main) → , Bosch: Legacy (main)" in page
    work = page[page.index("Credits and roles") :]
    assert work.index("Bosch 2014–2021") < work.index("Bosch: Legacy")
    assert "Plays Harry Bosch (main)" in page
    assert "Writer : 1 episode, 2×9" in page or "Writer: 1 episode, 2×9" in page
    assert "Secret Show" not in page
    assert jsonld(response)[-1] == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Titus Welliver",
        "url": "http://testserver/people/titus-welliver/",
        "description": "Actor.",
        "birthDate": welliver.birth_date.isoformat(),
    }


def test_draft_person_is_not_found(client):
    PersonFactory(slug="secret", status=DRAFT)
    assert client.get("/people/secret/").status_code == 404


def test_people_list_bad_page_is_a_clean_400(client):
    PersonFactory()
    response = client.get("/people/?page=zz")
    assert response.status_code == 400
    assert "is not a page number" in text(response)


# Site-wide: sitemap, robots, error pages


def test_sitemap_lists_published_pages_only(client, bosch):
    season = SeasonFactory(series=bosch, number=1)
    EpisodeFactory(season=season, number=1)
    EpisodeFactory(season=season, number=2, status=DRAFT)
    SeriesFactory(slug="secret", status=DRAFT)
    PersonFactory(slug="titus-welliver")
    PersonFactory(slug="hidden-person", status=DRAFT)
    CharacterFactory(slug="harry-bosch")
    CharacterFactory(slug="hidden-character", status=DRAFT)
    UniverseFactory(slug="hidden-universe", status=DRAFT)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>(.*?)</loc>", index.content.decode())
    assert "http://testserver/sitemap-episodes.xml" in sections
    urls = set()
    for section in sections:
        urls |= set(re.findall(r"<loc>(.*?)</loc>", client.get(section).content.decode()))
    base = "http://testserver"
    assert {
        f"{base}/",
        f"{base}/series/bosch/",
        f"{base}/series/bosch/season/1/",
        f"{base}/series/bosch/season/1/episode/1/",
        f"{base}/people/titus-welliver/",
        f"{base}/characters/harry-bosch/",
    } <= urls
    assert not [url for url in urls if "secret" in url or "hidden" in url or "episode/2" in url]


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_error_pages_are_in_the_site_look(client, rf):
    from catalog import views

    not_found = client.get("/nothing-here/")
    assert not_found.status_code == 404
    assert "Showbible" in text(not_found) and 'role="search"' in not_found.content.decode()
    assert '<meta name="robots" content="noindex">' in not_found.content.decode()
    request = rf.get("/")
    assert views.bad_request(request, None).status_code == 400
    assert views.permission_denied(request, None).status_code == 403
    server_error = views.server_error(request)
    assert server_error.status_code == 500
    assert "Something went wrong on our side" in server_error.content.decode()
    assert "site.css" in server_error.content.decode()


def test_error_handlers_are_wired(settings):
    from config import urls

    assert urls.handler400 == "catalog.views.bad_request"
    assert urls.handler403 == "catalog.views.permission_denied"
    assert urls.handler404 == "catalog.views.page_not_found"
    assert urls.handler500 == "catalog.views.server_error"


def test_pages_answer_only_safe_methods(client, bosch):
    assert client.post(reverse("catalog:series_list")).status_code in (403, 405)


def test_series_list_offers_the_largest_universes_and_keeps_the_one_asked_for(
    client, bosch, monkeypatch
):
    """A generated catalogue has thousands of universes: the list offers the largest, and
    any other published one still filters, shown selected."""
    from catalog import filters

    big = UniverseFactory(name="Big universe", slug="big")
    UniverseMembershipFactory(universe=big, series=bosch)
    UniverseMembershipFactory(universe=big, series=SeriesFactory(title="Big two"))
    small = [UniverseFactory(name=f"Small {n}", slug=f"small-{n}") for n in range(3)]
    for universe in small:
        UniverseMembershipFactory(universe=universe, series=SeriesFactory(title=universe.name))
    monkeypatch.setattr(filters, "CHOICES_OFFERED", 2)
    html = client.get("/series/").content.decode()
    chosen = client.get("/series/?universe=small-2")
    options = re.findall(r'<option value="(big|small-\d)"', html)
    assert options == ["big", "small-0"]  # by size, then name; shown by name
    assert card_titles(chosen) == ["Small 2"]
    assert '<option value="small-2" selected>' in chosen.content.decode()
