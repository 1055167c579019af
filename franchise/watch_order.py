"""A release-order guide across a universe's series, with crossover episodes marked.

Seasons are interleaved across shows by premiere date. Visits from elsewhere (crossovers,
flashbacks, mentions) and hand-offs follow franchise.appearances, among the series of the
universe (Bosch: Legacy 3×10 hands off to Ballard). Four queries, whatever the size of the
universe.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from catalog.models import Episode, Season
from franchise.appearances import Visit, sightings, visits_from_elsewhere
from franchise.models import Appearance, Universe, UniverseMembership


@dataclass
class WatchEpisode:
    episode: Episode
    visits: list[Visit] = field(default_factory=list)

    @property
    def is_visited(self) -> bool:
        """A character from another series turns up, in a flashback or by name."""
        return bool(self.visits)

    @property
    def is_crossover(self) -> bool:
        return any(visit.is_crossover for visit in self.visits)

    @property
    def hand_offs(self) -> list:
        """The series this episode hands off to."""
        return [visit.hands_off_to for visit in self.visits if visit.hands_off_to]


class WatchedEpisodes:
    """A run of the order's episodes (its `episodes`): a season, or a curated entry."""

    @property
    def crossovers(self) -> list[WatchEpisode]:
        return [episode for episode in self.episodes if episode.is_crossover]

    @property
    def visited(self) -> list[WatchEpisode]:
        """The episodes a character from another series turns up in, crossover or not."""
        return [episode for episode in self.episodes if episode.is_visited]


@dataclass
class WatchSeason(WatchedEpisodes):
    position: int
    season: Season
    episodes: list[WatchEpisode]


def _sort_date(value: datetime.date | None) -> datetime.date:
    return value or datetime.date.max


def watch_order(universe: Universe, *, essentials: bool = False) -> list[WatchSeason]:
    """Every published season of the universe's series, in release order."""
    memberships = list(
        UniverseMembership.objects.filter(universe=universe, series__status="published")
        .select_related("series__network")
        .order_by("position")
    )
    series_by_id = {m.series_id: m.series for m in memberships}
    position = {m.series_id: m.position for m in memberships}
    seasons = list(
        Season.objects.published()
        .filter(series_id__in=series_by_id)
        .select_related("network")
        .order_by("series", "number")
    )
    season_by_id = {}
    for season in seasons:
        season.series = series_by_id[season.series_id]
        season_by_id[season.pk] = season
    episodes_by_season: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.published().filter(season__in=[s.pk for s in seasons]):
        episode.season = season_by_id[episode.season_id]  # its code and address need them
        episodes_by_season[episode.season_id].append(episode)

    visits = visits_from_elsewhere(
        sightings(Appearance.objects.published().filter(series_id__in=series_by_id))
    ).by_episode

    seasons.sort(key=lambda s: (_sort_date(s.premiere_date), position[s.series_id], s.number))
    guide = [
        WatchSeason(
            index,
            season,
            [
                WatchEpisode(episode, visits.get(episode.pk, []))
                for episode in episodes_by_season[season.pk]
            ],
        )
        for index, season in enumerate(seasons, start=1)
    ]
    if essentials:
        guide = essentials_of(guide)
    return guide


def essentials_of(guide: list[WatchSeason]) -> list[WatchSeason]:
    """Seasons with crossover episodes, and the seasons either side of them in their series."""
    by_series: dict[int, list[WatchSeason]] = defaultdict(list)
    for entry in guide:
        by_series[entry.season.series_id].append(entry)
    keep: set[int] = set()
    for entries in by_series.values():
        entries.sort(key=lambda e: e.season.number)
        for i, entry in enumerate(entries):
            if entry.crossovers:
                keep.update(e.season.pk for e in entries[max(i - 1, 0) : i + 2])
    return [entry for entry in guide if entry.season.pk in keep]
