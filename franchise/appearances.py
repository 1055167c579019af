"""How appearances work: the one home of the rules every page follows.

- Kinds rank strongest first and carry their phrasing: AppearanceKind.rank, .phrase
  ("guest", "flashback", "mentioned"), .on_screen (a mention is talked about, not seen)
  and .present (on screen in the story's present: not a flashback, not a mention).
- A character is at home in a series when cast there for the whole series or a season, as
  main, recurring or cast (billing not given).
- An appearance is dated by its episode's air date, else the premiere of its season (the
  episode's season for an episode), else its series' premiere.
- A character's first appearance is the earliest dated one on screen (a mention only when
  there is nothing else); on the same day a whole series or season comes before an episode,
  and episodes come in season and episode order.
- An episode appearance is a visit from elsewhere when the character also appears in
  another of the series considered, and is not at home in the episode's series. The visit
  is a crossover only when the character is there in the story's present (Harry Bosch in
  Ballard 1×2); otherwise it is worded as what it is: a flashback (young Mickey Haller in
  Bosch: Legacy 1×8, from The Lincoln Lawyer) or a mention (Harry Bosch in Ballard 1×1).
- A crossover is a hand-off when it is the character's first appearance and the character
  is at home in a series that premieres after the episode aired: Renée Ballard in
  Bosch: Legacy 3×10 hands off to Ballard.
- A character joins two series on screen, unless in one of them it is seen only in a
  flashback: then only the books the shows adapt join them (AppearanceKind.scope).

Pages read appearances as Sightings, plain values from one query (`sightings()`), or turn
the model instances they have loaded into Sightings (`sighting()`), so that the series
page, the episode page, the watch order, the graph and the connection finder reach the
same answers from the same code.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from django.urls import reverse

from franchise.models import Appearance, AppearanceKind, CanonScope

AT_HOME = frozenset({AppearanceKind.MAIN, AppearanceKind.RECURRING, AppearanceKind.CAST})


@dataclass(frozen=True)
class SeriesRef:
    """A series as the fictional world's pages show it."""

    id: int
    slug: str
    title: str
    premiere: datetime.date | None

    def get_absolute_url(self) -> str:
        return reverse("catalog:series_detail", kwargs={"slug": self.slug})

    @property
    def timeline_key(self) -> tuple:
        """Premiere order, undated last, then title."""
        return (self.premiere or datetime.date.max, self.title, self.id)


