"""Progress without an account: the episodes a visitor has ticked as watched.

Without JavaScript the set lives in the `watched` cookie, signed and compressed
(`signing.dumps(sorted ids, salt="showbible.watched", compress=True)`), written only by the
POST endpoint (franchise:progress) and read by the pages that show checkboxes. It is one of
the personal-state cookies that key the page cache (settings.PERSONAL_STATE_COOKIES): a page
rendered with it is that visitor's own, sent `private`; the public page stays public. With
JavaScript, static/js/progress.js keeps the set in localStorage instead and never asks the
server.

A bad or forged cookie is no progress, never an error. A cookie holds about 4 KB: past
MAX_WATCHED ids, or past COOKIE_CHARS once signed, the most recently ticked ids are kept
(then the latest episodes) and the visitor is told how many were dropped.
"""

from dataclasses import dataclass
from functools import wraps

from django.core import signing
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from catalog.models import Episode, Season
from catalog.views import permission_denied

COOKIE = "watched"
SALT = "showbible.watched"
MAX_AGE = 365 * 24 * 60 * 60
# What one cookie may hold: browsers keep 4,096 bytes of name, value and attributes.
COOKIE_CHARS = 3_800
MAX_WATCHED = 1_000


def watched_ids(request) -> frozenset[int]:
    """The episode ids the visitor's `watched` cookie holds (empty when absent or forged);
    read once per request."""
    if not hasattr(request, "_watched_ids"):
        request._watched_ids = _read(request.COOKIES.get(COOKIE, ""))
    return request._watched_ids


def _read(value: str) -> frozenset[int]:
    if not value:
        return frozenset()
    try:
        ids = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return frozenset()
    if not isinstance(ids, list):
        return frozenset()
    return frozenset(i for i in ids if type(i) is int and i > 0)


def encode(ids) -> str:
    return signing.dumps(sorted(ids), salt=SALT, compress=True)


