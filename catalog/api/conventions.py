"""What every endpoint of the API does alike: pages of a list (with Link headers and
totals), include= (embedding related resources, each loaded by a prefetch so that the
number of queries stays fixed), absolute addresses, and sources.
"""

import functools
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from ninja import Field, Path, Query, Schema
from pydantic import WithJsonSchema, create_model

from catalog.models import Citation
from catalog.numbers import MAX_NUMBER, MAX_PAGE
from catalog.query_problems import quoted
from config.problems import INVALID_PARAMETERS, ApiProblem, Problem, invalid_parameter

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


ERRORS = {400: Problem, 404: Problem}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def slug_query(description: str):
    return Query(None, description=description, pattern=SLUG_PATTERN, max_length=200)


def slug_path(description: str):
    return Path(..., description=description, pattern=SLUG_PATTERN, max_length=200)


# The parts of an address below a series' (its seasons' and episodes' resources).
SeriesSlug = Annotated[str, slug_path("The series' slug.")]
SeasonPath = Annotated[
    int, Path(..., ge=0, le=MAX_NUMBER, description="The season's number (0: specials).")
]
EpisodePath = Annotated[
    int, Path(..., ge=1, le=MAX_NUMBER, description="The episode's number in it.")
]


def found_or_404(queryset, detail: str, **lookups):
    """The one record of queryset matching lookups, or a 404 problem saying `detail`."""
    try:
        return queryset.get(**lookups)
    except queryset.model.DoesNotExist:
        raise ApiProblem(404, detail) from None


def found_by_slug(queryset, slug: str, kind: str):
    """The record of queryset with this slug, or a 404 saying there is no published `kind`
    of that slug."""
    return found_or_404(queryset, f"There is no published {kind} “{slug}”.", slug=slug)


# Addresses and sources.


def with_sources(queryset):
    """The queryset with each row's sources (as `sources`)."""
    return queryset.prefetch_related(sources_prefetch())


def absolute(request, path: str) -> str:
    """The absolute URL of a path on this site."""
    return request.build_absolute_uri(path)


def sources_prefetch() -> Prefetch:
    """A record's citations with their sources, in order, as `sources`."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("source").order_by("pk"),
        to_attr="sources",
    )


WHOLE_RECORD = "record"


def citation_fact(citation) -> str:
    """The fact of its record that a citation supports, as the API names it (the one place
    that reads it): a field's name, or "record" for the record as a whole."""
    return citation.fact or WHOLE_RECORD


def sources_out(citations) -> list[dict]:
    """A record's citations (loaded with catalog.models.sources_prefetch) as its sources:
    one per source, in order of first citation, with every fact it supports."""
    found: dict[int, dict] = {}
    for citation in citations:
        entry = found.get(citation.source_id)
        if entry is None:
            entry = found[citation.source_id] = source_out(citation.source)
        fact = citation_fact(citation)
        if fact and fact not in entry["supports"]:
            entry["supports"].append(fact)
    return list(found.values())


def source_out(source) -> dict:
    return {
        "id": source.pk,
        "title": source.title,
        "url": source.url,
        "publisher": source.publisher,
        "reliability": source.reliability,
        "published_on": source.published_on,
        "accessed_on": source.accessed_on,
        "supports": [],
    }


# Pages of a list.


