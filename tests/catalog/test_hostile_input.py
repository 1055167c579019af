"""Hostile input gives a clear 400 or 404 in the site's own look, never a 500.

One test per class of failure found (tests/test_fuzz.py looks for new ones): words with no
word in them, digits that are not ASCII, an unknown Host header, and season numbers the
admin accepted but no URL reached.
"""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import Episode, Season
from catalog.numbers import MAX_NUMBER, parse_whole

pytestmark = pytest.mark.django_db

ERROR_PAGE = "data-error-page"
PROBLEMS = 'class="notice__title"'


@pytest.fixture
def visitor():
    """A client that reports a 500 as a response instead of raising the exception."""
    return Client(raise_request_exception=False)


# Words with no word characters: the search matched nothing and lost its ranking.

NO_WORDS = ["!!!", "-", "%F0%9F%99%82", "%ZZ", "%C3", "%E2%80%94", "_", "%27%22"]


@pytest.mark.parametrize("raw", NO_WORDS)
@pytest.mark.parametrize("page", ["/series/", "/search/"])
def test_words_without_a_word_match_nothing(visitor, page, raw):
    SeriesFactory(title="Quillfeather")
    response = visitor.get(f"{page}?q={raw}")
    assert response.status_code == 200
    assert "Quillfeather" not in response.content.decode()


# Digits that are not ASCII: str.isdigit() said yes, int() said no (or read them).

NOT_ASCII_DIGITS = ["²", "①", "١", "١٢", "𝟙", "٣٠", "1_0", "+1", " 1", "1 ", "0x1", "1e3"]


@pytest.mark.parametrize("raw", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    "page", ["/series/", "/people/", "/characters/", "/universes/", "/search/?q=bosch&kind=series"]
)
def test_a_page_number_is_ascii_digits(visitor, page, raw):
    SeriesFactory(title="Bosch")
    separator = "&" if "?" in page else "?"
    response = visitor.get(f"{page}{separator}{urlencode({'page': raw})}")
    assert response.status_code == 400
    assert PROBLEMS in response.content.decode()


@pytest.mark.parametrize("raw", NOT_ASCII_DIGITS)
def test_a_season_or_episode_number_is_ascii_digits(visitor, raw):
    episode = EpisodeFactory(number=1, season=SeasonFactory(number=1))
    slug = episode.season.series.slug
    for path in (
        f"/series/{slug}/season/{raw}/",
        f"/series/{slug}/season/1/episode/{raw}/",
        f"/series/{slug}/season/{raw}/episode/1/",
    ):
        response = visitor.get(path)
        assert response.status_code == 404, path
        assert ERROR_PAGE in response.content.decode()


@pytest.mark.parametrize("raw", ["١٩٩٩", "²⁰⁰⁰", "1_999", "1999.0"])
def test_a_year_is_ascii_digits(visitor, raw):
    response = visitor.get("/series/", {"year_from": raw})
    assert response.status_code == 400
    assert "is not a year between" in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7", 7), ("007", 7), ("0", None), ("²", None), ("١", None), ("9" * 21, None), ("", None)],
)
def test_parse_whole(raw, expected):
    assert parse_whole(raw, lowest=1, highest=MAX_NUMBER) == expected


# Hosts: the 400 page for an unknown Host built absolute URLs from that Host, and failed.


@pytest.mark.parametrize(
    "host",
    ["evil.example", "testserver:abc", "[::1", "bad host", "tést.example", "a" * 300, "::1"],
)
@pytest.mark.parametrize("path", ["/", "/series/", "/no-such-page/", "/sitemap.xml"])
def test_an_unknown_host_gets_the_400_page(visitor, host, path):
    response = visitor.get(path, HTTP_HOST=host)
    body = response.content.decode()
    assert response.status_code == 400
    assert ERROR_PAGE in body
    assert host not in body


@pytest.mark.parametrize("host", ["testserver:99999", "testserver.", "TESTSERVER", "localhost:0"])
def test_an_allowed_host_in_an_odd_form_works(visitor, host):
    assert visitor.get("/series/", HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
        {"HTTP_X_FORWARDED_PROTO": "gopher, https"},
        {"HTTP_X_FORWARDED_PROTO": "\x00"},
        {"HTTP_X_FORWARDED_FOR": "not an address"},
    ],
)
def test_forwarded_headers_are_not_trusted(visitor, headers):
    response = visitor.get("/series/", **headers)
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("path", ["/no-such-page/", "/series/no-such-series/"])
def test_error_pages_link_no_address_of_the_request(visitor, path):
    body = visitor.get(path).content.decode()
    assert ERROR_PAGE in body
    assert 'rel="canonical"' not in body
    assert "og:url" not in body
    assert "http://testserver" not in body


# One limit for season and episode numbers: what the admin accepts, a URL reaches.


def test_season_and_episode_at_the_limit_have_working_addresses(visitor):
    season = SeasonFactory(number=MAX_NUMBER, premiere_date=None)
    episode = EpisodeFactory(season=season, number=MAX_NUMBER)
    assert visitor.get(season.get_absolute_url()).status_code == 200
    assert visitor.get(episode.get_absolute_url()).status_code == 200
    slug = season.series.slug
    assert visitor.get(f"/series/{slug}/season/{MAX_NUMBER + 1}/").status_code == 404


@pytest.mark.parametrize(
    ("create", "constraint"),
    [
        pytest.param(
            lambda: Season.objects.create(series=SeriesFactory(), number=12_000),
            "season_number_within_limit",
            id="season",
        ),
        pytest.param(
            lambda: Episode.objects.create(season=SeasonFactory(), number=12_000),
            "episode_number_within_limit",
            id="episode",
        ),
    ],
)
def test_the_database_refuses_a_number_past_the_limit(create, constraint, violates):
    with violates(constraint):
        create()


def management_data(html: str) -> dict[str, str]:
    """The inline formsets' management fields of an admin form, with no inline rows."""
    data = {}
    for name, value in re.findall(r'name="([^"]+-(?:[A-Z_]+)_FORMS)" value="(\d*)"', html):
        data[name] = "0" if name.endswith("TOTAL_FORMS") else value
    return data


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        pytest.param("season", lambda: {"series": SeriesFactory().pk}, id="season"),
        pytest.param("episode", lambda: {"season": SeasonFactory().pk}, id="episode"),
    ],
)
def test_the_admin_refuses_a_number_past_the_limit(editor_client, model, fields):
    url = reverse(f"admin:catalog_{model}_add")
    data = management_data(editor_client.get(url).content.decode())
    data.update(fields(), number="12000", status="draft")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert f"less than or equal to {MAX_NUMBER}" in response.content.decode()
    assert not Season.objects.filter(number=12_000).exists()
    assert not Episode.objects.filter(number=12_000).exists()
