"""Character and universe pages as an anonymous visitor sees them; drafts never show."""

import datetime
import json
import re

import pytest

from catalog.factories import EpisodeFactory, PersonFactory, SeasonFactory, SeriesFactory
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import AppearanceKind

pytestmark = pytest.mark.django_db

DRAFT = "draft"


def text(response) -> str:
    html = re.sub(r"<script[^>]*>.*?</script>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r'<sup class="fn">.*?</sup>', "", html, flags=re.S)  # footnote markers
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


@pytest.fixture
def universe():
    universe = UniverseFactory(
        name="Bosch universe", slug="bosch-universe", description="Connelly."
    )
    bosch = SeriesFactory(title="Bosch", slug="bosch", premiere_date=datetime.date(2014, 2, 6))
    legacy = SeriesFactory(
        title="Bosch: Legacy", slug="bosch-legacy", premiere_date=datetime.date(2022, 5, 6)
    )
    secret = SeriesFactory(title="Secret Series", status=DRAFT)
    for series in (bosch, legacy, secret):
        UniverseMembershipFactory(universe=universe, series=series)
    welliver = PersonFactory(name="Titus Welliver", slug="titus-welliver")
    harry = CharacterFactory(name="Harry Bosch", slug="harry-bosch", aliases="Hieronymus Bosch")
    AppearanceFactory(character=harry, series=bosch, performer=welliver, note="seasons 1–7")
    AppearanceFactory(character=harry, series=legacy, performer=welliver)
    AppearanceFactory(character=harry, series=secret, performer=welliver)
    episode = EpisodeFactory(
        season=SeasonFactory(series=legacy, number=1), number=8, title="Flashback"
    )
    AppearanceFactory(
        character=harry,
        episode=episode,
        kind=AppearanceKind.GUEST,
        performer=PersonFactory(name="Eamonn Welliver"),
        note="as a boy",
    )
    AppearanceFactory(
        character=CharacterFactory(name="Jerry Edgar", slug="jerry-edgar"), series=bosch
    )
    CharacterFactory(name="Secret Character", slug="secret-character", status=DRAFT)
    return universe


def test_character_list_shows_published_characters_and_who_plays_them(client, universe):
    response = client.get("/characters/")
    page = text(response)
    assert response.status_code == 200
    assert "Harry Bosch Crosses 2 shows Titus Welliver in Bosch ;" in page
    assert "; Titus Welliver in Bosch: Legacy" in page
    assert "Bosch (main) → , Bosch: Legacy (main)" in page
    assert 'href="/characters/jerry-edgar/"' in response.content.decode()
    assert "Secret" not in page


def test_character_page_shows_every_appearance_by_series(client, universe):
    response = client.get("/characters/harry-bosch/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Also known as Hieronymus Bosch" in page
    assert page.index("Bosch ") < page.index("Bosch: Legacy")
    assert "Played by Titus Welliver" in page
    assert "Whole series — seasons 1–7" in page
    assert "1×8 Flashback — as a boy (Eamonn Welliver)" in page
    assert 'href="/series/bosch-legacy/season/1/episode/8/"' in html
    assert 'href="/people/titus-welliver/"' in html
    assert "Secret Series" not in page
    person = next(d for d in jsonld(response) if d["@type"] == "Person")
    assert [s["name"] for s in person["subjectOf"]] == ["Bosch", "Bosch: Legacy"]


def test_draft_or_unknown_character_is_not_found(client, universe):
    assert client.get("/characters/secret-character/").status_code == 404
    assert client.get("/characters/nobody/").status_code == 404


def test_universe_list_shows_published_universes_with_their_series(client, universe):
    UniverseFactory(name="Secret Universe", status=DRAFT)
    page = text(client.get("/universes/"))
    assert "Bosch universe" in page
    assert "2 series Bosch Bosch: Legacy" in page
    assert "Secret" not in page


def test_universe_page_lists_member_series_in_order_and_characters(client, universe):
    response = client.get("/universes/bosch-universe/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    titles = re.findall(r'class="card__link" href="[^"]+">([^<]+)<', html)
    assert titles == ["Bosch", "Bosch: Legacy"]
    assert "Harry Bosch 2 series" in page
    assert 'href="/characters/jerry-edgar/"' in html
    assert "Secret" not in page
    data = next(d for d in jsonld(response) if d["@type"] == "CreativeWorkSeries")
    assert [part["name"] for part in data["hasPart"]] == ["Bosch", "Bosch: Legacy"]


def test_draft_universe_is_not_found(client):
    UniverseFactory(slug="secret", status=DRAFT)
    assert client.get("/universes/secret/").status_code == 404


def test_series_page_links_to_its_universe_and_characters(client, universe):
    html = client.get("/series/bosch/").content.decode()
    assert 'href="/universes/bosch-universe/">Bosch universe</a>' in html
    assert 'href="/characters/harry-bosch/"' in html


def test_character_and_universe_lists_reject_bad_pages_cleanly(client, universe):
    for url in ["/characters/?page=two", "/universes/?page=9"]:
        response = client.get(url)
        assert response.status_code == 400
        assert "page" in text(response)


def test_seeded_universe_pages_link_correctly(seeded, client):
    """The seed's universe: series page → character → person → another series."""
    ballard = client.get("/series/ballard/").content.decode()
    assert 'href="/characters/renee-ballard/"' in ballard
    character = client.get("/characters/renee-ballard/").content.decode()
    assert 'href="/people/maggie-q/"' in character
    person = client.get("/people/maggie-q/").content.decode()
    assert 'href="/series/bosch-legacy/"' in person
    legacy = text(client.get("/series/bosch-legacy/"))
    assert "Spin-off of Bosch" in legacy and "Spun off into Ballard" in legacy


def test_character_list_offers_the_newest_series_and_keeps_the_one_asked_for(client, monkeypatch):
    """A generated catalogue has thousands of series: the filter offers the newest, and
    any other published series still filters, shown selected."""
    from catalog import filters

    old = SeriesFactory(title="Old show", slug="old-show", premiere_date=datetime.date(1990, 1, 1))
    for year in (2020, 2021, 2022):
        SeriesFactory(
            title=f"Show {year}", slug=f"show-{year}", premiere_date=datetime.date(year, 1, 1)
        )
    AppearanceFactory(series=old, character__name="Old Timer")
    monkeypatch.setattr(filters, "CHOICES_OFFERED", 2)
    html = client.get("/characters/").content.decode()
    chosen = client.get("/characters/?series=old-show").content.decode()
    assert re.findall(r'<option value="((?:old-)?show[-\d]*)"', html) == ["show-2021", "show-2022"]
    assert '<option value="old-show" selected>' in chosen
    assert "Old Timer" in chosen


def test_crossers_are_counted_no_further_than_a_limit(client, monkeypatch):
    """Whether a character crosses is worked out per character: the crossers-only list
    counts up to CROSSERS_COUNTED ("2+"), so its cost does not grow with the catalogue."""
    from franchise import views

    first, second = SeriesFactory(title="First"), SeriesFactory(title="Second")
    for name in ("Ann Crosser", "Bob Crosser", "Cy Crosser"):
        crosser = AppearanceFactory(series=first, character__name=name).character
        AppearanceFactory(series=second, character=crosser)
    AppearanceFactory(series=first, character__name="Dee Homebody")
    monkeypatch.setattr(views, "CROSSERS_COUNTED", 2)
    page = client.get("/characters/?crossers=1").content.decode()
    assert re.search(r"2\+\s+characters", page)
    assert "Ann Crosser" in page and "Bob Crosser" in page and "Dee Homebody" not in page
    assert re.search(r"4\s+characters", client.get("/characters/").content.decode())


@pytest.mark.parametrize(
    ("url", "order"),
    [
        ("/no-such-page/", ["/series/", "/people/", "/characters/", "/universes/"]),
        ("/search/", ["/series/", "/characters/", "/people/", "/universes/"]),
    ],
)
def test_pages_offer_every_list_to_browse_the_franchise_ones_included(db, client, url, order):
    """catalog's browse_links knows only its own lists; franchise adds characters and
    universes (catalog.page_parts.add_browse_list)."""
    html = client.get(url).content.decode()
    paragraph = re.search(r"Or browse (.*?)\.\s*</p>", html, re.S)
    assert paragraph, url
    assert re.findall(r'href="([^"]+)"', paragraph.group(1)) == order
