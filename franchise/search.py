"""The site search's reads: each kind of record (series, episodes, people, characters)
matched, ranked and counted no further than SEARCH_COUNT_LIMIT, and the spelling
suggestions offered when nothing matches ("Did you mean", PostgreSQL only)."""

from dataclasses import dataclass, field

from django.db.models import F, Value
from django.urls import reverse

from catalog.models import Episode, Person, Series
from catalog.search import similar_names
from catalog.selectors import bounded_count, count_label, page_of
from franchise.models import Character

RESULTS_PER_KIND = 10
RESULTS_PER_PAGE = 24
# Counting stops past this many results of a kind, shown "1,000+", and pages stop there: a
# common word matches tens of thousands of rows at scale, and counting them all costs more
# than a person reads.
SEARCH_COUNT_LIMIT = 1000


# Search: (kind, heading, published queryset with what a result shows, result ordering).
SEARCH_KINDS = {
    "series": (
        "Series",
        lambda: Series.objects.published().select_related("network"),
        ["-search_rank", "title", "pk"],
    ),
    "episodes": (
        "Episodes",
        lambda: Episode.objects.published().for_results(),
        ["-search_rank", "season__series__title", "season__number", "number", "pk"],
    ),
    "people": ("People", lambda: Person.objects.published(), ["-search_rank", "name", "pk"]),
    "characters": (
        "Characters",
        lambda: Character.objects.published(),
        ["-search_rank", "name", "pk"],
    ),
}


@dataclass
class ResultGroup:
    kind: str
    heading: str
    count: int  # at most SEARCH_COUNT_LIMIT
    results: list
    more: bool = False  # more than SEARCH_COUNT_LIMIT match

    @property
    def count_label(self) -> str:
        return count_label(self.count, more=self.more)


@dataclass(frozen=True)
class Suggestion:
    name: str
    kind: str  # "Series", "Person", "Character"
    url: str


@dataclass
class SearchResults:
    groups: list[ResultGroup]
    page: object | None = None  # the page of the one kind asked for
    problems: list[str] = field(default_factory=list)
    # When nothing matches: names spelled like the query ("Did you mean").
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def total_label(self) -> str:
        return count_label(self.total, more=any(group.more for group in self.groups))


SUGGESTIONS_SHOWN = 5
# (kind, published queryset, name field, URL name): what a misspelt query may have meant.
SUGGESTION_SOURCES = [
    ("Series", lambda: Series.objects.published(), "title", "catalog:series_detail"),
    ("Character", lambda: Character.objects.published(), "name", "franchise:character_detail"),
    ("Person", lambda: Person.objects.published(), "name", "catalog:person_detail"),
]


def spelling_suggestions(query: str) -> list[Suggestion]:
    """The published names closest in spelling to query, in one query (PostgreSQL's
    trigrams; none elsewhere): "harry bosh" → Harry Bosch, "balard" → Ballard."""
    parts = [
        similar_names(queryset(), field, query)
        .annotate(kind=Value(kind), shown=F(field), url_name=Value(url_name))
        .values("kind", "shown", "slug", "url_name", "similarity")
        .order_by()
        for kind, queryset, field, url_name in SUGGESTION_SOURCES
    ]
    if all(part.query.is_empty() for part in parts):  # not on PostgreSQL, or no word
        return []
    closest = parts[0].union(*parts[1:]).order_by("-similarity", "shown")[:SUGGESTIONS_SHOWN]
    return [
        Suggestion(row["shown"], row["kind"], reverse(row["url_name"], args=[row["slug"]]))
        for row in closest
    ]


def search_results(query: str, *, kind: str, page_number: str) -> SearchResults:
    """Every kind of result, the first few of each; or one kind, a page of it."""
    found = SearchResults([])
    for key, (heading, queryset, ordering) in SEARCH_KINDS.items():
        results = queryset().search(query).order_by(*ordering)
        if kind == key:
            page, problem = page_of(
                results, page_number, RESULTS_PER_PAGE, count_limit=SEARCH_COUNT_LIMIT
            )
            if problem:
                found.problems.append(problem)
            found.page = page
            paginator = page.paginator
            group = ResultGroup(key, heading, paginator.count, page.object_list, paginator.more)
        else:
            count = bounded_count(results, SEARCH_COUNT_LIMIT)
            shown = results[:RESULTS_PER_KIND] if count and not kind else []
            group = ResultGroup(
                key,
                heading,
                min(count, SEARCH_COUNT_LIMIT),
                shown,
                more=count > SEARCH_COUNT_LIMIT,
            )
        found.groups.append(group)
    if not found.total:
        found.suggestions = spelling_suggestions(query)
    return found
