"""A universe's episodes in the order of one of its watch orders: the one line the spoiler
horizon, progress and "what do I need before…?" all measure against.

The release order interleaves seasons by premiere date (as franchise.watch_order does),
episodes by number within a season. A curated order (franchise.orders) lists its entries:
a whole season (up to its stop, if it has one) or one episode; a season entry after an
earlier stop in the same season resumes where that stopped. Episodes a curated order
leaves out come after everything it lists, in release order, so every published episode
of the universe has a place.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from catalog.models import Episode
from franchise.models import UniverseMembership
from franchise.orders import OrderKind, WatchOrder


@dataclass(frozen=True)
class Sequence:
    """Episode ids in watching order, for one universe and one order."""

    kind: OrderKind
    episode_ids: tuple[int, ...]
    _index: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._index.update({pk: i for i, pk in enumerate(self.episode_ids)})

    def __contains__(self, episode_id: int) -> bool:
        return episode_id in self._index

    def position(self, episode_id: int) -> int | None:
        """0 for the first episode to watch; None for an episode outside the universe."""
        return self._index.get(episode_id)

    def up_to(self, episode_id: int) -> frozenset[int]:
        """The episodes watched by someone who has watched up to this one, it included."""
        at = self._index.get(episode_id)
        return frozenset() if at is None else frozenset(self.episode_ids[: at + 1])

    def before(self, episode_id: int) -> tuple[int, ...]:
        at = self._index.get(episode_id)
        return () if at is None else self.episode_ids[:at]


def release_episode_ids(universe) -> list[int]:
    """Every published episode of the universe's published series, in release order:
    one query."""
    rows = (
        Episode.objects.published()
        .filter(
            season__status="published",
            season__series__status="published",
            season__series__memberships__universe=universe,
        )
        .annotate(
            premiere=F("season__premiere_date"),
            member_position=F("season__series__memberships__position"),
            season_number=F("season__number"),
        )
        .values_list(
            "pk", "premiere", "member_position", "season__series_id", "season_number", "number"
        )
    )
    last = datetime.date.max
    ordered = sorted(rows, key=lambda r: (r[1] or last, r[2], r[3], r[4], r[5]))
    return [row[0] for row in ordered]


def curated_episode_ids(order: WatchOrder, release: list[int]) -> list[int]:
    """The order's entries spelled out as episodes (two queries), then what it leaves out."""
    entries = list(
        order.entries.order_by("position").values("season_id", "episode_id", "stop_after")
    )
    season_ids = {e["season_id"] for e in entries if e["season_id"]}
    known = set(release)
    by_season: dict[int, list[tuple[int, int]]] = {}
    for pk, season_id, number in Episode.objects.filter(
        season_id__in=season_ids, pk__in=known
    ).values_list("pk", "season_id", "number"):
        by_season.setdefault(season_id, []).append((number, pk))
    for episodes in by_season.values():
        episodes.sort()
    listed = [pk for covered in entries_spelled_out(entries, by_season, known) for pk in covered]
    seen = set(listed)
    return listed + [pk for pk in release if pk not in seen]


def entries_spelled_out(
    entries: Iterable[dict], by_season: dict[int, list[tuple[int, int]]], known: set[int]
) -> list[list[int]]:
    """The episodes each entry adds, entry by entry: its episode, or its season's episodes
    (by_season: (number, pk) in number order) up to its stop, less those an earlier entry
    listed; only episodes in `known` (published) count. Entries are dicts, or rows, with
    season_id, episode_id and stop_after."""
    spelled: list[list[int]] = []
    seen: set[int] = set()
    for entry in entries:
        if entry["episode_id"]:
            candidates = [entry["episode_id"]] if entry["episode_id"] in known else []
        else:
            candidates = [
                pk
                for number, pk in by_season.get(entry["season_id"], [])
                if pk in known and (entry["stop_after"] is None or number <= entry["stop_after"])
            ]
        covered = [pk for pk in candidates if pk not in seen]
        seen.update(covered)
        spelled.append(covered)
    return spelled


def episode_sequence(universe, kind: str = OrderKind.RELEASE) -> Sequence:
    """The universe's episodes in the named order. A curated order that is missing or still
    a draft falls back to the release order (the caller says which it asked for)."""
    release = release_episode_ids(universe)
    if kind != OrderKind.RELEASE:
        order = WatchOrder.objects.published().filter(universe=universe, kind=kind).first()
        if order is not None:
            return Sequence(OrderKind(kind), tuple(curated_episode_ids(order, release)))
    return Sequence(OrderKind.RELEASE, tuple(release))


def universe_of(series_id: int):
    """The first published universe a series belongs to (its home for the horizon)."""
    membership = (
        UniverseMembership.objects.filter(series_id=series_id, universe__status="published")
        .select_related("universe")
        .order_by("universe__name")
        .first()
    )
    return membership.universe if membership else None
