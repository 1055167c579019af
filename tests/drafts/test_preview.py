"""Staff preview drafts on their detail pages, under a "Draft — not public" banner; anyone
else gets a 404, and the published pages carry no banner."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from catalog.factories import EpisodeFactory, PersonFactory, SeasonFactory, SeriesFactory
from catalog.models import PublishStatus
from franchise.factories import CharacterFactory, UniverseFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublishStatus.DRAFT, PublishStatus.PUBLISHED
BANNER = '<p class="draft-banner__title" role="status">Draft — not public</p>'


@pytest.fixture
def staff_client(django_user_model):
    """A client of its own, signed in as staff (the `client` fixture stays anonymous)."""
    user = django_user_model.objects.create_user("ed", password="pw-for-tests", is_staff=True)
    staff = Client()
    staff.force_login(user)
    return staff


@pytest.fixture
def visitor_client(client, django_user_model):
    """Signed in, but not staff."""
    user = django_user_model.objects.create_user("fan", password="pw-for-tests")
    client.force_login(user)
    return client


def drafts() -> dict[str, object]:
    series = SeriesFactory(title="Secret Show", slug="secret-show", status=DRAFT)
    season = SeasonFactory(series=series, number=1, status=DRAFT)
    return {
        "series": series,
        "season": season,
        "episode": EpisodeFactory(season=season, number=1, title="Pilot", status=DRAFT),
        "person": PersonFactory(name="Secret Person", slug="secret-person", status=DRAFT),
        "character": CharacterFactory(name="Secret Agent", slug="secret-agent", status=DRAFT),
        "universe": UniverseFactory(name="Secret Universe", slug="secret-universe", status=DRAFT),
    }


KINDS = ["series", "season", "episode", "person", "character", "universe"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_is_not_found_by_anonymous_visitors(client, kind):
    record = drafts()[kind]
    response = client.get(record.get_absolute_url())
    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_is_not_found_by_signed_in_visitors_who_are_not_staff(visitor_client, kind):
    assert visitor_client.get(drafts()[kind].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_staff_preview_a_draft_with_its_banner(staff_client, kind):
    record = drafts()[kind]
    response = staff_client.get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(BANNER) == 1
    assert html.index('<main id="main"') < html.index(BANNER) < html.index("<h1")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("kind", KINDS)
def test_a_published_page_has_no_banner_even_for_staff(staff_client, client, kind):
    record = drafts()[kind]
    type(record).objects.filter(pk=record.pk).update(status=PUBLISHED)
    if kind in ("season", "episode"):
        type(record.season.series if kind == "episode" else record.series).objects.update(
            status=PUBLISHED
        )
        SeasonFactory._meta.model.objects.update(status=PUBLISHED)
    for viewer in (staff_client, client):
        response = viewer.get(record.get_absolute_url())
        assert response.status_code == 200
        assert "Draft — not public" not in response.content.decode()


def test_a_draft_episode_of_a_published_season(staff_client, client):
    series = SeriesFactory(slug="public-show")
    season = SeasonFactory(series=series, number=2)
    episode = EpisodeFactory(season=season, number=3, title="Unaired", status=DRAFT)
    EpisodeFactory(season=season, number=2, title="Aired")
    url = "/series/public-show/season/2/episode/3/"
    assert client.get(url).status_code == 404
    assert "Unaired" not in client.get(season.get_absolute_url()).content.decode()
    response = staff_client.get(url)
    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert episode.title in response.content.decode()
    # The published season around it is public, without a banner.
    assert "Draft — not public" not in staff_client.get(season.get_absolute_url()).content.decode()


def test_the_published_seasons_of_a_draft_series_stay_hidden(staff_client, client):
    series = SeriesFactory(title="Secret Show", slug="secret-show", status=DRAFT)
    season = SeasonFactory(series=series, number=1, status=PUBLISHED)
    episode = EpisodeFactory(season=season, number=1, status=PUBLISHED)
    for url in (season.get_absolute_url(), episode.get_absolute_url()):
        assert client.get(url).status_code == 404
        response = staff_client.get(url)
        assert response.status_code == 200
        assert BANNER in response.content.decode()


def test_a_draft_season_between_published_ones_is_previewed_with_its_neighbours(staff_client):
    series = SeriesFactory(slug="public-show")
    for number in (1, 3):
        SeasonFactory(series=series, number=number)
    draft = SeasonFactory(series=series, number=2, status=DRAFT)
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert 'rel="prev" href="/series/public-show/season/1/"' in html
    assert 'rel="next" href="/series/public-show/season/3/"' in html


def test_the_admin_view_on_site_link_opens_the_draft_for_staff(staff_client):
    series = drafts()["series"]
    content_type = ContentType.objects.get_for_model(series)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, series.pk])
    response = staff_client.get(shortcut, follow=True)
    assert response.redirect_chain[-1][0].endswith("/series/secret-show/")
    assert BANNER in response.content.decode()


def test_lists_search_and_universe_pages_leave_drafts_out_even_for_staff(staff_client):
    found = drafts()
    for url in [
        "/series/",
        "/characters/",
        "/people/",
        "/universes/",
        "/search/?q=secret",
        "/connections/",
        "/sitemap-series.xml",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "Secret" not in response.content.decode(), url
    assert staff_client.get(f"/universes/{found['universe'].slug}/graph/").status_code == 404
    assert staff_client.get(f"/universes/{found['universe'].slug}/watch-order/").status_code == 404
