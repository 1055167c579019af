"""Progress without an account (franchise.progress): the `watched` cookie, the POST endpoint
that writes it, and the checkboxes the watch order and season pages render from it."""

import re

import pytest
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import PublishStatus
from franchise import progress
from franchise.factories import UniverseFactory, UniverseMembershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("franchise:progress")


@pytest.fixture
def show():
    """A universe of one series with two seasons of three episodes, and a draft episode."""
    series = SeriesFactory(title="Bosch", slug="bosch")
    universe = UniverseFactory(slug="bosch-universe")
    UniverseMembershipFactory(universe=universe, series=series)
    seasons = [SeasonFactory(series=series) for _ in range(2)]
    episodes = [[EpisodeFactory(season=s) for _ in range(3)] for s in seasons]
    draft = EpisodeFactory(season=seasons[0], status=PublishStatus.DRAFT)
    return {"series": series, "seasons": seasons, "episodes": episodes, "draft": draft}


def cookie(ids) -> str:
    return signing.dumps(sorted(ids), salt="showbible.watched", compress=True)


def stored(response) -> frozenset[int]:
    request = RequestFactory().get("/")
    request.COOKIES["watched"] = response.cookies["watched"].value
    return progress.watched_ids(request)


def post(client, data, **headers):
    return client.post(URL, data, headers=headers)


def ids(episodes) -> list[int]:
    return [episode.pk for episode in episodes]


# The cookie


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        signing.dumps([1, 2], salt="another.salt", compress=True),
        signing.dumps({"u": "x"}, salt="showbible.watched"),
        signing.dumps(["1", -2, 3.5, True], salt="showbible.watched"),
        cookie([1, 2])[:-3] + "abc",
    ],
    ids=["empty", "garbage", "other salt", "not a list", "not ids", "tampered"],
)
def test_a_bad_or_forged_cookie_is_no_progress(value):
    request = RequestFactory().get("/")
    request.COOKIES["watched"] = value
    assert progress.watched_ids(request) == frozenset()


def test_the_cookie_is_read_as_the_contract_writes_it():
    request = RequestFactory().get("/")
    request.COOKIES["watched"] = cookie([3, 1, 2])
    assert progress.watched_ids(request) == frozenset({1, 2, 3})


def test_the_cookie_is_signed_compressed_http_only_lax_and_kept_a_year():
    request = RequestFactory().get("/", secure=True)
    response = HttpResponse()
    assert progress.set_watched(response, request, [5, 2, 9]) == 0
    morsel = response.cookies["watched"]
    assert signing.loads(morsel.value, salt="showbible.watched") == [2, 5, 9]
    big = HttpResponse()
    progress.set_watched(big, request, range(1, 300))
    assert big.cookies["watched"].value.startswith(".")  # compressed, when it saves room
    assert morsel["httponly"] and morsel["secure"] and morsel["samesite"] == "Lax"
    assert morsel["max-age"] == 365 * 24 * 60 * 60
    plain = HttpResponse()
    progress.set_watched(plain, RequestFactory().get("/"), [1])
    assert not plain.cookies["watched"]["secure"]


def test_a_set_too_large_for_a_cookie_keeps_the_latest_ticks_and_says_how_many_went():
    request = RequestFactory().get("/")
    response = HttpResponse()
    many = range(1, 40_000, 7)  # 5,715 ids
    dropped = progress.set_watched(response, request, many, recent=[15, 8])
    kept = stored(response)
    assert len(response.cookies["watched"].value) <= progress.COOKIE_CHARS
    assert dropped == len(many) - len(kept) > 0 and len(kept) <= progress.MAX_WATCHED
    assert {15, 8, 39_999} <= kept


# The endpoint


def test_ticking_saves_the_cookie_and_goes_back_with_a_303(client, show):
    season = show["episodes"][0]
    page = show["seasons"][0].get_absolute_url()
    response = post(client, {"episode": ids(season[:2]), "shown": ids(season), "next": page})
    assert response.status_code == 303 and response["Location"] == page
    assert stored(response) == set(ids(season[:2]))


def test_unticking_removes_only_what_the_form_showed(client, show):
    first, second = show["episodes"]
    client.cookies["watched"] = cookie(ids(first + second))
    response = post(client, {"episode": [first[0].pk], "shown": ids(first)})
    assert stored(response) == {first[0].pk, *ids(second)}


def test_a_season_box_ticks_and_unticks_every_episode_of_the_season(client, show):
    first, second = show["seasons"]
    episodes = show["episodes"]
    response = post(client, {"season": [first.pk], "shown_season": [first.pk, second.pk]})
    assert stored(response) == set(ids(episodes[0]))  # not the draft
    # Unticked while the whole season was watched: the season goes.
    client.cookies["watched"] = cookie(ids(episodes[0]) + [episodes[1][0].pk])
    response = post(client, {"shown_season": [first.pk, second.pk]})
    assert stored(response) == {episodes[1][0].pk}  # the half-watched season is left as it was


def test_clearing_deletes_the_cookie(client, show):
    client.cookies["watched"] = cookie(ids(show["episodes"][0]))
    response = post(client, {"clear": "1", "next": "/"})
    assert response.status_code == 303
    assert response.cookies["watched"].value == "" and response.cookies["watched"]["max-age"] == 0


