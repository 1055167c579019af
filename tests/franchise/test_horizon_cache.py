"""With the page cache on, a page rendered for a spoiler horizon is never served to a
visitor without it, nor a public page to a visitor with one (config/page_cache.py keys
pages on the horizon cookie)."""

import pytest
from django.core.cache import cache

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from franchise.factories import UniverseFactory, UniverseMembershipFactory
from franchise.horizon import COOKIE, cookie_value

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def season():
    series = SeriesFactory(title="Case Files", slug="case-files")
    UniverseMembershipFactory(universe=UniverseFactory(slug="files"), series=series)
    season = SeasonFactory(series=series, number=1)
    EpisodeFactory(season=season, number=1, title="The Opening Case")
    EpisodeFactory(season=season, number=2, title="The Secret Ending")
    return season


def horizon_client(client, season):
    visitor = client.__class__()
    first = season.episodes.get(number=1)
    visitor.cookies[COOKIE] = cookie_value("files", "release", first.pk)
    return visitor


def test_a_horizon_page_is_never_served_to_a_visitor_without_it(client, season):
    url = season.get_absolute_url()
    visitor = horizon_client(client, season)
    mine = visitor.get(url)
    assert mine["X-Page-Cache"] == "miss" and "private" in mine["Cache-Control"]
    assert "Spoiler horizon on" in mine.content.decode()
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    public = client.get(url)
    assert public["X-Page-Cache"] == "miss"
    html = public.content.decode()
    assert "Spoiler horizon on" not in html and 'class="spoiler"' not in html
    assert "The Secret Ending" in html


def test_a_public_page_is_never_served_to_a_visitor_with_a_horizon(client, season):
    url = season.get_absolute_url()
    public = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "Cookie" in public["Vary"]
    visitor = horizon_client(client, season)
    mine = visitor.get(url)
    assert mine["X-Page-Cache"] == "miss"
    html = mine.content.decode()
    assert "Spoiler horizon on" in html
    assert '<details class="spoiler">' in html
    # Switched off: the visitor gets the public page again.
    visitor.cookies.pop(COOKIE)
    assert visitor.get(url)["X-Page-Cache"] == "hit"


def test_the_horizon_form_sets_no_cookie_and_its_post_is_never_cached(client, season):
    response = client.get("/horizon/")
    assert response.status_code == 200 and not response.cookies
    first = season.episodes.get(number=1)
    posted = client.post(
        "/horizon/", {"universe": "files", "order": "release", "episode": first.pk}
    )
    assert posted.status_code == 303 and COOKIE in posted.cookies
    assert "X-Page-Cache" not in posted