def fitting(ids, *, first=()) -> list[int]:
    """The ids a cookie can hold: all of them when they fit, else those in `first` (the
    latest ticks), then the highest (the latest episodes), as many as fit."""
    ids = set(ids)
    ranked = [i for i in first if i in ids]
    ranked += sorted(ids.difference(ranked), reverse=True)
    kept = ranked[:MAX_WATCHED]
    while kept and len(encode(kept)) > COOKIE_CHARS:
        kept = kept[: len(kept) * 9 // 10]
    return kept


def set_watched(response, request, ids, *, recent=()) -> int:
    """Store `ids` in the visitor's `watched` cookie (deleted when empty); returns how many
    did not fit and were dropped, keeping the `recent` ones first (see fitting)."""
    ids = set(ids)
    if not ids:
        response.delete_cookie(COOKIE, samesite="Lax")
        return 0
    kept = fitting(ids, first=recent)
    response.set_cookie(
        COOKIE,
        encode(kept),
        max_age=MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return len(ids) - len(kept)


def is_cross_site(request) -> bool:
    """A request another site made the browser send: a `Sec-Fetch-Site` other than
    same-origin or none, or an `Origin` that is not this site's. The endpoints that keep a
    visitor's own state (progress, horizon) are csrf_exempt (a token would make public pages
    uncacheable); this takes its place."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}"


def refuse_cross_site(view):
    """403 for a cross-site request (is_cross_site)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_cross_site(request):
            return permission_denied(request, None)
        return view(request, *args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class SeasonProgress:
    episode_ids: tuple[int, ...]
    watched: int

    @property
    def total(self) -> int:
        return len(self.episode_ids)

    @property
    def complete(self) -> bool:
        return bool(self.episode_ids) and self.watched == self.total

    @property
    def ids(self) -> str:
        """The season's episode ids, comma-joined (what progress.js ticks with the season)."""
        return ",".join(map(str, self.episode_ids))


@dataclass(frozen=True)
class Checklist:
    """The progress form of a page: the seasons it covers (their episode ids, in order),
    and which of those the visitor has watched."""

    watched: frozenset[int]
    seasons: dict[int, tuple[int, ...]]
    next: str

    @property
    def episode_ids(self) -> list[int]:
        return [pk for ids in self.seasons.values() for pk in ids]

    @property
    def total(self) -> int:
        return len(self.episode_ids)

    @property
    def watched_count(self) -> int:
        return len(self.watched.intersection(self.episode_ids))

    def season(self, season_id: int) -> SeasonProgress:
        ids = self.seasons.get(season_id, ())
        return SeasonProgress(ids, len(self.watched.intersection(ids)))


def checklist(request, seasons: dict[int, list[int]]) -> Checklist:
    """The progress form of the page `request` asked for: {season id: its episode ids}."""
    return Checklist(
        watched_ids(request),
        {season: tuple(ids) for season, ids in seasons.items()},
        request.get_full_path(),
    )


# The most values a progress form may post in one field: a universe's watch order with
# every episode listed is a few hundred. Django refuses more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields in all.
MAX_VALUES = 1_000
TOO_MANY = "Too many boxes to save at once: tick a season at a time, or use the season pages."


class ProgressProblem(ValueError):
    """What is wrong with a progress form as posted, in words for the visitor."""


def _ids(data, name: str) -> set[int]:
    values = data.getlist(name)
    if len(values) > MAX_VALUES:
        raise ProgressProblem(TOO_MANY)
    ids = set()
    for value in values:
        number = value.strip()
        if not (number.isascii() and number.isdigit()) or len(number) > 18 or int(number) < 1:
            shown = value if len(value) <= 30 else f"{value[:30]}…"
            raise ProgressProblem(f"“{shown}” is not an episode or season number (field “{name}”).")
        ids.add(int(number))
    return ids


@dataclass(frozen=True)
class ProgressChange:
    """A progress form as posted: the episodes and seasons it showed, those ticked."""

    ticked: set[int]
    shown: set[int]
    seasons_ticked: set[int]
    seasons_shown: set[int]

    @classmethod
    def from_post(cls, data) -> "ProgressChange":
        """The change a form posted; ProgressProblem when a value is not a whole number
        or a field has too many. A ticked episode or season counts as shown."""
        ticked, shown = _ids(data, "episode"), _ids(data, "shown")
        seasons_ticked, seasons_shown = _ids(data, "season"), _ids(data, "shown_season")
        return cls(ticked, shown | ticked, seasons_ticked, seasons_shown | seasons_ticked)

    def applied(self, watched: frozenset[int], season_episodes: dict[int, set[int]]) -> set[int]:
        """The watched set after this change. Episode boxes set what they showed; a season
        box that changed (ticked while not all its episodes were watched, or unticked while
        all were) then ticks or unticks every episode of the season."""
        result = (set(watched) - self.shown) | self.ticked
        for season in self.seasons_shown:
            episodes = season_episodes.get(season, set())
            was_complete = bool(episodes) and episodes <= watched
            if season in self.seasons_ticked and not was_complete:
                result |= episodes
            elif season not in self.seasons_ticked and was_complete:
                result -= episodes
        return result


def published_episodes(change: ProgressChange) -> tuple[set[int], dict[int, set[int]]]:
    """(the posted episode ids that are published episodes, {posted season id that is
    published: its published episode ids}); two queries at most."""
    episodes = set()
    if change.shown:
        episodes = set(
            Episode.objects.published().filter(pk__in=change.shown).values_list("pk", flat=True)
        )
    seasons: dict[int, set[int]] = {}
    if change.seasons_shown:
        published = Season.objects.published().filter(pk__in=change.seasons_shown)
        seasons = {pk: set() for pk in published.values_list("pk", flat=True)}
        for pk, season in (
            Episode.objects.published().filter(season__in=published).values_list("pk", "season_id")
        ):
            seasons[season].add(pk)
    return episodes, seasons


def unpublished(change: ProgressChange, episodes: set[int], seasons: dict) -> str:
    """A sentence naming what the form posted that is no published episode or season."""
    missing_episodes = sorted(change.shown - episodes)
    missing_seasons = sorted(change.seasons_shown - seasons.keys())
    if missing_episodes:
        return f"There is no published episode number {missing_episodes[0]}."
    if missing_seasons:
        return f"There is no published season number {missing_seasons[0]}."
    return ""


def safe_next(request, default: str = "catalog:home") -> str:
    """Where to go after saving: the form's (or query's) `next`, else the page it came from,
    when either is an address on this site; else the `default` page (a URL name)."""
    for candidate in (
        request.POST.get("next") or request.GET.get("next") or "",
        request.headers.get("Referer", ""),
    ):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse(default)