class PageBase(Schema):
    count: int = Field(description="How many objects the list holds, on every page.")
    page: int
    page_size: int
    pages: int = Field(description="How many pages the list has at this page size.")
    next: str | None = Field(description="The next page's address, or null on the last.")
    previous: str | None = Field(description="The previous page's address, or null.")


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The schema of a page of `item`s, named `name` in the OpenAPI document."""
    return create_model(name, __base__=PageBase, results=(list[item], ...))


def page_query():
    return Query(1, ge=1, le=MAX_PAGE, description="The page, from 1.")


def page_size_query():
    return Query(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Objects a page, up to {MAX_PAGE_SIZE} (more is refused with a 400).",
    )


def page_address(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, response, rows, *, page: int, page_size: int, count: int | None = None):
    """(the rows of the page asked for, the page's envelope without its results); the
    Link header (RFC 8288: first, prev, next, last) and X-Total-Count go on `response`.
    `rows` is a queryset (counted here, unless `count` is given) or a list. A page past
    the last is a 404 (page 1 always exists, empty when the list is)."""
    if count is None:
        count = len(rows) if isinstance(rows, list) else rows.count()
    pages = max(1, math.ceil(count / page_size))
    if page > pages:
        raise ApiProblem(
            404,
            f"There is no page {page}: at {page_size} a page, the last is page {pages}.",
            invalid_params=[{"name": "page", "reason": f"The last page is {pages}."}],
        )
    start = (page - 1) * page_size
    links = {"first": 1, "prev": page - 1, "next": page + 1, "last": pages}
    addresses = {
        relation: page_address(request, number)
        for relation, number in links.items()
        if 1 <= number <= pages
    }
    response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in addresses.items())
    response["X-Total-Count"] = str(count)
    envelope = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": addresses.get("next"),
        "previous": addresses.get("prev"),
    }
    return rows[start : start + page_size], envelope


# include=


@dataclass(frozen=True)
class Include:
    """How include=NAME embeds a related resource: `prefetch` loads what it needs onto the
    record found (None: nothing ahead); `build(record, request)` gives the field's value."""

    prefetch: Prefetch | None
    build: Callable[[Any, Any], Any]


class Includes:
    """The related resources one kind of resource may embed, by name. The names are fixed
    (the schema has a field for each); an app provides how each is loaded, the catalogue
    its own and franchise the characters (franchise.api)."""

    def __init__(self, resource: str, names: tuple[str, ...]):
        self.resource = resource
        self.names = names
        self.parts: dict[str, Include] = {}

    def provide(self, name: str, *, prefetch: Prefetch | None = None, build):
        if name not in self.names:
            raise ValueError(f"A {self.resource} has no include named {name!r}.")
        self.parts[name] = Include(prefetch, build)

    def provide_related(
        self, name: str, queryset, serialize: Callable, *, relation: str | None = None
    ) -> None:
        """An include that is a relation (of the same name unless `relation` names it): its
        rows (queryset, with their sources) in one prefetch, each shown by
        serialize(row, request)."""
        attr = f"api_{name}"
        self.provide(
            name,
            prefetch=Prefetch(relation or name, queryset=with_sources(queryset), to_attr=attr),
            build=lambda record, request: [
                serialize(row, request) for row in getattr(record, attr)
            ],
        )

    @property
    def type(self):
        """The parameter's type: text, which the OpenAPI document describes with a pattern
        of the names (parse() checks it, to name an unknown one)."""
        words = "|".join(self.names)
        pattern = rf"^({words})(,({words}))*$"
        return Annotated[str | None, WithJsonSchema({"type": "string", "pattern": pattern})]

    def query(self):
        return Query(
            None,
            description=(
                f"Related resources to embed, separated by commas: {', '.join(self.names)}."
            ),
        )

    def parse(self, raw: str | None) -> list[str]:
        """The names asked for, in the resource's order; a 400 naming an unknown one."""
        asked = [name.strip() for name in (raw or "").split(",") if name.strip()]
        unknown = [name for name in asked if name not in self.names]
        if unknown:
            shown = unknown[0] if len(unknown[0]) <= 40 else f"{unknown[0][:40]}…"
            raise invalid_parameter(
                "include",
                f"A {self.resource} has no related resource “{shown}” to include; "
                f"choose from {', '.join(self.names)}.",
            )
        return [name for name in self.names if name in asked and name in self.parts]

    def build(self, record, names: list[str], request) -> dict:
        """The included fields of the record: their prefetches, one query each, then each
        field's value."""
        prefetches = [self.parts[name].prefetch for name in names]
        prefetch_related_objects([record], *filter(None, prefetches))
        return {name: self.parts[name].build(record, request) for name in names}

    def route(self, router, path: str, response, summary: str, *, show: Callable):
        """Registers the decorated view, which finds the one record at `path` (or raises a
        404), as a GET operation answering `response` with an include= parameter (checked
        before the record is looked for): show(record, request) and the fields asked for,
        the others absent."""

        def register(view):
            @functools.wraps(view)
            def operation(request, include=None, **params):
                names = self.parse(include)
                record = view(request, **params)
                return show(record, request) | self.build(record, names, request)

            # ninja reads an operation's parameters from its signature: the view's, then include=.
            signature = inspect.signature(view)
            include = inspect.Parameter(
                "include",
                inspect.Parameter.KEYWORD_ONLY,
                default=self.query(),
                annotation=self.type,
            )
            operation.__signature__ = signature.replace(
                parameters=[*signature.parameters.values(), include]
            )
            router.get(
                path, response={200: response, **ERRORS}, exclude_unset=True, summary=summary
            )(operation)
            return operation

        return register


# Filters.


def filter_data(**values) -> QueryDict:
    """The given query parameters (None left out) as a FilterSet reads them."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is not None:
            data[name] = str(value)
    return data


def refuse_bad_filters(filterset) -> None:
    """A 400 naming every filter whose value did not check out (the API refuses what the
    site's lists ignore); types and ranges were checked by the operation's signature, so
    what is left is a value that names nothing: a network, a genre, a universe."""
    form = filterset.form
    if form.is_valid():
        return
    invalid = [
        {
            "name": name,
            "reason": f"There is no {form.fields[name].label.lower()} "
            f"{quoted(str(form.data.get(name, '')))}.",
        }
        for name in form.errors
        if name != NON_FIELD_ERRORS
    ]
    detail = " ".join([*(entry["reason"] for entry in invalid), *form.non_field_errors()])
    raise ApiProblem(400, detail, kind=INVALID_PARAMETERS, invalid_params=invalid)
