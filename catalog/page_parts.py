"""What other apps add to the catalogue's pages, without catalog knowing them.

Catalog is the production record; apps built on it (franchise, with characters, universes and
crossovers) import catalog, never the reverse. Such an app adds to a catalogue page by
registering a PagePart from its AppConfig.ready():

- `prepare(queryset)` adds what the part needs to the page's own queryset (a prefetch, an
  annotation), so that the page keeps its number of queries;
- `context(record)` returns the context the part adds to the page (`record` is the
  series, season, episode or person shown; None on the home page). One key feeds the
  page's footnotes (catalog.footnotes) rather than its template: `facts_shown`, the records
  the part shows (records, lists, keys or querysets), whose citations the page reads with
  its own, in one query.

A spoiler policy: an app may put `spoilers` in every page's context (a context processor),
an object with hides(record) → bool for the records the catalogue's templates show (an
episode, season, series, appearance, review, claim, a text, a list of them (held back
when all are) or an AnyOf (held back when one is)). The templates wrap
what may spoil in catalog_display's `{% spoiler record %}` and test `spoilers|hides:record`;
without a policy they show everything. (franchise's spoiler horizon is one.)

The catalogue's templates show what a part adds when it is there and leave it out when it
is not; they name no other app's URLs, tags or relations. Sections of the sitemap (list
pages) are added the same way, by URL name.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple


class AnyOf(tuple):
    """Records a spoiler policy holds back when it holds back any one of them (a list is
    held back only when all of its records are): `series.published_seasons|any_of`."""


# The pages that take parts.
PAGES = ("home", "series", "season", "episode", "person", "person_list")


def _unchanged(queryset):
    return queryset


def _nothing(record) -> dict:
    return {}


@dataclass(frozen=True)
class PagePart:
    prepare: Callable[[Any], Any] = _unchanged
    context: Callable[[Any], dict] = _nothing


class Performance(NamedTuple):
    """A person playing a named part, as a page's structured data states it."""

    person: Any  # a catalog.Person
    character: str


_parts: dict[str, list[PagePart]] = defaultdict(list)
_sitemap_sections: list[str] = []


def add(page: str, part: PagePart) -> None:
    if page not in PAGES:
        raise ValueError(f"No catalogue page takes parts under the name {page!r}.")
    _parts[page].append(part)


def prepare(page: str, queryset):
    """The page's queryset with what every part of the page needs loaded."""
    for part in _parts[page]:
        queryset = part.prepare(queryset)
    return queryset


def context(page: str, record=None) -> dict:
    """The context every part of the page adds (a later part wins a shared key)."""
    added: dict = {}
    for part in _parts[page]:
        added.update(part.context(record))
    return added


def add_sitemap_section(url_name: str) -> None:
    if url_name not in _sitemap_sections:
        _sitemap_sections.append(url_name)


def sitemap_sections() -> list[str]:
    return list(_sitemap_sections)


# The lists a visitor can browse (`{% browse_links %}`), by the name a page asks for them
# by: the catalogue's own, and those other apps add.
_browse_lists: dict[str, tuple[str, str]] = {
    "series": ("catalog:series_list", "all series"),
    "people": ("catalog:person_list", "people"),
}


def add_browse_list(name: str, url_name: str, label: str) -> None:
    _browse_lists[name] = (url_name, label)


def browse_list(name: str) -> tuple[str, str]:
    """The URL name and link text of a list to browse."""
    return _browse_lists[name]