@dataclass(frozen=True)
class CharacterRef:
    id: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("franchise:character_detail", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class Sighting:
    """One published appearance, as the rules above need it."""

    pk: int
    character: CharacterRef
    series: SeriesRef
    kind: AppearanceKind
    season_number: int | None  # the episode's season, else the appearance's own season
    season_premiere: datetime.date | None
    episode_id: int | None = None
    episode_number: int | None = None
    episode_title: str = ""
    air_date: datetime.date | None = None

    @property
    def date(self) -> datetime.date | None:
        """When it was seen: the episode's air date, else its season's or series' premiere."""
        return self.air_date or self.season_premiere or self.series.premiere

    @property
    def at_home(self) -> bool:
        return self.episode_id is None and self.kind in AT_HOME

    @property
    def first_seen_key(self) -> tuple:
        """Earliest first; on one day a whole series or season before an episode."""
        return (
            self.date or datetime.date.max,
            self.episode_id is not None,
            self.season_number or 0,
            self.episode_number or 0,
            self.pk,
        )


# What sightings() reads, in the order Sighting is built from.
SIGHTING_FIELDS = (
    "pk",
    "character_id",
    "character__name",
    "character__slug",
    "series_id",
    "series__slug",
    "series__title",
    "series__premiere_date",
    "kind",
    "season__number",
    "season__premiere_date",
    "episode_id",
    "episode__number",
    "episode__title",
    "episode__air_date",
    "episode__season__number",
    "episode__season__premiere_date",
)


def sightings(appearances) -> list[Sighting]:
    """The appearances of a queryset as Sightings: one query."""
    series: dict[int, SeriesRef] = {}
    characters: dict[int, CharacterRef] = {}
    found = []
    for row in appearances.order_by().values_list(*SIGHTING_FIELDS):
        (pk, character_id, name, slug, series_id, series_slug, title, premiere, kind) = row[:9]
        season_number, season_premiere, episode_id, number, episode_title, air_date = row[9:15]
        episode_season_number, episode_season_premiere = row[15:]
        if series_id not in series:
            series[series_id] = SeriesRef(series_id, series_slug, title, premiere)
        if character_id not in characters:
            characters[character_id] = CharacterRef(character_id, name, slug)
        if episode_id is not None:
            season_number, season_premiere = episode_season_number, episode_season_premiere
        found.append(
            Sighting(
                pk,
                characters[character_id],
                series[series_id],
                AppearanceKind(kind),
                season_number,
                season_premiere,
                episode_id,
                number,
                episode_title or "",
                air_date,
            )
        )
    return found


def sighting(appearance: Appearance, character: CharacterRef | None = None) -> Sighting:
    """A loaded appearance (series, season and episode with its season) as a Sighting; the
    character is named only when given."""
    series, season, episode = appearance.series, appearance.season, appearance.episode
    if episode is not None:
        season = episode.season
    return Sighting(
        appearance.pk,
        character or CharacterRef(appearance.character_id, "", ""),
        SeriesRef(series.pk, series.slug, series.title, series.premiere_date),
        AppearanceKind(appearance.kind),
        season.number if season else None,
        season.premiere_date if season else None,
        episode.pk if episode else None,
        episode.number if episode else None,
        episode.title if episode else "",
        episode.air_date if episode else None,
    )


def first_appearance(seen: list[Sighting]) -> Sighting | None:
    """The earliest dated sighting on screen (a mention only when there is nothing else)."""
    on_screen = [s for s in seen if s.kind.on_screen] or seen
    dated = [s for s in on_screen if s.date is not None]
    return min(dated, key=lambda s: s.first_seen_key) if dated else None


def by_character(seen: list[Sighting]) -> dict[int, list[Sighting]]:
    grouped: dict[int, list[Sighting]] = defaultdict(list)
    for s in seen:
        grouped[s.character.id].append(s)
    return grouped


@dataclass
class Visit:
    """A character from elsewhere in one episode: a crossover, a flashback or a mention."""

    character: CharacterRef
    kind: AppearanceKind  # the strongest kind in the episode
    # Where they are at home, else wherever else they appear: series that had premiered
    # by the episode's air date (Renée Ballard in Bosch: Legacy 3×10 is from nowhere yet).
    from_series: list[SeriesRef]
    hands_off_to: SeriesRef | None = None  # the later series the character goes on to lead

    # What the visit is follows its kind (franchise.kinds).
    on_screen = property(attrgetter("kind.on_screen"))
    is_crossover = property(attrgetter("kind.present"))
    label = property(attrgetter("kind.visit_label"), doc="Crossover, Flashback or Mentioned.")
    badge = property(attrgetter("kind.visit_badge"))

    @property
    def order(self) -> tuple:
        """Hand-offs first, then crossovers, flashbacks and mentions, then by name."""
        return (
            self.hands_off_to is None,
            not self.is_crossover,
            not self.on_screen,
            self.character.name,
        )


@dataclass
class HandOff:
    """A character's first appearance, in an episode of one series, before leading another."""

    character: CharacterRef
    episode_id: int
    series: SeriesRef  # where the episode is
    to: SeriesRef  # the series the character goes on to lead


@dataclass
class Visits:
    """The visits from elsewhere among some sightings, by episode."""

    by_episode: dict[int, list[Visit]] = field(default_factory=dict)
    # The sighting each episode's visits were found in (its series, season and number).
    episodes: dict[int, Sighting] = field(default_factory=dict)

    def hand_offs(self) -> list[HandOff]:
        return [
            HandOff(visit.character, episode_id, self.episodes[episode_id].series, to)
            for episode_id, visits in self.by_episode.items()
            for visit in visits
            if (to := visit.hands_off_to) is not None
        ]


def visits_from_elsewhere(seen: list[Sighting]) -> Visits:
    """Every visit from elsewhere among the sightings, crossovers or not (each character's
    sightings must all be there: a character's other series and first appearance come
    from them)."""
    found = Visits()
    visits: dict[tuple[int, int], Visit] = {}
    leads_next: dict[tuple[int, int], SeriesRef] = {}  # first appearances before a lead
    for character_sightings in by_character(seen).values():
        present = {s.series.id: s.series for s in character_sightings}
        home = {s.series.id: s.series for s in character_sightings if s.at_home}
        first = first_appearance(character_sightings)
        for s in character_sightings:
            here, key = s.series.id, (s.episode_id, s.character.id)
            if s.episode_id is None or here in home or len(present) < 2:
                continue
            visit = visits.get(key)
            if visit is not None:
                visit.kind = AppearanceKind.strongest([visit.kind, s.kind])
                continue
            led_later = [
                ref
                for ref in home.values()
                if s.air_date and ref.premiere and ref.premiere > s.air_date
            ]
            # Worded from the time of the episode: not "from" a series yet to premiere.
            others = [
                ref for pk, ref in (home or present).items() if pk != here and ref not in led_later
            ]
            if led_later and first is not None and first.episode_id == s.episode_id:
                leads_next[key] = min(led_later, key=lambda ref: ref.timeline_key)
            visit = Visit(s.character, s.kind, sorted(others, key=lambda ref: ref.timeline_key))
            visits[key] = visit
            found.by_episode.setdefault(s.episode_id, []).append(visit)
            found.episodes.setdefault(s.episode_id, s)
    for key, visit in visits.items():
        # A hand-off introduces the character in person: not in a flashback, not by name.
        if visit.kind.present:
            visit.hands_off_to = leads_next.get(key)
    for episode_visits in found.by_episode.values():
        episode_visits.sort(key=lambda visit: visit.order)
    return found


@dataclass(frozen=True)
class Place:
    """A series a character appears in, with the strongest kind there and the seasons
    where it was that kind (none when it was for the whole series, or not known)."""

    series: SeriesRef
    kind: AppearanceKind
    seasons: tuple[int, ...] = ()

    @property
    def summary(self) -> str:
        """ "guest, season 1", "mentioned", "main"."""
        if self.seasons:
            return f"{self.kind.phrase}, {seasons_label(self.seasons)}"
        return self.kind.phrase


@dataclass(frozen=True)
class SharedCharacter:
    """A character who appears in more than one series: where, and how strongly."""

    id: int
    name: str
    slug: str
    places: tuple[Place, ...]  # in premiere order

    def get_absolute_url(self) -> str:
        return reverse("franchise:character_detail", kwargs={"slug": self.slug})

    @property
    def series_count(self) -> int:
        return len(self.places)

    def kind_in(self, series_id: int) -> AppearanceKind:
        return next(place.kind for place in self.places if place.series.id == series_id)

    def scope_between(self, series_id: int, other_id: int) -> CanonScope:
        """Where the character joins two of its series: the weaker scope of its kinds there
        (AppearanceKind.scope)."""
        return CanonScope.weakest(self.kind_in(pk).scope for pk in (series_id, other_id))

    def elsewhere(self, series_id: int) -> list[Place]:
        return [place for place in self.places if place.series.id != series_id]


def places_of(seen: list[Sighting], *, with_seasons: bool = True) -> list[Place]:
    """One character's series, with the strongest kind in each, in premiere order."""
    by_series: dict[int, list[Sighting]] = defaultdict(list)
    for s in seen:
        by_series[s.series.id].append(s)
    places = []
    for found in by_series.values():
        kind = AppearanceKind.strongest(s.kind for s in found)
        seasons = [s.season_number for s in found if s.kind == kind]
        whole = not with_seasons or None in seasons
        places.append(Place(found[0].series, kind, () if whole else tuple(sorted(set(seasons)))))
    return sorted(places, key=lambda place: place.series.timeline_key)


def seasons_label(numbers) -> str:
    """ "season 1", "seasons 1–3", "seasons 1, 3 and 5"."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"season {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"seasons {numbers[0]}–{numbers[-1]}"
    return "seasons " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
