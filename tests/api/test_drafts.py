"""No draft appears anywhere in the API: not listed, not embedded by include=, not found by
search, not counted, and its own address is a 404.

Over the seed universe: a whole draft series (season, episode, a draft character who also
appears in Ballard, played by a published person, a link to Ballard, a place in the
universe), a draft person credited on Bosch and playing a part in it, a draft season of
Bosch, a draft claim and a draft review of Bosch, a draft universe, and Ballard 1×9 taken
back to draft.
"""

import pytest

from catalog.factories import (
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
)
from catalog.models import Episode, Network, Series
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import Appearance, LinkKind, SeriesLink, Universe, UniverseMembership

pytestmark = pytest.mark.django_db

SECRETS = (
    "Zzyzx Confidential",
    "zzyzx-confidential",
    "Quill Marlowe",
    "quill-marlowe",
    "The Unaired Pilot",
    "Hidden Hendricks",
    "hidden-hendricks",
    "Season of Secrets",
    "A claim still in draft",
    "Draft Desk Review",
    "Universe Under Wraps",
    "universe-under-wraps",
    "/series/ballard/season/1/episode/9/",
)
EVERY = "?include=seasons,credits,reviews,claims,characters"


@pytest.fixture
def drafts(seeded):
    network = Network.objects.get(slug="prime-video")
    bosch = Series.objects.get(slug="bosch")
    ballard = Series.objects.get(slug="ballard")
    secret = SeriesFactory(
        title="Zzyzx Confidential", slug="zzyzx-confidential", network=network, status="draft"
    )
    season = SeasonFactory(series=secret, number=1, status="draft")
    EpisodeFactory(season=season, number=1, title="The Unaired Pilot", status="draft")
    performer = PersonFactory(name="Published Performer", slug="published-performer")
    character = CharacterFactory(name="Quill Marlowe", slug="quill-marlowe", status="draft")
    AppearanceFactory(character=character, series=secret, performer=performer, kind="main")
    ballard_7 = Episode.objects.get(season__series=ballard, season__number=1, number=7)
    Appearance.objects.create(
        character=character, series=ballard, episode=ballard_7, performer=performer, kind="guest"
    )
    SeriesLink.objects.create(source=secret, target=ballard, kind=LinkKind.SPIN_OFF_OF)
    universe = Universe.objects.get(slug="bosch-universe")
    UniverseMembership.objects.create(universe=universe, series=secret, position=99)
    hidden = PersonFactory(name="Hidden Hendricks", slug="hidden-hendricks", status="draft")
    CreditFactory(person=hidden, series=bosch, role="writer")
    AppearanceFactory(
        character=CharacterFactory(name="Published Part"),
        series=bosch,
        performer=hidden,
        credited_as="Hidden Hendricks",
    )
    draft_season = SeasonFactory(series=bosch, number=8, title="Season of Secrets", status="draft")
    EpisodeFactory(season=draft_season, number=1, title="Season of Secrets opener")
    ClaimFactory(series=bosch, text="A claim still in draft", status="draft")
    ReviewFactory(series=bosch, outlet="Draft Desk Review", status="draft")
    wraps = UniverseFactory(
        name="Universe Under Wraps", slug="universe-under-wraps", status="draft"
    )
    UniverseMembershipFactory(universe=wraps, series=bosch)
    Episode.objects.filter(season__series=ballard, season__number=1, number=9).update(
        status="draft"
    )


ADDRESSES = [
    "/api/v1/series?page_size=100",
    "/api/v1/series?network=prime-video",
    "/api/v1/series?universe=bosch-universe",
    f"/api/v1/series/bosch{EVERY}",
    f"/api/v1/series/ballard{EVERY}",
    "/api/v1/series/ballard/seasons/1?include=episodes,reviews",
    "/api/v1/series/bosch/seasons/1?include=episodes,reviews",
    "/api/v1/series/ballard/seasons/1/episodes/7?include=credits,characters",
    "/api/v1/people?page_size=100",
    "/api/v1/people?page_size=100&page=2",
    "/api/v1/people/published-performer?include=credits,characters",
    "/api/v1/people/titus-welliver?include=credits,characters",
    "/api/v1/characters?page_size=100",
    "/api/v1/characters?series=ballard&page_size=100",
    "/api/v1/characters?crossers=true&page_size=100",
    "/api/v1/characters/harry-bosch",
    "/api/v1/universes/bosch-universe?include=watch_order,graph",
    "/api/v1/claims?page_size=100",
    "/api/v1/claims?series=bosch&page_size=100",
    "/api/v1/search?q=zzyzx",
    "/api/v1/search?q=quill+marlowe",
    "/api/v1/search?q=unaired+pilot",
    "/api/v1/search?q=hidden+hendricks",
    "/api/v1/search?q=secrets",
]


def test_no_endpoint_shows_a_draft(drafts, client):
    for address in ADDRESSES:
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, f"{address} shows the draft {secret!r}"


def test_drafts_are_not_counted(drafts, api):
    assert api("/api/v1/series").data["count"] == 4
    bosch = api("/api/v1/series/bosch?include=seasons").data
    assert [season["number"] for season in bosch["seasons"]] == list(range(1, 8))
    season = api("/api/v1/series/ballard/seasons/1?include=episodes").data
    assert 9 not in [episode["number"] for episode in season["episodes"]]
    nobody = api("/api/v1/series/bosch?include=characters").data["characters"]
    part = [a for a in nobody if a["character"]["name"] == "Published Part"]
    assert part and part[0]["performer"] is None and part[0]["credited_as"] == ""


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/series/zzyzx-confidential",
        "/api/v1/series/zzyzx-confidential/seasons/1",
        "/api/v1/series/zzyzx-confidential/seasons/1/episodes/1",
        "/api/v1/series/bosch/seasons/8",
        "/api/v1/series/bosch/seasons/8/episodes/1",
        "/api/v1/series/ballard/seasons/1/episodes/9",
        "/api/v1/people/hidden-hendricks",
        "/api/v1/characters/quill-marlowe",
        "/api/v1/universes/universe-under-wraps",
    ],
)
def test_a_drafts_own_address_is_not_found(drafts, api, address):
    assert api(address).status_code == 404
