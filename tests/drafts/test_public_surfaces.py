"""A draft never leaks: every public surface hides it, whatever links lead to it.

The seed universe is loaded, then one whole new series is added as a draft — with a
season, an episode, a draft character who appears in it and in Ballard, a published
person who plays that character, and a link to Ballard — and each public surface is read
as an anonymous visitor. Unpublishing an existing record (Ballard 1×9) hides it too.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from catalog.factories import EpisodeFactory, PersonFactory, SeasonFactory, SeriesFactory
from catalog.models import Episode, Network, Series
from franchise.factories import AppearanceFactory, CharacterFactory
from franchise.models import Appearance, LinkKind, SeriesLink, Universe, UniverseMembership

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Zzyzx Confidential"
SECRET_CHARACTER = "Quill Marlowe"
SECRET_EPISODE = "The Unaired Pilot"


@pytest.fixture
def draft_world(seeded):
    network = Network.objects.get(slug="prime-video")
    series = SeriesFactory(
        title=SECRET_TITLE, slug="zzyzx-confidential", network=network, status="draft"
    )
    season = SeasonFactory(series=series, number=1, status="draft")
    episode = EpisodeFactory(season=season, number=1, title=SECRET_EPISODE, status="draft")
    performer = PersonFactory(name="Published Performer", slug="published-performer")
    character = CharacterFactory(name=SECRET_CHARACTER, slug="quill-marlowe", status="draft")
    ballard = Series.objects.get(slug="ballard")
    AppearanceFactory(character=character, series=series, performer=performer, kind="main")
    ballard_7 = Episode.objects.get(season__series=ballard, season__number=1, number=7)
    Appearance.objects.create(
        character=character, series=ballard, episode=ballard_7, performer=performer, kind="guest"
    )
    SeriesLink.objects.create(source=series, target=ballard, kind=LinkKind.SPIN_OFF_OF)
    universe = Universe.objects.get(slug="bosch-universe")
    UniverseMembership.objects.create(universe=universe, series=series, position=99)
    Episode.objects.filter(season__series=ballard, season__number=1, number=9).update(
        status="draft"
    )
    return {"series": series, "season": season, "episode": episode, "character": character}


def optional_url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


SURFACES = [
    ("home", lambda: reverse("catalog:home")),
    ("series list", lambda: reverse("catalog:series_list")),
    (
        "series list filtered by network",
        lambda: reverse("catalog:series_list") + "?network=prime-video",
    ),
    (
        "series list by universe",
        lambda: reverse("catalog:series_list") + "?universe=bosch-universe",
    ),
    ("search", lambda: reverse("franchise:search") + "?q=zzyzx"),
    ("search for the character", lambda: reverse("franchise:search") + "?q=quill+marlowe"),
    ("search for the episode", lambda: reverse("franchise:search") + "?q=unaired+pilot"),
    ("people list", lambda: reverse("catalog:person_list")),
    (
        "performer page",
        lambda: reverse("catalog:person_detail", kwargs={"slug": "published-performer"}),
    ),
    ("characters list", lambda: reverse("franchise:character_list")),
    ("ballard page", lambda: reverse("catalog:series_detail", kwargs={"slug": "ballard"})),
    (
        "ballard season 1",
        lambda: reverse("catalog:season_detail", kwargs={"slug": "ballard", "number": 1}),
    ),
    (
        "ballard 1x7",
        lambda: reverse(
            "catalog:episode_detail", kwargs={"slug": "ballard", "number": 1, "episode": 7}
        ),
    ),
    ("universes list", lambda: reverse("franchise:universe_list")),
    (
        "universe page",
        lambda: reverse("franchise:universe_detail", kwargs={"slug": "bosch-universe"}),
    ),
    ("watch order", lambda: optional_url("franchise:watch_order", slug="bosch-universe")),
    ("graph", lambda: optional_url("franchise:graph", slug="bosch-universe")),
    ("connections form", lambda: optional_url("franchise:connections")),
    ("sitemap", lambda: "/sitemap.xml"),
]


@pytest.mark.parametrize(("surface", "url"), SURFACES, ids=[s for s, _ in SURFACES])
def test_no_public_surface_shows_a_draft(draft_world, client, surface, url):
    address = url()
    if address is None:
        pytest.fail(f"{surface}: its URL does not exist")
    response = client.get(address)
    assert response.status_code == 200, surface
    body = response.content.decode()
    for secret in (
        SECRET_TITLE,
        SECRET_CHARACTER,
        SECRET_EPISODE,
        "zzyzx-confidential",
        "quill-marlowe",
    ):
        assert secret not in body, f"{surface} shows the draft {secret!r}"


def test_sitemap_sections_hide_drafts(draft_world, client):
    index = client.get("/sitemap.xml").content.decode()
    sections = [
        line.split("<loc>")[1].split("</loc>")[0] for line in index.split("\n") if "<loc>" in line
    ]
    assert sections
    for section in sections:
        body = client.get(section.replace("http://testserver", "")).content.decode()
        assert "zzyzx-confidential" not in body
        assert "quill-marlowe" not in body
        assert "/series/ballard/season/1/episode/9/" not in body


def test_connections_never_route_through_a_draft(draft_world, client):
    url = optional_url("franchise:connections")
    if url is None:
        pytest.fail("the connection finder does not exist")
    response = client.get(url, {"from": "ballard", "to": "zzyzx-confidential"})
    assert response.status_code == 400
    assert SECRET_TITLE not in response.content.decode()


def test_draft_detail_pages_are_404_for_visitors(draft_world, client):
    for address in (
        reverse("catalog:series_detail", kwargs={"slug": "zzyzx-confidential"}),
        reverse("catalog:season_detail", kwargs={"slug": "zzyzx-confidential", "number": 1}),
        reverse(
            "catalog:episode_detail",
            kwargs={"slug": "zzyzx-confidential", "number": 1, "episode": 1},
        ),
        reverse("catalog:episode_detail", kwargs={"slug": "ballard", "number": 1, "episode": 9}),
        reverse("franchise:character_detail", kwargs={"slug": "quill-marlowe"}),
    ):
        assert client.get(address).status_code == 404, address
