"""Fuzzing every URL of the site with Hypothesis: no request gives a 500, and every error
is the site's own page (the API's, a problem in application/problem+json).

Every URL pattern is walked (the admin included, as an anonymous visitor: it answers with
its login page or a redirect to it). Path parameters get seed slugs, numbers (non-ASCII
digits, huge, negative) and hostile text; the query string gets every parameter the site
reads, repeated and unknown ones; headers get allowed and garbage hosts, forwarded headers,
cookies and conditional headers; methods are mostly GET and HEAD, some POST, PUT, DELETE,
PATCH and OPTIONS, half of them with CSRF checks enforced.

SHOWBIBLE_FUZZ_EXAMPLES sets the number of requests (5000 by default), shared between
SHARDS tests that parallel workers (xdist) run at once. Inputs are new on every run, except
under CI (the CI variable set), where Hypothesis draws the same ones each time; a failure
prints the request, the exception, and a @reproduce_failure blob. The figures (requests,
statuses, time) of each shard go to the terminal summary.
"""

import gzip
import os
import re
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from catalog.filters import ORDERINGS, SeriesFilter
from catalog.models import Genre, Network, Person, RunStatus, Season, Series
from catalog.numbers import MAX_NUMBER
from franchise.filters import CharacterFilter
from franchise.forms import ConnectionForm, WatchOrderForm
from franchise.models import Character, Universe
from franchise.views import SEARCH_KINDS

pytestmark = [pytest.mark.django_db, pytest.mark.long]

EXAMPLES = int(os.environ.get("SHOWBIBLE_FUZZ_EXAMPLES", "5000"))
SHARDS = 2

# What only the site's error templates carry (templates/400.html … 500.html), and what a
# page carries when it served the request but ignored part of it (includes/problems.html).
ERROR_PAGE = b"data-error-page"
PROBLEMS_NOTICE = b'class="notice__title"'

