"""The API's HTTP: ETags and 304s, caching headers, CORS, HEAD, pages and their Link
headers, errors as problem details (RFC 9457), and the per-address rate limit."""

import pytest
from django.core.cache import cache

from config import rate_limit
from tests.test_page_cache import BACKENDS, redis_reachable

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


# Conditional requests and caching


def test_etag_and_304_on_if_none_match(seeded, api):
    first = api("/api/v1/series/bosch")
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = api("/api/v1/series/bosch", if_none_match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    other = api("/api/v1/series/bosch?include=seasons", if_none_match=etag)
    assert other.status_code == 200 and other["ETag"] != etag


def test_answers_may_be_kept_as_the_pages_are(seeded, api):
    response = api("/api/v1/series")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=300"} <= cache_control


def test_head_answers_as_get_without_a_body(seeded, client):
    get = client.get("/api/v1/series/bosch")
    head = client.head("/api/v1/series/bosch")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == get["Content-Type"]


# CORS


def test_any_site_may_read_the_api(seeded, client):
    response = client.get("/api/v1/series", headers={"origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response["Access-Control-Expose-Headers"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_preflight_allows_reads_only(client):
    response = client.options(
        "/api/v1/series",
        headers={"origin": "https://app.example", "access-control-request-method": "GET"},
    )
    assert response.status_code == 200
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


def test_the_site_itself_is_not_opened_to_other_sites(seeded, client):
    response = client.get("/series/", headers={"origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in response
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


# Pages


def test_link_header_names_first_prev_next_and_last(seeded, api):
    response = api("/api/v1/people?page_size=10&page=2")
    links = {
        part.split(";")[1].strip(): part.split(";")[0].strip(" <>")
        for part in response["Link"].split(",")
    }
    pages = response.data["pages"]
    base = "http://testserver/api/v1/people?page_size=10&page="
    assert links == {
        'rel="first"': f"{base}1",
        'rel="prev"': f"{base}1",
        'rel="next"': f"{base}3",
        'rel="last"': f"{base}{pages}",
    }
    assert response["X-Total-Count"] == str(response.data["count"])
    first = api("/api/v1/people?page_size=10")
    assert 'rel="prev"' not in first["Link"] and first.data["previous"] is None


def test_a_page_size_over_100_is_refused_not_clamped(seeded, api):
    response = api("/api/v1/series?page_size=101")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.data["invalid-params"][0]["name"] == "page_size"
    assert api("/api/v1/series?page_size=100").status_code == 200


def test_a_page_past_the_last_is_not_found(seeded, api):
    response = api("/api/v1/series?page=3&page_size=2")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert "the last is page 2" in response.data["detail"]


# Problems


@pytest.mark.parametrize(
    ("address", "parameter"),
    [
        ("/api/v1/series?page=0", "page"),
        ("/api/v1/series?page=abc", "page"),
        ("/api/v1/series?page_size=0", "page_size"),
        ("/api/v1/series?status=sideways", "status"),
        ("/api/v1/series?ordering=sideways", "ordering"),
        ("/api/v1/series?year_from=1899", "year_from"),
        ("/api/v1/series?network=no-such-network", "network"),
        ("/api/v1/series?q=" + "x" * 201, "q"),
        ("/api/v1/series/bosch?include=seasons,bloopers", "include"),
        ("/api/v1/universes/bosch-universe?include=seasons", "include"),
        ("/api/v1/series/bosch/seasons/10001", "season"),
        ("/api/v1/characters?crossers=maybe", "crossers"),
        ("/api/v1/characters?universe=no-such-universe", "universe"),
        ("/api/v1/claims?verdict=probably", "verdict"),
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=bosch&kind=films", "kind"),
        ("/api/v1/series?q=a%00b", "q"),
    ],
)
def test_a_bad_parameter_is_a_400_problem_naming_it(seeded, api, address, parameter):
    response = api(address)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.data
    assert problem["status"] == 400 and problem["title"] and problem["detail"]
    assert problem["type"] == "/api/v1/docs#problem-invalid-parameters"
    assert [p["name"] for p in problem["invalid-params"]] == [parameter]


def test_an_unknown_include_is_named_with_the_choices(seeded, api):
    problem = api("/api/v1/series/bosch?include=bloopers").data
    assert "“bloopers”" in problem["detail"] and "seasons, credits" in problem["detail"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/series/no-such-series",
        "/api/v1/series/bosch/seasons/99",
        "/api/v1/series/bosch/seasons/1/episodes/99",
        "/api/v1/people/nobody",
        "/api/v1/characters/nobody",
        "/api/v1/universes/nowhere",
        "/api/v1/no-such-resource",
        "/api/v1/series/",
    ],
)
def test_nothing_there_is_a_404_problem(seeded, api, address):
    response = api(address)
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert response.data["status"] == 404 and response.data["detail"]


def test_a_write_is_a_405_problem_with_the_methods_allowed(client):
    response = client.post("/api/v1/series")
    assert response.status_code == 405 and response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET"


# The rate limit


@pytest.fixture(params=list(BACKENDS))
def limited(request, settings, monkeypatch):
    """A limit of 3 requests a minute, counted in local memory or in Redis, on a clock
    stopped 10 seconds into a window."""
    backend = BACKENDS[request.param]()
    if request.param == "redis" and not redis_reachable(backend["LOCATION"]):
        pytest.skip(f"Redis is not reachable at {backend['LOCATION']}")
    settings.CACHES = {"default": backend}
    settings.API_RATE_LIMIT = 3
    cache.clear()
    monkeypatch.setattr(rate_limit, "now", lambda: 60 * 1_000_000 + 10.0)
    yield
    cache.clear()


def test_past_the_limit_an_address_gets_429_with_retry_after(seeded, client, limited):
    remaining = []
    for _ in range(3):
        response = client.get("/api/v1/series", REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "3" and response["RateLimit-Reset"] == "50"
        remaining.append(response["RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    refused = client.get("/api/v1/series/bosch", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and refused["Content-Type"] == PROBLEM
    assert refused["Retry-After"] == "50" and refused["RateLimit-Remaining"] == "0"
    assert refused.json()["type"] == "/api/v1/docs#problem-rate-limited"
    # Another address, the site's pages and a signed-in editor are not held back.
    assert client.get("/api/v1/series", REMOTE_ADDR="203.0.113.8").status_code == 200
    assert client.get("/series/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_a_signed_in_editor_is_not_limited(seeded, editor_client, limited):
    for _ in range(5):
        response = editor_client.get("/api/v1/series", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200 and "RateLimit-Limit" not in response


def test_the_limit_counts_answers_from_the_page_cache(seeded, client, limited, settings):
    settings.PAGE_CACHE_SECONDS = 600
    statuses = [client.get("/api/v1/", REMOTE_ADDR="203.0.113.10") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[1]["X-Page-Cache"] == "hit"
    assert [r["RateLimit-Remaining"] for r in statuses] == ["2", "1", "0", "0"]


def test_the_api_still_answers_when_the_cache_is_down(seeded, client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/api/v1/series")
    assert response.status_code == 200 and "RateLimit-Limit" not in response
