"""The spoiler horizon: "I have watched up to Bosch: Legacy 2×4, in release order".

A visitor sets it on /horizon/ and it is kept in the signed `horizon` cookie
({"u": universe slug, "o": order kind, "e": episode id}, salt "showbible.horizon"); a
value that does not check out (forged, garbled, an episode no longer published or not of
that universe) is no horizon at all. The page cache keys pages on the cookie
(settings.PERSONAL_STATE_COOKIES), so pages may render it server-side.

What counts as later, in the chosen order (franchise.sequence) of the horizon's universe:
- an episode is later when it comes after the horizon episode;
- a season or a series is later when its first episode in the order is not seen (a
  season or series of the universe with no published episode is later too: nothing of it
  can have been seen);
- an appearance is later when its episode, season or series is; a review when its season
  (else its series) is; a claim when its series is;
- a link between two series is revealed when the first episode of the later of the two is
  seen: it is later when either series is;
- a list of records is later when every one of them is (a character whose appearances
  are all later is first seen later);
- a series' synopsis tells its whole run: it is later while any of its seasons is;
- a text (a synopsis, a claim, a source's title) is later when it names the title of a
  later episode or season: "The Gods of Guilt (3)" in a series synopsis;
- a character shared between series is shared, as far as the horizon goes, once seen in
  two of them: until then the fact is later.
Records outside the universe are never later: pages of other universes are untouched.

Reading the horizon costs a fixed number of queries once per request: the episode with
its universe (one), and the order's sequence with each episode's season and series (two
for the release order, five for a curated one; a cached fragment of the content
generation when the page cache is on).
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core import signing
from django.db.models import F

from catalog.models import Episode, PublishStatus, Season
from catalog.page_parts import AnyOf
from config.page_cache import cached_fragment
from franchise.orders import OrderKind
from franchise.sequence import Sequence, episode_sequence

COOKIE = "horizon"
# Titles shorter than this are too common as words to tell that a text names them.
MIN_TITLE_NAMED = 4
SALT = "showbible.horizon"
MAX_AGE = 365 * 24 * 60 * 60


def cookie_value(universe_slug: str, kind: str, episode_id: int) -> str:
    return signing.dumps({"u": universe_slug, "o": kind, "e": episode_id}, salt=SALT)


def read_cookie(raw: str | None) -> tuple[str, OrderKind, int] | None:
    """(universe slug, order kind, episode id) from the cookie, or None when it does not
    check out."""
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(value, dict):
        return None
    slug, kind, episode = value.get("u"), value.get("o"), value.get("e")
    if not isinstance(slug, str) or not isinstance(episode, int) or isinstance(episode, bool):
        return None
    if kind not in OrderKind.values or not 0 < episode < 2**63:
        return None
    return slug, OrderKind(kind), episode


def set_cookie(request, response, *, universe_slug: str, kind: str, episode_id: int) -> None:
    response.set_cookie(
        COOKIE,
        cookie_value(universe_slug, kind, episode_id),
        max_age=MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )


def clear_cookie(response) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


@dataclass(frozen=True)
class Order:
    """A universe's episodes in one order, and where each season and series starts in it."""

    sequence: Sequence
    season_starts: dict[int, int | None] = field(default_factory=dict)  # None: no episode
    series_starts: dict[int, int | None] = field(default_factory=dict)
    season_of: dict[int, int] = field(default_factory=dict)  # episode id → season id
    numbered: dict[tuple[int, int], int] = field(default_factory=dict)  # (series, n) → season
    # Episode and season titles, each at the first position a record of that title starts.
    titles: dict[str, int | None] = field(default_factory=dict)


