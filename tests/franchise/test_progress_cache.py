"""Progress and the page cache: one visitor's ticks never reach another visitor, and the
public pages stay public and cached however many visitors tick (config/page_cache.py,
franchise.progress). Run on both caches production may use, as tests/test_page_cache.py."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from franchise.factories import UniverseFactory, UniverseMembershipFactory
from tests.test_page_cache import page_cache_on  # noqa: F401 (autouse: locmem and Redis)

pytestmark = pytest.mark.django_db(transaction=True)

PROGRESS = reverse("franchise:progress")


@pytest.fixture
def episodes():
    series = SeriesFactory(title="Bosch", slug="bosch")
    UniverseMembershipFactory(universe=UniverseFactory(slug="bosch-universe"), series=series)
    season = SeasonFactory(series=series, number=1)
    return [EpisodeFactory(season=season) for _ in range(4)]


def pages(episodes) -> list[str]:
    return [
        episodes[0].season.get_absolute_url(),
        reverse("franchise:watch_order", args=["bosch-universe"]) + "?episodes=1",
    ]


CHECKED = re.compile(r'value="(\d+)" form="progress-form" data-watched checked')


def checked(response) -> set[int]:
    return {int(pk) for pk in CHECKED.findall(response.content.decode())}


def tick(client, episodes, ticked) -> None:
    """Tick as the form without JavaScript does: the cookie comes back from the POST."""
    response = client.post(
        PROGRESS, {"episode": [e.pk for e in ticked], "shown": [e.pk for e in episodes]}
    )
    assert response.status_code == 303 and response.cookies["watched"].value


@pytest.mark.parametrize("page", [0, 1], ids=["season", "watch order"])
def test_a_visitors_ticks_never_reach_another_visitor(client, django_user_model, episodes, page):
    url = pages(episodes)[page]
    fan = client.__class__()
    tick(fan, episodes, episodes[:2])
    mine = fan.get(url)
    assert checked(mine) == {episodes[0].pk, episodes[1].pk}
    assert "private" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]
    assert fan.get(url)["X-Page-Cache"] == "hit"  # their own page, under their own key
    assert checked(fan.get(url)) == {episodes[0].pk, episodes[1].pk}

    # Someone without a cookie, after: the public page, whatever the cache holds.
    stranger = client.__class__()
    public = stranger.get(url)
    assert not checked(public) and "data-watched checked" not in public.content.decode()
    assert "public" in public["Cache-Control"]

    # Someone with ticks of their own, or a forged cookie: never the first fan's.
    other = client.__class__()
    tick(other, episodes, episodes[3:])
    assert checked(other.get(url)) == {episodes[3].pk}
    forger = client.__class__()
    forger.cookies["watched"] = "forged"
    assert not checked(forger.get(url))
    forger.cookies["watched"] = signing.dumps([episodes[0].pk], salt="another")
    assert not checked(forger.get(url))


@pytest.mark.parametrize("page", [0, 1], ids=["season", "watch order"])
def test_the_public_page_stays_public_and_cached_while_others_tick(
    client, episodes, page, django_assert_num_queries
):
    url = pages(episodes)[page]
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "public" in first["Cache-Control"]
    for ticked in (episodes[:1], episodes, []):
        fan = client.__class__()
        tick(fan, episodes, ticked) if ticked else fan.post(PROGRESS, {"clear": "1"})
        fan.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and "public" in again["Cache-Control"]
    assert again.content == first.content and not again.cookies
    assert "Cookie" in again["Vary"]


def test_a_post_neither_empties_nor_splits_the_public_page(client, episodes):
    """The endpoint writes no content: the content generation stays, so the public pages
    stay cached (only content changes move it, config/page_cache.py)."""
    from config import page_cache

    urls = pages(episodes)
    for url in urls:
        client.get(url)
    before = page_cache.generation()
    fan = client.__class__()
    tick(fan, episodes, episodes)
    assert page_cache.generation() == before
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_endpoint_never_sets_a_cookie_on_a_get_nor_is_cached(client, episodes):
    for _ in range(2):
        response = client.get(PROGRESS, {"episode": episodes[0].pk})
        assert response.status_code == 405 and not response.cookies
        assert "X-Page-Cache" not in response


def test_a_post_is_never_served_from_the_cache(client, episodes):
    tick(client, episodes, episodes[:1])
    other = client.__class__()
    response = other.post(PROGRESS, {"episode": [episodes[2].pk]})
    assert "X-Page-Cache" not in response
    assert response.cookies["watched"].value != client.cookies["watched"].value
