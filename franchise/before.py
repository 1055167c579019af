"""What to watch before a series, a season or an episode: "What do I need before…?".

The list is the smallest set of earlier episodes, across the universe, that introduce what
the target takes for granted, each with its reasons. It is built from the appearances
(their rules are franchise.appearances') and the universe's story order:

- The order is the universe's published `story` watch order, else the release order
  (franchise.sequence.episode_sequence); the page says which. "Before the target" is
  before its first episode in that order; a target with no published episode yet comes
  after every episode of the universe.
- The target's characters are those it shows on screen in the story's present
  (AppearanceKind.present: not in a flashback, not only mentioned): for a series, every
  appearance in it; for a season, those for the whole series, the season or one of its
  episodes; for an episode, those for the whole series, its season or the episode.
- For each of them whose home series is not the target's, or who appeared before in
  another series of the universe: the episode of their first on-screen appearance in the
  universe, when it comes before the target → "Renée Ballard’s first appearance". The
  first appearance is franchise.appearances.first_appearance() among the character's
  appearances in the story's present (one first seen in a flashback or only named is met
  on screen later); for a whole series or season it is its first episode. In effect: the
  character's first appearance is in another series, before the target (a character at
  home elsewhere who first appears in the target is met there).
- The hand-off into the target's series (a visit whose hands_off_to is that series,
  franchise.appearances.visits_from_elsewhere) when it comes before the target →
  "hand-off to Ballard".
- An episode is listed once, with every reason it has (first appearances by name, then
  hand-offs); episodes in the story order.
- Episodes of the target's own series before it (a season or an episode target) are not
  listed one by one: they are "the earlier seasons of this show", said in one line
  (EarlierHere). A series target has none.
- A target that needs nothing from the other shows says so: "Nothing from the other
  shows: start here."

Draft records are never used: the target, the episodes and the appearances are published
ones, the universe and its story order too. A fixed number of queries (about ten),
whatever the size of the universe.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from catalog.footnotes import FactSheet, RecordsShown, fact_sheet
from catalog.models import Episode, Season, Series
from franchise.appearances import (
    CharacterRef,
    SeriesRef,
    Sighting,
    by_character,
    first_appearance,
    places_of,
    seasons_label,
    sightings,
    visits_from_elsewhere,
)
from franchise.footnotes import APPEARANCE
from franchise.models import Appearance, Universe
from franchise.orders import OrderKind
from franchise.sequence import Sequence, episode_sequence, universe_of


@dataclass(frozen=True)
class Reason:
    """Why an episode comes first: a character's first appearance, or a hand-off."""

    character: CharacterRef
    sightings: tuple[Sighting, ...]  # the appearances it rests on: its footnotes
    hand_off_to: SeriesRef | None = None  # None: the character's first appearance
    here: str = ""  # how the target shows the character: "recurring, season 1"

    @property
    def is_hand_off(self) -> bool:
        return self.hand_off_to is not None

    @property
    def text(self) -> str:
        if self.hand_off_to is not None:
            return f"hand-off to {self.hand_off_to.title}"
        return f"{self.character.name}’s first appearance"

    @property
    def order(self) -> tuple:
        return (self.is_hand_off, self.character.name, self.character.id)


@dataclass
class NeededEpisode:
    """An episode to watch before the target, with its reasons."""

    episode: Episode  # with its season and series
    reasons: list[Reason] = field(default_factory=list)

    @property
    def sightings(self) -> list[Sighting]:
        return [s for reason in self.reasons for s in reason.sightings]


