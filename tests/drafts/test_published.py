"""published() is the only door public pages read through: it hides drafts, and whatever
hangs from a draft (a season of a draft series, a review of one, a draft character's
appearances)."""

import pytest

from catalog.factories import (
    ClaimFactory,
    EpisodeFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
)
from catalog.models import Claim, Episode, Person, Review, Season, Series
from franchise.factories import AppearanceFactory, CharacterFactory, UniverseFactory
from franchise.models import Appearance, Character, Universe

pytestmark = pytest.mark.django_db

DRAFT = "draft"


def published(model) -> set:
    return set(model.objects.published())


def test_series_drafts_are_hidden():
    shown = SeriesFactory()
    SeriesFactory(status=DRAFT)
    assert published(Series) == {shown}


def test_seasons_of_draft_series_are_hidden():
    shown = SeasonFactory()
    SeasonFactory(status=DRAFT)
    SeasonFactory(series=SeriesFactory(status=DRAFT))
    assert published(Season) == {shown}


def test_episodes_of_draft_seasons_or_series_are_hidden():
    shown = EpisodeFactory()
    EpisodeFactory(status=DRAFT)
    EpisodeFactory(season=SeasonFactory(status=DRAFT))
    EpisodeFactory(season=SeasonFactory(series=SeriesFactory(status=DRAFT)))
    assert published(Episode) == {shown}


def test_people_drafts_are_hidden():
    shown = PersonFactory()
    PersonFactory(status=DRAFT)
    assert published(Person) == {shown}


def test_reviews_of_draft_series_or_seasons_are_hidden():
    of_series = ReviewFactory()
    of_season = ReviewFactory(season=SeasonFactory())
    ReviewFactory(status=DRAFT)
    ReviewFactory(series=SeriesFactory(status=DRAFT))
    ReviewFactory(season=SeasonFactory(status=DRAFT))
    ReviewFactory(season=SeasonFactory(series=SeriesFactory(status=DRAFT)))
    assert published(Review) == {of_series, of_season}


def test_claims_about_draft_series_are_hidden():
    about_series = ClaimFactory()
    about_nothing = ClaimFactory(series=None)
    ClaimFactory(status=DRAFT)
    ClaimFactory(series=SeriesFactory(status=DRAFT))
    assert published(Claim) == {about_series, about_nothing}


def test_universe_drafts_are_hidden():
    shown = UniverseFactory()
    UniverseFactory(status=DRAFT)
    assert published(Universe) == {shown}


def test_character_drafts_are_hidden():
    shown = CharacterFactory()
    CharacterFactory(status=DRAFT)
    assert published(Character) == {shown}


def test_appearances_of_draft_characters_or_in_draft_places_are_hidden():
    main = AppearanceFactory()
    recurring = AppearanceFactory(season=SeasonFactory(), kind=Appearance.Kind.RECURRING)
    guest = AppearanceFactory(episode=EpisodeFactory())
    AppearanceFactory(character=CharacterFactory(status=DRAFT))
    AppearanceFactory(series=SeriesFactory(status=DRAFT))
    AppearanceFactory(season=SeasonFactory(status=DRAFT), kind=Appearance.Kind.RECURRING)
    AppearanceFactory(episode=EpisodeFactory(status=DRAFT))
    AppearanceFactory(episode=EpisodeFactory(season=SeasonFactory(status=DRAFT)))
    AppearanceFactory(
        episode=EpisodeFactory(season=SeasonFactory(series=SeriesFactory(status=DRAFT)))
    )
    assert published(Appearance) == {main, recurring, guest}


def test_a_character_seen_in_a_series_only_in_a_draft_episode_does_not_cross_into_it():
    """Crossings take the page's characters from its appearances unfiltered (one table, for
    the query plan), so the draft-only visitor must still be left out afterwards."""
    from franchise.crossovers import episode_crossings, series_crossings

    home = AppearanceFactory()  # the visitor's own series, where they are main cast
    AppearanceFactory(character=home.character)  # and a second series, so they are shared
    visited = SeasonFactory()
    draft_visit = AppearanceFactory(
        character=home.character, episode=EpisodeFactory(season=visited, status=DRAFT)
    )
    regular = AppearanceFactory(series=visited.series)
    AppearanceFactory(character=regular.character, series=home.series, kind="recurring")

    shared = series_crossings(visited.series).shared
    assert [entry.name for entry, _ in shared] == [regular.character.name]
    assert episode_crossings(draft_visit.episode).shared == []
    assert {entry.name for entry, _ in series_crossings(home.series).shared} == {
        home.character.name,
        regular.character.name,
    }
