"""Reads for the catalogue's pages: each selector fetches what one page shows, in a fixed
number of queries, and shapes it into a dataclass; what other apps add to the page comes
through catalog.page_parts, as `parts`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import ClassVar

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from catalog import page_parts
from catalog.footnotes import FactSheet, RecordsShown, fact_sheet
from catalog.models import (
    BEST_REVIEWED,
    CreditRole,
    Episode,
    Person,
    Review,
    ReviewKind,
    Season,
    Series,
)
from catalog.numbers import MAX_PAGE, parse_whole

SERIES_CREW_ROLES = [
    CreditRole.CREATOR,
    CreditRole.CO_CREATOR,
    CreditRole.DEVELOPER,
    CreditRole.SHOWRUNNER,
    CreditRole.AUTHOR_OF_SOURCE,
    CreditRole.EXECUTIVE_PRODUCER,
    CreditRole.DIRECTOR,
    CreditRole.WRITER,
]
FEATURED_SHOWN = 4
RECENT_SHOWN = 6


def bounded_count(queryset, limit: int) -> int:
    """How many rows queryset has, counting no further than limit + 1: a count above limit
    says "more than limit" at the cost of limit + 1 rows, however many match. Neither order
    nor annotations (a search rank) are computed for the rows counted."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def count_label(count: int, *, more: bool = False) -> str:
    """A count as shown: "12", "1,024", or "1,000+" when counting stopped there."""
    return f"{count:,}+" if more else f"{count:,}"


class BoundedPaginator(Paginator):
    """Pages through the first `limit` rows only, counted with bounded_count; `more` says
    whether rows beyond them match."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def counted(self) -> int:
        return bounded_count(self.object_list, self.limit)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    @property
    def more(self) -> bool:
        return self.counted > self.limit


def page_of(
    queryset, raw_number: str, per_page: int, *, count_limit: int | None = None
) -> tuple[Page, str | None]:
    """(page, problem): the page asked for, or the nearest one and a sentence saying why.
    With count_limit, only the first count_limit rows have pages (BoundedPaginator)."""
    if count_limit is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = BoundedPaginator(queryset, per_page, limit=count_limit)
    number = parse_whole(raw_number, lowest=1, highest=MAX_PAGE)
    if number is None:
        shown = raw_number if len(raw_number) <= 20 else f"{raw_number[:20]}…"
        return paginator.page(1), f"“{shown}” is not a page number: showing page 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        return (
            paginator.page(last),
            f"There is no page {number}: showing the last page, page {last}.",
        )
    return paginator.page(number), None


def visible(queryset, *, drafts: bool):
    """Everything for staff previewing drafts, else published records only."""
    return queryset if drafts else queryset.published()


def page_context(page) -> dict:
    """A page dataclass as template context: its fields, and its parts' context beside them."""
    context = {f.name: getattr(page, f.name) for f in fields(page) if f.name != "parts"}
    context.update(getattr(page, "parts", {}))
    return context


class DetailPage:
    """A record's page, shown to staff as a draft while any of the records it names in
    `records` (itself, then the ones it belongs to) is unpublished."""

    records: ClassVar[tuple[str, ...]]

    @property
    def draft(self) -> bool:
        return not all(getattr(self, name).is_published for name in self.records)


def facts_of(shown: RecordsShown, parts: dict) -> FactSheet:
    """The page's fact sheet (catalog.footnotes): the citations of the records it shows and
    of those its parts add (`facts_shown`: records, keys, lists or querysets). One query."""
    shown.add(parts.pop("facts_shown", []))
    return fact_sheet(shown)


@dataclass
class HomePage:
    featured: list[Series]
    recent: list[Series]
    facts: FactSheet
    parts: dict = field(default_factory=dict)


