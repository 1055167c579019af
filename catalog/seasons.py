"""How a series' seasons are told on the pages: which are out and which are only ordered,
and which network released which seasons.

A season is released once its premiere date is known and not in the future; a numbered
season that is not released yet is "ordered" (renewed, announced with or without a date).
Specials (season 0) are never counted. A season's network is its own where it moved
(Bosch: Legacy season 3 on Prime Video after two on Amazon Freevee), else the series'.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import get_text_list


def today() -> datetime.date:
    return timezone.localdate()


def is_released(premiere_date: datetime.date | None, on: datetime.date | None = None) -> bool:
    return premiere_date is not None and premiere_date <= (on or today())


def season_numbers(numbers: list[int]) -> str:
    """[1, 2] → "seasons 1–2"; [3] → "season 3"; [1, 3] → "seasons 1 and 3"."""
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"season {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"seasons {numbers[0]}–{numbers[-1]}"
    return "seasons " + get_text_list([str(n) for n in numbers], "and")


@dataclass(frozen=True)
class SeasonTally:
    """Released seasons, and the numbers of those ordered but not out yet."""

    released: int
    ordered: tuple[int, ...] = ()

    def __str__(self) -> str:
        text = f"{self.released} season{'' if self.released == 1 else 's'}"
        if self.ordered:
            text += f"; {season_numbers(list(self.ordered))} ordered"
        return text

    @classmethod
    def of_series(cls, series) -> "SeasonTally":
        """From the seasons a series page loaded (published_seasons), else from the counts
        of a list's rows (SeriesQuerySet.with_stats: ordered seasons follow each other)."""
        if hasattr(series, "published_seasons"):
            return cls.of(series.published_seasons)
        first = series.first_season_ordered
        ordered = range(first, first + series.seasons_ordered) if first else ()
        return cls(series.seasons_count, tuple(ordered))

    @classmethod
    def of(cls, seasons) -> "SeasonTally":
        """From a series' seasons (specials left out)."""
        numbered = [season for season in seasons if season.number]
        released = [season for season in numbered if is_released(season.premiere_date)]
        ordered = [season.number for season in numbered if season not in released]
        return cls(len(released), tuple(ordered))


@dataclass(frozen=True)
class NetworkSpan:
    network: object  # catalog.models.Network
    seasons: str  # "seasons 1–2", or "" when it released them all


def network_spans(series, seasons) -> list[NetworkSpan]:
    """The networks that released a series' seasons, in season order, each with the
    seasons it released; one span without seasons when a single network released them."""
    by_network: dict[int, tuple[object, list[int]]] = {}
    for season in seasons:
        if season.number:
            network = season.network or series.network
            by_network.setdefault(network.pk, (network, []))[1].append(season.number)
    if len(by_network) <= 1:
        return [NetworkSpan(series.network, "")]
    return [
        NetworkSpan(network, season_numbers(numbers)) for network, numbers in by_network.values()
    ]