# The query parameters each page reads, from its filter set or form where it has one;
# requests to a page mostly carry its own parameters, and sometimes everyone else's.
ROUTE_KEYS = {
    "/series/": [*SeriesFilter.base_filters, "page"],
    "/characters/": [*CharacterFilter.base_filters, "page"],
    "/people/": ["page"],
    "/universes/": ["page"],
    "/universes/{slug}/watch-order/": [*WatchOrderForm.base_fields],
    "/connections/": [*ConnectionForm.ENDS],
    "/search/": ["q", "kind", "page"],
    "/sitemap-{str}.xml": ["p"],
    "/admin/login/": ["next"],
    # The API: its operations' parameters (include= on the detail addresses).
    "/api/v1/series": [*SeriesFilter.base_filters, "page", "page_size"],
    "/api/v1/series/{str}": ["include"],
    "/api/v1/series/{str}/seasons/{str}": ["include"],
    "/api/v1/series/{str}/seasons/{str}/episodes/{str}": ["include"],
    "/api/v1/people": ["page", "page_size"],
    "/api/v1/people/{str}": ["include"],
    "/api/v1/characters": [*CharacterFilter.base_filters, "page", "page_size"],
    "/api/v1/universes/{str}": ["include"],
    "/api/v1/claims": ["verdict", "series", "page", "page_size"],
    "/api/v1/search": ["q", "kind", "page", "page_size"],
}
QUERY_KEYS = sorted({key for keys in ROUTE_KEYS.values() for key in keys} | {"o", "_popup"})
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "testserver:8000", "TESTSERVER"]
ODD_HOSTS = ["testserver:99999", "testserver.", "localhost:0", "127.0.0.1:65536"]
GARBAGE_HOSTS = [
    "evil.example",
    "[::1]",
    "[::1",
    "::1",
    "testserver:abc",
    "testserver:-1",
    "test server",
    "tést.example",
    "a" * 300,
    "",
    "testserver/../x",
    "testserver@evil.example",
    "0x7f.1",
]
HOSTILE = [
    "",
    " ",
    "-",
    "_",
    "%",
    "%%",
    "\x00",
    "a\x00b",
    "🙂",
    "👩‍👩‍👧",
    "²",
    "①",
    "١٢",
    "𝟙𝟚",
    "٣٠٠٠٠",
    "-1",
    "+1",
    "0",
    "00",
    "0x10",
    "1e9",
    "1_000",
    "1.0",
    "NaN",
    "Infinity",
    "9" * 30,
    "9" * 5000,
    "a" * 3000,
    "../",
    "..\\..",
    "<script>alert(1)</script>",
    "'\"",
    "' OR 1=1 --",
    "\\",
    "\u202e",
    "\ufeff",
    "\u0301",
    "İ",
    "ﬁ",
    "ß",
    " bosch ",
    "BOSCH",
    "renee ballard",
    "the",
    "a:*",
    "!&|()",
    "null",
    "[]",
    "{}",
]
# Percent-escapes written into the address as they are: invalid, truncated, NUL, slash.
RAW_ESCAPES = ["%ZZ", "%C3", "%C3%28", "%00", "%2F", "%2e%2e", "%E2%80%AE", "%F0%9F", "%", "%%"]
HEADER_CHARS = st.characters(max_codepoint=255, exclude_characters="\r\n")
HEADERS = {
    "HTTP_ACCEPT": ["text/html", "*/*", "application/json", "text/html;q=abc", ""],
    "HTTP_ACCEPT_LANGUAGE": ["en", "fr-CA,fr;q=0.9", "*", "xx-" + "y" * 200, ";q=;"],
    "HTTP_ACCEPT_ENCODING": ["gzip", "br, zstd", "identity;q=0", "*;q=-1"],
    "HTTP_COOKIE": [
        "sessionid=garbage",
        "csrftoken=x; sessionid=",
        "messages=W10:1abc:zzz",
        "=; ;;=",
        'a="unterminated',
        "sessionid=" + "A" * 5000,
    ],
    "HTTP_X_FORWARDED_HOST": ["evil.example", "testserver", "a, b, c", ""],
    "HTTP_X_FORWARDED_PROTO": ["https", "http", "gopher", "https, http", "HTTPS "],
    "HTTP_X_FORWARDED_FOR": ["127.0.0.1", "not-an-ip", "::1, 10.0.0.1", ""],
    "HTTP_X_FORWARDED_PORT": ["443", "abc", "-1", "99999"],
    "HTTP_IF_NONE_MATCH": ['"abc"', "*", 'W/"x"', "garbage"],
    "HTTP_IF_MODIFIED_SINCE": ["Wed, 21 Oct 2015 07:28:00 GMT", "yesterday", "0"],
    "HTTP_IF_MATCH": ["*", '"nope"'],
    "HTTP_RANGE": ["bytes=0-10", "bytes=-1", "bytes=10-0", "lines=1-2", "bytes=0-0,1-1"],
    "HTTP_REFERER": ["https://evil.example/", "javascript:alert(1)", "/series/", "\x00"],
    "HTTP_USER_AGENT": ["Mozilla/5.0", "", "curl/8"],
    "HTTP_ORIGIN": ["null", "https://evil.example", "http://testserver"],
    "CONTENT_TYPE": ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"],
}
METHODS = ["GET"] * 8 + ["HEAD"] * 3 + ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>|\((?:\?P<\w+>)?[^()]*\)")


