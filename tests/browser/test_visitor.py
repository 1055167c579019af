"""A visitor in a browser, at 1280 px and 390 px: a walk through the catalogue by its
links, the series filters (plain GET, no JavaScript), the header search, the 404 page and
the skip link. Every page: axe-core (no serious or critical violation), no horizontal
scroll, no console error (CSP violations included), a screenshot in SHOWBIBLE_SHOTS."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import (
    VIEWPORTS,
    allow_http_error_status,
    assert_accessible_and_fits,
    unexpected_console_errors,
    watch_console,
)

# Anything a browser would run: every <script> but JSON-LD data blocks.
EXECUTABLE_SCRIPT = "script:not([type='application/ld+json'])"


def follow(page, link, path: str) -> None:
    """Click a link (a locator) and wait for the page at `path` to load."""
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(path) + r"(\?.*)?$"))


def heading(page):
    return page.get_by_role("heading", level=1)


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def card_titles(page) -> list[str]:
    return page.locator(".results .card__title").all_inner_texts()


def open_filters(page) -> None:
    """Unfold the filters where they are folded (on phones, closed until asked for)."""
    summary = page.locator("summary.filters-panel__summary")
    if summary.is_visible() and page.locator("details.filters-panel[open]").count() == 0:
        summary.click()


def test_walk_from_home_to_another_series(page, seeded_server):
    """home → series list → a series → a season → an episode → a character → a person →
    another series, each step by clicking a link on the page."""
    page.goto(seeded_server.url + "/")
    expect(heading(page)).to_be_visible()
    titles = [page.title()]
    assert_accessible_and_fits(page, "walk-1-home")

    steps = [
        # (link to click, path it leads to, the new page's h1, screenshot name)
        (
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Series"),
            "/series/",
            "Series",
            "walk-2-series-list",
        ),
        (
            page.locator(".results").get_by_role("link", name="Ballard", exact=True),
            "/series/ballard/",
            "Ballard",
            "walk-3-series",
        ),
        (
            page.locator("#seasons").get_by_role("link", name="Season 1", exact=True),
            "/series/ballard/season/1/",
            "Season 1",
            "walk-4-season",
        ),
        (
            page.get_by_role("main").get_by_role("link", name="Haystacks", exact=True),
            "/series/ballard/season/1/episode/2/",
            "Haystacks",
            "walk-5-episode",
        ),
        (
            page.get_by_role("main").get_by_role("link", name="Renée Ballard", exact=True).first,
            "/characters/renee-ballard/",
            "Renée Ballard",
            "walk-6-character",
        ),
        (
            page.get_by_role("main").get_by_role("link", name="Maggie Q", exact=True).first,
            "/people/maggie-q/",
            "Maggie Q",
            "walk-7-person",
        ),
        (
            page.get_by_role("main").get_by_role("link", name="Bosch: Legacy", exact=True).first,
            "/series/bosch-legacy/",
            "Bosch: Legacy",
            "walk-8-another-series",
        ),
    ]
    for link, path, title, shot in steps:
        follow(page, link, path)
        expect(heading(page)).to_contain_text(title)
        titles.append(page.title())
        assert_accessible_and_fits(page, shot)

    assert len(set(titles)) == len(titles), f"page titles repeat along the walk: {titles}"


def test_series_filters_are_a_plain_form_with_removable_chips(page, seeded_server):
    page.goto(seeded_server.url + "/series/")
    # Nothing to run: the form can only be submitted as a plain GET.
    assert page.locator(EXECUTABLE_SCRIPT).count() == 0, "the series list ships a script"
    form = page.locator("form.filters")
    expect(form).to_have_attribute("method", "get")
    assert card_titles(page) == ["Ballard", "Bosch", "Bosch: Legacy", "The Lincoln Lawyer"]

    open_filters(page)
    form.get_by_label("Network").select_option(label="Prime Video")
    form.get_by_label("Status").select_option(label="Renewed")
    form.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/series/\?.*network=prime-video"))
    assert query_of(page)["status"] == ["renewed"]
    assert card_titles(page) == ["Ballard"]
    chips = page.get_by_role("list", name="Filters in force").get_by_role("link")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("Network: Prime Video")
    expect(chips.nth(1)).to_contain_text("Status: Renewed")
    # The form shows the filters in force.
    expect(form.get_by_label("Network")).to_have_value("prime-video")
    expect(form.get_by_label("Status")).to_have_value("renewed")
    assert_accessible_and_fits(page, "filters-1-applied")

    # Remove the status chip: the network filter stays.
    chips.filter(has_text="Status: Renewed").click()
    page.wait_for_url(lambda url: "status=renewed" not in url)
    assert query_of(page)["network"] == ["prime-video"]
    assert card_titles(page) == ["Ballard", "Bosch"]
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Network: Prime Video")
    expect(form.get_by_label("Status")).to_have_value("")
    assert page.locator(EXECUTABLE_SCRIPT).count() == 0

    # A filter that matches nothing says so and offers to clear the filters.
    open_filters(page)
    form.get_by_label("Premiered from").fill("1990")
    form.get_by_label("Premiered until").fill("1991")
    form.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"year_to=1991"))
    assert card_titles(page) == []
    empty = page.locator(".results .empty")
    expect(empty).to_contain_text("No series match these filters.")
    assert_accessible_and_fits(page, "filters-2-empty")
    follow(page, empty.get_by_role("link", name="clear all filters"), "/series/")
    assert urlsplit(page.url).query == ""
    assert len(card_titles(page)) == 4


def test_series_filters_work_with_javascript_off(browser, seeded_server):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    watch_console(page)
    try:
        page.goto(seeded_server.url + "/series/")
        form = page.locator("form.filters")
        open_filters(page)
        form.get_by_label("Network").select_option(label="Netflix")
        form.get_by_role("button", name="Apply").click()
        page.wait_for_url(re.compile(r"network=netflix"))
        assert card_titles(page) == ["The Lincoln Lawyer"]
        chip = page.get_by_role("list", name="Filters in force").get_by_role("link")
        expect(chip).to_have_count(1)
        chip.click()
        page.wait_for_url(lambda url: "network=netflix" not in url)
        assert len(card_titles(page)) == 4
        assert not unexpected_console_errors(page), page.console_errors
    finally:
        context.close()


def test_header_search_groups_results_by_kind(page, seeded_server):
    page.goto(seeded_server.url + "/")
    box = page.get_by_role("search", name="Site").get_by_role("searchbox")
    box.fill("renee ballard")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=renee\+ballard$"))
    expect(heading(page)).to_have_text("Results for “renee ballard”")

    groups = page.locator("section.result-group")
    headings = [h.split()[0] for h in groups.locator("h2").all_inner_texts()]
    assert headings == ["Series", "People", "Characters"], headings
    characters = groups.filter(has=page.locator("#results-characters"))
    expect(characters.get_by_role("link", name="Renée Ballard", exact=True)).to_be_visible()
    expect(characters.locator("h2 .count")).to_have_text(
        str(characters.locator(".results-list > li").count())
    )
    series = groups.filter(has=page.locator("#results-series"))
    expect(series.get_by_role("link", name="Ballard", exact=True)).to_be_visible()
    kinds = page.get_by_role("navigation", name="Results by kind")
    expect(kinds.get_by_role("link", name=re.compile(r"^Characters \d+$"))).to_be_visible()
    assert_accessible_and_fits(page, "search-results")

    follow(
        page,
        characters.get_by_role("link", name="Renée Ballard", exact=True),
        "/characters/renee-ballard/",
    )
    expect(heading(page)).to_contain_text("Renée Ballard")


def test_unknown_slug_gives_the_404_page_in_the_site_look(page, seeded_server):
    url = seeded_server.url + "/series/no-such-show/"
    allow_http_error_status(page, 404, url)
    response = page.goto(url)
    assert response.status == 404
    expect(heading(page)).to_have_text("No file at this address")
    expect(page.locator("header.masthead")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    styled = page.evaluate(
        """[...document.styleSheets].some(
            s => s.href && s.href.includes('/static/css/') && s.cssRules.length > 0)"""
    )
    assert styled, "the 404 page has no stylesheet"
    assert "noindex" in (page.locator("meta[name=robots]").get_attribute("content") or "")
    assert_accessible_and_fits(page, "error-404")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, seeded_server):
    page.goto(seeded_server.url + "/series/ballard/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName, text: e.textContent.trim(), href: e.getAttribute("href")};
        }"""
    )
    assert focused == {"tag": "A", "text": "Skip to main content", "href": "#main"}
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_in_viewport()  # shown when focused, not left off-screen

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert urlsplit(page.url).fragment == "main"
    # The next Tab stop is inside the main content, past the header and breadcrumbs.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
