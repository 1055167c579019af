"""Every page type of the public site is valid HTML: the Nu HTML Checker (vnu) finds no
error. Pages are rendered by Django's test client on the seeded database and validated
in one run of the checker (one JVM start)."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from catalog.models import PublishStatus, Series
from catalog.views import permission_denied, server_error

# name: (path, expected status)
PAGES = {
    "home": ("/", 200),
    "series-list": ("/series/", 200),
    "series-list-filtered": ("/series/?network=prime-video&status=renewed&ordering=-score", 200),
    "series-list-empty": ("/series/?year_from=1990&year_to=1991", 200),
    "series-list-bad-filter": ("/series/?network=no-such-network&page=abc", 400),
    "series": ("/series/ballard/", 200),
    "series-ended": ("/series/bosch/", 200),
    "season": ("/series/ballard/season/1/", 200),
    "episode": ("/series/ballard/season/1/episode/2/", 200),
    "episode-untitled": ("/series/ballard/season/1/episode/9/", 200),
    "people": ("/people/", 200),
    "person": ("/people/maggie-q/", 200),
    "characters": ("/characters/", 200),
    "character": ("/characters/renee-ballard/", 200),
    "universes": ("/universes/", 200),
    "universe": ("/universes/bosch-universe/", 200),
    "search-results": ("/search/?q=renee+ballard", 200),
    "search-one-kind": ("/search/?q=bosch&kind=episodes", 200),
    "search-no-results": ("/search/?q=zzzzqqq", 200),
    "search-empty-query": ("/search/?q=", 200),
    "not-found": ("/series/no-such-show/", 404),
    "bad-request": ("/series/?q=nul%00byte", 400),
    "api-docs": ("/api/v1/docs", 200),
}

# Fan features, included once their URL names exist: name: (url name, kwargs, query).
FAN_PAGES = {
    "watch-order": ("franchise:watch_order", {"slug": "bosch-universe"}, ""),
    "graph": ("franchise:graph", {"slug": "bosch-universe"}, ""),
    "connections": ("franchise:connections", {}, "?from=bosch&to=the-lincoln-lawyer"),
    "connections-form": ("franchise:connections", {}, ""),
    "before": ("franchise:before_series", {"slug": "ballard"}, ""),
    "before-nothing": ("franchise:before_series", {"slug": "bosch"}, ""),
    "before-episode": (
        "franchise:before_episode",
        {"slug": "bosch-legacy", "number": 3, "episode": 10},
        "",
    ),
}


def fan_pages() -> dict[str, tuple[str, int]]:
    pages = {}
    for name, (url_name, kwargs, query) in FAN_PAGES.items():
        try:
            pages[name] = (reverse(url_name, kwargs=kwargs) + query, 200)
        except NoReverseMatch:
            continue
    return pages


def fetch(client, pages: dict[str, tuple[str, int]]) -> dict[str, str]:
    documents = {}
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, f"{name}: {path} gave {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), name
        documents[name] = response.content.decode()
    return documents


@pytest.mark.django_db
def test_every_page_type_is_valid_html(seeded, client, admin_user, vnu, tmp_path):
    documents = fetch(client, PAGES | fan_pages())

    # The error pages no URL leads to, rendered by their handlers.
    request = RequestFactory().get("/somewhere/")
    request.user = admin_user
    documents["forbidden"] = permission_denied(request, None).content.decode()
    documents["server-error"] = server_error(request).content.decode()

    # A draft series previewed by staff (when the preview exists): the page with its banner.
    Series.objects.filter(slug="the-lincoln-lawyer").update(status=PublishStatus.DRAFT)
    client.force_login(admin_user)
    preview = client.get("/series/the-lincoln-lawyer/")
    if preview.status_code == 200:
        documents["series-draft-preview"] = preview.content.decode()

    errors = vnu(documents, tmp_path)
    assert not errors, "\n".join(errors)
    # The page types the fan features add are counted in when they exist.
    assert len(documents) >= len(PAGES) + 2
