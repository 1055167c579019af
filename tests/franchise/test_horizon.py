"""The spoiler horizon (franchise.horizon): its cookie, the page that sets it, and the walk
through every public page of the seed with it set at Bosch: Legacy 2×4 (release order),
where nothing later may show outside a `<details class="spoiler">` block."""

import html as html_lib
import re

import pytest
from django.core import signing
from django.urls import reverse

from catalog.models import Claim, Episode, Person, Season, Series
from franchise.horizon import COOKIE, cookie_value, read_horizon
from franchise.models import Character, Universe

pytestmark = pytest.mark.django_db

UNIVERSE = "bosch-universe"
SPOILER = re.compile(r'<details class="spoiler">.*?</details>', re.S)
# The pages Renée Ballard's first appearance is about, as they would name it.
FIRST_APPEARANCE = [
    "Dig Down",
    "Hand-off to Ballard",
    "first screen appearance",
    "backdoor pilot",
    "introduced Renée Ballard",
    "Maggie Q as Renée Ballard",
]


def episode(series: str, season: int, number: int) -> Episode:
    return Episode.objects.get(season__series__slug=series, season__number=season, number=number)


def set_horizon(client, series="bosch-legacy", season=2, number=4, kind="release"):
    pk = episode(series, season, number).pk
    client.cookies[COOKIE] = cookie_value(UNIVERSE, kind, pk)
    return pk