def home_page() -> HomePage:
    cards = Series.objects.published().for_cards().with_stats()
    featured = cards.filter(critic_score__isnull=False).order_by(*BEST_REVIEWED)
    recent = cards.filter(premiere_date__lte=datetime.date.today()).order_by(
        "-premiere_date", "title"
    )
    featured, recent = list(featured[:FEATURED_SHOWN]), list(recent[:RECENT_SHOWN])
    facts = list_facts(series_card_records(featured + recent))
    return HomePage(featured, recent, facts, page_parts.context("home"))


def series_cards(pks) -> list[Series]:
    """The cards of a page of series, in the order of their primary keys."""
    return Series.objects.for_cards().with_stats().in_order(pks)


def series_card_records(cards) -> list:
    """What a series card states: the series, and the review behind its critic score."""
    reviews = [("catalog.review", card.critic_review_id) for card in cards if card.critic_review_id]
    return [cards, reviews]


def people_cards(queryset):
    """People as the people list shows them."""
    return page_parts.prepare("person_list", queryset.for_cards())


def list_facts(*records) -> FactSheet:
    """The fact sheet of a list page: the citations of the records it shows (and of what
    they hold: credits, roles), in one query."""
    return fact_sheet(RecordsShown().add(*records))


def people_card_records(people) -> list:
    """What the people list states of each person: their credits and their roles."""
    return [
        (person, person.published_credits, getattr(person, "published_roles", []))
        for person in people
    ]


@dataclass
class SeriesPage(DetailPage):
    series: Series
    crew: list[tuple[str, list]]
    scores: list[Review]
    reviews: list[Review]  # critics' reviews
    facts: FactSheet
    parts: dict = field(default_factory=dict)

    records = ("series",)


def series_page(*, slug: str, drafts: bool) -> SeriesPage:
    queryset = page_parts.prepare("series", Series.objects.for_detail())
    series = get_object_or_404(visible(queryset, drafts=drafts), slug=slug)
    reviews = list(Review.objects.published().about_series(series, series.published_seasons))
    scores, critics = split_reviews(reviews)
    parts = page_parts.context("series", series)
    shown = RecordsShown().add(
        series,
        series.published_seasons,
        series.published_credits,
        series.published_claims,
        reviews,
    )
    return SeriesPage(
        series,
        crew_by_role(series.published_credits, SERIES_CREW_ROLES),
        scores,
        critics,
        facts_of(shown, parts),
        parts,
    )


@dataclass
class SeasonPage(DetailPage):
    season: Season
    series: Series
    scores: list[Review]
    reviews: list[Review]
    siblings: list[Season]  # the series' published seasons
    facts: FactSheet
    parts: dict = field(default_factory=dict)

    @property
    def previous(self) -> Season | None:
        earlier = [s for s in self.siblings if s.number < self.season.number]
        return earlier[-1] if earlier else None

    @property
    def next(self) -> Season | None:
        return next((s for s in self.siblings if s.number > self.season.number), None)

    records = ("season", "series")


def season_page(*, slug: str, number: int, drafts: bool) -> SeasonPage:
    queryset = page_parts.prepare("season", Season.objects.for_detail())
    season = get_object_or_404(visible(queryset, drafts=drafts), series__slug=slug, number=number)
    series = season.series
    siblings = list(
        Season.objects.published()
        .filter(series=series)
        .select_related("series")
        .order_by("number")
        .only("number", "series__slug")
    )
    scores, critics = split_reviews(season.published_reviews)
    parts = page_parts.context("season", season)
    episodes = season.published_episodes
    shown = RecordsShown().add(
        season,
        series,
        episodes,
        [episode.published_credits for episode in episodes],
        season.published_reviews,
    )
    return SeasonPage(season, series, scores, critics, siblings, facts_of(shown, parts), parts)


@dataclass
class EpisodePage(DetailPage):
    episode: Episode
    crew: list[tuple[str, list]]
    previous: Episode | None
    next: Episode | None
    facts: FactSheet
    parts: dict = field(default_factory=dict)

    @property
    def season(self) -> Season:
        return self.episode.season

    @property
    def series(self) -> Series:
        return self.episode.season.series

    records = ("episode", "season", "series")


