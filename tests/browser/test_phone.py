"""Phones and page polish (issue 14, item 5), in Chromium: on a 390 px phone the series and
character lists show their results first, with the filters folded into a <details> whose
summary counts those in force (and open beside the results on wide screens, without
JavaScript either way); the masthead stays within 120 px at 390 px and 360 px on every
page type; the universe graph never sets one label over another, at 1280 px and 390 px,
for the seed and for a crowded generated universe. Every page: axe-core clean, no
horizontal scroll, no console or CSP error, a screenshot in SHOWBIBLE_SHOTS."""

import itertools

import pytest
from playwright.sync_api import expect

from franchise.factories import crowded_universe_create
from tests.browser.conftest import (
    VIEWPORTS,
    assert_accessible_and_fits,
    unexpected_console_errors,
    watch_console,
)

HEADER_MAX = 120  # px, at phone widths
NARROW_PHONE = {"width": 360, "height": 780}

# One page of each type (path, screenshot name), the 404 page among them.
PAGE_TYPES = [
    ("/", "home"),
    ("/series/", "series-list"),
    ("/series/bosch-legacy/", "series"),
    ("/series/bosch-legacy/season/2/", "season"),
    ("/series/bosch-legacy/season/2/episode/4/", "episode"),
    ("/people/", "people"),
    ("/people/titus-welliver/", "person"),
    ("/characters/", "characters"),
    ("/characters/renee-ballard/", "character"),
    ("/universes/", "universes"),
    ("/universes/bosch-universe/", "universe"),
    ("/universes/bosch-universe/watch-order/", "watch-order"),
    ("/universes/bosch-universe/graph/", "graph"),
    ("/connections/?from=bosch&to=ballard", "connections"),
    ("/search/?q=ballard", "search"),
]

# The boxes of every text of the graph drawing on show (one of two), as the browser
# renders them, and the pairs of them that intersect.
GRAPH_TEXTS = """() => {
  const drawing = [...document.querySelectorAll("svg.graph:not(.graph__links)")]
    .find((svg) => svg.getBoundingClientRect().width > 0);
  return [...drawing.querySelectorAll("text")].map((text) => {
    const box = text.getBoundingClientRect();
    const text_ = text.textContent.trim();
    return {text: text_, x1: box.left, y1: box.top, x2: box.right, y2: box.bottom};
  });
}"""


def header_height(page) -> float:
    return page.evaluate("document.querySelector('body > header').getBoundingClientRect().height")


SHOT_PAGES = ("home", "series-list", "series", "graph")


def test_the_masthead_stays_within_120px_on_phones(browser, seeded_server):
    """Every page type at 390 px and 360 px: two rows (brand and search, then the links);
    at 1280 px one row. A screenshot of the main page types at each width."""
    for name, viewport in [
        ("desktop", VIEWPORTS["desktop"]),
        ("phone", VIEWPORTS["phone"]),
        ("phone360", NARROW_PHONE),
    ]:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.viewport_name = name
        watch_console(page)
        try:
            heights = {}
            for path, shot in PAGE_TYPES:
                response = page.goto(seeded_server.url + path)
                assert response.status == 200, path
                heights[path] = header_height(page)
                # The links and the search box are all on show, none cut off.
                for control in page.locator("body > header").locator("a, input, button").all():
                    expect(control).to_be_in_viewport()
                if shot in SHOT_PAGES:
                    assert_accessible_and_fits(page, f"page-{shot}")
                if shot == "series-list" and name != "desktop":
                    filters_summary(page).click()
                    assert_accessible_and_fits(page, "page-series-list-filters-open")
            too_tall = {path: h for path, h in heights.items() if h > HEADER_MAX}
            assert not too_tall, f"masthead taller than {HEADER_MAX}px at {name}: {too_tall}"
            if name == "desktop":
                assert max(heights.values()) <= 80
                rows = {
                    round(page.locator(selector).bounding_box()["y"] / 20)
                    for selector in (".brand", ".site-nav", ".site-search")
                }
                assert len(rows) == 1, "brand, links and search are not on one row"
            assert not unexpected_console_errors(page), page.console_errors
        finally:
            context.close()