def visible(html: str) -> str:
    """The page's text outside spoiler blocks (its head included: title, description and
    structured data must not tell either), tags stripped, entities decoded."""
    html = re.sub(r"<style[^>]*>.*?</style>", " ", html, flags=re.S)
    html = SPOILER.sub(" ", html)
    html = re.sub(r'<(meta|link)\b[^>]*content="([^"]*)"[^>]*>', r" \2 ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(text).split())


def later_things(horizon_episode: int) -> dict[str, set[str]]:
    """What comes after the horizon, read from the database: titles and synopses of later
    episodes, synopses of later seasons and series, claims about later series."""
    horizon = read_horizon(cookie_value(UNIVERSE, "release", horizon_episode))
    later = [pk for pk in horizon.sequence.episode_ids if horizon.is_later_episode(pk)]
    episodes = Episode.objects.filter(pk__in=later)
    seasons = [s for s in Season.objects.all() if horizon.is_later_season(s.pk)]
    series = [s for s in Series.objects.all() if horizon.is_later_series(s.pk)]

    def snippet(text: str) -> str:
        return " ".join(text.split())[:60]

    return {
        "titles": {e.title for e in episodes if e.title},
        "synopses": {snippet(e.synopsis) for e in episodes if e.synopsis},
        "seasons": {snippet(s.synopsis) for s in seasons if s.synopsis}
        | {snippet(s.synopsis) for s in series if s.synopsis},
        "claims": {
            snippet(c.text)
            for c in Claim.objects.filter(series__in=series)
            if len(c.text) > 25  # a short claim ("10-episode series") names nothing
        },
    }


def public_pages() -> list[str]:
    """Every public page of the seed a visitor can reach, and a few of the finders'."""
    pages = ["/", "/series/", "/people/", "/characters/", "/universes/"]
    for series in Series.objects.published():
        pages.append(series.get_absolute_url())
        pages.append(reverse("franchise:before_series", args=[series.slug]))
        for season in series.seasons.published():
            pages.append(season.get_absolute_url())
            pages.append(reverse("franchise:before_season", args=[series.slug, season.number]))
            pages += [e.get_absolute_url() for e in season.episodes.published()]
    pages += [p.get_absolute_url() for p in Person.objects.published()]
    pages += [c.get_absolute_url() for c in Character.objects.published()]
    for universe in Universe.objects.published():
        watch_order = reverse("franchise:watch_order", args=[universe.slug])
        pages += [
            universe.get_absolute_url(),
            watch_order,
            f"{watch_order}?episodes=1",
            f"{watch_order}?essentials=1&episodes=1",
            f"{watch_order}?order=story&episodes=1",
            f"{watch_order}?order=essentials",
            f"{watch_order}?order=essentials&episodes=1",
            reverse("franchise:graph", args=[universe.slug]),
        ]
    connections = reverse("franchise:connections")
    pages += [
        f"{connections}?from=bosch&to=ballard",
        f"{connections}?from=the-lincoln-lawyer&to=ballard",
        f"{connections}?from=bosch-legacy&to=ballard",
        f"{connections}?from=bosch&to=the-lincoln-lawyer",
    ]
    search = reverse("franchise:search")
    pages += [f"{search}?q=Ballard", f"{search}?q=Dig+Down", f"{search}?q=Ballard&kind=episodes"]
    return pages


def details_blocks(html: str) -> str:
    return " ".join(SPOILER.findall(html))


# The cookie


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "",
        signing.dumps({"u": UNIVERSE, "o": "release", "e": 1}, salt="another.salt"),
        signing.dumps(["bosch-universe", "release", 1], salt="showbible.horizon"),
        signing.dumps({"u": UNIVERSE, "o": "sideways", "e": 1}, salt="showbible.horizon"),
        signing.dumps({"u": UNIVERSE, "o": "release", "e": "12"}, salt="showbible.horizon"),
        signing.dumps({"u": UNIVERSE, "o": "release", "e": True}, salt="showbible.horizon"),
        signing.dumps({"u": UNIVERSE, "o": "release", "e": 10**30}, salt="showbible.horizon"),
        signing.dumps({"u": "nowhere", "o": "release", "e": 1}, salt="showbible.horizon"),
    ],
    ids=[
        "garbage",
        "empty",
        "other-salt",
        "a-list",
        "unknown-order",
        "text-episode",
        "boolean-episode",
        "huge-episode",
        "unknown-universe",
    ],
)
def test_a_forged_or_garbled_cookie_is_no_horizon(seeded, client, value):
    client.cookies[COOKIE] = value
    response = client.get("/series/bosch-legacy/season/3/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spoiler horizon on" not in html
    assert 'class="spoiler"' not in html
    assert "Dig Down" in visible(html)


def test_a_cookie_for_an_episode_of_another_universe_is_no_horizon(seeded, client):
    from catalog.factories import EpisodeFactory

    elsewhere = EpisodeFactory()
    client.cookies[COOKIE] = cookie_value(UNIVERSE, "release", elsewhere.pk)
    assert "Spoiler horizon on" not in client.get("/series/bosch/").content.decode()


def test_the_horizon_reads_what_is_later_in_its_order(seeded):
    pk = episode("bosch-legacy", 2, 4).pk
    horizon = read_horizon(cookie_value(UNIVERSE, "release", pk))
    assert horizon.label == "Bosch: Legacy 2×4" and horizon.kind == "release"
    assert horizon.seen(pk) and horizon.seen(episode("bosch", 7, 8).pk)
    assert horizon.hides(episode("bosch-legacy", 2, 5))
    assert not horizon.hides(episode("bosch-legacy", 2, 4))
    assert horizon.hides(Season.objects.get(series__slug="bosch-legacy", number=3))
    assert not horizon.hides(Season.objects.get(series__slug="bosch-legacy", number=2))
    assert horizon.hides(Series.objects.get(slug="ballard"))
    assert not horizon.hides(Series.objects.get(slug="bosch-legacy"))
    assert horizon.names_later("Renée Ballard first appears in Dig Down.")
    assert not horizon.names_later("Nothing later here.")
    # In story order the horizon is somewhere else, and says so.
    story = read_horizon(cookie_value(UNIVERSE, "story", pk))
    assert story.kind == "story"


# Setting it


def test_the_horizon_page_offers_each_published_order_and_the_episodes_by_season(seeded, client):
    response = client.get(reverse("franchise:horizon"))
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert '<optgroup label="Bosch, Season 1">' in html
    assert '<optgroup label="Bosch: Legacy, Season 2">' in html
    for kind in ("release", "story", "essentials"):
        assert f'<option value="{kind}"' in html
    assert "data-watched-ids" in html
    # No episode title: the list itself must not spoil.
    assert "Dig Down" not in html


def test_an_unpublished_curated_order_is_not_offered(seeded, client):
    from franchise.orders import WatchOrder

    WatchOrder.objects.filter(kind="story").update(status="draft")
    html = client.get(reverse("franchise:horizon")).content.decode()
    assert '<option value="story"' not in html
    response = client.post(
        reverse("franchise:horizon"),
        {"universe": UNIVERSE, "order": "story", "episode": episode("bosch", 1, 1).pk},
    )
    assert response.status_code == 400
    assert "not a published order" in response.content.decode()


def test_setting_the_horizon_sets_the_cookie_and_goes_back(seeded, client):
    pk = episode("bosch-legacy", 2, 4).pk
    response = client.post(
        reverse("franchise:horizon"),
        {
            "action": "set",
            "universe": UNIVERSE,
            "order": "release",
            "episode": pk,
            "next": "/series/bosch-legacy/",
        },
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    assert response["Location"] == "/series/bosch-legacy/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    assert read_horizon(cookie.value).episode.pk == pk
    page = client.get("/series/bosch-legacy/").content.decode()
    assert "Spoiler horizon on:" in visible(page)
    assert "up to Bosch: Legacy 2×4 (release order)" in visible(page)


def test_switching_it_off_clears_the_cookie(seeded, client):
    set_horizon(client)
    response = client.post(
        reverse("franchise:horizon"), {"action": "off", "next": "/series/bosch/"}
    )
    assert response.status_code == 303 and response["Location"] == "/series/bosch/"
    assert response.cookies[COOKIE].value == ""
    assert "Spoiler horizon on" not in client.get("/series/bosch/").content.decode()


def test_an_unsafe_next_goes_back_to_the_horizon_page(seeded, client):
    response = client.post(
        reverse("franchise:horizon"), {"action": "off", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("franchise:horizon")


def test_set_from_ticked_episodes_takes_the_last_in_the_order(seeded, client):
    watched = [
        episode("bosch", 1, 1).pk,
        episode("bosch-legacy", 2, 4).pk,
        episode("bosch", 2, 3).pk,
    ]
    client.cookies["watched"] = signing.dumps(
        sorted(watched), salt="showbible.watched", compress=True
    )
    response = client.post(
        reverse("franchise:horizon"),
        {"action": "watched", "universe": UNIVERSE, "order": "release"},
    )
    assert response.status_code == 303
    assert read_horizon(response.cookies[COOKIE].value).label == "Bosch: Legacy 2×4"
    # The field the progress script fills wins over the cookie.
    response = client.post(
        reverse("franchise:horizon"),
        {
            "action": "watched",
            "universe": UNIVERSE,
            "order": "release",
            "watched": f"{episode('bosch', 3, 2).pk},{episode('bosch', 1, 5).pk},junk",
        },
    )
    assert read_horizon(response.cookies[COOKIE].value).label == "Bosch 3×2"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "set", "universe": "nowhere", "order": "release"}, "no published universe"),
        ({"action": "set", "universe": UNIVERSE, "order": "sideways"}, "not a published order"),
        ({"action": "set", "universe": UNIVERSE, "order": "release", "episode": "x"}, "Choose an"),
        (
            {"action": "set", "universe": UNIVERSE, "order": "release", "episode": "999999"},
            "Choose",
        ),
        ({"action": "watched", "universe": UNIVERSE, "order": "release"}, "None of the episodes"),
        ({"action": "explode", "universe": UNIVERSE, "order": "release"}, "not something"),
    ],
)
def test_bad_input_is_a_400_that_says_why(seeded, client, data, message):
    client.cookies["watched"] = "forged"
    response = client.post(reverse("franchise:horizon"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert COOKIE not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_cross_site_posts_are_refused(seeded, client, headers):
    data = {"action": "set", "universe": UNIVERSE, "order": "release"}
    data["episode"] = episode("bosch", 1, 1).pk
    response = client.post(reverse("franchise:horizon"), data, headers=headers)
    assert response.status_code == 403
    assert COOKIE not in response.cookies


def test_same_origin_posts_are_taken(seeded, client):
    data = {"action": "set", "universe": UNIVERSE, "order": "release"}
    data["episode"] = episode("bosch", 1, 1).pk
    response = client.post(
        reverse("franchise:horizon"),
        data,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303


# The walk


def test_nothing_later_shows_anywhere_outside_a_spoiler_block(seeded, client):
    """With the horizon at Bosch: Legacy 2×4 (release order), no public page of the seed
    names a later episode (title or synopsis), a later season's or series' synopsis, a
    claim about a later series, or Renée Ballard's first appearance, outside a
    <details class="spoiler"> block; the search pages may echo the visitor's own words."""
    pk = set_horizon(client)
    later = later_things(pk)
    assert "Dig Down" in later["titles"] and later["seasons"] and later["claims"]
    pages = public_pages()
    assert len(pages) > 200
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "&lt;a " not in html, url  # a stand-in is markup, not text
        text = visible(html)
        assert "Spoiler horizon on:" in text, url
        if url.startswith("/search/"):
            text = text.replace("Dig Down", "")  # the query, echoed
        for kind, values in [*later.items(), ("first appearance", FIRST_APPEARANCE)]:
            for value in values:
                assert value not in text, (url, kind, value)


def test_revealing_shows_what_was_held_back(seeded, client):
    set_horizon(client)
    html = client.get("/series/bosch-legacy/season/3/").content.decode()
    hidden = details_blocks(html)
    assert "Hidden by your spoiler horizon — reveal" in hidden
    assert "Dig Down" in hidden  # the title is there, one click away
    assert "Episode 3×10" in visible(html)
    character = client.get("/characters/renee-ballard/").content.decode()
    assert "Dig Down" in details_blocks(character)
    assert "Renée Ballard" in visible(character)


def test_a_horizon_before_3x10_and_after_it(seeded, client):
    set_horizon(client, "bosch-legacy", 3, 10)
    html = client.get("/characters/renee-ballard/").content.decode()
    assert "Dig Down" in visible(html)
    assert "Library of Lost Souls" not in visible(html)


def test_pages_of_another_universe_are_untouched(seeded, client):
    from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
    from franchise.factories import UniverseFactory, UniverseMembershipFactory

    series = SeriesFactory(slug="elsewhere")
    UniverseMembershipFactory(universe=UniverseFactory(slug="another"), series=series)
    EpisodeFactory(season=SeasonFactory(series=series, number=1), number=1, title="Far Away")
    set_horizon(client)
    html = client.get("/series/elsewhere/season/1/").content.decode()
    assert "Spoiler horizon on" in html
    assert 'class="spoiler"' not in html
    assert "Far Away" in visible(html)


def test_the_connection_finder_uses_nothing_revealed_later(seeded, client):
    url = f"{reverse('franchise:connections')}?from=bosch-legacy&to=ballard"
    before = visible(client.get(url).content.decode())
    assert "spun off into" in before
    set_horizon(client)
    text = visible(client.get(url).content.decode())
    assert "spun off into" not in text
    assert "links and crossings revealed later are left out" in text


def test_search_says_how_many_results_it_held_back(seeded, client):
    set_horizon(client)
    html = client.get(reverse("franchise:search"), {"q": "Dig Down"}).content.decode()
    assert "held back by your spoiler horizon" in visible(html)
    assert "Episode 3×10" in visible(html)