def route_templates() -> list[str]:
    """Every URL pattern of the project as an address whose parameters are "{converter}"
    slots ("/series/{slug}/season/{str}/"); regex patterns get "{str}" slots."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).replace("^", "").replace("$", "")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                found.append("/" + PLACEHOLDER.sub(lambda m: "{%s}" % (m[1] or "str"), route))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


@dataclass
class FuzzRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str] = field(default_factory=dict)
    csrf_checks: bool = False

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


def weighted(*choices):
    """One of the strategies, each drawn in proportion to its weight: (weight, strategy)."""
    return st.sampled_from([s for weight, s in choices for _ in range(weight)]).flatmap(
        lambda strategy: strategy
    )


def strategies(templates: list[str]):
    """The request strategy, built from the seeded database's slugs and numbers."""
    slugs = sorted(
        {
            *Series.objects.values_list("slug", flat=True),
            *Person.objects.values_list("slug", flat=True)[:40],
            *Character.objects.values_list("slug", flat=True)[:40],
            *Universe.objects.values_list("slug", flat=True),
            *Network.objects.values_list("slug", flat=True),
            *Genre.objects.values_list("slug", flat=True),
        }
    )
    season_numbers = sorted({str(n) for n in Season.objects.values_list("number", flat=True)})
    choices = [
        *ORDERINGS,
        *RunStatus.values,
        *SEARCH_KINDS,
        "1",
        "0",
        "on",
        "true",
        "series",
        "episodes",
        "people",
        "characters",
        "seasons,credits,reviews,claims,characters",
        "episodes,reviews",
        "watch_order,graph",
        "confirmed",
    ]
    numbers = st.one_of(
        st.integers(min_value=-(10**6), max_value=10**6).map(str),
        st.integers().map(str),
        st.sampled_from(
            [0, 1, 2, MAX_NUMBER, MAX_NUMBER + 1, 32767, 32768, 2**31, 2**63, 10**100]
        ).map(str),
        st.sampled_from(season_numbers),
        st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
        st.integers(min_value=0, max_value=99).map(lambda n: f"{n:0>25}"),
    )
    text = weighted(
        (2, st.sampled_from(HOSTILE)),
        (2, st.text(max_size=30)),
        (1, st.text(st.characters(codec="ascii"), max_size=30)),
        # No word character at all: punctuation, symbols (emoji), spaces, controls.
        (2, st.text(st.characters(categories=["P", "S", "Z", "Cc", "Cf"]), min_size=1, max_size=8)),
        (1, st.integers(min_value=200, max_value=6000).map(lambda n: "x" * n)),
    )
    value = weighted(
        (4, text),
        (1, st.sampled_from(slugs)),
        (1, numbers),
        (1, st.sampled_from(choices)),
        (1, st.just("")),
    )
    segment = weighted(
        (3, st.sampled_from(slugs)),
        (3, value.map(lambda v: quote(v, safe=""))),
        (1, value.map(lambda v: quote(v, safe="%"))),  # stray "%" left as it is
        (1, st.sampled_from(RAW_ESCAPES)),
        (1, st.lists(st.sampled_from(slugs), min_size=1, max_size=3).map("/".join)),
    )

    def query(template: str):
        own = ROUTE_KEYS.get(template, QUERY_KEYS)
        key = weighted((4, st.sampled_from(own)), (1, st.sampled_from(QUERY_KEYS)), (1, text))
        pairs = st.lists(st.tuples(key, value), max_size=6)
        return weighted(
            (4, pairs.map(urlencode)),
            (
                2,
                pairs.map(
                    lambda ps: "&".join(f"{quote(k, safe='%')}={quote(v, safe='%')}" for k, v in ps)
                ),
            ),
            (
                1,
                st.lists(st.sampled_from(own), max_size=3).map(
                    lambda keys: "&".join(f"{k}={e}" for k in keys for e in RAW_ESCAPES[:3])
                ),
            ),
            (1, st.sampled_from(["", "&&&", "=", "=x", "q", "page", "q&q&q", "a=1;b=2", "?", "#"])),
            # Past DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses to read the query string.
            (1, st.just("&".join(f"page={n}" for n in range(1001)))),
        )

    header_text = st.text(HEADER_CHARS, max_size=60)
    # Mostly a host that gets through to the pages, often one that doesn't.
    host = weighted(
        (6, st.sampled_from(ALLOWED_HOSTS)),
        (1, st.sampled_from(ODD_HOSTS)),
        (1, st.sampled_from(GARBAGE_HOSTS)),
        (1, header_text),
    )
    headers = st.fixed_dictionaries(
        {"HTTP_HOST": host},
        optional={
            name: st.one_of(st.sampled_from(values), header_text)
            for name, values in HEADERS.items()
        },
    )

    # Pages that read a query string first; the admin's many routes all answer an
    # anonymous visitor alike, so they get one draw in eight.
    public = [t for t in templates if not t.startswith("/admin/")]
    admin = [t for t in templates if t.startswith("/admin/")]
    readers = [t for t in public if t in ROUTE_KEYS]
    route = weighted(
        (4, st.sampled_from(readers)), (3, st.sampled_from(public)), (1, st.sampled_from(admin))
    )

    @st.composite
    def request(draw) -> FuzzRequest:
        template = draw(route)
        path = re.sub(r"\{\w+\}", lambda _: draw(segment), template)
        return FuzzRequest(
            method=draw(st.sampled_from(METHODS)),
            path=path,
            query=draw(query(template)),
            headers=draw(headers),
            csrf_checks=draw(st.booleans()),
        )

    return request()