@dataclass(frozen=True)
class EarlierHere:
    """The episodes of the target's own series before it, said in one line."""

    series: Series
    seasons: tuple[int, ...]  # whole seasons (or those of their episodes in the order)
    season_number: int | None = None  # and the target's season up to an episode
    up_to: int | None = None

    @property
    def text(self) -> str:
        """ "seasons 1–2", "seasons 1–2 and 3×1–3×9", "1×1"."""
        parts = [seasons_label(self.seasons)] if self.seasons else []
        if self.up_to is not None:
            first = f"{self.season_number}×1"
            last = f"{self.season_number}×{self.up_to}"
            parts.append(first if self.up_to == 1 else f"{first}–{last}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Target:
    series: Series
    season: Season | None = None
    episode: Episode | None = None

    @property
    def label(self) -> str:
        """ "Ballard", "Bosch: Legacy season 3", "Ballard 1×2 “Haystacks”"."""
        if self.episode is not None:
            title = f" “{self.episode.title}”" if self.episode.title else ""
            return f"{self.series.title} {self.episode.code}{title}"
        if self.season is not None:
            return f"{self.series.title} {self.season.label.lower()}"
        return self.series.title

    @property
    def record(self):
        return self.episode or self.season or self.series

    def get_absolute_url(self) -> str:
        return self.record.get_absolute_url()

    @property
    def before_url(self) -> str:
        """The address of what to watch before it."""
        kwargs = {"slug": self.series.slug}
        if self.season is None:
            return reverse("franchise:before_series", kwargs=kwargs)
        kwargs["number"] = self.season.number
        if self.episode is None:
            return reverse("franchise:before_season", kwargs=kwargs)
        return reverse("franchise:before_episode", kwargs=kwargs | {"episode": self.episode.number})

    def holds(self, s: Sighting) -> bool:
        """Whether the sighting is in the target (the whole series counts for its seasons
        and episodes)."""
        if s.series.id != self.series.pk:
            return False
        if self.season is None or (s.season_number is None and s.episode_id is None):
            return True
        if s.season_number != self.season.number:
            return False
        return self.episode is None or s.episode_id in (None, self.episode.pk)


@dataclass
class BeforePage:
    target: Target
    universe: Universe
    order: OrderKind  # the order used: story, or release when there is no story order
    needed: list[NeededEpisode]  # in that order
    earlier_here: EarlierHere | None
    facts: FactSheet

    @property
    def order_url(self) -> str:
        url = reverse("franchise:watch_order", kwargs={"slug": self.universe.slug})
        return f"{url}?order={self.order.value}"


@dataclass
class EpisodeSlot:
    """Where each published episode of the universe is: its series, season and number."""

    position: int
    series_id: int
    season_number: int
    number: int


def before_page(*, slug: str, season: int | None = None, episode: int | None = None) -> BeforePage:
    """The page for a published series, season or episode of a published universe; 404
    for anything else."""
    target = _target(slug, season, episode)
    universe = universe_of(target.series.pk)
    if universe is None:
        raise Http404("This series is in no universe.")
    sequence = episode_sequence(universe, OrderKind.STORY)
    slots = _slots(universe, sequence)
    seen = sightings(
        Appearance.objects.published().filter(
            series__memberships__universe=universe,
            character_id__in=Appearance.objects.filter(series=target.series).values("character_id"),
        )
    )
    start = _start(target, slots, len(sequence.episode_ids))
    needed: dict[int, list[Reason]] = defaultdict(list)
    for episode_id, reason in [
        *_first_appearances(target, seen, slots),
        *_hand_offs(target, seen),
    ]:
        slot = slots.get(episode_id)
        if slot is not None and slot.position < start and slot.series_id != target.series.pk:
            needed[episode_id].append(reason)
    episodes = Episode.objects.select_related("season__series").in_bulk(list(needed))
    entries = [
        NeededEpisode(episodes[pk], sorted(reasons, key=lambda r: r.order))
        for pk, reasons in sorted(needed.items(), key=lambda item: slots[item[0]].position)
    ]
    shown = RecordsShown().add(
        target.series,
        target.season,
        target.episode,
        [entry.episode for entry in entries],
        [(APPEARANCE, s.pk) for entry in entries for s in entry.sightings],
    )
    return BeforePage(
        target,
        universe,
        sequence.kind,
        entries,
        _earlier_here(target, slots, start),
        fact_sheet(shown),
    )


def _target(slug: str, season: int | None, episode: int | None) -> Target:
    if season is None:
        return Target(get_object_or_404(Series.objects.published(), slug=slug))
    if episode is None:
        found = get_object_or_404(
            Season.objects.published().select_related("series"), series__slug=slug, number=season
        )
        return Target(found.series, found)
    found = get_object_or_404(
        Episode.objects.published().select_related("season__series"),
        season__series__slug=slug,
        season__number=season,
        number=episode,
    )
    return Target(found.season.series, found.season, found)


def _slots(universe: Universe, sequence: Sequence) -> dict[int, EpisodeSlot]:
    """Every episode of the sequence with where it is: one query."""
    rows = (
        Episode.objects.published()
        .filter(season__series__memberships__universe=universe)
        .values_list("pk", "season__series_id", "season__number", "number")
    )
    return {
        pk: EpisodeSlot(position, series_id, season_number, number)
        for pk, series_id, season_number, number in rows
        if (position := sequence.position(pk)) is not None
    }


def _start(target: Target, slots: dict[int, EpisodeSlot], end: int) -> int:
    """The target's first position in the order (`end` when it has no episode there)."""
    if target.episode is not None:
        slot = slots.get(target.episode.pk)
        return slot.position if slot else end
    positions = [
        slot.position
        for slot in slots.values()
        if slot.series_id == target.series.pk
        and (target.season is None or slot.season_number == target.season.number)
    ]
    return min(positions, default=end)


def _first_episode(s: Sighting, slots: dict[int, EpisodeSlot]) -> int | None:
    """The episode of a sighting: its own, else the first of its season or series (regular
    seasons before specials, season 0)."""
    if s.episode_id is not None:
        return s.episode_id
    candidates = [
        (slot.season_number == 0, slot.season_number, slot.number, pk)
        for pk, slot in slots.items()
        if slot.series_id == s.series.id
        and (s.season_number is None or slot.season_number == s.season_number)
    ]
    return min(candidates)[-1] if candidates else None


def _first_appearances(target: Target, seen: list[Sighting], slots: dict[int, EpisodeSlot]):
    """(episode id, Reason) of each target character's first appearance in the story's
    present, wherever it is; the caller keeps those before the target."""
    for character_sightings in by_character(seen).values():
        present = [s for s in character_sightings if s.kind.present]
        here = [s for s in present if target.holds(s)]
        if not here:
            continue
        first = first_appearance(present)
        if first is None or first.series.id == target.series.pk:
            continue
        episode_id = _first_episode(first, slots)
        if episode_id is not None:
            summary = places_of(here)[0].summary
            yield episode_id, Reason(first.character, (first, *here), here=summary)


def _hand_offs(target: Target, seen: list[Sighting]):
    """(episode id, Reason) of each hand-off into the target's series."""
    by_id = by_character(seen)
    for hand_off in visits_from_elsewhere(seen).hand_offs():
        if hand_off.to.id != target.series.pk:
            continue
        rests_on = [
            s
            for s in by_id[hand_off.character.id]
            if s.episode_id == hand_off.episode_id or (s.series.id == hand_off.to.id and s.at_home)
        ]
        yield hand_off.episode_id, Reason(hand_off.character, tuple(rests_on), hand_off.to)


def _earlier_here(target: Target, slots: dict[int, EpisodeSlot], start: int) -> EarlierHere | None:
    if target.season is None:
        return None
    earlier = [
        slot
        for slot in slots.values()
        if slot.series_id == target.series.pk and slot.position < start
    ]
    if not earlier:
        return None
    seasons = sorted({p.season_number for p in earlier if p.season_number != target.season.number})
    in_season = [p.number for p in earlier if p.season_number == target.season.number]
    if in_season:
        return EarlierHere(target.series, tuple(seasons), target.season.number, max(in_season))
    return EarlierHere(target.series, tuple(seasons))
