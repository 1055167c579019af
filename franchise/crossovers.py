"""Crossovers: characters of one series turning up in another's episodes, and the
characters two series share, derived from appearances (never typed in).

- A character is at home in a series when cast there for the whole series or a season, as
  main or recurring. An episode appearance (guest, cameo or mention) by a character who
  also appears in another published series, in a series where they are not at home, is a
  crossover visit: Harry Bosch in Ballard 1×2.
- A visit is a hand-off when it is the character's first appearance and the character
  goes on to be at home in a series that premieres later: Renée Ballard in Bosch: Legacy
  3×10 hands off to Ballard.
- An appearance is dated by its episode's air date, else its season's premiere, else its
  series' premiere.
- One query per page, whatever the size of the catalogue: every published appearance of
  the characters concerned, as plain values.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse

from franchise.models import Appearance, AppearanceKind

AT_HOME = {AppearanceKind.MAIN, AppearanceKind.RECURRING}
KIND_RANK = {kind: rank for rank, kind in enumerate(AppearanceKind.values)}

FIELDS = (
    "character_id",
    "character__name",
    "character__slug",
    "series_id",
    "series__title",
    "series__slug",
    "series__premiere_date",
    "season__number",
    "season__premiere_date",
    "episode_id",
    "episode__number",
    "episode__title",
    "episode__air_date",
    "episode__season__number",
    "kind",
)


@dataclass(frozen=True)
class SeriesRef:
    id: int
    slug: str
    title: str
    premiere: datetime.date | None

    def get_absolute_url(self) -> str:
        return reverse("catalog:series_detail", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class CharacterRef:
    id: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("franchise:character_detail", kwargs={"slug": self.slug})


@dataclass
class Visit:
    """A character from elsewhere in one episode."""

    character: CharacterRef
    kind: str
    from_series: list[SeriesRef]  # where they are at home, else wherever else they appear
    hands_off_to: SeriesRef | None = None

    @property
    def kind_label(self) -> str:
        return "mentioned" if self.kind == AppearanceKind.MENTION else self.kind

    @property
    def on_screen(self) -> bool:
        return self.kind != AppearanceKind.MENTION


@dataclass
class CrossoverEpisode:
    id: int
    series: SeriesRef
    season_number: int
    number: int
    title: str
    air_date: datetime.date | None
    visits: list[Visit] = field(default_factory=list)

    @property
    def code(self) -> str:
        return f"{self.season_number}×{self.number}"

    @property
    def display_title(self) -> str:
        return self.title or f"Episode {self.number} — title not yet sourced"

    @property
    def hand_offs(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.hands_off_to]

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
class Elsewhere:
    """Where else a character appears, summed up: "guest, season 1"."""

    series: SeriesRef
    kind: str
    seasons: list[int]

    @property
    def summary(self) -> str:
        kind = "mentioned" if self.kind == AppearanceKind.MENTION else self.kind
        return f"{kind}, {seasons_label(self.seasons)}" if self.seasons else kind


@dataclass
class SharedCharacter:
    """A character of one series who also appears in others."""

    character: CharacterRef
    kind_here: str
    elsewhere: list[Elsewhere]


@dataclass
class Crossings:
    """What a series (or one episode) shares with the rest of the catalogue."""

    shared: list[SharedCharacter]
    episodes: list[CrossoverEpisode]  # the crossover episodes, in order

    @cached_property
    def by_episode(self) -> dict[int, CrossoverEpisode]:
        return {episode.id: episode for episode in self.episodes}

    def by_season(self) -> list[tuple[int, list[CrossoverEpisode]]]:
        seasons: dict[int, list[CrossoverEpisode]] = defaultdict(list)
        for episode in self.episodes:
            seasons[episode.season_number].append(episode)
        return sorted(seasons.items())


def seasons_label(numbers: list[int]) -> str:
    """ "season 1", "seasons 1–3", "seasons 1, 3 and 5"."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"season {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"seasons {numbers[0]}–{numbers[-1]}"
    return "seasons " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def series_crossings(series) -> Crossings:
    """A series' shared characters and its crossover episodes."""
    here = Appearance.objects.published().filter(series=series).values("character_id")
    return _crossings(_rows(here), series_id=series.pk)


def episode_crossings(episode) -> Crossings:
    """The characters of one episode who belong to other series, as its only entry."""
    here = Appearance.objects.published().filter(episode=episode).values("character_id")
    return _crossings(_rows(here), series_id=episode.season.series_id, episode_id=episode.pk)


def _rows(characters) -> list[tuple]:
    return list(
        Appearance.objects.published()
        .filter(character_id__in=characters)
        .order_by()
        .values_list(*FIELDS)
    )


def _crossings(rows, *, series_id: int, episode_id: int | None = None) -> Crossings:
    series: dict[int, SeriesRef] = {}
    characters: dict[int, CharacterRef] = {}
    present: dict[int, set[int]] = defaultdict(set)
    home: dict[int, set[int]] = defaultdict(set)
    first_seen: dict[int, tuple] = {}
    for row in rows:
        (character_id, name, slug, row_series, title, series_slug, premiere) = row[:7]
        season_number, season_premiere, row_episode, _, _, air_date, _, kind = row[7:]
        series.setdefault(row_series, SeriesRef(row_series, series_slug, title, premiere))
        characters.setdefault(character_id, CharacterRef(character_id, name, slug))
        present[character_id].add(row_series)
        if row_episode is None and kind in AT_HOME:
            home[character_id].add(row_series)
        date = air_date or season_premiere or premiere
        if date is not None:
            seen = (date, row_episode is None, row_episode or 0)
            if character_id not in first_seen or seen < first_seen[character_id][0]:
                first_seen[character_id] = (seen, row_episode)

    def premiere_order(ref: SeriesRef):
        return (ref.premiere or datetime.date.max, ref.title)

    episodes: dict[int, CrossoverEpisode] = {}
    visits: dict[tuple[int, int], Visit] = {}
    elsewhere: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    kind_here: dict[int, str] = {}
    for row in rows:
        character_id, row_series, kind = row[0], row[3], row[14]
        season_number, row_episode = row[7], row[9]
        number, title, air_date, episode_season = row[10], row[11], row[12], row[13]
        if row_series != series_id:
            elsewhere[character_id][row_series].append((kind, episode_season or season_number))
            continue
        if (
            kind_here.get(character_id) is None
            or KIND_RANK[kind] < KIND_RANK[kind_here[character_id]]
        ):
            kind_here[character_id] = kind
        others = present[character_id] - {series_id}
        if row_episode is None or not others or series_id in home[character_id]:
            continue
        if episode_id is not None and row_episode != episode_id:
            continue
        episode = episodes.setdefault(
            row_episode,
            CrossoverEpisode(
                row_episode, series[series_id], episode_season, number, title, air_date
            ),
        )
        visit = visits.get((row_episode, character_id))
        if visit is None:
            at_home = home[character_id] - {series_id}
            from_series = sorted((series[pk] for pk in at_home or others), key=premiere_order)
            led_later = sorted(
                (
                    series[pk]
                    for pk in at_home
                    if air_date and series[pk].premiere and series[pk].premiere > air_date
                ),
                key=premiere_order,
            )
            is_first = first_seen.get(character_id, (None, None))[1] == row_episode
            visit = Visit(
                characters[character_id],
                kind,
                from_series,
                hands_off_to=led_later[0] if is_first and led_later else None,
            )
            visits[(row_episode, character_id)] = visit
            episode.visits.append(visit)
        elif KIND_RANK[kind] < KIND_RANK[visit.kind]:
            visit.kind = kind

    for episode in episodes.values():
        episode.visits.sort(
            key=lambda v: (v.hands_off_to is None, not v.on_screen, v.character.name)
        )

    shared = []
    for character_id, by_series in elsewhere.items():
        if character_id not in kind_here:
            continue
        entries = []
        for other, found in by_series.items():
            kind = min((k for k, _ in found), key=KIND_RANK.__getitem__)
            seasons = [season for k, season in found if k == kind]
            entries.append(
                Elsewhere(
                    series[other],
                    kind,
                    [] if None in seasons else sorted(set(seasons)),
                )
            )
        entries.sort(key=lambda e: premiere_order(e.series))
        shared.append(SharedCharacter(characters[character_id], kind_here[character_id], entries))
    shared.sort(
        key=lambda s: (
            KIND_RANK[s.kind_here] > KIND_RANK["recurring"],
            -len(s.elsewhere),
            s.character.name,
        )
    )
    ordered = sorted(episodes.values(), key=lambda e: (e.season_number, e.number))
    return Crossings(shared, ordered)


def series_of_characters(character_ids) -> dict[int, list[Elsewhere]]:
    """Every published series each character appears in, with the strongest kind there,
    in premiere order: one query for a page of characters."""
    rows = (
        Appearance.objects.published()
        .filter(character_id__in=list(character_ids))
        .order_by()
        .values_list(
            "character_id",
            "series_id",
            "series__slug",
            "series__title",
            "series__premiere_date",
            "kind",
        )
        .distinct()
    )
    found: dict[int, dict[int, Elsewhere]] = defaultdict(dict)
    for character_id, series_id, slug, title, premiere, kind in rows:
        entry = found[character_id].get(series_id)
        if entry is None:
            found[character_id][series_id] = Elsewhere(
                SeriesRef(series_id, slug, title, premiere), kind, []
            )
        elif KIND_RANK[kind] < KIND_RANK[entry.kind]:
            entry.kind = kind
    return {
        character_id: sorted(
            by_series.values(),
            key=lambda e: (e.series.premiere or datetime.date.max, e.series.title),
        )
        for character_id, by_series in found.items()
    }