def problem(request: FuzzRequest, response) -> str | None:
    """What is wrong with the response, or None."""
    status = response.status_code
    if status >= 500:
        failure = getattr(response, "exc_info", None)
        cause = "".join(traceback.format_exception(*failure)[-3:]) if failure else ""
        return f"{request.method} {request.url!r} gave {status}\n{cause}"
    if status < 400 or request.method == "HEAD":
        return None
    if status == 405 and response.has_header("Allow"):
        return None  # require_safe's answer: Django's own empty 405, with the methods allowed
    if status == 412 and {"HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"} & set(request.headers):
        return None  # ConditionalGetMiddleware: a precondition the client set did not hold
    if request.path.startswith("/api/"):
        # The API's errors are problem details (RFC 9457), never the site's pages.
        problem = response.get("Content-Type") == "application/problem+json"
        return None if problem else f"{request.method} {request.url!r} gave {status}, not a problem"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":  # anonymous pages are compressed
        body = gzip.decompress(body)
    if ERROR_PAGE in body or (status == 400 and PROBLEMS_NOTICE in body):
        return None
    return f"{request.method} {request.url!r} gave {status} without the site's error page"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_request_gives_a_server_error(seeded, record_property, shard):
    examples = EXAMPLES // SHARDS + (shard < EXAMPLES % SHARDS)
    if not examples:
        pytest.skip(f"SHOWBIBLE_FUZZ_EXAMPLES={EXAMPLES}: nothing left for shard {shard}")
    templates = route_templates()
    statuses, methods, areas = Counter(), Counter(), Counter()
    started = time.monotonic()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )
    @given(strategies(templates))
    def check(request: FuzzRequest):
        client = Client(raise_request_exception=False, enforce_csrf_checks=request.csrf_checks)
        response = client.generic(request.method, request.url, **request.headers)
        statuses[response.status_code] += 1
        methods[request.method] += 1
        areas["admin" if request.path.startswith("/admin/") else "public"] += 1
        found = problem(request, response)
        assert found is None, found

    if settings.default.derandomize:
        # Hypothesis's CI profile (CI is set) draws the same inputs on every run, from the
        # test's code: the shards share it, so each gets a seed of its own.
        check = seed(shard)(check)
    try:
        check()
    finally:
        figures = {
            "requests": sum(statuses.values()),
            "routes": len(templates),
            "seconds": round(time.monotonic() - started, 1),
            "statuses": dict(sorted(statuses.items())),
            "methods": dict(methods.most_common()),
            "areas": dict(areas),
        }
        record_property("fuzz", figures)
        print(f"\nfuzz: {figures}")