def universe_order(universe_pk: int, kind: str) -> Order:
    """The universe's sequence in this order, with the first position of each of its
    seasons and series (drafts included: they start nowhere)."""
    sequence = episode_sequence(universe_pk, kind)
    season_starts: dict[int, int | None] = {}
    series_starts: dict[int, int | None] = {}
    season_of: dict[int, int] = {}
    numbered: dict[tuple[int, int], int] = {}
    titled: list[tuple[str, str, int]] = []
    rows = (
        Season.objects.filter(series__memberships__universe=universe_pk)
        .values_list(
            "pk",
            "series_id",
            "number",
            "title",
            "episodes__pk",
            "episodes__title",
            "series__title",
            "episodes__number",
        )
        .order_by()
    )
    for row in rows:
        season_id, series_id, number, season_title, episode_id, episode_title = row[:6]
        series_title, episode_number = row[6:]
        numbered[(series_id, number)] = season_id
        titled.append(("season", season_title, season_id))
        titled.append(("series", series_title, series_id))
        if episode_id:  # "Bosch: Legacy 3×10" names the episode as well as its title
            titled.append(("episode", f"{series_title} {number}×{episode_number}", episode_id))
        if episode_id:
            titled.append(("episode", episode_title, episode_id))
        position = sequence.position(episode_id) if episode_id else None
        if episode_id:
            season_of[episode_id] = season_id
        for starts, key in ((season_starts, season_id), (series_starts, series_id)):
            known = starts.get(key)
            if key not in starts or (position is not None and (known is None or position < known)):
                starts[key] = position
    titles: dict[str, int | None] = {}
    for kind, title, pk in titled:
        title = " ".join(title.split())
        if len(title) < MIN_TITLE_NAMED:
            continue
        if kind == "series":
            position = series_starts.get(pk)
        elif kind == "season":
            position = season_starts.get(pk)
        else:
            position = sequence.position(pk)
        if position is None:
            position = len(sequence.episode_ids)  # never shown: after everything
        titles[title] = min(titles.get(title, position), position)
    return Order(sequence, season_starts, series_starts, season_of, numbered, titles)


