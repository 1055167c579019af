"""The page cache: anonymous visitors get stored pages until content changes; editors,
drafts, the admin and anything with a cookie never go through it (config/page_cache.py)."""

import gzip
import os

import pytest
import redis
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.factories import SeasonFactory, SeriesFactory
from catalog.models import PublishStatus, Series
from catalog.services import records_publish
from config import page_cache, settings_test
from franchise.factories import AppearanceFactory, UniverseFactory, UniverseMembershipFactory

# Real commits: the generation moves in on_commit hooks, which a test's own transaction
# would hold back.
pytestmark = pytest.mark.django_db(transaction=True)


def redis_location() -> str:
    """The suite's Redis (REDIS_URL, per xdist worker), else a database of the local one."""
    if settings_test.REDIS_URL:
        return settings_test.redis_url_for_this_worker(settings_test.REDIS_URL)
    return settings_test.redis_url_for_this_worker("redis://127.0.0.1:6379/12")


def redis_reachable(location: str) -> bool:
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


BACKENDS = {
    "local memory": lambda: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": lambda: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_location(),
        "KEY_PREFIX": "showbible-test",
    },
}


@pytest.fixture(autouse=True, params=list(BACKENDS))
def page_cache_on(request, settings):
    """Every test runs on both caches production may use. Redis answers at 127.0.0.1:6379
    here and in CI; elsewhere its runs are skipped, unless CI is set."""
    backend = BACKENDS[request.param]()
    if request.param == "redis" and not redis_reachable(backend["LOCATION"]):
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {backend['LOCATION']}")
        pytest.skip(f"Redis is not reachable at {backend['LOCATION']}")
    settings.CACHES = {"default": backend}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(django_user_model):
    """A signed-in editor (the transactional flush took the migration's Editors group)."""
    return django_user_model.objects.create_user("ed", is_staff=True)


@pytest.fixture
def editor_client(client, staff):
    editor = client.__class__()
    editor.force_login(staff)
    return editor


@pytest.fixture
def series():
    return SeriesFactory(title="Bosch", slug="bosch")


def page(slug="bosch") -> str:
    return reverse("catalog:series_detail", args=[slug])


def save(record, **changes):
    """Save as the admin does: in a transaction."""
    with transaction.atomic():
        for name, value in changes.items():
            setattr(record, name, value)
        record.save()


def test_a_second_anonymous_visit_runs_no_query(client, series, django_assert_num_queries):
    first = client.get(page())
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(page())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_edit_shows_on_the_next_request(client, series):
    client.get(page())
    save(series, title="Bosch: Legacy")
    response = client.get(page())
    assert response["X-Page-Cache"] == "miss"
    assert "Bosch: Legacy" in response.content.decode()


def test_a_rolled_back_change_leaves_the_cached_page(client, series):
    client.get(page())
    before = page_cache.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        save(series, title="Never committed")
        raise RuntimeError
    assert page_cache.generation() == before
    assert client.get(page())["X-Page-Cache"] == "hit"
    # The next committed write still moves it: the rollback took its hook along.
    save(series, title="Committed")
    assert page_cache.generation() > before
    assert "Committed" in client.get(page()).content.decode()


def test_one_transaction_adds_one_commit_hook(django_capture_on_commit_callbacks):
    with transaction.atomic(), django_capture_on_commit_callbacks() as hooks:
        SeriesFactory.create_batch(5)
    assert hooks == [page_cache._generation_advance]


def test_a_bulk_publish_shows_on_the_next_request(client, staff):
    SeriesFactory(slug="draft-show", title="Draft show", status=PublishStatus.DRAFT)
    listing = reverse("catalog:series_list")
    assert "Draft show" not in client.get(listing).content.decode()
    assert client.get(listing)["X-Page-Cache"] == "hit"
    # A bulk update sends no signal: the service moves the generation itself.
    records_publish(queryset=Series.objects.filter(slug="draft-show"), user=staff)
    assert "Draft show" in client.get(listing).content.decode()
    assert client.get(page("draft-show")).status_code == 200


def test_an_editor_preview_of_a_draft_never_reaches_visitors(client, editor_client):
    SeriesFactory(slug="secret", title="Secret show", status=PublishStatus.DRAFT)
    preview = editor_client.get(page("secret"))
    assert preview.status_code == 200 and "X-Page-Cache" not in preview
    assert "private" in preview["Cache-Control"]
    assert client.get(page("secret")).status_code == 404


def test_an_editor_never_gets_a_visitors_cached_page(client, editor_client, series):
    client.get(page())
    response = editor_client.get(page())
    assert "X-Page-Cache" not in response


def test_the_admin_is_never_cached(editor_client):
    editor_client.get(reverse("admin:index"))
    assert "X-Page-Cache" not in editor_client.get(reverse("admin:index"))
    anonymous = editor_client.__class__()
    assert "X-Page-Cache" not in anonymous.get(reverse("admin:login"))


def test_errors_are_not_stored(client):
    assert client.get(page("no-such-show")).status_code == 404
    assert "X-Page-Cache" not in client.get(page("no-such-show"))


