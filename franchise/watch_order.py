"""A release-order guide across a universe's series, with crossover episodes marked.

Seasons are interleaved across shows by premiere date. An episode is a crossover when a
character who belongs to another series of the universe appears in it (guest, cameo or
mention; a character who is main or recurring in the series itself is at home there). It
is a hand-off when it is that character's first appearance and the character goes on to
lead a series that premieres later (Bosch: Legacy 3×10 hands off to Ballard).
Four queries, whatever the size of the universe.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from catalog.models import Episode, Season
from franchise.models import Appearance, AppearanceKind, Universe, UniverseMembership

AT_HOME = {AppearanceKind.MAIN, AppearanceKind.RECURRING}


@dataclass
class CrossoverVisit:
    character_id: int
    character_name: str
    character_slug: str
    kind: str
    from_series: list  # the other series of the universe the character belongs to
    hands_off_to: object | None = None  # a Series the character goes on to lead

    @property
    def kind_label(self) -> str:
        return AppearanceKind(self.kind).label


@dataclass
class WatchEpisode:
    episode: Episode
    visits: list[CrossoverVisit] = field(default_factory=list)

    @property
    def is_crossover(self) -> bool:
        return bool(self.visits)

    @property
    def hand_offs(self) -> list:
        return [visit.hands_off_to for visit in self.visits if visit.hands_off_to]


@dataclass
class WatchSeason:
    position: int
    season: Season
    episodes: list[WatchEpisode]

    @property
    def crossovers(self) -> list[WatchEpisode]:
        return [episode for episode in self.episodes if episode.is_crossover]


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
        Season.objects.published().filter(series_id__in=series_by_id).order_by("series", "number")
    )
    season_by_id = {}
    for season in seasons:
        season.series = series_by_id[season.series_id]
        season_by_id[season.pk] = season
    episodes_by_season: dict[int, list[Episode]] = defaultdict(list)
    episode_index: dict[int, Episode] = {}
    for episode in Episode.objects.published().filter(season__in=[s.pk for s in seasons]):
        episode.season = season_by_id[episode.season_id]  # its code and address need them
        episodes_by_season[episode.season_id].append(episode)
        episode_index[episode.pk] = episode

    appearances = list(
        Appearance.objects.published()
        .filter(series_id__in=series_by_id)
        .values_list(
            "character_id",
            "character__name",
            "character__slug",
            "series_id",
            "episode_id",
            "kind",
        )
    )
    home: dict[int, set[int]] = defaultdict(set)  # character -> series where main/recurring
    present: dict[int, set[int]] = defaultdict(set)  # character -> every series of the universe
    for character_id, _, _, series_id, episode_id, kind in appearances:
        present[character_id].add(series_id)
        if episode_id is None and kind in AT_HOME:
            home[character_id].add(series_id)

    first_seen: dict[int, tuple[datetime.date, int]] = {}
    for character_id, _, _, _, episode_id, _ in appearances:
        if episode_id in episode_index and episode_index[episode_id].air_date:
            seen = (episode_index[episode_id].air_date, episode_id)
            if character_id not in first_seen or seen < first_seen[character_id]:
                first_seen[character_id] = seen

    visits: dict[int, list[CrossoverVisit]] = defaultdict(list)
    for character_id, name, slug, series_id, episode_id, kind in appearances:
        others = present[character_id] - {series_id}
        if episode_id not in episode_index or not others or series_id in home[character_id]:
            continue
        episode = episode_index[episode_id]
        led_later = [
            series_by_id[pk]
            for pk in home[character_id] - {series_id}
            if episode.air_date
            and series_by_id[pk].premiere_date
            and series_by_id[pk].premiere_date > episode.air_date
        ]
        is_first = first_seen.get(character_id, (None, None))[1] == episode_id
        visits[episode_id].append(
            CrossoverVisit(
                character_id,
                name,
                slug,
                kind,
                sorted((series_by_id[pk] for pk in others), key=lambda s: position[s.pk]),
                hands_off_to=led_later[0] if is_first and led_later else None,
            )
        )

    seasons.sort(key=lambda s: (_sort_date(s.premiere_date), position[s.series_id], s.number))
    guide = [
        WatchSeason(
            index,
            season,
            [
                WatchEpisode(
                    episode, sorted(visits.get(episode.pk, []), key=lambda v: v.character_name)
                )
                for episode in episodes_by_season[season.pk]
            ],
        )
        for index, season in enumerate(seasons, start=1)
    ]
    if essentials:
        guide = _essentials(guide)
    return guide


def _essentials(guide: list[WatchSeason]) -> list[WatchSeason]:
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
