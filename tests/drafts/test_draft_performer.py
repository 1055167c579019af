"""A draft performer stays hidden on public pages, and so does the name they are credited
under: "credited as Secret Name" would name the unpublished person all the same."""

import pytest

from catalog.factories import EpisodeFactory, PersonFactory
from franchise.factories import AppearanceFactory, CharacterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """A series and its first episode: one character played by a draft performer, one by a
    published performer, each credited under another name, in the series and the episode."""
    episode = EpisodeFactory()
    series = episode.season.series
    hidden = CharacterFactory(name="Hidden Role")
    shown = CharacterFactory(name="Shown Role")
    draft = PersonFactory(name="Draft Actor", status="draft")
    published = PersonFactory(name="Known Actor")
    for character, performer, credit in [
        (hidden, draft, "Secret Name"),
        (shown, published, "Stage Name"),
    ]:
        AppearanceFactory(
            character=character, series=series, performer=performer, credited_as=credit
        )
        AppearanceFactory(
            character=character, episode=episode, performer=performer, credited_as=credit
        )
    return {"series": series, "episode": episode, "hidden": hidden, "shown": shown}


@pytest.mark.parametrize("page", ["series", "episode", "hidden", "shown"])
def test_a_draft_performer_and_their_credited_name_never_show(client, cast, page):
    response = client.get(cast[page].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hidden Role" in html or page == "shown"
    assert "Secret Name" not in html
    assert "Draft Actor" not in html


@pytest.mark.parametrize("page", ["series", "episode", "shown"])
def test_a_published_performer_keeps_their_credited_name(client, cast, page):
    html = client.get(cast[page].get_absolute_url()).content.decode()
    assert "Known Actor" in html
    assert "Stage Name" in html
