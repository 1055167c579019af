"""The seed universe as a fan reads it, on the rendered pages: characters across shows,
links read from both ends, crossover episodes, the watch order, the graph and the
connection finder."""

import re

import pytest

from franchise.models import Character

pytestmark = pytest.mark.django_db

FACT_SHEET_CROSSERS = {
    "harry-bosch",
    "renee-ballard",
    "mo-bassi",
    "honey-chandler",
    "maddie-bosch",
    "jerry-edgar",
    "mickey-haller",
}


def text(response) -> str:
    """The page's visible text, tags stripped and whitespace collapsed."""
    html = response.content.decode()
    return plain(re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))


def section(response, element_id: str) -> str:
    """The HTML of the element with this id, up to the end of its section."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def plain(html: str) -> str:
    """Text as read: tags stripped, footnote markers left out, whitespace collapsed, none
    before punctuation."""
    html = re.sub(r'<sup class="fn">.*?</sup>', "", html, flags=re.S)
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,;:.)])", r"\1", words)


def crossers() -> set[str]:
    """Every character the seed has in two published series or more."""
    counted = Character.objects.published().with_counts().filter(series_count__gte=2)
    return set(counted.values_list("slug", flat=True))


# Characters


def test_harry_bosch_appears_in_three_shows_on_screen_and_mentioned(seeded, client):
    response = client.get("/characters/harry-bosch/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    for slug in ("bosch", "bosch-legacy", "ballard"):
        assert f'href="/series/{slug}/"' in html
    assert "Appears in Bosch, Bosch: Legacy and Ballard" in page
    timeline = html[html.index('id="appearances-heading"') :]
    ballard = plain(timeline[timeline.index('href="/series/ballard/">Ballard</a>') :])
    assert "Recurring 1×2 Haystacks" in ballard and "Recurring 1×7 Fork in the Road" in ballard
    assert "Mentioned 1×1 Library of Lost Souls" in ballard
    assert "Mentioned 1×8 Last Call" in ballard
    assert "2 episodes on screen" in ballard
    assert "Played by Titus Welliver" in page
    assert "Latest appearance Ballard 1×7 “Fork in the Road” (recurring, 9 Jul 2025)" in page


def test_renee_ballards_first_appearance_is_bosch_legacy_3x10(seeded, client):
    response = client.get("/characters/renee-ballard/")
    page = text(response)
    assert "First appearance Bosch: Legacy 3×10 “Dig Down” (guest, 17 Apr 2025)" in page
    assert 'href="/series/bosch-legacy/season/3/episode/10/"' in response.content.decode()


def test_every_crossing_character_is_shown_crossing(seeded, client):
    everyone = crossers()
    assert everyone >= FACT_SHEET_CROSSERS
    listed = client.get("/characters/?crossers=1")
    assert listed.status_code == 200
    listed_html = listed.content.decode()
    shown = set(re.findall(r'class="index-list__name" href="/characters/([^/]+)/"', listed_html))
    assert shown == everyone
    assert f"{len(everyone)} characters match" in text(listed)
    for slug in everyone:
        page = text(client.get(f"/characters/{slug}/"))
        assert re.search(r"Crosses [2-9] shows", page), slug


def test_character_list_filters_by_universe_and_series(seeded, client):
    html = client.get("/characters/?series=ballard").content.decode()
    shown = set(re.findall(r'class="index-list__name" href="/characters/([^/]+)/"', html))
    assert {"harry-bosch", "renee-ballard", "mo-bassi"} <= shown
    assert "mickey-haller" not in shown
    html = client.get("/characters/?universe=bosch-universe&crossers=1").content.decode()
    shown = set(re.findall(r'class="index-list__name" href="/characters/([^/]+)/"', html))
    assert shown == crossers()


@pytest.mark.parametrize(
    "query",
    ["crossers=yes", "crossers=2", "universe=nowhere", "series=nope", "series=ballard&page=x"],
)
def test_character_list_refuses_bad_filters_with_400(seeded, client, query):
    response = client.get(f"/characters/?{query}")
    assert response.status_code == 400
    assert "Part of this request could not be used" in text(response)


def test_the_person_page_leads_to_the_character_and_every_show(seeded, client):
    response = client.get("/people/titus-welliver/")
    page = text(response)
    html = section(response, "characters")
    assert 'href="/characters/harry-bosch/"' in html
    assert "Harry Bosch 3 shows Bosch (main) →, Bosch: Legacy (main) →, Ballard (recurring)" in page
    for slug in ("bosch", "bosch-legacy", "ballard"):
        assert f'href="/series/{slug}/"' in html


# Series pages: links both ways, shared characters, crossover episodes


@pytest.mark.parametrize(
    ("slug", "reads"),
    [
        ("bosch", ["Spun off into Bosch: Legacy", "Followed by the sequel Bosch: Legacy"]),
        ("bosch-legacy", ["Spin-off of Bosch", "Sequel to Bosch", "Spun off into Ballard"]),
        ("ballard", ["Spin-off of Bosch: Legacy"]),
        ("the-lincoln-lawyer", ["Same literary universe as Bosch"]),
        ("bosch", ["Same literary universe as The Lincoln Lawyer"]),
    ],
)
def test_each_link_reads_correctly_from_both_ends(seeded, client, slug, reads):
    related = plain(section(client.get(f"/series/{slug}/"), "related"))
    for label in reads:
        assert label in related


def test_a_link_off_screen_says_where_it_holds(seeded, client):
    related = plain(section(client.get("/series/the-lincoln-lawyer/"), "related"))
    assert "Same literary universe as Bosch Prime Video, 2014–2021; in the books only" in related
    assert "; on screen" not in plain(section(client.get("/series/ballard/"), "related"))


def test_the_ballard_page_links_to_its_parent_series_and_its_lead(seeded, client):
    response = client.get("/series/ballard/")
    related = section(response, "related")
    assert 'href="/series/bosch-legacy/"' in related
    assert "Spin-off of" in plain(related)
    assert 'href="/characters/renee-ballard/"' in response.content.decode()


def test_series_page_says_where_else_its_characters_appear(seeded, client):
    shared = plain(section(client.get("/series/bosch/"), "shared"))
    assert (
        "Harry Bosch also appears in Bosch: Legacy (main) and Ballard (recurring, season 1)"
        in shared
    )
    assert "Jerry Edgar also appears in Bosch: Legacy (guest)" in shared
    shared = plain(section(client.get("/series/ballard/"), "shared"))
    assert "Renée Ballard also appears in Bosch: Legacy (guest, season 3)" in shared


def test_series_page_lists_its_crossover_episodes(seeded, client):
    crossovers = plain(section(client.get("/series/ballard/"), "crossovers"))
    assert "Crossover 1×2 Haystacks Harry Bosch (recurring, from Bosch and Bosch: Legacy)" in (
        crossovers
    )
    assert "Mo Bassi (guest, from Bosch: Legacy)" in crossovers
    # A mention is worded as one, never as a crossover.
    assert "Mentioned 1×1 Library of Lost Souls Harry Bosch (mentioned" in crossovers
    assert "Crossover 1×1" not in crossovers and "Crossover 1×8" not in crossovers
    assert "1×3" not in crossovers


def test_season_page_marks_crossover_and_hand_off_episodes(seeded, client):
    response = client.get("/series/bosch-legacy/season/3/")
    rows = section(response, "episodes").split("<tr>")
    dig_down = plain(next(row for row in rows if "Dig Down" in row))
    assert "Crossover Hand-off Renée Ballard (guest)" in dig_down
    blankie = plain(next(row for row in rows if "Blankie" in row))
    assert "Crossover" not in blankie
    assert "2 crossovers" in text(response)


def test_episode_page_lists_characters_from_other_series(seeded, client):
    response = client.get("/series/ballard/season/1/episode/7/")
    crossover = section(response, "crossover")
    assert "Harry Bosch (recurring here), from Bosch and Bosch: Legacy" in plain(crossover)
    assert "Mo Bassi (guest here), from Bosch: Legacy" in plain(crossover)
    assert 'href="/characters/mo-bassi/"' in crossover and 'href="/series/bosch/"' in crossover
    hand_off = plain(section(client.get("/series/bosch-legacy/season/3/episode/10/"), "crossover"))
    assert "Hand-off Renée Ballard’s first appearance" in hand_off
    assert (
        'id="crossover"' not in client.get("/series/ballard/season/1/episode/3/").content.decode()
    )


# Universe page


def test_universe_page_has_series_in_order_counts_crossers_and_the_guides(seeded, client):
    response = client.get("/universes/bosch-universe/")
    page = text(response)
    html = response.content.decode()
    titles = re.findall(r'class="card__link" href="[^"]+">([^<]+)<', html)
    assert titles == ["Bosch", "Bosch: Legacy", "Ballard", "The Lincoln Lawyer"]
    assert "Bosch 2014–2021" in page and "Amazon Freevee" in page
    # Released seasons only: Ballard season 2 and The Lincoln Lawyer season 5 are ordered.
    assert "Series 4 Seasons 15 and 2 ordered Episodes 148" in page
    assert f"Characters in several shows {len(crossers())}" in page
    for url in ("/universes/bosch-universe/watch-order/", "/universes/bosch-universe/graph/"):
        assert f'href="{url}"' in html
    assert 'href="/connections/?from=bosch&amp;to=bosch-legacy"' in html
    crossing = plain(section(response, "crossers"))
    assert "Harry Bosch 3 shows Bosch (main) →, Bosch: Legacy (main) →, Ballard (recurring)" in (
        crossing
    )
    assert "Mickey Haller 2 shows Bosch: Legacy (flashback) →, The Lincoln Lawyer (main)" in (
        crossing
    )
    connections = plain(section(response, "connections"))
    assert (
        "Bosch: Legacy shares characters with The Lincoln Lawyer 1 shared character: Mickey "
        "Haller. Only the books they adapt join them, not the screen." in connections
    )


# Watch order


def test_watch_order_runs_bosch_then_legacy_then_ballard_with_the_hand_off(seeded, client):
    response = client.get("/universes/bosch-universe/watch-order/")
    assert response.status_code == 200
    html = response.content.decode()
    seasons = re.findall(r'class="watch__series">([^<]+)</span> (Season \d+|Specials)', html)
    order = [title for title, _ in seasons]
    assert order.index("Bosch") < order.index("Bosch: Legacy") < order.index("Ballard")
    assert seasons[:7] == [("Bosch", f"Season {n}") for n in range(1, 8)]
    assert order.count("The Lincoln Lawyer") == 5  # interleaved, not appended
    assert order.index("The Lincoln Lawyer") < order.index("Ballard")
    legacy_3 = plain(html[html.index("Bosch: Legacy</span> Season 3") :].split("</li>\n  \n")[0])
    assert "3×10 Dig Down Crossover Renée Ballard (guest) Hand-off" in legacy_3
    assert "who leads Ballard next" in legacy_3
    # Crossovers on screen only: 3×1, 3×10, and Ballard 1×2 and 1×7 (1×1 and 1×8 are
    # mentions, Bosch: Legacy 1×8 a flashback).
    assert "15 seasons (and 2 ordered) · 148 episodes · 4 crossover episodes" in text(response)


def test_watch_order_switches_work_without_javascript(seeded, client):
    everything = client.get("/universes/bosch-universe/watch-order/").content.decode()
    essentials = client.get("/universes/bosch-universe/watch-order/?essentials=1")
    detail = client.get("/universes/bosch-universe/watch-order/?episodes=1").content.decode()
    assert essentials.status_code == 200
    count = everything.count('class="watch__season')
    assert 0 < essentials.content.decode().count('class="watch__season') < count
    assert 'name="essentials" value="1" id="id_essentials" checked' in (essentials.content.decode())
    assert "Blankie" not in everything and "Blankie" in detail
    assert detail.count('class="watch__season') == count


@pytest.mark.parametrize("query", ["essentials=2", "episodes=yes", "essentials=on"])
def test_watch_order_refuses_bad_switches_with_400(seeded, client, query):
    response = client.get(f"/universes/bosch-universe/watch-order/?{query}")
    assert response.status_code == 400
    assert "it was ignored" in text(response)


def test_universe_pages_of_an_unknown_universe_are_404(seeded, client):
    for url in ["/universes/nope/watch-order/", "/universes/nope/graph/"]:
        assert client.get(url).status_code == 404


# Graph


def test_graph_is_an_accessible_svg_with_links_and_a_table_saying_the_same(seeded, client):
    response = client.get("/universes/bosch-universe/graph/")
    assert response.status_code == 200
    html = response.content.decode()
    stacks = re.findall(r'<div class="graph-stack [^>]*>(.*?)</div>', html, flags=re.S)
    assert len(stacks) == 2  # a drawing for wide screens and one for phones
    for stack in stacks:
        drawing, links = re.findall(r"<svg .*?</svg>", stack, flags=re.S)
        opening = drawing[: drawing.index(">")]
        assert 'role="img"' in opening and "viewBox=" in opening
        ids = re.search(r'aria-labelledby="([^"]+)"', opening).group(1).split()
        assert all(f'id="{element}"' in drawing for element in ids)
        assert "<title id=" in drawing and "<a " not in drawing  # an image holds no links
        assert "spun off into" in drawing
        assert "8 shared characters" in drawing or "8 characters" in drawing
        # The links lie over the drawing, in an SVG of their own with the same viewBox.
        assert re.search(r'viewBox="[^"]+"', links).group() in opening
        for slug in ("bosch", "bosch-legacy", "ballard", "the-lincoln-lawyer"):
            assert f'href="/series/{slug}/" aria-label=' in links
        assert 'href="/connections/?from=bosch&amp;to=bosch-legacy"' in links
    assert " style=" not in html and "<style" not in html and "<script>" not in html
    table = plain(html[html.index('id="connections-heading"') :])
    assert "Bosch spun off into; followed by the sequel Bosch: Legacy 8" in table
    assert "Bosch spun off into; followed by the sequel Bosch: Legacy 8" in table
    assert "Bosch: Legacy none The Lincoln Lawyer 1 Mickey Haller in the books only" in table
    assert "Bosch same literary universe as The Lincoln Lawyer none in the books only" in table
    assert "Bosch: Legacy spun off into Ballard 3 Harry Bosch, Mo Bassi" in table
    assert table.count("on screen") == 3


# Connection finder


def test_finder_chain_from_bosch_to_ballard_is_one_hop_through_harry_bosch(seeded, client):
    response = client.get("/connections/?from=bosch&to=ballard")
    page = text(response)
    assert response.status_code == 200
    assert "From Bosch to Ballard: 1 step" in page
    assert "Bosch — Harry Bosch (main → recurring; on screen) → Ballard" in page
    assert 'href="/series/ballard/season/1/episode/2/"' in response.content.decode()
    assert '<option value="bosch" selected>Bosch (2014)</option>' in response.content.decode()


def test_finder_chain_from_the_lincoln_lawyer_to_ballard_labels_each_hops_scope(seeded, client):
    """No screen crossover joins The Lincoln Lawyer to the Bosch shows: the chain goes
    through the books once, where it must, and says so hop by hop."""
    response = client.get("/connections/?from=the-lincoln-lawyer&to=ballard")
    page = text(response)
    assert response.status_code == 200
    assert "From The Lincoln Lawyer to Ballard: 2 steps" in page
    assert (
        "The Lincoln Lawyer — same literary universe as (in the books only) → Bosch — "
        "Harry Bosch (main → recurring; on screen) → Ballard" in page
    )
    assert "No chain on screen joins these shows" in page
    first, second = (
        plain(step) for step in response.content.decode().split('class="chain__step"')[1:]
    )
    assert "in the books only: Only the books they adapt join them, not the screen." in first
    assert "on screen: Harry Bosch is seen in both shows." in second
    assert "Crossover" not in page


def test_finder_calls_mickey_hallers_flashback_a_flashback_in_the_books_only(seeded, client):
    response = client.get("/connections/?from=the-lincoln-lawyer&to=bosch-legacy")
    page = text(response)
    html = response.content.decode()
    assert (
        "The Lincoln Lawyer — Mickey Haller (main → flashback; in the books only) → Bosch: Legacy"
        in page
    )
    step = plain(html.split('class="chain__step"')[1])
    assert "Mickey Haller is seen in Bosch: Legacy only in a flashback" in step
    assert "Mickey Haller in Bosch: Legacy: Flashback 1×8 Bloodline" in step
    assert 'href="/series/bosch-legacy/season/1/episode/8/"' in html
    assert "Crossover" not in page and "cameo" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=bosch", "Choose the series to end at."),
        ("to=ballard", "Choose the series to start from."),
        ("from=&to=", "Choose the series to start from."),
        ("from=bosch&to=nowhere", "There is no published series “nowhere” to end at."),
        ("from=bosch&to=bosch", "Choose two different series"),
        ("from=bosch&to=ballard%00", "NUL"),
    ],
)
def test_finder_refuses_missing_unknown_or_equal_series_with_400(seeded, client, query, message):
    response = client.get(f"/connections/?{query}")
    assert response.status_code == 400
    assert message in text(response)


def test_finder_says_so_when_nothing_joins_two_series(seeded, client):
    from catalog.factories import SeriesFactory

    SeriesFactory(title="Unconnected Show", slug="unconnected-show")
    response = client.get("/connections/?from=bosch&to=unconnected-show")
    assert response.status_code == 200
    assert "No connection between Bosch and Unconnected Show" in text(response)


def test_finder_form_alone_is_a_plain_page(seeded, client):
    response = client.get("/connections/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<select name="from"' in html and '<select name="to"' in html
    assert 'method="get"' in html


def test_universe_pages_of_a_universe_without_published_series(client):
    from catalog.factories import SeriesFactory
    from franchise.factories import UniverseFactory, UniverseMembershipFactory

    universe = UniverseFactory(name="Empty universe", slug="empty-universe")
    UniverseMembershipFactory(universe=universe, series=SeriesFactory(status="draft"))
    for url in ["", "watch-order/", "watch-order/?essentials=1&episodes=1", "graph/"]:
        response = client.get(f"/universes/empty-universe/{url}")
        assert response.status_code == 200, url
        assert "published yet" in text(response) or "No crossover yet" in text(response), url


def test_sitemap_lists_each_published_universes_watch_order_and_graph(client, seeded):
    body = client.get("/sitemap-guides.xml").content.decode()
    assert "/universes/bosch-universe/watch-order/" in body
    assert "/universes/bosch-universe/graph/" in body
    assert "/sitemap-guides.xml" in client.get("/sitemap.xml").content.decode()
