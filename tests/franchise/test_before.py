""" "What do I need before…?" (franchise.before): the earlier episodes of the other shows
that introduce a target's characters, each with its reasons, on the seed (every entry read
against the appearance data below) and on small universes built with factories for the
edge cases (flashbacks, mentions, the target's own series, drafts, story order, 404s), and
its query count, which stays the same when the universe grows.

What the seed's entries rest on (franchise/data/bosch-universe.toml):
- Harry Bosch, main cast of Bosch, is in Ballard 1×2 and 1×7 → Bosch 1×1.
- Mo Bassi, main cast of Bosch: Legacy, is a guest in Ballard 1×7 → Bosch: Legacy 1×1.
- Renée Ballard, main cast of Ballard, first appears in Bosch: Legacy 3×10, which hands off
  to Ballard → Bosch: Legacy 3×10, for both reasons.
- Bosch: Legacy's cast from Bosch (Harry and Maddie Bosch, Honey Chandler, Jerry Edgar,
  Barrel, Crate; Jimmy Robertson in its season 3) → Bosch 1×1; Frank Sheehan (Bosch season
  4, Bosch: Legacy 3×1) → Bosch 4×1. Mickey Haller is only in a flashback there: not counted.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import PublishStatus
from franchise.before import before_page
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import AppearanceKind
from franchise.orders import OrderKind, WatchOrder, WatchOrderEntry
from tests.franchise.test_universe_pages import text as page_text

pytestmark = pytest.mark.django_db

DRAFT = PublishStatus.DRAFT
FLASHBACK, MENTION = AppearanceKind.FLASHBACK, AppearanceKind.MENTION
MAX_QUERIES = 12

# The seed's before-lists: (series, code, [reasons]) in story order.
SEED = {
    ("ballard",): [
        ("Bosch", "1×1", ["Harry Bosch’s first appearance"]),
        ("Bosch: Legacy", "1×1", ["Mo Bassi’s first appearance"]),
        ("Bosch: Legacy", "3×10", ["Renée Ballard’s first appearance", "hand-off to Ballard"]),
    ],
    ("ballard", 1, 2): [
        ("Bosch", "1×1", ["Harry Bosch’s first appearance"]),
        ("Bosch: Legacy", "3×10", ["Renée Ballard’s first appearance", "hand-off to Ballard"]),
    ],
    ("ballard", 2): [
        ("Bosch: Legacy", "3×10", ["Renée Ballard’s first appearance", "hand-off to Ballard"]),
    ],
    ("bosch-legacy",): [
        (
            "Bosch",
            "1×1",
            [
                "Barrel’s first appearance",
                "Crate’s first appearance",
                "Harry Bosch’s first appearance",
                "Honey Chandler’s first appearance",
                "Jerry Edgar’s first appearance",
                "Jimmy Robertson’s first appearance",
                "Maddie Bosch’s first appearance",
            ],
        ),
        ("Bosch", "4×1", ["Frank Sheehan’s first appearance"]),
    ],
    ("bosch-legacy", 3): [
        (
            "Bosch",
            "1×1",
            [
                "Barrel’s first appearance",
                "Crate’s first appearance",
                "Harry Bosch’s first appearance",
                "Honey Chandler’s first appearance",
                "Jerry Edgar’s first appearance",
                "Jimmy Robertson’s first appearance",
                "Maddie Bosch’s first appearance",
            ],
        ),
        ("Bosch", "4×1", ["Frank Sheehan’s first appearance"]),
    ],
    # Not Jimmy Robertson (season 3 only), nor the Hallers (a flashback).
    ("bosch-legacy", 1, 8): [
        (
            "Bosch",
            "1×1",
            [
                "Barrel’s first appearance",
                "Crate’s first appearance",
                "Harry Bosch’s first appearance",
                "Honey Chandler’s first appearance",
                "Jerry Edgar’s first appearance",
                "Maddie Bosch’s first appearance",
            ],
        ),
    ],
    ("bosch",): [],
    ("the-lincoln-lawyer",): [],
}


def text(response) -> str:
    """The page's visible text; a linked name's possessive read as one word."""
    return page_text(response).replace(" ’s ", "’s ")


def listed(page) -> list[tuple[str, str, list[str]]]:
    return [
        (entry.episode.season.series.title, entry.episode.code, [r.text for r in entry.reasons])
        for entry in page.needed
    ]


def target_of(key: tuple) -> dict:
    return dict(zip(("slug", "season", "episode"), key, strict=False))


def before_url(slug: str, season: int | None = None, episode: int | None = None) -> str:
    if season is None:
        return reverse("franchise:before_series", kwargs={"slug": slug})
    if episode is None:
        return reverse("franchise:before_season", kwargs={"slug": slug, "number": season})
    kwargs = {"slug": slug, "number": season, "episode": episode}
    return reverse("franchise:before_episode", kwargs=kwargs)


# The seed


@pytest.mark.parametrize("key", list(SEED), ids=lambda key: "-".join(map(str, key)))
def test_seed_before_lists(seeded, key):
    page = before_page(**target_of(key))
    assert page.order == OrderKind.STORY
    assert listed(page) == SEED[key]


def test_before_ballard_is_bosch_legacy_3x10_where_renee_ballard_first_appears(seeded, client):
    response = client.get("/series/ballard/before/")
    assert response.status_code == 200
    shown = text(response)
    assert "What to watch before Ballard" in shown
    assert "3×10 Dig Down Bosch: Legacy" in shown
    assert "Renée Ballard’s first appearance (in Ballard: main)" in shown
    assert "Hand-off to Ballard: Renée Ballard goes on to lead it" in shown
    assert "story order" in shown
    html = response.content.decode()
    assert html.index("Chapter One:") < html.index("The Wrong Side of Goodbye")
    assert html.index("The Wrong Side of Goodbye") < html.index("Dig Down")
    assert 'href="/series/bosch-legacy/season/3/episode/10/"' in html


def test_each_reason_is_footnoted_with_the_appearances_sources(seeded, client):
    html = client.get("/series/ballard/before/").content.decode()
    reasons = html[html.index('class="before"') : html.index('id="sources"')]
    marked = [chunk for chunk in reasons.split("<li>")[1:] if "first appearance" in chunk]
    assert marked
    for chunk in marked:
        assert 'data-fact="franchise.appearance.' in chunk
        assert '<sup class="fn"><a href="#source-' in chunk
    assert 'id="sources"' in html


def test_a_season_or_episode_says_the_earlier_seasons_of_its_show_in_one_line(seeded, client):
    shown = text(client.get("/series/bosch-legacy/season/3/before/"))
    assert "And the earlier seasons of this show: Bosch: Legacy seasons 1–2." in shown
    assert "The Wrong Side of Goodbye" not in shown  # Bosch: Legacy 1×1: not listed
    shown = text(client.get("/series/bosch-legacy/season/3/episode/10/before/"))
    assert "And the earlier episodes of this show: Bosch: Legacy seasons 1–2 and 3×1–3×9." in shown
    shown = text(client.get("/series/ballard/season/1/episode/2/before/"))
    assert "And the earlier episodes of this show: Ballard 1×1." in shown
    shown = text(client.get("/series/ballard/season/1/before/"))
    assert "earlier seasons of this show" not in shown


def test_a_show_that_needs_nothing_says_start_here(seeded, client):
    shown = text(client.get("/series/bosch/before/"))
    assert "What to watch before Bosch" in shown
    assert "Nothing from the other shows: start here." in shown


def test_series_and_season_pages_link_to_it(seeded, client):
    for page, target in [
        ("/series/ballard/", "/series/ballard/before/"),
        ("/series/bosch-legacy/season/3/", "/series/bosch-legacy/season/3/before/"),
    ]:
        html = client.get(page).content.decode()
        assert f'<a href="{target}">What do I need before this?</a>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/series/no-such-show/before/",
        "/series/ballard/season/9/before/",
        "/series/ballard/season/x/before/",
        "/series/ballard/season/-1/before/",
        "/series/ballard/season/1/episode/99/before/",
        "/series/ballard/season/1/episode/0/before/",
        "/series/ballard/season/1/episode/2x/before/",
        "/series/ballard/season/99999999999999999999/before/",
    ],
)
def test_unknown_targets_are_404(seeded, client, url):
    assert client.get(url).status_code == 404


def test_seed_query_count_is_fixed(seeded, client, django_assert_max_num_queries):
    for url in [
        "/series/ballard/before/",
        "/series/bosch-legacy/season/3/before/",
        "/series/ballard/season/1/episode/2/before/",
    ]:
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200


# Universes built with factories


def series_in(universe, title: str, premiere: datetime.date, *, seasons=1, episodes=3):
    """A series of the universe with its seasons (a year apart) and weekly episodes."""
    series = SeriesFactory(title=title, premiere_date=premiere)
    UniverseMembershipFactory(universe=universe, series=series)
    for _ in range(seasons):
        season = SeasonFactory(series=series)
        for _ in range(episodes):
            EpisodeFactory(season=season)
    return series


def episode(series, season: int, number: int):
    return series.seasons.get(number=season).episodes.get(number=number)


@pytest.fixture
def pair():
    """An older show (2 seasons of 3 episodes, from 2010) and a spin-off (from 2015)."""
    universe = UniverseFactory()
    older = series_in(universe, "Older", datetime.date(2010, 1, 1), seasons=2)
    spin_off = series_in(universe, "Spin-off", datetime.date(2015, 1, 1), seasons=2)
    return universe, older, spin_off


def test_a_character_from_the_older_show_brings_its_premiere(pair):
    universe, older, spin_off = pair
    lead = CharacterFactory(name="Lead")
    AppearanceFactory(character=lead, series=older)
    AppearanceFactory(character=lead, episode=episode(spin_off, 2, 1))
    page = before_page(slug=spin_off.slug)
    assert page.order == OrderKind.RELEASE  # no story order: the release order
    assert listed(page) == [("Older", "1×1", ["Lead’s first appearance"])]
    assert page.needed[0].reasons[0].here == "guest, season 2"
    # Only the episode of the spin-off that shows them needs it.
    assert listed(before_page(slug=spin_off.slug, season=1)) == []
    assert listed(before_page(slug=spin_off.slug, season=2)) == listed(page)
    assert listed(before_page(slug=spin_off.slug, season=2, episode=2)) == []


def test_a_season_regular_is_first_seen_in_its_seasons_first_episode(pair):
    universe, older, spin_off = pair
    partner = CharacterFactory(name="Partner")
    AppearanceFactory(character=partner, season=older.seasons.get(number=2), kind="recurring")
    AppearanceFactory(character=partner, series=spin_off)
    assert listed(before_page(slug=spin_off.slug)) == [
        ("Older", "2×1", ["Partner’s first appearance"])
    ]


@pytest.mark.parametrize("kind", [FLASHBACK, MENTION])
def test_a_flashback_or_a_mention_is_not_a_first_appearance(pair, kind):
    universe, older, spin_off = pair
    witness = CharacterFactory(name="Witness")
    AppearanceFactory(character=witness, episode=episode(older, 1, 2), kind=kind)
    AppearanceFactory(character=witness, episode=episode(older, 2, 3))
    AppearanceFactory(character=witness, series=spin_off)
    # A hand-off is the first appearance franchise.appearances knows, where a flashback is
    # seen and a mention is not: so 2×3 hands off to the spin-off only after a mention.
    hand_off = ["hand-off to Spin-off"] if kind == MENTION else []
    assert listed(before_page(slug=spin_off.slug)) == [
        ("Older", "2×3", ["Witness’s first appearance", *hand_off])
    ]


@pytest.mark.parametrize("kind", [FLASHBACK, MENTION])
def test_a_character_seen_only_in_a_flashback_or_named_needs_nothing(pair, kind):
    universe, older, spin_off = pair
    ghost = CharacterFactory(name="Ghost")
    AppearanceFactory(character=ghost, series=older)
    AppearanceFactory(character=ghost, episode=episode(spin_off, 1, 2), kind=kind)
    assert listed(before_page(slug=spin_off.slug)) == []


def test_a_character_only_ever_seen_in_a_flashback_elsewhere_needs_nothing(pair):
    universe, older, spin_off = pair
    young = CharacterFactory(name="Young")
    AppearanceFactory(character=young, episode=episode(older, 1, 1), kind=FLASHBACK)
    AppearanceFactory(character=young, series=spin_off)
    assert listed(before_page(slug=spin_off.slug)) == []


def test_the_hand_off_and_the_first_appearance_make_one_entry(pair):
    universe, older, spin_off = pair
    heir = CharacterFactory(name="Heir")
    AppearanceFactory(character=heir, episode=episode(older, 2, 3))
    AppearanceFactory(character=heir, series=spin_off)
    page = before_page(slug=spin_off.slug, season=2, episode=1)
    assert listed(page) == [("Older", "2×3", ["Heir’s first appearance", "hand-off to Spin-off"])]
    assert page.earlier_here.text == "season 1"


def test_the_targets_own_series_is_not_listed(pair):
    universe, older, spin_off = pair
    own = CharacterFactory(name="Own")
    AppearanceFactory(character=own, series=spin_off)
    # At home elsewhere, but first seen in the spin-off's season 1: met there.
    visitor = CharacterFactory(name="Visitor")
    later = series_in(universe, "Later", datetime.date(2020, 1, 1))
    AppearanceFactory(character=visitor, series=later)
    AppearanceFactory(character=visitor, episode=episode(spin_off, 1, 2))
    AppearanceFactory(character=visitor, episode=episode(spin_off, 2, 2))
    page = before_page(slug=spin_off.slug, season=2)
    assert listed(page) == []
    assert page.earlier_here.text == "season 1"
    assert listed(before_page(slug=spin_off.slug)) == []
    # Later's lead was first seen in the spin-off, which hands off to Later.
    assert listed(before_page(slug=later.slug)) == [
        ("Spin-off", "1×2", ["Visitor’s first appearance", "hand-off to Later"])
    ]


def test_the_story_order_decides_what_comes_before(pair):
    universe, older, spin_off = pair
    lead = CharacterFactory(name="Lead")
    AppearanceFactory(character=lead, series=older)
    AppearanceFactory(character=lead, series=spin_off)
    assert listed(before_page(slug=spin_off.slug)) == [
        ("Older", "1×1", ["Lead’s first appearance"])
    ]
    # A story order where the spin-off's story happens first: nothing comes before it.
    order = WatchOrder.objects.create(universe=universe, kind=OrderKind.STORY, status=DRAFT)
    for position, season in enumerate([*spin_off.seasons.all(), *older.seasons.all()], 1):
        WatchOrderEntry.objects.create(order=order, position=position, season=season)
    assert before_page(slug=spin_off.slug).order == OrderKind.RELEASE  # a draft: not used
    order.status = PublishStatus.PUBLISHED
    order.save()
    page = before_page(slug=spin_off.slug)
    assert (page.order, listed(page)) == (OrderKind.STORY, [])


def test_drafts_are_never_used(pair, client):
    universe, older, spin_off = pair
    lead = CharacterFactory(name="Lead")
    AppearanceFactory(character=lead, series=older)
    AppearanceFactory(character=lead, series=spin_off)
    first = episode(older, 1, 1)
    first.status = DRAFT
    first.save()
    assert listed(before_page(slug=spin_off.slug)) == [
        ("Older", "1×2", ["Lead’s first appearance"])
    ]
    hidden = CharacterFactory(name="Hidden", status=DRAFT)
    AppearanceFactory(character=hidden, episode=episode(older, 2, 2))
    AppearanceFactory(character=hidden, series=spin_off)
    assert "Hidden" not in text(client.get(before_url(spin_off.slug)))

    draft_season = SeasonFactory(series=spin_off, status=DRAFT)
    EpisodeFactory(season=draft_season)
    assert client.get(before_url(spin_off.slug, draft_season.number)).status_code == 404
    assert client.get(before_url(spin_off.slug, draft_season.number, 1)).status_code == 404
    assert client.get(before_url(older.slug, 1, 1)).status_code == 404
    spin_off.status = DRAFT
    spin_off.save()
    assert client.get(before_url(spin_off.slug)).status_code == 404
    assert client.get(before_url(spin_off.slug, 1)).status_code == 404


def test_a_series_in_no_published_universe_is_404_and_not_linked(client):
    alone = SeriesFactory()
    SeasonFactory(series=alone)
    assert client.get(before_url(alone.slug)).status_code == 404
    assert "What do I need before this?" not in text(client.get(alone.get_absolute_url()))
    season_page = client.get(reverse("catalog:season_detail", args=[alone.slug, 1]))
    assert "What do I need before this?" not in text(season_page)
    hidden = UniverseFactory(status=DRAFT)
    UniverseMembershipFactory(universe=hidden, series=alone)
    assert client.get(before_url(alone.slug)).status_code == 404
    assert "What do I need before this?" not in text(client.get(alone.get_absolute_url()))


def test_a_target_without_episodes_comes_after_everything(pair):
    universe, older, spin_off = pair
    lead = CharacterFactory(name="Lead")
    AppearanceFactory(character=lead, series=older)
    coming = SeasonFactory(series=spin_off, premiere_date=None)
    AppearanceFactory(character=lead, season=coming, kind="main")
    page = before_page(slug=spin_off.slug, season=coming.number)
    assert listed(page) == [("Older", "1×1", ["Lead’s first appearance"])]
    assert page.earlier_here.text == "seasons 1–2"


def grown_universe(size: int):
    """A universe of `size` shows of `size` seasons, each show's lead visiting the next one
    and its regulars in every show: the lists grow with the size, the queries must not."""
    universe = UniverseFactory()
    shows = [
        series_in(universe, f"Show {i}", datetime.date(2000 + i, 1, 1), seasons=size, episodes=2)
        for i in range(size)
    ]
    for i, show in enumerate(shows):
        lead = CharacterFactory(name=f"Lead {i}")
        AppearanceFactory(character=lead, series=show)
        for later in shows[i + 1 :]:
            AppearanceFactory(character=lead, episode=episode(later, size, 2))
        regular = CharacterFactory(name=f"Regular {i}")
        AppearanceFactory(character=regular, season=show.seasons.get(number=1), kind="recurring")
        AppearanceFactory(character=regular, series=shows[-1])
    return shows[-1]


def before_queries(client, target) -> tuple[int, int]:
    """(queries, entries) of the before-page of a series, its last season and episode."""
    last = target.seasons.order_by("number").last()
    counts = []
    for url in [
        before_url(target.slug),
        before_url(target.slug, last.number),
        before_url(target.slug, last.number, 2),
    ]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return max(counts), len(before_page(slug=target.slug).needed)


def test_the_query_count_stays_fixed_as_the_universe_grows(client):
    """Guards against a query per character, reason or episode creeping in."""
    small_queries, small_entries = before_queries(client, grown_universe(2))
    large_queries, large_entries = before_queries(client, grown_universe(5))
    assert large_entries > small_entries > 0
    assert small_queries == large_queries <= MAX_QUERIES


# The API says the same


def test_the_api_gives_the_same_list_with_each_reasons_sources(seeded, client):
    data = client.get("/api/v1/series/ballard/before").json()
    assert data["target"] == "Ballard"
    assert data["url"].endswith("/series/ballard/before/")
    assert data["order"] == "story"
    assert data["earlier_here"] is None
    listed_there = [
        (e["series"]["title"], f"{e['episode']['season']}×{e['episode']['number']}")
        for e in data["episodes"]
    ]
    assert listed_there == [(series, code) for series, code, _ in SEED[("ballard",)]]
    dig_down = data["episodes"][2]
    assert [r["kind"] for r in dig_down["reasons"]] == ["first_appearance", "hand_off"]
    assert dig_down["reasons"][1]["hand_off_to"]["slug"] == "ballard"
    assert all(r["sources"] for e in data["episodes"] for r in e["reasons"])
    season = client.get("/api/v1/series/bosch-legacy/seasons/3/episodes/10/before").json()
    assert season["earlier_here"] == "seasons 1–2 and 3×1–3×9"
    assert client.get("/api/v1/series/bosch/before").json()["episodes"] == []
    assert client.get("/api/v1/series/nope/before").status_code == 404
    assert client.get("/api/v1/series/ballard/seasons/7/before").status_code == 404
