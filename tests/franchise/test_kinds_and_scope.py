"""Appearance kinds that say what happened, and where each connection holds (its canon
scope), on the rendered pages: a flashback or a mention from elsewhere is never called a
crossover, a part whose billing no source gives is "cast", and the connection finder takes
a hop off screen only when it must, and says so."""

import datetime
import re

import pytest

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from franchise.appearances import sightings, visits_from_elsewhere
from franchise.factories import AppearanceFactory, CharacterFactory, SeriesLinkFactory
from franchise.graph import connection_find, graph_layout, series_graph
from franchise.models import Appearance, AppearanceKind, CanonScope, LinkKind

pytestmark = pytest.mark.django_db


def plain(html: str) -> str:
    """Text as read: tags stripped, footnote markers left out, whitespace collapsed, none
    before punctuation."""
    html = re.sub(r'<sup class="fn">.*?</sup>', "", html, flags=re.S)
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,;:.)])", r"\1", words)


def text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return plain(html)


def section(response, element_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return html[start : html.find("</section>", start)]


# Bosch: Legacy 1×8: young Mickey Haller in a flashback, no TV crossover


def test_bosch_legacy_1x8_episode_page_says_flashback_not_crossover(seeded, client):
    response = client.get("/series/bosch-legacy/season/1/episode/8/")
    assert response.status_code == 200
    visitors = plain(section(response, "crossover"))
    assert "Flashback Characters from other series" in visitors
    assert "Mickey Haller (flashback here), from The Lincoln Lawyer" in visitors
    cast = plain(section(response, "cast"))
    assert "In a flashback Clint Jordan as J. Michael Haller Sr." in cast
    assert "Ettore James Baccari as Mickey Haller (credited as Son)" in cast
    page = text(response)
    assert "Crossover" not in page and "crossover" not in page.replace("no screen crossover", "")
    assert "cameo" not in page.lower()


def test_bosch_legacy_series_page_lists_1x8_as_a_flashback(seeded, client):
    response = client.get("/series/bosch-legacy/")
    listed = plain(section(response, "crossovers"))
    assert "Flashback 1×8 Bloodline Mickey Haller (flashback, from The Lincoln Lawyer)" in listed
    assert "Crossover 1×8" not in listed
    # Worded from the time of the episode: Ballard had not premiered yet.
    assert "Crossover 3×10 Dig Down Renée Ballard (guest)" in listed
    assert "from Ballard" not in listed
    # The seasons table's crossover column leaves a flashback out.
    seasons = plain(section(response, "seasons"))
    assert "Season 1 6 May 2022 27 May 2022 10 —" in seasons
    assert "1×8" not in seasons


def test_bosch_legacy_season_page_marks_1x8_as_a_flashback(seeded, client):
    response = client.get("/series/bosch-legacy/season/1/")
    rows = section(response, "episodes").split("<tr>")
    bloodline = plain(next(row for row in rows if "Bloodline" in row))
    assert "Flashback Mickey Haller (flashback)" in bloodline
    assert "Crossover" not in text(response)


def test_watch_order_marks_1x8_as_a_flashback(seeded, client):
    html = client.get("/universes/bosch-universe/watch-order/").content.decode()
    start = html.index("Bosch: Legacy</span> Season 1")
    legacy_1 = plain(html[start : html.index('class="watch__season', start)])
    assert "1×8 Bloodline Flashback Mickey Haller (flashback, from The Lincoln Lawyer)" in legacy_1
    assert "Crossover" not in legacy_1 and "crossover" not in legacy_1
    ballard = plain(html[html.index("Ballard</span> Season 1") :])
    assert "1×1 Library of Lost Souls Mentioned Harry Bosch (mentioned" in ballard
    assert "Crossover Harry Bosch (mentioned" not in ballard


def test_mickey_hallers_page_shows_the_flashback(seeded, client):
    response = client.get("/characters/mickey-haller/")
    page = text(response)
    assert "Flashback 1×8 Bloodline" in page
    assert "First appearance The Lincoln Lawyer (main cast, 13 May 2022)" in page
    assert "Crossover" not in page and "Cameo" not in page


# The Lincoln Lawyer: listed in the cast, billing not given


def test_the_lincoln_lawyer_cast_is_cast_not_recurring(seeded, client):
    cast = section(client.get("/series/the-lincoln-lawyer/"), "cast")
    groups = {
        plain(heading): body
        for heading, body in re.findall(r"<h3>(.*?)</h3>(.*?)(?=<h3>|$)", cast, flags=re.S)
    }
    assert list(groups) == ["Main cast", "Cast, billing not yet sourced"]
    unbilled = re.findall(
        r'class="cast__character" href="/characters/([^/]+)/"', groups[list(groups)[1]]
    )
    whole_series = {
        "maggie-mcpherson",
        "lorna-crane",
        "izzy-letts",
        "cisco",
        "andrea-freemann",
        "david-siegel",
        "hayley-haller",
    }
    assert whole_series <= set(unbilled) and len(unbilled) == 11
    assert "Recurring" not in plain(cast)
    for slug in whole_series:
        page = text(client.get(f"/characters/{slug}/"))
        assert "The Lincoln Lawyer (cast, 2022–)" in page, slug
        assert "recurring" not in page.lower(), slug
    assert "Maggie McPherson The Lincoln Lawyer (cast)" in text(
        client.get("/people/neve-campbell/")
    )


# Visits from elsewhere: only one in the story's present is a crossover


def test_only_an_appearance_in_the_present_from_elsewhere_is_a_crossover():
    home, visited = SeriesFactory(), SeriesFactory()
    episode = EpisodeFactory(season=SeasonFactory(series=visited))
    for kind in (AppearanceKind.GUEST, AppearanceKind.FLASHBACK, AppearanceKind.MENTION):
        character = CharacterFactory(name=f"From home ({kind.label})")
        AppearanceFactory(character=character, series=home)
        AppearanceFactory(character=character, episode=episode, kind=kind)
    visits = visits_from_elsewhere(sightings(Appearance.objects.all())).by_episode[episode.pk]
    assert [(visit.kind, visit.label, visit.is_crossover) for visit in visits] == [
        (AppearanceKind.GUEST, "Crossover", True),
        (AppearanceKind.FLASHBACK, "Flashback", False),
        (AppearanceKind.MENTION, "Mentioned", False),
    ]


@pytest.mark.parametrize(
    ("kind", "hands_off"), [(AppearanceKind.GUEST, True), (AppearanceKind.FLASHBACK, False)]
)
def test_a_hand_off_introduces_the_next_lead_in_person(kind, hands_off):
    """A first appearance before leading a later show hands off to it, unless it is only
    a flashback."""
    earlier = SeriesFactory(premiere_date=datetime.date(2020, 1, 1))
    later = SeriesFactory(premiere_date=datetime.date(2024, 1, 1))
    season = SeasonFactory(series=earlier, premiere_date=datetime.date(2021, 1, 1))
    episode = EpisodeFactory(season=season)
    lead = CharacterFactory()
    AppearanceFactory(character=lead, series=later)
    AppearanceFactory(character=lead, episode=episode, kind=kind)
    visits = visits_from_elsewhere(sightings(Appearance.objects.all()))
    assert visits.by_episode[episode.pk][0].label == kind.visit_label
    assert [hand_off.to.id for hand_off in visits.hand_offs()] == [later.pk] * hands_off


# The connection finder: on screen first, off screen only where it must


def chain(start, goal):
    graph = series_graph()
    return connection_find(graph, start=graph.by_slug(start.slug), goal=graph.by_slug(goal.slug))


def shared(character_in, other, kind=AppearanceKind.GUEST):
    """A character at home in one series who appears in an episode of another."""
    character = CharacterFactory()
    AppearanceFactory(character=character, series=character_in)
    episode = EpisodeFactory(season=SeasonFactory(series=other))
    AppearanceFactory(character=character, episode=episode, kind=kind)
    return character


def test_finder_prefers_on_screen_hops_when_an_alternative_exists():
    start, goal, middle = SeriesFactory(), SeriesFactory(), SeriesFactory()
    SeriesLinkFactory(source=start, target=goal, kind=LinkKind.SAME_LITERARY_UNIVERSE)
    # The books join the two directly; on screen it takes two hops: a crossover, a spin-off.
    visitor = shared(start, middle)
    SeriesLinkFactory(source=goal, target=middle, kind=LinkKind.SPIN_OFF_OF)
    found = chain(start, goal)
    assert [step.to_node.id for step in found] == [middle.pk, goal.pk]
    assert found[0].character.id == visitor.pk
    assert [step.scope for step in found] == [CanonScope.ON_SCREEN, CanonScope.ON_SCREEN]


def test_finder_takes_the_fewest_hops_off_screen_when_it_must():
    """Two hops through the books, or one through the books and two on screen: the second."""
    start, goal = SeriesFactory(), SeriesFactory()
    books, far, near = SeriesFactory(), SeriesFactory(), SeriesFactory()
    for source, target in [(start, books), (books, goal), (start, far)]:
        SeriesLinkFactory(source=source, target=target, kind=LinkKind.SAME_LITERARY_UNIVERSE)
    SeriesLinkFactory(source=near, target=far, kind=LinkKind.SPIN_OFF_OF)
    SeriesLinkFactory(source=goal, target=near, kind=LinkKind.SEQUEL_TO)
    found = chain(start, goal)
    assert [step.to_node.id for step in found] == [far.pk, near.pk, goal.pk]
    assert [step.scope for step in found] == [
        CanonScope.BOOKS_ONLY,
        CanonScope.ON_SCREEN,
        CanonScope.ON_SCREEN,
    ]


def test_a_character_seen_only_in_a_flashback_joins_two_series_in_the_books_only():
    home, visited = SeriesFactory(), SeriesFactory()
    shared(home, visited, kind=AppearanceKind.FLASHBACK)
    (step,) = chain(home, visited)
    assert step.kind_to == AppearanceKind.FLASHBACK
    assert step.scope == CanonScope.BOOKS_ONLY
    (connection,) = series_graph().connections()
    assert connection.scope == CanonScope.BOOKS_ONLY


def test_finder_page_labels_a_production_reference(client):
    start = SeriesFactory(title="Start Show", slug="start-show")
    goal = SeriesFactory(title="Goal Show", slug="goal-show")
    SeriesLinkFactory(
        source=goal, target=start, kind=LinkKind.REFERENCES, scope=CanonScope.PRODUCTION
    )
    response = client.get("/connections/?from=start-show&to=goal-show")
    page = text(response)
    assert "Start Show — referenced by (production reference) → Goal Show" in page
    assert "production reference: A reference behind the camera, not a link in the story." in page
    assert "No chain on screen joins these shows" in page


def test_graph_draws_and_names_each_connections_scope(client):
    from franchise.factories import UniverseFactory, UniverseMembershipFactory

    universe = UniverseFactory(slug="scoped")
    shows = [SeriesFactory(premiere_date=datetime.date(2010 + n, 1, 1)) for n in range(3)]
    for show in shows:
        UniverseMembershipFactory(universe=universe, series=show)
    SeriesLinkFactory(source=shows[1], target=shows[0], kind=LinkKind.SPIN_OFF_OF)
    SeriesLinkFactory(source=shows[2], target=shows[0], kind=LinkKind.SAME_LITERARY_UNIVERSE)
    SeriesLinkFactory(
        source=shows[2], target=shows[1], kind=LinkKind.REFERENCES, scope=CanonScope.PRODUCTION
    )
    kinds = {
        (edge.source.node.id, edge.target.node.id): edge.kind
        for edge in graph_layout(series_graph()).edges
    }
    assert kinds == {
        (shows[0].pk, shows[1].pk): "link",
        (shows[0].pk, shows[2].pk): "books",
        (shows[1].pk, shows[2].pk): "production",
    }
    response = client.get("/universes/scoped/graph/")
    html = response.content.decode()
    assert 'class="graph__label--scope"' in html and "(production reference)" in html
    table = plain(html[html.index('id="connections-heading"') :])
    assert "same literary universe as" in table and "in the books only" in table
    assert "production reference" in table