def episode_page(*, slug: str, season: int, number: int, drafts: bool) -> EpisodePage:
    queryset = page_parts.prepare("episode", Episode.objects.for_detail())
    episode = get_object_or_404(
        visible(queryset, drafts=drafts),
        season__series__slug=slug,
        season__number=season,
        number=number,
    )
    published = Episode.objects.published()
    previous, following = published.previous_to(episode), published.next_to(episode)
    parts = page_parts.context("episode", episode)
    shown = RecordsShown().add(
        episode,
        episode.season,
        episode.season.series,
        episode.published_credits,
    )
    return EpisodePage(
        episode,
        crew_by_role(episode.published_credits, list(CreditRole)),
        previous,
        following,
        facts_of(shown, parts),
        parts,
    )


@dataclass
class CreditLine:
    label: str
    note: str = ""
    episodes: list[Episode] = field(default_factory=list)
    credits: list = field(default_factory=list)  # the credits it states, one per episode

    def episode_credits(self) -> list[tuple[Episode, object]]:
        """(episode, its credit), in episode order."""
        by_episode = {credit.episode_id: credit for credit in self.credits}
        return [(episode, by_episode[episode.pk]) for episode in self.episodes]


@dataclass
class Work:
    """A person's work on one series: credits, and the roles parts add (characters)."""

    series: Series
    credits: list[CreditLine] = field(default_factory=list)
    roles: list = field(default_factory=list)


@dataclass
class PersonPage(DetailPage):
    person: Person
    work: list[Work]
    facts: FactSheet
    parts: dict = field(default_factory=dict)

    records = ("person",)


def person_page(*, slug: str, drafts: bool) -> PersonPage:
    """A person's page. Parts may add "roles_by_series" ({series pk: (series, [roles])}):
    the lines they add to the person's work, series by series."""
    queryset = page_parts.prepare("person", Person.objects.for_detail())
    person = get_object_or_404(visible(queryset, drafts=drafts), slug=slug)
    parts = page_parts.context("person", person)
    roles = parts.pop("roles_by_series", {})
    shown = RecordsShown().add(person, person.published_credits)
    work = work_by_series(person.published_credits, roles)
    return PersonPage(person, work, facts_of(shown, parts), parts)


# Shaping fetched records (no queries here).


def split_reviews(reviews) -> tuple[list[Review], list[Review]]:
    """(scores, critics' reviews)."""
    return (
        [r for r in reviews if r.kind != ReviewKind.CRITIC],
        [r for r in reviews if r.kind == ReviewKind.CRITIC],
    )


def crew_by_role(credits, roles) -> list[tuple[str, list]]:
    """[(role label, [credits])] in the order of roles; roles nobody holds are left out."""
    by_role = defaultdict(list)
    for credit in credits:
        by_role[credit.role].append(credit)
    return [(CreditRole(role).label, by_role[role]) for role in roles if by_role.get(role)]


def work_by_series(credits, roles_by_series: dict) -> list[Work]:
    """A person's credits (and the roles parts add) grouped by series, oldest series first."""
    by_series: dict[int, Work] = {}
    lines: dict[int, dict[str, CreditLine]] = defaultdict(dict)
    for credit in credits:
        series = credit.series or credit.episode.season.series
        work = by_series.setdefault(series.pk, Work(series))
        line = lines[series.pk].get(credit.role)
        if line is None:
            line = lines[series.pk][credit.role] = CreditLine(credit.get_role_display())
            work.credits.append(line)
        line.credits.append(credit)
        if credit.episode_id:
            line.episodes.append(credit.episode)
        else:
            line.note = credit.note
    for series_pk, (series, roles) in roles_by_series.items():
        by_series.setdefault(series_pk, Work(series)).roles = roles
    for work in by_series.values():
        for line in work.credits:
            line.episodes.sort(key=lambda e: (e.season.number, e.number))
    return sorted(
        by_series.values(),
        key=lambda w: (
            w.series.premiere_date is None,
            w.series.premiere_date or datetime.date.min,
            w.series.title,
        ),
    )