@dataclass
class Horizon:
    """Where a visitor has watched up to, and what comes later (see the module)."""

    universe_slug: str
    universe_name: str
    kind: OrderKind
    episode: Episode  # with season and series
    order: Order

    @property
    def sequence(self) -> Sequence:
        return self.order.sequence

    @property
    def at(self) -> int:
        return self.sequence.position(self.episode.pk)

    @property
    def label(self) -> str:
        """ "Bosch: Legacy 2×4"."""
        return f"{self.episode.season.series.title} {self.episode.code}"

    def seen(self, episode_id: int) -> bool:
        position = self.sequence.position(episode_id)
        return position is not None and position <= self.at

    def _later(self, position: int | None) -> bool:
        return position is None or position > self.at

    def is_later_episode(self, episode_id: int | None) -> bool:
        position = self.sequence.position(episode_id)
        return position is not None and position > self.at

    def is_later_season(self, season_id: int | None) -> bool:
        starts = self.order.season_starts
        return season_id in starts and self._later(starts[season_id])

    def is_later_series(self, series_id: int | None) -> bool:
        starts = self.order.series_starts
        return series_id in starts and self._later(starts[series_id])

    def is_later_place(self, series_id: int, season_id: int | None, episode_id: int | None) -> bool:
        """An appearance's place, by ids: its episode's, else its season's, else its series'."""
        if episode_id:
            return self.is_later_episode(episode_id)
        if season_id:
            return self.is_later_season(season_id)
        return self.is_later_series(series_id)

    def place_is_later(self, series_id: int, season_numbers) -> bool:
        """A character's place in a series: later when every season it names is (or, when
        it names none, the series is)."""
        if not season_numbers:
            return self.is_later_series(series_id)
        numbered = self.order.numbered
        return all(
            self.is_later_season(numbered.get((series_id, number))) for number in season_numbers
        )

    @cached_property
    def _later_titles(self) -> re.Pattern | None:
        later = sorted(
            (t for t, position in self.order.titles.items() if position > self.at),
            key=len,
            reverse=True,
        )
        if not later:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, later)) + r")(?!\w)")

    def names_later(self, text: str) -> bool:
        """Whether a text (a synopsis, a claim, a source's title) names the title of a later
        episode or season."""
        return (
            bool(text)
            and self._later_titles is not None
            and bool(self._later_titles.search(" ".join(text.split())))
        )

    def run_is_partly_later(self, series_id: int) -> bool:
        """Whether any season of the series is later (its synopsis tells them too)."""
        return any(
            self.is_later_season(season_id)
            for (series, _), season_id in self.order.numbered.items()
            if series == series_id
        )

    def in_universe(self, series_id: int | None) -> bool:
        return series_id in self.order.series_starts

    def hides(self, record) -> bool:
        """Whether a record comes later than the horizon (see the module for each kind)."""
        if isinstance(record, bool):  # a condition the page worked out (fewer_than)
            return record
        if isinstance(record, AnyOf):
            return any(self.hides(r) for r in record)
        if isinstance(record, str):
            return self.names_later(record)
        if record is None or isinstance(record, int):
            return False
        meta = getattr(record, "_meta", None)
        label = meta.label_lower if meta else ""
        if label == "catalog.episode" or (not meta and hasattr(record, "season_number")):
            pk = record.pk if meta else getattr(record, "episode_id", None) or record.id
            return self.is_later_episode(pk)
        if label == "catalog.season":
            return self.is_later_season(record.pk)
        if label == "catalog.series":
            return self.is_later_series(record.pk)
        if label in ("franchise.appearance", "catalog.review"):
            episode_id = getattr(record, "episode_id", None)
            return self.is_later_place(record.series_id, record.season_id, episode_id)
        if label == "catalog.claim":
            return self.is_later_series(record.series_id)
        if label == "franchise.serieslink":
            return self.is_later_series(record.source_id) or self.is_later_series(record.target_id)
        if not meta and hasattr(record, "places"):  # a character seen in several series
            return sum(not self.hides(place) for place in record.places) < 2
        for attribute in ("link", "appearance", "episode"):  # what a page's shape wraps
            inner = getattr(record, attribute, None)
            if inner is not None and hasattr(inner, "_meta"):
                return self.hides(inner)
        if not meta and hasattr(record, "roles") and hasattr(record, "credits"):  # a person's
            return not record.credits and self.hides(record.roles)  # work on one series
        appearances = getattr(record, "appearances", None)  # a cast entry, a series' part
        if not meta and isinstance(appearances, list):
            return self.hides(appearances)
        if not meta and isinstance(getattr(record, "seasons", None), tuple):  # a place
            return self.place_is_later(record.series.id, record.seasons)
        if not meta and hasattr(record, "__iter__"):
            records = list(record)
            return bool(records) and all(self.hides(r) for r in records)
        return False

    def is_later_id(self, kind: str, pk: int | None) -> bool:
        """By id, for shapes that hold ids only: kind is "episode", "season" or "series"."""
        return {
            "episode": self.is_later_episode,
            "season": self.is_later_season,
            "series": self.is_later_series,
        }[kind](pk)


def read_horizon(raw: str | None) -> Horizon | None:
    """The horizon a cookie value names, or None (see the module for what it costs)."""
    parsed = read_cookie(raw)
    if parsed is None:
        return None
    slug, kind, episode_id = parsed
    published = PublishStatus.PUBLISHED
    episode = (
        Episode.objects.published()
        .filter(
            pk=episode_id,
            season__status=published,
            season__series__status=published,
            season__series__memberships__universe__slug=slug,
            season__series__memberships__universe__status=published,
        )
        .select_related("season__series")
        .annotate(
            universe_pk=F("season__series__memberships__universe"),
            universe_name=F("season__series__memberships__universe__name"),
        )
        .first()
    )
    if episode is None:
        return None
    order = cached_fragment(
        "horizon-order",
        episode.universe_pk,
        kind.value,
        compute=lambda: universe_order(episode.universe_pk, kind),
    )
    if episode.pk not in order.sequence:
        return None
    # A curated order that is no longer published falls back to the release order.
    return Horizon(slug, episode.universe_name, order.sequence.kind, episode, order)


def horizon_of(request) -> Horizon | None:
    """The request's horizon, read once per request."""
    if not hasattr(request, "_horizon"):
        request._horizon = read_horizon(request.COOKIES.get(COOKIE))
    return request._horizon


def context(request) -> dict:
    """Context processor: `horizon` for the banner, and `spoilers`, the policy catalog's
    {% spoiler %} tag asks (catalog.page_parts)."""
    horizon = horizon_of(request)
    return {"horizon": horizon, "spoilers": horizon}