def test_different_query_strings_are_different_pages(client, series):
    url = reverse("catalog:series_list")
    assert client.get(url + "?q=bosch")["X-Page-Cache"] == "miss"
    assert client.get(url + "?q=other")["X-Page-Cache"] == "miss"
    assert client.get(url + "?q=bosch")["X-Page-Cache"] == "hit"


def test_anonymous_pages_set_no_cookie_and_vary_on_it_for_personal_state(client, series):
    """No cookie is set; Vary: Cookie because a visitor who sets a horizon or ticks an
    episode must not get the public copy their browser or a CDN kept."""
    for _ in range(2):
        response = client.get(page())
        assert not response.cookies
        assert "Cookie" in response["Vary"]


def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(client, series):
    response = client.get(page())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=300"} <= (cache_control)
    assert response["Last-Modified"].endswith("GMT")
    assert client.get(page())["Cache-Control"] == response["Cache-Control"]


def test_a_conditional_get_gets_a_304(client, series):
    first = client.get(page())
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(page(), headers={"If-None-Match": etag}).status_code == 304
    assert client.get(page(), headers={"If-Modified-Since": modified}).status_code == 304


def test_a_conditional_get_after_an_edit_gets_the_new_page(client, series):
    etag = client.get(page())["ETag"]
    save(series, title="Renamed")
    response = client.get(page(), headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Renamed" in response.content.decode()


def test_anonymous_html_is_compressed_and_an_editors_is_not(client, editor_client, series):
    response = client.get(page(), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Bosch" in gzip.decompress(response.content)
    assert "Content-Encoding" not in editor_client.get(page(), headers={"Accept-Encoding": "gzip"})


def test_the_page_cache_can_be_turned_off(client, series, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(page())
    assert "X-Page-Cache" not in client.get(page())


def queries_of(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as run:
        response = client.get(url)
    assert response.status_code == 200
    return len(run), response.content


def test_crossings_are_worked_out_once_a_generation_even_for_editors(editor_client, series):
    """An editor's page is never stored whole, but its crossings come from the fragment
    cache; a new appearance moves the generation and they are worked out again."""
    ballard = SeriesFactory(title="Ballard", slug="ballard")
    harry = AppearanceFactory(series=series).character
    queries_of(editor_client, page())  # works the crossings out, and warms the rest
    cached, html = queries_of(editor_client, page())
    assert b'href="/series/ballard/"' not in html
    with transaction.atomic():
        AppearanceFactory(character=harry, series=ballard, kind="recurring")
    worked_out, html = queries_of(editor_client, page())
    assert worked_out == cached + 1  # the crossings' query, once
    assert b'href="/series/ballard/"' in html
    assert queries_of(editor_client, page())[0] == cached


@pytest.mark.parametrize("name", ["franchise:graph", "franchise:watch_order"])
def test_the_graph_and_the_watch_order_come_from_the_fragment_cache(editor_client, name):
    universe = UniverseFactory(slug="bosch-universe")
    bosch = SeriesFactory(title="Bosch", slug="bosch")
    legacy = SeriesFactory(title="Bosch: Legacy", slug="bosch-legacy")
    UniverseMembershipFactory(universe=universe, series=bosch)
    UniverseMembershipFactory(universe=universe, series=legacy)
    SeasonFactory(series=bosch, number=1)
    harry = AppearanceFactory(series=bosch).character
    AppearanceFactory(character=harry, series=legacy)
    url = reverse(name, args=["bosch-universe"])
    first, html = queries_of(editor_client, url)
    second, again = queries_of(editor_client, url)
    assert second < first
    assert again == html  # the same page, from what the cache kept
    with transaction.atomic():
        save(bosch, title="Bosch (renamed)")
    third, html = queries_of(editor_client, url)
    assert third > second
    assert b"Bosch (renamed)" in html


def test_a_visitors_own_state_gets_its_own_private_page(client, series):
    """Cookies of personal state (progress, horizon) key a page of their own: another
    visitor never gets it, and no shared cache may keep it."""
    public = client.get(page())
    assert public["X-Page-Cache"] == "miss"
    assert "public" in public["Cache-Control"] and "Cookie" in public["Vary"]
    personal = client.__class__()
    personal.cookies["horizon"] = "one-visitor"
    mine = personal.get(page())
    assert mine["X-Page-Cache"] == "miss"
    assert "private" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]
    assert personal.get(page())["X-Page-Cache"] == "hit"
    other = client.__class__()
    other.cookies["horizon"] = "another-visitor"
    assert other.get(page())["X-Page-Cache"] == "miss"
    # Back without the cookie: the public copy, still public.
    again = client.get(page())
    assert again["X-Page-Cache"] == "hit" and "public" in again["Cache-Control"]


def test_cookies_outside_personal_state_do_not_split_the_cache(client, series):
    client.get(page())
    visitor = client.__class__()
    visitor.cookies["analytics"] = "x"
    assert visitor.get(page())["X-Page-Cache"] == "hit"
