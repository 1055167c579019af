"""Crossovers as the catalogue's pages show them: a series' characters who turn up in other
series, and its episodes visited from elsewhere (or one episode's visitors), each worded as
what it is: a crossover, a flashback or a mention.

The rules (who is at home where, what is a visit, when it is a crossover, what is a
hand-off) are those of franchise.appearances. One query per page, whatever the size of the
catalogue: every published appearance of the characters concerned, as Sightings.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse

from catalog.models.series import EpisodeLabels
from franchise.appearances import (
    AT_HOME,
    Place,
    SeriesRef,
    SharedCharacter,
    Sighting,
    Visit,
    by_character,
    places_of,
    sightings,
    visits_from_elsewhere,
)
from franchise.models import Appearance


@dataclass
class CrossoverEpisode(EpisodeLabels):
    id: int
    series: SeriesRef
    season_number: int
    number: int
    title: str
    air_date: datetime.date | None
    visits: list[Visit] = field(default_factory=list)

    @property
    def hand_offs(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.hands_off_to]

    @property
    def is_crossover(self) -> bool:
        return any(visit.is_crossover for visit in self.visits)

    @property
    def label(self) -> str:
        """What the episode is for its strongest visit: "Crossover", "Flashback", "Mentioned"."""
        return self.visits[0].label

    @property
    def badge(self) -> str:
        return self.visits[0].badge

    def get_absolute_url(self) -> str:
        return reverse(
            "catalog:episode_detail",
            kwargs={
                "slug": self.series.slug,
                "number": self.season_number,
                "episode": self.number,
            },
        )


@dataclass
class Crossings:
    """What a series (or one episode) shares with the rest of the catalogue."""

    # The series' characters who appear elsewhere, each with the places elsewhere.
    shared: list[tuple[SharedCharacter, list[Place]]]
    episodes: list[CrossoverEpisode]  # the episodes with visitors from elsewhere, in order

    @cached_property
    def by_episode(self) -> dict[int, CrossoverEpisode]:
        return {episode.id: episode for episode in self.episodes}

    def in_season(self, number: int) -> list[CrossoverEpisode]:
        return [episode for episode in self.episodes if episode.season_number == number]

    def crossovers_in_season(self, number: int) -> list[CrossoverEpisode]:
        """Those of a season that are crossovers, not only a flashback or a mention."""
        return [episode for episode in self.in_season(number) if episode.is_crossover]


def series_crossings(series) -> Crossings:
    """A series' shared characters and its episodes with visitors from elsewhere."""
    seen = _sightings_of(Appearance.objects.filter(series=series))
    seen_here = {s.character.id for s in seen if s.series.id == series.pk}
    return _crossings([s for s in seen if s.character.id in seen_here], series_id=series.pk)


def episode_crossings(episode) -> Crossings:
    """The characters of one episode who belong to other series, as its only entry."""
    seen = _sightings_of(Appearance.objects.filter(episode=episode))
    seen_here = {s.character.id for s in seen if s.episode_id == episode.pk}
    seen = [s for s in seen if s.character.id in seen_here]
    return _crossings(seen, series_id=episode.season.series_id, episode_id=episode.pk)


def _sightings_of(appearances_here) -> list[Sighting]:
    """Every published sighting of the characters of appearances_here, a queryset of the
    page's own appearances. Those are taken unfiltered, one table: the published filter
    joins five tables, and a subquery of that many joins pushes PostgreSQL past its
    join_collapse_limit (8), which then hash-joins every appearance of the catalogue
    before it narrows to the page's characters (244 ms at 100k episodes; 2 ms this way).
    A character seen here only in a draft is then dropped by the callers, who keep only
    characters with a published sighting on the page."""
    characters = appearances_here.values("character_id")
    return sightings(Appearance.objects.published().filter(character_id__in=characters))


def _crossings(seen: list[Sighting], *, series_id: int, episode_id: int | None = None):
    visits = visits_from_elsewhere(seen)
    episodes = []
    for visiting, visitors in visits.by_episode.items():
        where = visits.episodes[visiting]
        if where.series.id != series_id or episode_id not in (None, visiting):
            continue
        episodes.append(
            CrossoverEpisode(
                visiting,
                where.series,
                where.season_number,
                where.episode_number,
                where.episode_title,
                where.air_date,
                visitors,
            )
        )
    episodes.sort(key=lambda e: (e.season_number, e.number))

    shared = []
    for character_sightings in by_character(seen).values():
        places = places_of(character_sightings)
        if len(places) < 2:
            continue
        character = character_sightings[0].character
        found = SharedCharacter(character.id, character.name, character.slug, tuple(places))
        shared.append((found, found.elsewhere(series_id)))
    shared.sort(
        key=lambda entry: (
            entry[0].kind_in(series_id) not in AT_HOME,
            -len(entry[1]),
            entry[0].name,
        )
    )
    return Crossings(shared, episodes)


def series_of_characters(character_ids) -> dict[int, list[Place]]:
    """Every published series each character appears in, with the strongest kind there,
    in premiere order: one query for a page of characters."""
    seen = sightings(Appearance.objects.published().filter(character_id__in=list(character_ids)))
    return {
        character_id: places_of(found, with_seasons=False)
        for character_id, found in by_character(seen).items()
    }