def filters_summary(page):
    return page.locator("details.filters-panel > summary")


def test_series_filters_fold_away_on_phones_and_stand_open_on_wide_screens(page, seeded_server):
    page.goto(seeded_server.url + "/series/?network=prime-video&status=renewed")
    details = page.locator("details.filters-panel")
    network = page.locator("form.filters").get_by_label("Network")
    first_card = page.locator(".results .card").first
    expect(first_card).to_be_visible()
    if page.viewport_name == "phone":
        # Closed: one line that counts the filters in force, then the results.
        expect(details).not_to_have_attribute("open", "")
        expect(filters_summary(page)).to_have_text("Filter and sort (2 active)")
        expect(network).to_be_hidden()
        assert first_card.bounding_box()["y"] < VIEWPORTS["phone"]["height"]
        # The chips say which filters, without opening the form.
        chips = page.get_by_role("list", name="Filters in force").get_by_role("link")
        expect(chips).to_have_count(2)
        assert_accessible_and_fits(page, "series-filters-closed")
        filters_summary(page).click()
        expect(details).to_have_attribute("open", "")
        expect(network).to_be_visible()
        expect(network).to_have_value("prime-video")
        assert_accessible_and_fits(page, "series-filters-open")
    else:
        # Open beside the results, with no summary to click.
        expect(filters_summary(page)).to_be_hidden()
        expect(network).to_be_visible()
        form_box = page.locator("form.filters").bounding_box()
        assert form_box["x"] + form_box["width"] <= first_card.bounding_box()["x"]
        assert_accessible_and_fits(page, "series-filters")
        # Its fields take the focus like any other.
        network.focus()
        expect(network).to_be_focused()


def test_character_filters_fold_the_same_way(page, seeded_server):
    page.goto(seeded_server.url + "/characters/?crossers=1")
    universe = page.locator("form.filters").get_by_label("Universe")
    if page.viewport_name == "phone":
        expect(filters_summary(page)).to_have_text("Filter (1 active)")
        expect(universe).to_be_hidden()
        filters_summary(page).click()
    expect(universe).to_be_visible()
    assert_accessible_and_fits(page, "character-filters")


def test_phone_filters_open_and_apply_without_javascript(browser, seeded_server):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    watch_console(page)
    try:
        page.goto(seeded_server.url + "/series/")
        expect(filters_summary(page)).to_have_text("Filter and sort")
        filters_summary(page).click()
        page.locator("form.filters").get_by_label("Network").select_option(label="Netflix")
        page.locator("form.filters").get_by_role("button", name="Apply").click()
        page.wait_for_url("**/series/?*network=netflix*")
        expect(filters_summary(page)).to_have_text("Filter and sort (1 active)")
        expect(page.locator(".results .card__title")).to_have_text(["The Lincoln Lawyer"])
        assert not unexpected_console_errors(page), page.console_errors
    finally:
        context.close()


def overlapping_labels(page) -> list[tuple[str, str]]:
    boxes = page.evaluate(GRAPH_TEXTS)
    assert len(boxes) > 8
    return [
        (a["text"], b["text"])
        for a, b in itertools.combinations(boxes, 2)
        if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
    ]


@pytest.mark.parametrize("universe", ["seed", "crowded"])
def test_graph_labels_never_overlap(page, seeded_server, universe):
    """Series titles, networks, years and arc labels, as the browser draws them."""
    slug = "bosch-universe" if universe == "seed" else crowded_universe_create().slug
    page.goto(f"{seeded_server.url}/universes/{slug}/graph/")
    expect(page.locator(".graph-figure")).to_be_visible()
    assert overlapping_labels(page) == []
    assert_accessible_and_fits(page, f"graph-{universe}")