def test_unticking_everything_deletes_the_cookie(client, show):
    season = show["episodes"][0]
    client.cookies["watched"] = cookie(ids(season))
    response = post(client, {"shown": ids(season)})
    assert response.cookies["watched"]["max-age"] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"episode": "abc"}, "“abc” is not an episode or season number"),
        ({"shown": "-4"}, "“-4” is not an episode or season number"),
        ({"episode": "1e3"}, "“1e3” is not an episode"),
        ({"season": "٣"}, "is not an episode or season number"),
        ({"episode": "99999999999999999999999"}, "is not an episode or season number"),
        ({"episode": "987654"}, "There is no published episode number 987654."),
        ({"shown_season": "987654"}, "There is no published season number 987654."),
        ({"shown": [str(n) for n in range(1, 1_002)]}, "Too many boxes to save at once"),
        ({"shown": "1", "episode": [str(n) for n in range(1, 1_002)]}, "Too many boxes"),
    ],
)
def test_bad_input_is_a_400_that_says_why(client, show, data, message):
    response = post(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "watched" not in response.cookies


def test_a_draft_episode_cannot_be_ticked(client, show):
    response = post(client, {"episode": [show["draft"].pk]})
    assert response.status_code == 400 and "watched" not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver.evil"},
    ],
)
def test_cross_site_posts_are_refused(client, show, headers):
    response = post(client, {"episode": [show["episodes"][0][0].pk]}, **headers)
    assert response.status_code == 403 and "watched" not in response.cookies
    assert "data-error-page" in response.content.decode()  # the site's 403 page


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "none"},
    ],
)
def test_same_origin_posts_are_accepted(client, show, headers):
    response = post(client, {"episode": [show["episodes"][0][0].pk]}, **headers)
    assert response.status_code == 303 and stored(response)


@pytest.mark.parametrize(
    ("next_url", "referer", "expected"),
    [
        ("https://evil.example/", "", "/"),
        ("//evil.example/", "", "/"),
        ("", "http://testserver/series/bosch/", "http://testserver/series/bosch/"),
        ("", "https://evil.example/x", "/"),
        ("/series/bosch/season/1/", "https://evil.example/x", "/series/bosch/season/1/"),
    ],
)
def test_next_is_an_address_on_this_site(client, show, next_url, referer, expected):
    headers = {"Referer": referer} if referer else {}
    response = post(client, {"next": next_url, "shown": [show["episodes"][0][0].pk]}, **headers)
    assert response.status_code == 303 and response["Location"] == expected


def test_the_endpoint_never_sets_a_cookie_on_a_get(client, show):
    client.cookies["watched"] = cookie(ids(show["episodes"][0]))
    for method in (client.get, client.head):
        response = method(URL, {"episode": show["episodes"][0][0].pk})
        assert response.status_code == 405 and not response.cookies


def test_a_set_too_large_is_saved_in_part_on_a_page_that_says_so(client, show, monkeypatch):
    monkeypatch.setattr(progress, "MAX_WATCHED", 2)
    season = show["episodes"][0]
    response = post(client, {"episode": ids(season), "next": "/series/bosch/"})
    assert response.status_code == 200
    assert "1 older one did not fit" in re.sub(r"\s+", " ", response.content.decode())
    assert 'href="/series/bosch/"' in response.content.decode()
    assert len(stored(response)) == 2


# The pages


CHECKED = re.compile(r'name="episode" value="(\d+)" form="progress-form" data-watched checked')


def checked(html: str) -> set[int]:
    return {int(value) for value in CHECKED.findall(html)}


def boxes(html: str) -> set[int]:
    return {int(value) for value in re.findall(r'name="episode" value="(\d+)"', html)}


def test_the_season_page_ticks_what_the_cookie_holds(client, show):
    season = show["episodes"][0]
    url = show["seasons"][0].get_absolute_url()
    html = client.get(url).content.decode()
    assert boxes(html) == set(ids(season)) and not checked(html)
    assert "data-progress" in html and f'action="{URL}"' in html
    assert re.search(r"<span data-progress-count>0</span> of 3 watched", html)
    client.cookies["watched"] = cookie([season[1].pk, show["episodes"][1][0].pk])
    html = client.get(url).content.decode()
    assert checked(html) == {season[1].pk}
    assert re.search(r"<span data-progress-count>1</span> of 3 watched", html)
    assert f'name="next" value="{url}"' in html


def test_the_watch_order_ticks_episodes_and_whole_seasons(client, show):
    first, second = show["episodes"]
    url = reverse("franchise:watch_order", args=["bosch-universe"])
    client.cookies["watched"] = cookie(ids(first) + [second[0].pk])
    html = client.get(url, {"episodes": "1"}).content.decode()
    assert boxes(html) == set(ids(first + second))
    assert checked(html) == {*ids(first), second[0].pk}
    assert re.search(r"<span data-progress-count>4</span> of 6 watched", html)
    season_boxes = re.findall(r'name="season" value="(\d+)"[^>]*?( checked)?>', html)
    first_season, second_season = (str(season.pk) for season in show["seasons"])
    assert season_boxes == [(first_season, " checked"), (second_season, "")]
    # Marked episodes only: no episode row here, the season boxes still record progress.
    html = client.get(url).content.decode()
    assert not boxes(html) and 'name="season"' in html


@pytest.mark.parametrize("page", ["season", "watch order"])
def test_the_cookie_costs_no_query(client, show, page, django_assert_num_queries):
    url = (
        show["seasons"][0].get_absolute_url()
        if page == "season"
        else reverse("franchise:watch_order", args=["bosch-universe"]) + "?episodes=1"
    )
    client.get(url)  # warm process-wide caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(url)
    client.cookies["watched"] = cookie(ids(show["episodes"][0]))
    with django_assert_num_queries(len(without)):
        response = client.get(url)
    assert checked(response.content.decode())
