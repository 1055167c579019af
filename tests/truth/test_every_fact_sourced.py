"""Issue 12, "Sourcing, fact by fact": every fact a public page of the seed universe shows
carries a footnote to a source listed on the same page, and every value that rests only on
weak sources says so.

The walk visits every series, season, episode, person, character and universe page, the
lists, the watch order (three ways), the graph and the connection finder for a few pairs.
In the templates a fact is an element with `data-fact` (catalog_display's `{% fact %}`);
its footnote markers are the links of its own `sup.fn`, each to an entry of the page's
source list (`li#source-N`). A fact whose sources are all weak (the entries say
data-reliability="weak") must carry a visible "weak source" flag.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from catalog.factories import CitationFactory, EpisodeFactory, SourceFactory
from catalog.models import Episode, Person, Season, Series
from franchise.models import Character, Universe

pytestmark = pytest.mark.django_db

CONNECTIONS = [
    ("the-lincoln-lawyer", "ballard"),
    ("bosch", "ballard"),
    ("ballard", "the-lincoln-lawyer"),
    ("bosch", "bosch-legacy"),
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    text: list = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def all_text(self) -> str:
        return " ".join(" ".join(e.text) for e in self.walk())


class Tree(HTMLParser):
    """Enough of an HTML tree for the walk: elements, attributes, their own text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        self.stack[-1].text.append(data)


@dataclass
class PageFacts:
    facts: int = 0
    unsourced: list = field(default_factory=list)
    dangling: list = field(default_factory=list)
    weak_unflagged: list = field(default_factory=list)
    weak_flagged: int = 0


def facts_of(html: str) -> PageFacts:
    tree = Tree(html).root
    sources = {
        element.attrs["id"]: element.attrs.get("data-reliability")
        for element in tree.walk()
        if element.tag == "li" and element.attrs.get("id", "").startswith("source-")
    }
    found = PageFacts()
    for element in tree.walk():
        if "data-fact" not in element.attrs:
            continue
        found.facts += 1
        statement = element.attrs["data-fact"]
        markers = [
            link.attrs.get("href", "")[1:]
            for child in element.children
            if child.tag == "sup" and "fn" in child.classes
            for link in child.walk()
            if link.tag == "a"
        ]
        if not markers:
            found.unsourced.append((statement, element.all_text()[:80]))
            continue
        missing = [marker for marker in markers if marker not in sources]
        if missing:
            found.dangling.append((statement, missing))
        flagged = any(
            "flag--weak" in child.classes and "weak source" in child.all_text().lower()
            for child in element.children
        )
        if all(sources.get(marker) == "weak" for marker in markers):
            if flagged:
                found.weak_flagged += 1
            else:
                found.weak_unflagged.append(statement)
    return found


def seed_pages() -> dict[str, list[str]]:
    """Every public page of the seed universe, by page type."""
    series = Series.objects.published().order_by("slug")
    pages = defaultdict(list)
    pages["series"] = [s.get_absolute_url() for s in series]
    pages["season"] = [
        s.get_absolute_url() for s in Season.objects.published().select_related("series")
    ]
    pages["episode"] = [
        e.get_absolute_url() for e in Episode.objects.published().select_related("season__series")
    ]
    pages["person"] = [p.get_absolute_url() for p in Person.objects.published()]
    pages["character"] = [c.get_absolute_url() for c in Character.objects.published()]
    pages["universe"] = [u.get_absolute_url() for u in Universe.objects.published()]
    pages["lists"] = [
        "/series/",
        "/people/",
        "/people/?page=2",
        "/people/?page=3",
        "/characters/",
        "/characters/?page=2",
        "/characters/?crossers=1",
        "/universes/",
    ]
    watch = "/universes/bosch-universe/watch-order/"
    pages["watch order"] = [watch, f"{watch}?episodes=1", f"{watch}?essentials=1&episodes=1"]
    pages["graph"] = ["/universes/bosch-universe/graph/"]
    pages["connections"] = [f"/connections/?from={a}&to={b}" for a, b in CONNECTIONS]
    return pages


def test_every_fact_on_every_seed_page_has_a_footnote_on_that_page(client, seeded, capsys):
    marked, weak = Counter(), Counter()
    unsourced, dangling, weak_unflagged = [], [], []
    for kind, urls in seed_pages().items():
        for url in urls:
            response = client.get(url)
            if response.status_code == 404 and "page=" in url:
                continue  # a list shorter than that
            assert response.status_code == 200, url
            found = facts_of(response.content.decode())
            assert found.facts or kind == "lists", f"{url} marks no fact"
            marked[kind] += found.facts
            weak[kind] += found.weak_flagged
            unsourced += [(url, *fact) for fact in found.unsourced]
            dangling += [(url, *fact) for fact in found.dangling]
            weak_unflagged += [(url, fact) for fact in found.weak_unflagged]
    with capsys.disabled():
        print("\nfacts marked and sourced, by page type:", dict(marked))
        print("of them resting only on weak sources, flagged:", dict(weak))
    assert unsourced == [], f"{len(unsourced)} unsourced facts, e.g. {unsourced[:5]}"
    assert dangling == [], f"footnotes to no source on the page: {dangling[:5]}"
    assert weak_unflagged == [], f"weak values not flagged: {weak_unflagged[:5]}"


def test_the_walk_sees_what_it_checks():
    """The checker itself: a marker to a listed source passes, one without fails, and a
    weak-only value needs its flag."""
    sourced = (
        '<span class="fact" data-fact="catalog.series.1.premiere_date">2014'
        '<sup class="fn"><a href="#source-1">[1]</a></sup></span>'
    )
    weak = (
        '<span class="fact" data-fact="catalog.series.1.finale_date">2021'
        '<sup class="fn"><a href="#source-2">[2]</a></sup></span>'
    )
    bare = '<span class="fact" data-fact="catalog.series.1.genres">Drama</span>'
    listed = (
        '<ol><li id="source-1" data-reliability="strong">A</li>'
        '<li id="source-2" data-reliability="weak">B</li></ol>'
    )
    found = facts_of(sourced + weak + bare + listed)
    assert found.facts == 3
    assert [statement for statement, _ in found.unsourced] == ["catalog.series.1.genres"]
    assert found.weak_unflagged == ["catalog.series.1.finale_date"]
    flagged = weak.replace(
        "</sup></span>", '</sup> <span class="flag flag--weak">weak source</span></span>'
    )
    assert facts_of(flagged + listed).weak_flagged == 1
    assert facts_of(sourced).dangling == [("catalog.series.1.premiere_date", ["source-1"])]


def test_a_record_without_citations_shows_its_facts_unsourced(client):
    """Outside the seed a record may cite nothing yet: its facts are still marked, without a
    footnote, and the page has no source list to point to."""
    episode = EpisodeFactory(title="Pilot")
    series = episode.season.series
    found = facts_of(client.get(series.get_absolute_url()).content.decode())
    assert found.facts and len(found.unsourced) == found.facts
    CitationFactory(
        content_object=series, fact="premiere_date", source=SourceFactory(reliability="weak")
    )
    html = client.get(series.get_absolute_url()).content.decode()
    found = facts_of(html)
    assert found.weak_flagged == 1 and not found.weak_unflagged and not found.dangling
    assert 'id="sources"' in html
